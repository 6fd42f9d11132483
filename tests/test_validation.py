"""Validation: GX suites over the warehouse frames, their results, the store, and the Dagster checks.

The clean frames carry the seed's own figures (the 2027 refugee quota table and the SOSU
table of the KKR Hovedstaden minutes, the KKR Nordjylland seat table and meeting plan of the
agenda); each test then breaks one thing the way a parser or a source could and looks for
the failure, its severity and the document it names.
"""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import polars as pl
import pytest

from pipeline import schema
from pipeline.identity import person_id
from pipeline.reference import municipalities as reference_municipalities
from pipeline.reference import parties as reference_parties
from pipeline.validation import (
    TABLE_CHECKS,
    CheckResult,
    read_results,
    to_frame,
    validate_table,
    write_results,
)

ROOT = Path(__file__).resolve().parent.parent
NORD_MINUTES = "000_8d54ce4d43275776"
NORD_AGENDA = "001_2d4981eb64247659"
HOVED_MINUTES = "002_18d36715c11bc962"
NORDDJURS = "003_5df23366ba455b5e"
NOTAT = "004_152554ed5c6a8923"
REJECTED = "005_rejected"


# --- frames from the seed texts ------------------------------------------------------------


def _danish_int(text: str) -> int:
    """'1.259' -> 1259; '-' (an empty quota cell) -> 0."""
    return 0 if text.strip() == "-" else int(text.replace(".", ""))


def _quota_rows(text: str) -> tuple[list[dict], dict]:
    """The seed's 'Beregnete kommunekvoter' table: '101 København<TAB>64' lines and the stated total."""
    rows = [
        {"document_id": HOVED_MINUTES, "year": 2027, "municipality_code": m[1], "municipality": m[2],
         "quota": _danish_int(m[3]), "page": 33}
        for m in re.finditer(r"^(\d{3}) (.+?)\t(\d+|-)\s*$", text, re.MULTILINE)
    ]
    stated = re.search(r"^(Region \S+) i alt\t(\d+)", text, re.MULTILINE)
    total = {"document_id": HOVED_MINUTES, "year": 2027, "level": "region", "area": stated[1],
             "quota": int(stated[2]), "page": 33}
    return rows, total


def _sosu_rows(text: str) -> list[dict]:
    """The seed's table of places per KKR: hjælper 2026/2027, assistent 2026/2027 per line."""
    columns = [("hjælper", 2026), ("hjælper", 2027), ("assistent", 2026), ("assistent", 2027)]
    rows = []
    for m in re.finditer(r"^(KKR \S+|Hele landet)\t(.+)$", text, re.MULTILINE):
        for (program, year), cell in zip(columns, m[2].split("\t")):
            rows.append({"document_id": HOVED_MINUTES, "year": year, "area": m[1], "program": program,
                         "measure": "dimensionering", "places": _danish_int(cell), "page": 28})
    return rows


def _seat_rows(text: str) -> list[dict]:
    """The agenda's seat table: a header of party letters, then mayors and supplementary members."""
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("KKR Nordjylland A B"))
    letters = lines[at].split()[2:-2]  # drop 'KKR Nordjylland' and 'I alt'
    figures = {name: [int(x) for x in lines[at + k].split()[-len(letters) - 1:-1]]
               for k, name in ((1, "mayors"), (2, "supplementary"), (3, "total"))}
    return [
        {"document_id": NORD_AGENDA, "kkr": "KKR Nordjylland", "period": "2026-2030", "party": letter,
         "mayors": figures["mayors"][i], "supplementary": figures["supplementary"][i],
         "total": figures["total"][i], "page": 3}
        for i, letter in enumerate(letters)
    ]


def _schedule_rows(text: str) -> list[dict]:
    """The agenda's meeting plan: year lines, then 'Fredag den 27. marts' lines."""
    months = {"januar": 1, "februar": 2, "marts": 3, "april": 4, "juni": 6, "september": 9,
              "oktober": 10, "november": 11}
    rows, year = [], None
    for line in text.splitlines():
        line = line.strip()
        if re.fullmatch(r"20\d\d", line):
            year = int(line)
        elif m := re.match(r"(Fredag) den (\d+)\. (\w+)", line):
            rows.append({"document_id": NORD_AGENDA, "body": "KKR Nordjylland",
                         "meeting_date": date(year, months[m[3]], int(m[2])), "weekday": m[1], "page": 9})
    return rows


@pytest.fixture(scope="module")
def seed_text(seed_paths) -> dict[str, str]:
    return {key: path.read_text(encoding="utf-8") for key, path in seed_paths.items()}


