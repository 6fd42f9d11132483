"""Nothing lost (issue 6): bad input is rejected with its reason and hurts nobody else, re-runs
are idempotent, and the same meeting arriving twice is counted once.

The broken files are made here, in tmp_path, by tests/brokenfiles.py. The expensive part (a
whole Dagster load of the seeds plus every kind of bad file) runs once per module.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
from pathlib import Path

import polars as pl
import pytest

import brokenfiles as broken
from conftest import RAW, SEEDS, query, run_cli
from pdfgen import render_seed_pdf

from pipeline.corpus import ParseCache, parse_files, resolve_current, scan, source_partition
from pipeline.documents import Limits
from pipeline.process import process_file
from pipeline.schema import FACT_TABLES
from pipeline.tables import fact_frame

NORD_REFERAT = RAW / SEEDS["nord_2024_referat"]
SAG = RAW / SEEDS["norddjurs_sag"]
NOTAT = RAW / SEEDS["notat"]

# Bad files, some under names that would trip a careless loader: a newline, a backslash,
# quotes and SQL, a folder, and a name that is not UTF-8 at all.
ODD_NOT_PDF = "404 'side'; DROP TABLE documents; --\nkopi.pdf"
ODD_SCAN = "scannet\\side 1 [ocr] ÆØÅ.pdf"
CP1252_COPY = "eksport/Referat KKR Nordjylland 19.04.2024 (Windows-1252).txt"
NON_UTF8_NAME = b"d\xf8dt navn.txt"  # 'død' in Latin-1: not valid UTF-8

# Each bad file and words its rejection reason must contain (case-insensitive).
EXPECTED_REJECTIONS = {
    "empty.pdf": ["empty"],
    "truncated.pdf": ["truncated"],
    ODD_NOT_PDF.replace("\n", "\\n"): ["not a pdf"],
    "encrypted.pdf": ["password"],
    ODD_SCAN: ["ocr"],
    "random_bytes.txt": ["not text"],
    "huge_2001_pages.pdf": ["2001 pages", "limit"],
    "d\\xf8dt navn.txt": ["not text"],
}


def _copy_seeds(raw: Path, names=None) -> None:
    raw.mkdir(parents=True, exist_ok=True)
    for name in names or SEEDS.values():
        shutil.copy(RAW / name, raw / name)


def _snapshot(folder: Path) -> dict:
    """Every entry below folder with size and mtime: any write shows up as a difference."""
    out = {}
    for root, dirs, files in os.walk(os.fsencode(folder)):
        for name in dirs + files:
            path = os.path.join(root, name)
            st = os.lstat(path)
            out[path] = (st.st_size, st.st_mtime_ns, stat.S_IMODE(st.st_mode))
    return out


def _chmod_tree(folder: Path, dirs: int, files: int) -> None:
    for root, dirnames, filenames in os.walk(os.fsencode(folder)):
        for name in filenames:
            os.chmod(os.path.join(root, name), files)
        for name in dirnames:
            os.chmod(os.path.join(root, name), dirs)
    os.chmod(folder, dirs)


def _facts(warehouse: Path, table: str) -> list[tuple]:
    """A fact table's rows without document_id, sorted: comparable across loads."""
    cols = [r[0] for r in query(warehouse, f"SELECT column_name FROM (DESCRIBE {table})") if r[0] != "document_id"]
    return sorted(query(warehouse, f"SELECT {', '.join(cols)} FROM {table}"), key=repr)


# ---------------------------------------------------------------- the seeds plus every kind of bad file

