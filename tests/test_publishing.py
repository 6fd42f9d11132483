"""Safe publishing (issue 6): a load swaps a complete new warehouse in atomically, a reader never
sees half of one or a lock error, and a load killed with SIGKILL harms nothing the next run
cannot clean up by itself.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import polars as pl
import pytest

from conftest import RAW, ROOT, SEEDS, query

from assets.run import LoadFailed, run_load
from pipeline.schema import frame
from pipeline.warehouse import file_stamp, publish, read_manifest

FIRST = [SEEDS["nord_2026_dagsorden"], SEEDS["norddjurs_sag"], SEEDS["notat"]]
SNAPSHOT_SQL = ("SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM agenda_items), "
                "(SELECT count(*) FROM attendance), (SELECT count(*) FROM meetings)")

# A dashboard in another process: open read-only, read, close, again and again.
POLLER = f"""
import duckdb, json, os, sys, time
wh, stop = sys.argv[1], sys.argv[2]
while not os.path.exists(stop):
    try:
        con = duckdb.connect(wh, read_only=True)
        try:
            print(json.dumps(list(con.execute({SNAPSHOT_SQL!r}).fetchone())), flush=True)
        finally:
            con.close()
    except Exception as exc:
        print("ERROR " + repr(exc), flush=True)
    time.sleep(0.01)
"""


# The CLI in a subprocess whose publish pauses with the new file complete, just before the swap.
PAUSED_LOAD = """
import sys, time
import pipeline.warehouse as w

plain = w.swap_in

def pause(tmp):
    print("READY TO SWAP " + tmp.name, file=sys.stderr, flush=True)
    time.sleep(300)

def swap_in(*args, **kwargs):
    return plain(*args, before_swap=pause, **kwargs)

w.swap_in = swap_in  # before assets.warehouse imports it
from assets.cli import main
main(sys.argv[1:])
"""


def _snapshot(warehouse: Path) -> list[int]:
    return list(query(warehouse, SNAPSHOT_SQL)[0])


def _temp_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if ".building-" in p.name or ".tmp" in p.name]


def _clean_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KL_") and k != "DAGSTER_HOME"}
    return {**env, **extra}


def _dead_pid() -> int:
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A published warehouse of three seeds: (raw folder, warehouse file)."""
    base = tmp_path_factory.mktemp("publishing")
    raw, wh = base / "raw", base / "wh" / "meetings.duckdb"
    raw.mkdir()
    for name in FIRST:
        shutil.copy(RAW / name, raw / name)
    run_load(raw, wh, workers=1)
    return raw, wh


@pytest.mark.slow
def test_a_reader_sees_the_old_or_the_new_warehouse_never_a_mix_or_an_error(built, tmp_path):
    raw, wh = built
    stop = tmp_path / "stop"
    poller = subprocess.Popen([sys.executable, "-c", POLLER, str(wh), str(stop)], stdout=subprocess.PIPE, text=True)
    seen: list[str] = []
    reader = threading.Thread(target=lambda: seen.extend(poller.stdout), daemon=True)
    reader.start()
    try:
        import duckdb

        held = duckdb.connect(str(wh), read_only=True)  # an analyst's session, open across the load
        old = list(held.execute(SNAPSHOT_SQL).fetchone())
        deadline = time.monotonic() + 30
        while not seen and time.monotonic() < deadline:  # the dashboard is reading before the load starts
            time.sleep(0.05)
        for name in (SEEDS["nord_2024_referat"], SEEDS["hoved_2026_referat"]):
            shutil.copy(RAW / name, raw / name)
        _, unchanged = run_load(raw, wh, workers=1)
        assert not unchanged
        assert list(held.execute(SNAPSHOT_SQL).fetchone()) == old  # the open session still reads the old file
        held.close()
        new = _snapshot(wh)
        assert new != old and new[0] == old[0] + 2
        deadline = time.monotonic() + 30
        while json.dumps(new) not in [line.strip() for line in seen] and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.touch()
        poller.wait(timeout=30)
        reader.join(timeout=5)
    lines = [line.strip() for line in seen]
    assert lines and not [line for line in lines if line.startswith("ERROR")]
    assert {line for line in lines} <= {json.dumps(old), json.dumps(new)}
    assert lines[0] == json.dumps(old) and lines[-1] == json.dumps(new)


