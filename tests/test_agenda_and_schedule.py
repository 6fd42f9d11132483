"""Agenda items and the meeting plan from the seeds."""

from datetime import date

from pipeline.models import Document, Line
from pipeline.parsers.agenda import parse_agenda_items
from pipeline.parsers.schedule import parse_meeting_schedule


def items(doc):
    return {r["item_no"]: r for r in parse_agenda_items(doc).rows}


def test_item_counts_per_seed(seed_docs):
    counts = {k: len(parse_agenda_items(d).rows) for k, d in seed_docs.items()}
    assert counts == {"nord_2024_referat": 11, "nord_2026_dagsorden": 10, "hoved_2026_referat": 14,
                      "norddjurs_sag": 1, "notat": 0}


def test_wrapped_titles_are_whole(seed_docs):
    nord = items(seed_docs["nord_2024_referat"])
    assert nord["2.2"]["title"] == "Forberedelse af de kommende økonomiforhandlinger for 2025"
    assert nord["2.4"]["title"] == "Opfølgning på resultatkontrakt 2023 mellem Erhvervshus Nordjylland og KKR Nordjylland"
    plan = items(seed_docs["nord_2026_dagsorden"])
    assert plan["1.4"]["title"] == "Valg af formand og næstformand for KKR Nordjylland 2026-2030"
    assert plan["1.6"]["title"] == ("Erhvervsorganisationer og videninstitutioner til erhvervshusenes "
                                    "bestyrelser for valgperioden 2026-2030")
    assert list(plan) == [f"1.{i}" for i in range(1, 11)]


def test_case_numbers_recommendations_and_decisions(seed_docs):
    hoved = items(seed_docs["hoved_2026_referat"])
    assert hoved["3.3"]["case_no"] == "SAG-2026-00613"
    assert hoved["3.9"]["title"] == "Kommunekvoter for fordeling af flygtninge for 2027"
    assert hoved["3.9"]["decision"].startswith("KKR Hovedstaden tiltrådte indstillingen.")
    assert hoved["3.4"]["decision"].startswith("KKR Hovedstaden drøftede vigtigheden")  # not cut by '2. Kommunerne …'
    assert hoved["1.2"]["recommendation"] == "Det indstilles, at KKR Hovedstaden godkender dagsordenen til mødet den 16. juni 2026."
    (sag,) = parse_agenda_items(seed_docs["norddjurs_sag"]).rows
    assert sag["item_no"] is None and sag["case_no"] == "25/555"
    assert sag["title"] == "Godkendelse af handleplan i Kattegatalliancen og genbesøg fra Halmstads Kommun"
    assert sag["decision"] == "Ad. 1. Tiltrådt. Ad. 2. Tiltrådt. Ad. 3. Tiltrådt."
    assert sag["recommendation"].startswith("Kommunaldirektøren indstiller at, 1. Borgmester bemyndiges")
    agenda = items(seed_docs["nord_2026_dagsorden"])
    assert all(r["decision"] is None for r in agenda.values())  # an agenda has no decisions yet


def test_numbered_lists_inside_items_are_not_items():
    lines = [Line(t, 1, i) for i, t in enumerate([
        "1. Sager", "1.1. Første sag", "SAG-2025-00001 abc", "Sagsfremstilling",
        "- 1.1. Kommunerne skal have fælles tilgang", "2. Det fremgår her, at noget", "Beslutning", "Godkendt.",
        "1.2. Anden sag", "SAG-2025-00001 abc", "Beslutning", "Taget til efterretning.", "2. Eventuelt",
    ], start=1)]
    doc = Document("d", "f.txt", tuple(lines), 1)
    rows = parse_agenda_items(doc).rows
    assert [(r["item_no"], r["decision"]) for r in rows] == [("1.1", "Godkendt."), ("1.2", "Taget til efterretning.")]


def test_meeting_plan_has_all_21_dates_on_fridays(seed_docs):
    rows = [r for r in parse_meeting_schedule(seed_docs["nord_2026_dagsorden"]).rows if r["kind"] == "plan"]
    assert len(rows) == 21
    assert {r["weekday"] for r in rows} == {"Fredag"}
    assert all(r["meeting_date"].weekday() == 4 for r in rows)
    dates = [r["meeting_date"] for r in rows]
    assert dates[0] == date(2026, 1, 23) and dates[-1] == date(2030, 1, 25)
    assert rows[0]["note"] == "konstituerende møde 2026-2030"
    assert {d.year for d in dates} == {2026, 2027, 2028, 2029, 2030}


def test_next_meeting_sentences(seed_docs):
    nord = parse_meeting_schedule(seed_docs["nord_2024_referat"]).rows
    assert [(r["body"], r["meeting_date"], r["kind"]) for r in nord] == [
        ("KKR Nordjylland", date(2024, 6, 21), "next_meeting")]
    hoved = parse_meeting_schedule(seed_docs["hoved_2026_referat"]).rows
    assert [(r["body"], r["meeting_date"]) for r in hoved] == [("KKR Hovedstaden", date(2026, 9, 4))]


def test_meeting_plan_shapes_times_abbreviations_tables_and_no_weekday():
    from pipeline.models import Line as L

    texts = ["Mødeplan 2028 for Teknik- og Miljøudvalget", "Mandag d. 7. februar kl. 16.00", "3. april 2028 kl. 10.00",
             "tirsdag den 9. maj (budgetseminar)", "Beslutning", "Næste møde afholdes d. 14. juni 2028 kl. 16.00."]
    lines = [L(t, 1, i) for i, t in enumerate(texts, start=1)]
    lines.insert(4, L("Onsdag 20. september\tkl. 9.30\tRådhuset", 1, 99,
                      ("Onsdag 20. september", "kl. 9.30", "Rådhuset")))
    doc = Document("d", "plan.txt", tuple(lines), 1, "dagsorden", "Teknik- og Miljøudvalget")
    parsed = parse_meeting_schedule(doc)
    assert [(r["meeting_date"], r["weekday"], r["note"], r["kind"]) for r in parsed.rows] == [
        (date(2028, 2, 7), "Mandag", None, "plan"),
        (date(2028, 4, 3), None, None, "plan"),
        (date(2028, 5, 9), "Tirsdag", "budgetseminar", "plan"),
        (date(2028, 9, 20), "Onsdag", None, "plan"),
        (date(2028, 6, 14), None, "næste møde", "next_meeting"),
    ]
    assert parsed.issues == []


def test_a_plan_heading_with_no_date_under_it_is_a_coded_issue():
    from pipeline.models import Line as L

    doc = Document("d", "plan.txt", (L("Mødekalender", 1, 1), L("Datoerne fastlægges senere.", 1, 2)), 1)
    parsed = parse_meeting_schedule(doc)
    assert parsed.rows == [] and [i.code for i in parsed.issues] == ["table_not_read"]


def test_minutes_without_any_readable_item_say_so():
    doc = Document("d", "f.txt", (Line("Referat", 1, 1), Line("Mødet blev aflyst.", 1, 2)), 1, "referat")
    parsed = parse_agenda_items(doc)
    assert parsed.rows == [] and [(i.code, i.table_name) for i in parsed.issues] == [("table_not_read", "agenda_items")]
