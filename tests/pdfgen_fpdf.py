"""A second, independent PDF generator for tests: fpdf2 instead of reportlab (tests/pdfgen.py).

Different producer, different font, different page furniture, so the extractor is not only
ever tested on what one library writes:

- font: the PDF core font Times (fpdf2 ships its metrics; nothing to install or embed), with
  fpdf2's `core_fonts_encoding` set to Windows-1252, so the page uses /WinAnsiEncoding and
  Danish æøå ÆØÅ, '–', '•' and curly quotes render and extract. (reportlab's pages use the
  embedded TrueType Vera.) Text outside Windows-1252 cannot be drawn in a core font: `render`
  raises fpdf2's FPDFUnicodeEncodingException for it.
- running header 'Referat – Økonomiudvalget' top left, footer 'Side N af M' bottom right
  (reportlab's are 'KKR X | dd-mm-yyyy' and 'SIDE | N').
- blocks: `Heading`, `Paragraph`, `Bullets` and `Table`, ruled (every cell framed) or unruled
  (no lines at all: columns are aligned by x only). A table breaks across pages when it does
  not fit, or where `page_break_after` says, repeating its header rows.

Units are PDF points (1/72 in), so x positions given here are the ones extraction reports.

Usable as a script: `python tests/pdfgen_fpdf.py OUT_DIR` writes the sample documents.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import fpdf
from fpdf import FPDF
from fpdf.enums import XPos, YPos

PAGE_W, PAGE_H = 595.28, 841.89  # A4
MARGIN = 60.0
FRAME_W = PAGE_W - 2 * MARGIN
FONT = "Times"
SIZE, LEADING = 11.0, 14.0
HEADING_SIZES = {1: 16.0, 2: 13.0, 3: 11.5}
CELL_SIZE, CELL_LEADING, CELL_PAD = 10.0, 12.0, 3.0
BULLET, BULLET_INDENT = "•", 14.0
RUNNING_HEADER = "Referat – Økonomiudvalget"
HEADER_Y, FOOTER_Y = 30.0, PAGE_H - 40.0  # top of the header line, top of the footer line
FIXED_DATE = datetime(2025, 3, 4, 12, 0, tzinfo=timezone.utc)  # same input, same bytes


@dataclass
class Heading:
    text: str
    level: int = 1


@dataclass
class Paragraph:
    text: str


@dataclass
class Bullets:
    items: list[str]


@dataclass
class Table:
    """Rows of cell texts; '\\n' in a cell is a line break inside the cell.

    `widths` are column widths in points (default: the frame width shared equally);
    `align` is 'L' or 'R' per column (default all 'L'). `header_rows` leading rows are
    repeated at the top of a page the table continues on. `page_break_after`: start a new
    page after this many rows below the header (None: break only where a row does not fit).
    """

    rows: list[list[str]]
    ruled: bool = True
    widths: list[float] | None = None
    align: list[str] | None = None
    header_rows: int = 1
    page_break_after: int | None = None
    bold_header: bool = True


Block = Heading | Paragraph | Bullets | Table


@dataclass
class Layout:
    """Where a rendering put things (for tests that check positions): per table, the x of
    each column's left edge, and the pages the table stands on."""

    pages: int = 0
    table_columns: list[list[float]] = field(default_factory=list)
    table_pages: list[list[int]] = field(default_factory=list)


class _Doc(FPDF):
    def __init__(self, header_text: str, total_pages: int | None):
        super().__init__(orientation="P", unit="pt", format="A4")
        self.core_fonts_encoding = "windows-1252"
        self.header_text = header_text
        self.total_pages = total_pages
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=MARGIN)
        self.set_creation_date(FIXED_DATE)
        self.set_creator("tests/pdfgen_fpdf.py")
        self.set_producer(f"fpdf2 {fpdf.__version__}")

    def header(self) -> None:
        self.set_font(FONT, "", 9)
        self.set_xy(MARGIN, HEADER_Y)
        self.cell(FRAME_W / 2, 11, self.header_text, align="L")
        self.set_xy(MARGIN, MARGIN)

    def footer(self) -> None:
        self.set_font(FONT, "", 9)
        self.set_xy(MARGIN, FOOTER_Y)
        total = self.total_pages if self.total_pages is not None else 0
        self.cell(FRAME_W, 11, f"Side {self.page_no()} af {total}", align="R")


