"""Cross-table and cross-row rules turned into one frame each, for a GX expectation to assert.

GX expectations look at one frame at a time, so a rule such as 'municipality quotas add up to
the stated total' is first computed here with Polars (one row per total, with the sum beside
it); the suite then expects the two columns to be equal. Each function is pure and keeps the
identifying columns (document_id, year, ...) so a failure can name what is off.
"""

from __future__ import annotations

import polars as pl

# Python's weekday numbering (Monday = 1, as Polars' dt.weekday) to the Danish names plans use.
DANISH_WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
NATIONAL_AREA = "Hele landet"
RECONCILED_QUOTA_LEVELS = ("region", "kkr")


def _kkr_key(column: str) -> pl.Expr:
    """'KKR Nordjylland', 'Nordjylland', 'kkr nordjylland ' -> 'nordjylland'."""
    return (
        pl.col(column).str.strip_chars().str.to_lowercase().str.replace(r"^kkr\s+", "")
    )


def _area_members(municipalities: pl.DataFrame) -> pl.DataFrame:
    """(level, area, municipality_code) for every KKR and region a municipality belongs to.

    The 2027 regions are used too when the frame carries them (`region_2027`), since quota
    letters for 2027 already speak of 'Region Østdanmark'.
    """
    parts = [
        municipalities.select(
            level=pl.lit("kkr"), area=pl.col("kkr"), municipality_code=pl.col("code")
        ),
        municipalities.select(
            level=pl.lit("region"), area=pl.col("region"), municipality_code=pl.col("code")
        ),
    ]
    if "region_2027" in municipalities.columns:
        parts.append(
            municipalities.select(
                level=pl.lit("region"), area=pl.col("region_2027"), municipality_code=pl.col("code")
            )
        )
    return pl.concat(parts).drop_nulls().unique()


def quota_reconciliation(
    quotas: pl.DataFrame, totals: pl.DataFrame, municipalities: pl.DataFrame
) -> pl.DataFrame:
    """One row per stated region/KKR total: the municipality quotas' sum beside the stated figure.

    The sum covers the same document and year; when the total's area is a known KKR or region,
    only that area's municipalities count, otherwise (a region not in the reference, such as a
    future one) every municipality row of the document and year does. A total with no
    municipality rows at all sums to 0 and so fails, which is the point.
    """
    keys = ["document_id", "year", "level", "area"]
    members = _area_members(municipalities)
    stated = (
        totals.filter(pl.col("level").is_in(RECONCILED_QUOTA_LEVELS))
        .select(*keys, stated=pl.col("quota"))
        .join(
            members.select("level", "area").unique().with_columns(scoped=pl.lit(True)),
            on=["level", "area"],
            how="left",
        )
        .with_columns(pl.col("scoped").fill_null(False))
    )
    counted = (
        stated.join(
            quotas.select("document_id", "year", "municipality_code", "quota"),
            on=["document_id", "year"],
            how="inner",
        )
        .join(
            members.with_columns(member=pl.lit(True)),
            on=["level", "area", "municipality_code"],
            how="left",
        )
        .filter(~pl.col("scoped") | pl.col("member").fill_null(False))
        .group_by(keys)
        .agg(municipalities=pl.len(), summed=pl.col("quota").sum())
    )
    return (
        stated.join(counted, on=keys, how="left", nulls_equal=True)
        .with_columns(
            pl.col("municipalities").fill_null(0).cast(pl.Int64),
            pl.col("summed").fill_null(0).cast(pl.Int64),
        )
        .with_columns(difference=pl.col("summed") - pl.col("stated"))
        .select(*keys, "municipalities", "summed", "stated", "difference")
        .sort(keys, nulls_last=True)
    )


def sosu_reconciliation(places: pl.DataFrame) -> pl.DataFrame:
    """Per document, year, programme and 'dimensionering': the KKR rows' sum beside 'Hele landet'.

    Only groups that state both a national figure and at least one KKR figure are compared;
    a missing KKR row then shows up as a shortfall.
    """
    keys = ["document_id", "year", "program", "measure"]
    dimensioned = places.filter(pl.col("measure") == "dimensionering")
    national = dimensioned.filter(pl.col("area") == NATIONAL_AREA).group_by(keys).agg(
        stated=pl.col("places").sum()
    )
    per_kkr = (
        dimensioned.filter(pl.col("area").str.starts_with("KKR "))
        .group_by(keys)
        .agg(kkr_rows=pl.len(), summed=pl.col("places").sum())
    )
    return (
        national.join(per_kkr, on=keys, how="inner")
        .with_columns(pl.col("kkr_rows").cast(pl.Int64), difference=pl.col("summed") - pl.col("stated"))
        .select(*keys, "kkr_rows", "summed", "stated", "difference")
        .sort(keys, nulls_last=True)
    )


