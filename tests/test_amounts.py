"""Money in running text: DKK value, the year the sentence gives it, the sentence, item and page."""

from __future__ import annotations

import pytest

from pipeline.parsers.amounts import paragraphs, parse_amounts, read_amounts, sentences
from conftest import doc_of


def found(sentence):
    return [(f.amount_dkk, f.year) for f in read_amounts(sentence)]


# ---------------------------------------------------------------- seeds


def test_notat_gives_its_three_money_figures(seed_docs):
    rows = parse_amounts(seed_docs["notat"]).rows
    assert [(r["amount_dkk"], r["year"]) for r in rows] == [(100_000.0, None), (7_400_000.0, 2024), (1_850_000.0, 2024)]
    assert "bevilling på kr. 100.000" in rows[0]["context"]
    assert rows[1]["context"] == rows[2]["context"]
    assert "21,6 %" not in " ".join(r["context"] for r in rows)  # the next sentence, a percentage, is not money


def test_case_presentation_gives_its_figures_and_skips_the_cost_table(seed_docs):
    rows = parse_amounts(seed_docs["norddjurs_sag"]).rows
    amounts = [(r["amount_dkk"], r["year"]) for r in rows]
    assert (1_200_000.0, 2025) in amounts
    assert (1_000_000.0, 2025) in amounts  # 'ca. 1 mio. kr.' left in the 2025 pool
    assert (127_000.0, 2025) in amounts
    assert (2_500.0, None) in amounts  # '2.500 kr. pr. person'
    assert (25_000.0, None) in amounts  # the range '12-25.000 kr.' as its upper bound
    # the cost table (50.000, 20.000, 32.000, 102.000) belongs to budget_lines
    assert not {50_000.0, 20_000.0, 32_000.0, 102_000.0} & {a for a, _ in amounts}
    assert len(rows) == 5
    assert {r["item_no"] for r in rows} == {None}
    assert {r["page"] for r in rows} == {1}  # the text export marks no page breaks: one page


def test_minutes_give_each_amount_its_own_year(seed_docs):
    rows = parse_amounts(seed_docs["nord_2024_referat"]).rows
    same_sentence = [(r["amount_dkk"], r["year"]) for r in rows if "0,7 mia. kr." in r["context"]]
    assert same_sentence == [(200_000_000.0, 2024), (600_000_000.0, 2025), (700_000_000.0, 2026)]
    assert {r["item_no"] for r in rows if "0,7 mia. kr." in r["context"]} == {"2.5"}
    wrapped = [r for r in rows if r["amount_dkk"] == 1_300_000_000.0]  # '1,3' / 'mia. kr.' split over two lines
    # the text export lost the page breaks between its 'SIDE | 7' and 'SIDE | 24' footers: the
    # footer that ends the run names its page (the PDF rendering knows it is page 9)
    assert len(wrapped) == 1 and wrapped[0]["page"] == 24


def test_pdf_rendering_gives_the_same_amounts(seed_docs, pdf_docs):
    for key in ("nord_2024_referat", "hoved_2026_referat", "norddjurs_sag", "notat"):
        text = [(r["amount_dkk"], r["year"], r["item_no"]) for r in parse_amounts(seed_docs[key]).rows]
        pdf = [(r["amount_dkk"], r["year"], r["item_no"]) for r in parse_amounts(pdf_docs[key]).rows]
        assert pdf == text, key


def test_agenda_without_money_gives_nothing(seed_docs):
    assert parse_amounts(seed_docs["nord_2026_dagsorden"]).rows == []


# ---------------------------------------------------------------- sentences and years


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Budgettet i 2025 udgør 1,2 mio. kr.", [(1_200_000.0, 2025)]),
        ("Bidraget er 0,59 kr./indbygger (2026-pl).", [(0.59, None)]),  # a price level is not the year
        ("I perioden 2017-2026 er sikret 1.363 mio.kr., heraf 90 mio. kr. i 2026.",
         [(1_363_000_000.0, None), (90_000_000.0, 2026)]),
        ("Projekter over 20 mio. kr. i alt i 2025 og 2026.", [(20_000_000.0, None)]),  # two years: no single year
        ("Udgifter på op til 0,127 mio. kr. finansieres via puljen i 2025.", [(127_000.0, 2025)]),
        ("Reduktionen er ca. 148 mio. kr. fra 2027.", [(148_000_000.0, 2027)]),
        ("Der er 21,6 % og 50 pct. af 40 deltagere og 102 enkeltadresser.", []),
        ("Overnatningstallet var 2,6 mio. i 2026.", []),  # millions of nights, not kroner
        ("Stigningen er 12-25.000 kr.", [(25_000.0, None)]),
    ],
)
def test_read_amounts(sentence, expected):
    assert found(sentence) == expected


