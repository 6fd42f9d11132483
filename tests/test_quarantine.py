"""Two kinds of check (issue 15): what a document brings is that document's problem, not the load's.

One load (the CLI, like a nightly run) of the seed corpus plus five documents, each bringing
one kind of trouble:

- KKR Syddanmark minutes listing two 'Anna Holm (A)', of Esbjerg and of Kolding: two people,
  both load (this failed the whole load on `attendance: key_unique` before);
- a KKR Syddanmark agenda whose seat table states no election period: the period is taken
  from the meeting date (20-01-2027 -> '2026-2030') and said so in `parse_issues`
  (this failed the whole load on `kkr_seats: keys_not_null` before);
- KKR Sjælland minutes with a quota of 10^20 (beyond 64 bits): quarantined;
- a KKR Midtjylland agenda with a negative seat count: quarantined;
- a notat whose budget lines sum to 61.000 kr. but says 'I alt 61.001': loaded and flagged.

Expected values are read off these texts by hand. The seeds must come out exactly as in the
seed-only load (`seed_warehouse`).
"""

from __future__ import annotations

import shutil

import pytest

from conftest import RAW, SEEDS, query, run_cli, seed_rows

NAMESAKES = ("kkr_syd_referat_2025-03-12.txt", """REFERAT

KKR SYDDANMARK

Dato: 12-03-2025 10:00

Deltagerfortegnelse

Deltagere

Anna Holm (A) Esbjerg Kommune

Anna Holm (A) Kolding Kommune

Peter Lund (V) Vejle Kommune

Afbud

Jens Madsen (C) Odense Kommune

1. Godkendelse af dagsorden

Dagsordenen blev godkendt.
""")

NO_PERIOD = ("kkr_syd_dagsorden_2027-01-20.txt", """DAGSORDEN

KKR SYDDANMARK

Dato: 20-01-2027 10:00

1. Sammensætning af KKR Syddanmark

Sammensætningen fremgår af tabellen.

KKR Syddanmark A C V I alt
Borgmestre 4 2 6 12
Supplerende valg 5 3 2 10
Antal medlemmer 9 5 8 22

2. Eventuelt
""")

HUGE_QUOTA = ("kkr_sjaelland_referat_2028-06-14.txt", """REFERAT 2028

KKR SJÆLLAND

Dato: 14-06-2028 10:00

1. Kommunekvoter for fordeling af flygtninge for 2029

Beregnete kommunekvoter
\t2029
Region Østdanmark\t
253 Greve\t2
259 Køge\t100000000000000000000
265 Roskilde\t10
Region Østdanmark i alt\t12
""")

NEGATIVE_SEATS = ("kkr_midt_dagsorden_2027-01-20.txt", """DAGSORDEN

KKR MIDTJYLLAND

Dato: 20-01-2027 10:00

1. Sammensætning af KKR Midtjylland for valgperioden 2026-2030

KKR Midtjylland A C V I alt
Borgmestre 8 2 9 19
Supplerende valg 5 -1 3 7
Antal medlemmer 13 1 12 26

2. Eventuelt
""")

BUDGET_OFF_BY_ONE = ("notat_budget_konference.txt", """NOTAT

Direktionen

Budget for konferencen om klimatilpasning

Poster Pris kr.

Leje af lokaler  40.000

Forplejning 21.000

I alt 61.001

Beløbet afholdes af puljen.
""")

EXTRA = (NAMESAKES, NO_PERIOD, HUGE_QUOTA, NEGATIVE_SEATS, BUDGET_OFF_BY_ONE)


def _cli(*args: str) -> tuple[int, str, str]:
    return run_cli("load", *args, "--workers", "1")


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    base = tmp_path_factory.mktemp("quarantine")
    raw, wh = base / "raw", base / "wh" / "meetings.duckdb"
    raw.mkdir()
    for name in SEEDS.values():
        shutil.copy(RAW / name, raw / name)
    for name, text in EXTRA:
        (raw / name).write_text(text, encoding="utf-8")
    code, out, err = _cli("--raw", str(raw), "--warehouse", str(wh))
    ids = dict(query(wh, "SELECT source_file, document_id FROM documents"))
    return {"raw": raw, "warehouse": wh, "code": code, "stdout": out, "stderr": err, "ids": ids}


