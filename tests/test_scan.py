"""Scanning raw/ at scale: size and mtime first, so an unchanged folder is not read again."""

from __future__ import annotations

import os
import shutil
import time

import pipeline.corpus as corpus
import pipeline.rawfiles as rawfiles
from conftest import RAW, SEEDS


def _counting(monkeypatch) -> list[str]:
    hashed: list[str] = []
    plain = rawfiles.sha256_of

    def counted(path):
        hashed.append(os.path.basename(path))
        return plain(path)

    monkeypatch.setattr(rawfiles, "sha256_of", counted)
    return hashed


def _age(path, seconds: float = 3600) -> None:
    old = time.time() - seconds
    os.utime(path, (old, old))


def test_a_second_scan_of_an_unchanged_folder_hashes_nothing(tmp_path, monkeypatch):
    raw, cache = tmp_path / "raw", tmp_path / "wh" / "meetings.duckdb.scan.json"
    raw.mkdir()
    for name in SEEDS.values():
        shutil.copy(RAW / name, raw / name)
        _age(raw / name)
    hashed = _counting(monkeypatch)
    first = corpus.scan(raw, cache)
    assert sorted(hashed) == sorted(SEEDS.values()) and cache.exists()

    hashed.clear()
    second = corpus.scan(raw, cache)
    assert hashed == []
    assert [(f.source_file, f.sha256, f.document_id) for f in second] == [
        (f.source_file, f.sha256, f.document_id) for f in first]

    # a changed file (new size, new mtime) is hashed again, and only that one
    changed = raw / SEEDS["notat"]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nTilføjet linje.\n", encoding="utf-8")
    _age(changed, 60)
    hashed.clear()
    third = {f.source_file: f.sha256 for f in corpus.scan(raw, cache)}
    assert hashed == [SEEDS["notat"]]
    assert third[SEEDS["notat"]] == rawfiles.sha256_of(changed)

    # same size, other bytes, other mtime: hashed again too
    body = bytearray(changed.read_bytes())
    body[-2:-1] = b"X"
    changed.write_bytes(bytes(body))
    _age(changed, 30)
    hashed.clear()
    corpus.scan(raw, cache)
    assert hashed == [SEEDS["notat"]]


def test_a_file_written_just_now_is_not_trusted_from_the_cache(tmp_path, monkeypatch):
    """Within the mtime's resolution a file can change again unseen: a fresh file is hashed every scan."""
    raw, cache = tmp_path / "raw", tmp_path / "scan.json"
    raw.mkdir()
    shutil.copy(RAW / SEEDS["notat"], raw / "new.txt")
    hashed = _counting(monkeypatch)
    corpus.scan(raw, cache)
    corpus.scan(raw, cache)
    assert hashed == ["new.txt", "new.txt"]


def test_an_unchanged_check_imports_no_parser_polars_or_duckdb(tmp_path):
    """What decides 'nothing to do' stays light: no parsers, Polars, DuckDB or Dagster in the process."""
    import subprocess
    import sys

    from conftest import ROOT

    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RAW / SEEDS["notat"], raw / "a.txt")
    code = ("import sys; from pipeline.runner import prepare_load; "
            f"p = prepare_load({str(raw)!r}, {str(tmp_path / 'w' / 'w.duckdb')!r}); "
            "heavy = [m for m in ('polars', 'duckdb', 'dagster', 'pipeline.parsers', 'pipeline.classify') "
            "if m in sys.modules]; print(len(p.files), heavy)")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.stdout.strip() == "1 []", proc.stderr


def test_a_removed_file_leaves_the_cache_and_a_broken_cache_is_ignored(tmp_path, monkeypatch):
    raw, cache = tmp_path / "raw", tmp_path / "scan.json"
    raw.mkdir()
    for name in (SEEDS["notat"], SEEDS["norddjurs_sag"]):
        shutil.copy(RAW / name, raw / name)
        _age(raw / name)
    corpus.scan(raw, cache)
    (raw / SEEDS["notat"]).unlink()
    assert [f.source_file for f in corpus.scan(raw, cache)] == [SEEDS["norddjurs_sag"]]
    assert list(corpus.ScanCache.load(cache)) == [SEEDS["norddjurs_sag"]]
    cache.write_text("{not json")
    hashed = _counting(monkeypatch)
    assert [f.source_file for f in corpus.scan(raw, cache)] == [SEEDS["norddjurs_sag"]]
    assert hashed == [SEEDS["norddjurs_sag"]]
