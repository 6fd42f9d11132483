"""PDF to raw lines with their page: pdfium for plain text pages, pdfplumber where tables are.

pdfplumber gives the table structure we need (`find_tables` on ruled lines) but is slow:
its pure-Python layout runs at ~10-20 pages/s. pdfium (C, shipped with pdfplumber as
pypdfium2) reads a page's text layer in about a millisecond. So, in the default fast mode,
pdfium reads every page's text; only a page whose drawings could form a grid (enough path
segments) is shown to pdfplumber, as a copy stripped of its text, so `find_tables` parses a
few lines instead of thousands of characters; the cell texts then come from pdfium again.
`fast=False` reads every page with pdfplumber alone; both give the same lines (tested on
the generated corpus).

Each row of a ruled table becomes one `Line` whose `cells` holds the cleaned cell texts and
whose `text` is the cells joined by a tab, placed where the table stands on the page. Text
is raw: running headers, footers, TOC and hyphenation are the clean-up's business.

Every text line (not table rows) also carries `spans`: (x0, x1, word) for each word, left to
right, in points from the page's left edge, so columns aligned by position only (unruled
tables) can be separated downstream. pdfium gives them from the loose box of each word's
first and last character (two lookups per word, no per-character pass); pdfplumber from the
characters of its text lines. The two agree to a fraction of a point, not exactly, which is
why `Line` equality leaves `spans` out. `" ".join(word for *_, word in spans) == text`.

Bad files never crash or hang the load: they raise `ExtractionError` with a code and a reason.
"""

from __future__ import annotations

import ctypes
import io
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.extract import errors
from pipeline.extract.errors import ExtractionError
from pipeline.models import Line

# Ruled tables only: cells are bounded by drawn lines or rectangle edges, never guessed from
# text alignment (that would turn every indented paragraph into a "table").
TABLE_SETTINGS = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
    "edge_min_length": 3,
}
MIN_TABLE_SEGMENTS = 8        # fewer path segments than a 2-cell grid: a rule or a box, not a table
MAX_TABLE_SEGMENTS = 20_000   # a vector drawing, not a table: keep pdfplumber away (it would crawl)
MAX_BYTES = 512 * 1024 * 1024
LINE_Y_TOLERANCE = 3.0        # pdfplumber's default y_tolerance: same line if tops differ less
PDF_MAGIC = b"%PDF-"
EOF_MARK = b"%%EOF"

# pdfium is not thread-safe; the pdfium phase is short, so one lock is enough.
_PDFIUM_LOCK = threading.Lock()
# pdfium marks a hyphen it believes ends a line with U+FFFE (older builds: U+0002) and drops the
# line break after it; we restore both so lines match pdfplumber's.
_LINE_SPLIT = re.compile(r"[^\r\n\ufffe\x02]+[\ufffe\x02]?")
_WORD = re.compile(r"\S+")

Span = tuple[float, float, str]  # x0, x1, word
Spans = tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Row:
    """One line of a page before it is numbered: text, cells (table rows), word spans (text lines).

    As for `Line`, equality leaves `spans` out: pdfium and pdfplumber read the same rows.
    """

    text: str
    cells: tuple[str, ...] | None = None
    spans: Spans | None = field(default=None, compare=False)


Rows = list[Row]  # one page, in reading order


@dataclass(frozen=True, slots=True)
class RawPdf:
    """What a PDF gives before clean-up: its page count and its raw lines in reading order."""

    page_count: int
    lines: list[Line]


