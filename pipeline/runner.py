"""Run the warehouse build: skip at once when nothing changed, else the Dagster assets.

The unchanged check hashes raw/ and compares with the manifest of the published warehouse
before anything heavy is imported, so a nightly run with nothing to do costs well under a
second. Otherwise the same Dagster assets and checks as in the UI run, in-process by
default or on the multiprocess executor.
"""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.loadsummary import fingerprint_of, is_unchanged
from pipeline.warehouse import read_manifest, remove_stale_builds

_validation_dir_set_here: str | None = None


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
    strict: bool = False,
    parse_timeout_s: float | None = None,
) -> tuple[dict, bool]:
    """Build `warehouse` from `raw`; returns (manifest, unchanged).

    Leftovers of a crashed earlier load are removed first, also when nothing else is to do.
    A document whose rows cannot be loaded soundly is quarantined and the rest published;
    with `strict` it stops the load instead (LoadFailed, nothing published). A file still
    parsing after `parse_timeout_s` seconds (default `corpus.PARSE_TIMEOUT_S`) is rejected.
    """
    raw, warehouse = Path(raw).resolve(), Path(warehouse).resolve()
    if not raw.is_dir():
        raise LoadFailed(f"raw folder not found: {raw}")
    if warehouse.parent == raw or raw in warehouse.parents:
        raise LoadFailed(f"the warehouse {warehouse} must not be inside the raw folder {raw}: "
                         "it would be read back as a document")
    remove_stale_builds(warehouse)
    from pipeline.codeversion import build_fingerprint, build_options
    from pipeline.corpus import PARSE_TIMEOUT_S, ParseCache, cache_dir_for, scan
    from pipeline.documents import Limits

    timeout = PARSE_TIMEOUT_S if parse_timeout_s is None else float(parse_timeout_s)
    ParseCache(cache_dir_for(warehouse)).remove_abandoned()
    files = scan(raw)  # hashed once: for the unchanged check and for the parse below
    fingerprint = fingerprint_of(files)
    if not fingerprint and warehouse.exists():
        raise LoadFailed(f"raw folder {raw} holds no files: refusing to replace the published warehouse with an "
                         "empty one (an unmounted share?); delete the warehouse file to start empty")
    # The same options the Dagster resources get (assets/resources.py: PipelineConfig's defaults).
    build = build_fingerprint(build_options(limits=Limits(), fast_pdf=fast_pdf, strict=strict,
                                            parse_timeout_s=timeout), raw)
    if not force:
        manifest = read_manifest(warehouse)
        if is_unchanged(manifest, fingerprint, build):
            return manifest, True

    global _validation_dir_set_here
    os.environ["KL_RAW_DIR"] = str(raw)
    os.environ["KL_WAREHOUSE"] = str(warehouse)
    os.environ["KL_WORKERS"] = str(workers)
    if os.environ.get("KL_VALIDATION_DIR") in (None, _validation_dir_set_here):
        # beside this warehouse, unless the caller chose a place: never beside an earlier run's warehouse
        _validation_dir_set_here = os.environ["KL_VALIDATION_DIR"] = str(warehouse.parent / ".validation")
    os.environ["KL_EXECUTOR"] = executor
    os.environ["KL_FAST_PDF"] = "1" if fast_pdf else "0"
    os.environ["KL_STRICT"] = "1" if strict else "0"
    os.environ["KL_PARSE_TIMEOUT_S"] = repr(timeout)

    import warnings

    warnings.filterwarnings("ignore", message=r".*currently in beta.*")  # Dagster's notes, not the user's concern
    if executor != "multiprocess":
        # Parse on worker processes while this one imports Dagster and GX (~4 s hidden behind
        # the parsing); the corpus asset then reads every file back from the parse cache.
        from pipeline.corpus import parse_files

        parse_files(files, ParseCache(cache_dir_for(warehouse)), workers=workers or None, fast=fast_pdf,
                    while_waiting=_import_heavy_modules, progress=_progress_printer(), timeout_s=timeout)
    import dagster as dg

    # Dagster's own console lines (a failed step comes with its stack trace) stay quiet: a failure
    # reaches the caller as LoadFailed, with every failed step's message.
    quiet = {"loggers": {"console": {"config": {"log_level": os.environ.get("KL_LOG_LEVEL", "CRITICAL")}}}}

    # Recording a run in DAGSTER_HOME's SQLite costs ~40 ms per event (~550 events, 5-25 s); the
    # CLI records only when asked (KL_RECORD_RUNS=1); the daemon's scheduled runs always record.
    record = (executor == "multiprocess" or os.environ.get("KL_RECORD_RUNS") == "1") and os.environ.get("DAGSTER_HOME")
    instance = dg.DagsterInstance.get() if record else dg.DagsterInstance.ephemeral()
    with instance:  # an ephemeral instance's temporary folder goes now, not at interpreter exit
        result = _execute(dg, instance, executor, quiet)
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


def _progress_printer():
    """Progress lines on stderr for long loads (the CLI turns them on with KL_PROGRESS=1)."""
    if os.environ.get("KL_PROGRESS") != "1":
        return None
    import sys

    from pipeline.corpus import worth_reporting

    def show(done: int, total: int, name: str) -> None:
        if worth_reporting(done, total):
            print(f"  parsed {done}/{total} documents", file=sys.stderr, flush=True)

    return show


def _import_heavy_modules() -> None:
    import great_expectations  # noqa: F401  (the asset checks need it: ~3 s)

    import pipeline.definitions  # noqa: F401  (Dagster, Polars, DuckDB, the assets)


def _execute(dg, instance, executor: str, quiet: dict):
    if executor == "multiprocess":
        if not os.environ.get("DAGSTER_HOME"):
            raise LoadFailed("the multiprocess executor needs a persistent instance: set DAGSTER_HOME")
        from pipeline import definitions

        result = dg.execute_job(dg.reconstructable(definitions.warehouse_job_def), instance=instance,
                                run_config=quiet)
    else:
        from pipeline.definitions import build_defs
        from assets.schedules import warehouse_job

        job = build_defs().resolve_job_def(warehouse_job.name)
        result = job.execute_in_process(instance=instance, raise_on_error=False, run_config=quiet)
    return result
