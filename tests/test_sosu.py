"""SOSU tables: dimensioning per KKR and signed agreements per year, never the derived figures."""

from __future__ import annotations

import pytest

from pipeline import issues
from pipeline.enums import NATIONAL_AREA
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


# ---------------------------------------------------------------- more layouts (invented figures)


def facts(result):
    return [(r["area"], r["program"], r["measure"], r["year"], r["places"]) for r in result.rows]


def codes(result):
    return [i.code for i in result.issues]


def test_one_cell_per_line_with_short_kkr_names_pau_and_a_total():
    doc = doc_of("Elever på social- og sundhedsuddannelserne og PAU i 2031", "Fordelt dimensionering 2031",
                 "SSH", "SSA (kommuner)", "PAU",
                 "KKR Nord", "10", "20", "3", "KKR Midt", "11", "21", "4", "KKR syd", "12", "22", "5",
                 "KKR Sjælland", "13", "23", "6", "KKR H", "14", "1.024", "7", "Samlet", "60", "1.110", "25")
    result = parse_sosu(doc)
    got = facts(result)
    assert len(got) == 12
    assert ("KKR Nordjylland", "hjælper", "dimensionering", 2031, 10) in got
    assert ("KKR Syddanmark", "assistent", "dimensionering", 2031, 22) in got
    assert ("KKR Hovedstaden", "assistent", "dimensionering", 2031, 1024) in got
    assert (NATIONAL_AREA, "hjælper", "dimensionering", 2031, 60) in got
    assert 3 not in {r["places"] for r in result.rows}  # PAU is not SOSU
    assert codes(result) == [issues.OUT_OF_SCOPE]


def test_programme_measure_and_year_inside_one_column_header():
    doc = doc_of("Område\tSSH Dimensionering 2032\tSSA Dimensionering 2032",
                 "KKR Midtjylland\t400\t800", "KKR Nordjylland\t200\t300")
    assert facts(parse_sosu(doc)) == [
        ("KKR Midtjylland", "hjælper", "dimensionering", 2032, 400),
        ("KKR Midtjylland", "assistent", "dimensionering", 2032, 800),
        ("KKR Nordjylland", "hjælper", "dimensionering", 2032, 200),
        ("KKR Nordjylland", "assistent", "dimensionering", 2032, 300),
    ]


def test_programmes_as_rows_and_kkrs_as_columns():
    doc = doc_of("Måltal for lærepladser 2033", "\tKKR Nord\tKKR Sjælland",
                 "Social- og sundhedshjælper\t50\t60", "Social- og sundhedsassistent\t70\t1.080")
    assert facts(parse_sosu(doc)) == [
        ("KKR Nordjylland", "hjælper", "dimensionering", 2033, 50),
        ("KKR Sjælland", "hjælper", "dimensionering", 2033, 60),
        ("KKR Nordjylland", "assistent", "dimensionering", 2033, 70),
        ("KKR Sjælland", "assistent", "dimensionering", 2033, 1080),
    ]


def test_years_as_columns_programmes_as_rows_for_the_kkr_in_the_caption():
    doc = doc_of("Praktikpladser i KKR Syddanmark", "Uddannelse\t2031\t2032",
                 "Hjælperelever\t100\t110", "Assistentelever\t200\t220", "Pædagogisk assistent\t30\t35")
    result = parse_sosu(doc)
    assert facts(result) == [
        ("KKR Syddanmark", "hjælper", "dimensionering", 2031, 100),
        ("KKR Syddanmark", "hjælper", "dimensionering", 2032, 110),
        ("KKR Syddanmark", "assistent", "dimensionering", 2031, 200),
        ("KKR Syddanmark", "assistent", "dimensionering", 2032, 220),
    ]
    assert codes(result) == [issues.OUT_OF_SCOPE]


def test_markdown_table_of_agreements_per_year():
    doc = doc_of("Indgåede aftaler på social- og sundhedsuddannelserne",
                 "| År | SOSU-hjælper | SOSU-assistent |", "|---|---|---|", "| 2031 | 1.000 | 2.000 |",
                 "| 2032 | 1.100 | 2.100 |")
    assert facts(parse_sosu(doc)) == [
        (NATIONAL_AREA, "hjælper", "uddannelsesaftaler", 2031, 1000),
        (NATIONAL_AREA, "assistent", "uddannelsesaftaler", 2031, 2000),
        (NATIONAL_AREA, "hjælper", "uddannelsesaftaler", 2032, 1100),
        (NATIONAL_AREA, "assistent", "uddannelsesaftaler", 2032, 2100),
    ]