def extract_pdf(path: Path, *, max_pages: int = 2000, fast: bool = True, max_bytes: int = MAX_BYTES) -> RawPdf:
    """Raw lines of the PDF at `path`, with pages; table rows carry their cells.

    Raises `ExtractionError` for files that cannot be loaded: empty, not a PDF, truncated or
    corrupt, encrypted, too large, too many pages, or no text layer (scanned: needs OCR).
    """
    data = _read_checked(Path(path), max_bytes)
    with _PDFIUM_LOCK:
        page_count, pdfium_pages, table_pages = _pdfium_pass(data, max_pages, fast)
    plumber_pages = _plumber_pass(data, table_pages) if table_pages else {}

    lines: list[Line] = []
    for page_no in range(1, page_count + 1):
        rows = plumber_pages.get(page_no) or pdfium_pages.get(page_no) or []
        for row in rows:
            lines.append(Line(row.text, page_no, len(lines) + 1, row.cells, row.spans))
    if not lines:
        with _PDFIUM_LOCK:
            has_images = _has_images(data)
        if has_images:
            raise ExtractionError(errors.NEEDS_OCR, "no text layer; needs OCR (scanned pages, images only)")
        raise ExtractionError(errors.EMPTY, f"PDF has {page_count} page(s) but no text and no images")
    return RawPdf(page_count, lines)


# ---------------------------------------------------------------- checks before parsing

