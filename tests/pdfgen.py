"""Render the seed texts in `raw/` as realistic A4 PDFs, so the PDF path can be tested.

The PDF must be the *same document* as its seed text: parsing either should give the same
facts. So every source line starts a new line in the PDF (long ones are word-wrapped, now
and then with a hyphenated word, as real Danish PDFs do), every page gets a running header
and a 'SIDE | N' footer, the TOC gets dot leaders, and the tables in the seeds become real
ruled tables (reportlab `Table` with a grid) that pdfplumber can find.

Usable as a script: `python tests/pdfgen.py OUT_DIR [--copies N]`.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate, Flowable, Frame, KeepTogether, PageTemplate, Paragraph, Spacer, Table, TableStyle,
)

RAW_DIR = Path(__file__).resolve().parents[1] / "raw"

# Bitstream Vera ships inside reportlab itself, so it exists wherever reportlab is installed,
# and it covers æøå ÆØÅ – ” ’ •.
_FONT_DIR = Path(reportlab.__file__).parent / "fonts"
FONT, FONT_BOLD, FONT_ITALIC = "Vera", "VeraBd", "VeraIt"
for _name in (FONT, FONT_BOLD, FONT_ITALIC):
    if _name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(_name, str(_FONT_DIR / f"{_name}.ttf")))

PAGE_W, PAGE_H = A4
MARGIN = 56.0
FRAME_W = PAGE_W - 2 * MARGIN
FONT_SIZE, LEADING = 9.0, 12.0
KEEP_TOGETHER_ROWS = 15  # small tables never split; only the long quota table crosses a page break
CELL_SIZE, CELL_LEADING, CELL_PAD = 8.5, 10.5, 3.5  # row height >= 17.5 pt: the 51-row quota table cannot fit one page

# The seed's own copies of running headers/footers (we draw our own on every page).
SEED_FOOTER = re.compile(r"^\s*SIDE\s*\|\s*\d+")
SEED_HEADER = re.compile(r"^\s*(KKR \w+)\s*\|\s*(\d\d-\d\d-\d{4})")
# TOC: 'numbered title<TAB>page' or 'title.....<TAB>page'.
TOC_LINE = re.compile(r"^\s*(?P<title>\d+(?:\.\d+)*\.\s+\S.*?|\S.*?\.{2,})\s*\t\s*(?P<page>\d{1,4})\s*$")
# The three space-separated tables in the seeds.
SEAT_HEADER = re.compile(r"^\s*(KKR \w+)((?: [A-ZÆØÅ])+) (I alt)\s*$")
SEAT_ROW = re.compile(r"^\s*(\D+?)((?:\s+\d+)+)\s*$")
BUDGET_HEADER = re.compile(r"^\s*(Poster)\s+(Pris kr\.)\s*$")
BUDGET_TOTAL = re.compile(r"^\s*I alt\s+[\d.]+\s*$")
AMOUNT_END = re.compile(r"^(.*?)\s*(\d{1,3}(?:\.\d{3})+|\d+)\s*$")
TAG = re.compile(r"<[^>]+>")
# Words that stay glued to the number before them when wrapping ('2,5 mio. kr.').
UNIT_WORDS = {"mio.", "mia.", "kr.", "kr", "pct.", "procent", "mio", "mia", "kr./indbygger", "kr.;"}
VOWELS = set("aeiouyæøåé")
# Characters the font lacks, drawn as what the text clean-up would turn them into anyway.
FALLBACK_CHARS = {"\u0336": "-", "\uf0b7": "•"}
DANISH_MONTHS = {m: i for i, m in enumerate(
    "januar februar marts april maj juni juli august september oktober november december".split(), start=1)}


# ---------------------------------------------------------------- blocks of a seed

@dataclass
class TableBlock:
    rows: list[list[str]]
    header_rows: int = 0            # leading rows that are titles or column headers
    repeat_rows: tuple[int, ...] = ()  # header rows repeated when the table breaks across pages
    italic: set[tuple[int, int]] = field(default_factory=set)


@dataclass
class TocBlock:
    title: str
    page: str


Block = str | None | TableBlock | TocBlock  # str = a text line, None = a blank line


def _cell(raw: str) -> tuple[str, bool]:
    """Plain cell text (HTML tags stripped) and whether the whole cell was italic."""
    raw = raw.strip()
    italic = raw.startswith("<i>") and raw.endswith("</i>")
    return " ".join(TAG.sub("", raw).split()), italic


def _tab_table(lines: list[str]) -> TableBlock:
    width = max(line.count("\t") for line in lines) + 1
    rows, italic = [], set()
    for r, line in enumerate(lines):
        parts = line.split("\t") + [""] * width
        row = []
        for c, part in enumerate(parts[:width]):
            text, it = _cell(part)
            row.append(text)
            if it:
                italic.add((r, c))
        rows.append(row)
    header = 0
    for row in rows:  # titles ('Bilag B') and column headers (empty first cell) lead the table
        if row[0] == "" or not any(row[1:]):
            header += 1
        else:
            break
    repeat = tuple(i for i in range(header) if rows[i][0] == "")
    return TableBlock(rows, header, repeat, italic)


def _seat_table(lines: list[str]) -> TableBlock:
    head = SEAT_HEADER.match(lines[0])
    rows = [[head.group(1), *head.group(2).split(), head.group(3)]]
    for line in lines[1:]:
        m = SEAT_ROW.match(line)
        rows.append([m.group(1).strip(), *m.group(2).split()])
    return TableBlock(rows, header_rows=1, repeat_rows=(0,))


def _budget_table(lines: list[str]) -> TableBlock:
    head = BUDGET_HEADER.match(lines[0])
    rows, label = [[head.group(1), head.group(2)]], []
    for line in lines[1:]:
        m = AMOUNT_END.match(line.strip())
        if m is None:  # a label wrapped over several lines: keep collecting
            label.append(line.strip())
            continue
        label.append(m.group(1))
        rows.append([" ".join(" ".join(label).split()), m.group(2)])
        label = []
    return TableBlock(rows, header_rows=1, repeat_rows=(0,))


def _budget_end(lines: list[str], start: int) -> int | None:
    """Index of the budget table's 'I alt 102.000' line, if it closes within a dozen lines."""
    for j in range(start + 1, min(start + 13, len(lines))):
        if BUDGET_TOTAL.match(lines[j]):
            return j
    return None


