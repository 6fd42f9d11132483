"""The published DuckDB warehouse: the previous one plus this run's rows, swapped in atomically.

The new file starts as a copy of the published one (or empty, on a first or full build);
the run's rows (`changed_rows`) replace those of the documents, meetings and people they
touch, DuckDB runs the whole-table rules (`validation/whole_table.py`), and the file is
swapped in. Documents the checks quarantine are recorded in the document store first, so a
later run keeps them quarantined without checking them again.
"""


from datetime import datetime, timezone
from pathlib import Path

import dagster as dg

from assets.resources import PipelineConfig, ValidationStoreResource
from assets.tables import TABLE_KEYS, TableRows


@dg.asset(
    ins={name: dg.AssetIn(key=name) for name in ["document_changes", *TABLE_KEYS]},
    group_name="warehouse",
    kinds={"duckdb"},
    description="warehouse/meetings.duckdb: all contract tables and reporting views, published atomically.",
)
def warehouse(
    context: dg.AssetExecutionContext,
    settings: PipelineConfig,
    validation_store: ValidationStoreResource,
    document_changes,
    **tables,
) -> dg.MaterializeResult:
    import shutil
    import time

    import polars as pl

    from pipeline import increment, quarantine
    from pipeline.codeversion import build_fingerprint
    from pipeline.loadsummary import check_summary, manifest_of_warehouse
    from pipeline.validation import whole_table
    from pipeline.validation.results import to_frame
    from pipeline.validation.store import prune, read_results
    from pipeline.warehouse import STALE_AFTER_S, create_tables, create_views, insert_frames, swap_in

    change = document_changes
    validation = read_results(Path(validation_store.root), context.run_id)
    quarantined = quarantine.reasons(validation)
    if quarantined and settings.strict:
        raise dg.Failure(f"strict: {len(quarantined)} documents would be quarantined",
                         metadata={"reasons": dg.MetadataValue.json(quarantined)})
    rows: dict = {name: value.path for name, value in tables.items() if isinstance(value, TableRows)}
    # A quarantined version may have superseded another: the next run makes that one current (and checks it).
    unsettled = bool(quarantined) and change.read("target").filter(
        pl.col("superseded_by").is_in(list(quarantined))).height > 0
    if quarantined:
        settings.store.quarantine(quarantined)
        rows.update(increment.write_deltas(change, increment.derive(settings.store, change, quarantined),
                                           prefix="final-"))
    documents = pl.read_parquet(rows["documents"])
    summary: dict = {}
    build = build_fingerprint(settings.build_options, settings.raw)
    sql_checks: list = []

    def fill(con) -> dict:
        if change.base is None:
            create_tables(con)
            insert_frames(con, {name: tables[name] for name in ("municipalities", "parties")})
            increment.carry_history(con, settings.warehouse)
        increment.apply(con, change, rows)
        sql_checks.extend(whole_table.check(con))
        now = datetime.now(timezone.utc)
        results = pl.concat([validation, to_frame(sql_checks, context.run_id, now)], how="vertical_relaxed")
        increment.append_validation(con, results)
        summary.update(check_summary(results, documents))
        failed = whole_table.failures(sql_checks)
        if failed:
            raise dg.Failure("a whole-table rule failed; the published warehouse is unchanged:\n"
                             + "\n".join(r.details for r in failed))
        if change.base is None:
            create_views(con)
        this_run = {"from_empty": change.base is None, "new_versions": change.new_versions, "changed": change.changed,
                    "removed": change.removed, "quarantined": len(quarantined)}
        return manifest_of_warehouse(con, run_id=context.run_id, checks=summary, build=build, change=this_run,
                                     unsettled=unsettled,
                                     published_at=now.isoformat(timespec="seconds"))

    path = swap_in(settings.warehouse, fill, base=Path(change.base) if change.base else None)
    prune(Path(validation_store.root), keep=context.run_id)
    shutil.rmtree(change.run_dir, ignore_errors=True)
    for folder in Path(change.run_dir).parent.iterdir():  # and what crashed runs left, once a day old
        if time.time() - folder.stat().st_mtime > STALE_AFTER_S:
            shutil.rmtree(folder, ignore_errors=True)
    return dg.MaterializeResult(
        metadata={
            "path": str(path),
            "from_empty": change.base is None,
            "documents_changed": change.changed,
            "documents_removed": change.removed,
            "checks_run": summary["run"],
            "checks_failed": summary["failed"],
            "whole_table_rules": len(sql_checks),
            "quarantined": dg.MetadataValue.json(quarantined),
        }
    )
