"""SOSU tables: dimensioning per KKR and signed agreements per year, never the derived figures."""

from __future__ import annotations

import pytest

from pipeline.parsers.sosu import parse_sosu
from conftest import doc_of, without


def key(r):
    return (r["measure"], r["area"], r["year"], r["program"])


@pytest.fixture(scope="module")
def seed(seed_docs):
    return parse_sosu(seed_docs["hoved_2026_referat"])


def test_seed_gives_all_34_rows(seed):
    assert len(seed.rows) == 34
    assert seed.issues == []
    measures = [r["measure"] for r in seed.rows]
    assert measures.count("dimensionering") == 24  # (5 KKR + Hele landet) x 2 years x 2 programmes
    assert measures.count("uddannelsesaftaler") == 10  # 2021-2025 x 2 programmes
    assert len({key(r) for r in seed.rows}) == 34


def test_seed_dimensioning_reads_columns_from_the_merged_header(seed):
    places = {key(r): r["places"] for r in seed.rows}
    assert places[("dimensionering", "KKR Hovedstaden", 2027, "hjælper")] == 1259
    assert places[("dimensionering", "KKR Hovedstaden", 2026, "assistent")] == 1780
    assert places[("dimensionering", "Hele landet", 2027, "assistent")] == 6500
    assert places[("dimensionering", "KKR Nordjylland", 2026, "hjælper")] == 313


def test_seed_dimensioning_kkrs_add_up_to_the_national_figure(seed):
    dim = [r for r in seed.rows if r["measure"] == "dimensionering"]
    for year in (2026, 2027):
        for program in ("hjælper", "assistent"):
            group = [r for r in dim if (r["year"], r["program"]) == (year, program)]
            kkrs = sum(r["places"] for r in group if r["area"].startswith("KKR "))
            national = [r["places"] for r in group if r["area"] == "Hele landet"]
            assert [kkrs] == national


def test_seed_agreements_are_national_per_year_without_average_or_total(seed):
    agreements = [r for r in seed.rows if r["measure"] == "uddannelsesaftaler"]
    assert {r["area"] for r in agreements} == {"Hele landet"}
    assert sorted({r["year"] for r in agreements}) == [2021, 2022, 2023, 2024, 2025]
    assert {r["program"] for r in agreements} == {"assistent", "hjælper"}
    places = {(r["year"], r["program"]): r["places"] for r in agreements}
    assert places[(2023, "assistent")] == 5827 and places[(2023, "hjælper")] == 4308
    # the 'Gennemsnit 2021-25' row (5.448 / 4.007) and the 'I alt' column (9.243 ...) are derived
    assert not {5448, 4007, 9243, 9455} & {r["places"] for r in agreements}


def test_pdf_rendering_gives_the_same_rows(seed_docs, pdf_docs):
    key_ = "hoved_2026_referat"
    pdf, text = parse_sosu(pdf_docs[key_]).rows, parse_sosu(seed_docs[key_]).rows
    assert without(pdf, "document_id", "page") == without(text, "document_id", "page")


def test_other_seeds_have_no_sosu_rows(seed_docs):
    for key_ in ("nord_2024_referat", "nord_2026_dagsorden", "norddjurs_sag", "notat"):
        assert parse_sosu(seed_docs[key_]).rows == []


def test_cells_with_merged_header_and_a_repeated_header_after_a_page_break():
    head1 = ("", "Social- og sundheds- hjælpere", "", "Social- og sundheds- assistenter", "")
    head2 = ("", "Dimensionering 2026", "Dimensionering 2027", "Dimensionering 2026", "Dimensionering 2027")
    cells = doc_of(head1, head2, ("KKR Sjælland", "477", "722", "955", "1.038"), "<pagebreak>", head1, head2,
                   ("Hele landet", "3.000", "4.500", "6.000", "6.500"))
    text = doc_of("Social- og sundheds- hjælpere\t\tSocial- og sundheds- assistenter",
                  "Dimensionering 2026\tDimensionering 2027\tDimensionering 2026\tDimensionering 2027",
                  "KKR Sjælland\t477\t722\t955\t1.038", "Hele landet\t3.000\t4.500\t6.000\t6.500")
    a, b = parse_sosu(text), parse_sosu(cells)
    assert len(b.rows) == 8
    assert [key(r) + (r["places"],) for r in b.rows] == [key(r) + (r["places"],) for r in a.rows]
    assert [r["page"] for r in b.rows] == [1] * 4 + [2] * 4
    assert ("dimensionering", "KKR Sjælland", 2027, "assistent") in {key(r) for r in b.rows}


def test_agreements_with_italic_average_row_in_cells():
    doc = doc_of("Indgåede uddannelsesaftaler social- og sundhedsuddannelserne 2021-2022",
                 ("", "Social- og sundheds- assistent", "Social- og sundheds- hjælper", "I alt"),
                 ("2021", "5.751", "3.492", "9.243"), ("2022", "5.548", "3.980", "9.528"),
                 ("<i>Gennemsnit 2021-22</i>", "<i>5.650</i>", "<i>3.736</i>", "<i>9.386</i>"))
    rows = parse_sosu(doc).rows
    assert [(r["year"], r["program"], r["places"], r["area"], r["measure"]) for r in rows] == [
        (2021, "assistent", 5751, "Hele landet", "uddannelsesaftaler"),
        (2021, "hjælper", 3492, "Hele landet", "uddannelsesaftaler"),
        (2022, "assistent", 5548, "Hele landet", "uddannelsesaftaler"),
        (2022, "hjælper", 3980, "Hele landet", "uddannelsesaftaler"),
    ]


def test_a_table_without_sosu_programmes_is_ignored():
    doc = doc_of("Pædagoger\tLærere", "KKR Sjælland\t477\t722", "KKR Syddanmark\t692\t1.037")
    assert parse_sosu(doc).rows == []
