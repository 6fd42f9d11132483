"""Refugee quota tables: municipality quotas and stated totals, from every table shape."""

from __future__ import annotations

import pytest

from pipeline import issues
from pipeline.enums import NATIONAL_AREA
from pipeline.parsers.quotas import parse_quotas, parse_refugee_quota_totals, parse_refugee_quotas
from pipeline.reference import find_municipality
from conftest import doc_of as make_doc, without


def doc_of(*rows, title: str | None = None):
    """Rows under an item whose title gives the year (when `title` is set)."""
    return make_doc(*rows, head=[title, "SAG-2026-00001", "Sagsfremstilling"] if title else ())


def quota_of(rows, name):
    return {r["municipality"]: r["quota"] for r in rows}[name]


def codes(result):
    return [i.code for i in result.quotas.issues]


# ---------------------------------------------------------------- the seed


@pytest.fixture(scope="module")
def seed(seed_docs):
    return parse_quotas(seed_docs["hoved_2026_referat"])


def test_seed_gives_all_46_quotas_of_2027_summing_to_the_stated_total(seed):
    rows = seed.quotas.rows
    assert len(rows) == 46
    assert {r["year"] for r in rows} == {2027}  # the header, not the meeting (2026) or the caption's 2026
    assert len({r["municipality_code"] for r in rows}) == 46
    region = [t for t in seed.totals.rows if t["level"] == "region"]
    assert [(t["area"], t["year"], t["quota"]) for t in region] == [("Region Østdanmark", 2027, 277)]
    assert sum(r["quota"] for r in rows) == region[0]["quota"]


def test_seed_dash_is_zero_and_codes_match_the_reference(seed):
    rows = seed.quotas.rows
    assert quota_of(rows, "Ballerup") == 0
    assert quota_of(rows, "København") == 64
    assert quota_of(rows, "Holbæk") == 14
    for r in rows:
        assert find_municipality(r["municipality"]).code == r["municipality_code"]


def test_seed_landstal_from_running_text(seed):
    landstal = [t for t in seed.totals.rows if t["level"] == "landstal"]
    assert [(t["area"], t["year"], t["quota"]) for t in landstal] == [(NATIONAL_AREA, 2027, 600)]
    assert NATIONAL_AREA == "Hele landet"  # one spelling of the nation, shared with the SOSU table


def test_seed_totals_are_never_municipalities(seed):
    names = {r["municipality"] for r in seed.quotas.rows}
    assert not any("alt" in n or n.startswith("Region") for n in names)


def test_seed_inconsistencies_are_reported(seed):
    # the caption says 2026, the header 2027: one year conflict, the header used
    assert codes(seed) == [issues.YEAR_CONFLICT, issues.UNKNOWN_AREA]
    assert "2026" in seed.quotas.issues[0].reason
    # 'regionskvoten for Region Østjylland … 277' names no region there is: all 46 municipalities the
    # document lists lie in Region Østdanmark, so it is read as that (and said so), agrees with the
    # table's 'Region Østdanmark i alt 277' and adds no second total
    assert "Region Østjylland" in seed.quotas.issues[1].reason and "Region Østdanmark" in seed.quotas.issues[1].reason
    region = [(t["area"], t["quota"]) for t in seed.totals.rows if t["level"] == "region"]
    assert region == [("Region Østdanmark", 277)]


def test_an_unknown_region_in_text_is_reported_and_only_read_from_the_listed_municipalities():
    doc = make_doc("Landstallet for 2027 er fastsat til 600 personer, og regionskvoten for Region Vestjylland "
                   "er fastsat til 277 personer, jf. bilag.",
                   "Regionskvoten for 2027 for Region Atlantis er fastsat til 12 personer.")
    got = parse_quotas(doc)  # no municipality list to take an area from: neither is loaded
    assert sorted((t["level"], t["area"], t["quota"]) for t in got.totals.rows) == [("landstal", NATIONAL_AREA, 600)]
    assert codes(got) == [issues.UNKNOWN_AREA, issues.UNKNOWN_AREA]
    with_list = doc_of("Kommunekvoter 2027", "Esbjerg 30", "Varde 9", "Regionskvoten for Region Vestjylland er fastsat "
                       "til 39 personer.", title=TITLE)
    got = parse_quotas(with_list)  # both listed municipalities lie in Region Syddanmark
    assert [(t["level"], t["area"], t["quota"]) for t in got.totals.rows] == [("region", "Region Syddanmark", 39)]
    assert codes(got) == [issues.UNKNOWN_AREA]