@pytest.fixture(scope="module")
def dirty(tmp_path_factory):
    """Seeds + broken files + a Windows-1252 copy, loaded by the CLI with raw/ read-only and an empty cwd."""
    base = tmp_path_factory.mktemp("dirty")
    raw, cwd = base / "raw", base / "cwd"
    _copy_seeds(raw)
    broken.empty_pdf(raw)
    broken.truncated_pdf(raw)
    broken.not_a_pdf(raw).rename(raw / ODD_NOT_PDF)
    broken.encrypted_pdf(raw)
    broken.scanned_pdf(raw).rename(raw / ODD_SCAN)
    broken.random_bytes_txt(raw)
    broken.huge_pdf(raw)
    broken.cp1252_copy(NORD_REFERAT, raw / CP1252_COPY)
    with open(os.path.join(os.fsencode(raw), NON_UTF8_NAME), "wb") as fh:
        fh.write(bytes(range(256)) * 4)
    cwd.mkdir()
    _chmod_tree(raw, 0o555, 0o444)
    before = _snapshot(raw)
    old_cwd = os.getcwd()
    os.chdir(cwd)
    try:
        code, stdout, _ = run_cli("load", "--raw", str(raw), "--warehouse", "wh/meetings.duckdb", "--workers", "1")
    finally:
        os.chdir(old_cwd)
    after = _snapshot(raw)
    _chmod_tree(raw, 0o755, 0o644)
    return {"code": code, "stdout": stdout, "warehouse": cwd / "wh" / "meetings.duckdb",
            "raw_before": before, "raw_after": after, "cwd": cwd}


@pytest.mark.slow
def test_run_finishes_with_exit_0_and_lists_what_it_rejected(dirty):
    assert dirty["code"] == 0
    out = dirty["stdout"]
    assert f"documents: 5 loaded, {len(EXPECTED_REJECTIONS)} rejected, 1 superseded" in out
    listed = [line.strip() for line in out.splitlines() if line.strip().startswith(("rejected ", "superseded "))]
    for name in EXPECTED_REJECTIONS:
        assert any(line.startswith("rejected") and f" {name}: " in line for line in listed), name
    assert any(line.startswith("superseded") and CP1252_COPY in line for line in listed)
    assert all("\n" not in line for line in listed)  # the odd name is escaped, so one file is one line


@pytest.mark.slow
def test_every_bad_file_is_a_rejected_row_with_its_reason_and_no_facts(dirty):
    wh = dirty["warehouse"]
    rows = {r[0]: r[1:] for r in query(wh, "SELECT source_file, status, error, is_current, document_id FROM documents")}
    for name, words in EXPECTED_REJECTIONS.items():
        status, error, is_current, _ = rows[name]
        assert status == "rejected" and not is_current, name
        assert all(w in error.lower() for w in words), (name, error)
    rejected_ids = {v[3] for v in rows.values() if v[0] == "rejected"}
    for table in FACT_TABLES:
        ids = {r[0] for r in query(wh, f"SELECT DISTINCT document_id FROM {table}")}
        assert not ids & rejected_ids, table


@pytest.mark.slow
def test_good_documents_load_exactly_as_without_the_bad_ones(dirty, seed_warehouse):
    for table in (*FACT_TABLES, "people"):
        assert _facts(dirty["warehouse"], table) == _facts(seed_warehouse, table), table
    meetings = "SELECT meeting_id, body, meeting_date FROM meetings ORDER BY 1"
    assert query(dirty["warehouse"], meetings) == query(seed_warehouse, meetings)


@pytest.mark.slow
def test_windows_1252_copy_is_decoded_recognised_and_not_counted_twice(dirty):
    wh = dirty["warehouse"]
    (copy,) = query(wh, "SELECT status, body, doc_type, meeting_date::VARCHAR, superseded_by, error "
                        "FROM documents WHERE source_file = ?", CP1252_COPY)
    (original_id,) = query(wh, "SELECT document_id FROM documents WHERE source_file = ?", NORD_REFERAT.name)[0]
    assert copy[:4] == ("superseded", "KKR Nordjylland", "referat", "2024-04-19")  # decoded: 'Nordjylland' etc. read
    assert copy[4] == original_id and NORD_REFERAT.name in copy[5]
    current = query(wh, "SELECT body, doc_type, meeting_date, count(*) FROM documents WHERE is_current "
                        "GROUP BY ALL HAVING count(*) > 1")
    assert current == []


@pytest.mark.slow
def test_load_writes_nothing_in_raw_or_the_working_directory(dirty):
    assert dirty["raw_after"] == dirty["raw_before"]
    assert sorted(p.name for p in dirty["cwd"].iterdir()) == ["wh"]


# ---------------------------------------------------------------- single files, without Dagster

def _one(path: Path, limits: Limits = Limits()):
    (src,) = scan(path.parent)
    return process_file(src, limits)


