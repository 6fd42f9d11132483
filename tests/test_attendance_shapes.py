"""Attendance: one case per heading word, per list layout and per attendance sentence.

Every document is a few invented lines; every expected row was written by hand from the rule
the shape follows (tests/corpus/README.md, 'Conventions of the expected rows'):
the substitute is present with `substitute_for`, the member replaced is absent; `excused` is
True for afbud / med afbud, False for 'udeblev uden afbud', None when not stated; a member who
missed some items is present with `partial_presence`; roles and absence reasons go to
`role_note`, never into the name; 'Løsgænger' and '()' give no party.
"""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.models import Document, Line
from pipeline.parsers.attendance import parse_attendance

# The first item of the minutes, after the attendance header: it ends any list above it.
ITEM = ["1. Godkendelse af dagsorden", "Sagsnr.: 25/1001", "Beslutning", "Godkendt."]


def document(*texts: str, meeting_date: date = date(2025, 3, 11)) -> Document:
    lines = tuple(Line(text, 1, n) for n, text in enumerate(texts, start=1))
    return Document("doc", "byraad/doc.txt", lines, 1, "referat", "Byrådet", meeting_date)


class EndsWith:
    """partial_presence says what was missed; the conventions differ on the words before it
    ('punkt 4-7' / 'deltog ikke i behandlingen af punkt 4-7'), never on the part missed."""

    def __init__(self, tail: str):
        self.tail = tail

    def __eq__(self, other):
        return isinstance(other, str) and other.endswith(self.tail)

    def __repr__(self):
        return f"<…{self.tail}>"


class Anything:
    """A column the conventions do not score for this shape (README: '*')."""

    def __eq__(self, other):
        return True

    def __repr__(self):
        return "<*>"


ANY = Anything()


def person(name, party=None, status="present", excused=None, substitute_for=None, role_note=None, partial=None):
    return (name, party, status, excused, substitute_for, role_note, partial)


def absent(name, party=None, excused=None, **kw):
    return person(name, party, "absent", excused, **kw)


def rows_of(parsed) -> list[tuple]:
    return sorted(
        ((r["person_name"], r["party"], r["status"], r["excused"], r["substitute_for"], r["role_note"],
          r["partial_presence"]) for r in parsed.rows),
        key=lambda row: row[0],
    )


def check(texts: list[str], expected: list[tuple], **kw) -> None:
    parsed = parse_attendance(document(*texts, **kw))
    assert rows_of(parsed) == sorted(expected, key=lambda row: row[0])
    assert [(i.code, i.line_no, i.reason) for i in parsed.issues] == []


# --- heading words -------------------------------------------------------------------------------

PRESENT_LIST = ("present", None)
ABSENT_LIST = ("absent", None)
EXCUSED_LIST = ("absent", True)

HEADINGS = [
    pytest.param("Medlemmer", PRESENT_LIST, id="Medlemmer"),
    pytest.param("Medlemmer af udvalget:", PRESENT_LIST, id="Medlemmer af udvalget:"),
    pytest.param("Mødedeltagere", PRESENT_LIST, id="Mødedeltagere"),
    pytest.param("Deltagere:", PRESENT_LIST, id="Deltagere:"),
    pytest.param("Deltagerne var:", PRESENT_LIST, id="Deltagerne var:"),
    pytest.param("Tilstede var:", PRESENT_LIST, id="Tilstede var:"),
    pytest.param("Til stede:", PRESENT_LIST, id="Til stede:"),
    pytest.param("Fremmøde", PRESENT_LIST, id="Fremmøde"),
    pytest.param("Fraværende", ABSENT_LIST, id="Fraværende"),
    pytest.param("Fraværende med afbud", EXCUSED_LIST, id="Fraværende med afbud"),
    pytest.param("Afbud", EXCUSED_LIST, id="Afbud"),
    pytest.param("Afbud fra:", EXCUSED_LIST, id="Afbud fra:"),
    pytest.param("Fravær:", ABSENT_LIST, id="Fravær:"),
    pytest.param("Deltagerfortegnelse", PRESENT_LIST, id="Deltagerfortegnelse"),
    pytest.param("Fraværende og stedfortræder:", ABSENT_LIST, id="Fraværende og stedfortræder:"),
]


