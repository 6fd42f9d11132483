"""The warehouse contract as Polars schemas: one place that names every table's columns.

`../shared/WAREHOUSE.md` is the public minimum; columns here may add to it but never
rename or drop. `sql/ddl.sql` mirrors these for analysts, and a test keeps the two in step.
"""

from __future__ import annotations

import polars as pl

Utf8, Int, Float, Bool, Date, Ts = pl.Utf8, pl.Int64, pl.Float64, pl.Boolean, pl.Date, pl.Datetime("us")

TABLES: dict[str, dict[str, pl.DataType]] = {
    "documents": {
        "document_id": Utf8, "source_file": Utf8, "sha256": Utf8, "doc_type": Utf8,
        "issuer": Utf8, "municipality_code": Utf8, "issuer_source": Utf8, "title": Utf8,
        "body": Utf8, "meeting_id": Utf8, "meeting_date": Date, "document_date": Date, "meeting_time": Utf8,
        "place": Utf8,
        "status": Utf8, "error": Utf8, "page_count": Int, "size_bytes": Int,
        "is_current": Bool, "superseded_by": Utf8, "loaded_at": Ts,
    },
    "meetings": {
        "meeting_id": Utf8, "issuer": Utf8, "municipality_code": Utf8, "body": Utf8,
        "meeting_date": Date, "agenda_document_id": Utf8, "minutes_document_id": Utf8,
        "attendance_recorded": Bool,
    },
    "agenda_items": {
        "document_id": Utf8, "item_no": Utf8, "title": Utf8, "case_no": Utf8,
        "recommendation": Utf8, "decision": Utf8, "page": Int,
    },
    "attendance": {
        "document_id": Utf8, "meeting_id": Utf8, "person_id": Utf8, "meeting_date": Date,
        "body": Utf8, "person_name": Utf8, "party": Utf8, "municipality_code": Utf8,
        "status": Utf8, "excused": Bool, "substitute_for": Utf8, "role_note": Utf8,
        "partial_presence": Utf8, "evidence": Utf8, "page": Int, "line_no": Int,
    },
    "refugee_quotas": {
        "document_id": Utf8, "year": Int, "municipality_code": Utf8, "municipality": Utf8,
        "quota": Int, "page": Int,
    },
    "refugee_quota_totals": {
        "document_id": Utf8, "year": Int, "level": Utf8, "area": Utf8, "quota": Int, "page": Int,
    },
    "sosu_training_places": {
        "document_id": Utf8, "year": Int, "area": Utf8, "program": Utf8, "measure": Utf8,
        "places": Int, "page": Int,
    },
    "kkr_seats": {
        "document_id": Utf8, "kkr": Utf8, "period": Utf8, "party": Utf8, "mayors": Int,
        "supplementary": Int, "total": Int, "page": Int,
    },
    "budget_lines": {
        "document_id": Utf8, "item_no": Utf8, "label": Utf8, "amount_dkk": Float,
        "is_total": Bool, "year": Int, "page": Int,
    },
    "amounts": {
        "document_id": Utf8, "item_no": Utf8, "amount_dkk": Float, "year": Int,
        "context": Utf8, "page": Int,
    },
    "meeting_schedule": {
        "document_id": Utf8, "body": Utf8, "meeting_date": Date, "weekday": Utf8,
        "note": Utf8, "kind": Utf8, "page": Int,
    },
    "municipalities": {"code": Utf8, "name": Utf8, "region": Utf8, "kkr": Utf8, "region_2027": Utf8},
    "parties": {"letter": Utf8, "name": Utf8},
    "people": {
        "person_id": Utf8, "person_name": Utf8, "party": Utf8, "first_seen": Date,
        "last_seen": Date, "meetings_listed": Int,
    },
    "validation_results": {
        "run_id": Utf8, "table_name": Utf8, "check_name": Utf8, "success": Bool,
        "severity": Utf8, "observed": Utf8, "details": Utf8, "document_id": Utf8, "checked_at": Ts,
    },
    "parse_issues": {
        "document_id": Utf8, "table_name": Utf8, "code": Utf8, "page": Int, "line_no": Int,
        "raw_text": Utf8, "reason": Utf8,
    },
}

# Tables whose rows come from parsing documents (each carries document_id).
FACT_TABLES = (
    "agenda_items", "attendance", "refugee_quotas", "refugee_quota_totals",
    "sosu_training_places", "kkr_seats", "budget_lines", "amounts", "meeting_schedule",
    "parse_issues",
)


def frame(table: str, rows: list[dict] | None = None) -> pl.DataFrame:
    """Rows as a frame with exactly the table's columns and types (missing keys are null)."""
    schema = TABLES[table]
    if not rows:
        return pl.DataFrame(schema=schema)
    return pl.DataFrame(
        [{col: row.get(col) for col in schema} for row in rows], schema=schema, orient="row"
    )