def test_kkr_rows_that_do_not_add_up_to_the_national_row_are_a_sum_mismatch():
    doc = doc_of("SSH dimensionering 2031\tSSA dimensionering 2031",
                 "KKR Hovedstaden\t1\t10", "KKR Sjælland\t1\t10", "KKR Syddanmark\t1\t10",
                 "KKR Midtjylland\t1\t10", "KKR Nordjylland\t1\t10", "Hele landet\t5\t51")
    result = parse_sosu(doc)
    assert len(result.rows) == 12  # stated, not corrected
    assert codes(result) == [issues.SUM_MISMATCH]
    assert "assistent" in result.issues[0].reason


def test_a_sosu_table_without_year_or_measure_is_reported_not_guessed():
    doc = doc_of("Hjælpere og assistenter", "\tSocial- og sundhedshjælper\tSocial- og sundhedsassistent",
                 "KKR Nordjylland\t10\t20", "KKR Sjælland\t30\t40")
    result = parse_sosu(doc)
    assert result.rows == []
    assert codes(result) == [issues.TABLE_NOT_READ]


def test_a_sosu_section_whose_table_is_not_understood_is_reported_once():
    doc = doc_of("Dimensionering af SOSU-uddannelserne 2031 fordeler sig således:",
                 "120 til KKR Nordjylland", "130 til KKR Midtjylland", "140 til KKR Sjælland", "150 til KKR Syddanmark",
                 head=["2.4. Fordeling af lærepladser", "SAG-2031-00004", "Sagsfremstilling"])
    result = parse_sosu(doc)
    assert result.rows == []
    assert codes(result) == [issues.TABLE_NOT_READ]
    assert "SOSU table on page 1 not understood" in result.issues[0].reason


def test_no_false_positive_kkr_figures_outside_sosu():
    doc = doc_of("Antal borgmestre og medlemmer", "\tBorgmestre\tMedlemmer", "KKR Nordjylland\t11\t20",
                 "KKR Sjælland\t17\t30")
    result = parse_sosu(doc)
    assert result.rows == [] and result.issues == []


def test_no_false_positive_staff_counts_with_bare_programme_words_and_no_sosu_context():
    doc = doc_of("Medarbejdere på plejecentret", "\tHjælpere\tAssistenter", "Dagvagt\t5\t7", "Aftenvagt\t3\t4")
    result = parse_sosu(doc)
    assert result.rows == [] and result.issues == []


def test_one_column_list_takes_its_programme_from_the_caption():
    doc = doc_of("Dimensionering af social- og sundhedshjælperuddannelsen i 2034:",
                 "- KKR Nordjylland: 300", "- KKR Midtjylland: 500", "- KKR Hovedstaden 1.100")
    assert facts(parse_sosu(doc)) == [
        ("KKR Nordjylland", "hjælper", "dimensionering", 2034, 300),
        ("KKR Midtjylland", "hjælper", "dimensionering", 2034, 500),
        ("KKR Hovedstaden", "hjælper", "dimensionering", 2034, 1100),
    ]


def test_inline_list_of_kkr_figures():
    doc = doc_of("Lærepladser for social- og sundhedsassistenter 2035 er fordelt: KKR Nord 200, KKR Midt 400 "
                 "og KKR Syd 450.")
    assert facts(parse_sosu(doc)) == [
        ("KKR Nordjylland", "assistent", "dimensionering", 2035, 200),
        ("KKR Midtjylland", "assistent", "dimensionering", 2035, 400),
        ("KKR Syddanmark", "assistent", "dimensionering", 2035, 450),
    ]


def test_columns_aligned_with_spaces_and_name_number_lines():
    spaced = doc_of("Måltal 2036", "KKR             SSH      SSA", "KKR Sjælland     90     180",
                    "KKR Nordjylland   70    140")
    lines = doc_of("Måltal 2036", "KKR SSH SSA", "KKR Sjælland 90 180", "KKR Nordjylland 70 140")
    expected = [
        ("KKR Sjælland", "hjælper", "dimensionering", 2036, 90),
        ("KKR Sjælland", "assistent", "dimensionering", 2036, 180),
        ("KKR Nordjylland", "hjælper", "dimensionering", 2036, 70),
        ("KKR Nordjylland", "assistent", "dimensionering", 2036, 140),
    ]
    assert facts(parse_sosu(spaced)) == expected
    assert facts(parse_sosu(lines)) == expected