def _next_nonblank(lines: list[str], i: int) -> int:
    while i < len(lines) and not lines[i].strip():
        i += 1
    return i


def seed_blocks(text: str) -> list[Block]:
    """The seed cut into text lines, blank lines, TOC lines and table blocks."""
    lines = [ln for ln in text.replace("\r\n", "\n").split("\n")
             if not (SEED_FOOTER.match(ln) or SEED_HEADER.match(ln))]
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if (toc := TOC_LINE.match(line)) is not None:
            blocks.append(TocBlock(re.sub(r"[\s.]+$", "", toc["title"]), toc["page"]))
            i += 1
        elif "\t" in line:
            run = [line]
            i += 1
            while i < len(lines):
                j = _next_nonblank(lines, i)
                same_table = (j < len(lines) and "\t" in lines[j] and not TOC_LINE.match(lines[j])
                              and (j == i or (j == i + 1 and lines[j].count("\t") == run[-1].count("\t"))))
                if not same_table:
                    break
                run.append(lines[j])
                i = j + 1
            blocks.append(_tab_table(run))
        elif SEAT_HEADER.match(line):
            j = i + 1
            while j < len(lines) and SEAT_ROW.match(lines[j]):
                j += 1
            blocks.append(_seat_table(lines[i:j]))
            i = j
        elif BUDGET_HEADER.match(line) and (end := _budget_end(lines, i)) is not None:
            blocks.append(_budget_table([ln for ln in lines[i:end + 1] if ln.strip()]))
            i = end + 1
        else:
            blocks.append(" ".join(line.split()) or None)
            i += 1
    return blocks


def running_header(text: str, fallback: str) -> str:
    """'KKR Nordjylland | 19-04-2024': the seed's own header, else its body and date."""
    if (m := re.search(SEED_HEADER.pattern, text, re.M)) is not None:
        return f"{m.group(1)} | {m.group(2)}"
    head = text[:3000]
    body = None
    if (m := re.search(r"\bK\s?K\s?R\s+([A-ZÆØÅ][A-ZÆØÅa-zæøå ]+?)\s*$", head, re.M)) is not None:
        body = "KKR " + m.group(1).replace(" ", "").capitalize()  # also 'K K R  N O R D J Y L L A N D'
    elif (m := re.search(r"Beslutning i (\w+) den", text)) is not None:
        body = m.group(1)
    elif re.search(r"^\s*NOTAT\s*$", head, re.M):
        body = "Notat"
    date = None
    if (m := re.search(r"\b(\d\d-\d\d-\d{4})\b", text)) is not None:
        date = m.group(1)
    elif (m := re.search(r"\b(\d{1,2})\. (" + "|".join(DANISH_MONTHS) + r") (\d{4})", head)) is not None:
        date = f"{int(m.group(1)):02d}-{DANISH_MONTHS[m.group(2)]:02d}-{m.group(3)}"
    return f"{body or fallback} | {date}" if date else (body or fallback)