@pytest.mark.slow
def test_sigkill_mid_load_keeps_the_old_warehouse_and_the_next_run_recovers(built, tmp_path):
    raw, wh = built
    old, old_stamp, old_manifest = _snapshot(wh), file_stamp(wh), read_manifest(wh)
    assert old_manifest is not None
    (raw / SEEDS["notat"]).unlink()  # the load to be killed would publish one document fewer

    proc = subprocess.Popen(
        [sys.executable, "-c", PAUSED_LOAD, "load", "--raw", str(raw), "--warehouse", str(wh), "--workers", "1"],
        cwd=tmp_path, env=_clean_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue[str | None] = queue.Queue()
    threading.Thread(target=lambda: ([lines.put(x) for x in proc.stderr], lines.put(None)), daemon=True).start()
    try:
        while True:  # until the new warehouse is complete and only the swap is left
            line = lines.get(timeout=240)
            assert line is not None, f"the load ended before the swap (exit {proc.wait()})"
            if line.startswith("READY TO SWAP"):
                break
        proc.send_signal(signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()

    assert [p.name for p in _temp_files(wh.parent)] == [f"{wh.name}.building-{proc.pid}"]  # it died mid-publish
    assert file_stamp(wh) == old_stamp and _snapshot(wh) == old  # the old warehouse, untouched and readable
    assert read_manifest(wh) == old_manifest

    manifest, unchanged = run_load(raw, wh, workers=1)  # the next run needs no help
    assert not unchanged and manifest["documents"] == {"loaded": len(list(raw.iterdir()))}
    assert _snapshot(wh)[0] == old[0] - 1
    assert _temp_files(wh.parent) == []


def test_leftovers_of_dead_loads_go_even_when_nothing_else_changed(built):
    raw, wh = built
    run_load(raw, wh, workers=1)  # whatever state the other tests left: now published and current
    dead, alive = _dead_pid(), os.getppid()
    cache = next((wh.parent / ".parsed").iterdir())
    stale = [wh.with_name(f"{wh.name}.building-{dead}"), wh.with_name(f"{wh.name}.building-{dead}.wal"),
             wh.with_name(f"{wh.name}.manifest.json.tmp{dead}"), cache / f"0123456789abcdef.tmp{dead}"]
    live = wh.with_name(f"{wh.name}.building-{alive}")  # another load, still running: not ours to delete
    for path in (*stale, live):
        path.write_bytes(b"half-written")
    try:
        _, unchanged = run_load(raw, wh, workers=1)
        assert unchanged
        assert [p for p in stale if p.exists()] == []
        assert live.exists()
        old = time.time() - 3 * 24 * 3600  # a day-old temp file is abandoned even if its pid is in use again
        os.utime(live, (old, old))
        run_load(raw, wh, workers=1)
        assert not live.exists()
    finally:
        live.unlink(missing_ok=True)


def _documents(n: int) -> pl.DataFrame:
    return frame("documents", [{"document_id": f"d{i}", "source_file": f"f{i}.txt", "doc_type": "other",
                                "status": "loaded", "is_current": True} for i in range(n)])


def test_a_failed_publish_leaves_the_previous_warehouse_and_no_temp_files(tmp_path):
    wh = tmp_path / "wh" / "w.duckdb"
    publish({"documents": _documents(2)}, wh, {"files": {"f0.txt": "x"}})
    stamp, manifest = file_stamp(wh), read_manifest(wh)
    broken = _documents(3).with_columns(pl.lit("not a number").alias("page_count"))
    with pytest.raises(Exception):
        publish({"documents": broken}, wh, {"files": {}})
    assert file_stamp(wh) == stamp and read_manifest(wh) == manifest
    assert query(wh, "SELECT count(*) FROM documents") == [(2,)]
    assert _temp_files(wh.parent) == []


def test_a_manifest_describing_another_file_is_not_believed(tmp_path):
    wh = tmp_path / "w.duckdb"
    publish({"documents": _documents(1)}, wh, {"files": {"f0.txt": "x"}})
    assert read_manifest(wh)["files"] == {"f0.txt": "x"}
    publish({"documents": _documents(2)}, wh)  # as if killed between the swap and the manifest write
    assert read_manifest(wh) is None  # so the next run rebuilds instead of trusting it


def test_a_warehouse_inside_raw_or_an_empty_raw_is_refused(built, tmp_path):
    raw, wh = built
    with pytest.raises(LoadFailed, match="inside the raw folder"):
        run_load(raw, raw / "wh" / "w.duckdb", workers=1)
    assert not (raw / "wh").exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    stamp = file_stamp(wh)
    with pytest.raises(LoadFailed, match="holds no files"):
        run_load(empty, wh, workers=1, force=True)
    assert file_stamp(wh) == stamp


def test_publish_swaps_in_a_new_file_and_an_open_reader_keeps_the_old_bytes(tmp_path):
    """Atomic means a new inode renamed over the old name: a reader holding the old file keeps
    every byte of it, and never sees the new file half-written. Copying the new bytes over the
    published file (same inode) fails both assertions."""
    wh = tmp_path / "wh" / "w.duckdb"
    publish({"documents": _documents(2)}, wh, {"files": {"f0.txt": "x"}})
    old_inode = os.stat(wh).st_ino
    with open(wh, "rb") as reader:  # a reader that opened the published file before the load
        old_bytes = reader.read()
        seen: list[int] = []
        publish({"documents": _documents(50)}, wh, {"files": {"f1.txt": "y"}},
                before_swap=lambda new: seen.append(os.stat(new).st_ino))
        assert os.stat(wh).st_ino != old_inode  # the published name is a new file ...
        assert seen == [os.stat(wh).st_ino]  # ... the one built beside it and renamed, not a copy
        reader.seek(0)
        assert reader.read() == old_bytes  # the reader's file is intact
    assert query(wh, "SELECT count(*) FROM documents") == [(50,)]
    assert read_manifest(wh)["files"] == {"f1.txt": "y"}
    assert _temp_files(wh.parent) == []
