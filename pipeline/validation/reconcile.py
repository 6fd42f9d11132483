"""Cross-table and cross-row rules, each defined once and read by the check, the views and the dashboard.

A rule such as 'municipality quotas add up to the stated total' is one SQL query here. The
warehouse publishes it as a view (`create_views`, run by `pipeline.warehouse.publish` before
`sql/views.sql`, whose views may read it); the asset check runs the same query over this run's
frames (`compute`) and hands GX its verdict column; the dashboard reads the view. So the sum,
its scope and its tolerance cannot drift between what is checked and what is shown.

Each reconciliation keeps the identifying columns (document_id, year, ...) so a failure names
what is off, and carries its verdict as a column (`matches`, `adds_up`, `within_limit`):
true when the figures agree, false when they do not, NULL when the rule does not apply.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl

# Python's weekday numbering (Monday = 1, as Polars' dt.weekday) to the Danish names plans use.
DANISH_WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
NATIONAL_AREA = "Hele landet"
BUDGET_TOLERANCE_DKK = 0.5  # totals are printed rounded to whole kroner: half a krone either way


@dataclass(frozen=True)
class Reconciliation:
    """One cross-row rule: the view it is published as, the tables it reads, its query."""

    view: str
    reads: tuple[str, ...]
    sql: str


_KKR_KEY = "regexp_replace(lower(trim({})), '^kkr\\s+', '')"  # 'KKR Nordjylland' / 'Nordjylland' -> 'nordjylland'

QUOTAS = Reconciliation(
    "v_refugee_quota_reconciliation",
    ("refugee_quotas", "refugee_quota_totals", "municipalities"),
    """
WITH members AS (
    SELECT 'kkr' AS level, kkr AS area, code FROM municipalities WHERE kkr IS NOT NULL
    UNION
    SELECT 'region', region, code FROM municipalities WHERE region IS NOT NULL
    UNION
    SELECT 'region', region_2027, code FROM municipalities WHERE region_2027 IS NOT NULL
),
areas AS (
    SELECT level, area, count(*) AS municipalities_in_area FROM members GROUP BY level, area
),
totals AS (
    SELECT t.document_id, t.year, t.level, t.area, t.quota,
           CASE WHEN t.level = 'landstal' THEN 'national'
                WHEN a.area IS NOT NULL THEN 'area'
                ELSE 'document' END                                  AS scope,
           CASE WHEN t.level = 'landstal' THEN (SELECT count(*) FROM municipalities)
                ELSE a.municipalities_in_area END                    AS municipalities_in_area
    FROM refugee_quota_totals AS t
    LEFT JOIN areas AS a ON a.level = t.level AND a.area = t.area
),
summed AS (
    SELECT t.document_id, t.year, t.level, t.area, t.scope,
           any_value(t.quota)                                        AS stated_total,
           any_value(t.municipalities_in_area)                       AS municipalities_in_area,
           CAST(coalesce(sum(q.quota), 0) AS BIGINT)                 AS sum_of_municipalities,
           count(q.municipality_code)                                AS municipalities_listed
    FROM totals AS t
    LEFT JOIN refugee_quotas AS q
           ON q.document_id = t.document_id AND q.year = t.year
          AND (t.scope <> 'area' OR q.municipality_code IN (
                  SELECT mb.code FROM members AS mb WHERE mb.level = t.level AND mb.area = t.area))
    GROUP BY t.document_id, t.year, t.level, t.area, t.scope
)
SELECT
    document_id, year, level, area, scope, stated_total, sum_of_municipalities,
    municipalities_listed, municipalities_in_area,
    municipalities_listed = municipalities_in_area                   AS is_complete,
    sum_of_municipalities - stated_total                             AS difference,
    CASE WHEN level <> 'landstal' OR municipalities_listed = municipalities_in_area
         THEN sum_of_municipalities = stated_total END               AS matches
FROM summed
ORDER BY year, document_id, level, area
""",
)

BUDGETS = Reconciliation(
    "v_budget_totals",
    ("budget_lines", "agenda_items", "documents"),
    f"""
WITH items AS (
    SELECT document_id, item_no, any_value(case_no) AS case_no, any_value(title) AS title
    FROM agenda_items
    GROUP BY document_id, item_no
),
grouped AS (
    SELECT
        b.document_id, b.item_no, b.year,
        count(*) FILTER (WHERE NOT coalesce(b.is_total, false))           AS lines,
        count(*) FILTER (WHERE b.is_total)                                 AS total_lines,
        sum(b.amount_dkk) FILTER (WHERE NOT coalesce(b.is_total, false))   AS sum_of_lines,
        CASE WHEN count(*) FILTER (WHERE b.is_total) = 1
             THEN any_value(b.amount_dkk) FILTER (WHERE b.is_total) END    AS stated_total
    FROM budget_lines AS b
    GROUP BY b.document_id, b.item_no, b.year
)
SELECT
    g.document_id, d.body, d.meeting_date, g.item_no, g.year, i.case_no, i.title,
    g.lines, g.total_lines, g.sum_of_lines, g.stated_total,
    round(g.sum_of_lines - g.stated_total, 2)                              AS difference,
    abs(round(g.sum_of_lines - g.stated_total, 2)) <= {BUDGET_TOLERANCE_DKK} AS adds_up
