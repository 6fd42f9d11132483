"""The reporting views (sql/views.sql) and the data dictionary (sql/dictionary.md).

Expected figures are read from the seed texts in raw/ with small, independent readings of
the printed lists and tables (not with the pipeline's parsers), so a view that miscounts, or
a parser that drops a row, shows up as a difference. Logic the seeds do not exercise
(duplicates, a KKR-level total that does not add up, an empty warehouse) is checked on a
small hand-made warehouse in memory.

Uses the shared session fixture `seed_warehouse` (tests/conftest.py): the seed corpus loaded
once through the real Dagster job.
"""

from __future__ import annotations

import csv
from datetime import date
import re
from pathlib import Path

import duckdb
import pytest

from pipeline.schema import TABLES
from pipeline.warehouse import create_views

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
SQL = ROOT / "sql"
HOVED_2026 = RAW / "002_18d36715c11bc962.txt"
NORD_2024 = RAW / "000_8d54ce4d43275776.txt"
NORD_2026_AGENDA = RAW / "001_2d4981eb64247659.txt"
NORDDJURS = RAW / "003_5df23366ba455b5e.txt"


# ── independent readings of the seed texts ──────────────────────────────────────────────

def seed_lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]


def participant_lists(path: Path) -> dict[str, list[str]]:
    """{'present': [...], 'absent': [...]}: the distinct lines under 'Deltagere' and 'Afbud'."""
    lists: dict[str, list[str]] = {"present": [], "absent": []}
    section = None
    for line in seed_lines(path):
        if line in ("Deltagere", "Afbud"):
            section = "present" if line == "Deltagere" else "absent"
            continue
        if section and re.match(r"^\d+(\.\d+)*\.\s", line):  # the first agenda heading ends the lists
            break
        if section and line and line not in lists[section]:
            lists[section].append(line)
    return lists


def party_of(line: str) -> str:
    return re.search(r"\(([A-ZÆØÅ])\)", line).group(1)


def quota_table(path: Path) -> tuple[dict[str, tuple[str, int]], int]:
    """({code: (name, quota)}, stated 'Region … i alt') from the 'Bilag B' quota table."""
    quotas, stated = {}, None
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.fullmatch(r"(\d{3}) (.+?)\t(\d+|-)\s*", line)
        if m:
            quotas[m[1]] = (m[2], 0 if m[3] == "-" else int(m[3]))
        total = re.fullmatch(r"Region \S+ i alt\t(\d+)\s*", line)
        if total:
            stated = int(total[1])
    return quotas, stated


def danish_int(text: str) -> int:
    return int(text.replace(".", ""))


def sosu_dimensioning(path: Path) -> dict[tuple[str, str], dict[int, int]]:
    """{(area, program): {2026: n, 2027: n}} from the table 'Dimensionering 2026 | 2027' per KKR."""
    out = {}
    for line in seed_lines(path):
        m = re.fullmatch(r"(KKR \S+|Hele landet)\t([\d.]+)\t([\d.]+)\t([\d.]+)\t([\d.]+)", line)
        if m:
            h26, h27, a26, a27 = map(danish_int, m.groups()[1:])
            out[(m[1], "hjælper")] = {2026: h26, 2027: h27}
            out[(m[1], "assistent")] = {2026: a26, 2027: a27}
    return out


def seat_table(path: Path) -> tuple[str, dict[str, dict[str, int]]]:
    """('KKR Nordjylland', {party: {'mayors', 'supplementary', 'total'}}) from the composition table."""
    lines = seed_lines(path)
    head = next(i for i, line in enumerate(lines) if re.fullmatch(r"KKR \S+( [A-ZÆØÅ])+ I alt", line))
    words = lines[head].split()
    kkr, parties = " ".join(words[:2]), words[2:-2]
    rows = {}
    for key, line in zip(("mayors", "supplementary", "total"), lines[head + 1: head + 4]):
        rows[key] = [int(x) for x in line.split()[-(len(parties) + 1):]]
    return kkr, {p: {k: rows[k][i] for k in rows} for i, p in enumerate(parties)}


def reference_municipalities() -> dict[str, dict[str, str]]:
    with open(ROOT / "pipeline" / "reference" / "municipalities.csv", encoding="utf-8") as f:
        return {row["code"]: row for row in csv.DictReader(f)}


