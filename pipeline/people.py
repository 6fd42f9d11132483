"""Attendance rows -> `people`: one row per `person_id` across meetings.

Who is the same person is `pipeline.identity`'s rule (normalised name + municipality + party),
so the parser's de-duplication, this table and the views cannot disagree.
"""

from __future__ import annotations

import polars as pl

from pipeline import identity
from pipeline.schema import TABLES


def attach_person_id(attendance: pl.DataFrame) -> pl.DataFrame:
    """`attendance` with `person_id` filled where it is missing, by `identity.person_id`.

    Rows from `process_file` already carry it (with the issuing municipality standing in for
    a council member's); the rule is applied over unique (name, municipality, party) only.
    """
    keys = ["person_name", "municipality_code", "party"]
    missing = attendance.filter(pl.col("person_id").is_null() & pl.col("person_name").is_not_null())
    if missing.is_empty():
        return attendance
    ids = missing.select(keys).unique().with_columns(
        pl.struct(keys).map_elements(
            lambda r: identity.person_id(r["person_name"], r["municipality_code"], r["party"]), return_dtype=pl.Utf8
        ).alias("_id")
    )
    return (
        attendance.join(ids, on=keys, how="left", nulls_equal=True)
        .with_columns(pl.coalesce("person_id", "_id").alias("person_id"))
        .drop("_id")
    )


# One row per person from attendance rows in `{source}` (a relation with attendance's columns).
# A meeting is its `meeting_id`; without one (no body or date) the document stands in for it, so
# agenda and minutes of one meeting count once, but undated documents are not merged. The name
# shown is the spelling used most often (the latest one on a tie).
PEOPLE_SQL = r"""
WITH keyed AS (
    SELECT person_id, party, meeting_date,
           regexp_replace(regexp_replace(person_name, '^\s+|\s+$', '', 'g'), '\s+', ' ', 'g') AS person_name,
           coalesce(meeting_id,
                    CASE WHEN meeting_date IS NOT NULL THEN coalesce(body, '') || '|' || CAST(meeting_date AS VARCHAR) END,
                    'doc|' || document_id) AS meeting
    FROM {source}
    WHERE person_name IS NOT NULL AND person_id IS NOT NULL
), spelled AS (
    SELECT person_id, person_name, count(*) AS uses, max(meeting_date) AS latest FROM keyed GROUP BY ALL
), shown AS (
    SELECT person_id, first(person_name ORDER BY uses DESC, latest DESC NULLS LAST, person_name DESC) AS person_name
    FROM spelled GROUP BY person_id
)
SELECT k.person_id, s.person_name, any_value(k.party) AS party, min(k.meeting_date) AS first_seen,
       max(k.meeting_date) AS last_seen, count(DISTINCT k.meeting) AS meetings_listed
FROM keyed k JOIN shown s USING (person_id)
GROUP BY k.person_id, s.person_name
ORDER BY k.person_id
"""


def people_query(source: str) -> str:
    """The `people` query over a relation of attendance rows (a table, a view, a registered frame)."""
    return PEOPLE_SQL.format(source=source)


def people_frame(attendance: pl.DataFrame) -> pl.DataFrame:
    """One row per person: the usual spelling of the name, first/last meeting date, meetings listed.

    The rule is `PEOPLE_SQL`, the query the warehouse build runs inside DuckDB; here it runs over
    a frame, after `attach_person_id` has given every row its person.
    """
    import duckdb

    schema = TABLES["people"]
    if attendance.is_empty():
        return pl.DataFrame(schema=schema)
    keyed = attach_person_id(attendance.filter(pl.col("person_name").is_not_null()))
    con = duckdb.connect()
    try:
        con.register("_attendance", keyed.to_arrow())
        people = con.sql(people_query("_attendance")).pl()
    finally:
        con.close()
    return people.select([pl.col(name).cast(dtype) for name, dtype in schema.items()])
