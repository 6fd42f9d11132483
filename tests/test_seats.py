"""KKR composition tables: one row per party, mayors + supplementary = total, 'I alt' is no party."""

from __future__ import annotations

import pytest

from pipeline.models import Line
from pipeline.parsers.seats import parse_kkr_seats, read_header
from conftest import doc_of as make_doc, without

TITLE = ["1.2. Godkendelse af sammensætning af medlemmer i KKR", "Nordjylland for valgperioden 2026-2030",
         "SAG-2024-04469 rojh", "Sagsfremstilling"]


def doc_of(*rows, body: str | None = "KKR Nordjylland", title=TITLE):
    return make_doc(*rows, head=title, body=body)


@pytest.fixture(scope="module")
def seed(seed_docs):
    return parse_kkr_seats(seed_docs["nord_2026_dagsorden"])


def test_seed_gives_nine_party_rows(seed):
    assert seed.issues == []
    assert [r["party"] for r in seed.rows] == ["A", "B", "C", "F", "I", "O", "V", "Æ", "Ø"]
    assert {(r["kkr"], r["period"]) for r in seed.rows} == {("KKR Nordjylland", "2026-2030")}


def test_seed_mayors_plus_supplementary_is_total(seed):
    for r in seed.rows:
        assert r["mayors"] + r["supplementary"] == r["total"]
    by_party = {r["party"]: (r["mayors"], r["supplementary"], r["total"]) for r in seed.rows}
    assert by_party["V"] == (8, 0, 8)
    assert by_party["A"] == (2, 3, 5)
    assert sum(r["total"] for r in seed.rows) == 22  # the table's 'I alt'
    assert sum(r["mayors"] for r in seed.rows) == 11  # 11 municipalities in Nordjylland


def test_pdf_rendering_gives_the_same_rows(seed_docs, pdf_docs):
    key = "nord_2026_dagsorden"
    pdf, text = parse_kkr_seats(pdf_docs[key]).rows, parse_kkr_seats(seed_docs[key]).rows
    assert without(pdf, "document_id", "page") == without(text, "document_id", "page")


def test_other_seeds_have_no_seat_tables(seed_docs):
    for key in ("nord_2024_referat", "hoved_2026_referat", "norddjurs_sag", "notat"):
        assert parse_kkr_seats(seed_docs[key]).rows == []


def test_header_keeps_party_i_apart_from_the_i_alt_column():
    header = read_header(Line("KKR Syddanmark A C I V Ø I alt", 1, 1))
    assert header == ("KKR Syddanmark", ["A", "C", "I", "V", "Ø", "I alt"])
    assert read_header(Line("Det indstilles, at KKR godkender sammensætningen", 1, 1)) is None


def test_cells_with_a_repeated_header_give_the_same_rows_as_text():
    text = doc_of("KKR Syddanmark A C V I alt", "Borgmestre 10 2 10 22", "Supplerende valg 8 3 4 15",
                  "Antal medlemmer 18 5 14 37", body="KKR Syddanmark")
    head = ("KKR Syddanmark", "A", "C", "V", "I alt")
    cells = doc_of(head, ("Borgmestre", "10", "2", "10", "22"), "<pagebreak>", head,
                   ("Supplerende valg", "8", "3", "4", "15"), ("Antal medlemmer", "18", "5", "14", "37"),
                   body="KKR Syddanmark")
    a, b = parse_kkr_seats(text), parse_kkr_seats(cells)
    assert a.issues == [] and b.issues == []
    assert b.rows == a.rows
    assert [(r["kkr"], r["party"], r["mayors"], r["supplementary"], r["total"]) for r in b.rows] == [
        ("KKR Syddanmark", "A", 10, 8, 18), ("KKR Syddanmark", "C", 2, 3, 5), ("KKR Syddanmark", "V", 10, 4, 14)]


def test_kkr_from_the_document_body_when_the_first_cell_is_empty():
    doc = doc_of(("", "A", "V", "I alt"), ("Borgmestre", "1", "2", "3"), ("Supplerende valg", "1", "0", "1"),
                 body="KKR Midtjylland", title=["1.1. Sammensætning for valgperioden 2022-2026", "SAG-1", "Baggrund"])
    rows = parse_kkr_seats(doc).rows
    assert {(r["kkr"], r["period"]) for r in rows} == {("KKR Midtjylland", "2022-2026")}
    assert [r["total"] for r in rows] == [2, 2]  # no total row: mayors + supplementary


def test_inconsistent_figures_are_reported():
    # party A: 2 + 3 != 6; mayors: the parties sum to 10 but 'I alt' says 11
    doc = doc_of("KKR Nordjylland A V I alt", "Borgmestre 2 8 11", "Supplerende valg 3 0 3", "Antal medlemmer 6 8 14")
    result = parse_kkr_seats(doc)
    issues = [i.reason for i in result.issues]
    assert any("party A" in r for r in issues)
    assert not any("party V" in r for r in issues)
    assert any(r.startswith("mayors") and "'I alt' says 11" in r for r in issues)
    assert len(result.rows) == 2  # figures are stored as stated; the issues flag them


