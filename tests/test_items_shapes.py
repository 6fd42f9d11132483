"""Agenda items: one case per way an item is numbered, titled and given a case number.

Documents are a few invented lines each. Items are read through `Document.items`
(`ItemSpan`) and through `parse_agenda_items`, which must agree.
"""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.models import Document, Line
from pipeline.parsers.agenda import parse_agenda_items


def doc_of(*texts: str) -> Document:
    lines = tuple(Line(text, 1, n) for n, text in enumerate(texts, start=1))
    return Document("doc", "doc.txt", lines, 1, "referat", "Byrådet", date(2025, 2, 4))


def items_of(*texts: str) -> list[tuple[str | None, str, str | None]]:
    doc = doc_of(*texts)
    spans = [(it.item_no, it.title, it.case_no) for it in doc.items]
    rows = [(r["item_no"], r["title"], r["case_no"]) for r in parse_agenda_items(doc).rows]
    assert rows == spans
    return spans


SHAPES = [
    pytest.param(
        ["1. Godkendelse af dagsorden", "Sagsnr.: 24/1234", "Sagsfremstilling", "Dagsordenen forelægges.",
         "2. Orientering fra borgmesteren", "Sagsnr.: 24/1240", "Sagsfremstilling", "Borgmesteren orienterer."],
        [("1", "Godkendelse af dagsorden", "24/1234"), ("2", "Orientering fra borgmesteren", "24/1240")],
        id="number-dot-title-sagsnr"),
    pytest.param(
        ["183.   Budgetopfølgning pr. 30. juni", "Beslutning", "Godkendt.",
         "184.   Salg af areal ved havnen", "Beslutning", "Godkendt."],
        [("183", "Budgetopfølgning pr. 30. juni", None), ("184", "Salg af areal ved havnen", None)],
        id="number-dot-several-spaces-beslutning"),
    pytest.param(
        ["1 : Godkendelse af dagsorden", "Sagsnr:", "Sagsfremstilling", "Punktet forelægges.",
         "2 : Meddelelser", "Sagsnr:", "Sagsfremstilling", "Ingen meddelelser."],
        [("1", "Godkendelse af dagsorden", None), ("2", "Meddelelser", None)],
        id="number-space-colon-empty-sagsnr"),
    pytest.param(
        ["Pkt. 42 Anlægsbevilling til cykelsti", "Sagsnr. 412877 Åbent punkt", "Sagsfremstilling", "Stien anlægges.",
         "Pkt. 43 Eventuelt", "Sagsnr. 412878 Åbent punkt", "Sagsfremstilling", "Intet."],
        [("42", "Anlægsbevilling til cykelsti", "412877"), ("43", "Eventuelt", "412878")],
        id="pkt-number"),
    pytest.param(
        ["Punkt 3 Godkendelse af regnskab 2004", "Sagsfremstilling", "Regnskabet forelægges."],
        [("3", "Godkendelse af regnskab 2004", None)],
        id="punkt-number-sagsfremstilling"),
    pytest.param(
        ["Nr.5 - Ny lokalplan for Bakkeområdet", "Sagsnr.: 16/3381", "Sagsfremstilling", "Planen sendes i høring."],
        [("5", "Ny lokalplan for Bakkeområdet", "16/3381")],
        id="nr-dot-number-dash"),
    pytest.param(
        ["Godkendelse af dagsorden", "Sag nr. 129", "Sagsfremstilling", "Dagsordenen forelægges.",
         "Meddelelser", "Sag nr. 130", "Sagsfremstilling", "Ingen."],
        [("129", "Godkendelse af dagsorden", None), ("130", "Meddelelser", None)],
        id="title-then-sag-nr-is-the-item-number"),
    pytest.param(
        ["7. Forslag til ændret trafikafvikling ved", "Skolevej og Bakkedraget", "Sagsnr.: 21/4455",
         "Sagsfremstilling", "Vejene ombygges."],
        [("7", "Forslag til ændret trafikafvikling ved Skolevej og Bakkedraget", "21/4455")],
        id="title-wrapped-after-ved"),
    pytest.param(
        ["5. Tillæg nr. 3 til lokalplan 112", "for Havnefronten", "Sagsnr.: 21/4460", "Sagsfremstilling",
         "Tillægget sendes i høring."],
        [("5", "Tillæg nr. 3 til lokalplan 112 for Havnefronten", "21/4460")],
        id="title-wrapped-lower-case-continuation"),
    pytest.param(
        ["4. Kommunalt tilskud til foreningslivet", "Sagsnummer: 00.01.00-A00-1-24", "Sagsfremstilling",
         "Puljen fordeles."],
        [("4", "Kommunalt tilskud til foreningslivet", "00.01.00-A00-1-24")],
        id="kle-journal-number-under-sagsnummer"),
    pytest.param(
        ["2. Godkendelse af takster", "Sagsid.: 18/3241", "Sagsfremstilling", "Taksterne reguleres."],
        [("2", "Godkendelse af takster", "18/3241")],
        id="sagsid"),
    pytest.param(
        ["61. Skolestruktur i Vestområdet", "Dok.nr.: 330-2019-1", "Sagsfremstilling", "Strukturen drøftes."],
        [("61", "Skolestruktur i Vestområdet", None)],
        id="dok-nr-alone-is-not-a-case-number"),
    pytest.param(
        ["61. Skolestruktur i Vestområdet", "Sagsnr.: 330-2019-7741  Dok.nr.: 330-2019-1  Åbent", "Sagsfremstilling",
         "Strukturen drøftes."],
        [("61", "Skolestruktur i Vestområdet", "330-2019-7741")],
        id="dok-nr-beside-sagsnr-is-not-the-case-number"),
    pytest.param(
        ["Indholdsfortegnelse", "1 (Åben) Godkendelse af dagsorden 4", "2 (Åben) Regnskab for 2019 7",
         "3 (Åben) Eventuelt 9", "Referat", "Mødet blev holdt."],
        [("1", "Godkendelse af dagsorden", None), ("2", "Regnskab for 2019", None), ("3", "Eventuelt", None)],
        id="table-of-contents-access-and-page-dropped"),
    pytest.param(
        ["Indholdsfortegnelse", "1 (Åben) Godkendelse af dagsorden 4", "2 (Åben) Regnskab for 2019  7",
         "Medlemmer af udvalget:", "Ulla Brink", "(A)",
         "1 (Åben) Godkendelse af dagsorden", "Sagsnr.: 20/4410", "Sagsfremstilling", "Dagsordenen forelægges.",
         "2 (Åben) Regnskab for 2019", "Sagsnr.: 20/4411", "Beslutning", "Godkendt."],
        [("1", "Godkendelse af dagsorden", "20/4410"), ("2", "Regnskab for 2019", "20/4411")],
        id="table-of-contents-then-body-is-one-item-each"),
]


