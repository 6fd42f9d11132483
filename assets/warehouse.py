"""The published DuckDB warehouse: every table plus this run's validation results, swapped in atomically."""


from datetime import datetime, timezone
from pathlib import Path

import dagster as dg
import polars as pl

from assets.resources import PipelineConfig, ValidationStoreResource
from assets.tables import table_assets
from pipeline.loadsummary import manifest_for
from pipeline.warehouse import publish

TABLE_KEYS = [a.key.path[-1] for a in table_assets]


@dg.asset(
    ins={name: dg.AssetIn(key=name) for name in TABLE_KEYS},
    group_name="warehouse",
    kinds={"duckdb"},
    description="warehouse/meetings.duckdb: all contract tables and reporting views, published atomically.",
)
def warehouse(
    context: dg.AssetExecutionContext,
    settings: PipelineConfig,
    validation_store: ValidationStoreResource,
    **tables: pl.DataFrame,
) -> dg.MaterializeResult:
    from pipeline.validation.store import read_results

    frames = dict(tables)
    validation = read_results(Path(validation_store.root), context.run_id)
    frames["validation_results"] = validation
    failed = validation.filter(~pl.col("success"))
    checks = {
        "run": validation.height,
        "failed": failed.height,
        "failures": failed.select("table_name", "check_name", "severity", "observed").to_dicts(),
    }
    manifest = manifest_for(settings.raw, frames, run_id=context.run_id, checks=checks,
                            published_at=datetime.now(timezone.utc).isoformat(timespec="seconds"))
    path = publish(frames, settings.warehouse, manifest)
    return dg.MaterializeResult(
        metadata={
            "path": str(path),
            "rows": dg.MetadataValue.json(manifest["rows"]),
            "checks_run": validation.height,
            "checks_failed": failed.height,
        }
    )