def test_wrappers_split_the_two_tables_and_report_issues_once(seed_docs):
    doc = seed_docs["hoved_2026_referat"]
    assert len(parse_refugee_quotas(doc).rows) == 46
    totals = parse_refugee_quota_totals(doc)
    assert len(totals.rows) == 2 and totals.issues == []


def test_pdf_rendering_gives_the_same_quotas(seed_docs, pdf_docs):
    key = "hoved_2026_referat"
    text, pdf = parse_quotas(seed_docs[key]), parse_quotas(pdf_docs[key])


    assert without(pdf.quotas.rows, "document_id", "page") == without(text.quotas.rows, "document_id", "page")
    assert without(pdf.totals.rows, "document_id", "page") == without(text.totals.rows, "document_id", "page")


def test_other_seeds_have_no_quota_tables(seed_docs):
    for key in ("nord_2024_referat", "nord_2026_dagsorden", "norddjurs_sag", "notat"):
        result = parse_quotas(seed_docs[key])
        assert result.quotas.rows == [] and result.totals.rows == []


# ---------------------------------------------------------------- hand-written shapes

TITLE = "3.9. Kommunekvoter for fordeling af flygtninge for 2027"


def test_shape_a_code_and_name_with_tab_value():
    doc = doc_of("Beregnete kommunekvoter", "2027", "101 København\t64", "151 Ballerup\t-", "I alt\t64", title=TITLE)
    result = parse_quotas(doc)
    assert [(r["municipality_code"], r["quota"], r["year"]) for r in result.quotas.rows] == [
        ("101", 64, 2027), ("151", 0, 2027)]
    # a bare 'I alt' is placed by context: both are in KKR Hovedstaden
    assert [(t["level"], t["area"], t["quota"]) for t in result.totals.rows] == [("kkr", "KKR Hovedstaden", 64)]


def test_shape_a_as_pdf_cells_with_the_header_repeated_after_a_page_break():
    text = doc_of("Bilag B", "2027", "Region Østdanmark", "101 København\t64", "147 Frederiksberg\t16",
                  "151 Ballerup\t-", "Region Østdanmark i alt\t80", title=TITLE)
    cells = doc_of(("Bilag B", ""), ("", "2027"), ("Region Østdanmark", ""), ("101 København", "64"),
                   ("147 Frederiksberg", "16"), "<pagebreak>", ("", "2027"), ("151 Ballerup", "-"),
                   ("Region Østdanmark i alt", "80"), title=TITLE)


    a, b = parse_quotas(text), parse_quotas(cells)
    assert len(b.quotas.rows) == 3
    assert without(b.quotas.rows, "page") == without(a.quotas.rows, "page")
    assert without(b.totals.rows, "page") == without(a.totals.rows, "page") == [
        {"document_id": "t", "year": 2027, "level": "region", "area": "Region Østdanmark", "quota": 80}]
    assert [r["page"] for r in b.quotas.rows] == [1, 1, 2]
    assert b.quotas.issues == []


def test_shape_b_names_only_value_on_the_same_line():
    doc = doc_of("Kommunekvoter", "Middelfart 120", "Assens 15", "Nordfyns Kommune –", "KKR Syddanmark i alt 135",
                 title="2.1. Fordeling af flygtninge for 2016")
    result = parse_quotas(doc)
    assert [(r["municipality"], r["municipality_code"], r["quota"], r["year"]) for r in result.quotas.rows] == [
        ("Middelfart", "410", 120, 2016), ("Assens", "420", 15, 2016), ("Nordfyns", "480", 0, 2016)]
    assert [(t["level"], t["area"], t["quota"]) for t in result.totals.rows] == [("kkr", "KKR Syddanmark", 135)]


def test_shape_c_one_cell_per_line():
    doc = doc_of("Kommunekvoter 2027", "Aalborg", "45", "Hjørring", "-", "Thisted", "12", "I alt", "57",
                 title="Fordeling af flygtninge")
    result = parse_quotas(doc)
    assert [(r["municipality"], r["quota"]) for r in result.quotas.rows] == [
        ("Aalborg", 45), ("Hjørring", 0), ("Thisted", 12)]
    assert {r["year"] for r in result.quotas.rows} == {2027}
    assert [(t["level"], t["area"], t["quota"]) for t in result.totals.rows] == [("kkr", "KKR Nordjylland", 57)]
    assert codes(result) == [issues.INFERRED]  # 'I alt' names no area: it is the KKR of the rows it sums