def _doc(loaded, extra) -> str:
    return loaded["ids"][extra[0]]


@pytest.mark.slow
def test_the_load_publishes_and_lists_the_quarantined_beside_the_rejected(loaded):
    assert loaded["code"] == 0, loaded["stderr"]
    out = loaded["stdout"]
    assert "documents: 8 loaded, 0 rejected, 0 superseded, 2 quarantined" in out
    listed = {line.split()[1]: line for line in out.splitlines() if line.startswith("  quarantined ")}
    assert set(listed) == {HUGE_QUOTA[0] + ":", NEGATIVE_SEATS[0] + ":"}
    assert "refugee_quotas.values_fit_types" in listed[HUGE_QUOTA[0] + ":"]
    assert "kkr_seats.figures_non_negative" in listed[NEGATIVE_SEATS[0] + ":"]
    assert "FAILED [warn] budget_lines.lines_add_up_to_total (notat_budget_konference.txt): sum 61000 vs stated 61001" in out
    assert "Traceback" not in out + loaded["stderr"]


@pytest.mark.slow
def test_the_seeds_load_exactly_as_on_their_own(loaded, seed_warehouse):
    from pipeline.schema import FACT_TABLES

    for table in FACT_TABLES:
        assert seed_rows(loaded["warehouse"], table) == seed_rows(seed_warehouse, table), table
    docs = "SELECT source_file, status, doc_type, body, meeting_date, meeting_id FROM documents WHERE source_file IN (?, ?, ?, ?, ?) ORDER BY 1"
    assert query(loaded["warehouse"], docs, *SEEDS.values()) == query(seed_warehouse, docs, *SEEDS.values())


@pytest.mark.slow
def test_namesakes_from_two_municipalities_both_load(loaded):
    rows = query(loaded["warehouse"], "SELECT person_name, party, municipality_code, status, person_id FROM attendance "
                                      "WHERE document_id = ? ORDER BY municipality_code", _doc(loaded, NAMESAKES))
    assert [r[:4] for r in rows] == [
        ("Jens Madsen", "C", "461", "absent"),  # Odense
        ("Anna Holm", "A", "561", "present"),  # Esbjerg
        ("Anna Holm", "A", "621", "present"),  # Kolding
        ("Peter Lund", "V", "630", "present"),  # Vejle
    ]
    assert rows[1][4] != rows[2][4]
    people = query(loaded["warehouse"], "SELECT count(*) FROM people WHERE person_name = 'Anna Holm'")
    assert people == [(2,)]
    meeting = query(loaded["warehouse"], "SELECT present, absent, listed FROM v_attendance_by_meeting "
                                         "WHERE body = 'KKR Syddanmark' AND meeting_date = DATE '2025-03-12'")
    assert meeting == [(3, 1, 4)]  # both Anna Holms count


@pytest.mark.slow
def test_a_seat_table_without_a_period_takes_the_term_of_its_meeting(loaded):
    doc = _doc(loaded, NO_PERIOD)
    rows = query(loaded["warehouse"], "SELECT kkr, period, party, mayors, supplementary, total FROM kkr_seats "
                                      "WHERE document_id = ? ORDER BY party", doc)
    assert rows == [("KKR Syddanmark", "2026-2030", "A", 4, 5, 9), ("KKR Syddanmark", "2026-2030", "C", 2, 3, 5),
                    ("KKR Syddanmark", "2026-2030", "V", 6, 2, 8)]
    issues = query(loaded["warehouse"], "SELECT table_name, code, reason FROM parse_issues "
                                        "WHERE document_id = ? AND table_name = 'kkr_seats'", doc)
    assert [(t, c) for t, c, _ in issues] == [("kkr_seats", "inferred")]
    assert "2026-2030" in issues[0][2] and "2027-01-20" in issues[0][2]


