"""Figure tables of a document, found once: caption, header, data rows, totals, pages, line range.

A table reaches the parsers in many shapes, and every shape gives the same `Table`:
- rows of cells: ruled PDF cells (`Line.cells`), tab-separated text, markdown pipes
  ('| Aalborg | 45 |'), columns aligned with two or more spaces, unruled PDF columns (word positions);
- one row per line as text: 'Odense 335', '- Horsens: 161', '- Odder 73', 'Middelfart 10.' (a
  trailing period; the first entry may be glued to the end of the caption sentence);
- one cell per line: N header labels each on its own line, then rows of N + 1 lines (label, then
  N values), e.g. 'SSH' / 'SSA' / 'PAU' then 'KKR Nord' / '229' / '355' / '71';
- an inline list inside a sentence: 'Morsø 8, Thisted 13 og Læsø -' or, with no separators at all,
  'Morsø 8 Thisted 13 Læsø - Rebild 5'.

The reader knows layout, not meaning: it does not know what a municipality or a programme is.
It does know the words of a stated total ('I alt', 'Total', 'Samlet', 'Hele landet', 'Landstal';
`vocabulary.tables.TOTAL_WORDS`), so totals are kept apart from the data rows. Values are kept as
written ('1.259', '-'); `pipeline.numbers` reads them.

The caption is the text just above the header (looked up across a page break, never above the
agenda item's title); `context` holds the text lines above the table up to the item's title, nearest
first, for the parsers that need the sentence before a list ('Kommunekvoterne for 2016 er:').
`find_tables(doc)` is `Document.tables`, computed once per document, so every parser shares one reading.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache

from pipeline.models import Document, Line
from pipeline.numbers import is_figure, parse_year
from pipeline.vocabulary import tables as V

# Layouts (Table.layout).
CELLS, TABS, PIPES, SPACES, COLUMNS = "cells", "tabs", "pipes", "spaces", "columns"
LINES, BULLETS, ONE_CELL_PER_LINE, INLINE = "lines", "bullets", "one_cell_per_line", "inline"
GRID = frozenset({CELLS, TABS, PIPES, SPACES, COLUMNS})

# Row kinds (Row.kind).
DATA, TOTAL, GROUP, INCOMPLETE = "data", "total", "group", "incomplete"

MAX_HEADER_ROWS = 4
MAX_CAPTION_GAP = 4
MAX_CONTEXT_LINES = 15
MAX_ONE_PER_LINE_VALUES = 12
MAX_LABEL_WORDS = 8
MAX_LABEL_CHARS = 60
MIN_INLINE_PAIRS = 3
COLUMN_GAP_POINTS = 12.0  # a gap this wide between two words of an unruled PDF line is a column break


@dataclass(frozen=True, slots=True)
class Row:
    """One row of a table: its label, its value cells as written, and the line it came from.

    `kind` is 'data', 'total' ('I alt', 'Samlet', 'Hele landet' …), 'group' (a heading inside the
    table, 'Region Østdanmark', no values) or 'incomplete' (a one-cell-per-line label whose values
    never came). `order` is the row's position among all rows of its table.
    """

    label: str
    values: tuple[str, ...]
    line: Line
    index: int  # index of `line` in doc.lines
    kind: str = DATA
    order: int = 0

    @property
    def is_total(self) -> bool:
        return self.kind == TOTAL


@dataclass(frozen=True)
class Table:
    """One table of a document.

    `header` holds the header rows as written (cells, top first); `columns` the header text over
    each value column (header rows joined, a wrapped header cell read as one), '' where none;
    `label_header` the header of the label column ('Kommune'), if any. `rows` are the data rows,
    `totals` the stated totals, `groups` headings inside the table, `incomplete` labels without
    values; `entries()` gives them all in document order. `start`/`end` is the range of
    doc.lines the table took (header and rows; the caption line too when a row is glued to it),
    `first_row` the index of its first row. `context` is (text, index) of the lines above the
    table, nearest first, up to the agenda item's title; `title` that title (None outside items).
    """

    layout: str
    caption: str
    caption_index: int | None
    header: tuple[tuple[str, ...], ...]
    columns: tuple[str, ...]
    label_header: str
    rows: tuple[Row, ...]
    totals: tuple[Row, ...]
    groups: tuple[Row, ...]
    incomplete: tuple[Row, ...]
    context: tuple[tuple[str, int], ...]
    title: str | None
    start: int
    end: int
    first_row: int
    pages: tuple[int, ...]
    item_start: int | None = None  # index of the agenda item's first line (None outside items)

    @property
    def width(self) -> int:
        """How many value columns the table has (the most common value count of its rows)."""
        return len(self.columns)

    def entries(self) -> list[Row]:
        """Data rows, totals, groups and incomplete rows in document order."""
        return sorted(self.rows + self.totals + self.groups + self.incomplete, key=lambda r: r.order)

    def lines(self, doc: Document) -> tuple[Line, ...]:
        return doc.lines[self.start:self.end]

    @property
    def page(self) -> int | None:
        return self.pages[0] if self.pages else None


# ── words ────────────────────────────────────────────────────────────────────────────────

_TAG = re.compile(r"<[^>]+>")
_WRAPPED = re.compile(r"(?<=[a-zæøå])- (?!(?:og|eller|samt|til|and)\b)(?=[a-zæøå])")
_LETTER = "0-9a-zæøåäöüéè"


def normalize(text: str | None) -> str:
    """Lower case, tags and markup gone, one space, dashes unified, wrapped words joined.

    'Social- og sundheds- hjælpere' -> 'social- og sundhedshjælpere'; 'KKR  SYD' -> 'kkr syd'.
    """
    text = text or ""
    return _normalized(text) if len(text) <= CACHED_TEXT_CHARS else _normalize(text)


CACHED_TEXT_CHARS = 4000  # caches keep short texts only: a 600 kB line must not be held hundreds of times


@lru_cache(maxsize=512)  # the same caption and context lines are asked about for every table near them
def _normalized(text: str) -> str:
    return _normalize(text)


def _normalize(text: str) -> str:
    text = unicodedata.normalize("NFC", _TAG.sub(" ", text or ""))
    text = text.replace("\u00a0", " ").replace("\u2013", "-").replace("\u2010", "-").replace("\u2011", "-")
    text = " ".join(text.lower().split())
    return _WRAPPED.sub("", text)


@cache
def _matcher(stems: tuple[str, ...], words: tuple[str, ...]) -> re.Pattern | None:
    parts = [re.escape(w) + rf"(?![{_LETTER}])" for w in sorted(words, key=len, reverse=True)]
    parts += [re.escape(s) for s in sorted(stems, key=len, reverse=True)]
    if not parts:
        return None
    return re.compile(rf"(?<![{_LETTER}])(?:{'|'.join(parts)})")


def find_terms(text: str | None, stems=(), words=()) -> list[str]:
    """The vocabulary terms found in `text`, left to right (stems match word starts, words whole words)."""
    if not text:
        return []
    if len(text) > CACHED_TEXT_CHARS:
        return list(_terms.__wrapped__(tuple(stems), tuple(words), text))
    return list(_terms(tuple(stems), tuple(words), text))


@lru_cache(maxsize=4096)  # parsers ask the same caption or context line about many vocabularies
def _terms(stems: tuple[str, ...], words: tuple[str, ...], text: str) -> tuple[str, ...]:
    pattern = _matcher(stems, words)
    if pattern is None:
        return ()
    return tuple(m.group(0) for m in pattern.finditer(normalize(text)))


def has_term(text: str | None, stems=(), words=()) -> bool:
    return bool(find_terms(text, stems, words))


def lookup_term(text: str | None, stems: dict[str, str] | None = None,
                words: dict[str, str] | None = None) -> str | None:
    """The value of the first (leftmost, longest) term of `stems`/`words` found in `text`."""
    stems, words = stems or {}, words or {}
    found = find_terms(text, tuple(stems), tuple(words))
    if not found:
        return None
    term = found[0]
    return words.get(term, stems.get(term))


def is_total_label(label: str | None) -> bool:
    """'I alt', 'KKR Syddanmark i alt', 'Total', 'Samlet', 'Hele landet', 'Landstal' -> True."""
    text = normalize(label)
    return bool(text) and (has_term(text, words=V.TOTAL_WORDS) or text in V.NATIONAL_WORDS)


# ── one line as a row ────────────────────────────────────────────────────────────────────

_BULLET = re.compile(r"^\s*(?:[-\u2013\u2014•*·▪►]|\d{1,2}[.)](?=\s+[A-ZÆØÅ]))\s+")
_PIPE_SEPARATOR = re.compile(r"^[\s|:+\-]+$")
_MULTI_SPACE = re.compile(r"\S(?: {2,}|\u2003)\S")
_END_PERIOD = re.compile(r"(?<=[\d\-\u2013])\.$")
# The first entry of a 'Name N.' list glued to the end of the caption: '… ministeriet.Middelfart 10.'
_GLUED = re.compile(
    r"^(?P<head>.*[.:!?])\s*(?P<label>[A-ZÆØÅ][^.:!?\d]{0,40}?)\s+"
    r"(?P<value>\d{1,3}(?:\.\d{3})+|\d+|[-\u2013])\.?$"
)


@dataclass(frozen=True, slots=True)
class _Shape:
    """What one line looks like as a table row."""

    layout: str
    cells: tuple[str, ...]  # the cells as written (grid) or (text,)
    filled: tuple[str, ...]  # the cells without the empty ones at either end
    label: str
    values: tuple[str, ...]
    kind: str  # data, years, value, head, label, text, sep, empty

    @property
    def key(self) -> tuple[str, ...]:
        """What two copies of one header row share (a header repeated after a page break)."""
        return tuple(normalize(c) for c in self.filled)


def _clean(text: str | None) -> str:
    return " ".join(_TAG.sub("", text or "").split())


def _filled(cells) -> tuple[str, ...]:
    cells = list(cells)
    while cells and not cells[0]:
        cells.pop(0)
    while cells and not cells[-1]:
        cells.pop()
    return tuple(cells)


def _split_trailing(text: str) -> tuple[str, tuple[str, ...]]:
    """'Supplerende valg 3 1 1' -> ('Supplerende valg', ('3', '1', '1'))."""
    tokens = text.split()
    k = len(tokens)
    while k > 0 and is_figure(tokens[k - 1]):
        k -= 1
    return " ".join(tokens[:k]), tuple(tokens[k:])


def _span_cells(line: Line) -> tuple[str, ...] | None:
    """An unruled PDF line cut into columns where two words stand far apart; None if no such gap."""
    spans = getattr(line, "spans", None)
    if not spans or len(spans) < 2:
        return None
    cells, current, last_end = [], [], None
    for x0, x1, word in spans:
        if last_end is not None and x0 - last_end >= COLUMN_GAP_POINTS:
            cells.append(" ".join(current))
            current = []
        current.append(word)
        last_end = x1
    cells.append(" ".join(current))
    return tuple(cells) if len(cells) > 1 else None


def _raw_cells(line: Line) -> tuple[str, tuple[str, ...]]:
    if line.cells is not None:
        return CELLS, tuple(_clean(c) for c in line.cells)
    text = line.text
    if "\t" in text:
        return TABS, tuple(_clean(c) for c in text.split("\t"))
    stripped = text.strip()
    if stripped.startswith("|") and stripped.count("|") >= 2:
        inner = stripped.strip("|")
        return PIPES, tuple(_clean(c) for c in inner.split("|"))
    if _MULTI_SPACE.search(stripped):
        cells = tuple(_clean(c) for c in re.split(r" {2,}|\u2003", stripped))
        if _aligned(cells):
            return SPACES, cells
    spans = _span_cells(line)
    if spans is not None:
        cells = tuple(_clean(c) for c in spans)
        if _aligned(cells):
            return COLUMNS, cells
    return LINES, (_clean(text),)


def _aligned(cells: tuple[str, ...]) -> bool:
    """Cells of an aligned table are short; a wide gap inside prose ('godt.  Vi') makes no columns."""
    return all(len(c.split()) <= 6 and not re.search(r"[.!?]\s", c) for c in cells)


def _label_ok(label: str, grid: bool) -> bool:
    """A row label: has a letter (or is a year); as a text line also short and not a sentence."""
    if not label:
        return False
    if parse_year(label) is not None:
        return True
    if not re.search(r"[A-Za-zÆØÅæøåÄÖÜäöüÉé]", label):
        return False
    if grid:
        return True
    words = label.split()
    if len(words) > MAX_LABEL_WORDS or len(label) > MAX_LABEL_CHARS:
        return False
    if any(is_figure(w) and not w.startswith(("-", "\u2013")) for w in words[1:]):
        return False  # 'Morsø 8 Thisted 13 Rebild' is an inline list, not one label
    return not re.search(r"[.!?]\s+\S", label)  # two sentences are prose


def _shape(line: Line) -> _Shape:
    layout, cells = _raw_cells(line)
    filled = _filled(cells)
    if layout == PIPES and _PIPE_SEPARATOR.match(line.text):
        return _Shape(layout, cells, (), "", (), "sep")
    if not filled:
        return _Shape(layout, cells, (), "", (), "empty")
    grid = layout in GRID
    if grid and len(filled) > 1:
        k = len(filled)
        while k > 0 and (is_figure(filled[k - 1]) or not filled[k - 1]):
            k -= 1
        label = " ".join(c for c in filled[:k] if c)
        values = tuple(c for c in filled[k:] if c)
        if k == 0 or (k == 1 and not label):
            label = ""
    else:
        text = filled[0]
        bullet = _BULLET.match(text)
        if bullet:
            layout = BULLETS if not grid else layout
            text = text[bullet.end():]
        text = _END_PERIOD.sub("", text.strip())
        label, values = "", ()
        if ":" in text:
            head, _, tail = text.rpartition(":")
            tail_values = tuple(tail.split())
            if tail_values and all(is_figure(v) for v in tail_values):
                label, values = head.strip(), tail_values
        if not values:
            label, values = _split_trailing(text)
        label = label.rstrip(" :").strip()
    if not label and len(values) >= 2 and parse_year(values[0]) is not None \
            and not all(parse_year(v) is not None for v in values):
        label, values = values[0], values[1:]  # '2021  5.751  3.492': the year is the label
    if values:
        if all(parse_year(v) is not None for v in values) and parse_year(label) is None:
            return _Shape(layout, cells, filled, label, values, "years")
        if not label:
            return _Shape(layout, cells, filled, label, values, "value" if len(values) == 1 else "years"
                          if all(parse_year(v) is not None for v in values) else "text")
        if _label_ok(label, grid):
            return _Shape(layout, cells, filled, label, values, "data")
        return _Shape(layout, cells, filled, filled[0] if len(filled) == 1 else label, (), "text")
    if grid and len(filled) > 1:
        return _Shape(layout, cells, filled, label, (), "head")
    text = filled[0]
    if _short(text, MAX_LABEL_WORDS, MAX_LABEL_CHARS) and not text.endswith((".", ",", ";", "!", "?")):
        return _Shape(layout, cells, filled, text, (), "label")
    return _Shape(layout, cells, filled, text, (), "text")


def _short(text: str, words: int, chars: int) -> bool:
    return len(text) <= chars and len(text.split()) <= words


def _value_line(shape: _Shape) -> bool:
    return len(shape.filled) == 1 and not shape.label and len(shape.values) == 1


# ── the reader ───────────────────────────────────────────────────────────────────────────


@dataclass
class _Reader:
    doc: Document
    shapes: list[_Shape]
    item_start: list[int | None]  # per line: index of its item's first line
    item_title: list[str | None]
    item_starts: frozenset[int]
    taken: list[bool] = field(default_factory=list)
    floor: int = 0  # lines before this belong to an earlier table
    order: int = 0

    def lower_bound(self, i: int) -> int:
        start = self.item_start[i]
        return max(self.floor, start + 1 if start is not None else 0)

    def next_order(self) -> int:
        self.order += 1
        return self.order

    def row(self, label: str, values, index: int, kind: str = DATA) -> Row:
        if kind == DATA and is_total_label(label):
            kind = TOTAL
        return Row(label, tuple(values), self.doc.lines[index], index, kind, self.next_order())


def _items(doc: Document, items):
    """The agenda items: as given, else `Document.items` (the document structure's one reading)."""
    if items is not None:
        return items
    if hasattr(type(doc), "items"):
        return doc.items
    from pipeline.parsers.items import find_items

    return find_items(doc)


def find_tables(doc: Document, items=None) -> list[Table]:
    """Every table of `doc`, in document order (cached per document when `items` is not given).

    `items` are the agenda items (objects with `start`, `end`, `title`); by default those of
    `pipeline.parsers.items.find_items`. A table never reaches over an item's title.
    """
    if items is None:
        return list(doc.tables)  # `Document.tables`: found once per document, on first use
    return _find_tables(doc, items)


def read_tables(doc: Document) -> tuple[Table, ...]:
    """The tables of `doc` read afresh (what `Document.tables` caches)."""
    return tuple(_find_tables(doc, None))


def _find_tables(doc: Document, items) -> list[Table]:
    n = len(doc.lines)
    item_start: list[int | None] = [None] * n
    item_title: list[str | None] = [None] * n
    starts = set()
    for item in _items(doc, items):
        starts.add(item.start)
        for k in range(item.start, min(item.end, n)):
            item_start[k] = item.start
            item_title[k] = item.title
    reader = _Reader(doc, [_shape(line) for line in doc.lines], item_start, item_title, frozenset(starts),
                     [False] * n)
    tables: list[Table] = []
    i = 0
    while i < n:
        table = _grid_or_lines(reader, i) or _one_cell_per_line(reader, i)
        if table is not None:
            tables.append(table)
            for k in range(table.start, table.end):
                reader.taken[k] = True
            reader.floor = table.end
            i = table.end
            continue
        inline = _inline(reader, i)
        if inline:
            tables.extend(inline)
            reader.taken[i] = True
            reader.floor = i + 1
        i += 1
    return tables


def _grid_or_lines(r: _Reader, i: int) -> Table | None:
    """A table whose rows are whole lines (cells, tabs, pipes, spaces, 'Name N', bullets)."""
    first = r.shapes[i]
    if first.kind != "data":
        return None
    lo = r.lower_bound(i)
    width = len(first.values)
    grid = first.layout in GRID
    header, group_at = _header_above(r, i, lo)
    hstart = header[0] if header else (group_at if group_at is not None else i)
    entries: list[Row] = []
    glued_caption = None
    if not header and group_at is None and not grid and i - 1 >= lo and r.shapes[i - 1].kind == "text" \
            and r.doc.lines[i - 1].cells is None:
        m = _GLUED.match(r.doc.lines[i - 1].text.strip())
        if m and _label_ok(m["label"].strip(), False):
            glued_caption = m["head"].strip()
            hstart = i - 1
            entries.append(r.row(m["label"].strip(), (m["value"],), i - 1))
    if group_at is not None:
        entries.append(r.row(r.shapes[group_at].label, (), group_at, GROUP))
    header_keys = {r.shapes[h].key for h in header}
    j = i
    n = len(r.shapes)
    while j < n:
        s = r.shapes[j]
        if j != i and j in r.item_starts and s.kind != "data":
            break  # the next item's title (a row that merely looks like a numbered title is kept)
        if s.kind in ("sep", "empty"):
            j += 1
            continue
        if s.kind == "data" and (len(s.values) == width or (grid and s.layout in GRID) or is_total_label(s.label)):
            entries.append(r.row(s.label, s.values, j))
            j += 1
            continue
        if header_keys and s.key in header_keys:
            j += 1  # the header repeated after a page break
            continue
        if entries and _goes_on_after_page_furniture(r, j, entries[-1].index, header_keys, width):
            j += 1  # a running header at the top of the next page, then the table goes on
            continue
        if s.kind == "years" and s.label and len(s.values) == width and s.layout in GRID and len(s.filled) > 1:
            entries.append(r.row(s.label, s.values, j))  # inside a table 'KKR Midt 2020' is a figure
            j += 1
            continue
        if s.kind == "label" and j + 1 < n and r.shapes[j + 1].kind == "data" \
                and len(r.shapes[j + 1].values) == width and j + 1 not in r.item_starts:
            entries.append(r.row(s.label, (), j, GROUP))
            j += 1
            continue
        break
    rows = [e for e in entries if e.kind in (DATA, TOTAL)]
    if not grid and len(rows) < 2 and not header:
        return None
    layout = first.layout if first.layout in GRID else (BULLETS if first.layout == BULLETS else LINES)
    return _build(r, layout, entries, header, hstart, i, j, width, glued_caption)


def _goes_on_after_page_furniture(r: _Reader, j: int, last: int, header_keys: set, width: int) -> bool:
    """Line j opens a new page (a running header, a page number) and the table goes on right after it:
    its header repeated, or a row of the same width."""
    lines = r.doc.lines
    if lines[j].page == lines[last].page or (j > 0 and lines[j - 1].page == lines[j].page and j - 1 != last):
        return False
    for k in (j + 1, j + 2):
        if k >= len(r.shapes) or lines[k].page != lines[j].page:
            return False
        nxt = r.shapes[k]
        if (header_keys and nxt.key in header_keys) or (nxt.kind == "data" and len(nxt.values) == width):
            return True
        if nxt.kind not in ("sep", "empty") and k == j + 1 and not _short(lines[k].text, 6, 60):
            return False
    return False


def _header_above(r: _Reader, i: int, lo: int) -> tuple[list[int], int | None]:
    """Header row indexes above the first row i (top first) and a group heading just above it."""
    k = i - 1
    group = None
    first = r.shapes[i]
    width = len(first.values)
    if first.layout not in GRID and width >= 2 and k >= lo and r.shapes[k].kind == "label" \
            and r.shapes[k].layout == LINES and len(r.shapes[k].label.split()) in (width, width + 1):
        return [k], None  # 'KKR SSH SSA' over 'KKR Sjælland 90 180': one word per column
    if k >= lo and r.shapes[k].kind == "label" and not re.search(r"\d{4}", r.shapes[k].label) \
            and len(r.shapes[k].filled) == 1 and (r.doc.lines[k].cells is None or r.doc.lines[k].cells[0]):
        group = k
        k -= 1
    header: list[int] = []
    ruled = r.shapes[i].layout == CELLS
    while k >= lo and len(header) < MAX_HEADER_ROWS:
        s = r.shapes[k]
        if s.kind == "sep":
            k -= 1
            continue
        # '2027', 'Kommunekvote 2015', '2026 2027' over two columns; not 'Måltal 2033' over two columns
        short_years = s.kind == "years" and _short(s.label, 4, 40) \
            and (s.layout in GRID or len(s.values) == len(r.shapes[i].values))
        if short_years or (s.kind == "head" and s.layout in GRID and (not ruled or s.layout == CELLS)) \
                or (s.layout == CELLS and s.kind in ("label", "value", "head", "text", "years")):
            header.insert(0, k)
            k -= 1
            continue
        break
    if group is not None and not header:
        group = None  # a lone line above the rows is their caption
    return header, group


def _one_cell_per_line(r: _Reader, i: int) -> Table | None:
    """Label, then its values, each on its own line; the header labels on their own lines above."""
    first = r.shapes[i]
    if first.kind != "label" or not first.label[:1].isupper() and not first.label[:1].isdigit():
        return None
    k = _values_after(r, i)
    if not 1 <= k <= MAX_ONE_PER_LINE_VALUES:
        return None
    if all(parse_year(r.shapes[i + 1 + m].values[0]) is not None for m in range(k)):
        return None  # 'Kommune' / '2016' / '2017': a header, the rows follow
    lo = r.lower_bound(i)
    header_idx, labels, label_header = _stacked_header(r, i, lo, k)
    header_keys = [normalize(t) for t in labels]
    entries: list[Row] = []
    n = len(r.shapes)
    j = i
    while j < n:
        s = r.shapes[j]
        label = _stacked_label(s)
        if label is None:
            break
        m = _values_after(r, j)
        if j != i and j in r.item_starts and m != k:
            break  # the next item's title
        if m > 0:
            entries.append(r.row(label, [r.shapes[j + 1 + q].values[0] for q in range(m)], j))
            j += 1 + m
            continue
        if header_keys and [s2.key[0] if s2.key else "" for s2 in r.shapes[j:j + len(header_keys)]] == header_keys:
            j += len(header_keys)  # the header repeated after a page break
            continue
        if j + 1 < n and _stacked_label(r.shapes[j + 1]) is not None and _values_after(r, j + 1) == k \
                and j + 1 not in r.item_starts:
            entries.append(r.row(label, (), j, GROUP))
            j += 1
            continue
        if any(e.kind in (DATA, TOTAL) for e in entries) and label[:1].isupper():
            entries.append(r.row(label, (), j, INCOMPLETE))
            j += 1
        break
    rows = [e for e in entries if e.kind in (DATA, TOTAL)]
    if not rows or (len(rows) < 2 and not labels):
        return None
    hstart = header_idx[0] if header_idx else i
    header_rows = tuple((t,) for t in labels)
    return _build(r, ONE_CELL_PER_LINE, entries, [], hstart, i, j, k, None,
                  columns=tuple(labels) if labels else None, header_rows=header_rows, label_header=label_header)


def _stacked_label(shape: _Shape) -> str | None:
    """The label of a one-cell-per-line row ('KKR Nord', 'KKR Syddanmark   i alt'), else None."""
    if shape.kind == "label":
        return shape.label
    if shape.kind == "head" and shape.layout in (SPACES, COLUMNS):
        text = " ".join(shape.filled)
        if _short(text, MAX_LABEL_WORDS, MAX_LABEL_CHARS):
            return text
    return None


def _values_after(r: _Reader, i: int) -> int:
    """How many value lines follow line i (one cell each), not crossing an item's title."""
    m = 0
    n = len(r.shapes)
    while i + 1 + m < n and m <= MAX_ONE_PER_LINE_VALUES and _value_line(r.shapes[i + 1 + m]):
        m += 1  # a lone figure is never an item's title, whatever an item finder says
    return m


def _stacked_header(r: _Reader, i: int, lo: int, k: int) -> tuple[list[int], list[str], str]:
    """The k header labels above row i, each on its own line (a wrapped label joined): indexes, texts, label header."""
    cand: list[int] = []
    j = i - 1
    while j >= lo and len(cand) < 2 * k + 1:
        s = r.shapes[j]
        if s.kind in ("label", "years", "value") and len(s.filled) == 1 and _short(s.filled[0], 5, 40) \
                and not s.filled[0].endswith((":", ".")):
            cand.insert(0, j)
            j -= 1
            continue
        break
    texts = [r.shapes[c].filled[0] for c in cand]
    merged: list[tuple[list[int], str]] = []
    for c, text in zip(cand, texts):
        if merged and (merged[-1][1].endswith(("-", " og", " eller", ",")) or text[:1].islower()):
            merged[-1] = (merged[-1][0] + [c], merged[-1][1] + ("" if merged[-1][1].endswith("-") else " ") + text)
        else:
            merged.append(([c], text))
    if len(merged) < k:
        return [], [], ""
    header = merged[-k:]
    label_header = ""
    rest = merged[:-k]
    idx = [c for part, _ in header for c in part]
    if rest and len(rest[-1][1].split()) == 1 and not re.search(r"\d", rest[-1][1]):
        label_header = rest[-1][1]
        idx = rest[-1][0] + idx
    return idx, [t for _, t in header], label_header


# An inline pair 'Morsø 8' / 'Faaborg-Midtfyn 12' / 'Bornholms Regionskommune 24' / 'Læsø -'.
_NAME = r"[A-ZÆØÅ][A-Za-zÆØÅæøåÄÖÜäöüÉé]*(?:-[A-Za-zÆØÅæøå][A-Za-zÆØÅæøåäöüé]*)*"
_PAIR = re.compile(
    rf"(?<![\w\-])(?P<label>{_NAME}(?:\s+{_NAME}){{0,2}}(?:\s+i\s+alt)?)\s*:?\s+"
    r"(?P<value>\d{1,3}(?:\.\d{3})+|\d+|[-\u2013])(?=$|[\s,;.)])"
)
_PAIR_GAP = re.compile(r"^\s*(?:[,;/]|og|samt|and|\.)?\s*$")


def _inline(r: _Reader, i: int) -> list[Table]:
    """Lists written inside a sentence: 'Morsø 8, Thisted 13 og Læsø -' (3 pairs or more)."""
    line = r.doc.lines[i]
    if line.cells is not None or "\t" in line.text or r.shapes[i].kind not in ("text", "label", "data"):
        return []
    text = line.text
    out = []
    for run_start, pairs in _pair_runs(text):
        entries = [r.row(label, (value,), i) for label, value in pairs]
        caption = text[:run_start].strip()
        out.append(_build(r, INLINE, entries, [], i, i, i + 1, 1, None, inline_caption=caption))
    return out


def _pair_runs(text: str) -> list[tuple[int, list[tuple[str, str]]]]:
    runs: list[tuple[int, list[tuple[str, str]]]] = []
    current: list[tuple[str, str]] = []
    start = end = 0
    for m in _PAIR.finditer(text):
        if current and _PAIR_GAP.match(text[end:m.start()]):
            current.append((m["label"], m["value"]))
        else:
            if len(current) >= MIN_INLINE_PAIRS:
                runs.append((start, current))
            current, start = [(m["label"], m["value"])], m.start()
        end = m.end()
    if len(current) >= MIN_INLINE_PAIRS:
        runs.append((start, current))
    return runs


def _build(r: _Reader, layout: str, entries: list[Row], header: list[int], hstart: int, first_row: int,
           end: int, width: int, glued_caption: str | None, columns: tuple[str, ...] | None = None,
           header_rows: tuple[tuple[str, ...], ...] | None = None, label_header: str = "",
           inline_caption: str | None = None) -> Table:
    doc = r.doc
    data = [e for e in entries if e.kind in (DATA, TOTAL)]
    if data:
        width = Counter(len(e.values) for e in data).most_common(1)[0][0]
    if columns is None:
        columns, label_header = _columns([r.shapes[h] for h in header], width)
    if header_rows is None:
        header_rows = tuple(r.shapes[h].filled for h in header)
    start = r.item_start[first_row]
    lo = max(r.floor, start if start is not None else 0)
    caption, caption_index = "", None
    if inline_caption is not None:
        caption, caption_index = inline_caption, first_row
    elif glued_caption is not None:
        caption, caption_index = glued_caption, hstart
    else:
        for k in range(hstart - 1, max(lo, hstart - 1 - MAX_CAPTION_GAP) - 1, -1):
            s = r.shapes[k]
            if s.kind in ("sep", "empty"):
                continue
            if s.kind in ("text", "label", "head", "years", "data") and not r.taken[k]:
                caption, caption_index = " ".join(s.filled), k
            break
    context: list[tuple[str, int]] = []
    if caption:
        context.append((caption, caption_index))
    ctx_lo = max(start if start is not None else 0, hstart - MAX_CONTEXT_LINES)
    for k in range(hstart - 1, ctx_lo - 1, -1):
        if k == caption_index or r.taken[k]:
            continue
        s = r.shapes[k]
        if s.kind in ("text", "label", "head", "data", "years"):
            context.append((doc.lines[k].text if s.layout not in GRID else " ".join(s.filled), k))
    pages = tuple(sorted({doc.lines[k].page for k in range(hstart, end)}))
    return Table(
        layout=layout, caption=caption, caption_index=caption_index, header=header_rows,
        columns=tuple(columns), label_header=label_header,
        rows=tuple(e for e in entries if e.kind == DATA), totals=tuple(e for e in entries if e.kind == TOTAL),
        groups=tuple(e for e in entries if e.kind == GROUP),
        incomplete=tuple(e for e in entries if e.kind == INCOMPLETE),
        context=tuple(context), title=r.item_title[first_row], start=hstart, end=end, first_row=first_row,
        pages=pages, item_start=start,
    )


def _columns(header: list[_Shape], width: int) -> tuple[tuple[str, ...], str]:
    """The header text over each of `width` value columns, and the label column's header."""
    spread_rows = []
    label_parts = []
    for s in header:
        if s.layout in GRID and (len(s.filled) > 1 or s.layout == CELLS):
            cells = list(s.cells)
        elif s.kind == "label" and s.layout == LINES:
            cells = s.label.split()
        elif width == 1:
            cells = [" ".join(s.filled)]
        else:
            cells = ([s.label] if s.label else []) + list(s.values) if s.values else list(s.filled)
        if len(cells) == width + 1 and cells[0]:
            label_parts.append(cells[0])
        spread = _spread(cells, width)
        if spread is not None:
            spread_rows.append(spread)
    columns = tuple(" ".join(p for p in parts if p).strip() for parts in zip(*spread_rows)) if spread_rows \
        else ("",) * width
    return columns, " ".join(label_parts)


def _spread(cells: list[str], width: int) -> list[str] | None:
    """A header row laid over `width` value columns (a merged cell spans the empty cells after it)."""
    if width < 1:
        return None
    if len(cells) == width + 1:
        cells = cells[1:]
    else:
        cells = list(_filled(cells))
        if len(cells) == width + 1:
            cells = cells[1:]
    if len(cells) == width:
        out, last = [], ""
        for cell in cells:
            last = cell or last
            out.append(last)
        return out if any(out) else None
    named = [c for c in cells if c]
    if named and width % len(named) == 0:
        share = width // len(named)
        return [c for c in named for _ in range(share)]
    return None


# ── sections that look like a table nobody read ──────────────────────────────────────────

MIN_RUN_LINES = 4  # lines of names and figures, at most one gap between them, that make a table-like run


def table_like_run(lines, mentions, *, own_line: tuple[int, int] | None = None,
                   lone_figures: bool = False) -> Line | None:
    """The first line of a run of names and figures in `lines` (a table a parser did not read), or None.

    `mentions(line) -> (names, figures)` says what a parser counts as a name on a line (a
    municipality, a KKR or a programme). A run needs `MIN_RUN_LINES` lines with at least two names
    and two figures in all, and at most one other line between them; `own_line=(n, f)`: a single
    line with n names and f figures is a run by itself (an inline list). `lone_figures`: a short
    line with only a figure continues the run (a one-cell-per-line table)."""
    run: list[tuple[Line, int, int]] = []
    gap = 0
    for line in lines:
        names, figures = mentions(line)
        if own_line and names >= own_line[0] and figures >= own_line[1]:
            return line
        if names or (figures and (not lone_figures or len(line.text.split()) <= 2)):
            run.append((line, names, figures))
            gap = 0
            if len(run) >= MIN_RUN_LINES and sum(n for _, n, _ in run) >= 2 and sum(f for _, _, f in run) >= 2:
                return run[0][0]
            continue
        gap += 1
        if gap > 1:
            run, gap = [], 0
    return None


# ── years and sentences in captions and context ──────────────────────────────────────────

_SENTENCE = re.compile(r"(?<=[.!?:])\s+(?=[\"”'(]?[A-ZÆØÅ0-9])|(?<=[a-zæøå]\.)(?=[A-ZÆØÅ][a-zæøå])")
_YEAR_IN_TEXT = re.compile(r"(?<![\d.,])(19[5-9]\d|20\d\d|21\d\d)(?![\d]|[.,]\d)")
_RANGE_AFTER = re.compile(r"^\s*[-\u2013/]\s*\d{2,4}")
_RANGE_BEFORE = re.compile(r"\d{4}\s*[-\u2013/]\s*$")
_NUMERIC_DATE_BEFORE = re.compile(r"\d{1,2}\s*[./-]\s*\d{1,2}\s*[./-]\s*$")


@cache
def _month_before() -> re.Pattern:
    from dateparser.data.date_translation_data import da

    keys = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
            "october", "november", "december")
    words = {w.lower().rstrip(".") for k in keys for w in da.info.get(k, ())} | {"sept"}
    alt = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![a-zæøå])(?:{alt})\.?\s*$", re.IGNORECASE)


