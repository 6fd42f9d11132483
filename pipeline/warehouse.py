"""Publish the warehouse atomically: build a new DuckDB file beside the old, then swap it in.

Readers (dashboards, an analyst's read-only session) keep the file they opened; new readers
get the new one. A crash mid-load leaves only a stray temporary file, which the next load
removes, and the published warehouse is never half-written.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path

import polars as pl

from pipeline.schema import TABLES

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"
TMP_MARK = ".building-"


def manifest_path(warehouse: Path) -> Path:
    return Path(str(warehouse) + ".manifest.json")


def read_manifest(warehouse: Path) -> dict | None:
    """What the published warehouse was built from (None if there is none or it is unreadable)."""
    try:
        data = json.loads(manifest_path(warehouse).read_text())
    except (OSError, ValueError):
        return None
    return data if Path(warehouse).exists() else None


def remove_stale_builds(warehouse: Path) -> list[Path]:
    """Temporary files left by a crashed load (never the published file)."""
    warehouse = Path(warehouse)
    stale = []
    for p in warehouse.parent.glob(f"{warehouse.name}{TMP_MARK}*"):
        try:
            pid = int(p.name.rsplit("-", 1)[-1].split(".")[0])
        except ValueError:
            pid = -1
        if pid != os.getpid() and not _alive(pid):
            p.unlink(missing_ok=True)
            stale.append(p)
    return stale


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def publish(frames: Mapping[str, pl.DataFrame], warehouse: Path, manifest: dict | None = None) -> Path:
    """Write every contract table (missing ones empty) and the views, then swap atomically."""
    import duckdb

    warehouse = Path(warehouse)
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_builds(warehouse)
    tmp = warehouse.with_name(f"{warehouse.name}{TMP_MARK}{os.getpid()}")
    for leftover in (tmp, Path(str(tmp) + ".wal")):
        leftover.unlink(missing_ok=True)
    try:
        con = duckdb.connect(str(tmp))
        try:
            con.execute((SQL_DIR / "ddl.sql").read_text())
            for table, schema in TABLES.items():
                df = frames.get(table)
                if df is None or df.is_empty():
                    continue
                df = df.select([pl.col(c).cast(t) for c, t in schema.items()])
                con.register("_incoming", df.to_arrow())
                con.execute(f"INSERT INTO {table} SELECT * FROM _incoming")
                con.unregister("_incoming")
            views = SQL_DIR / "views.sql"
            if views.exists():
                con.execute(views.read_text())
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(tmp, warehouse)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if manifest is not None:
        mp = manifest_path(warehouse)
        mtmp = mp.with_name(mp.name + f".tmp{os.getpid()}")
        mtmp.write_text(json.dumps(manifest, indent=1, default=str))
        os.replace(mtmp, mp)
    return warehouse


def table_counts(warehouse: Path) -> dict[str, int]:
    """Rows per contract table in a published warehouse (read-only)."""
    import duckdb

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        con.close()