# --- context that can be inferred is inferred (issue 15) ------------------------------------

from datetime import date  # noqa: E402

from pipeline import issues  # noqa: E402
from pipeline.contract import key_of  # noqa: E402
from pipeline.models import Document  # noqa: E402
from pipeline.parsers.seats import term_of  # noqa: E402

NO_PERIOD_TITLE = ["1.1. Sammensætning af KKR Syddanmark", "SAG-7", "Baggrund"]
TABLE = ("KKR Syddanmark A C V I alt", "Borgmestre 4 2 6 12", "Supplerende valg 5 3 2 10", "Antal medlemmer 9 5 8 22")


def _dated(doc: Document, day: date | None) -> Document:
    return Document(doc.document_id, doc.source_file, doc.lines, doc.page_count, "dagsorden", doc.body, day)


@pytest.mark.parametrize("day, term", [
    (date(2026, 1, 1), "2026-2030"),  # the first day of a term
    (date(2027, 1, 20), "2026-2030"),
    (date(2029, 12, 31), "2026-2030"),  # its last day
    (date(2030, 1, 1), "2030-2034"),
    (date(2025, 12, 31), "2022-2026"),
    (date(2010, 1, 1), "2010-2014"),
    (date(2009, 6, 1), None),  # the 2007-2009 term after the reform was three years: not guessed
    (None, None),
])
def test_term_of_a_date(day, term):
    assert term_of(day) == term


def test_a_table_without_a_period_takes_the_term_of_the_meeting_date():
    doc = _dated(doc_of(*TABLE, body="KKR Syddanmark", title=NO_PERIOD_TITLE), date(2027, 1, 20))
    result = parse_kkr_seats(doc)
    assert {(r["kkr"], r["period"]) for r in result.rows} == {("KKR Syddanmark", "2026-2030")}
    assert [(r["party"], r["total"]) for r in result.rows] == [("A", 9), ("C", 5), ("V", 8)]
    (issue,) = result.issues
    assert (issue.code, issue.table_name) == (issues.INFERRED, "kkr_seats")
    assert "2026-2030" in issue.reason and "2027-01-20" in issue.reason


def test_a_stated_period_wins_over_the_meeting_date():
    doc = _dated(doc_of(*TABLE, body="KKR Syddanmark"), date(2027, 1, 20))  # TITLE states 2026-2030
    doc2 = _dated(doc_of(*TABLE, body="KKR Syddanmark", title=["1.1. Sammensætning for valgperioden 2022-2026",
                                                                "SAG-1", "Baggrund"]), date(2027, 1, 20))
    assert {r["period"] for r in parse_kkr_seats(doc).rows} == {"2026-2030"}
    result = parse_kkr_seats(doc2)
    assert {r["period"] for r in result.rows} == {"2022-2026"} and result.issues == []


def test_a_table_whose_period_cannot_be_inferred_is_left_out_with_a_warning():
    result = parse_kkr_seats(_dated(doc_of(*TABLE, body="KKR Syddanmark", title=NO_PERIOD_TITLE), None))
    assert result.rows == []
    (issue,) = result.issues
    assert issue.code == issues.TABLE_NOT_READ and "election period" in issue.reason
    assert "no meeting date" in issue.reason


def test_zero_width_marks_inside_figures_are_read_through():
    rows = ("KKR Syddanmark A C V I alt", "Borgmestre 4\u200b 2 6 12", "Supplerende valg 5 3\u2060 2 10",
            "Antal medlemmer 9 \u202d5 8 22")
    result = parse_kkr_seats(doc_of(*rows, body="KKR Syddanmark"))
    assert result.issues == []
    assert [(r["party"], r["mayors"], r["supplementary"], r["total"]) for r in result.rows] == [
        ("A", 4, 5, 9), ("C", 2, 3, 5), ("V", 6, 2, 8)]


def test_a_table_without_readable_totals_is_left_out_not_loaded_with_null_totals():
    rows = ("KKR Syddanmark A C V I alt", "Borgmestre 4 x 6 12", "Supplerende valg 5 3 2 10")
    result = parse_kkr_seats(doc_of(*rows, body="KKR Syddanmark"))
    assert result.rows == []
    assert [i.code for i in result.issues] == [issues.UNREADABLE_ROW, issues.TABLE_NOT_READ]


def test_the_parser_keeps_one_row_per_contract_key():
    assert key_of("kkr_seats") == ("document_id", "kkr", "period", "party")
    twice = doc_of(*TABLE, "Eventuelt", *TABLE, body="KKR Syddanmark")
    result = parse_kkr_seats(twice)
    assert len(result.rows) == 3 and result.issues == []  # the same table twice states each fact once
