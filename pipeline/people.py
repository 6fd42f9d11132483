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


def people_frame(attendance: pl.DataFrame) -> pl.DataFrame:
    """One row per person: the usual spelling of the name, first/last meeting date, meetings listed.

    A meeting is its `meeting_id`; without one (no body or date) the document stands in for it,
    so agenda and minutes of one meeting count once, but undated documents are not merged.
    """
    schema = TABLES["people"]
    if attendance.is_empty():
        return pl.DataFrame(schema=schema)
    meeting = pl.coalesce(
        pl.col("meeting_id"),
        pl.when(pl.col("meeting_date").is_not_null()).then(
            pl.concat_str([pl.col("body").fill_null(""), pl.col("meeting_date").cast(pl.Utf8)], separator="|")),
        pl.concat_str([pl.lit("doc|"), pl.col("document_id")]),
    )
    keyed = attach_person_id(attendance.filter(pl.col("person_name").is_not_null())).with_columns(
        meeting.alias("_meeting"), pl.col("person_name").str.strip_chars().str.replace_all(r"\s+", " ")
    )
    # The name as shown: the spelling used most often, the latest one on a tie.
    shown = (
        keyed.group_by("person_id", "person_name")
        .agg(pl.len().alias("_uses"), pl.col("meeting_date").max().alias("_latest"))
        .group_by("person_id")
        .agg(
            pl.col("person_name")
            .sort_by(["_uses", "_latest", "person_name"], descending=True, nulls_last=True)
            .first()
        )
    )
    people = (
        keyed.group_by("person_id")
        .agg(
            pl.col("party").first(),
            pl.col("meeting_date").min().alias("first_seen"),
            pl.col("meeting_date").max().alias("last_seen"),
            pl.col("_meeting").n_unique().cast(pl.Int64).alias("meetings_listed"),
        )
        .join(shown, on="person_id")
        .sort("person_id")
    )
    return people.select([pl.col(name).cast(dtype) for name, dtype in schema.items()])
