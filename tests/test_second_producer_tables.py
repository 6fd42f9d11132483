"""Figure tables in PDFs drawn by a second, independent producer (fpdf2: Times, no cell rules or
all rules, 'Side N af M' footers, a table split over a page with its header repeated).

Every expected row below is derived by hand from the table as written here, not from the parser.
"""

from __future__ import annotations

import pytest

import pdfgen_fpdf as gen
from pipeline.documents import read_document
from pipeline.parsers.quotas import parse_quotas
from pipeline.parsers.sosu import parse_sosu

QUOTA_ROWS = [["Kommune", "Kommunekvote 2026"], ["Nyborg", "14"], ["Kerteminde", "9"], ["Faaborg-Midtfyn", "17"],
              ["Assens", "12"], ["Langeland", "-"], ["I alt", "52"]]
QUOTAS = {("450", 14), ("440", 9), ("430", 17), ("420", 12), ("482", 0)}  # '-' is 0

SOSU_ROWS = [["", "SSH Dimensionering 2027", "SSA Dimensionering 2027"],
             ["KKR Nordjylland", "310", "420"], ["KKR Midtjylland", "655", "890"], ["KKR Syddanmark", "640", "905"],
             ["KKR Sjælland", "470", "610"], ["KKR Hovedstaden", "880", "1.240"], ["Hele landet", "2.955", "4.065"]]
SOSU = {("KKR Nordjylland", "hjælper", 310), ("KKR Nordjylland", "assistent", 420),
        ("KKR Midtjylland", "hjælper", 655), ("KKR Midtjylland", "assistent", 890),
        ("KKR Syddanmark", "hjælper", 640), ("KKR Syddanmark", "assistent", 905),
        ("KKR Sjælland", "hjælper", 470), ("KKR Sjælland", "assistent", 610),
        ("KKR Hovedstaden", "hjælper", 880), ("KKR Hovedstaden", "assistent", 1240),
        ("Hele landet", "hjælper", 2955), ("Hele landet", "assistent", 4065)}


def minutes(table: gen.Table, caption: str) -> list:
    return [gen.Heading("Referat"), gen.Paragraph("Mødedato: 12. marts 2026 kl. 10.00"),
            gen.Heading("4. Fordeling", 2), gen.Paragraph("Sagsnr.: 27.12.00-P20-4-26"), gen.Paragraph(caption),
            table, gen.Paragraph("Beslutning: Indstillingen blev godkendt.")]


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
@pytest.mark.parametrize("split", [False, True], ids=["one-page", "split"])
def test_quota_table_from_another_producer(tmp_path, ruled, split):
    table = gen.Table(QUOTA_ROWS, ruled=ruled, widths=[200.0, 120.0], align=["L", "R"],
                      page_break_after=3 if split else None)
    path = tmp_path / "kvoter.pdf"
    gen.render(minutes(table, "Kommunekvoterne for boligplacering af flygtninge i 2026 fordeles således:"), path)
    got = parse_quotas(read_document(path))
    assert {(r["municipality_code"], r["quota"]) for r in got.quotas.rows} == QUOTAS
    assert {r["year"] for r in got.quotas.rows} == {2026}
    # 'I alt' names no area: all five municipalities lie in KKR Syddanmark, which it is read as (and said so)
    assert [(r["level"], r["area"], r["quota"]) for r in got.totals.rows] == [("kkr", "KKR Syddanmark", 52)]
    assert [i.code for i in got.quotas.issues] == ["inferred"]


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
def test_sosu_table_with_programme_measure_and_year_in_its_headers(tmp_path, ruled):
    table = gen.Table(SOSU_ROWS, ruled=ruled, widths=[160.0, 150.0, 150.0], align=["L", "R", "R"])
    path = tmp_path / "sosu.pdf"
    gen.render(minutes(table, "Fordeling af praktikpladser på social- og sundhedsuddannelserne:"), path)
    rows = parse_sosu(read_document(path)).rows
    assert {(r["area"], r["program"], r["places"]) for r in rows} == SOSU
    assert {(r["year"], r["measure"]) for r in rows} == {(2027, "dimensionering")}