@pytest.fixture
def clean(seed_text) -> dict[str, pl.DataFrame]:
    """Every table, consistent: what a correct parse of the seed would give (a fresh copy per test)."""
    quotas, quota_total = _quota_rows(seed_text["hoved_2026_referat"])
    doc = lambda i, t, body, d, status="loaded": {  # noqa: E731
        "document_id": i, "source_file": f"{i}.txt", "doc_type": t, "body": body, "meeting_date": d,
        "status": status, "is_current": status == "loaded", "page_count": 10}
    nord_day, hoved_day = date(2024, 4, 19), date(2026, 6, 16)
    person = lambda doc_id, day, body, name, party, code, status: {  # noqa: E731
        "document_id": doc_id, "meeting_date": day, "body": body, "person_name": name, "party": party,
        "municipality_code": code, "status": status, "page": 1, "person_id": person_id(name, code, party)}
    frames = {
        "documents": schema.frame("documents", [
            doc(NORD_MINUTES, "referat", "KKR Nordjylland", nord_day),
            doc(NORD_AGENDA, "dagsorden", "KKR Nordjylland", date(2026, 1, 23)),
            doc(HOVED_MINUTES, "referat", "KKR Hovedstaden", hoved_day),
            doc(NORDDJURS, "sagsfremstilling", "Økonomiudvalget", date(2025, 2, 4)),
            doc(NOTAT, "notat", None, None),
            {**doc(REJECTED, "other", None, None, "rejected"), "error": "no text layer"},
        ]),
        "meetings": schema.frame("meetings", [
            {"meeting_id": "kkr-nordjylland-2024-04-19", "body": "KKR Nordjylland", "meeting_date": nord_day,
             "minutes_document_id": NORD_MINUTES},
            {"meeting_id": "kkr-hovedstaden-2026-06-16", "body": "KKR Hovedstaden", "meeting_date": hoved_day,
             "minutes_document_id": HOVED_MINUTES},
        ]),
        "agenda_items": schema.frame("agenda_items", [
            {"document_id": HOVED_MINUTES, "item_no": "3.7", "title": "Fordeling af lærepladser på SOSU-uddannelserne for 2027"},
            {"document_id": HOVED_MINUTES, "item_no": "3.9", "title": "Kommunekvoter for fordeling af flygtninge for 2027"},
            {"document_id": NORDDJURS, "item_no": None, "title": "Besøg fra Halmstad"},
        ]),
        "attendance": schema.frame("attendance", [
            person(NORD_MINUTES, nord_day, "KKR Nordjylland", "Hans Ejner Bertelsen", "V", "773", "present"),
            person(NORD_MINUTES, nord_day, "KKR Nordjylland", "Lasse Frimand Jensen", "A", "851", "present"),
            person(NORD_MINUTES, nord_day, "KKR Nordjylland", "Daniel Nyboe Andersen", "B", None, "present"),
            person(NORD_MINUTES, nord_day, "KKR Nordjylland", "Anna Aaen", "Ø", "851", "absent"),
            person(NORD_MINUTES, nord_day, "KKR Nordjylland", "Tobias Birch Johansen", "V", "825", "absent"),
            person(HOVED_MINUTES, hoved_day, "KKR Hovedstaden", "Karina Vestergård Madsen", "Ø", "101", "present"),
            person(HOVED_MINUTES, hoved_day, "KKR Hovedstaden", "Allan S. Andersen", "A", "185", "present"),
        ]),
        "refugee_quotas": schema.frame("refugee_quotas", quotas),
        "refugee_quota_totals": schema.frame("refugee_quota_totals", [
            quota_total,
            {"document_id": HOVED_MINUTES, "year": 2027, "level": "landstal", "area": "Hele landet", "quota": 600},
        ]),
        "sosu_training_places": schema.frame("sosu_training_places", _sosu_rows(seed_text["hoved_2026_referat"])),
        "kkr_seats": schema.frame("kkr_seats", _seat_rows(seed_text["nord_2026_dagsorden"])),
        "budget_lines": schema.frame("budget_lines", [
            {"document_id": NORDDJURS, "label": "Forplejning", "amount_dkk": 50_000.0, "is_total": False},
            {"document_id": NORDDJURS, "label": "Facilitering, underholdning og øvrige udgifter",
             "amount_dkk": 20_000.0, "is_total": False},
            {"document_id": NORDDJURS, "label": "Rundvisning og bustransport", "amount_dkk": 32_000.0, "is_total": False},
            {"document_id": NORDDJURS, "label": "I alt", "amount_dkk": 102_000.0, "is_total": True},
        ]),
        "amounts": schema.frame("amounts", [
            {"document_id": HOVED_MINUTES, "item_no": "3.2", "amount_dkk": 4_600_000.0, "year": 2027,
             "context": "samlet dansk medfinansiering på 4,6 mio. kr."},
            {"document_id": NOTAT, "amount_dkk": 100_000.0, "context": "bevilling på kr. 100.000"},
        ]),
        "meeting_schedule": schema.frame("meeting_schedule", _schedule_rows(seed_text["nord_2026_dagsorden"])),
        "parse_issues": schema.frame("parse_issues", [
            {"document_id": REJECTED, "raw_text": "", "reason": "no text layer"},
        ]),
        "municipalities": reference_municipalities().select(schema.frame("municipalities").columns),
        "parties": reference_parties(),
        "people": schema.frame("people", [
            {"person_id": "anna-aaen", "person_name": "Anna Aaen", "party": "Ø", "meetings_listed": 1},
        ]),
    }
    return frames


