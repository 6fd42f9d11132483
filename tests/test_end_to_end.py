"""The whole load through Dagster on the seed corpus: tables, re-runs, the CLI, executors."""

import os
import subprocess
import sys
import time
from pathlib import Path

from conftest import RAW, ROOT, query


def test_every_seed_document_loads(seed_warehouse):
    rows = query(seed_warehouse, "SELECT source_file, status, doc_type, body, meeting_date::VARCHAR, page_count > 0 "
                                 "FROM documents ORDER BY source_file")
    assert [r[:5] for r in rows] == [
        ("000_8d54ce4d43275776.txt", "loaded", "referat", "KKR Nordjylland", "2024-04-19"),
        ("001_2d4981eb64247659.txt", "loaded", "dagsorden", "KKR Nordjylland", "2026-01-23"),
        ("002_18d36715c11bc962.txt", "loaded", "referat", "KKR Hovedstaden", "2026-06-16"),
        ("003_5df23366ba455b5e.txt", "loaded", "sagsfremstilling", "Økonomiudvalget", "2025-02-04"),
        ("004_152554ed5c6a8923.txt", "loaded", "notat", "Direktionen", None),
    ]
    assert all(r[5] for r in rows)


def test_agenda_items_per_document(seed_warehouse):
    counts = dict(query(seed_warehouse, "SELECT d.source_file, count(*) FROM agenda_items a "
                                        "JOIN documents d USING (document_id) GROUP BY 1"))
    assert counts == {"000_8d54ce4d43275776.txt": 11, "001_2d4981eb64247659.txt": 10,
                      "002_18d36715c11bc962.txt": 14, "003_5df23366ba455b5e.txt": 1}
    assert query(seed_warehouse, "SELECT item_no, case_no FROM agenda_items WHERE case_no = '25/555'") == [(None, "25/555")]


def test_meeting_plan_and_meetings(seed_warehouse):
    plan = query(seed_warehouse, "SELECT count(*), min(meeting_date)::VARCHAR, max(meeting_date)::VARCHAR "
                                 "FROM meeting_schedule WHERE kind = 'plan'")
    assert plan == [(21, "2026-01-23", "2030-01-25")]
    meetings = query(seed_warehouse, "SELECT meeting_id, agenda_document_id IS NOT NULL, minutes_document_id IS NOT NULL "
                                     "FROM meetings ORDER BY meeting_date")
    assert meetings == [
        ("kkr-nordjylland-2024-04-19", False, True),
        ("norddjurs-kommune-okonomiudvalget-2025-02-04", False, True),
        ("kkr-nordjylland-2026-01-23", True, False),
        ("kkr-hovedstaden-2026-06-16", False, True),
    ]


def test_reference_tables(seed_warehouse):
    assert query(seed_warehouse, "SELECT count(*), count(DISTINCT code) FROM municipalities") == [(98, 98)]
    assert query(seed_warehouse, "SELECT name, kkr FROM municipalities WHERE code = '851'") == [("Aalborg", "KKR Nordjylland")]
    assert query(seed_warehouse, "SELECT count(*) FROM parties") == [(15,)]


def test_unchanged_rerun_is_skipped_and_changes_nothing(seed_load):
    from assets.run import run_load

    warehouse, manifest = seed_load
    before = warehouse.stat().st_mtime_ns
    again, unchanged = run_load(RAW, warehouse)
    assert unchanged and again == manifest
    assert warehouse.stat().st_mtime_ns == before


