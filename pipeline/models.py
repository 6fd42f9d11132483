"""The few shapes every stage passes on: cleaned lines, a parsed document, parse issues.

Parsers read a `Document` and return `Parsed` (rows as dicts keyed by the contract's
column names, plus the lines they could not place). Keeping them plain dataclasses means
the parsers are pure functions, testable without Dagster, DuckDB or a PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from datetime import date

from pipeline import issues


@dataclass(frozen=True, slots=True)
class Line:
    """One cleaned line of text and where it stood in the source.

    `page` is the PDF page (1-based); for plain text it is inferred from page-break
    artefacts and 'SIDE | N' footers. `line_no` is the 1-based line number in the raw
    extracted text, so a human can find the line again.
    `cells` is set when the line is a row of a ruled table found by pdfplumber, or a row of an
    HTML table (text is then the cells joined by a tab, the same shape as a flattened text table).
    `spans` is set for PDF text lines (not table rows): (x0, x1, text) of each word on the line,
    left to right, in PDF points from the page's left edge, so columns that are aligned by
    position only (unruled tables) can be told apart. Text and HTML lines have none.
    Equality and hashing leave `spans` out: the two PDF readers (pdfium, pdfplumber) place a
    word to a fraction of a point, not to the bit, and their lines are the same lines.
    """

    text: str
    page: int
    line_no: int
    cells: tuple[str, ...] | None = None
    spans: tuple[tuple[float, float, str], ...] | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class ParseIssue:
    """A source line that could not be placed, and why (the `parse_issues` table).

    `code` is one of `pipeline.issues.CODES` (what tests and checks group by); `reason` is the
    human text. `table_name` is the table the fact would have gone to; `process_file` fills it
    with the parser's table when the parser leaves it empty.
    """

    document_id: str
    page: int | None
    line_no: int | None
    raw_text: str
    reason: str
    code: str = issues.UNREADABLE_ROW
    table_name: str | None = None

    def as_row(self) -> dict:
        return {
            "document_id": self.document_id,
            "table_name": self.table_name,
            "code": self.code,
            "page": self.page,
            "line_no": self.line_no,
            "raw_text": self.raw_text,
            "reason": self.reason,
        }


@dataclass
class Parsed:
    """What a parser returns: contract rows, the issues it met on the way, and (in `also`) the rows of
    any other table it fills in the same pass (quota lists and the totals they state)."""

    rows: list[dict] = field(default_factory=list)
    issues: list[ParseIssue] = field(default_factory=list)
    also: dict[str, list[dict]] = field(default_factory=dict)  # rows of other tables read in the same pass

    def extend(self, other: "Parsed") -> "Parsed":
        self.rows.extend(other.rows)
        self.issues.extend(other.issues)
        for table, rows in other.also.items():
            self.also.setdefault(table, []).extend(rows)
        return self


@dataclass(frozen=True)
class Document:
    """A document after extraction, clean-up and classification: what parsers read."""

    document_id: str
    source_file: str
    lines: tuple[Line, ...]
    page_count: int
    doc_type: str = "other"  # referat, dagsorden, sagsfremstilling, notat, other
    body: str | None = None  # 'KKR Nordjylland', 'Økonomiudvalget', ...
    meeting_date: date | None = None
    meeting_time: str | None = None  # '10:30'
    place: str | None = None
    issuer: str | None = None  # 'Aabenraa Kommune', 'Region Sjælland', 'KKR Nordjylland', 'KL'
    municipality_code: str | None = None  # the issuing municipality's code

    @cached_property
    def items(self) -> list:
        """The agenda items (`pipeline.structure.items.ItemSpan`), found once per document."""
        from pipeline.structure.items import find_items

        return find_items(self)

    @cached_property
    def tables(self) -> tuple:
        """The tables (`pipeline.structure.tables.Table`), found once per document."""
        from pipeline.structure.tables import read_tables

        return read_tables(self)

    @cached_property
    def item_of_line(self) -> list[str | None]:
        """The item number each line belongs to, parallel to `lines`."""
        from pipeline.structure.items import item_of_lines

        return item_of_lines(self, self.items)

    def issue(self, line: Line | None, reason: str, code: str = issues.UNREADABLE_ROW,
              table: str | None = None) -> ParseIssue:
        """A parse issue for `line` of this document, with its code and (optionally) table."""
        if code not in issues.CODES:
            raise ValueError(f"unknown parse-issue code {code!r}")
        if line is None:
            return ParseIssue(self.document_id, None, None, "", reason, code, table)
        return ParseIssue(self.document_id, line.page, line.line_no, line.text, reason, code, table)
