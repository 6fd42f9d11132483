"""Word x positions on PDF lines (`Line.spans`): both readers, the clean-up, equality.

Hand-drawn reportlab pages put words at known x positions, so each span's x0/x1 can be
checked against where the word was drawn and how wide the font makes it.
"""

from __future__ import annotations

from pathlib import Path

import pdfgen
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Table

from pipeline.extract.cleanup import clean_lines
from pipeline.extract.pdf import extract_pdf
from pipeline.models import Line

SIZE = 10
TOLERANCE = 0.6  # points: pdfium and pdfplumber measure glyph advances slightly differently


def _pdf(path: Path, draw) -> Path:
    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    canvas.setFont(pdfgen.FONT, SIZE)
    draw(canvas)
    canvas.showPage()
    canvas.save()
    return path


# name column at x=72, number column right-aligned at x=300: no rules, a table by position only
COLUMNS = [("Egeby", "12"), ("Lyngbysted Kommune", "7"), ("I alt", "1.019")]


def _columns(c):
    c.drawString(72, 780, "Fordeling af pladser")
    for k, (name, value) in enumerate(COLUMNS):
        y = 750 - 14 * k
        c.drawString(72, y, name)
        c.drawRightString(300, y, value)


def _width(text: str) -> float:
    return stringWidth(text, pdfgen.FONT, SIZE)


@pytest.mark.parametrize("fast", [True, False])
def test_spans_place_every_word(tmp_path, fast):
    raw = extract_pdf(_pdf(tmp_path / "cols.pdf", _columns), fast=fast)
    assert [line.text for line in raw.lines] == ["Fordeling af pladser", "Egeby 12", "Lyngbysted Kommune 7", "I alt 1.019"]
    for line in raw.lines:
        assert line.spans is not None and " ".join(word for *_, word in line.spans) == line.text
        assert all(x0 < x1 for x0, x1, _ in line.spans)
        assert [s[0] for s in line.spans] == sorted(s[0] for s in line.spans)  # left to right

    title = raw.lines[0].spans
    expected_x = 72.0
    for (x0, x1, word), drawn in zip(title, "Fordeling af pladser".split()):
        assert word == drawn
        assert x0 == pytest.approx(expected_x, abs=TOLERANCE)
        assert x1 - x0 == pytest.approx(_width(word), abs=TOLERANCE)
        expected_x += _width(word + " ")

    for line, (name, value) in zip(raw.lines[1:], COLUMNS):
        *name_spans, number = line.spans
        assert " ".join(w for *_, w in name_spans) == name
        assert name_spans[0][0] == pytest.approx(72, abs=TOLERANCE)
        assert name_spans[-1][1] == pytest.approx(72 + _width(name), abs=TOLERANCE)
        assert number[2] == value
        assert number[1] == pytest.approx(300, abs=TOLERANCE)  # right-aligned column
        assert number[0] == pytest.approx(300 - _width(value), abs=TOLERANCE)
        assert number[0] > name_spans[-1][1] + 20  # the columns can be told apart


def test_both_readers_agree_on_spans_and_lines_compare_without_them(tmp_path):
    path = _pdf(tmp_path / "cols.pdf", _columns)
    fast, slow = extract_pdf(path), extract_pdf(path, fast=False)
    assert fast == slow  # spans are left out of equality ...
    for a, b in zip(fast.lines, slow.lines):
        assert [w for *_, w in a.spans] == [w for *_, w in b.spans]
        for (a0, a1, _), (b0, b1, _) in zip(a.spans, b.spans):  # ... but agree closely
            assert abs(a0 - b0) <= TOLERANCE and abs(a1 - b1) <= TOLERANCE
    assert Line("x", 1, 1, None, ((1.0, 2.0, "x"),)) == Line("x", 1, 1)
    assert hash(Line("x", 1, 1, None, ((1.0, 2.0, "x"),))) == hash(Line("x", 1, 1))