def test_cli_load_prints_summary(tmp_path):
    out = tmp_path / "w" / "meetings.duckdb"
    env = {k: v for k, v in os.environ.items() if not k.startswith("KL_") and k != "DAGSTER_HOME"}
    proc = subprocess.run([sys.executable, "-m", "assets", "load", "--raw", str(RAW), "--warehouse", str(out)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "documents: 5 loaded, 0 rejected, 0 superseded" in proc.stdout
    assert "agenda_items" in proc.stdout and out.exists()
    forced = subprocess.run([sys.executable, "-m", "assets", "load", "--raw", str(RAW), "--warehouse", str(out),
                             "--force"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert forced.returncode == 0, forced.stderr
    # quality history: one set of check results per run, kept across publishes
    runs = query(out, "SELECT count(DISTINCT run_id), count(*) FROM validation_results")
    assert runs[0][0] == 2 and runs[0][1] % 2 == 0
    again = subprocess.run([sys.executable, "-m", "assets", "load", "--raw", str(RAW), "--warehouse", str(out)],
                           cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0 and "unchanged" in again.stdout


def test_missing_raw_folder_is_a_clear_error(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "assets", "load", "--raw", str(tmp_path / "nope"),
                           "--warehouse", str(tmp_path / "w.duckdb")], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 1 and "raw folder not found" in proc.stderr


def test_multiprocess_executor_gives_the_same_warehouse(seed_warehouse, tmp_path, monkeypatch):
    from assets.run import run_load
    from pipeline.schema import FACT_TABLES

    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    (tmp_path / "dagster_home").mkdir()
    out = tmp_path / "mp" / "meetings.duckdb"
    run_load(RAW, out, force=True, executor="multiprocess")
    for table in (*FACT_TABLES, "documents", "meetings", "people"):
        cols = "* EXCLUDE (loaded_at)" if table == "documents" else "*"
        a = sorted(map(repr, query(seed_warehouse, f"SELECT {cols} FROM {table}")))
        b = sorted(map(repr, query(out, f"SELECT {cols} FROM {table}")))
        assert a == b, table
    runs = query(out, "SELECT count(DISTINCT run_id) FROM validation_results")
    assert runs == [(1,)]


def test_pdf_renderings_give_the_same_facts_as_the_texts(seed_warehouse, pdf_dir, tmp_path):
    """Issue 2-4: the same rows whether a meeting arrives as text or as PDF (pages aside)."""
    from assets.run import run_load

    out = tmp_path / "pdf" / "meetings.duckdb"
    manifest, _ = run_load(pdf_dir, out, force=True)
    assert manifest["documents"] == {"loaded": 5}
    comparable = {
        "agenda_items": "item_no, title, case_no, recommendation, decision",
        "attendance": "meeting_date, body, person_name, party, municipality_code, status, substitute_for, role_note",
        "refugee_quotas": "year, municipality_code, municipality, quota",
        "refugee_quota_totals": "year, level, area, quota",
        "sosu_training_places": "year, area, program, measure, places",
        "kkr_seats": "kkr, period, party, mayors, supplementary, total",
        "budget_lines": "item_no, label, amount_dkk, is_total",
        "amounts": "item_no, amount_dkk, year",
        "meeting_schedule": "body, meeting_date, weekday, note, kind",
        "meetings": "meeting_id, body, meeting_date",
        "documents": "doc_type, body, meeting_date, document_date, meeting_time, place, status",
    }
    for table, cols in comparable.items():
        text_rows = sorted(map(repr, query(seed_warehouse, f"SELECT {cols} FROM {table}")))
        pdf_rows = sorted(map(repr, query(out, f"SELECT {cols} FROM {table}")))
        assert text_rows, table
        assert pdf_rows == text_rows, table
    # PDFs know their real pages: every fact row points at a page of its document
    bad = query(out, "SELECT count(*) FROM attendance a JOIN documents d USING (document_id) "
                     "WHERE a.page IS NULL OR a.page < 1 OR a.page > d.page_count")
    assert bad == [(0,)]


def test_quotas_that_do_not_add_up_load_and_fail_a_check_naming_the_document(tmp_path):
    """Issue 5: the rows stay, the failure is recorded, the document is named."""
    from assets.run import run_load

    raw = tmp_path / "raw"
    raw.mkdir()
    text = (RAW / "002_18d36715c11bc962.txt").read_text(encoding="utf-8")
    assert text.count("147 Frederiksberg\t16") == 1
    (raw / "hovedstaden_2026_rettet.txt").write_text(text.replace("147 Frederiksberg\t16", "147 Frederiksberg\t19"),
                                                      encoding="utf-8")
    out = tmp_path / "w" / "meetings.duckdb"
    manifest, _ = run_load(raw, out, force=True, workers=1)
    assert manifest["documents"] == {"loaded": 1}
    assert query(out, "SELECT count(*), sum(quota) FROM refugee_quotas") == [(46, 280)]
    (doc_id,) = query(out, "SELECT document_id FROM documents")[0]
    failed = query(out, "SELECT table_name, check_name, severity, observed, details FROM validation_results "
                        "WHERE NOT success")
    assert [(t, c, s) for t, c, s, _, _ in failed] == [("refugee_quotas", "quotas_match_stated_total", "warn")]
    observed, details = failed[0][3], failed[0][4]
    assert "280" in observed and "277" in observed
    assert doc_id in details
