"""One row of a table as a list of cell strings, whatever shape the table arrived in.

A ruled PDF table gives each row as `Line.cells`; the text seeds flatten tables into
tab-separated lines ('101 København\t64'), space-separated lines ('Borgmestre 2 0 1 …')
or one value per line. The figure parsers read rows through these helpers so that both
shapes give the same facts: cells first, then tabs, then each table's own rule (usually
'label followed by figures', see `split_label_values`).
"""

from __future__ import annotations

import re

from pipeline import issues
from pipeline.models import Document, Line, Parsed, ParseIssue
from pipeline.numbers import FIGURE as _VALUE_TOKEN, YEAR as _YEAR

_TAG = re.compile(r"<[^>]+>")


def clean_cell(text: str | None) -> str:
    """Cell text without markup ('<i>5.448</i>' -> '5.448') and with single spaces."""
    return " ".join(_TAG.sub("", text or "").split())


def cells_of(line: Line) -> list[str]:
    """The row's cells: `line.cells` from a PDF, else the text split on tabs (one cell if none)."""
    raw = line.cells if line.cells is not None else line.text.split("\t")
    return [clean_cell(c) for c in raw]


def filled(cells: list[str]) -> list[str]:
    """The cells with leading and trailing empty cells removed.

    The text clean-up strips a row's outer tabs while a PDF keeps its empty corner cells,
    so comparing rows only makes sense on the filled part.
    """
    start, end = 0, len(cells)
    while start < end and not cells[start]:
        start += 1
    while end > start and not cells[end - 1]:
        end -= 1
    return cells[start:end]


def is_value(token: str) -> bool:
    """True for a figure cell ('1.259', '0,59', '-', '12')."""
    return bool(_VALUE_TOKEN.match(token.strip()))


def split_label_values(text: str) -> tuple[str, list[str]]:
    """'Supplerende valg 3 1 1' -> ('Supplerende valg', ['3', '1', '1']).

    The rule of a space-separated table: the label is everything before the trailing run
    of figures. A label that ends in a number ('Kommunekvote 2015') gives that number up,
    so callers that expect a year in a header must look at the label and the values.
    """
    tokens = text.split()
    k = len(tokens)
    while k > 0 and is_value(tokens[k - 1]):
        k -= 1
    return " ".join(tokens[:k]), tokens[k:]


def label_and_values(line: Line) -> tuple[str, list[str]]:
    """A row as (label, figure cells) from any shape: cells, tabs or spaces.

    With cells, the figures are the trailing run of figure (or empty) cells and the label is
    the rest joined, so ('101', 'København', '64') reads like '101 København\t64'.
    """
    cells = filled(cells_of(line))
    if not cells:
        return "", []
    if len(cells) == 1:
        return split_label_values(cells[0])
    k = len(cells)
    while k > 0 and (is_value(cells[k - 1]) or not cells[k - 1]):
        k -= 1
    return " ".join(c for c in cells[:k] if c), cells[k:]


def years_in(text: str) -> list[int]:
    """The four-digit years in `text` ('Dimensionering 2027' -> [2027])."""
    return [int(y) for y in _YEAR.findall(text or "")]


def parse_year(text: str) -> int | None:
    """The year when the whole cell is one ('2021' -> 2021), else None."""
    text = clean_cell(text)
    return int(text) if _YEAR.fullmatch(text) else None


def drop_repeats(doc: Document, parsed: Parsed, key: tuple[str, ...], what: str) -> Parsed:
    """Keep the first row per `key`: a document that prints a table twice states each fact once.

    A repeat with the same figures is dropped silently; one that disagrees is a parse issue,
    because then the document contradicts itself and a human should look.
    """
    def facts(row: dict) -> dict:
        return {c: v for c, v in row.items() if c != "page"}

    seen: dict[tuple, dict] = {}
    out = Parsed(issues=list(parsed.issues))
    for row in parsed.rows:
        k = tuple(row[c] for c in key)
        first = seen.setdefault(k, row)
        if first is row:
            out.rows.append(row)
        elif facts(first) != facts(row):
            out.issues.append(ParseIssue(
                doc.document_id, row.get("page"), None, "",
                f"{what} {', '.join(str(v) for v in k[1:])} stated twice with different figures; first kept",
                issues.DUPLICATE))
    return out