# ── helpers ─────────────────────────────────────────────────────────────────────────────

def rows(con, sql: str, *params) -> list[dict]:
    cur = con.execute(sql, list(params))
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


@pytest.fixture(scope="module")
def wh(seed_warehouse):
    con = duckdb.connect(str(seed_warehouse), read_only=True)
    yield con
    con.close()


def view_names(con) -> list[str]:
    return [r[0] for r in con.execute(
        "SELECT view_name FROM duckdb_views() WHERE NOT internal AND view_name LIKE 'v\\_%' ESCAPE '\\' "
        "ORDER BY view_name").fetchall()]


# ── attendance ──────────────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("path, body, day", [
    (HOVED_2026, "KKR Hovedstaden", "2026-06-16"),
    (NORD_2024, "KKR Nordjylland", "2024-04-19"),
])
def test_attendance_per_meeting_matches_the_printed_lists(wh, path, body, day):
    lists = participant_lists(path)
    present, absent = len(lists["present"]), len(lists["absent"])
    got = rows(wh, "SELECT * FROM v_attendance_by_meeting WHERE body = ? AND meeting_date = ?", body, day)
    assert len(got) == 1
    assert (got[0]["present"], got[0]["absent"], got[0]["listed"]) == (present, absent, present + absent)
    assert got[0]["attendance_rate"] == pytest.approx(present / (present + absent))


def test_hovedstaden_2026_is_46_of_60(wh):
    got = rows(wh, "SELECT * FROM v_meetings WHERE body = 'KKR Hovedstaden'")
    assert [(r["present"], r["present"] + r["absent"], r["has_minutes"]) for r in got] == [(46, 60, True)]


def test_attendance_per_party_matches_the_printed_lists(wh):
    lists = participant_lists(HOVED_2026)
    expected: dict[str, list[int]] = {}
    for status, lines in lists.items():
        for line in lines:
            counts = expected.setdefault(party_of(line), [0, 0])
            counts[status == "absent"] += 1
    got = {r["party"]: [r["present"], r["absent"]] for r in rows(
        wh, "SELECT party, present, absent FROM v_attendance_by_party WHERE body = 'KKR Hovedstaden'")}
    assert got == expected
    year = {r["party"]: r for r in rows(wh, "SELECT * FROM v_attendance_by_party_year WHERE year = 2026")}
    assert year["A"]["party_name"] == "Socialdemokratiet"
    assert year["A"]["attendance_rate"] == pytest.approx(expected["A"][0] / sum(expected["A"]))


def test_attendance_per_municipality_counts_both_spellings_of_koebenhavn(wh):
    lists = participant_lists(HOVED_2026)
    expected = [sum(bool(re.search(r"Københavns? Kommune", x)) for x in lists[s]) for s in ("present", "absent")]
    got = rows(wh, "SELECT present, absent FROM v_attendance_by_municipality "
                   "WHERE municipality = 'København' AND body = 'KKR Hovedstaden'")
    assert [[g["present"], g["absent"]] for g in got] == [expected]


def test_attendance_per_person_and_body_year(wh):
    by_person = rows(wh, "SELECT * FROM v_attendance_by_person WHERE person_name = 'Michael Vindfelt'")
    assert [(r["party"], r["present"], r["absent"], r["attendance_rate"]) for r in by_person] == [("A", 0, 1, 0.0)]
    by_year = {(r["body"], r["year"]): r for r in rows(wh, "SELECT * FROM v_attendance_by_body_year")}
    nord = participant_lists(NORD_2024)
    assert by_year[("KKR Nordjylland", 2024)]["present"] == len(nord["present"])
    assert by_year[("KKR Nordjylland", 2024)]["meetings"] == 1


def test_substitutions_name_the_absent_member_and_party(wh):
    got = {(r["substitute"], r["substitute_for"], r["substitute_for_party"], r["body"])
           for r in rows(wh, "SELECT * FROM v_substitutions")}
    # '(suppleant for …)' lines in the two minutes; the replaced members are in the Afbud lists.
    assert got == {
        ("Alexandra Dessoy", "Michael Vindfelt", "A", "KKR Hovedstaden"),
        ("Morten Thiessen", "Jens Kristian Yde", "C", "KKR Nordjylland"),
    }


