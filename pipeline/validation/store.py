"""Check results parked on disk per run, so the `warehouse` asset can publish them.

Asset checks run in their own steps (and, with the multiprocess executor, their own
processes), so they cannot hand results to `warehouse` in memory. Each check step writes one
parquet file per table under `root/run_id/`; the write goes to a temporary file that is then
renamed, so a reader never sees half a file.
"""

from __future__ import annotations

import os
import tempfile
from datetime import datetime, timezone
from pathlib import Path

import polars as pl

from pipeline import schema
from pipeline.validation.results import CheckResult, to_frame


def run_dir(root: Path, run_id: str) -> Path:
    """The folder holding one run's results (`run_id` must be a plain name, as Dagster's are)."""
    if not run_id or Path(run_id).name != run_id or run_id in {".", ".."}:
        raise ValueError(f"not a usable run id: {run_id!r}")
    return Path(root) / run_id


def write_results(root: Path, run_id: str, table: str, results: list[CheckResult]) -> None:
    """Store `table`'s results for this run, replacing any earlier ones (a retried check)."""
    folder = run_dir(root, run_id)
    folder.mkdir(parents=True, exist_ok=True)
    frame = to_frame(results, run_id, datetime.now(timezone.utc))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{table}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            frame.write_parquet(handle)
        os.replace(tmp, folder / f"{table}.parquet")
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_results(root: Path, run_id: str) -> pl.DataFrame:
    """All results stored for this run, as `validation_results` rows (empty if none)."""
    folder = run_dir(root, run_id)
    files = sorted(folder.glob("*.parquet")) if folder.is_dir() else []
    if not files:
        return schema.frame("validation_results")
    columns = schema.TABLES["validation_results"]
    frames = [pl.read_parquet(f).select(pl.col(c).cast(t) for c, t in columns.items()) for f in files]
    return pl.concat(frames).sort("table_name", "check_name")


def prune(root: Path, keep: str) -> None:
    """Drop stored runs other than `keep`: once published, their history lives in the warehouse."""
    import shutil

    root = Path(root)
    if not root.is_dir():
        return
    for child in root.iterdir():
        if child.is_dir() and child.name != keep:
            shutil.rmtree(child, ignore_errors=True)
