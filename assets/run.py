"""Run the warehouse build: skip at once when nothing changed, else the Dagster job.

`pipeline.runner.prepare_load` decides (no Dagster import); here the same assets and checks as
in the UI run, in-process by default or on the multiprocess executor. The load's arguments
reach the resources as run config (`resources.settings.config`, ...), never through
`os.environ`, so two loads in one process cannot see each other's settings.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.runner import LoadFailed, prepare_load, preparse, published_manifest

__all__ = ["LoadFailed", "run_load", "run_config_for"]


def run_config_for(prepared, *, workers: int, fast_pdf: bool, strict: bool, log_level: str = "CRITICAL",
                   full_rebuild: bool = False) -> dict:
    """The run config that points the resources at this load's folders and options."""
    from assets.resources import validation_dir_for

    settings = {"raw_dir": str(prepared.raw), "warehouse_path": str(prepared.warehouse), "workers": int(workers),
                "fast_pdf": bool(fast_pdf), "strict": bool(strict), "parse_timeout_s": float(prepared.timeout_s),
                "full_rebuild": bool(full_rebuild)}
    return {
        "resources": {"settings": {"config": settings},
                      "validation_store": {"config": {"root": str(validation_dir_for(prepared.warehouse))}}},
        # Dagster's own console lines (a failed step comes with its stack trace) stay quiet: a failure
        # reaches the caller as LoadFailed, with every failed step's message.
        "loggers": {"console": {"config": {"log_level": log_level}}},
    }


def run_load(
    raw: Path,
    warehouse: Path,
    *,
    workers: int = 0,
    force: bool = False,
    executor: str = "in_process",
    fast_pdf: bool = True,
    strict: bool = False,
    parse_timeout_s: float | None = None,
    progress: bool = False,
    record_runs: bool = False,
    log_level: str = "CRITICAL",
) -> tuple[dict, bool]:
    """Build `warehouse` from `raw`; returns (manifest, unchanged).

    Leftovers of a crashed earlier load are removed first, also when nothing else is to do.
    A document whose rows cannot be loaded soundly is quarantined and the rest published;
    with `strict` it stops the load instead (LoadFailed, nothing published). A file still
    parsing after `parse_timeout_s` seconds (default `corpus.PARSE_TIMEOUT_S`) is rejected.

    Runs are recorded in DAGSTER_HOME's instance with `record_runs` (~40 ms per event, 5-25 s a
    load) or on the multiprocess executor (which needs it); otherwise an ephemeral instance.
    """
    import os

    prepared = prepare_load(raw, warehouse, force=force, fast_pdf=fast_pdf, strict=strict,
                            parse_timeout_s=parse_timeout_s)
    if prepared.unchanged is not None:
        return prepared.unchanged, True

    import warnings

    warnings.filterwarnings("ignore", message=r".*currently in beta.*")  # Dagster's notes, not the user's concern
    if executor != "multiprocess":
        # Parse on worker processes while this one imports Dagster and GX (~4 s hidden behind
        # the parsing) into the document store; `document_changes` then finds nothing left to parse.
        preparse(prepared, workers=workers, fast_pdf=fast_pdf, while_waiting=_import_heavy_modules,
                 progress=progress)
    import dagster as dg

    run_config = run_config_for(prepared, workers=workers, fast_pdf=fast_pdf, strict=strict, log_level=log_level,
                                full_rebuild=force)
    record = (executor == "multiprocess" or record_runs) and os.environ.get("DAGSTER_HOME")
    if executor == "multiprocess" and not record:
        raise LoadFailed("the multiprocess executor needs a persistent instance: set DAGSTER_HOME")
    instance = dg.DagsterInstance.get() if record else dg.DagsterInstance.ephemeral()
    with instance:  # an ephemeral instance's temporary folder goes now, not at interpreter exit
        result = _execute(dg, instance, executor, run_config)
    if not result.success:
        failures = [
            f"{e.step_key}: {e.event_specific_data.error.message.strip()}"
            for e in result.all_events
            if e.is_step_failure and e.event_specific_data is not None
        ]
        raise LoadFailed("the warehouse build failed:\n" + "\n".join(failures))
    return published_manifest(prepared.warehouse), False


def _import_heavy_modules() -> None:
    import great_expectations  # noqa: F401  (the asset checks need it: ~3 s)

    import assets.definitions  # noqa: F401  (Dagster, Polars, DuckDB, the assets)


def _execute(dg, instance, executor: str, run_config: dict):
    from assets import definitions

    if executor == "multiprocess":
        return dg.execute_job(dg.reconstructable(definitions.warehouse_job_def), instance=instance,
                              run_config=run_config)
    job = definitions.build_defs().resolve_job_def(definitions.warehouse_job.name)
    return job.execute_in_process(instance=instance, raise_on_error=False, run_config=run_config)
