"""A run costs what changed: it parses new file versions only, validates their rows, and writes them
over the published warehouse; the result equals a build from empty (issue 16)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import RAW, SEEDS, query

TABLES_COMPARED = ("documents", "meetings", "people", "agenda_items", "attendance", "refugee_quotas",
                   "refugee_quota_totals", "sosu_training_places", "kkr_seats", "budget_lines", "amounts",
                   "meeting_schedule", "parse_issues", "municipalities", "parties")


def _rows(warehouse: Path, table: str) -> list:
    columns = [r[0] for r in query(warehouse, "SELECT column_name FROM information_schema.columns "
                                              "WHERE table_name = ? ORDER BY ordinal_position", table)]
    shown = ", ".join(c for c in columns if c != "loaded_at")
    return sorted(query(warehouse, f"SELECT {shown} FROM {table}"), key=repr)


@pytest.mark.slow
def test_added_removed_renamed_and_changed_files_give_the_warehouse_a_build_from_empty_gives(tmp_path):
    from assets.run import run_load
    from pipeline.warehouse import file_stamp

    raw, wh, scratch = tmp_path / "raw", tmp_path / "wh" / "meetings.duckdb", tmp_path / "full" / "meetings.duckdb"
    raw.mkdir()
    for key in ("nord_2026_dagsorden", "norddjurs_sag", "notat", "nord_2024_referat"):
        shutil.copy(RAW / SEEDS[key], raw / SEEDS[key])
    first, _ = run_load(raw, wh, workers=1)
    assert first["change"]["from_empty"] and first["change"]["new_versions"] == 4

    # The next night: minutes arrive, one file goes, one is renamed, one is corrected, one stays as it was.
    shutil.copy(RAW / SEEDS["hoved_2026_referat"], raw / SEEDS["hoved_2026_referat"])
    (raw / SEEDS["notat"]).unlink()
    (raw / SEEDS["nord_2026_dagsorden"]).rename(raw / "dagsorden_kkr_nordjylland_2026.txt")
    sag = raw / SEEDS["norddjurs_sag"]
    sag.write_text(sag.read_text(encoding="utf-8").replace("Kattegatalliancen", "Kattegat-alliancen"), "utf-8")
    (old_notat,) = query(wh, "SELECT document_id FROM documents WHERE source_file = ?", SEEDS["notat"])[0]

    second, unchanged = run_load(raw, wh, workers=1)
    assert not unchanged
    stamp = file_stamp(wh)
    _, unchanged = run_load(raw, wh, workers=1)
    assert unchanged and file_stamp(wh) == stamp  # the same raw/ again: the warehouse is not touched
    # New: the minutes, the renamed agenda and the corrected case. Gone: the notat, the agenda's old
    # name and the case's first version. Changed: those six.
    assert second["change"] == {"from_empty": False, "new_versions": 3, "changed": 6, "removed": 3, "quarantined": 0}

    # GX judged the changed documents' rows only: the attendance checks saw the new minutes' 60 people,
    # not the 24 of the 2024 minutes already published.
    (observed,) = query(wh, "SELECT observed FROM validation_results WHERE run_id = ? AND table_name = "
                            "'attendance' AND check_name = 'keys_not_null'", second["run_id"])[0]
    assert observed == "0 of 60 rows"
    assert query(wh, "SELECT count(*) FROM attendance") == [(84,)]
    whole = query(wh, "SELECT table_name, success FROM validation_results WHERE run_id = ? AND "
                      "check_name = 'whole_table_key_unique' ORDER BY 1", second["run_id"])
    assert whole == [("documents", True), ("meetings", True), ("municipalities", True), ("parties", True),
                     ("people", True)]

    full, _ = run_load(raw, scratch, workers=1, force=True)
    assert full["change"]["from_empty"]
    for table in TABLES_COMPARED:
        assert _rows(wh, table) == _rows(scratch, table), table
    assert second["rows"] == {**full["rows"], "validation_results": second["rows"]["validation_results"]}
    assert query(wh, "SELECT count(*) FROM documents WHERE source_file = ?", SEEDS["nord_2026_dagsorden"]) == [(0,)]
    for table in ("documents", "parse_issues", "amounts"):  # the removed file's rows are gone
        assert query(wh, f"SELECT count(*) FROM {table} WHERE document_id = ?", old_notat) == [(0,)], table
    (title,) = query(wh, "SELECT title FROM agenda_items WHERE title LIKE '%Kattegat%'")[0]
    assert "Kattegat-alliancen" in title  # the corrected case's rows replaced the first version's


def test_whole_table_rules_are_sql_over_every_row_and_fail_for_a_shared_key_or_an_orphan(tmp_path):
    import duckdb

    from pipeline.validation import whole_table
    from pipeline.warehouse import create_tables

    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    create_tables(con)
    con.execute("INSERT INTO documents (document_id, source_file, doc_type, status, is_current) VALUES "
                "('a', 'a.txt', 'referat', 'loaded', true), ('b', 'b.txt', 'referat', 'superseded', false)")
    con.execute("INSERT INTO attendance (document_id, person_id, person_name, status) VALUES "
                "('a', 'p1', 'Ib Holm', 'present')")
    con.execute("INSERT INTO meetings (meeting_id, body, meeting_date, minutes_document_id) VALUES "
                "('m1', 'Byrådet', DATE '2025-01-02', 'a')")
    assert whole_table.failures(whole_table.check(con)) == []

    con.execute("INSERT INTO documents (document_id, source_file, doc_type, status, is_current) VALUES "
                "('a', 'a2.txt', 'referat', 'loaded', true)")  # a second row with key 'a'
    con.execute("INSERT INTO agenda_items (document_id, item_no, title) VALUES ('b', '1', 'Fra en erstattet version')")
    con.execute("INSERT INTO meetings (meeting_id, body, meeting_date, agenda_document_id) VALUES "
                "('m2', 'Byrådet', DATE '2025-02-03', 'zz')")
    failed = {(r.table_name, r.check_name): r for r in whole_table.failures(whole_table.check(con))}
    assert set(failed) == {("documents", "whole_table_key_unique"), ("agenda_items", "whole_table_document_loaded"),
                           ("meetings", "whole_table_agenda_document_id_known")}
    assert failed[("documents", "whole_table_key_unique")].observed == "1 keys shared"
    assert "b" in failed[("agenda_items", "whole_table_document_loaded")].details
    assert all(r.severity == "error" for r in failed.values())
    con.close()


def test_a_change_is_written_over_a_copy_and_a_reader_of_the_old_file_keeps_its_bytes(tmp_path):
    """The base is copied to a new file, changed there and renamed over the published name."""
    from pipeline.warehouse import publish, swap_in
    from pipeline.schema import frame

    wh = tmp_path / "wh" / "w.duckdb"
    docs = frame("documents", [{"document_id": "d0", "source_file": "f0.txt", "doc_type": "other",
                                "status": "loaded", "is_current": True}])
    publish({"documents": docs}, wh)
    old_inode = os.stat(wh).st_ino
    with open(wh, "rb") as reader:
        old_bytes = reader.read()
        swap_in(wh, lambda con: con.execute("INSERT INTO documents (document_id, source_file, doc_type, status) "
                                            "VALUES ('d1', 'f1.txt', 'other', 'loaded')") and None, base=wh)
        assert os.stat(wh).st_ino != old_inode
        reader.seek(0)
        assert reader.read() == old_bytes
    assert query(wh, "SELECT document_id FROM documents ORDER BY 1") == [("d0",), ("d1",)]


def test_the_partition_of_a_file_is_its_publisher_and_year(tmp_path):
    import time

    from pipeline.corpus import source_partition
    from pipeline.rawfiles import SourceFile

    june_2023 = time.mktime((2023, 6, 1, 12, 0, 0, 0, 0, -1))

    def part(name: str, issuer: str | None = None) -> str:
        return source_partition(SourceFile(f"/x/{name}", name, "0" * 64, 1, june_2023, "id", issuer))

    assert part("Aarhus Kommune/referat_2024-04-19.pdf") == "aarhus-kommune-2024"
    assert part("Aarhus Kommune/referat.pdf") == "aarhus-kommune-2023"  # no year in the name: its mtime's
    assert part("a.txt", "Københavns Kommune") == "kobenhavns-kommune-2023"  # raw/sources.csv wins
    assert part("Ældre/2019_sag.txt", "KKR Sjælland") == "kkr-sjaelland-2019" or part(
        "Ældre/2019_sag.txt", "KKR Sjælland").endswith("-2019")
    assert part("20240419.txt") == "ungrouped-2023"  # eight digits are a date, not a year in the name
    assert part("budget 2031-2034.txt") == "ungrouped-2031"


def test_a_quarantined_correction_gives_the_first_version_back_on_the_next_run(tmp_path):
    """Corrected minutes supersede the first version; when a check quarantines the correction, the
    store keeps that verdict, the warehouse is marked unsettled, and the next plan makes the first
    version current again (the pipeline's side of it, without Dagster)."""
    import os

    from pipeline.corpus import scan
    from pipeline.increment import plan, sync_store
    from pipeline.loadsummary import is_unchanged
    from pipeline.rawfiles import Limits
    from pipeline.store import DocumentStore

    raw = tmp_path / "raw"
    raw.mkdir()
    first = raw / SEEDS["nord_2024_referat"]
    shutil.copy(RAW / SEEDS["nord_2024_referat"], first)
    corrected = raw / "referat_rettet.txt"
    corrected.write_text(first.read_text(encoding="utf-8").replace("bakkede op omkring", "støttede"), "utf-8")
    os.utime(first, (1_700_000_000, 1_700_000_000))
    os.utime(corrected, (1_700_086_400, 1_700_086_400))  # a day later: the correction wins
    files = scan(raw)
    store = DocumentStore(tmp_path / "store.duckdb")
    parsed, unfit = sync_store(files, store, None, limits=Limits(), fast=True, workers=1, timeout_s=None)
    assert [p["status"] for p in parsed] == ["loaded", "loaded"] and unfit == []

    def current(change):
        target = change.read("target")
        return dict(zip(target["document_id"], zip(target["status"], target["is_current"])))

    ids = {f.source_file: f.document_id for f in files}
    before = current(plan(files, store, None, tmp_path / "run1"))
    assert before[ids[corrected.name]] == ("loaded", True) and before[ids[first.name]] == ("superseded", False)

    store.quarantine({ids[corrected.name]: "refugee_quotas.figures_plausible: …"})
    after = current(plan(files, store, None, tmp_path / "run2"))
    assert after[ids[corrected.name]] == ("quarantined", False) and after[ids[first.name]] == ("loaded", True)
    assert not is_unchanged({"unsettled": True, "files": {}}, {}, None)


def _base_of(change, path: Path) -> Path:
    """A published warehouse whose `documents` are `change`'s resolved versions (for planning against)."""
    import duckdb

    from pipeline.warehouse import create_tables

    con = duckdb.connect(str(path))
    create_tables(con)
    con.execute("INSERT INTO documents BY NAME SELECT * FROM read_parquet(?)", [str(change.path("target"))])
    con.close()
    return path


def test_a_plan_against_a_base_moves_only_what_can_move(tmp_path):
    """Removing the current version makes the superseded one current; re-dating the older file makes
    it the newer one; a version nothing touches keeps the base's state."""
    import os

    from pipeline.corpus import scan
    from pipeline.increment import plan, sync_store
    from pipeline.rawfiles import Limits
    from pipeline.store import DocumentStore

    raw = tmp_path / "raw"
    raw.mkdir()
    first, corrected, other = raw / "referat.txt", raw / "referat_rettet.txt", raw / "notat.txt"
    shutil.copy(RAW / SEEDS["nord_2024_referat"], first)
    corrected.write_text(first.read_text(encoding="utf-8").replace("bakkede op omkring", "støttede"), "utf-8")
    shutil.copy(RAW / SEEDS["notat"], other)
    for path, stamp in ((first, 1_700_000_000), (corrected, 1_700_086_400), (other, 1_690_000_000)):
        os.utime(path, (stamp, stamp))
    store = DocumentStore(tmp_path / "store.duckdb")
    sync_store(scan(raw), store, None, limits=Limits(), fast=True, workers=1, timeout_s=None)

    def state(change):
        t = change.read("target")
        names = dict(zip((f.document_id for f in scan(raw)), (f.source_file for f in scan(raw))))
        return {names[i]: (s, c) for i, s, c in zip(t["document_id"], t["status"], t["is_current"]) if i in names}

    built = plan(scan(raw), store, None, tmp_path / "run0")
    assert state(built) == {"referat.txt": ("superseded", False), "referat_rettet.txt": ("loaded", True),
                            "notat.txt": ("loaded", True)}
    base = _base_of(built, tmp_path / "base.duckdb")

    nothing = plan(scan(raw), store, base, tmp_path / "run1")
    assert (nothing.changed, nothing.removed, nothing.new_versions) == (0, 0, 0)

    os.utime(first, (1_700_172_800, 1_700_172_800))  # the first file re-published a day after the correction
    redated = plan(scan(raw), store, base, tmp_path / "run2")
    assert state(redated)["referat.txt"] == ("loaded", True) and state(redated)["referat_rettet.txt"][0] == "superseded"
    assert redated.changed == 2  # the two versions of those minutes, not the notat

    os.utime(first, (1_700_000_000, 1_700_000_000))
    corrected.unlink()
    gone = plan(scan(raw), store, base, tmp_path / "run3")
    assert state(gone) == {"referat.txt": ("loaded", True), "notat.txt": ("loaded", True)}
    assert (gone.changed, gone.removed) == (2, 1)
