"""Warehouse tables as Polars frames, assembled from per-document results.

Only current, loaded documents contribute facts; rejected and superseded versions appear
in `documents` alone, with their reason.
"""

from __future__ import annotations

import polars as pl

from pipeline.process import DocumentResult
from pipeline.schema import frame


def documents_frame(results: list[DocumentResult]) -> pl.DataFrame:
    return frame("documents", [r.document for r in results]).sort("source_file")


def fact_frame(table: str, results: list[DocumentResult]) -> pl.DataFrame:
    rows = [row for r in results if r.document["is_current"] for row in r.tables.get(table, ())]
    return frame(table, rows)


def meetings_frame(documents: pl.DataFrame) -> pl.DataFrame:
    """One row per body and meeting date, linking its agenda and its minutes.

    A case presentation that carries a decision ('Beslutning i Økonomiudvalget den …') is an
    extract of the minutes, so it links as minutes when no full minutes are loaded.
    """
    current = documents.filter(
        pl.col("is_current") & pl.col("body").is_not_null() & pl.col("meeting_date").is_not_null()
    )
    if current.is_empty():
        return frame("meetings")

    def pick(*types: str) -> pl.Expr:
        expr = None
        for t in types:  # earlier types win
            e = pl.col("document_id").filter(pl.col("doc_type") == t).first()
            expr = e if expr is None else expr.fill_null(e)
        return expr

    out = current.group_by("body", "meeting_date").agg(
        pick("dagsorden").alias("agenda_document_id"),
        pick("referat", "sagsfremstilling").alias("minutes_document_id"),
    )
    out = out.with_columns(  # readable and stable: 'kkr-nordjylland-2024-04-19'
        pl.concat_str(
            pl.col("body").str.to_lowercase().str.replace_all(r"[^0-9a-zæøå]+", "-").str.strip_chars("-"),
            pl.col("meeting_date").cast(pl.Utf8),
            separator="-",
        ).alias("meeting_id")
    )
    return out.select(frame("meetings").columns).sort("meeting_date", "body")
