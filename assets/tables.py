"""One asset per warehouse table, so each has its own lineage and checks in the UI.

What a table asset hands on is this run's rows of that table (`TableRows`: a Parquet file in
the run's folder and its row count), never the whole table: the rows of the documents the run
changed, and the meetings and people they touch. The whole table lives in the warehouse,
where `warehouse` writes these rows over the published ones.
"""

from __future__ import annotations

from dataclasses import dataclass

import dagster as dg
import polars as pl

from assets.resources import PipelineConfig
from pipeline.schema import FACT_TABLES, frame

CHANGED_TABLES = ("documents", "meetings", "people", *FACT_TABLES)
DESCRIPTIONS = {
    "documents": "One row per source file version: loaded, rejected (with why), quarantined or superseded.",
    "meetings": "One row per meeting (issuer, body, date), linking agenda and minutes.",
    "people": "One identity per person (name and party) across meetings.",
}


@dataclass(frozen=True)
class TableRows:
    """A table's rows written by this run, as Parquet (read by DuckDB, or by Polars for the checks)."""

    table: str
    path: str
    rows: int

    def frame(self) -> pl.DataFrame:
        return pl.read_parquet(self.path)


@dg.multi_asset(
    outs={t: dg.AssetOut(group_name="warehouse_tables", kinds={"duckdb"},
                         description=DESCRIPTIONS.get(t, f"`{t}` rows from every current document.")
                         + " A run hands on its new and changed rows.")
          for t in CHANGED_TABLES},
    name="changed_rows",
    description="The rows of every table that this run's changed documents bring or touch.",
)
def changed_rows(document_changes, settings: PipelineConfig):
    from pipeline.increment import derive, write_deltas

    rows = derive(settings.store, document_changes)
    paths = write_deltas(document_changes, rows)
    for table in CHANGED_TABLES:
        count = rows[table].height
        yield dg.Output(TableRows(table, paths[table], count), output_name=table, metadata={"rows": count})


@dg.asset(group_name="reference", kinds={"polars"}, description="The 98 municipalities: code, name, region, KKR.")
def municipalities() -> pl.DataFrame:
    from pipeline import reference

    return reference.municipalities().select(frame("municipalities").columns)


@dg.asset(group_name="reference", kinds={"polars"}, description="Party letters and names.")
def parties() -> pl.DataFrame:
    from pipeline import reference

    return reference.parties().select(frame("parties").columns)


table_assets = [changed_rows, municipalities, parties]
TABLE_KEYS = [*CHANGED_TABLES, "municipalities", "parties"]


def as_frames(inputs: dict) -> dict[str, pl.DataFrame]:
    """Check inputs as frames: a table asset's rows read from their Parquet, reference frames as they are."""
    return {name: value.frame() if isinstance(value, TableRows) else value for name, value in inputs.items()}