def seat_sums(seats: pl.DataFrame) -> pl.DataFrame:
    """The seat table with each party's mayors + supplementary members beside its total."""
    return seats.with_columns(
        mayors_plus_supplementary=pl.col("mayors") + pl.col("supplementary")
    ).select("document_id", "kkr", "period", "party", "mayors_plus_supplementary", "total")


def seat_capacity(seats: pl.DataFrame, municipalities: pl.DataFrame) -> pl.DataFrame:
    """Per document, KKR and period: all parties' seats beside twice the KKR's municipalities.

    Each municipality sends its mayor plus at most one supplementary member, so a KKR has at
    most 2 x its municipalities seats. An unknown KKR has 0 municipalities and so fails.
    """
    keys = ["document_id", "kkr", "period"]
    sizes = (
        municipalities.select(key=_kkr_key("kkr"))
        .group_by("key")
        .agg(municipalities=pl.len())
    )
    return (
        seats.group_by(keys)
        .agg(seats=pl.col("total").sum())
        .with_columns(key=_kkr_key("kkr"))
        .join(sizes, on="key", how="left")
        .with_columns(pl.col("municipalities").fill_null(0).cast(pl.Int64))
        .with_columns(limit=2 * pl.col("municipalities"))
        .select(*keys, "seats", "municipalities", "limit")
        .sort(keys, nulls_last=True)
    )


def attendance_conflicts(attendance: pl.DataFrame) -> pl.DataFrame:
    """Per meeting (body + date) and person: how many different statuses they are listed with.

    Where body or date is unknown the document stands in for the meeting, so two documents
    without dates are never taken for the same meeting.
    """
    meeting = (
        pl.when(pl.col("body").is_not_null() & pl.col("meeting_date").is_not_null())
        .then(pl.concat_str(pl.col("body"), pl.col("meeting_date").cast(pl.Utf8), separator=" "))
        .otherwise(pl.concat_str(pl.lit("document "), pl.col("document_id")))
    )
    return (
        attendance.filter(pl.col("person_name").is_not_null() & pl.col("status").is_not_null())
        .with_columns(meeting=meeting)
        .group_by("meeting", "person_name")
        .agg(
            statuses=pl.col("status").n_unique().cast(pl.Int64),
            listed_as=pl.col("status").unique().sort().str.join("+"),
            document_ids=pl.col("document_id").unique().sort().str.join(" "),
        )
        .sort("meeting", "person_name")
    )


def weekday_check_frame(schedule: pl.DataFrame) -> pl.DataFrame:
    """The planned meetings with the weekday the plan names beside the weekday of the date."""
    return schedule.select(
        "document_id",
        "body",
        "meeting_date",
        stated_weekday=pl.col("weekday").str.strip_chars().str.to_lowercase(),
        actual_weekday=pl.col("meeting_date").dt.weekday().replace_strict(
            dict(enumerate(DANISH_WEEKDAYS, start=1)), default=None, return_dtype=pl.Utf8
        ),
    )


def budget_reconciliation(lines: pl.DataFrame) -> pl.DataFrame:
    """Per document and item with exactly one total line: the other lines' sum beside the total.

    Tables with several total lines (subtotals) are left out; which lines a subtotal covers
    cannot be told from the rows alone.
    """
    keys = ["document_id", "item_no"]
    return (
        lines.group_by(keys)
        .agg(
            total_lines=pl.col("is_total").fill_null(False).sum(),
            summed=pl.col("amount_dkk").filter(~pl.col("is_total").fill_null(False)).sum(),
            stated=pl.col("amount_dkk").filter(pl.col("is_total").fill_null(False)).first(),
        )
        .filter(pl.col("total_lines") == 1)
        .with_columns(difference=(pl.col("summed") - pl.col("stated")).round(2))
        .select(*keys, "summed", "stated", "difference")
        .sort(keys, nulls_last=True)
    )