@pytest.mark.slow
@pytest.mark.parametrize("extra, table, rule, rows", [
    (HUGE_QUOTA, "refugee_quotas", "values_fit_types", "quota=100000000000000000000"),
    (NEGATIVE_SEATS, "kkr_seats", "figures_non_negative", "party=C"),
])
def test_a_quarantined_document_says_why_and_keeps_out_of_the_facts(loaded, extra, table, rule, rows):
    from pipeline.schema import FACT_TABLES

    wh, doc = loaded["warehouse"], _doc(loaded, extra)
    ((status, is_current, error),) = query(wh, "SELECT status, is_current, error FROM documents WHERE document_id = ?", doc)
    assert status == "quarantined" and is_current is False
    assert f"{table}.{rule}" in error and rows in error
    for fact in FACT_TABLES:
        if fact != "parse_issues":
            assert query(wh, f"SELECT count(*) FROM {fact} WHERE document_id = ?", doc) == [(0,)], fact
    assert query(wh, "SELECT count(*) FROM meetings WHERE ? IN (agenda_document_id, minutes_document_id)", doc) == [(0,)]
    flagged = query(wh, "SELECT table_name, check_name, severity FROM validation_results "
                        "WHERE document_id = ? AND NOT success", doc)
    assert (table, rule, "error") in flagged


@pytest.mark.slow
def test_a_budget_off_by_one_krone_loads_and_is_flagged_by_document(loaded):
    wh, doc = loaded["warehouse"], _doc(loaded, BUDGET_OFF_BY_ONE)
    assert query(wh, "SELECT status FROM documents WHERE document_id = ?", doc) == [("loaded",)]
    assert query(wh, "SELECT sum_of_lines, stated_total, difference, adds_up FROM v_budget_totals "
                     "WHERE document_id = ?", doc) == [(61000.0, 61001.0, -1.0, False)]
    failed = query(wh, "SELECT table_name, check_name, severity, document_id FROM validation_results WHERE NOT success "
                       "AND severity = 'warn' AND table_name <> 'parse_issues'")
    assert failed == [("budget_lines", "lines_add_up_to_total", "warn", doc)]  # the only warning on facts
    (run,) = query(wh, "SELECT checks_failed, errors, warnings, documents_quarantined, documents_flagged "
                       "FROM v_checks_per_run")
    # errors: values_fit_types (before the checks), figures_non_negative; warnings: the budget, and
    # parse_issues.detected_sections_read for the four short test minutes that hold a table but no item
    assert run == (4, 2, 2, 2, 5)


@pytest.mark.slow
def test_strict_restores_all_or_nothing(loaded):
    from pipeline.warehouse import file_stamp

    before = file_stamp(loaded["warehouse"])
    code, out, err = _cli("--raw", str(loaded["raw"]), "--warehouse", str(loaded["warehouse"]), "--strict")
    assert code == 1
    assert "strict" in err and "values" in err
    assert file_stamp(loaded["warehouse"]) == before  # nothing published


@pytest.mark.slow
def test_a_view_change_rebuilds_the_warehouse(loaded, tmp_path, monkeypatch):
    """The build fingerprint covers sql/: a new view takes effect on the next run, not 'unchanged'."""
    from pipeline import codeversion, warehouse
    from assets.run import run_load

    _, unchanged = run_load(loaded["raw"], loaded["warehouse"], workers=1)
    assert unchanged
    sql = tmp_path / "sql"
    shutil.copytree(codeversion.SQL_DIR, sql)
    with (sql / "views.sql").open("a", encoding="utf-8") as fh:
        fh.write("\nCREATE OR REPLACE VIEW v_probe_added AS SELECT count(*) AS documents FROM documents;\n")
    monkeypatch.setattr(codeversion, "SQL_DIR", sql)
    monkeypatch.setattr(warehouse, "SQL_DIR", sql)
    codeversion.clear()
    try:
        _, unchanged = run_load(loaded["raw"], loaded["warehouse"], workers=1)
        assert not unchanged
        assert query(loaded["warehouse"], "SELECT documents FROM v_probe_added") == [(10,)]
    finally:
        monkeypatch.undo()
        codeversion.clear()