def test_size_and_page_limits_reject_with_a_clear_reason(tmp_path):
    raw = tmp_path / "raw"
    _copy_seeds(raw, [SEEDS["hoved_2026_referat"]])
    size = (raw / SEEDS["hoved_2026_referat"]).stat().st_size
    too_big = _one(raw / SEEDS["hoved_2026_referat"], Limits(max_bytes=size - 1))
    assert too_big.document["status"] == "rejected" and "limit" in too_big.document["error"]
    too_much_text = _one(raw / SEEDS["hoved_2026_referat"], Limits(max_text_bytes=size // 2))
    assert "limit for text" in too_much_text.document["error"]
    assert _one(raw / SEEDS["hoved_2026_referat"], Limits(max_text_bytes=size)).loaded

    pdf = broken.huge_pdf(tmp_path / "pdf", pages=12)
    assert "12 pages; the limit is 11" in _one(pdf, Limits(max_pages=11)).document["error"]
    assert _one(pdf, Limits(max_pages=12)).document["page_count"] == 12


def test_content_decides_over_the_extension(tmp_path):
    pdf_as_txt = render_seed_pdf(SAG, tmp_path / "a" / "sag_export.txt")
    got = _one(pdf_as_txt)
    assert got.loaded and got.source_format == "pdf" and got.document["body"] == "Økonomiudvalget"

    (tmp_path / "b").mkdir()
    docx = tmp_path / "b" / "referat.docx"
    docx.write_bytes(b"PK\x03\x04" + bytes(200))
    assert "unsupported file type '.docx'" in _one(docx).document["error"]

    (tmp_path / "c").mkdir()
    utf16 = tmp_path / "c" / "notat_unicode.txt"
    utf16.write_bytes(NOTAT.read_text(encoding="utf-8").encode("utf-16"))
    got = _one(utf16)
    assert got.loaded and got.source_format == "text/utf-16" and got.document["doc_type"] == "notat"


def test_windows_1252_text_is_decoded_not_rejected(tmp_path):
    copy = broken.cp1252_copy(NORD_REFERAT, tmp_path / "raw" / "referat.txt")
    got = _one(copy)
    assert got.loaded and got.lossy
    attendees = {r["person_name"] for r in got.tables["attendance"]}
    assert any(ch in name for name in attendees for ch in "æøåÆØÅ")  # Danish letters survive the decoding


def test_odd_file_names_are_listed_safely(tmp_path):
    raw = tmp_path / "raw"
    (raw / "sub" / "dir").mkdir(parents=True)
    names = ["a\nb.txt", "back\\slash.txt", "rtl\u202etxt.pdf", "sub/dir/deep.txt", "Referat æøå (1).txt"]
    for name in names:
        (raw / name).write_text("x")
    with open(os.path.join(os.fsencode(raw), b"bad\xe6.txt"), "wb") as fh:
        fh.write(b"x")
    (raw / ".hidden.txt").write_text("x")
    (raw / "link.txt").symlink_to(NOTAT)
    os.mkfifo(raw / "pipe.txt")  # reading it would block the load forever

    files = scan(raw)
    listed = [f.source_file for f in files]
    assert sorted(listed) == sorted(["a\\nb.txt", "back\\slash.txt", "rtl\\u202etxt.pdf", "sub/dir/deep.txt",
                                     "Referat æøå (1).txt", "bad\\xe6.txt"])
    assert all(Path(f.path).exists() for f in files)  # the real path is kept for reading
    keys = {f.source_file: source_partition(f) for f in files}  # Dagster partition keys: publisher-year
    assert all(re.fullmatch(r"[a-z0-9-]+-\d{4}", k) for k in keys.values()), keys
    assert keys["sub/dir/deep.txt"].startswith("sub-") and keys["a\\nb.txt"].startswith("ungrouped-")


def test_an_unreadable_file_is_rejected_not_fatal(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    _copy_seeds(raw, [SEEDS["notat"]])
    (raw / "locked.txt").write_text("hemmeligt")
    real_open = Path.open

    def guarded(self, *args, **kwargs):  # what chmod 000 does for a non-root user
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", guarded)
    files = scan(raw)
    results = parse_files(files, None, workers=1)
    status = {r.document["source_file"]: (r.document["status"], r.document["error"]) for r in results}
    assert status[SEEDS["notat"]] == ("loaded", None)
    assert status["locked.txt"][0] == "rejected" and "Permission denied" in status["locked.txt"][1]


def _crash_on_named(args):
    """A stand-in for corpus._work that dies like a segfault in a C library on one file."""
    src = args[0]
    if src.source_file == "crash.pdf":
        os._exit(139)
    return process_file(*args[:2], fast=args[2])


def test_a_parser_process_crash_loses_only_that_file(tmp_path, monkeypatch):
    import pipeline.corpus as corpus

    raw = tmp_path / "raw"
    _copy_seeds(raw, [SEEDS["notat"], SEEDS["norddjurs_sag"], SEEDS["nord_2026_dagsorden"]])
    shutil.copy(NOTAT, raw / "crash.pdf")
    monkeypatch.setattr(corpus, "_work", _crash_on_named)  # workers unpickle it from this module
    cache = ParseCache(tmp_path / "cache")
    results = parse_files(scan(raw), cache, workers=2)
    status = {r.document["source_file"]: r.document["status"] for r in results}
    assert status == {"crash.pdf": "rejected", SEEDS["notat"]: "loaded", SEEDS["norddjurs_sag"]: "loaded",
                      SEEDS["nord_2026_dagsorden"]: "loaded"}
    crashed = next(r for r in results if r.document["source_file"] == "crash.pdf")
    assert "process died" in crashed.document["error"]
    assert cache.get(next(f for f in scan(raw) if f.source_file == "crash.pdf")) is None  # tried again next run
    assert cache.get(next(f for f in scan(raw) if f.source_file == SEEDS["notat"])) is not None


def test_cache_entries_of_versions_no_longer_in_raw_are_pruned(tmp_path):
    raw = tmp_path / "raw"
    _copy_seeds(raw, [SEEDS["notat"], SEEDS["norddjurs_sag"]])
    cache = ParseCache(tmp_path / "cache")
    parse_files(scan(raw), cache, workers=1)
    (raw / SEEDS["notat"]).write_text(NOTAT.read_text(encoding="utf-8") + "\nTilføjet.\n", encoding="utf-8")
    files = scan(raw)
    parse_files(files, cache, workers=1)
    cache.prune(keep={f.document_id for f in files})
    entries = {p.stem for p in (tmp_path / "cache").rglob("*.pkl")}
    assert entries == {f.document_id for f in files}


def _die_at_start(conn, work):
    """A stand-in for corpus._serve: a worker that dies before it can take a file."""
    os._exit(1)


def test_workers_that_cannot_start_fall_back_to_this_process(tmp_path, monkeypatch):
    import pipeline.corpus as corpus

    raw = tmp_path / "raw"
    _copy_seeds(raw, [SEEDS["notat"], SEEDS["norddjurs_sag"]])
    monkeypatch.setattr(corpus, "_serve", _die_at_start)  # workers unpickle it from this module
    results = parse_files(scan(raw), None, workers=2)
    assert [r.document["status"] for r in results] == ["loaded", "loaded"]


def _hang_on_named(args):
    """A stand-in parse that never returns for 'hang.txt' (a worker stuck in a C library)."""
    import time

    if args[0].source_file == "hang.txt":
        time.sleep(3600)
    return process_file(*args[:2], fast=args[2])


@pytest.mark.parametrize("workers", [1, 2])
def test_a_file_that_hangs_its_worker_is_rejected_after_the_timeout(tmp_path, workers):
    import time

    raw = tmp_path / "raw"
    _copy_seeds(raw, [SEEDS["notat"], SEEDS["norddjurs_sag"], SEEDS["nord_2026_dagsorden"]])
    shutil.copy(NOTAT, raw / "hang.txt")
    cache = ParseCache(tmp_path / "cache")
    started = time.monotonic()
    results = parse_files(scan(raw), cache, workers=workers, timeout_s=5, work=_hang_on_named)
    assert time.monotonic() - started < 40  # a bounded wait, not an hour
    status = {r.document["source_file"]: (r.document["status"], r.document["error"]) for r in results}
    assert status.pop("hang.txt") == ("rejected", "parsing took longer than 5 s and was stopped (a file this slow "
                                      "to read is likely malformed); the next run tries again")
    assert set(status.values()) == {("loaded", None)} and len(status) == 3
    files = {f.source_file: f for f in scan(raw)}
    assert cache.get(files["hang.txt"]) is None  # not cached: the next run tries again
    again = parse_files(scan(raw), cache, workers=workers, timeout_s=5, work=_hang_on_named)
    assert [r.document["status"] for r in again] == [r.document["status"] for r in results]  # no second wait


def test_the_parse_cache_keeps_results_per_pdf_mode_and_limits(tmp_path):
    raw = tmp_path / "raw"
    _copy_seeds(raw, [SEEDS["notat"]])
    cache = ParseCache(tmp_path / "cache")
    (src,) = scan(raw)
    size = src.size_bytes
    assert parse_files([src], cache, workers=1)[0].loaded
    # The same file under a lower size limit is another parse, not the cached 'loaded'.
    small = parse_files([src], cache, workers=1, limits=Limits(max_text_bytes=size - 1))[0]
    assert small.document["status"] == "rejected" and "limit for text" in small.document["error"]
    assert parse_files([src], cache, workers=1, fast=False)[0].loaded
    assert len(list((tmp_path / "cache").rglob("*.pkl"))) == 3


def test_nothing_in_a_document_is_executed(tmp_path):
    from pipeline.tables import documents_frame
    from pipeline.warehouse import publish

    marker = tmp_path / "pwned"
    raw = tmp_path / "raw"
    raw.mkdir()
    hostile = (
        "REFERAT\nKKR Nordjylland\n19-04-2024\n"
        f"Punkt 1. '); DROP TABLE documents; --\n$(touch {marker})\n`touch {marker}`\n"
        f"{{{{ __import__('os').system('touch {marker}') }}}}\n"
        f"__import__('os').system('touch {marker}')\n"
    )
    name = f"x'; DROP TABLE agenda_items; --$(touch {marker.name}).txt"
    (raw / name).write_text(hostile, encoding="utf-8")
    files = scan(raw)
    results = resolve_current(parse_files(files, None, workers=1), files)
    frames = {t: fact_frame(t, results) for t in FACT_TABLES}
    frames["documents"] = documents_frame(results)
    wh = publish(frames, tmp_path / "wh" / "w.duckdb")
    assert not marker.exists()
    assert query(wh, "SELECT source_file FROM documents") == [(name,)]
    assert {r[0] for r in query(wh, "SELECT table_name FROM information_schema.tables")} >= {"documents", "agenda_items"}


# ---------------------------------------------------------------- the same meeting twice

def _resolved(raw: Path):
    files = scan(raw)
    results = resolve_current(parse_files(files, None, workers=1), files)
    return {r.document["source_file"]: r for r in results}


def _set_mtime(path: Path, t: float) -> None:
    os.utime(path, (t, t))


def test_pdf_and_its_text_export_count_once(tmp_path):
    raw = tmp_path / "raw"
    _copy_seeds(raw, [SEEDS["nord_2024_referat"]])
    pdf = render_seed_pdf(NORD_REFERAT, raw / "referat_19_april.pdf")
    for path in raw.iterdir():
        _set_mtime(path, 1_700_000_000)  # the same moment: the PDF is preferred
    docs = _resolved(raw)
    text = docs[NORD_REFERAT.name].document
    assert docs[pdf.name].document["is_current"] and docs[pdf.name].document["status"] == "loaded"
    assert text["status"] == "superseded" and not text["is_current"]
    assert text["superseded_by"] == docs[pdf.name].document["document_id"]
    assert pdf.name in text["error"] and "PDF" in text["error"]
    facts = fact_frame("attendance", list(docs.values()))
    assert facts.height == len(docs[pdf.name].tables["attendance"]) > 0  # one copy of the facts


def test_corrected_minutes_republished_later_replace_the_first(tmp_path):
    raw = tmp_path / "raw"
    _copy_seeds(raw, [SEEDS["nord_2024_referat"]])
    text = NORD_REFERAT.read_text(encoding="utf-8")
    old_decision = "KKR Nordjylland bakkede op omkring den faglige ramme fra KL."
    assert old_decision in text
    corrected = raw / "referat_KKR_Nordjylland_19-04-2024_rettet.txt"
    corrected.write_text(text.replace(old_decision, "KKR Nordjylland tog orienteringen til efterretning."),
                         encoding="utf-8")
    _set_mtime(raw / NORD_REFERAT.name, 1_700_000_000)
    _set_mtime(corrected, 1_700_086_400)  # a day later
    docs = _resolved(raw)
    assert docs[corrected.name].document["is_current"]
    first = docs[NORD_REFERAT.name].document
    assert first["status"] == "superseded" and "newer" in first["error"]
    decisions = fact_frame("agenda_items", list(docs.values()))["decision"].to_list()
    assert "KKR Nordjylland tog orienteringen til efterretning." in decisions
    assert old_decision not in decisions
    assert len(decisions) == len(docs[corrected.name].tables["agenda_items"])


def test_identical_bytes_under_two_names_count_once_even_without_a_meeting_date(tmp_path):
    raw = tmp_path / "raw"
    _copy_seeds(raw, [SEEDS["notat"]])
    shutil.copy(NOTAT, raw / "notat_kopi.txt")
    docs = _resolved(raw)
    statuses = sorted(d.document["status"] for d in docs.values())
    assert statuses == ["loaded", "superseded"]
    loser = next(d.document for d in docs.values() if d.document["status"] == "superseded")
    assert "identical content" in loser["error"]


def test_different_cases_of_the_same_meeting_are_not_duplicates(tmp_path):
    raw = tmp_path / "raw"
    _copy_seeds(raw, [SEEDS["norddjurs_sag"]])
    text = SAG.read_text(encoding="utf-8")
    assert "25/555" in text
    other_case = text.replace("25/555", "25/777").replace("Kattegatalliancen", "Grenaa Havn")
    (raw / "sag_25_777.txt").write_text(other_case, encoding="utf-8")
    docs = _resolved(raw)
    assert all(d.document["status"] == "loaded" and d.document["is_current"] for d in docs.values())
    assert {d.document["meeting_date"] for d in docs.values()} == {docs[SAG.name].document["meeting_date"]}


# ---------------------------------------------------------------- re-runs

@pytest.mark.slow
def test_the_build_fingerprint_covers_assets_sql_options_and_the_manifest(tmp_path, monkeypatch):
    from pipeline import codeversion
    from pipeline.codeversion import build_fingerprint, build_options

    raw = tmp_path / "raw"
    raw.mkdir()
    options = build_options(limits=Limits(), fast_pdf=True, strict=False, parse_timeout_s=300.0)
    base = build_fingerprint(options, raw)
    assert build_fingerprint(options, raw) == base
    for changed in ({"strict": True}, {"fast_pdf": False}, {"parse_timeout_s": 10.0},
                    {"limits": {**options["limits"], "max_pages": 10}}):
        assert build_fingerprint({**options, **changed}, raw) != base, changed
    (raw / "sources.csv").write_text("file,issuer\nx.txt,Køge Kommune\n", encoding="utf-8")
    assert build_fingerprint(options, raw) != base
    (raw / "sources.csv").unlink()

    for attr in ("ASSETS_DIR", "SQL_DIR"):
        copy = tmp_path / attr
        shutil.copytree(getattr(codeversion, attr), copy, ignore=shutil.ignore_patterns("__pycache__"))
        monkeypatch.setattr(codeversion, attr, copy)
        codeversion.clear()
        base = build_fingerprint(options, raw)  # (a copy is the same build: its paths are relative)
        parse_before = codeversion.code_version()
        target = next(p for p in sorted(copy.iterdir()) if p.suffix in {".py", ".sql"})
        target.write_text(target.read_text(encoding="utf-8") + "\n-- changed\n" if target.suffix == ".sql"
                          else target.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
        codeversion.clear()
        assert build_fingerprint(options, raw) != base, attr
        assert codeversion.code_version() == parse_before  # assets and SQL do not invalidate the parse cache
        monkeypatch.undo()
        codeversion.clear()
