"""Asset checks: each warehouse table's expectation suite as one Dagster multi-asset check.

One check step per table runs all of its GX checks together (GX is loaded once per process,
not once per check), reports one AssetCheckResult per check so each is visible in the UI,
and parks the results in the validation store, where `warehouse` picks them up for
`validation_results`. The checks are blocking: an 'error' failure stops downstream
assets; a 'warn' failure is recorded and the data flows on.
"""

from collections.abc import Iterable, Iterator
from pathlib import Path

import dagster as dg
import polars as pl

from pipeline.validation.store import write_results
from pipeline.validation.suites import TABLE_CHECKS, CheckDef, needed_tables, validate_table

SEVERITY = {"error": dg.AssetCheckSeverity.ERROR, "warn": dg.AssetCheckSeverity.WARN}


def build_table_checks(tables: Iterable[str] | None = None) -> list[dg.AssetChecksDefinition]:
    """A multi-asset check per table in TABLE_CHECKS (or per table named in `tables`).

    The checked table and every table its checks read are inputs, so the check step runs
    after those assets and reads this run's frames.
    """
    names = list(TABLE_CHECKS) if tables is None else list(tables)
    return [_table_check(table, TABLE_CHECKS[table]) for table in names]


def _table_check(table: str, checks: list[CheckDef]) -> dg.AssetChecksDefinition:
    specs = [
        dg.AssetCheckSpec(
            name=check.name,
            asset=table,
            blocking=True,
            description=f"[{check.severity}] {check.description}",
            additional_deps=[t for t in check.needs if t != table],
        )
        for check in checks
    ]
    ins = {name: dg.AssetIn(key=name) for name in (table, *needed_tables(table))}

    @dg.multi_asset_check(
        name=f"{table}_checks",
        specs=specs,
        ins=ins,
        required_resource_keys={"validation_store"},
        description=f"Great Expectations suite for `{table}`.",
    )
    def _checks(context: dg.AssetCheckExecutionContext, **frames: pl.DataFrame) -> Iterator[dg.AssetCheckResult]:
        results = validate_table(table, frames)
        # Stored before reporting: a blocking failure ends the step, and the record must survive it.
        write_results(Path(context.resources.validation_store.root), context.run.run_id, table, results)
        for result in results:
            yield dg.AssetCheckResult(
                asset_key=table,
                check_name=result.check_name,
                passed=result.success,
                severity=SEVERITY[result.severity],
                metadata={"observed": result.observed, "details": result.details},
            )

    return _checks