def sentences(text: str | None) -> list[str]:
    """`text` cut into sentences ('… i 2018. Fordelingsnøglen …' -> two); a glued '.Middelfart' cuts too."""
    return [s.strip() for s in _SENTENCE.split(text or "") if s.strip()]


def plain_years(text: str | None) -> list[int]:
    """The years a text gives as a year: 'i 2015', 'Kommunekvote 2027', 'for 2016'."""
    text = text or ""
    return list(_plain_years(text) if len(text) <= CACHED_TEXT_CHARS else _plain_years.__wrapped__(text))


@lru_cache(maxsize=512)
def _plain_years(text: str) -> tuple[int, ...]:
    """(`plain_years`, cached: the same context line is read for every table near it.)

    Not the year of a date ('1. april 2015', 'december 2014', '03-12-2013') nor the ends of a period
    ('2021-2025', '2021-25'): those say when something happens, not which year a figure is for.
    """
    out = []
    text = text or ""
    for m in _YEAR_IN_TEXT.finditer(text):
        before, after = text[max(0, m.start() - 16):m.start()], text[m.end():m.end() + 6]
        if _RANGE_AFTER.match(after) or _RANGE_BEFORE.search(before):
            continue
        if _NUMERIC_DATE_BEFORE.search(before) or _month_before().search(before):
            continue
        out.append(int(m.group(1)))
    return tuple(out)


def relative_year(text: str | None) -> int | None:
    """The offset a text gives relative to its own date: 'næste år' -> 1, 'i år' -> 0; None if none."""
    found = find_terms(text, words=tuple(V.RELATIVE_YEARS))
    return V.RELATIVE_YEARS[found[0]] if found else None
