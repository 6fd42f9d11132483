"""Split a document into its agenda items: number, whole title, case number, sections.

An item starts at a numbered line ('2.2. Forberedelse af …') whose case number
('SAG-2024-01363', '25/555') or first section heading follows within a few lines; the
lines in between are the rest of a wrapped title. That anchor keeps numbered lists inside
the text ('- 1.1. Kommunerne skal …', '2. Det fremgår her …') from passing as items.
A single-case document (a municipal 'sagsfremstilling') is one item with no number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from pipeline.models import Document, Line

ITEM_START = re.compile(r"^(?P<no>\d{1,2}(?:\.\d{1,2})+)\.?\s+(?P<title>\S.*)$")
TOP_HEADING = re.compile(r"^(?P<no>\d{1,2})\.\s+(?P<title>[A-ZÆØÅ]\S*.*)$")
CASE_NO = re.compile(r"^(?P<case>SAG-\d{4}-\d{3,6}|\d{2}/\d{1,6})(?=\s|$)")
SECTION_HEADINGS = (
    "Baggrund", "Indstilling", "Sagsfremstilling", "Beslutning", "Bilag", "Sagsgang",
    "Økonomiske konsekvenser", "Lovgrundlag", "Sammenhæng til andre politikker/strategier og fagområder",
    "Resumé",
)
SECTION_LINE = re.compile(
    r"^(?P<name>" + "|".join(re.escape(h) for h in SECTION_HEADINGS) + r")(?P<rest>\b.*)?:?\s*$"
)
MAX_TITLE_LINES = 4


@dataclass
class ItemSpan:
    """One agenda item: where it starts and ends in `Document.lines` and what it says."""

    item_no: str | None
    title: str
    case_no: str | None
    start: int  # index of the item's first line in doc.lines
    end: int  # index one past its last line
    body_start: int  # index of the first line after title and case number
    page: int
    sections: dict[str, list[Line]] = field(default_factory=dict)

    def section_text(self, *names: str) -> str | None:
        """The joined text of the first of `names` present ('Beslutning', …), or None."""
        for name in names:
            lines = self.sections.get(name)
            if lines:
                return join_text(ln.text for ln in lines)
        return None


def join_text(parts) -> str:
    """Join wrapped lines into one string: a trailing '-' before a digit/capital is kept tight."""
    out = ""
    for part in parts:
        part = " ".join(part.split())  # runs of spaces are layout, not content
        if not part:
            continue
        if not out:
            out = part
        elif out.endswith("-"):
            out += part
        else:
            out += " " + part
    return out


def section_name(text: str) -> str | None:
    """'Beslutning i Økonomiudvalget den 04-02-2025' -> 'Beslutning'; None for body text."""
    m = SECTION_LINE.match(text.strip())
    if not m:
        return None
    rest = (m.group("rest") or "").strip()
    if rest and not re.match(r"^(i |fra |:)", rest):
        return None  # 'Beslutning om …' inside prose is not a heading
    return m.group("name")


def _case_or_section_follows(lines: tuple[Line, ...], i: int) -> int | None:
    """Index of the case-number (or first section) line that anchors an item starting at i."""
    for j in range(i + 1, min(i + 1 + MAX_TITLE_LINES, len(lines))):
        text = lines[j].text.strip()
        if CASE_NO.match(text) or section_name(text):
            return j
        if ITEM_START.match(text):
            return None
    return None


@lru_cache(maxsize=4)  # several parsers ask for the items of the same document
def find_items(doc: Document) -> list[ItemSpan]:
    """All agenda items of `doc`, in order, with their sections (do not mutate the result)."""
    lines = doc.lines
    starts: list[tuple[int, int]] = []  # (item line index, anchor index)
    for i, line in enumerate(lines):
        if line.cells is not None:
            continue
        if ITEM_START.match(line.text.strip()):
            anchor = _case_or_section_follows(lines, i)
            if anchor is not None:
                starts.append((i, anchor))
    if not starts:
        single = _single_case(doc)
        return [single] if single else []

    ends = _item_ends(lines, [s for s, _ in starts])
    items = []
    for (i, anchor), end in zip(starts, ends):
        m = ITEM_START.match(lines[i].text.strip())
        title_parts = [m.group("title")] + [lines[k].text for k in range(i + 1, anchor)]
        case = CASE_NO.match(lines[anchor].text.strip())
        body_start = anchor + 1 if case else anchor
        item = ItemSpan(
            item_no=m.group("no"),
            title=join_text(title_parts),
            case_no=case.group("case") if case else None,
            start=i,
            end=end,
            body_start=body_start,
            page=lines[i].page,
        )
        item.sections = _sections(lines[body_start:end])
        items.append(item)
    return items


def _item_ends(lines: tuple[Line, ...], starts: list[int]) -> list[int]:
    """Each item runs to the next item, or to a real top-level heading ('5. Eventuelt').

    A top-level heading 'N. …' is real only if the next item is numbered 'N.x' or it
    comes after the last item: '2. Det fremgår her, at …' inside a text is not a heading.
    """
    ends = []
    for pos, start in enumerate(starts):
        nxt = starts[pos + 1] if pos + 1 < len(starts) else None
        limit = nxt if nxt is not None else len(lines)
        end = limit
        for k in range(start + 1, limit):
            m = TOP_HEADING.match(lines[k].text.strip())
            if m is None or lines[k].cells is not None:
                continue
            if nxt is None:
                real = _is_last_heading(lines, k)
            else:
                next_no = ITEM_START.match(lines[nxt].text.strip()).group("no")
                real = next_no == f"{m.group('no')}.1" and nxt - k <= 3
            if real:
                end = k
                break
        ends.append(end)
    return ends


def _is_last_heading(lines: tuple[Line, ...], k: int) -> bool:
    """After the last item a heading is real when little but its own text follows it."""
    return len(lines) - k <= 3


def _sections(body: tuple[Line, ...] | list[Line]) -> dict[str, list[Line]]:
    sections: dict[str, list[Line]] = {}
    current: list[Line] | None = None
    for line in body:
        name = section_name(line.text) if line.cells is None else None
        if name:
            current = sections.setdefault(name, [])
            continue
        if current is not None:
            current.append(line)
    return sections


def _single_case(doc: Document) -> ItemSpan | None:
    """A one-case document: title lines, then '25/555 Åben Sag', then sections."""
    lines = doc.lines
    for j, line in enumerate(lines[:8]):
        case = CASE_NO.match(line.text.strip())
        if case and j > 0:
            item = ItemSpan(
                item_no=None,
                title=join_text(ln.text for ln in lines[:j]),
                case_no=case.group("case"),
                start=0,
                end=len(lines),
                body_start=j + 1,
                page=lines[0].page,
            )
            item.sections = _sections(lines[j + 1:])
            return item
    return None


def item_of_lines(doc: Document, items: list[ItemSpan] | None = None) -> list[str | None]:
    """The item number each line of `doc` belongs to (None outside items), parallel to doc.lines."""
    items = find_items(doc) if items is None else items
    out: list[str | None] = [None] * len(doc.lines)
    for item in items:
        for k in range(item.start, item.end):
            out[k] = item.item_no
    return out
