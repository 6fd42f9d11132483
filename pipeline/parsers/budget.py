"""Cost tables ('Poster  Pris kr.' / 'Forplejning  50.000' / … / 'I alt  102.000') -> `budget_lines`.

Two shapes. A priced list of one amount per line (below), and a budget over years read by the
table reader (`Document.tables`): a table whose value columns are years ('2025  2026  2027')
and whose caption, label header or the lines above it give the unit ('Beløb i 1.000 kr.',
'mio. kr.'): one row per label and year, with `year` set.

A case presentation prices a proposal in a small two-column table. In flattened text a
long label wraps over several lines and its amount may stand alone on the next line
('Facilitering, underholdning og' / 'øvrige udgifter' / '20.000'): that is one budget line
with the label joined. The 'I alt' row is kept but flagged `is_total`, so sums over
non-total lines can be checked against it. `budget_blocks` tells the amounts parser which
lines these tables took, so a figure is never counted twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline import issues
from pipeline.models import Document, Line, Parsed
from pipeline.numbers import money_unit, parse_number
from pipeline.parsers.items import join_text, item_of_lines
from pipeline.parsers.tablerows import cells_of, filled

# 'Poster Pris kr.', 'Post  Beløb (kr.)', 'Udgiftspost\tBeløb i 1.000 kr.', 'Aktivitet  mio. kr.'
_HEADER = re.compile(
    r"^(?P<label>[A-ZÆØÅ][\wæøåÆØÅ ]{0,30}?)\s+"
    r"(?P<amount>(?:(?:pris|beløb|udgift(?:er)?|budget|omkostning(?:er)?)\s*)?(?:\(?\s*(?:i\s+)?"
    r"(?:1\.000\s+|t\.\s?|mio\.\s*|mia\.\s*)?(?:kr\.?|kroner|dkk)\s*\)?))$",
    re.IGNORECASE,
)
_AMOUNT = r"[-\u2212]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?"
_ROW = re.compile(rf"^(?P<label>.*?\S)\s+(?P<amount>{_AMOUNT})\s*(?:kr\.?)?$")
_BARE = re.compile(rf"^(?P<amount>{_AMOUNT})\s*(?:kr\.?)?$")
_TOTAL = re.compile(r"^(?:i\s+alt|total|samlet|sum)\b", re.IGNORECASE)
MAX_LABEL_LINES = 3
MAX_LABEL_CHARS = 60


@dataclass(frozen=True)
class BudgetRow:
    """One priced line; `index` is its first line in `Document.lines`."""

    label: str
    amount_dkk: float
    is_total: bool
    index: int


@dataclass
class BudgetTable:
    """One cost table: its rows and the indexes of the lines it spans."""

    header: Line
    scale: int
    rows: list[BudgetRow] = field(default_factory=list)
    indexes: set[int] = field(default_factory=set)


def header_scale(line: Line) -> int | None:
    """The amount unit of a cost-table header (1, 1.000 or 10^6 kroner); None if not a header."""
    text = " ".join(filled(cells_of(line)))
    m = _HEADER.match(text)
    if m is None:
        return None
    return money_unit(m.group("amount")) or 1


def _row(line: Line) -> tuple[str, str | None]:
    """(label, amount text) of a line; amount None for a label-only line, label '' for a bare amount."""
    cells = filled(cells_of(line))
    if len(cells) >= 2:
        amount = _BARE.match(cells[-1])
        if amount:
            return " ".join(cells[:-1]), amount.group("amount")
        return " ".join(cells), None
    text = cells[0] if cells else ""
    if (m := _BARE.match(text)) is not None:
        return "", m.group("amount")
    if (m := _ROW.match(text)) is not None:
        return m.group("label"), m.group("amount")
    return text, None


def budget_blocks(doc: Document) -> list[BudgetTable]:
    """Every priced list in `doc` with the lines it takes (a budget over years is `year_budgets`')."""
    tables = []
    lines = doc.lines
    taken = {k for table, _ in year_budgets(doc) for k in lines_of(table)}
    i = 0
    while i < len(lines):
        if i in taken:
            i += 1
            continue
        scale = header_scale(lines[i])
        if scale is None:
            i += 1
            continue
        table = BudgetTable(lines[i], scale, indexes={i})
        i = _read_rows(lines, i + 1, table)
        if table.rows:
            tables.append(table)
    return tables


def _read_rows(lines: tuple[Line, ...], i: int, table: BudgetTable) -> int:
    """Rows from lines[i] on; a label may wrap over lines before its amount. Returns the next index."""
    label: list[tuple[int, Line]] = []
    header_text = " ".join(filled(cells_of(table.header)))
    while i < len(lines):
        line = lines[i]
        if " ".join(filled(cells_of(line))) == header_text:
            table.indexes.add(i)  # header repeated after a page break
            i += 1
            continue
        text, amount = _row(line)
        if amount is None:
            if len(label) >= MAX_LABEL_LINES or len(text) > MAX_LABEL_CHARS or text.endswith((".", ":")):
                break
            label.append((i, line))
            i += 1
            continue
        parts = [ln.text if ln.cells is None else " ".join(filled(cells_of(ln))) for _, ln in label] + [text]
        full = join_text(parts)
        if not full:
            break
        is_total = bool(_TOTAL.match(full))
        first = label[0][0] if label else i
        table.rows.append(BudgetRow(full, float(parse_number(amount)) * table.scale, is_total, first))
        table.indexes.update(k for k, _ in label)
        table.indexes.add(i)
        label = []
        i += 1
        if is_total:
            break
    return i - len(label) if label else i


def year_budgets(doc: Document) -> list:
    """Tables of `doc` with years as value columns and a money unit in their caption or context."""
    from pipeline.numbers import YEAR

    found = []
    for table in doc.tables:
        if not table.columns or not all(YEAR.fullmatch(c.strip()) for c in table.columns):
            continue
        texts = [table.caption or "", table.label_header or ""] + [t for t, _ in table.context[:2]]
        unit = next((u for u in map(money_unit, texts) if u), None)
        if unit:
            found.append((table, unit))
    return found


def lines_of(table) -> range:
    """The lines a year budget takes, its caption ('Beløb i 1.000 kr.') included."""
    first = table.caption_index if table.caption_index is not None else table.start
    return range(min(first, table.start), table.end)


def parse_budget_lines(doc: Document) -> Parsed:
    """`budget_lines` rows of every cost table in `doc`; a total that is not the sum is an issue."""
    out = Parsed()
    _read_year_budgets(doc, out)
    tables = budget_blocks(doc)
    if not tables:
        return out
    item_no = item_of_lines(doc)
    for table in tables:
        for row in table.rows:
            out.rows.append({
                "document_id": doc.document_id, "item_no": item_no[row.index], "label": row.label,
                "amount_dkk": row.amount_dkk, "is_total": row.is_total, "year": None, "page": doc.lines[row.index].page,
            })
        parts = sum(r.amount_dkk for r in table.rows if not r.is_total)
        for row in table.rows:
            if row.is_total and abs(parts - row.amount_dkk) > 0.5:
                out.issues.append(doc.issue(
                    doc.lines[row.index], f"budget lines sum to {parts:.0f}, '{row.label}' says {row.amount_dkk:.0f}",
                    issues.SUM_MISMATCH, "budget_lines"))
    return out


def _read_year_budgets(doc: Document, out: Parsed) -> None:
    item_no = doc.item_of_line
    for table, unit in year_budgets(doc):
        years = [int(c) for c in table.columns]
        sums: dict[int, float] = {}
        for row in table.entries():
            if row.kind not in ("data", "total"):
                continue
            for year, value in zip(years, row.values):
                amount = parse_number(value) if value.strip() not in ("-", "–", "") else 0
                if amount is None:
                    out.issues.append(doc.issue(row.line, f"budget figure {value!r} for {year} is not a number",
                                                issues.UNREADABLE_ROW, "budget_lines"))
                    continue
                dkk = float(amount) * unit
                if not row.is_total:
                    sums[year] = sums.get(year, 0.0) + dkk
                elif abs(sums.get(year, 0.0) - dkk) > 0.5:
                    out.issues.append(doc.issue(row.line, f"budget lines of {year} sum to {sums.get(year, 0.0):.0f}, "
                                                          f"'{row.label}' says {dkk:.0f}", issues.SUM_MISMATCH, "budget_lines"))
                out.rows.append({
                    "document_id": doc.document_id, "item_no": item_no[row.index], "label": row.label,
                    "amount_dkk": dkk, "is_total": row.is_total, "year": year, "page": row.line.page,
                })
