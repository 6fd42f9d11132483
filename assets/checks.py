"""Asset checks: every warehouse table's expectation suite, in one Dagster multi-asset check.

One check step runs all tables' GX checks (GX is loaded once per process, not once per
check), reports one AssetCheckResult per check on its table so each is visible in the UI,
and parks the results in the validation store, where `warehouse` picks them up for
`validation_results` (and for the quarantine, `pipeline.quarantine`).

The checks are blocking, but only a failure that must stop the load is reported with ERROR
severity: a failed 'error' contract check, or a failed 'error' document check whose rows name
no document. A document check that fails for named documents is reported as WARN, so the data
flows on: 'warn' rules flag those documents, 'error' rules quarantine them. With `strict` every
failed 'error' check stops the load (all or nothing).
"""

from collections.abc import Iterable, Iterator
from pathlib import Path

import dagster as dg

from assets.tables import as_frames
from pipeline.validation.store import write_results
from pipeline.validation.suites import TABLE_CHECKS, CheckDef, needed_tables, validate_table


def build_table_checks(tables: Iterable[str] | None = None) -> list[dg.AssetChecksDefinition]:
    """One multi-asset check over every table in TABLE_CHECKS (or every table named in `tables`).

    One step for all tables: a run that changed one document has little to check, and a step
    per table would cost more in Dagster's bookkeeping than the checks themselves. Each check
    is still its own AssetCheckSpec on its own table, so the UI shows them per table. The
    checked tables and every table their checks read are inputs.
    """
    names = list(TABLE_CHECKS) if tables is None else list(tables)
    return [_table_checks(names)]


def _table_checks(names: list[str]) -> dg.AssetChecksDefinition:
    specs = [
        dg.AssetCheckSpec(
            name=check.name,
            asset=table,
            blocking=True,
            description=f"[{check.severity}, {check.scope}] {check.description}",
            additional_deps=[t for t in check.needs if t != table],
        )
        for table in names
        for check in TABLE_CHECKS[table]
    ]
    inputs = sorted({t for table in names for t in (table, *needed_tables(table))})

    @dg.multi_asset_check(
        name="table_checks",
        specs=specs,
        ins={name: dg.AssetIn(key=name) for name in inputs},
        required_resource_keys={"validation_store", "settings"},
        description="Great Expectations suites of the tables, on this run's rows.",
    )
    def _checks(context: dg.AssetCheckExecutionContext, **frames) -> Iterator[dg.AssetCheckResult]:
        strict = bool(getattr(context.resources.settings, "strict", False))
        frames = as_frames(frames)
        outcomes = {}
        for table in names:
            results = validate_table(table, frames)
            # Stored before reporting: a blocking failure ends the step, and the record must survive it.
            write_results(Path(context.resources.validation_store.root), context.run.run_id, table, results)
            outcomes[table] = results
        for table in names:
            yield from _report(table, TABLE_CHECKS[table], outcomes[table], strict)

    return _checks


def _report(table: str, checks: list[CheckDef], results: list, strict: bool) -> Iterator[dg.AssetCheckResult]:
    for check in checks:
        mine = [r for r in results if r.check_name == check.name]
        failed = [r for r in mine if not r.success]
        blocks = any(r.blocks(strict) for r in failed)
        documents = sorted({r.document_id for r in failed if r.document_id})
        outcome = ("passed" if not failed else "stops the load" if blocks
                   else "quarantines documents" if any(r.quarantines for r in failed) else "flags documents"
                   if documents else "recorded")
        yield dg.AssetCheckResult(
            asset_key=table,
            check_name=check.name,
            passed=not failed,
            severity=dg.AssetCheckSeverity.ERROR if blocks else dg.AssetCheckSeverity.WARN,
            metadata={
                "observed": "; ".join(r.observed for r in (failed or mine)),
                "details": "\n".join(r.details for r in (failed or mine)),
                "outcome": outcome,
                "documents": dg.MetadataValue.json(documents),
            },
        )