def test_meetings_per_body_and_which_documents_are_loaded(wh):
    got = {r["body"]: (r["meetings"], r["with_agenda"], r["with_minutes"])
           for r in rows(wh, "SELECT * FROM v_meetings_per_body")}
    # Nordjylland: minutes 19-04-2024 and the agenda 23-01-2026; Hovedstaden: minutes 16-06-2026;
    # Økonomiudvalget: a case presentation with its decision (counts as minutes).
    assert got == {"KKR Nordjylland": (2, 1, 1), "KKR Hovedstaden": (1, 0, 1), "Økonomiudvalget": (1, 0, 1)}


# ── refugee quotas ──────────────────────────────────────────────────────────────────────

def test_quotas_per_municipality_with_region_and_kkr(wh):
    printed, _ = quota_table(HOVED_2026)
    reference = reference_municipalities()
    got = {r["municipality_code"]: r for r in rows(wh, "SELECT * FROM v_refugee_quotas WHERE year = 2027")}
    assert {code: r["quota"] for code, r in got.items()} == {code: q for code, (_, q) in printed.items()}
    assert got["147"]["municipality"] == "Frederiksberg" and got["147"]["quota"] == 16
    for code, r in got.items():
        assert (r["region"], r["kkr"]) == (reference[code]["region"], reference[code]["kkr"])
    assert got["101"]["rank_in_document"] == 1  # København, 64, the largest


def test_quota_reconciliation_of_the_277_total(wh):
    printed, stated = quota_table(HOVED_2026)
    got = rows(wh, "SELECT * FROM v_refugee_quota_reconciliation WHERE level = 'region' AND year = 2027")
    assert len(got) == 1
    r = got[0]
    assert (r["stated_total"], r["sum_of_municipalities"]) == (stated, sum(q for _, q in printed.values()))
    assert r["difference"] == 0 and r["stated_total"] == 277
    assert r["municipalities_listed"] == len(printed)
    # 'Region Østdanmark' is a 2027 region (`municipalities.region_2027`): Hovedstaden's 29 and Sjælland's 17.
    assert (r["scope"], r["municipalities_in_area"], r["is_complete"], r["matches"]) == ("area", 46, True, True)


def test_landstal_is_compared_but_marked_incomplete(wh):
    got = rows(wh, "SELECT * FROM v_refugee_quota_reconciliation WHERE level = 'landstal'")
    printed, _ = quota_table(HOVED_2026)
    assert [(r["stated_total"], r["municipalities_listed"], r["municipalities_in_area"], r["is_complete"], r["matches"])
            for r in got] == [(600, len(printed), 98, False, None)]  # not judged: a part of the country


# ── SOSU, seats, budgets ────────────────────────────────────────────────────────────────

def test_sosu_places_and_change_per_kkr(wh):
    printed = sosu_dimensioning(HOVED_2026)
    got = {(r["area"], r["program"], r["year"]): r for r in rows(
        wh, "SELECT * FROM v_sosu_places WHERE measure = 'dimensionering'")}
    assert len(printed) == 12
    for (area, program), by_year in printed.items():
        this, last = got[(area, program, 2027)], got[(area, program, 2026)]
        assert (this["places"], last["places"]) == (by_year[2027], by_year[2026])
        assert (this["previous_year"], this["change"]) == (2026, by_year[2027] - by_year[2026])
        assert last["change"] is None
    hoved = got[("KKR Hovedstaden", "hjælper", 2027)]
    assert (hoved["places"], hoved["change"], hoved["area_kind"]) == (1259, 409, "kkr")


def test_kkr_seats_with_totals_and_shares(wh):
    kkr, printed = seat_table(NORD_2026_AGENDA)
    got = {r["party"]: r for r in rows(wh, "SELECT * FROM v_kkr_seats WHERE kkr = ?", kkr)}
    assert {p: (r["mayors"], r["supplementary"], r["total"]) for p, r in got.items()} == {
        p: (v["mayors"], v["supplementary"], v["total"]) for p, v in printed.items()}
    seats = sum(v["total"] for v in printed.values())
    assert seats == 22 and got["V"]["total"] == 8
    assert {r["kkr_total"] for r in got.values()} == {seats}
    assert got["V"]["share_of_seats"] == pytest.approx(8 / 22)
    assert got["V"]["party_name"] == "Venstre" and got["V"]["period"] == "2026-2030"