def _read_checked(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, once they look like a whole PDF (cheap checks before any parser runs)."""
    size = path.stat().st_size
    if size == 0:
        raise ExtractionError(errors.EMPTY, "empty file (0 bytes)")
    if size > max_bytes:
        raise ExtractionError(errors.TOO_LARGE, f"file is {size:,} bytes; the limit is {max_bytes:,}")
    data = path.read_bytes()
    if PDF_MAGIC not in data[:1024]:
        kind = "HTML" if re.search(rb"<\s*(!doctype|html)", data[:1024], re.I) else "no %PDF- header"
        raise ExtractionError(errors.NOT_PDF, f"not a PDF ({kind}): {data[:16]!r}")
    if EOF_MARK not in data[-4096:]:
        raise ExtractionError(errors.CORRUPT, f"truncated PDF: no %%EOF marker at the end ({size:,} bytes)")
    return data


def _open_pdfium(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        # pdfium's error code is its last one, which an empty page tree does not set: test for that first
        if re.search(rb"/Count\s+0\b", data) and not re.search(rb"/Type\s*/Page(?!s)", data):
            raise ExtractionError(errors.EMPTY, "PDF with no pages (its page tree is empty)") from exc
        if exc.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            raise ExtractionError(errors.ENCRYPTED, "password-protected PDF: cannot read without the password") from exc
        if exc.err_code == pdfium_c.FPDF_ERR_SECURITY:
            raise ExtractionError(errors.ENCRYPTED, "encrypted PDF with an unsupported security handler") from exc
        raise ExtractionError(errors.CORRUPT, f"corrupt PDF: {exc}") from exc


# ---------------------------------------------------------------- pdfium: fast text, table detection

def _pdfium_pass(data: bytes, max_pages: int, fast: bool) -> tuple[int, dict[int, Rows], list[int]]:
    """Page count, lines of the pages pdfium reads (fast mode), and the pages left to pdfplumber."""
    pdf = _open_pdfium(data)
    try:
        page_count = len(pdf)
        if page_count > max_pages:
            raise ExtractionError(errors.TOO_MANY_PAGES, f"{page_count} pages; the limit is {max_pages}")
        if not fast:
            return page_count, {}, list(range(1, page_count + 1))
        texts: dict[int, Rows] = {}
        plumber_pages: list[int] = []
        for index in range(page_count):
            page = pdf[index]
            try:
                rows = fast_page_lines(pdf, index, page)
            finally:
                page.close()
            if rows is None:
                plumber_pages.append(index + 1)
            else:
                texts[index + 1] = rows
        return page_count, texts, plumber_pages
    except pdfium.PdfiumError as exc:
        raise ExtractionError(errors.CORRUPT, f"corrupt PDF: {exc}") from exc
    finally:
        pdf.close()


def fast_page_lines(pdf: pdfium.PdfDocument, index: int, page: pdfium.PdfPage) -> Rows | None:
    """One page's lines and table rows, read by pdfium; pdfplumber only finds the grid.

    None when the page needs pdfplumber as a whole: a rotated page, or a page whose media box
    is offset and may hold a table (mapping pdfplumber's boxes onto pdfium's coordinates is
    only exact for the plain case, which is every page we have seen).
    The media box is the one pdfplumber saw on the page's copy: a page may inherit it from
    /Pages (fpdf2 and FPDF write it there), and pdfium's own getter then answers US Letter.
    """
    if page.get_rotation():  # pdfium's boxes are unrotated: its top-to-bottom order would be wrong
        return None
    tables: list[TableGrid] = []
    if _may_have_ruled_table(page):
        own = page.get_mediabox(fallback_ok=False)  # None when inherited
        if own is not None and (own[0] or own[1]):
            return None
        tables, (left, bottom, _, top) = _find_grids(pdf, index)
        if left or bottom:
            return None
    textpage = page.get_textpage()
    try:
        pieces = _pdfium_pieces(textpage)
        if not tables:
            return [Row(text, None, spans) for text, _, spans in _group_by_height(pieces)]
        height = top
        boxes = [(t.bbox[0], height - t.bbox[3], t.bbox[2], height - t.bbox[1]) for t in tables]
        outside = [p for p in pieces if not any(x0 <= p[1] <= x1 and y0 <= p[3] <= y1 for x0, y0, x1, y1 in boxes)]
        items: list[tuple[float, str, tuple[str, ...] | None, Spans | None]] = [
            (y, text, None, spans) for text, y, spans in _group_by_height(outside)
        ]
        for table in tables:
            for row_box, cell_boxes in table.rows:
                cells = tuple(_cell_text(textpage, box, height) for box in cell_boxes)
                if any(cells):
                    items.append((row_box[1] - height, "\t".join(cells), cells, None))
        items.sort(key=lambda item: item[0])
        return [Row(text, cells, spans) for _, text, cells, spans in items]
    finally:
        textpage.close()


Box = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class TableGrid:
    """A table's boxes as pdfplumber found them (x0, top, x1, bottom: y counts from the top).

    Each row is its box and its cell boxes (None where a merged cell covers the position).
    """

    bbox: Box
    rows: tuple[tuple[Box, tuple[Box | None, ...]], ...]

    @classmethod
    def of(cls, table) -> "TableGrid":
        return cls(tuple(table.bbox), tuple((tuple(r.bbox), tuple(r.cells)) for r in table.rows))


def _cell_text(textpage: pdfium.PdfTextPage, box: Box | None, height: float) -> str:
    """pdfium's text inside one cell box (pdfplumber coordinates turned into PDF ones)."""
    if box is None:
        return ""
    x0, top, x1, bottom = box
    text = textpage.get_text_bounded(x0, height - bottom, x1, height - top)
    return clean_cell(text.replace("\ufffe", "- ").replace("\x02", "- "))


def _find_grids(pdf: pdfium.PdfDocument, index: int) -> tuple[list[TableGrid], Box]:
    """pdfplumber's `find_tables` on a copy of the page stripped of text and images, and the
    copy's media box (PDF coordinates), which the grid's boxes are measured against.

    pdfplumber's cost is its per-character layout; the grid needs only the drawn lines, so a
    page without text parses in milliseconds instead of a tenth of a second. The copy carries
    the media box explicitly even when the original inherits it (pdfium copies inherited keys).
    """
    single = pdfium.PdfDocument.new()
    try:
        single.import_pages(pdf, [index])
        page = single[0]
        try:
            mediabox = tuple(page.get_mediabox())
            for obj in list(page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_TEXT, pdfium_c.FPDF_PAGEOBJ_IMAGE),
                                             max_depth=1)):
                page.remove_obj(obj)
                obj.close()
            page.gen_content()
        finally:
            page.close()
        buf = io.BytesIO()
        single.save(buf)
    finally:
        single.close()
    try:
        with pdfplumber.open(io.BytesIO(buf.getvalue())) as grid_pdf:
            grids = [TableGrid.of(t) for t in grid_pdf.pages[0].find_tables(TABLE_SETTINGS) if _is_data_table(t)]
            return grids, mediabox
    except Exception as exc:  # pdfminer raises many unrelated types on malformed input
        raise ExtractionError(errors.CORRUPT, f"corrupt PDF (page {index + 1} drawings: {exc})") from exc


