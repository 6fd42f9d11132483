"""`defs`: every asset, check, job, schedule, sensor and resource of the project.

Configuration, not code: the resources' fields default to the project's raw/ and warehouse/,
and read `KL_RAW_DIR`, `KL_WAREHOUSE` and `KL_VALIDATION_DIR` through `dg.EnvVar` when the
daemon's environment sets them; a run overrides any field with run config (the CLI does,
`assets/run.py`). The executor is the multiprocess one (forkserver, heavy modules preloaded);
the CLI runs in-process by default. Dagster's instance lives wherever DAGSTER_HOME points
(`make` keeps it in the project's git-ignored `.dagster_home/`; a `dagster.yaml` there can move
run storage to PostgreSQL and the executor to celery or k8s).
"""

from __future__ import annotations

import os

import dagster as dg

from assets.checks import build_table_checks
from assets.corpus import document_changes, parsed_documents
from assets.resources import PipelineConfig, ValidationStoreResource
from assets.schedules import nightly_schedule, parse_documents_job, warehouse_job
from assets.sensors import raw_files_sensor
from assets.tables import table_assets
from assets.warehouse import warehouse

ALL_ASSETS = [parsed_documents, document_changes, *table_assets, warehouse]
MAX_CONCURRENT = 2  # steps at once on the multiprocess executor (run config `execution` overrides it)


def _env_or(name: str, default):
    """`dg.EnvVar(name)` when the environment sets it (read by Dagster at run time), else the default."""
    return dg.EnvVar(name) if os.environ.get(name) else default


def build_resources() -> dict:
    settings = PipelineConfig(raw_dir=_env_or("KL_RAW_DIR", PipelineConfig.model_fields["raw_dir"].default),
                              warehouse_path=_env_or("KL_WAREHOUSE",
                                                     PipelineConfig.model_fields["warehouse_path"].default))
    store = ValidationStoreResource(root=_env_or("KL_VALIDATION_DIR",
                                                 ValidationStoreResource.model_fields["root"].default))
    return {"settings": settings, "validation_store": store}


# forkserver with the heavy modules preloaded: each step forks a warm process instead of paying
# Dagster's, Polars' and Great Expectations' imports again (seconds per step).
executor = dg.multiprocess_executor.configured(
    {
        "max_concurrent": MAX_CONCURRENT,
        "start_method": {
            "forkserver": {"preload_modules": ["assets.definitions", "pipeline.validation.gx_runner",
                                               "great_expectations", "polars", "duckdb"]}
        },
    }
)


def build_defs() -> dg.Definitions:
    return dg.Definitions(
        assets=ALL_ASSETS,
        asset_checks=build_table_checks(),
        jobs=[warehouse_job, parse_documents_job],
        schedules=[nightly_schedule],
        sensors=[raw_files_sensor],
        resources=build_resources(),
        executor=executor,
    )


def warehouse_job_def() -> dg.JobDefinition:
    """The resolved warehouse job, for `dagster.reconstructable` (multiprocess runs)."""
    return build_defs().resolve_job_def(warehouse_job.name)


defs = build_defs()