def test_shape_c_same_rows_as_cells():
    text = doc_of("Kommune", "Kvote 2027", "Aalborg", "45", "Thisted", "12", title="Fordeling af flygtninge")
    cells = doc_of(("Kommune", "Kvote 2027"), ("Aalborg", "45"), ("Thisted", "12"), title="Fordeling af flygtninge")
    assert parse_quotas(text).quotas.rows == parse_quotas(cells).quotas.rows


def test_shape_d_header_with_whitespace_columns():
    doc = doc_of("Kommune           Kommunekvote 2015", "Faaborg-Midtfyn          31", "Kerteminde     11",
                 "Langeland       -", "Svendborg     28", title="Flygtninge")
    result = parse_quotas(doc)
    assert [(r["municipality_code"], r["quota"], r["year"]) for r in result.quotas.rows] == [
        ("430", 31, 2015), ("440", 11, 2015), ("482", 0, 2015), ("479", 28, 2015)]


def test_a_total_that_is_not_the_sum_is_reported():
    doc = doc_of("2027", "Aalborg 45", "Thisted 12", "I alt 60", title=TITLE)
    result = parse_quotas(doc)
    assert result.totals.rows[0]["quota"] == 60  # stated, not corrected
    assert codes(result) == [issues.INFERRED, issues.SUM_MISMATCH]  # its area from its rows; and it is off
    assert "57" in result.quotas.issues[1].reason


def test_a_table_of_municipalities_outside_a_quota_context_is_not_a_quota_table():
    doc = doc_of("Fordeling af lærepladser 2027", "Aalborg 45", "Thisted 12", title="3.7. SOSU-uddannelserne")
    assert parse_quotas(doc).quotas.rows == []


def test_a_municipality_without_its_value_line_is_an_issue():
    doc = doc_of("Kvote 2027", "Aalborg", "45", "Thisted", "Bilag", title=TITLE)
    result = parse_quotas(doc)
    assert [r["municipality"] for r in result.quotas.rows] == ["Aalborg"]
    assert [(i.code, i.raw_text) for i in result.quotas.issues] == [(issues.UNREADABLE_ROW, "Thisted")]


def test_a_table_printed_twice_states_each_quota_once():
    same = doc_of("2027", "Aalborg 45", "Thisted 12", "Bilag", "Kommunekvoter", "2027", "Aalborg 45", "Thisted 12",
                  title=TITLE)
    result = parse_quotas(same)
    assert [(r["municipality"], r["quota"]) for r in result.quotas.rows] == [("Aalborg", 45), ("Thisted", 12)]
    assert result.quotas.issues == []
    differs = doc_of("2027", "Aalborg 45", "Bilag", "Kommunekvoter", "2027", "Aalborg 50", title=TITLE)
    result = parse_quotas(differs)
    assert [r["quota"] for r in result.quotas.rows] == [45]
    assert codes(result) == [issues.DUPLICATE]


def test_landstal_sentence_wrapped_over_two_lines():
    doc = doc_of("Det sker på baggrund af Udlændingestyrelsens udmelding. Landstallet for 2016 er fastsat til",
                 "7.500 personer, jf. bilag.", title="4.1. Flygtninge")
    assert [(t["level"], t["area"], t["year"], t["quota"]) for t in parse_quotas(doc).totals.rows] == [
        ("landstal", NATIONAL_AREA, 2016, 7500)]


# ---------------------------------------------------------------- published list shapes (invented text)


def muni_rows(result):
    return [(r["municipality_code"], r["quota"], r["year"]) for r in result.quotas.rows]


def test_news_lines_name_and_number_year_only_in_the_text_and_short_names():
    doc = make_doc("Nye borgere til Nordjylland",
                   "Kommunerne i landsdelen skal tage imod 61 flygtninge i løbet af 2031, siger styrelsen.",
                   "Sidste år var tallet lavere.",
                   "Sådan fordeles flygtningene",
                   "Aalborg 30", "Vesthimmerland 12", "Hjørring 19", "Læsø -")
    result = parse_quotas(doc)
    assert muni_rows(result) == [("851", 30, 2031), ("820", 12, 2031), ("860", 19, 2031), ("825", 0, 2031)]
    assert result.quotas.issues == []


