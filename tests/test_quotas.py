"""Refugee quota tables: municipality quotas and stated totals, from every table shape."""

from __future__ import annotations

import pytest

from pipeline.parsers.quotas import parse_quotas, parse_refugee_quota_totals, parse_refugee_quotas
from pipeline.reference import find_municipality
from conftest import doc_of as make_doc, without


def doc_of(*rows, title: str | None = None):
    """Rows under an item whose title gives the year (when `title` is set)."""
    return make_doc(*rows, head=[title, "SAG-2026-00001", "Sagsfremstilling"] if title else ())


def quota_of(rows, name):
    return {r["municipality"]: r["quota"] for r in rows}[name]


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
    assert [(t["area"], t["year"], t["quota"]) for t in landstal] == [("Danmark", 2027, 600)]


def test_seed_totals_are_never_municipalities(seed):
    names = {r["municipality"] for r in seed.quotas.rows}
    assert not any("alt" in n or n.startswith("Region") for n in names)


def test_seed_inconsistencies_are_reported(seed):
    reasons = " | ".join(i.reason for i in seed.quotas.issues)
    assert "caption says 2026" in reasons
    # 'regionskvoten for Region Østjylland … 277' is the known misnomer for Region Østdanmark: read as
    # such, it agrees with the table's 'Region Østdanmark i alt 277' and adds no second total
    assert "Østjylland" not in reasons
    region = [(t["area"], t["quota"]) for t in seed.totals.rows if t["level"] == "region"]
    assert region == [("Region Østdanmark", 277)]


def test_regionskvote_in_text_reads_the_misnomer_and_reports_unknown_regions():
    doc = make_doc("Landstallet for 2027 er fastsat til 600 personer, og regionskvoten for Region Østjylland "
                   "er fastsat til 277 personer, jf. bilag.",
                   "Regionskvoten for 2027 for Region Atlantis er fastsat til 12 personer.")
    got = parse_quotas(doc)
    assert sorted((t["level"], t["area"], t["quota"]) for t in got.totals.rows) == [
        ("landstal", "Danmark", 600), ("region", "Region Østdanmark", 277)]
    assert [i.reason for i in got.quotas.issues] == ["regionskvote for unknown region 'Region Atlantis' not loaded"]


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
    assert result.quotas.issues == []


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
    assert any("sum to 57" in i.reason for i in result.quotas.issues)


def test_a_table_of_municipalities_outside_a_quota_context_is_not_a_quota_table():
    doc = doc_of("Fordeling af lærepladser 2027", "Aalborg 45", "Thisted 12", title="3.7. SOSU-uddannelserne")
    assert parse_quotas(doc).quotas.rows == []


def test_a_municipality_without_its_value_line_is_an_issue():
    doc = doc_of("Kvote 2027", "Aalborg", "45", "Thisted", "Bilag", title=TITLE)
    result = parse_quotas(doc)
    assert [r["municipality"] for r in result.quotas.rows] == ["Aalborg"]
    assert any(i.raw_text == "Thisted" for i in result.quotas.issues)


def test_a_table_printed_twice_states_each_quota_once():
    same = doc_of("2027", "Aalborg 45", "Thisted 12", "Bilag", "Kommunekvoter", "2027", "Aalborg 45", "Thisted 12",
                  title=TITLE)
    result = parse_quotas(same)
    assert [(r["municipality"], r["quota"]) for r in result.quotas.rows] == [("Aalborg", 45), ("Thisted", 12)]
    assert result.quotas.issues == []
    differs = doc_of("2027", "Aalborg 45", "Bilag", "Kommunekvoter", "2027", "Aalborg 50", title=TITLE)
    result = parse_quotas(differs)
    assert [r["quota"] for r in result.quotas.rows] == [45]
    assert any("stated twice" in i.reason for i in result.quotas.issues)


def test_landstal_sentence_wrapped_over_two_lines():
    doc = doc_of("Det sker på baggrund af Udlændingestyrelsens udmelding. Landstallet for 2016 er fastsat til",
                 "7.500 personer, jf. bilag.", title="4.1. Flygtninge")
    assert [(t["level"], t["area"], t["year"], t["quota"]) for t in parse_quotas(doc).totals.rows] == [
        ("landstal", "Danmark", 2016, 7500)]