def test_sentences_do_not_end_at_abbreviations_but_do_at_a_year():
    text = "Der er ca. 1 mio. kr. i puljen. Budgettet i 2025. Det er pr. person 7. plads. Slut"
    parts = [text[a:b] for a, b in sentences(text)]
    assert parts == ["Der er ca. 1 mio. kr. i puljen.", "Budgettet i 2025.", "Det er pr. person 7. plads.", "Slut"]


def test_wrapped_lines_join_but_list_items_and_headings_do_not():
    doc = doc_of("Økonomiske konsekvenser", "Udgiften til besøget skønnes samlet at blive på i alt omkring",
                 "1,2 mio. kr. i 2025.", "- Anden post 5 mio. kr.", "Beslutning", "Tiltrådt.")
    texts = [p.text for p in paragraphs(doc)]
    assert "Udgiften til besøget skønnes samlet at blive på i alt omkring 1,2 mio. kr. i 2025." in texts
    assert "- Anden post 5 mio. kr." in texts
    rows = parse_amounts(doc).rows
    assert [(r["amount_dkk"], r["year"], r["page"]) for r in rows] == [(1_200_000.0, 2025, 1), (5_000_000.0, None, 1)]


def test_page_is_where_the_figure_starts():
    doc = doc_of("Tilskuddet til den kommunale indsats udgør i det kommende budgetår samlet set", "<pagebreak>",
                 "2,5 mio. kr. i 2026.")
    (row,) = parse_amounts(doc).rows
    assert (row["amount_dkk"], row["year"], row["page"]) == (2_500_000.0, 2026, 2)


def test_table_rows_outside_cost_tables_are_read_one_row_at_a_time_in_both_shapes():
    text = doc_of("Region Østdanmark:\t2,50 mio. kr.", "Københavns Kommune:\t0,85 mio. kr.")
    cells = doc_of(("Region Østdanmark:", "2,50 mio. kr."), ("Københavns Kommune:", "0,85 mio. kr."))
    a = [(r["amount_dkk"], r["context"]) for r in parse_amounts(text).rows]
    assert a == [(2_500_000.0, "Region Østdanmark: 2,50 mio. kr."), (850_000.0, "Københavns Kommune: 0,85 mio. kr.")]
    assert [(r["amount_dkk"], r["context"]) for r in parse_amounts(cells).rows] == a


def test_cost_table_cells_are_left_to_budget_lines():
    doc = doc_of("Udgiften er 2.500 kr. pr. person:", ("Poster", "Pris kr."), ("Forplejning", "50.000 kr."),
                 ("I alt", "50.000 kr."))
    assert [r["amount_dkk"] for r in parse_amounts(doc).rows] == [2_500.0]


def test_thousands_and_dash_shapes_of_money_in_running_text():
    from pipeline.models import Document, Line

    texts = ["Sagsfremstilling", "Udbygningen af cykelstien koster 1.200 t.kr. i 2026.",
             "Der er afsat 500.000,- kr. til formålet.", "Puljen er på 250 tusind kr. i 2028."]
    doc = Document("d", "f.txt", tuple(Line(t, 1, i) for i, t in enumerate(texts, start=1)), 1, "sagsfremstilling")
    assert [(r["amount_dkk"], r["year"]) for r in parse_amounts(doc).rows] == [
        (1_200_000.0, 2026), (500_000.0, None), (250_000.0, 2028)]


def test_a_money_figure_that_cannot_be_read_is_a_coded_issue_not_silence():
    from pipeline.models import Document, Line

    texts = ["Sagsfremstilling", "Udgiften anslås til 1.2OO kr. pr. deltager."]  # an OCR'd 'O' for '0'
    parsed = parse_amounts(Document("d", "f.txt", tuple(Line(t, 1, i) for i, t in enumerate(texts, start=1)), 1))
    assert parsed.rows == []
    assert [(i.code, i.table_name, i.line_no) for i in parsed.issues] == [("unreadable_row", "amounts", 2)]