@pytest.mark.parametrize(("texts", "expected"), SHAPES)
def test_item_shape(texts, expected):
    assert items_of(*texts) == expected


def test_numbered_lists_inside_an_item_are_not_items():
    texts = [
        "1. Ny skolepolitik", "Sagsnr.: 22/1007", "Indstilling", "Direktionen indstiller,",
        "1. at godkende politikken,", "2. at afsætte midler i budgettet.", "Beslutning", "Godkendt.",
        "Til stede var:", "1. Overborgmester Vibeke Thorsen (A)", "2. Borgmester Anders Lykke (V)",
        "2. Eventuelt", "Sagsnr.: 22/1008", "Beslutning", "Intet.",
    ]
    assert items_of(*texts) == [("1", "Ny skolepolitik", "22/1007"), ("2", "Eventuelt", "22/1008")]


DECISIONS = [
    pytest.param("Beslutning", "Godkendt.", id="beslutning"),
    pytest.param("Afgørelse", "Salget blev godkendt.", id="afgoerelse"),
    pytest.param("Beslutning i Byrådet den 4. februar 2025", "Anbefalingen blev vedtaget.",
                 id="beslutning-i-byraadet-den"),
]


@pytest.mark.parametrize(("heading", "decision"), DECISIONS)
def test_decision_section(heading, decision):
    doc = doc_of("12. Budgetramme for 2026", "Sagsnr.: 24/1001", "Indstilling",
                 "Økonomiudvalget indstiller, at rammen godkendes.", heading, decision)
    [item] = doc.items
    assert (item.item_no, item.title, item.case_no) == ("12", "Budgetramme for 2026", "24/1001")
    assert item.section_text("Beslutning") == decision
    [row] = parse_agenda_items(doc).rows
    assert row["decision"] == decision
    assert row["recommendation"] == "Økonomiudvalget indstiller, at rammen godkendes."


def test_decisions_of_consecutive_items_stay_with_their_item():
    doc = doc_of(
        "1. Godkendelse af dagsorden", "Sagsnr.: 24/1001", "Beslutning", "Godkendt.",
        "2. Salg af grund på Møllevej", "Sagsnr.: 24/1002", "Afgørelse", "Salget blev godkendt.",
        "3. Budgetramme for 2026", "Sagsnr.: 24/1003", "Beslutning i Byrådet den 4. februar 2025",
        "Anbefalingen blev vedtaget.",
    )
    assert [(r["item_no"], r["decision"]) for r in parse_agenda_items(doc).rows] == [
        ("1", "Godkendt."), ("2", "Salget blev godkendt."), ("3", "Anbefalingen blev vedtaget."),
    ]


def test_uppercase_sag_nr_items_with_the_case_number_printed_above_them():
    from pipeline.models import Document, Line

    texts = ["Sagnr.: 1-51-71-3321-08", "SAG NR. 1 GODKENDELSE AF DAGSORDEN", "Beslutning", "Godkendt.",
             "Sagnr.: 1-30-72-8-19", "SAG NR. 2 REGNSKAB 2019", "Beslutning", "Godkendt."]
    doc = Document("d", "f.txt", tuple(Line(t, 1, i) for i, t in enumerate(texts, start=1)), 1, "referat")
    assert [(i.item_no, i.title, i.case_no) for i in doc.items] == [
        ("1", "GODKENDELSE AF DAGSORDEN", "1-51-71-3321-08"), ("2", "REGNSKAB 2019", "1-30-72-8-19")]


def test_a_flattened_table_of_contents_keeps_titles_with_the_word_i_and_drops_decision_points():
    from pipeline.models import Document, Line

    toc = ("2 Indholdsfortegnelse Til efterretning - for åbne døre...i 41. Klage over afgørelse i "
           "Skoleudvalget...i 42. Vejnavne i Nørreby ii 43. Budget iii 44. Eventuelt...iv")
    texts = [toc, "1. - 2. Godkendt med den ændring at punkt 3 udsættes."]
    doc = Document("d", "f.txt", tuple(Line(t, 1, i) for i, t in enumerate(texts, start=1)), 1, "referat")
    assert [(i.item_no, i.title) for i in doc.items] == [
        ("41", "Klage over afgørelse i Skoleudvalget"), ("42", "Vejnavne i Nørreby"), ("43", "Budget"),
        ("44", "Eventuelt")]