def test_budget_total_of_the_norddjurs_case(wh):
    lines = seed_lines(NORDDJURS)
    start, end = lines.index("Poster Pris kr."), next(i for i, x in enumerate(lines) if x.startswith("I alt "))
    priced = [danish_int(m[1]) for x in lines[start + 1:end] if (m := re.search(r"(\d{1,3}(?:\.\d{3})+)$", x))]
    stated = danish_int(lines[end].split()[-1])
    case_no = next(x.split()[0] for x in lines if x.endswith("Åben Sag"))
    got = rows(wh, "SELECT * FROM v_budget_totals WHERE body = 'Økonomiudvalget'")
    assert len(got) == 1
    r = got[0]
    assert (r["lines"], r["sum_of_lines"], r["stated_total"], r["difference"]) == (
        len(priced), sum(priced), stated, sum(priced) - stated)
    assert r["difference"] == 0 and r["case_no"] == case_no == "25/555"
    assert r["title"].startswith("Godkendelse af handleplan i Kattegatalliancen")


# ── data quality ────────────────────────────────────────────────────────────────────────

def test_checks_per_run_and_table_add_up_to_validation_results(wh):
    raw = wh.execute("SELECT run_id, table_name, check_name, success FROM validation_results").fetchall()
    assert raw, "the load records its checks"
    checks = {(t, c) for _, t, c, _ in raw}
    per_run = rows(wh, "SELECT * FROM v_checks_per_run")
    assert [(r["run_id"], r["checks_run"], r["checks_failed"], r["documents_quarantined"]) for r in per_run] == [
        (raw[0][0], len(checks), len({(t, c) for _, t, c, ok in raw if not ok}), 0)]
    per_table = {r["table_name"]: r for r in rows(wh, "SELECT * FROM v_checks_per_run_table")}
    assert set(per_table) == {t for t, _ in checks}
    assert sum(r["checks_run"] for r in per_table.values()) == len(checks)


def test_parse_issues_per_document_and_reason(wh):
    total = wh.execute("SELECT count(*) FROM parse_issues").fetchone()[0]
    per_doc = rows(wh, "SELECT * FROM v_parse_issues_by_document")
    assert len(per_doc) == 5  # every seed document, clean ones with 0
    assert sum(r["issues"] for r in per_doc) == total
    by_reason = rows(wh, "SELECT * FROM v_parse_issues_by_reason")
    assert sum(r["issues"] for r in by_reason) == total
    # grouped by code, not by prose: the seeds' three issues are three codes of three tables
    assert sorted((r["table_name"], r["code"]) for r in by_reason) == [
        ("attendance", "duplicate"), ("refugee_quota_totals", "unknown_area"), ("refugee_quotas", "year_conflict")]
    status = rows(wh, "SELECT * FROM v_documents_by_status")
    assert [(r["status"], r["documents"]) for r in status] == [("loaded", 5)]


# ── logic on a small hand-made warehouse ────────────────────────────────────────────────

