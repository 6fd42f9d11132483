"""Money in running text ('0,2 mia. kr. i 2024', 'kr. 100.000', '7,4 mio.kr.') -> `amounts` rows.

Each figure with a money word becomes one row in DKK, with the sentence as context, the
item it belongs to and the page where the figure starts. The year is the one the sentence
ties to that figure: first a year right after it ('… 0,6 mia. kr. i 2025'), else the nearest
other year in the sentence that no other figure claimed; a period ('2017-2026', 'i 2025 og
2026') or a price level ('2026-pl') is not a year of the amount, so those give None.

Not money: percentages ('21,6 %', '50 pct.') and counts ('40 deltagere'), because only a
figure joined to 'kr.', 'kroner' or 'DKK' is read. Cost tables are left to `budget.py`:
their lines are skipped here so no figure is counted twice.

Choice for a range ('12-25.000 kr.'): one row with the upper bound (25 000), because an
estimate of 'up to' is what a budget reader needs; the context keeps the range visible.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline import issues
from pipeline.models import Document, Line, Parsed
from pipeline.numbers import NUMBER_IN_TEXT, parse_amount_dkk
from pipeline.parsers.budget import budget_blocks, lines_of as budget_lines_of, year_budgets
from pipeline.parsers.items import item_of_lines, section_name
from pipeline.parsers.tablerows import cells_of, filled

_NUM = rf"(?<![\d.,])(?:{NUMBER_IN_TEXT})"
_SCALE = r"(?:(?:mio|mia|mill|mrd)\.?|millioner|milliarder|million|milliard|tusind)"
_MONEY = r"(?:t\.?\s?kr\b\.?|kr\b\.?|kroner\b|DKK\b)"  # 't.kr.' / 'tkr.': thousands of kroner
MONEY = re.compile(
    rf"(?P<range>(?P<lo>{_NUM})\s*[-–]\s*(?P<hi>{_NUM})\s*(?:{_SCALE}\s*)?{_MONEY})"
    rf"|(?P<suffix>{_NUM}(?:,-)?\.?\s*(?:{_SCALE}\s*)?{_MONEY})"  # '500.000,- kr.'
    rf"|(?P<prefix>(?<!\w)(?:kr\.|DKK)\s*{_NUM}(?:\s*{_SCALE}(?!\w))?)",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?<![\d.,-])(199\d|20\d\d)(?!\d|[.,]\d)")
# A figure right before a money word ('… 12 50 kr.' garbled, '1.2OO kr.'): money the sentence names.
_MONEY_WITH_FIGURE = re.compile(r"\d[\w.,]{0,8}\s*(?:mio\.?\s*|mia\.?\s*)?(?:kr\b|kroner\b)", re.IGNORECASE)
# A year that is part of a period or a price level: '2017-2026', '2021-25', '2026-pl'.
_NOT_A_YEAR_AFTER = re.compile(r"^\s*(?:[-–]\s*(?:\d{2,4}|pl\b)|-?\s*pl\b)", re.IGNORECASE)
_NOT_A_YEAR_BEFORE = re.compile(r"(?:\d{4}\s*[-–]\s*|perioden\s+)$", re.IGNORECASE)
# 'i 2024', 'fra 2027', 'fra og med 2027', 'i alt i 2025' right after the figure.
_OWN_YEAR = re.compile(
    r"^\s*(?:\([^)]{0,20}\)\s*)?(?:i\s+alt\s+)?(?:i|for|fra|fra\s+og\s+med|om\s+året\s+i)\s+(?:år(?:et)?\s+)?"
    r"(?P<year>\d{4})(?P<more>\s*(?:[-–]|og|til)\s*\d{2,4})?",
    re.IGNORECASE,
)
_ABBREVIATIONS = {
    "ca", "pr", "pt", "bl.a", "f.eks", "fx", "jf", "nr", "stk", "mv", "m.v", "evt", "inkl", "ift", "d", "kl",
    "mht", "vedr", "iht", "dvs", "ml", "mio", "mia", "mill", "ang", "ekskl", "vha", "tlf", "hhv", "m.m", "mm",
}
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"”'(]?[A-ZÆØÅ])")
_LIST_START = re.compile(r"^(?:[-•–*]\s+|\d{1,2}\.\s+[A-ZÆØÅ]|[a-z]\)\s+)")
WRAP_MIN_CHARS = 60


@dataclass(frozen=True)
class Paragraph:
    """Lines joined into one text; `starts[k]` is where line `indexes[k]` begins in it."""

    text: str
    indexes: tuple[int, ...]
    starts: tuple[int, ...]

    def line_at(self, offset: int) -> int:
        k = 0
        while k + 1 < len(self.starts) and self.starts[k + 1] <= offset:
            k += 1
        return self.indexes[k]


def parse_amounts(doc: Document) -> Parsed:
    """Every money figure in the running text of `doc` (cost tables excluded)."""
    out = Parsed()
    skip = set().union(*(table.indexes for table in budget_blocks(doc)))
    skip |= {k for table, _ in year_budgets(doc) for k in budget_lines_of(table)}
    item_no = item_of_lines(doc)
    for para in paragraphs(doc, skip):
        for start, end in sentences(para.text):
            sentence = para.text[start:end]
            found_here = read_amounts(sentence)
            if not found_here and _MONEY_WITH_FIGURE.search(sentence):  # money named, no amount read: say so
                out.issues.append(doc.issue(doc.lines[para.line_at(start)], "a money figure here could not be read",
                                            issues.UNREADABLE_ROW, "amounts"))
            for found in found_here:
                index = para.line_at(start + found.offset)
                out.rows.append({
                    "document_id": doc.document_id, "item_no": item_no[index], "amount_dkk": found.amount_dkk,
                    "year": found.year, "context": sentence.strip(), "page": doc.lines[index].page,
                })
    return out


@dataclass(frozen=True)
class FoundAmount:
    """A money figure inside a sentence: its value, its year and where it starts."""

    amount_dkk: float
    year: int | None
    offset: int
    text: str


def read_amounts(sentence: str) -> list[FoundAmount]:
    """The money figures of one sentence, each with the year the sentence gives it."""
    matches = [m for m in MONEY.finditer(sentence) if _amount_of(m) is not None]
    years = _candidate_years(sentence)
    own: dict[int, int | None] = {}
    claimed: set[int] = set()
    for k, m in enumerate(matches):
        after = _OWN_YEAR.match(sentence[m.end():])
        if after is None or re.match(r"\s*-?\s*pl\b", after.string[after.end("year"):], re.IGNORECASE):
            continue  # no year right after it, or a price level ('i 2026-pl')
        year_at = m.end() + after.start("year")
        claimed.add(year_at)
        own[k] = None if after.group("more") else int(after.group("year"))
    found = []
    for k, m in enumerate(matches):
        year = own[k] if k in own else _nearest_year(years, claimed, m.start(), m.end())
        found.append(FoundAmount(_amount_of(m), year, m.start(), m.group(0)))
    return found


def _amount_of(m: re.Match) -> float | None:
    if m.group("range"):
        return parse_amount_dkk(m.group("range")[m.start("hi") - m.start("range"):])
    return parse_amount_dkk(m.group(0))


def _candidate_years(sentence: str) -> dict[int, int]:
    """{offset: year} for years that can date an amount (not periods, not price levels)."""
    years = {}
    for m in _YEAR.finditer(sentence):
        if _NOT_A_YEAR_AFTER.match(sentence[m.end():]) or _NOT_A_YEAR_BEFORE.search(sentence[: m.start()]):
            continue
        years[m.start()] = int(m.group(1))
    return years


def _nearest_year(years: dict[int, int], claimed: set[int], start: int, end: int) -> int | None:
    """The closest unclaimed year before the figure, else the closest after it."""
    before = [o for o in years if o < start and o not in claimed]
    if before:
        return years[max(before)]
    after = [o for o in years if o >= end and o not in claimed]
    return years[min(after)] if after else None


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; a full stop after an abbreviation ('ca.', 'mio.') does not end one."""
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        word = re.search(r"(\S+)\.$", text[start:m.start()])
        ordinal = word and word.group(1).isdigit() and len(word.group(1)) <= 2  # '7. plads', '5. Eventuelt'
        if word and (word.group(1).lower() in _ABBREVIATIONS or ordinal):
            continue
        spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def paragraphs(doc: Document, skip: set[int] = frozenset()) -> list[Paragraph]:
    """Running text cut into paragraphs: wrapped lines joined, table rows and headings alone."""
    out: list[Paragraph] = []
    text, indexes, starts = "", [], []
    prev: Line | None = None

    def flush():
        nonlocal text, indexes, starts
        if text:
            out.append(Paragraph(text, tuple(indexes), tuple(starts)))
        text, indexes, starts = "", [], []

    for k, line in enumerate(doc.lines):
        if k in skip:
            flush()
            prev = None
            continue
        row = line.cells is not None or "\t" in line.text
        part = " ".join(filled(cells_of(line))) if row else line.text.strip()
        if not part:
            continue
        if row or prev is None or not _continues(prev, line):
            flush()
        if text:
            text += "" if text.endswith("-") and not text.endswith(" -") else " "
        starts.append(len(text))
        indexes.append(k)
        text += part
        prev = None if row else line
        if row:
            flush()
    flush()
    return out


def _continues(prev: Line, line: Line) -> bool:
    """True when `line` carries on the sentence of `prev` (a wrapped line, not a new block)."""
    before, now = prev.text.strip(), line.text.strip()
    if _LIST_START.match(now) or section_name(now) or section_name(before):
        return False
    if now[:1].islower() or now[:1].isdigit():
        return True
    return len(before) >= WRAP_MIN_CHARS and not before.endswith((".", ":", "!", "?"))