# ---------------------------------------------------------------- wrapping

def drawable(text: str) -> str:
    """`text` with every character the font lacks replaced (no blank boxes, no '\\x00' on extraction)."""
    covered = pdfmetrics.getFont(FONT).face.charToGlyph
    missing = {ch for ch in set(text) if ord(ch) not in covered and ch not in "\n\t\r"}
    return text.translate({ord(ch): FALLBACK_CHARS.get(ch, "?") for ch in missing}) if missing else text


def _width(text: str, font: str = FONT, size: float = FONT_SIZE) -> float:
    return pdfmetrics.stringWidth(text, font, size)


def _tokens(text: str) -> list[str]:
    """Words, with units glued to the number before them so '2,5 mio. kr.' never breaks."""
    out: list[str] = []
    for word in text.split():
        if out and word in UNIT_WORDS and (re.search(r"\d", out[-1]) or out[-1].split("\u00a0")[-1] in UNIT_WORDS):
            out[-1] += "\u00a0" + word
        else:
            out.append(word)
    return out


def _hyphen_split(line: str, word: str, limit: float) -> tuple[str, str] | None:
    """Split `word` as 'god-' / 'kendes.' so the head fits on `line`; only inside plain words."""
    core = word.rstrip(".,;:!?)")
    if len(core) < 8 or not core.isalpha():
        return None
    for k in range(len(core) - 3, 2, -1):  # 'god-kendes': split before a consonant + vowel
        head = f"{line} {word[:k]}-" if line else f"{word[:k]}-"
        if (word[k].islower() and word[k].lower() not in VOWELS and word[k + 1].lower() in VOWELS
                and _width(head) <= limit):
            return head, word[k:]
    return None


def wrap(text: str, limit: float = FRAME_W) -> list[str]:
    """Greedy word wrap with occasional hyphenation, like a word processor's output."""
    lines: list[str] = []
    cur = ""
    for token in _tokens(text):
        cand = f"{cur} {token}" if cur else token
        if _width(cand.replace("\u00a0", " ")) <= limit or not cur:
            cur = cand
            continue
        split = _hyphen_split(cur, token, limit) if "\u00a0" not in token else None
        if split:
            lines.append(split[0])
            cur = split[1]
        else:
            lines.append(cur)
            cur = token
    if cur:
        lines.append(cur)
    return [ln.replace("\u00a0", " ") for ln in lines]


# ---------------------------------------------------------------- flowables

