"""Participants -> attendance: the two seed minutes, then every line shape on small hand-written lists."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from pipeline.models import Document, Line
from pipeline.parsers.attendance import parse_attendance
from pipeline.people import attach_person_id, people_frame
from pipeline.schema import TABLES, frame

RAW = Path(__file__).resolve().parents[1] / "raw"


def seed_document(name: str, body: str, meeting_date: date) -> Document:
    """A seed file as a Document: non-blank lines, page 1, line_no = file line number."""
    text = (RAW / name).read_text(encoding="utf-8").splitlines()
    lines = tuple(Line(t, 1, n) for n, t in enumerate(text, start=1) if t.strip())
    return Document(name[:3], name, lines, 1, "referat", body, meeting_date)


def listed(*texts: str | tuple[str, int]) -> Document:
    """A small document from hand-written lines; a (text, page) tuple sets the page."""
    lines = []
    for n, item in enumerate(texts, start=1):
        text, page = item if isinstance(item, tuple) else (item, 1)
        lines.append(Line(text, page, n))
    return Document("doc", "doc.txt", tuple(lines), 2, "referat", "KKR Test", date(2025, 1, 2))


def by_name(rows: list[dict]) -> dict[str, dict]:
    return {row["person_name"]: row for row in rows}


@pytest.fixture(scope="module")
def nord():
    return parse_attendance(seed_document("000_8d54ce4d43275776.txt", "KKR Nordjylland", date(2024, 4, 19)))


@pytest.fixture(scope="module")
def hoved():
    return parse_attendance(seed_document("002_18d36715c11bc962.txt", "KKR Hovedstaden", date(2026, 6, 16)))


# --- seed 000: KKR Nordjylland 19-04-2024, every person checked by hand against the text ---

NORD_PRESENT = {
    "Hans Ejner Bertelsen": ("V", "773"), "Lasse Frimand Jensen": ("A", "851"),
    "Mogens Christen Gade": ("V", "849"), "Jes Lunde": ("B", "851"), "Mai-Britt Beith": ("A", "860"),
    "Per Bach Laursen": ("V", "820"), "Niels Jørgen Pedersen": ("V", "787"), "Jesper Greth": ("V", "840"),
    "Lene Schmidt Aalestrup": ("C", "840"), "Mogens Jespersen": ("V", "846"),
    "Henning Jørgensen": ("F", "810"), "Søren Smalbro": ("V", "860"), "Ulla Vestergaard": ("A", "787"),
    "Asger Andersen": ("A", "820"), "Brian Nielsen": ("D", "787"), "Morten Thiessen": ("C", "851"),
    "Daniel Nyboe Andersen": ("B", None),
}
NORD_ABSENT = {
    "Anna Aaen": ("Ø", "851"), "Birgit Stenbak Hansen": ("A", "813"), "Leif Skaarup": ("A", "846"),
    "Thomas Hjorth": ("O", "813"), "Jens Kristian Yde": ("C", "787"), "Mikael Klitgaard": ("V", "810"),
    "Tobias Birch Johansen": ("V", "825"),
}


def test_seed_000_counts_and_every_person(nord):
    present = {r["person_name"]: (r["party"], r["municipality_code"]) for r in nord.rows if r["status"] == "present"}
    absent = {r["person_name"]: (r["party"], r["municipality_code"]) for r in nord.rows if r["status"] == "absent"}
    assert len(present) == 17 and len(absent) == 7
    assert present == NORD_PRESENT
    assert absent == NORD_ABSENT
    assert nord.issues == []  # the agenda heading that ends the list is not an issue


def test_seed_000_substitute_role_note_and_context(nord):
    rows = by_name(nord.rows)
    assert rows["Morten Thiessen"]["substitute_for"] == "Jens Kristian Yde"
    assert rows["Morten Thiessen"]["status"] == "present"
    assert rows["Jens Kristian Yde"]["status"] == "absent"
    assert rows["Daniel Nyboe Andersen"]["role_note"] == "medlem af KL’s Klimahandlingsudvalg"
    assert rows["Brian Nielsen"]["role_note"] is None  # the stray ')' is not a note
    assert sum(r["substitute_for"] is not None for r in nord.rows) == 1
    first = rows["Hans Ejner Bertelsen"]
    assert (first["document_id"], first["body"], first["meeting_date"]) == ("000", "KKR Nordjylland", date(2024, 4, 19))
    assert (first["page"], first["line_no"]) == (1, 29)
    assert rows["Tobias Birch Johansen"]["line_no"] == 79


# --- seed 002: KKR Hovedstaden 16-06-2026 ---

HOVED_SAMPLE = {
    "Allan S. Andersen": ("A", "185", "present"),
    "Anders Medum Groth": ("B", "190", "present"),
    "Bent Christensen": ("I", "223", "present"),
    "Bianca Vitting": ("Ø", "147", "present"),  # 'Frederiksberg' without 'Kommune'
    "Birgitte Neergaard-Kofod": ("C", "240", "present"),
    "Freja Ludmilla Fischer-Møller": ("F", "173", "present"),  # Lyngby-Taarbæk
    "Frederik Tolstrup": ("V", "400", "present"),  # Bornholm
    "Helle Munk Ravnborg": ("Ø", "400", "present"),
    "Jens-Kristian Lütken": ("V", "101", "present"),  # 'København Kommune'
    "Karina Vestergård Madsen": ("Ø", "101", "present"),  # 'Københavns Kommune'
    "Ken Patrick Petersson": ("F", "169", "present"),  # Høje-Taastrup
    "Kenneth Gøtterup": ("C", "155", "present"),
    "Karoline Lindgaard": ("Å", "101", "present"),
    "Nanna Høyrup Andersen": ("Å", "260", "present"),
    "Nicolai Bechfeldt": ("V", "190", "present"),  # first line after the blank gap in the list
    "Sofia Osmani": ("C", "173", "present"),
    "Øjvind Vilsholm": ("Ø", "190", "present"),
    "Serdal Benli": ("F", "159", "present"),
    "Christoffer Lorenzen": ("C", "219", "absent"),
    "Jesper Würtzen": ("A", "151", "absent"),
    "Line Barfod": ("Ø", "101", "absent"),
    "Michael Vindfelt": ("A", "147", "absent"),
    "Michael Ziegler": ("C", "169", "absent"),
    "Steen Løfstrøm": ("O", "210", "absent"),
}


def test_seed_002_counts(hoved):
    statuses = [r["status"] for r in hoved.rows]
    assert statuses.count("present") == 46
    assert statuses.count("absent") == 14
    assert len({r["person_name"] for r in hoved.rows}) == 60


def test_seed_002_sample_checked_by_hand(hoved):
    rows = by_name(hoved.rows)
    for name, (party, code, status) in HOVED_SAMPLE.items():
        assert (rows[name]["party"], rows[name]["municipality_code"], rows[name]["status"]) == (party, code, status), name


def test_seed_002_substitute_and_duplicate(hoved):
    rows = by_name(hoved.rows)
    assert rows["Alexandra Dessoy"]["substitute_for"] == "Michael Vindfelt"
    assert rows["Alexandra Dessoy"]["municipality_code"] == "147"
    assert rows["Alexandra Dessoy"]["status"] == "present"
    assert [r["line_no"] for r in hoved.rows if r["person_name"] == "Karina Vestergård Madsen"] == [70]
    assert len(hoved.issues) == 1
    issue = hoved.issues[0]
    assert issue.line_no == 73
    assert issue.reason.startswith("duplicate participant: Karina Vestergård Madsen")


def test_rows_fit_the_attendance_contract(hoved):
    assert all(set(row) == set(TABLES["attendance"]) for row in hoved.rows)
    table = frame("attendance", hoved.rows)
    assert table.height == 60
    assert table["municipality_code"].str.contains(r"^\d{3}$").all()


def test_documents_without_a_participant_list_give_nothing():
    for name in ("001_2d4981eb64247659.txt", "003_5df23366ba455b5e.txt", "004_152554ed5c6a8923.txt"):
        parsed = parse_attendance(seed_document(name, "x", date(2025, 1, 1)))
        assert parsed.rows == [] and parsed.issues == []


# --- line shapes on hand-written lists ---

def test_comma_shapes_without_brackets():
    parsed = parse_attendance(listed(
        "Deltagere", "Hans Hansen, V", "Grete Nielsen, A, Aalborg Kommune", "Ole Ravn V Hjørring Kommune",
        "Baggrund",
    ))
    rows = by_name(parsed.rows)
    assert (rows["Hans Hansen"]["party"], rows["Hans Hansen"]["municipality_code"]) == ("V", None)
    assert (rows["Grete Nielsen"]["party"], rows["Grete Nielsen"]["municipality_code"]) == ("A", "851")
    assert (rows["Ole Ravn"]["party"], rows["Ole Ravn"]["municipality_code"]) == ("V", "860")
    assert parsed.issues == []


def test_table_cells_joined_by_tabs():
    parsed = parse_attendance(listed("Deltagere", "Hans Hansen\tV\tAalborg Kommune"))
    assert [(r["person_name"], r["party"], r["municipality_code"]) for r in parsed.rows] == [
        ("Hans Hansen", "V", "851")
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Hans Hansen (V) Vejle Kommune (stedfortræder for Jens Jensen)",
        "Hans Hansen (V), Vejle Kommune, stedfortræder for Jens Jensen",
        "Hans Hansen (V) Vejle Kommune, midlertidigt for Jens Jensen",
        "Hans Hansen (V) Vejle Kommune (suppleant for Jens Jensen)",
    ],
)
def test_substitution_shapes(line):
    parsed = parse_attendance(listed("Deltagere", line, "Afbud", "Jens Jensen (V) Vejle Kommune"))
    rows = by_name(parsed.rows)
    assert rows["Hans Hansen"]["substitute_for"] == "Jens Jensen"
    assert rows["Hans Hansen"]["status"] == "present"
    assert rows["Hans Hansen"]["municipality_code"] == "630"
    assert rows["Hans Hansen"]["role_note"] is None
    assert rows["Jens Jensen"]["status"] == "absent"
    assert parsed.issues == []


def test_fravaerende_heading_marks_absent():
    parsed = parse_attendance(listed(
        "Deltagere:", "Hans Hansen (A) Struer Kommune", "Fraværende:", "Lise Lund (C) Stevns Kommune",
    ))
    assert [(r["person_name"], r["status"], r["municipality_code"]) for r in parsed.rows] == [
        ("Hans Hansen", "present", "671"),
        ("Lise Lund", "absent", "336"),
    ]


def test_local_list_letter_is_kept_and_not_an_error():
    parsed = parse_attendance(listed("Deltagere", "Karl Smed (L), Lemvig Kommune"))
    assert parsed.rows[0]["party"] == "L"
    assert parsed.rows[0]["municipality_code"] == "665"
    assert parsed.issues == []


def test_role_note_after_municipality_and_instead_of_it():
    parsed = parse_attendance(listed(
        "Deltagere", "Hans Hansen (A), Aalborg Kommune, formand", "Ida Berg (B) medlem af KL’s bestyrelse",
    ))
    rows = by_name(parsed.rows)
    assert (rows["Hans Hansen"]["municipality_code"], rows["Hans Hansen"]["role_note"]) == ("851", "formand")
    assert (rows["Ida Berg"]["municipality_code"], rows["Ida Berg"]["role_note"]) == (None, "medlem af KL’s bestyrelse")


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ("Hans Hansen (Vxz), Aalborg Kommune", "party"),
        ("Hans Hansen (V, Aalborg Kommune", "unbalanced"),
        ("Hans Hansen (V), Aalborgg Kommune", "unknown municipality"),
        ("hans hansen (V) Aalborg Kommune", "name"),
    ],
)
def test_unreadable_person_inside_list_is_an_issue_and_list_goes_on(bad, reason):
    parsed = parse_attendance(listed("Deltagere", "Anna Holm (A) Odense Kommune", bad, "Bo Bak (V) Odense Kommune"))
    assert [r["person_name"] for r in parsed.rows] == ["Anna Holm", "Bo Bak"]
    assert len(parsed.issues) == 1
    assert parsed.issues[0].line_no == 3
    assert parsed.issues[0].raw_text == bad
    assert reason in parsed.issues[0].reason


def test_wrapped_line_between_people_is_an_issue_not_the_end():
    parsed = parse_attendance(listed(
        "Deltagere", "Ida Berg (B) medlem af KL’s", "Klimahandlingsudvalg", "Bo Bak (V) Odense Kommune",
    ))
    assert [r["person_name"] for r in parsed.rows] == ["Ida Berg", "Bo Bak"]
    assert [i.line_no for i in parsed.issues] == [3]


@pytest.mark.parametrize("end", ["1. Godkendelse af referat", "1.1. Godkendelse af dagsorden", "Baggrund",
                                 "SAG-2024-01363 hast", "Region Hovedstaden"])
def test_list_ends_at_first_non_person_without_issue(end):
    parsed = parse_attendance(listed(
        "Deltagere", "Anna Holm (A) Odense Kommune", end, "Det indstilles, at dagsorden godkendes",
        "Peter Madsen fremlagde sagen.",
    ))
    assert [r["person_name"] for r in parsed.rows] == ["Anna Holm"]
    assert parsed.issues == []


def test_lines_before_any_heading_are_ignored():
    parsed = parse_attendance(listed("Hans Hansen (V) Aalborg Kommune", "Deltagerfortegnelse"))
    assert parsed.rows == []
    assert [(i.code, i.line_no) for i in parsed.issues] == [("attendance_empty", 2)]  # a heading naming nobody


def test_list_continues_across_a_page_break():
    parsed = parse_attendance(listed(
        ("Deltagere", 2), ("Anna Holm (A) Odense Kommune", 2), ("Bo Bak (V) Nyborg Kommune", 2),
        ("Carl Dam (C) Assens Kommune", 3), ("Afbud", 3), ("Dorte Eg (F) Kerteminde Kommune", 3),
        ("2. Orientering", 3),
    ))
    assert [(r["person_name"], r["page"], r["status"]) for r in parsed.rows] == [
        ("Anna Holm", 2, "present"), ("Bo Bak", 2, "present"), ("Carl Dam", 3, "present"),
        ("Dorte Eg", 3, "absent"),
    ]
    assert [r["municipality_code"] for r in parsed.rows] == ["461", "450", "420", "440"]


def test_member_listed_and_also_under_afbud_is_one_absent_row():
    # Real minutes list absent members among the members too: the absence decides.
    parsed = parse_attendance(listed(
        "Deltagere", "Anna Holm (A) Odense Kommune", "Afbud", "Anna Holm (A), Odense Kommune",
    ))
    assert [(r["person_name"], r["status"], r["excused"]) for r in parsed.rows] == [("Anna Holm", "absent", True)]
    assert parsed.issues == []


def test_same_name_in_another_municipality_is_another_person():
    parsed = parse_attendance(listed("Deltagere", "Jens Jensen (A) Odense Kommune", "Jens Jensen (A) Vejle Kommune"))
    assert [r["municipality_code"] for r in parsed.rows] == ["461", "630"]
    assert parsed.issues == []


# --- people: identities across meetings ---

def attendance_rows(*rows: tuple) -> pl.DataFrame:
    """(document_id, meeting_date, person_name, party) tuples as an attendance frame."""
    return frame("attendance", [
        {"document_id": d, "meeting_date": m, "body": "KKR Test", "person_name": n, "party": p,
         "status": "present", "line_no": i}
        for i, (d, m, n, p) in enumerate(rows, start=1)
    ])


def test_people_from_both_seed_meetings(nord, hoved):
    attendance = pl.concat([frame("attendance", nord.rows), frame("attendance", hoved.rows)])
    people = people_frame(attendance)
    assert people.schema == pl.Schema(TABLES["people"])
    assert people.height == 24 + 60  # no politician sits in both KKRs
    assert people["person_id"].n_unique() == people.height
    assert (people["meetings_listed"] == 1).all()
    yde = people.filter(pl.col("person_name") == "Jens Kristian Yde").row(0, named=True)
    assert (yde["party"], yde["first_seen"], yde["last_seen"]) == ("C", date(2024, 4, 19), date(2024, 4, 19))


def test_people_merge_spellings_and_span_meetings():
    attendance = attendance_rows(
        ("a", date(2024, 1, 5), "Hans  Hansen", "V"),
        ("b", date(2024, 3, 1), "Hans Hansen", "V"),
        ("c", date(2024, 3, 1), "hans hansen", "V"),  # agenda + minutes of one meeting count once
        ("c", date(2024, 3, 1), "Hans Hansen", "A"),  # same name, other party: another person
        ("d", date(2025, 6, 9), "Grete Lund", None),
    )
    people = {row["party"]: row for row in people_frame(attendance).iter_rows(named=True)}
    assert len(people) == 3
    hans = people["V"]
    assert hans["person_name"] == "Hans Hansen"
    assert (hans["first_seen"], hans["last_seen"], hans["meetings_listed"]) == (date(2024, 1, 5), date(2024, 3, 1), 2)
    assert people["A"]["meetings_listed"] == 1
    assert people[None]["person_name"] == "Grete Lund"


def test_person_id_is_stable_short_and_keyed_on_name_and_party():
    attendance = attendance_rows(("a", date(2024, 1, 5), "Hans Hansen", "V"), ("b", None, "HANS  HANSEN", "V"))
    with_ids = attach_person_id(attendance)
    assert with_ids.columns == list(TABLES["attendance"])
    ids = with_ids["person_id"].to_list()
    assert ids[0] == ids[1] and len(ids[0]) == 12 and all(c in "0123456789abcdef" for c in ids[0])
    # the same person in another frame, other rows around it, gets the same id
    other = attach_person_id(attendance_rows(("z", date(2020, 1, 1), "Ole Ravn", "A"),
                                             ("y", date(2021, 1, 1), "Hans Hansen", "V")))
    assert other["person_id"].to_list()[1] == ids[0]
    assert other["person_id"].to_list()[0] != ids[0]
    assert attach_person_id(attendance_rows(("a", None, "Hans Hansen", "A")))["person_id"][0] != ids[0]
    assert people_frame(attendance)["person_id"].to_list() == [ids[0]]
    # an undated document counts as its own meeting
    assert people_frame(attendance)["meetings_listed"].to_list() == [2]


def test_people_of_nothing_is_empty_with_schema():
    empty = people_frame(frame("attendance", []))
    assert empty.is_empty() and empty.schema == pl.Schema(TABLES["people"])


@pytest.mark.parametrize(("line", "name", "role"), [
    ("Chefpolitiinspektør Ulla Brink", "Ulla Brink", "Chefpolitiinspektør"),
    ("Direktør i Region Sjælland Mads Vinter", "Mads Vinter", "Direktør i Region Sjælland"),
    ("Kommunaldirektør for Lejre Kommune Ib Skau", "Ib Skau", "Kommunaldirektør for Lejre Kommune"),
    ("Anna Holm (formand)", "Anna Holm", "formand"),
])
def test_job_titles_and_roles_go_to_role_note_not_the_name(line, name, role):
    parsed = parse_attendance(listed("Tilstede var:", line))
    assert [(r["person_name"], r["role_note"]) for r in parsed.rows] == [(name, role)]


def _minutes(*texts: str, day: date = date(2020, 3, 17)) -> Document:
    lines = tuple(Line(t, 1, n) for n, t in enumerate(texts, start=1))
    return Document("doc", "doc.txt", lines, 1, "referat", "Byrådet", day)


def _rows(doc: Document) -> list[tuple]:
    return sorted((r["person_name"], r["status"], r["excused"], r["substitute_for"]) for r in parse_attendance(doc).rows)


def test_all_present_except_names_the_absent():
    doc = _minutes("Beslutning", "Alle medlemmer var mødt undtagen Ib Holm og Sara Vig.")
    assert _rows(doc) == [("Ib Holm", "absent", None, None), ("Sara Vig", "absent", None, None)]


def test_instead_came_names_the_substitutes_of_the_sentence_before():
    doc = _minutes("Beslutning", "Ib Holm havde meldt forfald. I stedet mødte Kaj Ulv.")
    assert _rows(doc) == [("Ib Holm", "absent", True, None), ("Kaj Ulv", "present", None, "Ib Holm")]


@pytest.mark.parametrize(("heading", "rows"), [
    ("Fraværende i Byrådet, 17. marts 2020:", [("Ib Holm", "absent", None, None)]),  # this meeting
    ("Fraværende i Økonomiudvalget, 10. marts 2020:", []),  # another meeting's absentees
])
def test_an_absence_heading_naming_a_meeting_counts_only_for_that_meeting(heading, rows):
    assert _rows(_minutes(heading, "Ib Holm (V)", "Beslutning")) == rows


@pytest.mark.parametrize(("heading", "status"), [
    ("Ikke til stede:", "absent"), ("Fraværende i mødet:", "absent"), ("I mødet deltog:", "present"),
    ("Til stede ved mødet:", "present"),
])
def test_more_heading_words(heading, status):
    assert _rows(_minutes(heading, "Ib Holm (V)")) == [("Ib Holm", status, None, None)]