def _results(table: str, frames: dict[str, pl.DataFrame]) -> dict[str, CheckResult]:
    return {r.check_name: r for r in validate_table(table, frames)}


def _failures(table: str, frames: dict[str, pl.DataFrame]) -> dict[str, CheckResult]:
    return {name: r for name, r in _results(table, frames).items() if not r.success}


# --- the seed data as parsed is consistent -------------------------------------------------


def test_seed_tables_were_read(clean):
    """Guards the helpers above: the clean frames really hold the seed's tables."""
    assert clean["refugee_quotas"].height == 46
    assert clean["refugee_quota_totals"]["quota"].to_list() == [277, 600]
    assert clean["sosu_training_places"].height == 24  # 5 KKR + 'Hele landet', 4 columns
    assert clean["kkr_seats"]["party"].to_list() == list("ABCFIOVÆØ")
    assert clean["meeting_schedule"].height == 21


def test_clean_data_passes_every_check(clean):
    results = [r for table in TABLE_CHECKS for r in validate_table(table, clean)]
    assert [r for r in results if not r.success] == []
    assert len(results) >= 20 and len({r.table_name for r in results}) >= 6
    assert {r.severity for r in results} == {"error", "warn"}
    assert all(r.observed and r.details for r in results)


def test_empty_corpus_passes_every_check(clean):
    empty = {t: schema.frame(t) for t in schema.TABLES}
    empty["municipalities"], empty["parties"] = clean["municipalities"], clean["parties"]
    failed = [r for table in TABLE_CHECKS for r in validate_table(table, empty) if not r.success]
    assert failed == []


def test_missing_input_frame_is_an_error_not_a_silent_pass(clean):
    del clean["municipalities"]
    with pytest.raises(KeyError, match="municipalities"):
        validate_table("refugee_quotas", clean)


# --- reconciliations (warn) ----------------------------------------------------------------


def test_quotas_that_do_not_add_up_name_the_document_and_difference(clean):
    quotas = clean["refugee_quotas"]
    clean["refugee_quotas"] = quotas.filter(pl.col("municipality") != "København")  # 64 of 277
    failed = _failures("refugee_quotas", clean)
    assert set(failed) == {"quotas_match_stated_total"}
    result = failed["quotas_match_stated_total"]
    assert result.severity == "warn"
    assert result.observed == "sum 213 vs stated 277"
    assert HOVED_MINUTES in result.details and "difference=-64" in result.details


def test_quota_total_of_a_kkr_counts_only_that_kkr(clean):
    """A KKR subtotal beside the region total: only KKR Hovedstaden's 29 municipalities count."""
    hoved_codes = clean["municipalities"].filter(pl.col("kkr") == "KKR Hovedstaden")["code"]
    hoved_sum = clean["refugee_quotas"].filter(pl.col("municipality_code").is_in(hoved_codes.implode()))["quota"].sum()
    subtotal = {"document_id": HOVED_MINUTES, "year": 2027, "level": "kkr", "area": "KKR Hovedstaden"}
    totals = clean["refugee_quota_totals"]
    clean["refugee_quota_totals"] = pl.concat([totals, schema.frame("refugee_quota_totals", [{**subtotal, "quota": hoved_sum}])])
    assert "quotas_match_stated_total" not in _failures("refugee_quotas", clean)

    clean["refugee_quota_totals"] = pl.concat([totals, schema.frame("refugee_quota_totals", [{**subtotal, "quota": hoved_sum + 1}])])
    result = _failures("refugee_quotas", clean)["quotas_match_stated_total"]
    assert "area=KKR Hovedstaden" in result.details and "difference=-1" in result.details
    assert "Region Østdanmark" not in result.details


def test_sosu_kkr_rows_must_sum_to_hele_landet(clean):
    places = clean["sosu_training_places"]
    nord_2027 = (pl.col("area") == "KKR Nordjylland") & (pl.col("year") == 2027) & (pl.col("program") == "hjælper")
    clean["sosu_training_places"] = places.with_columns(
        places=pl.when(nord_2027).then(pl.col("places") - 6).otherwise(pl.col("places")))
    result = _failures("sosu_training_places", clean)["kkr_rows_match_national"]
    assert result.severity == "warn"
    assert result.observed == "sum 4494 vs stated 4500"
    assert "year=2027, program=hjælper" in result.details and "difference=-6" in result.details


