"""The published DuckDB warehouse: every table plus this run's validation results, swapped in atomically."""


from datetime import datetime, timezone
from pathlib import Path

import dagster as dg
import polars as pl

from assets.resources import PipelineConfig, ValidationStoreResource
from assets.tables import table_assets
from pipeline.loadsummary import manifest_for
from pipeline.warehouse import previous_rows, publish

KEEP_RUNS = 200  # validation history kept in the warehouse, newest runs first


def with_history(current: pl.DataFrame, previous: pl.DataFrame | None) -> pl.DataFrame:
    """This run's check results after those of earlier runs, so quality can be followed over time.

    Columns an older warehouse did not have yet (`document_id`) come back as NULL.
    """
    if previous is None or previous.is_empty():
        return current
    previous = previous.select(
        (pl.col(c) if c in previous.columns else pl.lit(None)).cast(t).alias(c) for c, t in current.schema.items())
    runs = previous.group_by("run_id").agg(pl.col("checked_at").max()).sort("checked_at", descending=True)
    keep = runs.head(KEEP_RUNS - 1)["run_id"]
    return pl.concat([previous.filter(pl.col("run_id").is_in(keep.implode())), current])

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
    from pipeline import quarantine
    from pipeline.codeversion import build_fingerprint
    from pipeline.loadsummary import check_summary
    from pipeline.validation.store import prune, read_results

    validation = read_results(Path(validation_store.root), context.run_id)
    quarantined = quarantine.reasons(validation)
    if quarantined and settings.strict:
        raise dg.Failure(f"strict: {len(quarantined)} documents would be quarantined",
                         metadata={"reasons": dg.MetadataValue.json(quarantined)})
    frames = quarantine.apply(tables, quarantined)
    if quarantined:
        frames.update(derived_tables(frames))
    frames["validation_results"] = with_history(validation, previous_rows(settings.warehouse, "validation_results"))
    checks = check_summary(validation, frames["documents"])
    manifest = manifest_for(settings.raw, frames, run_id=context.run_id, checks=checks,
                            build=build_fingerprint(settings.build_options, settings.raw),
                            published_at=datetime.now(timezone.utc).isoformat(timespec="seconds"))
    path = publish(frames, settings.warehouse, manifest)
    prune(Path(validation_store.root), keep=context.run_id)
    return dg.MaterializeResult(
        metadata={
            "path": str(path),
            "rows": dg.MetadataValue.json(manifest["rows"]),
            "checks_run": checks["run"],
            "checks_failed": checks["failed"],
            "quarantined": dg.MetadataValue.json(quarantined),
        }
    )


def derived_tables(frames: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """`meetings` and `people` again, as their assets derive them, once quarantined facts are gone."""
    from pipeline import tables as T
    from pipeline.people import people_frame

    return {"meetings": T.meetings_frame(frames["documents"], frames["attendance"]),
            "people": people_frame(frames["attendance"])}
