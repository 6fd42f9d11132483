"""The table reader (pipeline.structure.tables): every layout gives the same Table.

All documents here are invented; municipality and KKR names are reference data.
"""

from __future__ import annotations

import pytest

from pipeline.models import Line
from pipeline.structure.tables import (
    BULLETS, CELLS, INLINE, LINES, ONE_CELL_PER_LINE, PIPES, SPACES, TABS, find_tables, is_total_label, normalize,
    plain_years, sentences,
)
from conftest import doc_of

ITEM = ["4.2. Orientering om fordelingen", "SAG-2030-00042", "Sagsfremstilling"]


def rows_of(table):
    return [(r.label, r.values) for r in table.rows]


def totals_of(table):
    return [(r.label, r.values) for r in table.totals]


def only(doc):
    tables = find_tables(doc)
    assert len(tables) == 1, [t.layout for t in tables]
    return tables[0]


# ── rows of cells ────────────────────────────────────────────────────────────────────────


def test_tab_separated_rows_with_header_caption_and_total():
    doc = doc_of("Vi har talt op i alle tre byer.", "Optælling pr. by",
                 "By\tForår\tEfterår", "Aalborg\t12\t1.259", "Thisted\t-\t4", "I alt\t12\t1.263", head=ITEM)
    t = only(doc)
    assert t.layout == TABS
    assert t.caption == "Optælling pr. by"
    assert t.columns == ("Forår", "Efterår") and t.label_header == "By"
    assert rows_of(t) == [("Aalborg", ("12", "1.259")), ("Thisted", ("-", "4"))]
    assert totals_of(t) == [("I alt", ("12", "1.263"))]
    assert t.title == "Orientering om fordelingen"
    assert [c for c, _ in t.context][:2] == ["Optælling pr. by", "Vi har talt op i alle tre byer."]
    assert doc.lines[t.start].text.startswith("By") and t.end == len(doc.lines)


def test_pdf_cells_with_merged_header_repeated_after_a_page_break():
    top = ("", "Gruppe A", "", "Gruppe B", "")
    sub = ("", "Uge 1", "Uge 2", "Uge 1", "Uge 2")
    doc = doc_of("Fordeling på grupper", top, sub, ("KKR Sjælland", "1", "2", "3", "4"), "<pagebreak>",
                 top, sub, ("KKR Nordjylland", "5", "6", "7", "8"))
    t = only(doc)
    assert t.layout == CELLS
    assert t.columns == ("Gruppe A Uge 1", "Gruppe A Uge 2", "Gruppe B Uge 1", "Gruppe B Uge 2")
    assert rows_of(t) == [("KKR Sjælland", ("1", "2", "3", "4")), ("KKR Nordjylland", ("5", "6", "7", "8"))]
    assert t.pages == (1, 2)
    assert [r.line.page for r in t.rows] == [1, 2]


def test_a_header_cell_wrapped_onto_two_rows_is_one_header():
    doc = doc_of("Område\tSocial- og\tSocial- og", "\tsundhedshjælpere\tsundhedsassistenter",
                 "KKR Midtjylland\t10\t20", "KKR Syddanmark\t30\t40")
    t = only(doc)
    assert [normalize(c) for c in t.columns] == ["social- og sundhedshjælpere", "social- og sundhedsassistenter"]


def test_columns_aligned_with_spaces():
    doc = doc_of("Kommune          Antal 2031", "Faaborg-Midtfyn       7", "Kerteminde     -", "Ærø    3")
    t = only(doc)
    assert t.layout == SPACES
    assert t.columns == ("Antal 2031",)
    assert rows_of(t) == [("Faaborg-Midtfyn", ("7",)), ("Kerteminde", ("-",)), ("Ærø", ("3",))]


def test_markdown_pipes():
    doc = doc_of("| Kommune | Antal |", "|---|---:|", "| Rebild | 5 |", "| Morsø | 11 |", "| I alt | 16 |")
    t = only(doc)
    assert t.layout == PIPES
    assert t.columns == ("Antal",)
    assert rows_of(t) == [("Rebild", ("5",)), ("Morsø", ("11",))]
    assert totals_of(t) == [("I alt", ("16",))]


def test_unruled_pdf_columns_from_word_positions():
    def spans(*words):
        return tuple(words)

    lines = [
        Line("Område Hold 1 Hold 2", 1, 1, spans=spans((50, 80, "Område"), (200, 220, "Hold"), (223, 228, "1"),
                                                          (300, 320, "Hold"), (323, 328, "2"))),
        Line("KKR Sjælland 14 15", 1, 2, spans=spans((50, 70, "KKR"), (73, 110, "Sjælland"), (200, 212, "14"),
                                                        (300, 312, "15"))),
        Line("KKR Midtjylland 16 17", 1, 3, spans=spans((50, 70, "KKR"), (73, 120, "Midtjylland"), (200, 212, "16"),
                                                           (300, 312, "17"))),
    ]
    from pipeline.models import Document

    t = only(Document("t", "t.pdf", tuple(lines), 1))
    assert t.columns == ("Hold 1", "Hold 2")
    assert rows_of(t) == [("KKR Sjælland", ("14", "15")), ("KKR Midtjylland", ("16", "17"))]


# ── one row per text line ────────────────────────────────────────────────────────────────


def test_name_and_number_lines():
    doc = doc_of("Sådan fordeler pladserne sig", "Hjørring 17", "Jammerbugt 1.204", "Læsø -")
    t = only(doc)
    assert t.layout == LINES
    assert t.caption == "Sådan fordeler pladserne sig"
    assert rows_of(t) == [("Hjørring", ("17",)), ("Jammerbugt", ("1.204",)), ("Læsø", ("-",))]