@pytest.mark.parametrize(("heading", "meaning"), HEADINGS)
def test_heading_word(heading, meaning):
    status, excused = meaning
    check([heading, "Karen Vestergaard (A)", "Poul Riis (V)", *ITEM], [
        person("Karen Vestergaard", "A", status, excused),
        person("Poul Riis", "V", status, excused),
    ])


# --- list layouts --------------------------------------------------------------------------------

LAYOUTS = [
    pytest.param(
        ["Medlemmer: Lone Bach, Frits Møller, Ida Skov og Bent Lind", *ITEM],
        [person("Lone Bach"), person("Frits Møller"), person("Ida Skov"), person("Bent Lind")],
        id="on-the-heading-line-commas-and-og"),
    pytest.param(
        ["Mødedeltagere Lone Bach, Frits Møller", *ITEM],
        [person("Lone Bach"), person("Frits Møller")],
        id="on-the-heading-line-without-colon"),
    pytest.param(
        ["Fraværende: Svend Aagaard (V)", *ITEM],
        [absent("Svend Aagaard", "V")],
        id="absent-on-the-heading-line"),
    pytest.param(
        ["Fraværende: Ingen", *ITEM],
        [],
        id="fravaerende-ingen-alone"),
    pytest.param(
        ["Medlemmer:", "Lone Bach (F)", "Frits Møller (V)", "Fraværende: Ingen.", *ITEM],
        [person("Lone Bach", "F"), person("Frits Møller", "V")],
        id="fravaerende-ingen-after-members"),
    pytest.param(
        ["Medlemmer", "Lone Bach (A)", "Frits Møller (V)", "Ida Skov (F)", *ITEM],
        [person("Lone Bach", "A"), person("Frits Møller", "V"), person("Ida Skov", "F")],
        id="one-per-line"),
    pytest.param(
        ["Medlemmer", "• Lone Bach (A)", "• Frits Møller (V)", "Fraværende med afbud", "• Ida Skov (F)", *ITEM],
        [person("Lone Bach", "A"), person("Frits Møller", "V"), absent("Ida Skov", "F", True)],
        id="bullet-dot"),
    pytest.param(
        ["Deltagere", "- Lone Bach (A)", "- Frits Møller (V)", *ITEM],
        [person("Lone Bach", "A"), person("Frits Møller", "V")],
        id="bullet-hyphen"),
    pytest.param(
        ["Medlemmer:", "– Borgmester Lone Bach (A)", "– Frits Møller (V)", *ITEM],
        [person("Lone Bach", "A", role_note="Borgmester"), person("Frits Møller", "V")],
        id="bullet-en-dash-role-before-name"),
    pytest.param(
        ["Deltagerne var:", "1. Overborgmester Lone Bach (A)", "2. Borgmester Frits Møller (V)", "3. Ida Skov (F)",
         *ITEM],
        [person("Lone Bach", "A", role_note="Overborgmester"), person("Frits Møller", "V", role_note="Borgmester"),
         person("Ida Skov", "F")],
        id="numbered-with-roles"),
    pytest.param(
        ["Medlemmer af udvalget:", "Lone Bach", "Formand", "(A)", "Frits Møller", "(V)", "Ida Skov", "Løsgænger",
         "Fraværende:", "Bent Lind", "(O)", *ITEM],
        [person("Lone Bach", "A", role_note="Formand"), person("Frits Møller", "V"), person("Ida Skov"),
         absent("Bent Lind", "O")],
        id="one-field-per-line"),
    pytest.param(
        ["Deltagere:", "Lone Bach (A)", "Frits Møller, (V)", "Ida Skov, F", "Bent Lind ()", *ITEM],
        [person("Lone Bach", "A"), person("Frits Møller", "V"), person("Ida Skov", "F"), person("Bent Lind")],
        id="party-shapes"),
    pytest.param(
        ["Afbud fra:", "Lone Bach (A) pga. arbejde", "Frits Møller (V) grundet sygdom", *ITEM],
        [absent("Lone Bach", "A", True, role_note="pga. arbejde"),
         absent("Frits Møller", "V", True, role_note="grundet sygdom")],
        id="reasons-after-afbud"),
    pytest.param(
        ["Fraværende:", "Lone Bach (A) - pga. arbejde", "Frits Møller (V) grundet sygdom", *ITEM],
        [absent("Lone Bach", "A", role_note="pga. arbejde"), absent("Frits Møller", "V", role_note="grundet sygdom")],
        id="reasons-without-afbud-leave-excused-empty"),
]


