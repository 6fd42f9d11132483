"""Why a source line could not be placed: the `parse_issues.code` values.

Like `extract/errors.py` for rejected files: machine codes, so tests, checks and dashboards
group issues without parsing prose. The human text goes beside the code in `reason`.
"""

from __future__ import annotations

TABLE_NOT_READ = "table_not_read"  # a section looks like a fact table/list, but no rows came out
UNREADABLE_ROW = "unreadable_row"  # a row/line inside a table or list whose shape is not understood
SUM_MISMATCH = "sum_mismatch"  # rows do not add up to the total the document states
YEAR_CONFLICT = "year_conflict"  # caption and column header name different years
DUPLICATE = "duplicate"  # the same fact twice in one document
CONTRADICTION = "contradiction"  # two places of one document disagree (present here, absent there)
UNKNOWN_AREA = "unknown_area"  # a municipality, KKR or region name not in the reference tables
UNKNOWN_PARTY = "unknown_party"  # a party written in a way that maps to no letter
OUT_OF_SCOPE = "out_of_scope"  # recognised and left out on purpose (PAU beside SOSU, …)
HEADER_NOT_READ = "header_not_read"  # a header field (date, body, type) is there but cannot be read
ATTENDANCE_EMPTY = "attendance_empty"  # a heading or sentence announces attendance but names nobody
INFERRED = "inferred"  # a value the document does not state, taken from its context (and how)
PARSER_FAILED = "parser_failed"  # a parser raised on this document; its other tables still load

CODES = frozenset({
    TABLE_NOT_READ, UNREADABLE_ROW, SUM_MISMATCH, YEAR_CONFLICT, DUPLICATE, CONTRADICTION,
    UNKNOWN_AREA, UNKNOWN_PARTY, OUT_OF_SCOPE, HEADER_NOT_READ, ATTENDANCE_EMPTY, INFERRED,
    PARSER_FAILED,
})
