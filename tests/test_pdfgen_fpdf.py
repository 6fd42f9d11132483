"""PDFs from a second producer (fpdf2, tests/pdfgen_fpdf.py) through `pipeline.documents.extract`.

reportlab's pages are all the other PDF tests see; these come from fpdf2 with the core font
Times, a media box inherited from /Pages, rectangles drawn with negative heights, a
'Referat – Økonomiudvalget' header and a 'Side N af M' footer. Expected values are derived
by hand from the sample documents in tests/pdfgen_fpdf.py.
"""

from __future__ import annotations

import pdfgen_fpdf as gen
import pdfplumber
import pypdfium2 as pdfium
import pytest

from pipeline.documents import extract
from pipeline.extract.cleanup import clean_lines

QUOTA_ROWS = [
    ("Kommune", "Kvote 2025", "Heraf behandlet"),  # header cells wrapped onto two lines are one cell
    ("Egeby", "12", "9"),
    ("Lyngbysted", "7", "7"),
    ("Østerå", "4", "1"),
    ("Åbjerg", "10", "6"),
    ("I alt", "33", "23"),
]
RULED_TEXT = [
    "Referat – Økonomiudvalget",
    "Referat",
    "Mødedato: 4. marts 2025 kl. 9.00. Mødested: Mødelokale 3, Rådhuset i Egeby.",
    "Medlemmer",
    "• Anna Holm (A)",
    "• Bent Kirk (V), formand",
    "• Cecilie Ravn (F)",
    "• Dorte Ørum (Ø)",
    "Fraværende: Erik Sønderby (C)",
    "1. Godkendelse af dagsorden",
    "Sagsnr.: 00.01.00-A00-2-25",
    "Dagsordenen blev godkendt uden bemærkninger.",
    "2. Fordeling af boligkvoter",
    "Sagsnr.: 27.12.00-P20-4-24",
    "Kvoterne for 2025 fordeles mellem kommunerne således, idet de behandlede sager opgøres pr. 1. marts",
    "2025 på grundlag af kommunernes egne indberetninger.",
]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("fpdf")
    return {name: (out / f"{name}.pdf", gen.render(make(), out / f"{name}.pdf")) for name, make in gen.SAMPLES.items()}


def _shape(lines):
    return [(line.page, line.text, line.cells) for line in lines]


def test_the_producer_and_font_differ_from_reportlab(rendered):
    path, _ = rendered["ruled"]
    with pdfplumber.open(path) as pdf:
        assert {c["fontname"] for c in pdf.pages[0].chars} == {"Times-Roman", "Times-Bold"}
        assert "fpdf" in pdf.metadata.get("Producer", "").lower()
    # the media box is inherited from /Pages: pdfium's page getter does not see it (the fast
    # path once mapped table boxes with US Letter's height because of that)
    doc = pdfium.PdfDocument(path)
    try:
        assert doc[0].get_mediabox(fallback_ok=False) is None
    finally:
        doc.close()


@pytest.mark.parametrize("fast", [True, False])
def test_ruled_table_document(rendered, fast):
    path, layout = rendered["ruled"]
    got = extract(path, fast=fast)
    assert (got.source_format, got.page_count, layout.pages) == ("pdf", 1, 1)
    assert _shape(got.lines) == (
        [(1, text, None) for text in RULED_TEXT]
        + [(1, "\t".join(row), row) for row in QUOTA_ROWS]
        + [(1, "Beslutning: Indstillingen blev godkendt.", None), (1, "Side 1 af 1", None)]
    )
    assert all(line.spans is None for line in got.lines if line.cells is not None)
    assert all(line.spans for line in got.lines if line.cells is None)


def test_fast_and_pdfplumber_paths_agree_on_fpdf_pages(rendered):
    for name in ("ruled", "ruled_split", "unruled"):
        path, _ = rendered[name]
        assert extract(path).lines == extract(path, fast=False).lines, name


@pytest.mark.parametrize("fast", [True, False])
def test_ruled_table_split_across_a_page_break(rendered, fast):
    path, layout = rendered["ruled_split"]
    got = extract(path, fast=fast)
    assert got.page_count == layout.pages == 2 and layout.table_pages == [[1, 2]]
    rows = [(line.page, line.cells) for line in got.lines if line.cells is not None]
    header, *body = QUOTA_ROWS
    assert rows == [(1, header), (1, body[0]), (1, body[1]), (2, header), (2, body[2]), (2, body[3]), (2, body[4])]
    page2 = [line.text for line in got.lines if line.page == 2 and line.cells is None]
    assert page2 == ["Referat – Økonomiudvalget", "Beslutning: Indstillingen blev godkendt.", "Side 2 af 2"]


