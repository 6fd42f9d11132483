"""Everything the dashboard shows, read from the published warehouse in one short read-only visit.

The dashboard must never get in the way of a load: it opens the published file read-only,
copies nothing, runs its queries against the reporting views and closes the connection
before any HTML is written. A load swaps in a new file atomically, so this read sees one
whole warehouse, old or new.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

QUERIES: dict[str, str] = {
    "documents": """
        SELECT source_file, doc_type, body, meeting_date, document_date, status, error
        FROM documents ORDER BY source_file""",
    "documents_by_status": "SELECT status, documents FROM v_documents_by_status",
    "meetings": """
        SELECT body, meeting_date, has_agenda, has_minutes, present, absent, attendance_rate
        FROM v_meetings""",
    "quotas": """
        SELECT year, municipality_code, municipality, region, kkr, quota, source_body, source_meeting_date
        FROM v_refugee_quotas
        QUALIFY row_number() OVER (PARTITION BY year, municipality_code
                                   ORDER BY source_meeting_date DESC NULLS LAST, document_id DESC) = 1
        ORDER BY year DESC, quota DESC, municipality""",
    "quota_reconciliation": """
        SELECT year, level, area, scope, stated_total, sum_of_municipalities, municipalities_listed,
               municipalities_in_area, is_complete, difference, matches
        FROM v_refugee_quota_reconciliation""",
    "sosu": """
        SELECT area, area_kind, program, measure, year, places, change
        FROM v_sosu_places""",
    "seats": """
        SELECT kkr, period, party, party_name, mayors, supplementary, total, kkr_total, share_of_seats
        FROM v_kkr_seats""",
    "attendance_by_meeting": """
        SELECT body, meeting_date, present, absent, listed, attendance_rate
        FROM v_attendance_by_meeting ORDER BY meeting_date DESC, body""",
    "attendance_by_party": """
        SELECT party, any_value(party_name) AS party_name,
               CAST(sum(present) AS BIGINT) AS present, CAST(sum(absent) AS BIGINT) AS absent,
               sum(present) / (sum(present) + sum(absent)) AS attendance_rate
        FROM v_attendance_by_party GROUP BY party
        ORDER BY attendance_rate DESC, sum(present) + sum(absent) DESC, party""",
    "substitutions": """
        SELECT body, meeting_date, substitute, substitute_party, substitute_for, substitute_for_party
        FROM v_substitutions""",
    "budgets": """
        SELECT body, meeting_date, item_no, case_no, title, lines, sum_of_lines, stated_total, difference, adds_up
        FROM v_budget_totals""",
    "check_runs": "SELECT run_id, checked_at, checks_run, checks_failed, errors, warnings FROM v_checks_per_run",
    "checks_by_table": """
        SELECT table_name, checks_run, checks_failed, failed_checks FROM v_checks_per_run_table
        WHERE run_id = (SELECT run_id FROM v_checks_per_run ORDER BY checked_at DESC, run_id DESC LIMIT 1)""",
    "failed_checks": """
        SELECT v.table_name, v.check_name, v.severity, v.observed, v.details, d.source_file, d.status
        FROM validation_results AS v
        LEFT JOIN documents AS d ON d.document_id = v.document_id
        WHERE NOT v.success
          AND v.run_id = (SELECT run_id FROM v_checks_per_run ORDER BY checked_at DESC, run_id DESC LIMIT 1)
        ORDER BY v.severity, v.table_name, v.check_name, d.source_file""",
    "issues_by_document": "SELECT source_file, doc_type, status, issues FROM v_parse_issues_by_document",
    "issues_by_reason": "SELECT source_file, reason, issues, first_line_no FROM v_parse_issues_by_reason",
}


@dataclass
class DashboardData:
    """Query results as lists of plain dicts (one per row), keyed like `QUERIES`."""

    warehouse: str
    results: dict[str, list[dict]] = field(default_factory=dict)

    def __getitem__(self, name: str) -> list[dict]:
        return self.results[name]


class WarehouseNotFound(FileNotFoundError):
    """No published warehouse at the given path."""


def read_dashboard_data(warehouse: Path) -> DashboardData:
    """Run every dashboard query against `warehouse`, read-only, and close it again."""
    import duckdb

    warehouse = Path(warehouse)
    if not warehouse.is_file():
        raise WarehouseNotFound(f"no warehouse at {warehouse} (run `make run` first)")
    data = DashboardData(str(warehouse))
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        for name, sql in QUERIES.items():
            cur = con.execute(sql)
            columns = [d[0] for d in cur.description]
            data.results[name] = [dict(zip(columns, row)) for row in cur.fetchall()]
    finally:
        con.close()
    return data
