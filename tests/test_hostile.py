"""Hostile input survives (issue 15): every input of tests/hostile.py beside the seeds, in one load.

Each hostile file ends loaded, rejected, superseded or quarantined, with a reason whenever it
is not loaded; the seeds come out exactly as in the seed-only load; no traceback reaches the
output. The load runs with a short per-file timeout (8 s): a file that takes longer to parse
(today the 600 kB single line, ~20 s) is rejected for it, which is the timeout at work on a
real file rather than a stand-in.
"""

from __future__ import annotations

import shutil

import pytest

import hostile
from conftest import RAW, SEEDS, query, run_cli, seed_rows

TIMEOUT_S = 8
OUTCOMES = {"loaded", "rejected", "superseded", "quarantined"}


@pytest.fixture(scope="module")
def hostile_load(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    raw, wh = base / "raw", base / "wh" / "meetings.duckdb"
    raw.mkdir()
    for name in SEEDS.values():
        shutil.copy(RAW / name, raw / name)
    expected = hostile.all_hostile(raw)
    code, stdout, stderr = run_cli("load", "--raw", str(raw), "--warehouse", str(wh), "--workers", "2",
                                   "--parse-timeout", str(TIMEOUT_S))
    docs = {r[0]: r[1:] for r in query(wh, "SELECT source_file, status, error, document_id FROM documents")}
    return {"code": code, "stdout": stdout, "stderr": stderr, "warehouse": wh,
            "expected": expected, "documents": docs}


@pytest.mark.slow
def test_the_load_finishes_without_a_traceback(hostile_load):
    assert hostile_load["code"] == 0, hostile_load["stderr"]
    assert "Traceback" not in hostile_load["stdout"] + hostile_load["stderr"]
    assert "load finished" in hostile_load["stdout"]


@pytest.mark.slow
def test_every_hostile_file_has_an_outcome_and_a_reason(hostile_load):
    docs = hostile_load["documents"]
    for name, outcome in hostile_load["expected"].items():
        status, error, _ = docs[name]
        assert status in OUTCOMES, name
        assert outcome == "any" or status == outcome, (name, status, error)
        assert (status == "loaded") == (error is None), (name, status, error)
    assert "x.txt" not in docs  # a folder is no document; the file inside it is


@pytest.mark.slow
def test_specific_outcomes_and_their_reasons(hostile_load):
    docs = hostile_load["documents"]
    assert "values_fit_types" in docs["beyond_64_bits.txt"][1] and "18446744073709551617" in docs["beyond_64_bits.txt"][1]
    assert "corrupt pdf" in docs["zero_pages.pdf"][1].lower() or "no pages" in docs["zero_pages.pdf"][1].lower()
    assert "lossy cp1252" in docs["windows_export.txt"][1]
    assert docs["truncated_referat.txt"][1].startswith(f"superseded by {SEEDS['nord_2024_referat']}")
    long_line = docs["one_long_line.txt"]
    assert long_line[0] == "loaded" or f"longer than {TIMEOUT_S} s" in long_line[1]


@pytest.mark.slow
def test_the_seeds_are_exact_beside_hostile_files(hostile_load, seed_warehouse):
    from pipeline.schema import FACT_TABLES

    for name in SEEDS.values():
        assert hostile_load["documents"][name][:2] == ("loaded", None), name
    for table in FACT_TABLES:
        assert seed_rows(hostile_load["warehouse"], table) == seed_rows(seed_warehouse, table), table


@pytest.mark.slow
def test_nothing_of_a_document_that_is_not_loaded_reaches_the_facts(hostile_load):
    from pipeline.schema import FACT_TABLES

    wh = hostile_load["warehouse"]
    out = {doc_id for status, _, doc_id in hostile_load["documents"].values() if status != "loaded"}
    for table in FACT_TABLES:
        if table == "parse_issues":
            continue
        ids = {r[0] for r in query(wh, f"SELECT DISTINCT document_id FROM {table}")}
        assert not ids & out, table
