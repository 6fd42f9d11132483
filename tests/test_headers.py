"""Document headers: type, fields, body, meeting date and issuer, on short invented documents.

Every document here is a handful of made-up lines built with `build_document` (which cleans
and classifies them as a file would be), in the shape of one header a publisher writes.
Also the `raw/sources.csv` manifest and that `scan` does not take it for a document.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pipeline.corpus import MANIFEST, read_manifest, scan
from pipeline.documents import build_document
from pipeline.models import Line
from pipeline.structure.fields import find_fields, label_at_start

# One decided item: the body of a minutes document after its header.
DECIDED = ["1. Godkendelse af dagsorden", "Sagsnr.: 19/4410", "Beslutning", "Godkendt."]
# One item with a recommendation and an empty decision heading: an agenda, published before the meeting.
UNDECIDED = ["1. Ny legeplads ved Enghaveskolen", "Sagsnr.: 19/4411", "Indstilling",
             "Forvaltningen indstiller, at projektet godkendes.", "Beslutning"]


def lines_of(texts: list[str]) -> list[Line]:
    return [Line(text, 1, n) for n, text in enumerate(texts, start=1)]


def classified(texts: list[str], source_file: str = "inbox/doc.txt", **kw):
    doc, c = build_document("doc", source_file, lines_of(texts), 1, **kw)
    assert (doc.doc_type, doc.body, doc.meeting_date, doc.issuer) == (c.doc_type, c.body, c.meeting_date, c.issuer)
    return c


# --- type, from the title word and the content ---------------------------------------------------

TITLES = [
    pytest.param(["Referat", "Kommunalbestyrelsen", "Mødedato: 19.03.2019", *DECIDED],
                 "referat", "Kommunalbestyrelsen", date(2019, 3, 19), "Referat", id="referat"),
    pytest.param(["Beslutningsprotokol", "Udvalg: Byrådet", "torsdag den 11. april 2019 kl. 16:30", *DECIDED],
                 "referat", "Byrådet", date(2019, 4, 11), "Beslutningsprotokol", id="beslutningsprotokol"),
    pytest.param(["Dagsorden", "Økonomiudvalget", "Mødedato: 02.05.2019", *UNDECIDED],
                 "dagsorden", "Økonomiudvalget", date(2019, 5, 2), "Dagsorden", id="dagsorden-without-decisions"),
    pytest.param(["Dagsorden", "Økonomiudvalget", "Mødedato: 02.05.2019", *UNDECIDED, "Indstillingen blev godkendt."],
                 "referat", "Økonomiudvalget", date(2019, 5, 2), "Dagsorden", id="dagsorden-with-written-decisions"),
    pytest.param(["Åbent referat", "Kommunalbestyrelsen", "Mødedato: mandag den 6. maj 2019", *DECIDED],
                 "referat", "Kommunalbestyrelsen", date(2019, 5, 6), "Åbent referat", id="aabent-referat"),
    pytest.param(["Tillægsdagsorden", "til", "mødet i Byrådet", "den 15. maj 2019 kl. 18:00",
                  "14. Køb af ejendom ved Lindevej", "Sagsnr.: 19/5120", "Indstilling",
                  "Direktionen indstiller, at købet godkendes."],
                 "dagsorden", "Byrådet", date(2019, 5, 15), "Tillægsdagsorden", id="tillaegsdagsorden"),
    pytest.param(["Referat - Regionsrådet 2018-2021", "20-05-2019 15:00", *DECIDED],
                 "referat", "Regionsrådet", date(2019, 5, 20), "Referat - Regionsrådet 2018-2021",
                 id="referat-dash-regionsraadet-period"),
    pytest.param(["Referat Byrådet's møde Torsdag den 06-06-2019 Kl. 18:30 Rådhussalen", *DECIDED],
                 "referat", "Byrådet", date(2019, 6, 6),
                 "Referat Byrådet's møde Torsdag den 06-06-2019 Kl. 18:30 Rådhussalen", id="byraadets-moede"),
    pytest.param(["Byrådet - Referat", "Dato: 24. juni 2019", *DECIDED],
                 "referat", "Byrådet", date(2019, 6, 24), "Byrådet - Referat", id="body-dash-referat"),
    pytest.param(["Nyheder", "Ny svømmehal i Søndermarken åbner til sommer",
                  "Byrådet i Køge har besluttet at bygge en ny svømmehal.", "Publiceret 18-11-2019",
                  "Kommunalbestyrelsen i Vejle Kommune overvejer det samme."],
                 "other", None, None, None, id="news-article"),
]


@pytest.mark.parametrize(("texts", "doc_type", "body", "meeting_date", "title"), TITLES)
def test_document_type_from_title_and_content(texts, doc_type, body, meeting_date, title):
    c = classified(texts)
    assert (c.doc_type, c.body, c.meeting_date, c.title) == (doc_type, body, meeting_date, title)


def test_time_comes_with_the_date_line():
    assert classified(["Beslutningsprotokol", "Udvalg: Byrådet", "torsdag den 11. april 2019 kl. 16:30",
                       *DECIDED]).meeting_time == "16:30"
    assert classified(["Referat - Regionsrådet 2018-2021", "20-05-2019 15:00", *DECIDED]).meeting_time == "15:00"


# --- fields --------------------------------------------------------------------------------------

def test_field_without_colon():
    assert label_at_start("Mødested Kuppelsalen") == ("mødested", "Kuppelsalen", False)
    c = classified(["Referat", "Udvalg Byrådet", "Mødested Kuppelsalen", "Mødedato 12.06.2019", *DECIDED])
    assert (c.place, c.body, c.meeting_date) == ("Kuppelsalen", "Byrådet", date(2019, 6, 12))


def test_field_with_colon():
    assert label_at_start("Udvalg: Byrådet") == ("udvalg", "Byrådet", True)
    fields = find_fields(lines_of(["Referat", "Udvalg: Byrådet"]))
    assert [(f.kind, f.label, f.value, f.index, f.value_index, f.colon) for f in fields] == [
        ("body", "udvalg", "Byrådet", 1, 1, True)
    ]
    assert classified(["Referat", "Udvalg: Byrådet", "Mødedato: 12.06.2019", *DECIDED]).body == "Byrådet"


def test_value_on_the_line_after_its_label():
    texts = ["Referat", "Byrådet", "Dato:", "17. sept. 2019", "Tidspunkt:", "kl. 16.00", "Sted:", "Byrådssalen", *DECIDED]
    fields = find_fields(lines_of(texts))
    assert [(f.kind, f.value, f.index, f.value_index) for f in fields[:3]] == [
        ("date", "17. sept. 2019", 2, 3), ("time", "kl. 16.00", 4, 5), ("place", "Byrådssalen", 6, 7),
    ]
    c = classified(texts)
    assert (c.meeting_date, c.meeting_time, c.place) == (date(2019, 9, 17), "16:00", "Byrådssalen")


def test_a_run_of_labels_then_a_run_of_values():
    texts = ["Referat", "Mødedato:", "Mødetidspunkt:", "Mødested:", "12-05-2005", "19:00", "Skolens aula", *DECIDED]
    fields = find_fields(lines_of(texts))
    assert [(f.kind, f.value, f.index, f.value_index) for f in fields[:3]] == [
        ("date", "12-05-2005", 1, 4), ("time", "19:00", 2, 5), ("place", "Skolens aula", 3, 6),
    ]
    c = classified(texts)
    assert (c.meeting_date, c.meeting_time, c.place) == (date(2005, 5, 12), "19:00", "Skolens aula")


@pytest.mark.parametrize("text", ["Mødestedet blev flyttet til hallen", "dato: 3. maj 2020", "Godkendt."])
def test_not_a_label(text):
    assert label_at_start(text) is None


# --- body ----------------------------------------------------------------------------------------

BODIES = [
    pytest.param(["Referat - Kommunalbestyrelsen den 12. marts 2019"], "Kommunalbestyrelsen", id="kommunalbestyrelsen"),
    pytest.param(["Referat", "Borgerrepræsentationen", "Mødedato: 05.11.2020, kl. 17:30"], "Borgerrepræsentationen",
                 id="borgerrepraesentationen"),
    pytest.param(["Referat", "Udvalg: Regionsrådet", "Mødedato: 14.01.2019"], "Regionsrådet", id="regionsraadet"),
    pytest.param(["Referat", "Forretningsudvalget", "Mødedato:", "09-09-2019"], "Forretningsudvalget",
                 id="forretningsudvalget"),
    pytest.param(["Klima- og Planudvalget - Referat", "Dato: 4. februar 2021"], "Klima- og Planudvalget",
                 id="klima-og-planudvalget"),
    pytest.param(["Børne- og Ungeudvalget (2018-2021) – Referat – 16. november 2020"], "Børne- og Ungeudvalget",
                 id="boerne-og-ungeudvalget-with-period"),
    pytest.param(["Referat", "Udvalg: Børne- og Ungeudvalget (2018-2021)", "Mødedato: 16.11.2020"],
                 "Børne- og Ungeudvalget", id="boerne-og-ungeudvalget-field-with-period"),
]


@pytest.mark.parametrize(("head", "body"), BODIES)
def test_body(head, body):
    assert classified([*head, *DECIDED]).body == body


# --- meeting date versus publication date -------------------------------------------------------

def test_publication_date_is_not_the_meeting_date():
    c = classified(["Referat", "Byrådet", "Publiceret 18-11-2019", "Mødedato: 14-11-2019", *DECIDED])
    assert c.meeting_date == date(2019, 11, 14)


def test_publication_date_before_a_decision_heading_is_passed_over():
    c = classified(["Referat", "Byrådet", "Publiceret 18-11-2019", "1. Godkendelse af dagsorden", "Sagsnr.: 19/1111",
                    "Beslutning i Byrådet den 14. november 2019", "Godkendt."])
    assert c.meeting_date == date(2019, 11, 14)


def test_only_a_publication_date_gives_no_meeting_date():
    assert classified(["Referat", "Byrådet", "Publiceret 18-11-2019", *DECIDED]).meeting_date is None


# --- issuer: manifest, then the text's letterhead, then the folder -------------------------------

HEAD = ["Referat", "Mødedato: 12.06.2019", *DECIDED]

ISSUERS = [
    # from the text
    pytest.param(["Byrådet i Køge", *HEAD], "inbox/doc.txt", None, ("Køge Kommune", "259", "text"),
                 id="text-byraadet-i-koege"),
    pytest.param(["Kommunalbestyrelsen i Norddjurs Kommune", "Åbent referat", "Mødedato: 12.06.2019", *DECIDED],
                 "inbox/doc.txt", None, ("Norddjurs Kommune", "707", "text"), id="text-kommunalbestyrelsen-i-norddjurs"),
    pytest.param(["Vejle Kommune", "Referat", "Byrådet", "Dato:", "11. juni 2019", *DECIDED], "inbox/doc.txt", None,
                 ("Vejle Kommune", "630", "text"), id="text-letterhead-vejle"),
    pytest.param(["Byrådet i Køge", *HEAD], "aabenraa/doc.txt", None, ("Køge Kommune", "259", "text"),
                 id="text-wins-over-folder"),
    # from the folder
    pytest.param(HEAD, "aabenraa/x.txt", None, ("Aabenraa Kommune", "580", "folder"), id="folder-aabenraa"),
    pytest.param(HEAD, "Region Sjælland/x.txt", None, ("Region Sjælland", None, "folder"), id="folder-region-sjaelland"),
    pytest.param(HEAD, "Ringkøbing-Skjern Kommune/x.txt", None, ("Ringkøbing-Skjern Kommune", "760", "folder"),
                 id="folder-ringkoebing-skjern-kommune"),
    pytest.param(HEAD, "koege/x.txt", None, ("Køge Kommune", "259", "folder"), id="folder-ascii-koege"),
    pytest.param(HEAD, "Egebjerg/x.txt", None, ("Egebjerg Kommune", None, "folder"), id="folder-pre-2007-egebjerg"),
    # from the manifest, which wins over text and folder
    pytest.param(["Byrådet i Køge", *HEAD], "aabenraa/doc.txt", "Vejle Kommune", ("Vejle Kommune", "630", "manifest"),
                 id="manifest-wins"),
    pytest.param(["Byrådet i Køge", *HEAD], "koege/doc.txt", "Region Sjælland", ("Region Sjælland", None, "manifest"),
                 id="manifest-region"),
    # nowhere
    pytest.param(HEAD, "inbox/doc.txt", None, (None, None, None), id="none"),
]


@pytest.mark.parametrize(("texts", "source_file", "manifest", "expected"), ISSUERS)
def test_issuer(texts, source_file, manifest, expected):
    c = classified(texts, source_file, manifest_issuer=manifest)
    assert (c.issuer, c.municipality_code, c.issuer_source) == expected


NEWS = ["Nyheder", "Ny svømmehal i Søndermarken åbner til sommer", "Byrådet i Køge har besluttet at bygge.",
        "Publiceret 18-11-2019", "Kommunalbestyrelsen i Vejle Kommune overvejer det samme."]


def test_news_page_issuer_is_not_read_from_its_text():
    c = classified(NEWS, "nyheder/side.txt")
    assert (c.doc_type, c.issuer, c.municipality_code, c.issuer_source) == ("other", None, None, None)


def test_news_page_issuer_comes_from_its_folder_only():
    c = classified(NEWS, "aabenraa/side.txt")
    assert (c.doc_type, c.issuer, c.municipality_code, c.issuer_source) == ("other", "Aabenraa Kommune", "580", "folder")


# --- the manifest --------------------------------------------------------------------------------

def write_corpus(root: Path) -> None:
    (root / "koege").mkdir()
    (root / "koege" / "referat_2019-06-12.txt").write_text("Referat\nByrådet i Køge\n", encoding="utf-8")
    (root / "inbox").mkdir()
    (root / "inbox" / "ukendt.txt").write_text("Referat\n", encoding="utf-8")
    (root / "inbox" / "uden_udgiver.txt").write_text("Referat\n", encoding="utf-8")
    (root / MANIFEST).write_text(
        "\ufefffile,issuer,url\n"
        "inbox/ukendt.txt,Vejle Kommune,https://example.invalid/a\n"
        "./koege/referat_2019-06-12.txt,Køge Kommune,https://example.invalid/b\n"
        "inbox/uden_udgiver.txt,,https://example.invalid/c\n"
        ",Region Sjælland,https://example.invalid/d\n",
        encoding="utf-8",
    )


def test_read_manifest(tmp_path):
    write_corpus(tmp_path)
    assert read_manifest(tmp_path) == {
        "inbox/ukendt.txt": "Vejle Kommune",
        "koege/referat_2019-06-12.txt": "Køge Kommune",
    }


def test_read_manifest_without_a_manifest_is_empty(tmp_path):
    assert read_manifest(tmp_path) == {}


def test_scan_does_not_list_the_manifest_and_attaches_its_issuers(tmp_path):
    write_corpus(tmp_path)
    files = scan(tmp_path)
    assert [f.source_file for f in files] == [
        "inbox/uden_udgiver.txt", "inbox/ukendt.txt", "koege/referat_2019-06-12.txt",
    ]
    assert all(Path(f.path).name != MANIFEST for f in files)
    assert {f.source_file: f.manifest_issuer for f in files} == {
        "inbox/uden_udgiver.txt": None,
        "inbox/ukendt.txt": "Vejle Kommune",
        "koege/referat_2019-06-12.txt": "Køge Kommune",
    }


def test_a_date_only_in_the_file_name_is_used_and_said_to_be_inferred(tmp_path):
    from pipeline.process import SourceFile, process_file

    path = tmp_path / "lokaludvalg_2018-04-19.txt"
    path.write_text("2. Godkendelse af dagsorden\n\nBeslutning\n\nDagsordenen blev godkendt.\n", encoding="utf-8")
    result = process_file(SourceFile(str(path), f"København/{path.name}", "0" * 64, 0, 0.0, "d"))
    assert (result.document["doc_type"], result.document["meeting_date"]) == ("referat", date(2018, 4, 19))
    assert [(i["code"], i["table_name"]) for i in result.tables["parse_issues"] if i["code"] == "inferred"] == [
        ("inferred", "documents")]
    named = tmp_path / "referat_2018-04-19_og_2018-05-02.txt"  # two dates: neither is taken
    named.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    assert process_file(SourceFile(str(named), named.name, "0" * 64, 0, 0.0, "e")).document["meeting_date"] is None


def test_lowercase_council_in_a_dated_title_and_a_markdown_field_table():
    doc, c = build_document("x", "aalborg/x.txt", [Line(t, 1, i) for i, t in enumerate(
        ["23. oktober 2023 - referat fra byrådet", "1. Godkendelse af dagsorden", "Beslutning", "Godkendt."], 1)], 1)
    assert (c.doc_type, c.meeting_date, c.body) == ("referat", date(2023, 10, 23), "Byrådet")
    doc, c = build_document("x", "kolding/x.txt", [Line(t, 1, i) for i, t in enumerate(
        ["Dato: |", "27-02-2018 19:00:00 |", "Udvalg: |", "Byrådet |", "1. Godkendelse", "Beslutning", "Godkendt."], 1)], 1)
    assert (c.meeting_date, c.meeting_time, c.body, c.municipality_code) == (date(2018, 2, 27), "19:00", "Byrådet", "621")


@pytest.mark.parametrize(("line", "issuer"), [
    ("Aabenraa Kommune", "Aabenraa Kommune"),
    ("Referat - Region Midtjylland", "Region Midtjylland"),
    ("Dagsordener og referater | Vejle Kommune", "Vejle Kommune"),
    ("og en projektleder fra Region Nordjylland deltager i arbejdet", None),  # prose names others
    ("blev drøftet med Vejle Kommune og Fredericia Kommune i maj", None),
])
def test_a_region_or_kommune_is_an_issuer_only_as_a_letterhead(line, issuer):
    from pipeline.issuer import issuer_in_text

    found = issuer_in_text(line)
    assert (found.name if found else None) == issuer
