"""Publish the warehouse atomically: build a new DuckDB file beside the old, then swap it in.

Readers (dashboards, an analyst's read-only session) keep the file they opened; new readers
get the new one. A crash mid-load (even kill -9) leaves only a stray temporary file, which
the next load removes, and the published warehouse is never half-written.

The manifest beside the warehouse records the size and mtime of the file it describes, so a
manifest left over from a crash between the swap and the manifest write is not believed:
the next run rebuilds rather than trusting a summary of some other file.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Mapping
from pathlib import Path

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"
TMP_MARK = ".building-"
STALE_AFTER_S = 24 * 3600  # a temporary file this old is abandoned even if its pid was reused


def manifest_path(warehouse: Path) -> Path:
    return Path(str(warehouse) + ".manifest.json")


def file_stamp(path: Path) -> dict | None:
    """Size and modification time of `path`: enough to tell one published file from another."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns}


def read_manifest(warehouse: Path) -> dict | None:
    """What the published warehouse was built from (None if there is none, or it describes another file)."""
    try:
        data = json.loads(manifest_path(warehouse).read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("warehouse_file") != file_stamp(warehouse):
        return None
    return data


def is_abandoned(path: Path, pid_text: str) -> bool:
    """A temporary file whose writing process is gone (or which is too old to be anyone's)."""
    try:
        pid = int(pid_text)
    except ValueError:
        pid = -1
    if pid == os.getpid():
        return False
    try:
        age = time.time() - path.stat().st_mtime
    except OSError:
        return False
    return not _alive(pid) or age > STALE_AFTER_S


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


def remove_stale_builds(warehouse: Path) -> list[Path]:
    """Temporary files left by a crashed load: new warehouse files, their WAL, manifests (never the published file)."""
    warehouse = Path(warehouse)
    stale = []
    candidates = [
        *((p, p.name.rsplit("-", 1)[-1].split(".")[0]) for p in warehouse.parent.glob(f"{warehouse.name}{TMP_MARK}*")),
        *((p, p.name.rsplit(".tmp", 1)[-1]) for p in warehouse.parent.glob(f"{manifest_path(warehouse).name}.tmp*")),
    ]
    for path, pid in candidates:
        if is_abandoned(path, pid):
            path.unlink(missing_ok=True)
            stale.append(path)
    return stale


def publish(frames: Mapping, warehouse: Path, manifest: dict | None = None, *,
            before_swap: Callable[[Path], None] | None = None) -> Path:
    """Write every contract table (missing ones empty) and the views into a new file, then swap it in.

    `frames` maps table names to Polars frames. `before_swap(new_file)` runs once the new file is
    complete and flushed, just before it replaces the published one (a caller can log, or a test
    can kill the load at its most delicate moment).
    """

    def fill(con) -> dict | None:
        create_tables(con)
        insert_frames(con, frames)
        create_views(con)
        return manifest

    return swap_in(warehouse, fill, before_swap=before_swap)


def create_tables(con) -> None:
    con.execute((SQL_DIR / "ddl.sql").read_text())


def insert_frames(con, frames: Mapping) -> None:
    """Append each frame to its table, cast to the contract's types."""
    import polars as pl

    from pipeline.schema import TABLES

    for table, schema in TABLES.items():
        df = frames.get(table)
        if df is None or df.is_empty():
            continue
        df = df.select([pl.col(c).cast(t) for c, t in schema.items()])
        con.register("_incoming", df.to_arrow())
        con.execute(f"INSERT INTO {table} SELECT * FROM _incoming")
        con.unregister("_incoming")


def swap_in(warehouse: Path, fill: Callable[[object], dict | None], *, base: Path | None = None,
            before_swap: Callable[[Path], None] | None = None) -> Path:
    """Build a new warehouse file with `fill(connection)` and swap it in atomically.

    The new file starts empty, or as a copy of `base` (the published warehouse: a run that
    changes a few documents copies the file and rewrites only their rows). The copy is a
    reflink where the file system has them (btrfs, XFS: instant, copy-on-write) and a kernel
    copy elsewhere; either way the published file is replaced by a new one, so a reader holding
    the old file keeps its bytes. `fill` returns the manifest to write beside it (or None).
    """
    import duckdb

    warehouse = Path(warehouse)
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_builds(warehouse)
    tmp = warehouse.with_name(f"{warehouse.name}{TMP_MARK}{os.getpid()}")
    for leftover in (tmp, Path(str(tmp) + ".wal")):
        leftover.unlink(missing_ok=True)
    try:
        if base is not None:
            copy_file(Path(base), tmp)
        con = duckdb.connect(str(tmp))
        try:
            manifest = fill(con)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        _fsync(tmp)
        if before_swap is not None:
            before_swap(tmp)
        os.replace(tmp, warehouse)
        _fsync(warehouse.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        Path(str(tmp) + ".wal").unlink(missing_ok=True)
        raise
    if manifest is not None:
        manifest = {**manifest, "warehouse_file": file_stamp(warehouse)}
        mp = manifest_path(warehouse)
        mtmp = mp.with_name(mp.name + f".tmp{os.getpid()}")
        try:
            mtmp.write_text(json.dumps(manifest, indent=1, default=str))
            os.replace(mtmp, mp)
        except BaseException:
            mtmp.unlink(missing_ok=True)
            raise
    return warehouse


FICLONE = 0x40049409  # Linux ioctl: share the source's blocks (copy-on-write)


def copy_file(src: Path, dst: Path) -> None:
    """`dst` as a new file with `src`'s bytes: a reflink when the file system allows, else a kernel copy."""
    import fcntl
    import shutil

    with open(src, "rb") as s, open(dst, "wb") as d:
        try:
            fcntl.ioctl(d.fileno(), FICLONE, s.fileno())
            return
        except OSError:
            pass
    shutil.copyfile(src, dst)


def create_views(con, sql_dir: Path | None = None) -> None:
    """The reporting views in `con`: the reconciliations (`validation/reconcile.py`), then `sql/views.sql`."""
    from pipeline.validation.reconcile import create_views as create_reconciliations

    create_reconciliations(con)
    views = Path(sql_dir or SQL_DIR) / "views.sql"
    if views.exists():
        con.execute(views.read_text())


def _fsync(path: Path) -> None:
    """Flush a file or a directory entry to disk, so a power cut cannot undo the swap's order."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def table_counts(warehouse: Path) -> dict[str, int]:
    """Rows per contract table in a published warehouse (read-only)."""
    import duckdb

    from pipeline.schema import TABLES

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        con.close()