class TextLine(Flowable):
    """One already-wrapped line of body text (no markup parsing: cheap and exact)."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def wrap(self, availWidth, availHeight):
        return FRAME_W, LEADING

    def draw(self):
        self.canv.setFont(FONT, FONT_SIZE)
        self.canv.drawString(0, LEADING - FONT_SIZE, self.text)


def toc_line(block: TocBlock) -> TextLine:
    """'Title ........ 33': dot leaders, a space, then the page number near the right margin."""
    room = FRAME_W - _width(f"{block.title}  {block.page}")
    dots = "." * max(4, int(room / _width(".")))
    return TextLine(f"{block.title} {dots} {block.page}")


_CELL = ParagraphStyle("cell", fontName=FONT, fontSize=CELL_SIZE, leading=CELL_LEADING, splitLongWords=0,
                       embeddedHyphenation=0)
_CELL_IT = ParagraphStyle("cell_it", parent=_CELL, fontName=FONT_ITALIC)
_CELL_HEAD = ParagraphStyle("cell_head", parent=_CELL, fontName=FONT_BOLD)


def _col_widths(block: TableBlock) -> list[float]:
    """Wide enough for every data cell and every single word; headers may wrap."""
    ncols = len(block.rows[0])
    widths = [0.0] * ncols
    for r, row in enumerate(block.rows):
        for c, text in enumerate(row):
            if r >= block.header_rows:
                need = _width(text, FONT, CELL_SIZE)
            else:
                need = max((_width(w, FONT_BOLD, CELL_SIZE) for w in text.split()), default=0.0)
            widths[c] = max(widths[c], min(need, 170.0), 24.0)
    widths = [w + 2 * CELL_PAD + 2 for w in widths]
    scale = min(1.0, FRAME_W / sum(widths))
    return [w * scale for w in widths]


def table_flowable(block: TableBlock) -> Table:
    data, spans = [], []
    for r, row in enumerate(block.rows):
        cells = []
        for c, text in enumerate(row):
            style = _CELL_HEAD if r < block.header_rows else (_CELL_IT if (r, c) in block.italic else _CELL)
            cells.append(Paragraph(escape(text), style) if text else "")
        data.append(cells)
        if r < block.header_rows:  # a header cell spans the empty cells after it (merged header)
            c = 0
            while c < len(row):
                end = c
                while row[c] and end + 1 < len(row) and not row[end + 1]:
                    end += 1
                if end > c:
                    spans.append(("SPAN", (c, r), (end, r)))
                c = end + 1
    style = TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
        *(("BACKGROUND", (0, r), (-1, r), colors.HexColor("#E8EEF4")) for r in range(block.header_rows)),
        *spans,
    ])
    return Table(data, colWidths=_col_widths(block), style=style, repeatRows=block.repeat_rows or 0,
                 hAlign="LEFT", spaceBefore=4, spaceAfter=6)


def flowables(blocks: list[Block]) -> list[Flowable]:
    out: list[Flowable] = []
    for block in blocks:
        if block is None:
            out.append(Spacer(1, LEADING / 2))
        elif isinstance(block, str):
            out.extend(TextLine(line) for line in wrap(block))
        elif isinstance(block, TocBlock):
            out.append(toc_line(block))
        elif len(block.rows) <= KEEP_TOGETHER_ROWS:
            out.append(KeepTogether([table_flowable(block)]))
        else:  # long tables run over the page break, repeating their column header
            out.append(table_flowable(block))
    return out


# ---------------------------------------------------------------- documents

COPY_MARK = "kl-pdfgen-copy-{:06d}"


def render_seed_pdf(txt_path: Path, pdf_path: Path, *, copy: int = 0) -> Path:
    """Render one seed text as a PDF at `pdf_path`; `copy` only changes the metadata."""
    txt_path, pdf_path = Path(txt_path), Path(pdf_path)
    text = drawable(txt_path.read_text(encoding="utf-8"))
    header = running_header(text, fallback=txt_path.stem)

    def on_page(canv, doc):
        canv.saveState()
        canv.setFont(FONT, 8)
        canv.drawString(MARGIN, PAGE_H - 36, header)
        canv.restoreState()

    def on_page_end(canv, doc):  # drawn last so the content stream runs top to bottom
        canv.saveState()
        canv.setFont(FONT, 8)
        canv.drawRightString(PAGE_W - MARGIN, 28, f"SIDE | {doc.page}")
        canv.restoreState()

    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    doc = BaseDocTemplate(
        str(pdf_path), pagesize=A4, invariant=1,
        title=next((ln.strip() for ln in text.splitlines() if ln.strip()), txt_path.stem)[:120],
        author="KL", creator="tests/pdfgen.py", subject=COPY_MARK.format(copy),
        leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN,
    )
    frame = Frame(MARGIN, MARGIN, FRAME_W, PAGE_H - 2 * MARGIN, leftPadding=0, rightPadding=0,
                  topPadding=0, bottomPadding=0, id="body")
    doc.addPageTemplates([PageTemplate("page", [frame], onPage=on_page, onPageEnd=on_page_end)])
    doc.build(flowables(seed_blocks(text)))
    return pdf_path


def _copy_with_mark(src: Path, dst: Path, copy: int) -> bool:
    """A byte-identical copy except the metadata mark (same length, so the xref stays valid)."""
    data = src.read_bytes()
    old, new = COPY_MARK.format(0).encode(), COPY_MARK.format(copy).encode()
    if data.count(old) != 1:
        return False
    dst.write_bytes(data.replace(old, new))
    return True


def render_corpus(out_dir: Path, copies: int = 1, seeds: list[Path] | None = None) -> list[Path]:
    """Every seed as a PDF in `out_dir`; with copies > 1, extra copies whose sha256 differs."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for seed in seeds or sorted(RAW_DIR.glob("*.txt")):
        first = render_seed_pdf(seed, out_dir / f"{seed.stem}.pdf")
        paths.append(first)
        for k in range(1, copies):
            dst = out_dir / f"{seed.stem}_copy{k:03d}.pdf"
            if not _copy_with_mark(first, dst, k):
                render_seed_pdf(seed, dst, copy=k)
            paths.append(dst)
    return paths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--copies", type=int, default=1, help="copies of each seed (distinct sha256)")
    args = ap.parse_args(argv)
    paths = render_corpus(args.out_dir, copies=args.copies)
    print(f"wrote {len(paths)} PDFs to {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