def _may_have_ruled_table(page: pdfium.PdfPage) -> bool:
    """Enough drawn line work for a grid? Counting path segments costs microseconds;
    pdfplumber's `find_tables` costs far more, so only pay it when it can pay off."""
    segments = 0
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,)):
        segments += max(pdfium_c.FPDFPath_CountSegments(obj), 0)
        if segments > MAX_TABLE_SEGMENTS:
            return False
    return segments >= MIN_TABLE_SEGMENTS


Piece = tuple[float, float, str, float, Spans]


def _pdfium_pieces(textpage: pdfium.PdfTextPage) -> list[Piece]:
    """pdfium's lines as (minus top y, left x, text, middle y, word spans), placed by their
    first character.

    pdfium follows the content stream, which need not run top to bottom (a footer may be
    drawn first), so the caller sorts by position as pdfplumber does.
    """
    text = textpage.get_text_range()
    raw_page = textpage.raw
    rect, origin = pdfium_c.FS_RECTF(), ctypes.c_double()
    same_index = len(text) == textpage.count_chars() and (
        not text or pdfium_c.FPDFText_GetCharIndexFromTextIndex(raw_page, len(text) - 1) == len(text) - 1)
    pieces: list[Piece] = []
    for m in _LINE_SPLIT.finditer(text):
        raw = m.group()
        clean = " ".join(raw.replace("\ufffe", "-").replace("\x02", "-").split())
        if not clean:
            continue
        first = m.start() + len(raw) - len(raw.lstrip())
        char_index = pdfium_c.FPDFText_GetCharIndexFromTextIndex(textpage, first)
        try:
            left, bottom, _, top = textpage.get_charbox(char_index, loose=True)
        except pdfium.PdfiumError:  # no box: keep it after the piece before it
            left, bottom, top = 0.0, 0.0, -pieces[-1][0] if pieces else 0.0
        spans = _word_spans(raw_page, rect, origin, raw, m.start(), same_index)
        pieces.append((-top, left, clean, (top + bottom) / 2, spans))
    return pieces


def _word_spans(raw_page, rect, origin, raw: str, offset: int, same_index: bool) -> Spans:
    """(x0, x1, word) of each word of one pdfium line: its first character's origin (where
    pdfplumber puts x0 too), the right edge of its last character's loose box.

    Two C calls a word, none per character; no rounding (it would cost a fifth of the time).
    `same_index`: the page's text and character indices are the same (the page text is as
    long as its character list), so no index mapping. A word pdfium cannot place is left out.
    """
    spans: list[Span] = []
    y, box = ctypes.c_double(), ctypes.byref(rect)
    char_origin, loose_box = pdfium_c.FPDFText_GetCharOrigin, pdfium_c.FPDFText_GetLooseCharBox
    for w in _WORD.finditer(raw):
        first, last = offset + w.start(), offset + w.end() - 1
        if not same_index:
            first = pdfium_c.FPDFText_GetCharIndexFromTextIndex(raw_page, first)
            last = pdfium_c.FPDFText_GetCharIndexFromTextIndex(raw_page, last)
            if first < 0 or last < 0:
                continue
        if not char_origin(raw_page, first, origin, y) or not loose_box(raw_page, last, box):
            continue
        word = w.group()
        if "\ufffe" in word or "\x02" in word:
            word = word.replace("\ufffe", "-").replace("\x02", "-")
        x0 = origin.value
        spans.append((x0, max(rect.right, x0), word))
    return tuple(spans)