@pytest.fixture
def tiny():
    """An in-memory warehouse with the real DDL and views, and a few hand-written rows."""
    con = duckdb.connect()
    con.execute((SQL / "ddl.sql").read_text())
    con.execute("""
        INSERT INTO municipalities VALUES
            ('101', 'København', 'Region Hovedstaden', 'KKR Hovedstaden', 'Region Østdanmark'),
            ('147', 'Frederiksberg', 'Region Hovedstaden', 'KKR Hovedstaden', 'Region Østdanmark'),
            ('461', 'Odense', 'Region Syddanmark', 'KKR Syddanmark', 'Region Syddanmark');
        INSERT INTO parties VALUES ('A', 'Socialdemokratiet'), ('V', 'Venstre');
        INSERT INTO documents (document_id, doc_type, body, meeting_date, status, is_current) VALUES
            ('agenda', 'dagsorden', 'KKR X', DATE '2025-01-10', 'loaded', true),
            ('minutes', 'referat', 'KKR X', DATE '2025-01-10', 'loaded', true),
            ('old', 'referat', 'KKR X', DATE '2024-01-10', 'loaded', true),
            ('new', 'referat', 'KKR X', DATE '2025-06-10', 'loaded', true);
        INSERT INTO attendance (document_id, meeting_date, body, person_name, party, municipality_code, status) VALUES
            ('minutes', DATE '2025-01-10', 'KKR X', 'Anna Hansen', 'A', '101', 'present'),
            ('minutes', DATE '2025-01-10', 'KKR X', 'Anna  Hansen', 'A', '101', 'present'),
            ('agenda',  DATE '2025-01-10', 'KKR X', 'Bo Berg', 'V', '147', 'absent'),
            ('minutes', DATE '2025-01-10', 'KKR X', 'Bo Berg', 'V', '147', 'present'),
            ('minutes', DATE '2025-01-10', 'KKR X', 'Carl Dam', 'V', '461', 'absent');
        INSERT INTO refugee_quotas VALUES
            ('new', 2026, '101', 'København', 10, 1), ('new', 2026, '147', 'Frederiksberg', 5, 1),
            ('new', 2026, '461', 'Odense', 7, 1);
        INSERT INTO refugee_quota_totals VALUES
            ('new', 2026, 'kkr', 'KKR Hovedstaden', 16, 1), ('new', 2026, 'region', 'Region Syddanmark', 7, 1);
        INSERT INTO sosu_training_places VALUES
            ('old', 2025, 'KKR Syddanmark', 'hjælper', 'dimensionering', 100, 1),
            ('new', 2025, 'KKR Syddanmark', 'hjælper', 'dimensionering', 110, 1),
            ('new', 2027, 'KKR Syddanmark', 'hjælper', 'dimensionering', 150, 1);
        INSERT INTO kkr_seats VALUES
            ('old', 'KKR Syddanmark', '2022-2025', 'A', 9, 9, 99, 1),
            ('new', 'KKR Syddanmark', '2022-2025', 'A', 3, 1, 4, 1),
            ('new', 'KKR Syddanmark', '2022-2025', 'V', 2, 0, 2, 1);
        INSERT INTO budget_lines (document_id, item_no, label, amount_dkk, is_total, page) VALUES
            ('new', '2.1', 'Leje', 1000, false, 1), ('new', '2.1', 'Mad', 500.5, false, 1),
            ('new', '2.1', 'I alt', 1600, true, 1), ('new', '3.1', 'Uden total', 42, false, 1);
        INSERT INTO agenda_items (document_id, item_no, title, case_no) VALUES ('new', '2.1', 'Konference', 'SAG-1');
    """)
    create_views(con)
    yield con
    con.close()


def test_person_listed_twice_counts_once_and_present_wins(tiny):
    got = rows(tiny, "SELECT * FROM v_attendance_by_meeting")
    # Anna twice (extra space) -> once; Bo absent in the agenda but present in the minutes -> present.
    assert [(r["present"], r["absent"], r["listed"]) for r in got] == [(2, 1, 3)]
    party = {r["party"]: (r["present"], r["absent"]) for r in rows(tiny, "SELECT * FROM v_attendance_by_party")}
    assert party == {"A": (1, 0), "V": (1, 1)}


def test_reconciliation_scopes_a_kkr_total_to_its_municipalities(tiny):
    got = {r["area"]: r for r in rows(tiny, "SELECT * FROM v_refugee_quota_reconciliation")}
    kkr = got["KKR Hovedstaden"]
    assert (kkr["scope"], kkr["sum_of_municipalities"], kkr["difference"], kkr["is_complete"]) == ("area", 15, -1, True)
    assert (got["Region Syddanmark"]["sum_of_municipalities"], got["Region Syddanmark"]["difference"]) == (7, 0)


def test_sosu_uses_the_newest_document_and_the_previous_stated_year(tiny):
    got = rows(tiny, "SELECT year, places, previous_year, change FROM v_sosu_places ORDER BY year")
    assert [tuple(r.values()) for r in got] == [(2025, 110, None, None), (2027, 150, 2025, 40)]


def test_seats_come_from_the_newest_document(tiny):
    got = {r["party"]: (r["total"], r["kkr_total"]) for r in rows(tiny, "SELECT * FROM v_kkr_seats")}
    assert got == {"A": (4, 6), "V": (2, 6)}


def test_budget_difference_and_missing_total(tiny):
    got = {r["item_no"]: r for r in rows(tiny, "SELECT * FROM v_budget_totals")}
    assert (got["2.1"]["sum_of_lines"], got["2.1"]["difference"], got["2.1"]["case_no"]) == (1500.5, -99.5, "SAG-1")
    assert got["2.1"]["adds_up"] is False
    assert got["3.1"]["stated_total"] is None and got["3.1"]["difference"] is None and got["3.1"]["adds_up"] is None