def test_seats_arithmetic_per_party_and_per_kkr(clean):
    seats = clean["kkr_seats"]
    # One more mayor for A without changing its total: A's row no longer adds up.
    clean["kkr_seats"] = seats.with_columns(
        mayors=pl.when(pl.col("party") == "A").then(pl.col("mayors") + 1).otherwise(pl.col("mayors")))
    failed = _failures("kkr_seats", clean)
    assert set(failed) == {"seats_add_up"}
    assert "party=A" in failed["seats_add_up"].details and "party=V" not in failed["seats_add_up"].details

    # Two more supplementary members for V, counted in its total: 24 seats for 11 municipalities.
    clean["kkr_seats"] = seats.with_columns(
        supplementary=pl.when(pl.col("party") == "V").then(2).otherwise(pl.col("supplementary")),
        total=pl.when(pl.col("party") == "V").then(10).otherwise(pl.col("total")))
    failed = _failures("kkr_seats", clean)
    assert set(failed) == {"seats_within_kkr_size"}
    assert failed["seats_within_kkr_size"].observed == "24 seats vs limit 22"
    assert NORD_AGENDA in failed["seats_within_kkr_size"].details


def test_plan_naming_fredag_for_a_thursday_fails(clean):
    schedule = clean["meeting_schedule"]
    assert "weekday_matches_date" not in _failures("meeting_schedule", clean)
    clean["meeting_schedule"] = schedule.with_columns(  # 23 January 2026 -> Thursday 22 January
        meeting_date=pl.when(pl.col("meeting_date") == date(2026, 1, 23))
        .then(pl.col("meeting_date") - timedelta(days=1)).otherwise(pl.col("meeting_date")))
    result = _failures("meeting_schedule", clean)["weekday_matches_date"]
    assert result.severity == "warn" and result.observed == "1 of 21 rows"
    assert "meeting_date=2026-01-22, stated_weekday=fredag, actual_weekday=torsdag" in result.details


def test_schedule_rows_without_a_weekday_are_not_judged(clean):
    clean["meeting_schedule"] = schema.frame("meeting_schedule", [
        {"document_id": NORD_MINUTES, "body": "KKR Nordjylland", "meeting_date": date(2024, 6, 20), "note": "næste møde"}])
    assert _results("meeting_schedule", clean)["weekday_matches_date"].success


def test_person_present_and_absent_at_one_meeting_fails(clean):
    """Absent in the minutes, present in another document of the same meeting: both documents are flagged."""
    attendance = clean["attendance"]
    anna_present = attendance.filter(pl.col("person_name") == "Anna Aaen").with_columns(
        status=pl.lit("present"), document_id=pl.lit(NORD_AGENDA))
    clean["attendance"] = pl.concat([attendance, anna_present])
    results = [r for r in validate_table("attendance", clean) if not r.success]
    assert {r.check_name for r in results} == {"not_present_and_absent"}
    assert sorted(r.document_id for r in results) == sorted([NORD_AGENDA, NORD_MINUTES])
    assert all(r.severity == "warn" and not r.blocks() for r in results)
    assert "person_name=Anna Aaen, listed_as=absent+present" in results[0].details
    assert "KKR Nordjylland 2024-04-19" in results[0].details


def test_same_name_at_two_different_meetings_is_no_conflict(clean):
    attendance = clean["attendance"]
    elsewhere = attendance.filter(pl.col("person_name") == "Anna Aaen").with_columns(
        status=pl.lit("present"), meeting_date=pl.lit(date(2024, 6, 21)), document_id=pl.lit(NORD_AGENDA))
    clean["attendance"] = pl.concat([attendance, elsewhere])
    assert _failures("attendance", clean) == {}


def test_namesakes_from_two_municipalities_are_two_people(clean):
    """Two 'Anna Holm (A)' of Esbjerg and Kolding in one list: two person_ids, so the key holds."""
    namesakes = schema.frame("attendance", [
        {"document_id": HOVED_MINUTES, "person_name": "Anna Holm", "party": "A", "municipality_code": code,
         "status": "present", "person_id": person_id("Anna Holm", code, "A")} for code in ("561", "621")])
    clean["attendance"] = pl.concat([clean["attendance"], namesakes])
    assert _failures("attendance", clean) == {}


def test_budget_lines_must_add_up_to_their_total(clean):
    lines = clean["budget_lines"]
    clean["budget_lines"] = lines.filter(pl.col("label") != "Forplejning")
    result = _failures("budget_lines", clean)["lines_add_up_to_total"]
    assert result.observed == "sum 52000 vs stated 102000" and NORDDJURS in result.details


def test_local_list_letter_is_a_warning_not_an_error(clean):
    attendance = clean["attendance"]
    clean["attendance"] = attendance.with_columns(
        party=pl.when(pl.col("person_name") == "Anna Aaen").then(pl.lit("L")).otherwise(pl.col("party")))
    failed = _failures("attendance", clean)
    assert set(failed) == {"party_letter_national"}
    assert failed["party_letter_national"].severity == "warn"
    assert failed["party_letter_national"].observed == "1 of 5 rows"  # of that document's rows
    assert failed["party_letter_national"].document_id == NORD_MINUTES
    assert "party=L" in failed["party_letter_national"].details


# --- keys, references, enums (error) -------------------------------------------------------