def test_dash_bullets_with_and_without_colon_and_genitive_names():
    doc = make_doc("De foreløbige kommunekvoter er nu udmeldt.",
                   "Østjyske kommuner forventes at modtage flest flygtninge i 2032.",
                   "- Århus: 120", "- Odder 14", "- Samsø: 2", "- Bornholms Regionskommune: 9")
    assert muni_rows(parse_quotas(doc)) == [("751", 120, 2032), ("727", 14, 2032), ("741", 2, 2032),
                                            ("400", 9, 2032)]


def test_lines_with_trailing_period_blank_lines_and_the_first_entry_glued_to_the_caption():
    doc = make_doc("Fynske kommuner skal fordele færre flygtninge end ventet.",
                   "Flygtninge pr. kommune Antal flygtninge, som hver kommune forventes at modtage i 2033. "
                   "Tallene er beregnet af styrelsen.Nordfyn 3.",
                   "Kerteminde 0.", "Langeland 1.", "Svendborg 4.")
    assert muni_rows(parse_quotas(doc)) == [("480", 3, 2033), ("440", 0, 2033), ("482", 1, 2033),
                                            ("479", 4, 2033)]


@pytest.mark.parametrize("listing", [
    "Flygtningene skal fordeles således: Skive 6, Struer 2, Lemvig 1 og Holstebro -.",
    "Flygtningene skal fordeles således: Skive 6 Struer 2 Lemvig 1 Holstebro - SE MERE",
])
def test_inline_list_in_a_sentence_with_and_without_separators(listing):
    doc = make_doc("Vestjylland skal tage imod 9 flygtninge i 2034.", listing)
    assert muni_rows(parse_quotas(doc)) == [("779", 6, 2034), ("671", 2, 2034), ("665", 1, 2034),
                                            ("661", 0, 2034)]


def test_one_cell_per_line_with_label_and_value_headers_and_a_spaced_total():
    doc = make_doc("Kommunerne i regionen modtager i alt 33 flygtninge i 2035. Fordelingen ses herunder.",
                   "Kommune", "Kommunekvote", "Kolding", "20", "Fanø", "1", "Vejle", "12", "KKR Syddanmark   i alt", "33")
    result = parse_quotas(doc)
    assert muni_rows(result) == [("621", 20, 2035), ("563", 1, 2035), ("630", 12, 2035)]
    assert [(t["level"], t["area"], t["quota"]) for t in result.totals.rows] == [("kkr", "KKR Syddanmark", 33)]
    assert result.quotas.issues == []


def test_year_from_the_sentence_before_the_list():
    doc = make_doc("Kommunekvoterne for 2036 er:", "Gentofte 4", "Gladsaxe 6", "Ishøj -")
    assert {r["year"] for r in parse_quotas(doc).quotas.rows} == {2036}


def test_two_year_columns_and_a_lower_case_total():
    doc = doc_of("Kommune\t2027\t2028", "Rebild\t4\t5", "Morsø\t2\t-", "i alt\t6\t5", title=TITLE)
    result = parse_quotas(doc)
    assert muni_rows(result) == [("840", 4, 2027), ("840", 5, 2028), ("773", 2, 2027), ("773", 0, 2028)]
    assert sorted((t["year"], t["quota"]) for t in result.totals.rows) == [(2027, 6), (2028, 5)]
    assert codes(result) == [issues.INFERRED]


def test_i_alt_is_a_stated_total_never_a_municipality_and_a_wrong_one_is_a_sum_mismatch():
    doc = make_doc("Kommunekvoter 2031", "Aalborg 10", "Thisted 5", "I alt 16")
    result = parse_quotas(doc)
    assert [r["municipality"] for r in result.quotas.rows] == ["Aalborg", "Thisted"]
    assert [(t["level"], t["area"], t["quota"]) for t in result.totals.rows] == [("kkr", "KKR Nordjylland", 16)]
    assert codes(result) == [issues.INFERRED, issues.SUM_MISMATCH]