@pytest.mark.parametrize("fast", [True, False])
def test_table_rows_have_cells_not_spans(tmp_path, fast):
    def draw(c):
        c.drawString(72, 780, "Over tabellen")
        table = Table([["Poster", "Pris kr."], ["Forplejning", "50.000"]],
                      style=[("GRID", (0, 0), (-1, -1), 0.5, "black"), ("FONTNAME", (0, 0), (-1, -1), pdfgen.FONT)])
        _, height = table.wrapOn(c, 400, 400)
        table.drawOn(c, 72, 700 - height)
        c.drawString(72, 500, "Under tabellen")

    raw = extract_pdf(_pdf(tmp_path / "table.pdf", draw), fast=fast)
    assert [(line.text, line.cells, line.spans is None) for line in raw.lines] == [
        ("Over tabellen", None, False),
        ("Poster\tPris kr.", ("Poster", "Pris kr."), True),
        ("Forplejning\t50.000", ("Forplejning", "50.000"), True),
        ("Under tabellen", None, False),
    ]
    assert raw.lines[0].spans[0][0] == pytest.approx(72, abs=TOLERANCE)


def test_cleanup_keeps_spans_with_their_words():
    raw = [
        Line("Det indstilles, at dagsorden god-", 1, 1, None,
             ((72.0, 90.0, "Det"), (92.0, 140.0, "indstilles,"), (142.0, 150.0, "at"), (152.0, 200.0, "dagsorden"),
              (202.0, 220.0, "god-"))),
        Line("kendes. Næste sætning", 1, 2, None, ((72.0, 100.0, "kendes."), (102.0, 130.0, "Næste"), (132.0, 170.0, "sætning"))),
        Line("\uf0b7 Punkt\u00a0et", 1, 3, None, ((72.0, 76.0, "\uf0b7"), (80.0, 120.0, "Punkt\u00a0et"))),
        Line("SIDE | 1", 1, 4, None, ((500.0, 540.0, "SIDE"), (542.0, 544.0, "|"), (546.0, 550.0, "1"))),
        Line("A\tB", 1, 5, ("A", "B")),
    ]
    cleaned = clean_lines(raw)
    assert [(line.text, line.spans) for line in cleaned] == [
        ("Det indstilles, at dagsorden godkendes.",
         ((72.0, 90.0, "Det"), (92.0, 140.0, "indstilles,"), (142.0, 150.0, "at"), (152.0, 200.0, "dagsorden"),
          (202.0, 220.0, "godkendes."))),
        ("Næste sætning", ((102.0, 130.0, "Næste"), (132.0, 170.0, "sætning"))),
        ("• Punkt et", ((72.0, 76.0, "•"), (80.0, 120.0, "Punkt et"))),
        ("A\tB", None),
    ]
    for line in cleaned:
        if line.spans:
            assert " ".join(w for *_, w in line.spans) == line.text


def test_hyphenated_lines_from_a_pdf_keep_their_spans(tmp_path):
    def draw(c):
        c.drawString(72, 700, "Det indstilles, at dagsorden god-")
        c.drawString(72, 686, "kendes. Næste sætning")

    for fast in (True, False):
        cleaned = clean_lines(extract_pdf(_pdf(tmp_path / f"hyph{fast}.pdf", draw), fast=fast).lines)
        assert [line.text for line in cleaned] == ["Det indstilles, at dagsorden godkendes.", "Næste sætning"]
        first, second = cleaned
        assert [w for *_, w in first.spans] == ["Det", "indstilles,", "at", "dagsorden", "godkendes."]
        assert first.spans[-1][0] == pytest.approx(72 + _width("Det indstilles, at dagsorden "), abs=TOLERANCE)
        assert second.spans[0][2] == "Næste"
        assert second.spans[0][0] == pytest.approx(72 + _width("kendes. "), abs=TOLERANCE)
