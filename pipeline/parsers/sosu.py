"""SOSU tables (social- og sundhedshjælper/-assistent) -> `sosu_training_places` rows.

Two kinds of table occur: the KKR dimensioning ('Dimensionering 2026' … per KKR and 'Hele
landet') and the national count of signed training agreements per year ('Indgåede
uddannelsesaftaler … 2021-2025'). Both are read the same way: each value column gets its
programme and year from the header rows above it, each data row gives an area or a year.
Averages ('Gennemsnit 2021-25') and 'I alt' columns/rows are derived from the other cells,
so they are left out: storing them would count the same places twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.models import Document, Line, Parsed
from pipeline.numbers import parse_int
from pipeline.reference import KKR_NAMES
from pipeline.parsers.tablerows import (
    cells_of, drop_repeats, filled, label_and_values, parse_year, spread_header, years_in,
)

NATIONAL = "Hele landet"
_DERIVED = re.compile(r"\b(?:i alt|total|gennemsnit|gns\.?|samlet)\b", re.IGNORECASE)
_HJAELPER = re.compile(r"hjælper", re.IGNORECASE)
_ASSISTENT = re.compile(r"(?<!pædagogisk )assistent", re.IGNORECASE)
_MEASURES = (
    (re.compile(r"dimension", re.IGNORECASE), "dimensionering"),
    (re.compile(r"uddannelsesaftale", re.IGNORECASE), "uddannelsesaftaler"),
)
MAX_HEADER_ROWS = 3
MAX_CAPTION_GAP = 2


@dataclass(frozen=True)
class Column:
    """What one value column holds; program None marks a derived ('I alt') column."""

    program: str | None
    year: int | None
    measure: str | None


def program_of(text: str) -> str | None:
    """'Social- og sundheds- hjælpere' -> 'hjælper'; None for 'I alt' and other headers."""
    if _DERIVED.search(text):
        return None
    if _HJAELPER.search(text):
        return "hjælper"
    if _ASSISTENT.search(text):
        return "assistent"
    return None


def measure_of(text: str) -> str | None:
    for pattern, measure in _MEASURES:
        if pattern.search(text):
            return measure
    return None


def _data_row(line: Line) -> tuple[str, list[int]] | None:
    """(label, values) for a row of two or more whole figures, else None."""
    label, values = label_and_values(line)
    if not label and len(values) > 2 and parse_year(values[0]):  # '2021 5.751 3.492' (space-separated)
        label, values = values[0], values[1:]
    numbers = [parse_int(v) for v in values]
    if len(numbers) < 2 or any(n is None for n in numbers):
        return None
    return label, numbers


def _is_header(line: Line) -> bool:
    """A column-header row: a table row (cells or tabs) that is not a row of figures."""
    cells = filled(cells_of(line))
    is_row = len(cells) >= 2 or (line.cells is not None and len(cells) >= 1)
    return is_row and _data_row(line) is None


def _header_start(lines: tuple[Line, ...], first_row: int) -> int:
    """Index of the first header row above the first data row (== first_row when there is none)."""
    start = first_row
    while start > 0 and first_row - start < MAX_HEADER_ROWS and _is_header(lines[start - 1]):
        start -= 1
    return start


def _columns(header_rows: list[Line], caption: str, row_len: int) -> list[Column] | None:
    """The meaning of each value column, from the header rows (top first) and the caption."""
    spread = [spread_header(cells_of(h), row_len) for h in header_rows]
    spread = [s for s in spread if s is not None]
    if not spread:
        return None
    columns = []
    for k in range(row_len - 1):
        text = " ".join(s[k] for s in spread)
        years = years_in(text)
        measure = measure_of(text) or measure_of(caption)
        derived = _DERIVED.search(text) is not None
        columns.append(Column(None if derived else program_of(text), years[-1] if years else None, measure))
    if not any(c.program for c in columns):
        return None
    return columns


def _caption(lines: tuple[Line, ...], header_start: int) -> str:
    """The plain text line just above the header ('Indgåede uddannelsesaftaler …'), if any."""
    for j in range(header_start - 1, max(-1, header_start - 1 - MAX_CAPTION_GAP), -1):
        if lines[j].cells is None and "\t" not in lines[j].text:
            return lines[j].text
    return ""


def parse_sosu(doc: Document) -> Parsed:
    """All SOSU places of `doc`: one row per area/year, programme and measure."""
    out = Parsed()
    lines = doc.lines
    i = 0
    while i < len(lines):
        first = _data_row(lines[i])
        if first is None:
            i += 1
            continue
        start = _header_start(lines, i)
        header_rows = list(lines[start:i])
        row_len = len(first[1]) + 1
        columns = _columns(header_rows, _caption(lines, start), row_len) if header_rows else None
        if columns is None:
            i += 1
            continue
        headers = {tuple(filled(cells_of(h))) for h in header_rows}
        j = i
        while j < len(lines):
            line = lines[j]
            if tuple(filled(cells_of(line))) in headers:  # header repeated after a page break
                j += 1
                continue
            row = _data_row(line)
            if row is None:
                break
            out.extend(_rows(doc, line, row, columns))
            j += 1
        i = j
    return drop_repeats(doc, out, ("document_id", "year", "area", "program", "measure"), "SOSU places")


def _rows(doc: Document, line: Line, row: tuple[str, list[int]], columns: list[Column]) -> Parsed:
    label, values = row
    out = Parsed()
    if _DERIVED.search(label):
        return out
    if len(values) != len(columns):
        out.issues.append(doc.issue(line, f"SOSU row has {len(values)} figures, header has {len(columns)} columns"))
        return out
    row_year = parse_year(label)
    area = NATIONAL if row_year is not None else label
    for column, value in zip(columns, values):
        if column.program is None:
            continue
        year = row_year if row_year is not None else column.year
        if year is None or column.measure is None:
            out.issues.append(doc.issue(line, "SOSU figure without a year or a measure in its header"))
            continue
        out.rows.append({
            "document_id": doc.document_id, "year": year, "area": _area_name(area),
            "program": column.program, "measure": column.measure, "places": value, "page": line.page,
        })
    return out


def _area_name(label: str) -> str:
    """'Hele landet' / 'Landet' -> 'Hele landet'; 'KKR HOVEDSTADEN' -> 'KKR Hovedstaden'; else as written."""
    label = label.strip()
    if re.fullmatch(r"(?:hele\s+)?landet|danmark", label, re.IGNORECASE):
        return NATIONAL
    return next((k for k in KKR_NAMES if k.lower() == " ".join(label.split()).lower()), label)