def test_a_relative_year_without_a_date_is_not_guessed():
    doc = make_doc("Flygtninge skal fordeles til kommunerne næste år:", "Aalborg 10", "Thisted 5", "Morsø 2")
    result = parse_quotas(doc)
    assert result.quotas.rows == []
    assert codes(result) == [issues.TABLE_NOT_READ]


def test_a_relative_year_against_the_meeting_date_is_inferred_and_said_so():
    from dataclasses import replace
    from datetime import date

    doc = replace(make_doc("Flygtninge skal fordeles til kommunerne næste år:", "Aalborg 10", "Thisted 5"),
                  meeting_date=date(2030, 6, 1))
    result = parse_quotas(doc)
    assert {r["year"] for r in result.quotas.rows} == {2031}
    assert codes(result) == [issues.INFERRED]


def test_no_false_positive_counts_of_refugees_who_came():
    doc = make_doc("Antal flygtninge modtaget i 2030", "Aalborg 10", "Thisted 5", "Morsø 2")
    result = parse_quotas(doc)
    assert result.quotas.rows == [] and result.quotas.issues == []


def test_no_false_positive_other_figures_per_municipality():
    doc = make_doc("Ledighed i procent, marts 2031", "Aalborg 4", "Thisted 3", "Morsø 5",
                   "Der er flere flygtninge i arbejde end sidste år.")
    result = parse_quotas(doc)
    assert result.quotas.rows == [] and result.quotas.issues == []


def test_an_arrived_column_beside_the_quota_column_is_left_out():
    doc = doc_of("Kommune\tKvote 2027\tModtaget 2027", "Aalborg\t10\t7", "Thisted\t5\t5", title=TITLE)
    assert muni_rows(parse_quotas(doc)) == [("851", 10, 2027), ("787", 5, 2027)]


def test_a_quota_section_whose_list_is_not_understood_is_reported_once():
    doc = doc_of("Styrelsen har fastsat kommunekvoterne. De fordeles sådan:",
                 "10 til Aalborg", "5 til Thisted", "2 til Morsø", "1 til Læsø", title=TITLE)
    result = parse_quotas(doc)
    assert result.quotas.rows == []
    assert codes(result) == [issues.TABLE_NOT_READ]
    assert "page 1" in result.quotas.issues[0].reason


def test_an_unknown_area_in_a_quota_list_is_reported():
    doc = doc_of("2027", "Aalborg 10", "Thisted 5", "Nordby 3", title=TITLE)
    result = parse_quotas(doc)
    assert [r["municipality"] for r in result.quotas.rows] == ["Aalborg", "Thisted"]
    assert [(i.code, i.raw_text) for i in result.quotas.issues] == [(issues.UNKNOWN_AREA, "Nordby 3")]


def test_regionskvoter_as_a_list_are_region_totals():
    doc = make_doc("Regionskvoterne for 2031 fordeler sig således:", "- Hovedstaden 120", "- Sjælland 90",
                   "- Nordjylland 70")
    result = parse_quotas(doc)
    assert result.quotas.rows == []
    assert [(t["level"], t["area"], t["quota"]) for t in result.totals.rows] == [
        ("region", "Region Hovedstaden", 120), ("region", "Region Sjælland", 90), ("region", "Region Nordjylland", 70)]


def test_a_sentence_with_two_years_gives_the_one_after_for():
    doc = make_doc("Styrelsen udmeldte i 2030 kommunekvoterne for 2031:", "Gentofte 4", "Gladsaxe 6")
    assert {r["year"] for r in parse_quotas(doc).quotas.rows} == {2031}


def test_a_one_column_list_under_two_years_is_not_guessed():
    doc = make_doc("Kommunekvoter 2031 og 2032:", "Gentofte 4", "Gladsaxe 6")
    result = parse_quotas(doc)
    assert result.quotas.rows == []
    assert codes(result) == [issues.TABLE_NOT_READ]


def test_markdown_pipes_with_a_header_year():
    doc = make_doc("Fordeling af flygtninge", "| Kommune | Kommunekvote 2031 |", "|---|---|", "| Fredericia | 7 |",
                   "| Kolding | 12 |", "| I alt | 19 |")
    result = parse_quotas(doc)
    assert muni_rows(result) == [("607", 7, 2031), ("621", 12, 2031)]
    assert [(t["level"], t["area"], t["quota"]) for t in result.totals.rows] == [("kkr", "KKR Syddanmark", 19)]
