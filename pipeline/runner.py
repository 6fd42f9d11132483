"""Run the warehouse build: skip at once when nothing changed, else the Dagster assets.

The unchanged check hashes raw/ and compares with the manifest of the published warehouse
before anything heavy is imported, so a nightly run with nothing to do costs well under a
second. Otherwise the same Dagster assets and checks as in the UI run, in-process by
default or on the multiprocess executor.
"""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.loadsummary import is_unchanged, raw_fingerprint
from pipeline.warehouse import read_manifest


class LoadFailed(RuntimeError):
    """The run itself failed (not a rejected document: those are normal outcomes)."""


def run_load(
    raw: Path,
    warehouse: Path,
    *,
    workers: int = 0,
    force: bool = False,
    executor: str = "in_process",
    fast_pdf: bool = True,
) -> tuple[dict, bool]:
    """Build `warehouse` from `raw`; returns (manifest, unchanged)."""
    raw, warehouse = Path(raw).resolve(), Path(warehouse).resolve()
    if not raw.is_dir():
        raise LoadFailed(f"raw folder not found: {raw}")
    if not force:
        manifest = read_manifest(warehouse)
        if is_unchanged(manifest, raw_fingerprint(raw)):
            return manifest, True

    os.environ["KL_RAW_DIR"] = str(raw)
    os.environ["KL_WAREHOUSE"] = str(warehouse)
    os.environ["KL_WORKERS"] = str(workers)
    os.environ.setdefault("KL_VALIDATION_DIR", str(warehouse.parent / ".validation"))
    os.environ["KL_EXECUTOR"] = executor
    if not fast_pdf:
        os.environ["KL_FAST_PDF"] = "0"

    import dagster as dg

    instance = dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()
    if executor == "multiprocess":
        if not os.environ.get("DAGSTER_HOME"):
            raise LoadFailed("the multiprocess executor needs a persistent instance: set DAGSTER_HOME")
        from pipeline import definitions

        result = dg.execute_job(dg.reconstructable(definitions.warehouse_job_def), instance=instance)
    else:
        from pipeline.definitions import build_defs
        from assets.schedules import warehouse_job

        job = build_defs().resolve_job_def(warehouse_job.name)
        result = job.execute_in_process(instance=instance, raise_on_error=False)
    if not result.success:
        failures = [
            f"{e.step_key}: {e.event_specific_data.error.message.strip()}"
            for e in result.all_events
            if e.is_step_failure and e.event_specific_data is not None
        ]
        raise LoadFailed("the warehouse build failed:\n" + "\n".join(failures))
    manifest = read_manifest(warehouse)
    if manifest is None:
        raise LoadFailed("the run finished but no warehouse was published")
    return manifest, False
