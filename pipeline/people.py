"""Attendance rows -> `people`: one identity per (normalised name, party) across meetings.

Names come as written in each set of minutes, so the same politician appears with varying
spacing or case; normalising before grouping keeps them one person. Name plus party (not name
alone) is the key because common Danish names recur across parties.
"""

from __future__ import annotations

import hashlib

import polars as pl

from pipeline.schema import TABLES

_NAME_KEY = "_name_key"


def _normalised_name(column: str = "person_name") -> pl.Expr:
    """Lower-case, one space between words, no spaces around hyphens."""
    return (
        pl.col(column)
        .str.replace_all("\u00a0", " ")
        .str.strip_chars()
        .str.replace_all(r"\s+", " ")
        .str.replace_all(r"\s*-\s*", "-")
        .str.to_lowercase()
    )


def _stable_id(key: str) -> str:
    # sha1, not Polars' hash(): Polars documents its hash as unstable across versions,
    # and person_id must stay the same between runs and upgrades.
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def attach_person_id(attendance: pl.DataFrame) -> pl.DataFrame:
    """`attendance` with a `person_id` column (same id as in `people_frame`)."""
    keyed = attendance.with_columns(
        pl.concat_str([_normalised_name(), pl.col("party").fill_null("")], separator="|").alias(_NAME_KEY)
    )
    ids = (
        keyed.select(pl.col(_NAME_KEY).unique())
        .with_columns(
            pl.col(_NAME_KEY).map_elements(_stable_id, return_dtype=pl.Utf8).alias("person_id")
        )
    )
    return keyed.join(ids, on=_NAME_KEY, how="left", nulls_equal=True).drop(_NAME_KEY)


def people_frame(attendance: pl.DataFrame) -> pl.DataFrame:
    """One row per person: the usual spelling of the name, first/last meeting date, meetings listed.

    A meeting is (body, meeting_date); when the date is unknown the document stands in for it,
    so agenda and minutes of one meeting count once, but undated documents are not merged.
    """
    schema = TABLES["people"]
    if attendance.is_empty():
        return pl.DataFrame(schema=schema)
    meeting = pl.when(pl.col("meeting_date").is_not_null()).then(
        pl.concat_str([pl.col("body").fill_null(""), pl.col("meeting_date").cast(pl.Utf8)], separator="|")
    ).otherwise(pl.concat_str([pl.lit("doc|"), pl.col("document_id")]))
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
