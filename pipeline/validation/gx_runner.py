"""Great Expectations 1.x behind one call: run a suite of expectations on a Polars frame.

GX takes seconds to import and its context holds state, so it is imported on first use (never
when the Dagster definitions load) and one in-memory context serves the whole process. Frames
go to GX as pandas (`.to_pandas()`), the input GX's pandas data source understands; rows keep
their positions, so the row numbers GX reports index straight back into the Polars frame.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import polars as pl

_LOCK = threading.RLock()
_BATCH_DEFINITION: Any = None
_COMPLETE = {"result_format": "COMPLETE"}


@dataclass(frozen=True)
class Verdict:
    """What GX said about one suite: the overall verdict and where it looked wrong."""

    success: bool
    unexpected_rows: tuple[int, ...]  # row positions any expectation flagged, ascending
    observed_values: tuple[Any, ...]  # values of aggregate expectations (e.g. a row count)
    errors: tuple[str, ...]  # messages of expectations that raised instead of answering


def expectations() -> ModuleType:
    """`great_expectations.expectations`, imported on first use."""
    import great_expectations.expectations as gxe

    return gxe


def _batch_definition() -> Any:
    """The process-wide ephemeral context's whole-dataframe batch definition, built once."""
    global _BATCH_DEFINITION
    with _LOCK:
        if _BATCH_DEFINITION is None:
            import great_expectations as gx
            from great_expectations.data_context.types.base import (
                DataContextConfig,
                InMemoryStoreBackendDefaults,
                ProgressBarsConfig,
            )

            config = DataContextConfig(
                analytics_enabled=False,
                progress_bars=ProgressBarsConfig(globally=False, metric_calculations=False),
                store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
            )
            context = gx.get_context(project_config=config, mode="ephemeral")
            asset = context.data_sources.add_pandas("warehouse_frames").add_dataframe_asset("frame")
            _BATCH_DEFINITION = asset.add_batch_definition_whole_dataframe("whole_frame")
        return _BATCH_DEFINITION


def run_suite(name: str, frame: pl.DataFrame, suite_expectations: Sequence[Any]) -> Verdict:
    """Validate `frame` against an expectation suite made of `suite_expectations`."""
    import great_expectations as gx

    with _LOCK:
        batch = _batch_definition().get_batch(batch_parameters={"dataframe": frame.to_pandas()})
        suite = gx.ExpectationSuite(name=name, expectations=list(suite_expectations))
        outcome = batch.validate(suite, result_format=_COMPLETE)

    rows: set[int] = set()
    observed: list[Any] = []
    errors: list[str] = []
    for result in outcome.results:
        message = _exception_message(result.exception_info)
        if message:
            errors.append(f"{result.expectation_config.type}: {message}")
            continue
        rows.update(int(i) for i in result.result.get("unexpected_index_list") or ())
        if "observed_value" in result.result:
            observed.append(result.result["observed_value"])
    return Verdict(
        success=bool(outcome.success),
        unexpected_rows=tuple(sorted(rows)),
        observed_values=tuple(observed),
        errors=tuple(errors),
    )


def _exception_message(info: Any) -> str | None:
    """The message of a raised exception in GX's `exception_info` (flat, or keyed by metric)."""
    if not isinstance(info, dict):
        return None
    if info.get("raised_exception"):
        return str(info.get("exception_message") or "exception")
    for value in info.values():
        if isinstance(value, dict) and value.get("raised_exception"):
            return str(value.get("exception_message") or "exception")
    return None