def test_duplicate_attendance_key_quarantines_that_document(clean):
    """The KKR Hovedstaden minutes list Karina Vestergård Madsen twice; kept twice, the key breaks.

    The key is a rule a document can break: the failure names the document (to be quarantined),
    it does not stop the load.
    """
    attendance = clean["attendance"]
    clean["attendance"] = pl.concat([attendance, attendance.filter(pl.col("person_name") == "Karina Vestergård Madsen")])
    failed = _failures("attendance", clean)
    assert set(failed) == {"key_unique"}
    result = failed["key_unique"]
    assert result.severity == "error" and result.observed == "2 of 3 rows"  # of the Hovedstaden minutes' 3
    assert result.document_id == HOVED_MINUTES and result.quarantines and not result.blocks()
    assert result.blocks(strict=True)
    karina = person_id("Karina Vestergård Madsen", "101", "Ø")
    assert f"document_id={HOVED_MINUTES}, person_id={karina}, person_name=Karina Vestergård Madsen" in result.details


@pytest.mark.parametrize("table", ["refugee_quotas", "attendance"])
def test_unknown_municipality_code_fails(clean, table):
    frame = clean[table]
    clean[table] = frame.with_columns(municipality_code=pl.when(pl.col("municipality_code") == "101")
                                      .then(pl.lit("999")).otherwise(pl.col("municipality_code")))
    failed = _failures(table, clean)
    assert "municipality_code_known" in failed
    assert failed["municipality_code_known"].severity == "error"
    assert "municipality_code=999" in failed["municipality_code_known"].details


def test_rows_of_a_rejected_or_unknown_document_fail(clean):
    amounts = clean["amounts"]
    clean["amounts"] = pl.concat([amounts, schema.frame("amounts", [
        {"document_id": REJECTED, "amount_dkk": 1.0}, {"document_id": "nowhere", "amount_dkk": 2.0}])])
    result = _failures("amounts", clean)["document_loaded"]
    assert result.severity == "error" and result.observed == "2 of 4 rows"
    assert REJECTED in result.details and "nowhere" in result.details


def test_values_outside_their_allowed_sets_fail(clean):
    clean["documents"] = clean["documents"].with_columns(
        status=pl.when(pl.col("document_id") == NOTAT).then(pl.lit("half-loaded")).otherwise(pl.col("status")))
    failed = _failures("documents", clean)
    assert set(failed) == {"status_allowed"} and NOTAT in failed["status_allowed"].details
    clean["sosu_training_places"] = clean["sosu_training_places"].with_columns(measure=pl.lit("elever"))
    assert _failures("sosu_training_places", clean)["measure_allowed"].blocks()


def test_negative_and_null_figures_fail(clean):
    quotas = clean["refugee_quotas"]
    clean["refugee_quotas"] = quotas.with_columns(
        quota=pl.when(pl.col("municipality_code") == "147").then(-16).otherwise(pl.col("quota")))
    failed = _failures("refugee_quotas", clean)
    assert "figures_non_negative" in failed and "municipality_code=147" in failed["figures_non_negative"].details
    clean["refugee_quotas"] = quotas.with_columns(
        municipality_code=pl.when(pl.col("municipality") == "Gentofte").then(None).otherwise(pl.col("municipality_code")))
    assert "keys_not_null" in _failures("refugee_quotas", clean)
    clean["refugee_quotas"] = quotas.with_columns(  # a quota read as a decimal number
        quota=pl.when(pl.col("municipality_code") == "147").then(1.5).otherwise(pl.col("quota")))
    failed = _failures("refugee_quotas", clean)
    assert "figures_non_negative" in failed and "quota=1.5" in failed["figures_non_negative"].details


def test_municipalities_must_be_98_with_three_digit_codes(clean):
    munis = clean["municipalities"]
    clean["municipalities"] = munis.filter(pl.col("code") != "825")
    failed = _failures("municipalities", clean)
    assert set(failed) == {"has_98_rows"} and failed["has_98_rows"].observed == "97 rows"
    clean["municipalities"] = munis.with_columns(
        code=pl.when(pl.col("code") == "101").then(pl.lit("0101")).otherwise(pl.col("code")))
    failed = _failures("municipalities", clean)
    assert set(failed) == {"code_three_digits"} and "code=0101" in failed["code_three_digits"].details


# --- results and the store -----------------------------------------------------------------


def test_to_frame_has_the_contract_columns_and_naive_utc_time():
    at = datetime(2026, 6, 16, 12, 0, tzinfo=timezone(timedelta(hours=2)))
    frame = to_frame([CheckResult("kkr_seats", "seats_add_up", False, "warn", "1 of 9 rows", "party=A")], "r1", at)
    assert frame.schema == pl.Schema(schema.TABLES["validation_results"])
    assert frame.row(0, named=True)["checked_at"] == datetime(2026, 6, 16, 10, 0)
    with pytest.raises(ValueError):
        CheckResult("t", "c", True, "fatal", "", "")


