"""Cost tables: wrapped labels joined, 'I alt' flagged, non-total lines sum to the total."""

from __future__ import annotations

import pytest

from pipeline.models import Document, Line
from pipeline.parsers.budget import budget_blocks, parse_budget_lines
from conftest import doc_of, without


@pytest.fixture(scope="module")
def seed(seed_docs):
    return parse_budget_lines(seed_docs["norddjurs_sag"])


def test_seed_gives_four_lines_with_the_wrapped_label_joined(seed):
    assert seed.issues == []
    assert [(r["label"], r["amount_dkk"], r["is_total"]) for r in seed.rows] == [
        ("Forplejning", 50000.0, False),
        ("Facilitering, underholdning og øvrige udgifter", 20000.0, False),
        ("Rundvisning og bustransport", 32000.0, False),
        ("I alt", 102000.0, True),
    ]
    assert {r["item_no"] for r in seed.rows} == {None}  # a single-case document has no item numbers


def test_seed_non_total_lines_sum_to_the_total(seed):
    parts = sum(r["amount_dkk"] for r in seed.rows if not r["is_total"])
    totals = [r["amount_dkk"] for r in seed.rows if r["is_total"]]
    assert totals == [parts]


def test_pdf_rendering_gives_the_same_lines(seed_docs, pdf_docs):
    key = "norddjurs_sag"
    pdf, text = parse_budget_lines(pdf_docs[key]).rows, parse_budget_lines(seed_docs[key]).rows
    assert without(pdf, "document_id", "page") == without(text, "document_id", "page")


def test_other_seeds_have_no_cost_tables(seed_docs):
    for key in ("nord_2024_referat", "nord_2026_dagsorden", "hoved_2026_referat", "notat"):
        assert parse_budget_lines(seed_docs[key]).rows == []


def test_cells_with_a_repeated_header_give_the_same_lines_as_text():
    text = doc_of("Poster Pris kr.", "Forplejning  50.000", "Facilitering, underholdning og", "øvrige udgifter",
                  "20.000", "I alt 70.000", "Gæsterne betaler selv hotel.")
    cells = doc_of(("Poster", "Pris kr."), ("Forplejning", "50.000"), "<pagebreak>", ("Poster", "Pris kr."),
                   ("Facilitering, underholdning og øvrige udgifter", "20.000"), ("I alt", "70.000"),
                   "Gæsterne betaler selv hotel.")
    a, b = parse_budget_lines(text), parse_budget_lines(cells)


    assert without(b.rows, "page") == without(a.rows, "page")
    assert [r["label"] for r in b.rows] == ["Forplejning", "Facilitering, underholdning og øvrige udgifter", "I alt"]
    assert [r["page"] for r in b.rows] == [1, 2, 2]


def test_blocks_cover_the_table_lines_but_not_the_prose_after_it():
    doc = doc_of("Der er udarbejdet et estimat:", "Poster Pris kr.", "Forplejning  50.000", "I alt 50.000",
                 "Gæsterne betaler selv hotel.")
    (table,) = budget_blocks(doc)
    assert table.indexes == {1, 2, 3}


def test_header_unit_scales_the_amounts_and_a_wrong_total_is_reported():
    doc = doc_of("Aktivitet\tmio. kr.", "Anlæg\t2,5", "Drift\t0,75", "I alt\t3,5")
    result = parse_budget_lines(doc)
    assert [r["amount_dkk"] for r in result.rows] == [2_500_000.0, 750_000.0, 3_500_000.0]
    assert any("sum to 3250000" in i.reason for i in result.issues)


def test_item_number_comes_from_the_agenda_item():
    doc = doc_of("2.1. Genbesøg fra Halmstad", "SAG-2025-00001", "Økonomiske konsekvenser", "Poster Pris kr.",
                 "Forplejning 1.000", "I alt 1.000", "2.2. Næste punkt", "SAG-2025-00002", "Baggrund", "Tekst.")
    assert {r["item_no"] for r in parse_budget_lines(doc).rows} == {"2.1"}


def test_a_budget_over_years_gives_one_line_per_label_and_year_in_the_stated_unit():
    texts = ["Økonomi", "Beløb i 1.000 kr.", "\t2025\t2026\t2027", "Drift\t1.200\t1.300\t1.400",
             "Anlæg\t500\t-\t250", "I alt\t1.700\t1.300\t1.650", "Bilag"]
    doc = Document("d", "f.txt", tuple(Line(t, 1, i) for i, t in enumerate(texts, start=1)), 1, "sagsfremstilling")
    parsed = parse_budget_lines(doc)
    assert [(r["label"], r["year"], r["amount_dkk"], r["is_total"]) for r in parsed.rows] == [
        ("Drift", 2025, 1_200_000.0, False), ("Drift", 2026, 1_300_000.0, False), ("Drift", 2027, 1_400_000.0, False),
        ("Anlæg", 2025, 500_000.0, False), ("Anlæg", 2026, 0.0, False), ("Anlæg", 2027, 250_000.0, False),
        ("I alt", 2025, 1_700_000.0, True), ("I alt", 2026, 1_300_000.0, True), ("I alt", 2027, 1_650_000.0, True),
    ]
    assert parsed.issues == []
    wrong = Document("d", "f.txt", tuple(Line(t.replace("1.650", "1.651"), 1, i) for i, t in enumerate(texts, start=1)), 1)
    assert [i.code for i in parse_budget_lines(wrong).issues] == ["sum_mismatch"]