@pytest.mark.parametrize(("texts", "expected"), LAYOUTS)
def test_list_layout(texts, expected):
    check(texts, expected)


# --- sentences -----------------------------------------------------------------------------------

MEMBERS = ["Medlemmer:", "Lone Bach (F)", "Frits Møller (V)"]

SENTENCES = [
    pytest.param(
        ["Bemærkninger: Afbud fra Lone Bach, stedfortræder Jonas Friis", *ITEM],
        [absent("Lone Bach", excused=True), person("Jonas Friis", substitute_for="Lone Bach")],
        id="afbud-fra-x-stedfortraeder-y"),
    pytest.param(
        ["Lone Bach var fraværende.", *ITEM],
        [absent("Lone Bach")],
        id="x-var-fravaerende"),
    pytest.param(
        ["Der er afbud fra Lone Bach, Frits Møller og Ida Skov.", *ITEM],
        [absent("Lone Bach", excused=True), absent("Frits Møller", excused=True), absent("Ida Skov", excused=True)],
        id="der-er-afbud-fra-a-b-og-c"),
    pytest.param(
        ["Jonas Friis (A) deltog som stedfortræder for Lone Bach.", *ITEM],
        [absent("Lone Bach"), person("Jonas Friis", "A", substitute_for="Lone Bach")],
        id="y-deltog-som-stedfortraeder-for-x"),
    pytest.param(
        ["Jonas Friis (V) indtræder som stedfortræder for Lone Bach.", *ITEM],
        [absent("Lone Bach"), person("Jonas Friis", "V", substitute_for="Lone Bach")],
        id="y-indtraeder-som-stedfortraeder-for-x"),
    pytest.param(
        ["Lone Bach havde meldt afbud, og Jonas Friis deltog i stedet.", *ITEM],
        [absent("Lone Bach", excused=True), person("Jonas Friis", substitute_for="Lone Bach")],
        id="x-havde-meldt-afbud-og-y-deltog-i-stedet"),
    pytest.param(
        ["Lone Bach (V) var fraværende. Som suppleant er indkaldt Jonas Friis (V).", *ITEM],
        [absent("Lone Bach", "V"), person("Jonas Friis", "V", substitute_for="Lone Bach")],
        id="som-suppleant-er-indkaldt-y"),
    pytest.param(
        ["Fraværende: Lone Bach (V) - Jonas Friis (V) mødte som stedfortræder.", *ITEM],
        [absent("Lone Bach", "V"), person("Jonas Friis", "V", substitute_for="Lone Bach")],
        id="y-moedte-som-stedfortraeder"),
    pytest.param(
        ["Lone Bach udeblev uden afbud.", *ITEM],
        [absent("Lone Bach", excused=False)],
        id="x-udeblev-uden-afbud"),
    pytest.param(
        [*MEMBERS, *ITEM, "Lone Bach (F) deltog ikke i behandlingen af punkt 4-7."],
        [person("Lone Bach", "F", partial=EndsWith("punkt 4-7")), person("Frits Møller", "V")],
        id="x-deltog-ikke-i-behandlingen-af-punkt-4-7"),
    pytest.param(
        [*MEMBERS, *ITEM, "Lone Bach forlod mødet kl. 18.00."],
        [person("Lone Bach", "F", partial=EndsWith("kl. 18.00")), person("Frits Møller", "V")],
        id="x-forlod-moedet-kl-18"),
    pytest.param(
        [*MEMBERS, *ITEM, "Lone Bach var inhabil i punkt 12."],
        [person("Lone Bach", "F", partial=EndsWith("punkt 12")), person("Frits Møller", "V")],
        id="x-var-inhabil-i-punkt-12"),
    pytest.param(
        ["Deltagere", "Poul Riis, A", "Jonas Friis (A), midlertidigt medlem for Ida Skov", *ITEM],
        [person("Poul Riis", "A"), person("Jonas Friis", "A", substitute_for="Ida Skov", role_note=ANY),
         absent("Ida Skov")],
        id="z-midlertidigt-medlem-for-x"),
    pytest.param(
        ["Fraværende og stedfortræder:",
         "Lone Bach er fraværende. Jonas Friis (A) deltog som stedfortræder for Lone Bach.", *ITEM],
        [absent("Lone Bach"), person("Jonas Friis", "A", substitute_for="Lone Bach")],
        id="fravaerende-og-stedfortraeder-sentences"),
]