@pytest.mark.parametrize("fast", [True, False])
def test_unruled_table_columns_are_separable_by_spans(rendered, fast):
    path, layout = rendered["unruled"]
    got = extract(path, fast=fast)
    assert all(line.cells is None for line in got.lines)  # no rules: no cells
    texts = [line.text for line in got.lines]
    assert texts == [
        "Referat – Økonomiudvalget",
        "Referat",
        "3. Budgetopfølgning",
        "Udvalget fik forelagt forbruget pr. område (mio. kr.):",
        "Område Budget Forbrug",
        "Ældre og sundhed 412,5 398,0",
        "Børn og unge 287,1 290,4",
        "Kultur og fritid 31,0 27,9",
        "Beslutning: Taget til efterretning.",
        "Side 1 af 1",
    ]
    (lefts,) = layout.table_columns
    assert lefts == [gen.MARGIN, gen.MARGIN + 200, gen.MARGIN + 280]
    rights = [left + width for left, width in zip(lefts, gen.UNRULED_WIDTHS)]

    def columns(line):
        """The words of a line put back into the table's columns by their x position alone."""
        cols = [[] for _ in lefts]
        for x0, x1, word in line.spans:
            k = max(i for i, left in enumerate(lefts) if x0 >= left)
            assert x1 <= rights[k], (word, x1, rights[k])  # a word never crosses into the next column
            cols[k].append(word)
        return tuple(" ".join(words) for words in cols)

    table = got.lines[4:8]
    assert [columns(line) for line in table] == [
        ("Område", "Budget", "Forbrug"),
        ("Ældre og sundhed", "412,5", "398,0"),
        ("Børn og unge", "287,1", "290,4"),
        ("Kultur og fritid", "31,0", "27,9"),
    ]
    for line in table:
        *names, budget, spent = line.spans
        assert budget[0] > names[-1][1] + 100  # the numbers column starts well right of the names
        assert spent[0] > budget[1] + 30
        # right-aligned numbers end at their column's right edge less fpdf2's cell margin
        assert budget[1] == pytest.approx(rights[1] - 2.83, abs=0.6)
        assert spent[1] == pytest.approx(rights[2] - 2.83, abs=0.6)
        assert names[0][0] == pytest.approx(lefts[0] + 2.83, abs=0.6)


def test_running_header_and_side_n_af_m_footer(rendered):
    """fpdf2's furniture: 'Referat – Økonomiudvalget' opens and 'Side N af 3' closes each page.

    Neither shape is one the clean-up names: they go because they repeat at the edge of every page.
    """
    path, layout = rendered["long"]
    got = extract(path)
    assert got.page_count == layout.pages == 3
    for page in (1, 2, 3):
        lines = [line for line in got.lines if line.page == page]
        assert lines[0].text == "Referat – Økonomiudvalget"
        assert lines[-1].text == f"Side {page} af 3"
        x0, x1, _ = lines[-1].spans[-1]
        assert x1 == pytest.approx(gen.PAGE_W - gen.MARGIN - 2.83, abs=0.6)  # bottom right
        assert lines[0].spans[0][0] == pytest.approx(gen.MARGIN + 2.83, abs=0.6)  # top left
    cleaned = [line.text for line in clean_lines(got.lines)]
    assert cleaned.count("Referat – Økonomiudvalget") == 1  # the first stays (a repeated table header must)
    assert [t for t in cleaned if t.startswith("Side ")] == []


def test_rendering_is_deterministic(tmp_path):
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    gen.render(gen.minutes_unruled(), a)
    gen.render(gen.minutes_unruled(), b)
    assert a.read_bytes() == b.read_bytes()


def test_text_outside_windows_1252_is_refused(tmp_path):
    from fpdf.errors import FPDFUnicodeEncodingException

    with pytest.raises(FPDFUnicodeEncodingException):
        gen.render([gen.Paragraph("Ω er ikke i Windows-1252")], tmp_path / "x.pdf")