def test_seat_reconciliation_per_party_and_per_kkr(tiny):
    got = {(r["document_id"], r["party"]): r for r in rows(tiny, "SELECT * FROM v_kkr_seat_reconciliation")}
    old = got[("old", "A")]  # 9 + 9 != 99, and 99 seats for Syddanmark's one municipality here
    assert (old["mayors_plus_supplementary"], old["adds_up"], old["kkr_seats"], old["seat_limit"], old["within_limit"]) == (
        18, False, 99, 2, False)
    new = got[("new", "A")]  # 3 + 1 = 4; 4 + 2 = 6 seats, over the limit of 2 x 1
    assert (new["adds_up"], new["kkr_seats"], new["within_limit"]) == (True, 6, False)


def test_every_view_works_on_an_empty_warehouse():
    con = duckdb.connect()
    con.execute((SQL / "ddl.sql").read_text())
    create_views(con)
    names = view_names(con)
    assert len(names) >= 15
    for name in names:
        assert con.execute(f"SELECT count(*) FROM {name}").fetchone() == (0,), name
    con.close()


# ── the data dictionary ─────────────────────────────────────────────────────────────────

def dictionary_sections() -> dict[str, set[str]]:
    """{'attendance': {'document_id', …}, 'v_meetings': {…}}: each '### name' section's column rows."""
    sections: dict[str, set[str]] = {}
    current = None
    for line in (SQL / "dictionary.md").read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^###\s+(\w+)\s*$", line)
        if heading:
            current = sections.setdefault(heading[1], set())
        elif line.startswith("## "):
            current = None
        elif current is not None and (col := re.match(r"^\|\s*`(\w+)`\s*\|", line)):
            current.add(col[1])
    return sections


def test_dictionary_describes_every_table_column_and_nothing_else():
    documented = dictionary_sections()
    for table, columns in TABLES.items():
        assert documented.get(table) == set(columns), table


def test_dictionary_describes_every_view_column_in_the_built_warehouse(wh):
    documented = dictionary_sections()
    names = view_names(wh)
    assert names
    for view in names:
        columns = {r[0] for r in wh.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [view]).fetchall()}
        assert documented.get(view) == columns, view
    assert {s for s in documented if s.startswith("v_")} == set(names)


def test_coverage_tells_a_section_not_read_from_one_not_there():
    con = duckdb.connect()
    con.execute((SQL / "ddl.sql").read_text())
    con.execute("""
        INSERT INTO documents (document_id, source_file, doc_type, issuer, body, meeting_date, status) VALUES
            ('a', 'x/a.txt', 'referat', 'Vejle Kommune', 'Byrådet', DATE '2024-03-01', 'loaded'),
            ('b', 'x/b.txt', 'referat', 'Vejle Kommune', 'Byrådet', DATE '2024-05-01', 'loaded'),
            ('c', 'x/c.txt', 'other', NULL, NULL, NULL, 'rejected');
        INSERT INTO attendance (document_id, person_name, status) VALUES ('a', 'Ida Holm', 'present');
        INSERT INTO parse_issues (document_id, table_name, code, reason) VALUES
            ('b', 'sosu_training_places', 'table_not_read', 'SOSU table on page 3 not understood'),
            ('b', 'attendance', 'attendance_empty', 'heading names nobody'),
            ('b', 'amounts', 'unreadable_row', 'a money figure could not be read');
    """)
    create_views(con)
    rows = con.execute("SELECT document_id, fact_type, detected, extracted, rows_extracted, sections_not_read "
                       "FROM v_coverage WHERE detected ORDER BY ALL").fetchall()
    assert rows == [("a", "attendance", True, True, 1, 0), ("b", "attendance", True, False, 0, 1),
                    ("b", "sosu_training_places", True, False, 0, 1)]
    assert con.execute("SELECT count(DISTINCT document_id) FROM v_coverage").fetchone() == (2,)  # loaded only
    health = con.execute("SELECT issuer, body, year, documents, minutes, last_meeting_seen, "
                         "minutes_with_attendance_share, parse_issues_per_document FROM v_source_health").fetchall()
    assert health == [("Vejle Kommune", "Byrådet", 2024, 2, 2, date(2024, 5, 1), 0.5, 1.5)]