def render(blocks: list[Block], path: Path, *, header: str = RUNNING_HEADER) -> Layout:
    """Render `blocks` as an A4 PDF at `path`; returns where tables went.

    Two passes: the first counts the pages, so the footer can say 'Side N af M'.
    """
    first = _render(blocks, header, None)
    doc = _render(blocks, header, first.layout.pages)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.pdf.output(str(path))
    return doc.layout


@dataclass
class _Rendered:
    pdf: _Doc
    layout: Layout


def _render(blocks: list[Block], header: str, total: int | None) -> _Rendered:
    pdf = _Doc(header, total)
    layout = Layout()
    pdf.add_page()
    for block in blocks:
        if isinstance(block, Heading):
            size = HEADING_SIZES.get(block.level, SIZE)
            if pdf.get_y() > MARGIN:
                pdf.ln(size * 0.6)
            pdf.set_font(FONT, "B", size)
            pdf.multi_cell(FRAME_W, size * 1.3, block.text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(2)
        elif isinstance(block, Paragraph):
            pdf.set_font(FONT, "", SIZE)
            pdf.multi_cell(FRAME_W, LEADING, block.text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(LEADING / 2)
        elif isinstance(block, Bullets):
            pdf.set_font(FONT, "", SIZE)
            for item in block.items:
                if pdf.will_page_break(LEADING):
                    pdf.add_page()
                y = pdf.get_y()
                pdf.set_xy(MARGIN, y)
                pdf.cell(BULLET_INDENT, LEADING, BULLET)
                pdf.set_xy(MARGIN + BULLET_INDENT, y)
                pdf.multi_cell(FRAME_W - BULLET_INDENT, LEADING, item, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(LEADING / 2)
        elif isinstance(block, Table):
            _table(pdf, block, layout)
            pdf.ln(LEADING / 2)
        else:
            raise TypeError(f"not a block: {block!r}")
    layout.pages = pdf.page_no()
    return _Rendered(pdf, layout)


def _table(pdf: _Doc, table: Table, layout: Layout) -> None:
    ncols = max(len(r) for r in table.rows)
    widths = table.widths or [FRAME_W / ncols] * ncols
    align = table.align or ["L"] * ncols
    lefts = [MARGIN + sum(widths[:k]) for k in range(ncols)]
    layout.table_columns.append(lefts)
    pages: list[int] = []
    header, body = table.rows[:table.header_rows], table.rows[table.header_rows:]

    def draw_row(row: list[str], bold: bool) -> None:
        pdf.set_font(FONT, "B" if bold else "", CELL_SIZE)
        cells = [str(c).split("\n") for c in row] + [[""]] * (ncols - len(row))
        height = max(len(lines) for lines in cells) * CELL_LEADING + 2 * CELL_PAD
        if pdf.will_page_break(height):
            new_page()
        y = pdf.get_y()
        for k, lines in enumerate(cells):
            if table.ruled:
                pdf.rect(lefts[k], y, widths[k], height)
            for n, text in enumerate(lines):
                pdf.set_xy(lefts[k], y + CELL_PAD + n * CELL_LEADING)
                pdf.cell(widths[k], CELL_LEADING, text, align=align[k])
        pdf.set_xy(MARGIN, y + height)
        if pdf.page_no() not in pages:
            pages.append(pdf.page_no())

    def new_page() -> None:
        pdf.add_page()
        for row in header:
            draw_row(row, table.bold_header)

    for row in header:
        draw_row(row, table.bold_header)
    for n, row in enumerate(body):
        if table.page_break_after is not None and n == table.page_break_after:
            new_page()
        draw_row(row, False)
    layout.table_pages.append(pages)


# ---------------------------------------------------------------- sample documents (invented)

MEMBERS = ["Anna Holm (A)", "Bent Kirk (V), formand", "Cecilie Ravn (F)", "Dorte Ørum (Ø)"]
QUOTAS = [
    ["Kommune", "Kvote\n2025", "Heraf\nbehandlet"],
    ["Egeby", "12", "9"],
    ["Lyngbysted", "7", "7"],
    ["Østerå", "4", "1"],
    ["Åbjerg", "10", "6"],
    ["I alt", "33", "23"],
]
UNRULED_WIDTHS = [200.0, 80.0, 80.0]


def minutes_ruled(split: bool = False) -> list[Block]:
    """Minutes with a ruled figure table (wrapped header cells); `split` breaks the table
    across a page after its second body row."""
    return [
        Heading("Referat"),
        Paragraph("Mødedato: 4. marts 2025 kl. 9.00. Mødested: Mødelokale 3, Rådhuset i Egeby."),
        Heading("Medlemmer", 2),
        Bullets(MEMBERS),
        Paragraph("Fraværende: Erik Sønderby (C)"),
        Heading("1. Godkendelse af dagsorden", 2),
        Paragraph("Sagsnr.: 00.01.00-A00-2-25"),
        Paragraph("Dagsordenen blev godkendt uden bemærkninger."),
        Heading("2. Fordeling af boligkvoter", 2),
        Paragraph("Sagsnr.: 27.12.00-P20-4-24"),
        Paragraph("Kvoterne for 2025 fordeles mellem kommunerne således, idet de behandlede sager "
                  "opgøres pr. 1. marts 2025 på grundlag af kommunernes egne indberetninger."),
        Table(QUOTAS, ruled=True, widths=[200.0, 90.0, 90.0], align=["L", "R", "R"],
              page_break_after=2 if split else None),
        Paragraph("Beslutning: Indstillingen blev godkendt."),
    ]


def minutes_unruled() -> list[Block]:
    """Minutes whose figure table has no lines: a names column and two number columns."""
    return [
        Heading("Referat"),
        Heading("3. Budgetopfølgning", 2),
        Paragraph("Udvalget fik forelagt forbruget pr. område (mio. kr.):"),
        Table([["Område", "Budget", "Forbrug"],
               ["Ældre og sundhed", "412,5", "398,0"],
               ["Børn og unge", "287,1", "290,4"],
               ["Kultur og fritid", "31,0", "27,9"]],
              ruled=False, widths=UNRULED_WIDTHS, align=["L", "R", "R"]),
        Paragraph("Beslutning: Taget til efterretning."),
    ]


def long_minutes() -> list[Block]:
    """Three pages: enough filler for the 'Side N af 3' footer on every page."""
    filler = ("Udvalget drøftede sagen og lagde vægt på, at borgerne i både by og på land får "
              "et ensartet serviceniveau, og at økonomien følges tæt i resten af året. ")
    blocks: list[Block] = [Heading("Referat")]
    for n in range(1, 9):
        blocks += [Heading(f"{n}. Punkt nummer {n}", 2), Paragraph(filler * 4), Paragraph(filler * 3)]
    return blocks


SAMPLES = {"ruled": minutes_ruled, "ruled_split": lambda: minutes_ruled(split=True),
           "unruled": minutes_unruled, "long": long_minutes}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python tests/pdfgen_fpdf.py OUT_DIR", file=sys.stderr)
        return 2
    out = Path(args[0])
    for name, make in SAMPLES.items():
        render(make(), out / f"fpdf_{name}.pdf")
    print(f"wrote {len(SAMPLES)} PDFs to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