def _group_by_height(pieces: list[Piece]) -> list[tuple[str, float, Spans]]:
    """Pieces clustered into lines as pdfplumber clusters words: (text, minus top y, spans)."""
    lines: list[tuple[str, float, Spans]] = []
    group: list[Piece] = []

    def close() -> None:
        ordered = sorted(group, key=lambda p: p[1])
        lines.append((" ".join(p[2] for p in ordered), group[0][0], tuple(s for p in ordered for s in p[4])))

    for piece in sorted(pieces, key=lambda p: p[0]):
        if group and piece[0] - group[-1][0] > LINE_Y_TOLERANCE:
            close()
            group = []
        group.append(piece)
    if group:
        close()
    return lines


def _has_images(data: bytes) -> bool:
    pdf = pdfium.PdfDocument(data)
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                if next(page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,)), None) is not None:
                    return True
            finally:
                page.close()
        return False
    finally:
        pdf.close()


# ---------------------------------------------------------------- pdfplumber: ruled tables

def _plumber_pass(data: bytes, page_numbers: list[int]) -> dict[int, Rows]:
    """Lines and table rows of the given pages, read by pdfplumber (the PDF is opened once)."""
    out: dict[int, Rows] = {}
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page_no in page_numbers:
                page = pdf.pages[page_no - 1]
                try:
                    out[page_no] = plumber_page_lines(page)
                finally:
                    page.close()
    except ExtractionError:
        raise
    except Exception as exc:  # pdfminer raises many unrelated types on malformed input
        raise ExtractionError(errors.CORRUPT, f"corrupt PDF (pdfplumber: {type(exc).__name__}: {exc})") from exc
    return out


def plumber_page_lines(page) -> Rows:
    """One page's text lines and table rows, ordered by their height on the page."""
    tables = [t for t in page.find_tables(TABLE_SETTINGS) if _is_data_table(t)]
    boxes = [t.bbox for t in tables]

    def outside_tables(obj) -> bool:
        if obj.get("object_type") != "char" or not boxes:
            return True
        x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    text_page = page.filter(outside_tables) if boxes else page
    items: list[tuple[float, float, str, tuple[str, ...] | None, Spans | None]] = []
    for line in text_page.extract_text_lines(strip=True, return_chars=True):
        text = " ".join(line["text"].split())
        if text:
            items.append((line["top"], line["x0"], text, None, plumber_spans(line["text"], line["chars"])))
    for table in tables:
        for row, values in zip(table.rows, table.extract()):
            cells = tuple(clean_cell(v) for v in values)
            if any(cells):
                items.append((row.bbox[1], row.bbox[0], "\t".join(cells), cells, None))
    items.sort(key=lambda item: (item[0], item[1]))
    return [Row(text, cells, spans) for _, _, text, cells, spans in items]


def plumber_spans(text: str, chars: list[dict]) -> Spans:
    """(x0, x1, word) for the words of one pdfplumber text line.

    The line's text has the spaces pdfplumber put between words; its chars are the glyphs
    without them, in the same order. Walking both, a space in the text starts a new word.
    """
    spans: list[list] = []
    pos, n = 0, len(text)
    for char in chars:
        glyph = char["text"]
        if not glyph or glyph.isspace():
            continue
        gap = False
        while pos < n and text[pos].isspace():
            pos, gap = pos + 1, True
        if text.startswith(glyph, pos):
            pos += len(glyph)
        if gap or not spans:
            spans.append([char["x0"], char["x1"], glyph])
        else:
            span = spans[-1]
            span[1], span[2] = max(span[1], char["x1"]), span[2] + glyph
    return tuple((x0, x1, word) for x0, x1, word in spans)


def _is_data_table(table) -> bool:
    """A grid with at least two columns; a single framed box is text in a frame, not a table."""
    return max((len(row.cells) for row in table.rows), default=0) >= 2


def clean_cell(value: str | None) -> str:
    """A table cell as one line of text: None (merged cell) is '', inner line breaks are spaces."""
    return " ".join((value or "").split())
