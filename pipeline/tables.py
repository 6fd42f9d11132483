"""Warehouse tables as Polars frames, assembled from per-document results.

Only current, loaded documents contribute facts; rejected and superseded versions appear
in `documents` alone, with their reason, and quarantined ones with their parse issues.
"""

from __future__ import annotations

import polars as pl

from pipeline.process import DocumentResult
from pipeline.schema import frame


def documents_frame(results: list[DocumentResult]) -> pl.DataFrame:
    return frame("documents", [r.document for r in results]).sort("source_file")


def fact_frame(table: str, results: list[DocumentResult]) -> pl.DataFrame:
    rows = [row for r in results if _contributes(r, table) for row in r.tables.get(table, ())]
    return frame(table, rows)


def _contributes(result: DocumentResult, table: str) -> bool:
    """Current documents give every table; a quarantined one only its parse issues (`pipeline.quarantine`)."""
    doc = result.document
    return bool(doc["is_current"]) or (table == "parse_issues" and doc["status"] == "quarantined")


def meetings_frame(documents: pl.DataFrame, attendance: pl.DataFrame | None = None) -> pl.DataFrame:
    """One row per meeting (issuer, body and date: `identity.meeting_id`), linking agenda and minutes.

    A case presentation that carries a decision ('Beslutning i Økonomiudvalget den …') is an
    extract of the minutes, so it links as minutes when no full minutes are loaded.
    `attendance_recorded` says whether those minutes state attendance at all (any attendance
    row), so a meeting without a list is never read as full attendance; NULL without minutes.
    """
    current = documents.filter(pl.col("is_current") & pl.col("meeting_id").is_not_null())
    if current.is_empty():
        return frame("meetings")

    def pick(*types: str) -> pl.Expr:
        expr = None
        for t in types:  # earlier types win
            e = pl.col("document_id").filter(pl.col("doc_type") == t).first()
            expr = e if expr is None else expr.fill_null(e)
        return expr

    out = current.sort("source_file").group_by("meeting_id").agg(
        pl.col("issuer").drop_nulls().first(),
        pl.col("municipality_code").drop_nulls().first(),
        pl.col("body").first(),
        pl.col("meeting_date").first(),
        pick("dagsorden").alias("agenda_document_id"),
        pick("referat", "sagsfremstilling").alias("minutes_document_id"),
    )
    listed = (attendance["document_id"].unique() if attendance is not None and not attendance.is_empty()
              else pl.Series("document_id", [], pl.Utf8))
    out = out.with_columns(
        pl.when(pl.col("minutes_document_id").is_null()).then(None)
        .otherwise(pl.col("minutes_document_id").is_in(listed.implode()))
        .alias("attendance_recorded")
    )
    return out.select(frame("meetings").columns).sort("meeting_date", "meeting_id")
