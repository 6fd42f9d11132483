"""`defs`: every asset, check, job, schedule, sensor and resource of the project.

Executor and instance storage are configuration: the multiprocess executor by default
(`KL_EXECUTOR=in_process` to change it), and Dagster's instance wherever DAGSTER_HOME
points (`make` keeps it in the project's git-ignored `.dagster_home/`; a `dagster.yaml`
there can move run storage to PostgreSQL and the executor to celery or k8s).
"""

from __future__ import annotations

import os

import dagster as dg

from assets.checks import build_table_checks
from assets.corpus import corpus, parsed_document
from assets.resources import PipelineConfig, ValidationStoreResource
from assets.schedules import nightly_schedule, parse_documents_job, warehouse_job
from assets.sensors import raw_files_sensor
from assets.tables import table_assets
from assets.warehouse import warehouse

ALL_ASSETS = [parsed_document, corpus, *table_assets, warehouse]


def resources_from_env() -> dict:
    """Resources configured from the environment, read when called (subprocesses inherit it)."""
    config = PipelineConfig(
        raw_dir=os.environ.get("KL_RAW_DIR", PipelineConfig.model_fields["raw_dir"].default),
        warehouse_path=os.environ.get("KL_WAREHOUSE", PipelineConfig.model_fields["warehouse_path"].default),
        workers=int(os.environ.get("KL_WORKERS", "0")),
        fast_pdf=os.environ.get("KL_FAST_PDF", "1") != "0",
        strict=os.environ.get("KL_STRICT", "0") == "1",
        parse_timeout_s=float(os.environ.get("KL_PARSE_TIMEOUT_S", PipelineConfig.model_fields["parse_timeout_s"].default)),
    )
    store = ValidationStoreResource(
        root=os.environ.get("KL_VALIDATION_DIR", str(config.warehouse.parent / ".validation"))
    )
    return {"settings": config, "validation_store": store}


def executor_from_env() -> dg.ExecutorDefinition:
    if os.environ.get("KL_EXECUTOR", "multiprocess") == "in_process":
        return dg.in_process_executor
    # forkserver with the heavy modules preloaded: each step forks a warm process instead of
    # paying Dagster's, Polars' and Great Expectations' imports again (seconds per step).
    return dg.multiprocess_executor.configured(
        {
            "max_concurrent": int(os.environ.get("KL_MAX_CONCURRENT", "2")),
            "start_method": {
                "forkserver": {"preload_modules": ["pipeline.definitions", "pipeline.validation.gx_runner",
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
        resources=resources_from_env(),
        executor=executor_from_env(),
    )


def warehouse_job_def() -> dg.JobDefinition:
    """The resolved warehouse job, for `dagster.reconstructable` (multiprocess runs)."""
    return build_defs().resolve_job_def(warehouse_job.name)


defs = build_defs()