def test_store_round_trip_replaces_a_tables_results_and_leaves_no_temp_files(tmp_path):
    ok = CheckResult("attendance", "key_unique", True, "error", "0 of 7 rows", "attendance: ...")
    bad = CheckResult("kkr_seats", "seats_add_up", False, "warn", "1 of 9 rows", "party=A")
    write_results(tmp_path, "run-1", "attendance", [ok])
    write_results(tmp_path, "run-1", "kkr_seats", [bad])
    write_results(tmp_path, "run-1", "attendance", [ok, CheckResult("attendance", "status_allowed", True, "error", "", "")])
    write_results(tmp_path, "run-2", "attendance", [bad])
    frame = read_results(tmp_path, "run-1")
    assert frame.schema == pl.Schema(schema.TABLES["validation_results"])
    assert frame.select("table_name", "check_name", "success").rows() == [
        ("attendance", "key_unique", True), ("attendance", "status_allowed", True), ("kkr_seats", "seats_add_up", False)]
    assert set(frame["run_id"]) == {"run-1"}
    assert sorted(p.name for p in (tmp_path / "run-1").iterdir()) == ["attendance.parquet", "kkr_seats.parquet"]
    assert read_results(tmp_path, "never-ran").is_empty()
    with pytest.raises(ValueError):
        write_results(tmp_path, "../escape", "attendance", [ok])