def test_dash_bullets_with_and_without_colon():
    doc = doc_of("Tallene ser sådan ud:", "- Skive: 21", "- Struer 6", "- Lemvig: 9")
    t = only(doc)
    assert t.layout == BULLETS
    assert rows_of(t) == [("Skive", ("21",)), ("Struer", ("6",)), ("Lemvig", ("9",))]


def test_lines_with_a_trailing_period_and_the_first_entry_glued_to_the_caption():
    doc = doc_of("En stor overskrift om ingenting.",
                 "Tallene er fra en opgørelse, som vi selv har lavet i år. Kilden er vores egen optælling.Vejen 4.",
                 "Billund 0.", "Varde 13.")
    t = only(doc)
    assert rows_of(t) == [("Vejen", ("4",)), ("Billund", ("0",)), ("Varde", ("13",))]
    assert t.caption == "Tallene er fra en opgørelse, som vi selv har lavet i år. Kilden er vores egen optælling."
    assert t.start == 1  # the caption line is taken: its end is the first row


# ── one cell per line ────────────────────────────────────────────────────────────────────


def test_one_cell_per_line_with_a_header_of_n_labels():
    doc = doc_of("Fordeling af hold", "Hold A", "Hold B", "Hold C",
                 "KKR Nord", "7", "8", "9", "KKR Midt", "10", "1.100", "-", "Samlet", "17", "1.108", "9")
    t = only(doc)
    assert t.layout == ONE_CELL_PER_LINE
    assert t.columns == ("Hold A", "Hold B", "Hold C")
    assert t.caption == "Fordeling af hold"
    assert rows_of(t) == [("KKR Nord", ("7", "8", "9")), ("KKR Midt", ("10", "1.100", "-"))]
    assert totals_of(t) == [("Samlet", ("17", "1.108", "9"))]


def test_one_cell_per_line_joins_a_wrapped_header_label_and_reads_the_label_column_header():
    doc = doc_of("Område", "Social- og", "sundhedshjælpere", "Social- og", "sundhedsassistenter",
                 "KKR Sjælland", "5", "6", "KKR Hovedstaden", "7", "8")
    t = only(doc)
    assert t.columns == ("Social- og sundhedshjælpere", "Social- og sundhedsassistenter")
    assert t.label_header == "Område"
    assert len(t.rows) == 2


def test_one_cell_per_line_label_without_its_value_is_incomplete():
    doc = doc_of("Antal 2031", "Aalborg", "45", "Thisted", "Bilag")
    t = only(doc)
    assert rows_of(t) == [("Aalborg", ("45",))]
    assert [r.label for r in t.incomplete] == ["Thisted"]


# ── inline lists ─────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("text", [
    "Vi har fordelt dem sådan: Morsø 8, Thisted 13 og Læsø -. Resten venter.",
    "Vi har fordelt dem sådan: Morsø 8 Thisted 13 Læsø - LÆS MERE",
])
def test_inline_lists_with_and_without_separators(text):
    t = only(doc_of("Lidt tekst først.", text))
    assert t.layout == INLINE
    assert rows_of(t) == [("Morsø", ("8",)), ("Thisted", ("13",)), ("Læsø", ("-",))]
    assert t.caption == "Vi har fordelt dem sådan:"


def test_an_inline_list_needs_three_pairs():
    assert find_tables(doc_of("Mødet i Aalborg 12 og i Thisted 14 gik godt.")) == []


# ── boundaries ───────────────────────────────────────────────────────────────────────────


def test_caption_is_looked_up_across_a_page_break_and_two_tables_stay_apart():
    doc = doc_of("Første opgørelse", "<pagebreak>", "Aalborg 1", "Thisted 2",
                 "Noget tekst imellem, som slutter med et punktum.", "Anden opgørelse", "Morsø 3", "Skive 4")
    first, second = find_tables(doc)
    assert (first.caption, first.pages) == ("Første opgørelse", (2,))
    assert second.caption == "Anden opgørelse"
    assert rows_of(second) == [("Morsø", ("3",)), ("Skive", ("4",))]
    assert first.end <= second.start


def test_a_table_stops_at_the_next_items_title():
    doc = doc_of("Aalborg\t1", "Thisted\t2", "4.3. Næste punkt", "SAG-2030-00043", "Sagsfremstilling",
                 "Skive\t3", head=ITEM)
    tables = find_tables(doc)
    assert [rows_of(t) for t in tables] == [[("Aalborg", ("1",)), ("Thisted", ("2",))], [("Skive", ("3",))]]
    assert tables[1].title == "Næste punkt"


def test_prose_is_no_table():
    doc = doc_of("Mødet begyndte kl. 10 og sluttede efter 2 timer.", "Der var 14 deltagere.",
                 "Referent: Hanne Holm", "Næste møde er den 4. maj 2031.")
    assert find_tables(doc) == []


# ── words ────────────────────────────────────────────────────────────────────────────────


def test_totals_words():
    assert all(is_total_label(w) for w in ("I alt", "KKR Syddanmark i alt", "Total", "Samlet", "Hele landet",
                                           "Landstal", "i alt"))
    assert not any(is_total_label(w) for w in ("Aalborg", "Altså", "Samsø", "KKR Nord"))


def test_years_of_a_text_leave_dates_and_periods_out():
    assert plain_years("Kommunekvoterne for 2032 er fastsat senest 1. marts 2031 (perioden 2028-2030).") == [2032]
    assert plain_years("i løbet af 2029, jf. brev af december 2028 og 03-12-2028") == [2029]


def test_sentences_cut_a_glued_sentence():
    assert sentences("Det gælder i 2031. Kilden er os.Næste") == ["Det gælder i 2031.", "Kilden er os.", "Næste"]
