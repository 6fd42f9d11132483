"""Asset checks: each warehouse table's expectation suite as one Dagster multi-asset check.

One check step per table runs all of its GX checks together (GX is loaded once per process,
not once per check), reports one AssetCheckResult per check so each is visible in the UI,
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
            description=f"[{check.severity}, {check.scope}] {check.description}",
            additional_deps=[t for t in check.needs if t != table],
        )
        for check in checks
    ]
    ins = {name: dg.AssetIn(key=name) for name in (table, *needed_tables(table))}

    @dg.multi_asset_check(
        name=f"{table}_checks",
        specs=specs,
        ins=ins,
        required_resource_keys={"validation_store", "settings"},
        description=f"Great Expectations suite for `{table}`.",
    )
    def _checks(context: dg.AssetCheckExecutionContext, **frames) -> Iterator[dg.AssetCheckResult]:
        strict = bool(getattr(context.resources.settings, "strict", False))
        results = validate_table(table, as_frames(frames))
        # Stored before reporting: a blocking failure ends the step, and the record must survive it.
        write_results(Path(context.resources.validation_store.root), context.run.run_id, table, results)
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

    return _checks