def test_loading_the_suites_does_not_import_great_expectations():
    code = ("import sys, pipeline.validation, assets.checks; "
            "print(any(m.startswith('great_expectations') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- the Dagster checks --------------------------------------------------------------------


def _stub_assets(frames: dict[str, pl.DataFrame], names: list[str]) -> list:
    """Source assets named like the warehouse tables, returning the given frames; plus a consumer."""
    import dagster as dg

    def stub(name: str):
        @dg.asset(name=name)
        def _stub() -> pl.DataFrame:
            return frames[name]
        return _stub

    @dg.asset(ins={"attendance": dg.AssetIn("attendance")})
    def downstream(attendance: pl.DataFrame) -> int:
        return attendance.height

    return [*(stub(n) for n in names), downstream]


def _materialize(frames, tmp_path, strict: bool = False):
    import dagster as dg

    from assets.checks import build_table_checks
    from assets.resources import PipelineConfig, ValidationStoreResource

    names = ["documents", "attendance", "municipalities", "parties"]
    return dg.materialize(
        [*_stub_assets(frames, names), *build_table_checks(["attendance", "documents"])],
        resources={"validation_store": ValidationStoreResource(root=str(tmp_path)),
                   "settings": PipelineConfig(strict=strict)},
        raise_on_error=False,
    )


def test_checks_run_in_a_dagster_graph_and_land_in_the_store(clean, tmp_path):
    import dagster as dg

    clean["attendance"] = clean["attendance"].with_columns(  # a local list: warn, does not block
        party=pl.when(pl.col("person_name") == "Anna Aaen").then(pl.lit("L")).otherwise(pl.col("party")))
    result = _materialize(clean, tmp_path)
    assert result.success
    evaluations = {(e.asset_key.path[-1], e.check_name): e for e in result.get_asset_check_evaluations()}
    expected = {(t, c.name) for t in ("attendance", "documents") for c in TABLE_CHECKS[t]}
    assert set(evaluations) == expected
    warn = evaluations[("attendance", "party_letter_national")]
    assert not warn.passed and warn.severity == dg.AssetCheckSeverity.WARN
    assert warn.metadata["observed"].value == "1 of 5 rows"
    assert warn.metadata["documents"].value == [NORD_MINUTES]
    assert all(e.passed for key, e in evaluations.items() if key != ("attendance", "party_letter_national"))
    assert "downstream" in {e.asset_key.path[-1] for e in result.get_asset_materialization_events()}

    stored = read_results(tmp_path, result.run_id)
    assert set(stored.select("table_name", "check_name").rows()) == expected
    assert stored.filter(~pl.col("success")).select("check_name", "severity").rows() == [("party_letter_national", "warn")]


def test_an_error_check_blocks_downstream_but_is_still_stored(clean, tmp_path):
    clean["attendance"] = clean["attendance"].with_columns(municipality_code=pl.lit("999"))
    result = _materialize(clean, tmp_path)
    assert not result.success
    assert "downstream" not in {e.asset_key.path[-1] for e in result.get_asset_materialization_events()}
    stored = read_results(tmp_path, result.run_id)
    failed = stored.filter(~pl.col("success"))
    assert failed.select("table_name", "check_name", "severity", "document_id").rows() == [
        ("attendance", "municipality_code_known", "error", None)]


def test_a_document_error_quarantines_without_blocking_unless_strict(clean, tmp_path):
    """A duplicate key in one document: downstream runs (that document is quarantined); --strict stops it."""
    attendance = clean["attendance"]
    clean["attendance"] = pl.concat([attendance, attendance.filter(pl.col("person_name") == "Anna Aaen")])
    result = _materialize(clean, tmp_path / "lenient")
    assert result.success
    assert "downstream" in {e.asset_key.path[-1] for e in result.get_asset_materialization_events()}
    stored = read_results(tmp_path / "lenient", result.run_id).filter(~pl.col("success"))
    assert stored.select("check_name", "severity", "document_id").rows() == [("key_unique", "error", NORD_MINUTES)]

    strict = _materialize(clean, tmp_path / "strict", strict=True)
    assert not strict.success
    assert "downstream" not in {e.asset_key.path[-1] for e in strict.get_asset_materialization_events()}


# --- two kinds of check: contract rules stop the load, document rules name documents ---------


def _where(column: str, value, **changes):
    """A frame mutation: set `changes` on the rows where `column` == `value`."""
    def apply(frame: pl.DataFrame) -> pl.DataFrame:
        hit = pl.col(column) == value
        return frame.with_columns(
            pl.when(hit).then(pl.lit(v)).otherwise(pl.col(c)).cast(frame.schema[c]).alias(c) for c, v in changes.items())
    return apply


def _twice(column: str, value):
    return lambda frame: pl.concat([frame, frame.filter(pl.col(column) == value)])


# Every contract rule that stops the load, and one way the code could break it.
CONTRACT_BREAKS = {
    ("documents", "keys_not_null"): _where("document_id", NOTAT, source_file=None),
    ("documents", "key_unique"): _twice("document_id", NOTAT),
    ("documents", "doc_type_allowed"): _where("document_id", NOTAT, doc_type="brev"),
    ("documents", "status_allowed"): _where("document_id", NOTAT, status="half-loaded"),
    ("meetings", "keys_not_null"): _where("body", "KKR Nordjylland", meeting_date=None),
    ("meetings", "key_unique"): _twice("body", "KKR Nordjylland"),
    ("meetings", "documents_known"): _where("body", "KKR Nordjylland", minutes_document_id="nowhere"),
    ("agenda_items", "document_loaded"): _where("item_no", "3.7", document_id=REJECTED),
    ("attendance", "status_allowed"): _where("person_name", "Anna Aaen", status="maybe"),
    ("attendance", "document_loaded"): _where("person_name", "Anna Aaen", document_id="nowhere"),
    ("attendance", "municipality_code_known"): _where("person_name", "Anna Aaen", municipality_code="999"),
    ("refugee_quotas", "document_loaded"): _where("municipality_code", "101", document_id=REJECTED),
    ("refugee_quotas", "municipality_code_known"): _where("municipality_code", "101", municipality_code="999"),
    ("refugee_quota_totals", "level_allowed"): _where("level", "landstal", level="kommune"),
    ("refugee_quota_totals", "document_loaded"): _where("level", "landstal", document_id=REJECTED),
    ("sosu_training_places", "program_allowed"): _where("program", "hjælper", program="elev"),
    ("sosu_training_places", "measure_allowed"): _where("program", "hjælper", measure="elever"),
    ("sosu_training_places", "document_loaded"): _where("program", "hjælper", document_id=REJECTED),
    ("kkr_seats", "document_loaded"): _where("party", "A", document_id=REJECTED),
    ("budget_lines", "document_loaded"): _where("label", "I alt", document_id=REJECTED),
    ("amounts", "document_loaded"): _where("document_id", NOTAT, document_id=REJECTED),
    ("meeting_schedule", "document_loaded"): _where("document_id", NORD_AGENDA, document_id="nowhere"),
    ("parse_issues", "keys_not_null"): _where("document_id", REJECTED, reason=None),
    ("parse_issues", "documents_known"): _where("document_id", REJECTED, document_id="nowhere"),
    ("municipalities", "keys_not_null"): _where("code", "101", kkr=None),
    ("municipalities", "key_unique"): _where("code", "147", code="101"),
    ("municipalities", "code_three_digits"): _where("code", "101", code="0101"),
    ("municipalities", "has_98_rows"): lambda f: f.filter(pl.col("code") != "825"),
    ("parties", "keys_not_null"): _where("letter", "A", name=None),
    ("parties", "key_unique"): _where("letter", "B", letter="A"),
    ("people", "keys_not_null"): _where("person_name", "Anna Aaen", person_id=None),
    ("people", "key_unique"): _twice("person_name", "Anna Aaen"),
}


def test_every_blocking_contract_rule_has_a_breaking_case():
    blocking = {(t, c.name) for t, checks in TABLE_CHECKS.items() for c in checks
                if c.scope == "contract" and c.severity == "error"}
    assert blocking == set(CONTRACT_BREAKS)


@pytest.mark.parametrize("table, check", sorted(CONTRACT_BREAKS), ids=lambda v: v if isinstance(v, str) else None)
def test_a_broken_contract_rule_stops_the_load(clean, table, check):
    clean[table] = CONTRACT_BREAKS[(table, check)](clean[table])
    results = [r for r in validate_table(table, clean) if r.check_name == check and not r.success]
    assert results, f"{table}.{check} did not fail"
    assert all(r.document_id is None and r.blocks() for r in results)


# Rules a document can break (a misread figure, a missing key part), each quarantining only that document.
DOCUMENT_BREAKS = {
    ("refugee_quotas", "figures_plausible"): _where("municipality_code", "101", quota=10**12),
    ("refugee_quotas", "figures_non_negative"): _where("municipality_code", "101", quota=-3),
    ("refugee_quotas", "keys_not_null"): _where("municipality_code", "101", year=None),
    ("kkr_seats", "keys_not_null"): _where("party", "A", period=None),
    ("kkr_seats", "figures_non_negative"): _where("party", "A", supplementary=-1),
    ("sosu_training_places", "figures_plausible"): _where("program", "hjælper", places=5_000_000),
    ("amounts", "figures_plausible"): _where("document_id", NOTAT, amount_dkk=1e20),
    ("agenda_items", "key_unique"): _twice("item_no", "3.7"),
}


@pytest.mark.parametrize("table, check", sorted(DOCUMENT_BREAKS), ids=lambda v: v if isinstance(v, str) else None)
def test_a_document_rule_quarantines_only_the_document_that_broke_it(clean, table, check):
    frame = clean[table]
    clean[table] = DOCUMENT_BREAKS[(table, check)](frame)
    failed = [r for r in validate_table(table, clean) if not r.success]
    assert {r.check_name for r in failed} <= {check, "figures_non_negative", "figures_plausible",
                                              "quotas_match_stated_total", "kkr_rows_match_national", "seats_add_up"}
    ours = [r for r in failed if r.check_name == check]
    owners = set(frame["document_id"])
    assert len(ours) == 1 and ours[0].document_id in owners
    assert ours[0].quarantines and not ours[0].blocks() and ours[0].blocks(strict=True)


def test_a_document_rule_broken_by_rows_naming_no_document_stops_the_load(clean):
    clean["kkr_seats"] = _where("party", "A", document_id=None)(clean["kkr_seats"])
    (result,) = [r for r in validate_table("kkr_seats", clean) if r.check_name == "keys_not_null"]
    assert result.document_id is None and result.blocks()


def test_namesake_and_period_failures_name_their_documents_only(clean):
    """The two cases of issue 15 at the check level: no period in one document's seat table."""
    clean["kkr_seats"] = clean["kkr_seats"].with_columns(period=pl.lit(None, pl.Utf8))
    failed = {r.check_name: r for r in validate_table("kkr_seats", clean) if not r.success}
    assert set(failed) == {"keys_not_null"}
    assert failed["keys_not_null"].document_id == NORD_AGENDA and failed["keys_not_null"].observed == "9 of 9 rows"


# --- tolerances at the edge ------------------------------------------------------------------


@pytest.mark.parametrize("total, flagged", [(102_000.0, False), (102_000.4, False), (101_999.6, False),
                                            (102_001.0, True), (101_999.0, True)])
def test_budget_total_tolerance_is_half_a_krone(clean, total, flagged):
    """Lines 50.000 + 20.000 + 32.000 = 102.000 kr.: a total 0,4 kr. off passes, 1 kr. off is flagged."""
    clean["budget_lines"] = _where("label", "I alt", amount_dkk=total)(clean["budget_lines"])
    result = _results("budget_lines", clean)["lines_add_up_to_total"]
    assert result.success is not flagged
    if flagged:
        assert result.document_id == NORDDJURS and result.severity == "warn" and not result.blocks()
        assert result.observed == f"sum 102000 vs stated {_fmt_total(total)}"


def _fmt_total(value: float) -> str:
    return str(int(value)) if value.is_integer() else str(value)


@pytest.mark.parametrize("extra, flagged", [(0, False), (1, True)])
def test_seats_that_sum_to_the_stated_total_pass_and_one_more_is_flagged(clean, extra, flagged):
    """Party V in Nordjylland: 8 mayors + 0 supplementary = 8 stated; a ninth mayor does not add up."""
    clean["kkr_seats"] = clean["kkr_seats"].with_columns(
        mayors=pl.when(pl.col("party") == "V").then(8 + extra).otherwise(pl.col("mayors")))
    result = _results("kkr_seats", clean)["seats_add_up"]
    assert result.success is not flagged
    if flagged:
        assert result.document_id == NORD_AGENDA and "party=V, mayors_plus_supplementary=9, total=8" in result.details


def test_the_check_reads_the_same_reconciliation_the_view_publishes(clean):
    """One definition: the check's frame is the view's rows over the same data."""
    import duckdb

    from pipeline.validation import reconcile
    from pipeline.warehouse import SQL_DIR, create_views

    con = duckdb.connect()
    con.execute((SQL_DIR / "ddl.sql").read_text())
    for table in ("refugee_quotas", "refugee_quota_totals", "municipalities", "kkr_seats", "budget_lines",
                  "agenda_items", "documents", "sosu_training_places"):
        con.register("_in", clean[table].select(list(schema.TABLES[table])).to_arrow())
        con.execute(f"INSERT INTO {table} SELECT * FROM _in")
        con.unregister("_in")
    create_views(con)
    for rule in reconcile.RECONCILIATIONS.values():
        published = con.sql(f"SELECT * FROM {rule.view}").pl()
        assert published.height > 0, rule.view
        assert published.equals(reconcile.compute(rule, clean)), rule.view
    con.close()