FROM grouped AS g
LEFT JOIN items AS i ON i.document_id = g.document_id AND i.item_no IS NOT DISTINCT FROM g.item_no
LEFT JOIN (SELECT document_id, any_value(body) AS body, any_value(meeting_date) AS meeting_date
           FROM documents GROUP BY document_id) AS d ON d.document_id = g.document_id
ORDER BY d.meeting_date NULLS LAST, g.document_id, g.item_no NULLS FIRST, g.year NULLS FIRST
""",
)

SEATS = Reconciliation(
    "v_kkr_seat_reconciliation",
    ("kkr_seats", "municipalities"),
    f"""
WITH sizes AS (
    SELECT {_KKR_KEY.format("kkr")} AS kkr_key, count(*) AS municipalities
    FROM municipalities GROUP BY kkr_key
),
seats AS (
    SELECT s.*,
           CAST(sum(s.total) OVER (PARTITION BY s.document_id, s.kkr, s.period) AS BIGINT) AS kkr_seats,
           CAST(coalesce(z.municipalities, 0) AS BIGINT)                   AS municipalities
    FROM kkr_seats AS s
    LEFT JOIN sizes AS z ON z.kkr_key = {_KKR_KEY.format("s.kkr")}
)
SELECT
    document_id, kkr, period, party, mayors, supplementary, total,
    mayors + supplementary                                               AS mayors_plus_supplementary,
    mayors + supplementary = total                                       AS adds_up,
    kkr_seats,
    municipalities,
    2 * municipalities                                                   AS seat_limit,
    kkr_seats <= 2 * municipalities                                      AS within_limit
FROM seats
ORDER BY document_id, kkr, period, party
""",
)

SOSU = Reconciliation(
    "v_sosu_reconciliation",
    ("sosu_training_places",),
    f"""
WITH dimensioned AS (
    SELECT * FROM sosu_training_places WHERE measure = 'dimensionering'
),
national AS (
    SELECT document_id, year, program, measure, sum(places) AS stated_total
    FROM dimensioned WHERE area = '{NATIONAL_AREA}'
    GROUP BY document_id, year, program, measure
),
per_kkr AS (
    SELECT document_id, year, program, measure, count(*) AS kkr_rows, sum(places) AS sum_of_kkr
    FROM dimensioned WHERE area LIKE 'KKR %'
    GROUP BY document_id, year, program, measure
)
SELECT
    n.document_id, n.year, n.program, n.measure, k.kkr_rows,
    CAST(k.sum_of_kkr AS BIGINT)                                          AS sum_of_kkr,
    CAST(n.stated_total AS BIGINT)                                        AS stated_total,
    CAST(k.sum_of_kkr - n.stated_total AS BIGINT)                         AS difference,
    k.sum_of_kkr = n.stated_total                                         AS matches
FROM national AS n
JOIN per_kkr AS k USING (document_id, year, program, measure)
ORDER BY n.document_id, n.year, n.program, n.measure
""",
)

RECONCILIATIONS: dict[str, Reconciliation] = {r.view: r for r in (QUOTAS, BUDGETS, SEATS, SOSU)}


def create_views(con) -> None:
    """Publish every reconciliation as a view in the DuckDB connection `con` (tables must exist)."""
    for r in RECONCILIATIONS.values():
        con.execute(f"CREATE OR REPLACE VIEW {r.view} AS {r.sql}")


def compute(rule: Reconciliation, frames: Mapping[str, pl.DataFrame]) -> pl.DataFrame:
    """The reconciliation's rows over this run's frames: the same query the published view runs."""
    import duckdb

    con = duckdb.connect()
    try:
        for table in rule.reads:
            con.register(table, frames[table].to_arrow())
        return con.sql(rule.sql).pl()
    finally:
        con.close()


def attendance_conflicts(attendance: pl.DataFrame) -> pl.DataFrame:
    """Per meeting and person: how many different statuses they are listed with.

    A meeting is `meeting_id` (issuer, body and date), else body + date; where those are unknown
    the document stands in for it, so two undated documents are never taken for one meeting. A
    person is `person_id` (name, municipality and party: two namesakes from two municipalities
    are two people), else the name as written.
    """
    meeting = (
        pl.when(pl.col("meeting_id").is_not_null()).then(pl.col("meeting_id"))
        .when(pl.col("body").is_not_null() & pl.col("meeting_date").is_not_null())
        .then(pl.concat_str(pl.col("body"), pl.col("meeting_date").cast(pl.Utf8), separator=" "))
        .otherwise(pl.concat_str(pl.lit("document "), pl.col("document_id")))
    )
    person = pl.coalesce(pl.col("person_id"), pl.col("person_name").str.to_lowercase())
    return (
        attendance.filter(pl.col("person_name").is_not_null() & pl.col("status").is_not_null())
        .with_columns(meeting=meeting, person=person)
        .group_by("meeting", "person")
        .agg(
            person_name=pl.col("person_name").first(),
            statuses=pl.col("status").n_unique().cast(pl.Int64),
            listed_as=pl.col("status").unique().sort().str.join("+"),
            document_ids=pl.col("document_id").unique().sort().str.join(" "),
        )
        .select("meeting", "person_name", "statuses", "listed_as", "document_ids")
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