@pytest.mark.parametrize(("texts", "expected"), SENTENCES)
def test_sentence(texts, expected):
    check(texts, expected)


# --- merging, other meetings, empty headings, namesakes ------------------------------------------

def test_member_listed_present_and_named_absent_elsewhere_is_one_absent_row():
    check(["Deltagere:", "Lone Bach, (A)", "Frits Møller, (V)", *ITEM, "Fraværende: Frits Møller (V)"],
          [person("Lone Bach", "A"), absent("Frits Møller", "V")])


def test_absence_named_in_a_sentence_merges_with_the_member_list():
    check(["Medlemmer: Lone Bach, Frits Møller, Ida Skov og Bent Lind",
           "Bemærkninger: Afbud fra Lone Bach, stedfortræder Jonas Friis", *ITEM],
          [absent("Lone Bach", excused=True), person("Frits Møller"), person("Ida Skov"), person("Bent Lind"),
           person("Jonas Friis", substitute_for="Lone Bach")])


def test_absence_quoted_from_another_meeting_is_not_a_row():
    check([*MEMBERS, "1. Lokalplan for Nørreparken", "Sagsnr.: 19/2211", "Historik",
           "Økonomiudvalget, 14. maj 2019, pkt. 88:", "Anbefales.", "Fravær: Hanne Quist (G)",
           "Beslutning", "Godkendt."],
          [person("Lone Bach", "F"), person("Frits Møller", "V")],
          meeting_date=date(2019, 5, 27))


@pytest.mark.parametrize(
    "texts",
    [
        pytest.param(["Fraværende", *ITEM], id="heading-then-an-item"),
        pytest.param(["Medlemmer:", "Sagsfremstilling", "Sagen forelægges."], id="heading-then-a-section"),
    ],
)
def test_heading_with_nobody_under_it_is_an_issue(texts):
    parsed = parse_attendance(document(*texts))
    assert parsed.rows == []
    assert [(i.code, i.line_no) for i in parsed.issues] == [("attendance_empty", 1)]


def test_namesakes_from_two_municipalities_are_two_rows():
    parsed = parse_attendance(document(
        "Deltagerfortegnelse",
        "Jens Peter Holm (A), Thisted Kommune",
        "Jens Peter Holm (V), Hjørring Kommune",
        "Ulla Brink (F), Aalborg Kommune, formand",
        "Afbud:",
        "Gitte Ravnholt (C), Jammerbugt Kommune",
        *ITEM,
    ))
    assert sorted(
        (r["person_name"], r["party"], r["municipality_code"], r["status"], r["excused"], r["role_note"])
        for r in parsed.rows
    ) == [
        ("Gitte Ravnholt", "C", "849", "absent", True, None),
        ("Jens Peter Holm", "A", "787", "present", None, None),
        ("Jens Peter Holm", "V", "860", "present", None, None),
        ("Ulla Brink", "F", "851", "present", None, "formand"),
    ]
    assert parsed.issues == []