# --- the quarantine itself, without a load -------------------------------------------------


def _result(doc_id: str, **tables):
    from pipeline.process import DocumentResult

    return DocumentResult({"document_id": doc_id, "status": "loaded", "is_current": True, "error": None}, dict(tables))


def test_values_no_column_can_store_quarantine_before_any_frame_is_built():
    from pipeline.quarantine import screen_types

    ok = _result("ok", refugee_quotas=[{"document_id": "ok", "year": 2027, "quota": 2**63 - 1}])
    huge = _result("huge", refugee_quotas=[{"document_id": "huge", "year": 2027, "quota": 12},
                                           {"document_id": "huge", "year": 2027, "quota": 10**20}],
                   amounts=[{"document_id": "huge", "amount_dkk": 10**400}])
    failed = screen_types([ok, huge])
    assert ok.document["status"] == "loaded"
    assert (huge.document["status"], huge.document["is_current"]) == ("quarantined", False)
    assert [(r.table_name, r.check_name, r.document_id, r.observed) for r in failed] == [
        ("refugee_quotas", "values_fit_types", "huge", "1 of 2 rows"), ("amounts", "values_fit_types", "huge", "1 of 1 rows")]
    assert "row 2: quota=100000000000000000000" in huge.document["error"]


def test_a_quarantined_documents_rows_stay_out_and_its_parse_issues_in(tmp_path):
    """`increment.derive` with this run's quarantine verdicts: the rows the warehouse gets."""
    import polars as pl

    from pipeline import quarantine, schema
    from pipeline.increment import derive, plan
    from pipeline.process import DocumentResult
    from pipeline.rawfiles import SourceFile
    from pipeline.store import DocumentStore

    files = [SourceFile(f"/x/{d}.txt", f"{d}.txt", d * 64, 1, 1.0, d) for d in ("a", "b")]
    results = [DocumentResult({"document_id": d, "source_file": f"{d}.txt", "sha256": d * 64, "doc_type": "other",
                               "status": "loaded", "is_current": True},
                              {"kkr_seats": [{"document_id": d, "party": "A", "total": 1}],
                               "parse_issues": [{"document_id": d, "reason": "odd"}] if d == "b" else []})
               for d in ("a", "b")]
    store = DocumentStore(tmp_path / "store.duckdb")
    store.put(results, files)
    change = plan(files, store, None, tmp_path / "run")
    validation = schema.frame("validation_results", [
        {"table_name": "kkr_seats", "check_name": "figures_non_negative", "success": False, "severity": "error",
         "observed": "1 of 1 rows", "details": "kkr_seats: expected total >= 0; failing: party=A", "document_id": "b"},
        {"table_name": "kkr_seats", "check_name": "seats_add_up", "success": False, "severity": "warn",
         "observed": "1 of 1 rows", "details": "kkr_seats: …", "document_id": "a"},
    ])
    reasons = quarantine.reasons(validation)
    assert reasons == {"b": "kkr_seats.figures_non_negative: expected total >= 0; failing: party=A"}
    out = derive(store, change, reasons)
    assert out["kkr_seats"]["document_id"].to_list() == ["a"]
    assert out["parse_issues"]["document_id"].to_list() == ["b"]
    docs = {r["document_id"]: r for r in out["documents"].iter_rows(named=True)}
    assert (docs["b"]["status"], docs["b"]["is_current"], docs["b"]["error"]) == ("quarantined", False, reasons["b"])
    assert (docs["a"]["status"], docs["a"]["error"]) == ("loaded", None)
    assert out["documents"].schema == pl.Schema(schema.TABLES["documents"])
