"""KKR composition tables ('KKR Nordjylland A B C … I alt' / 'Borgmestre …') -> `kkr_seats` rows.

A KKR is its municipalities' mayors plus members elected to give the parties seats in
proportion to their votes. The table gives, per party letter, the mayors, the supplementary
seats and the total; one `kkr_seats` row per party. The 'I alt' column is the sum over the
parties, so it is used only to check them, never stored as a party.

KKR and election period are the rows' key. When the table does not state them they are taken
from the context: the KKR from the item title or the document's body or issuer, the period
from the meeting date (the municipal term it falls in), with an `inferred` issue saying so. A
table whose KKR or period cannot be told even so, or whose totals cannot be read, is left out
with a `table_not_read` issue: a warning on that document, not rows with half a key.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from datetime import date

from pipeline import issues
from pipeline.contract import key_of
from pipeline.models import Document, Line, Parsed
from pipeline.numbers import parse_int
from pipeline.parsers.items import find_items
from pipeline.parsers.tablerows import cells_of, drop_repeats, filled, label_and_values
from pipeline.reference import KKR_NAMES, is_party_letter

_TOTAL_COLUMN = re.compile(r"^(?:i\s*alt|total|samlet)$", re.IGNORECASE)
_LETTER = re.compile(r"^[A-ZÆØÅ]$")
_KKR = re.compile(r"\bKKR\s+([A-ZÆØÅ][a-zæøå]+)")
_PERIOD = re.compile(r"\b(\d{4})\s*[-–]\s*(\d{4})\b")
_PERIOD_WORDED = re.compile(r"valgperioden?\s+(\d{4})\s*[-–]\s*(\d{4})", re.IGNORECASE)
# Municipal terms: four years from 1 January 2010, 2014, … 2022, 2026, 2030 (earlier terms were irregular).
FIRST_REGULAR_TERM = 2010
TERM_YEARS = 4
ROW_KINDS = (
    (re.compile(r"borgmest", re.IGNORECASE), "mayors"),
    (re.compile(r"supplerende|yderligere|tillægs", re.IGNORECASE), "supplementary"),
    (re.compile(r"antal\s+medlemmer|medlemmer\s+i\s+alt|^i\s+alt$|^total$|^pladser", re.IGNORECASE), "total"),
)


def read_header(line: Line) -> tuple[str, list[str]] | None:
    """('KKR Nordjylland', ['A', 'B', …, 'I alt']) for a composition header, else None.

    From cells the columns are the cells after the first; from flattened text they are the
    trailing party letters, with a final 'I alt' (which is not party I).
    """
    cells = filled(cells_of(line))
    if len(cells) > 1:
        label, columns = (cells[0], cells[1:]) if cells and not _is_column(cells[0]) else ("", cells)
    else:
        tokens = line.text.split()
        tail: list[str] = []
        if len(tokens) >= 2 and _TOTAL_COLUMN.match(" ".join(tokens[-2:])):
            tail, tokens = [" ".join(tokens[-2:])], tokens[:-2]
        k = len(tokens)
        while k > 0 and _LETTER.match(tokens[k - 1]):
            k -= 1
        label, columns = " ".join(tokens[:k]), tokens[k:] + tail
    parties = [c for c in columns if not _TOTAL_COLUMN.match(c)]
    if len(parties) < 2 or not all(_is_column(c) for c in columns):
        return None
    if not any(is_party_letter(p) for p in parties):
        return None
    return label, columns


def _is_column(cell: str) -> bool:
    return bool(_LETTER.match(cell) or _TOTAL_COLUMN.match(cell))


def row_kind(label: str) -> str | None:
    """'Borgmestre' -> 'mayors', 'Supplerende valg' -> 'supplementary', 'Antal medlemmer' -> 'total'."""
    for pattern, kind in ROW_KINDS:
        if pattern.search(label):
            return kind
    return None


def parse_kkr_seats(doc: Document) -> Parsed:
    """One `kkr_seats` row per party of every composition table in `doc`."""
    out = Parsed()
    lines = doc.lines
    items = find_items(doc)
    i = 0
    while i < len(lines):
        header = read_header(lines[i])
        if header is None:
            i += 1
            continue
        figures, end = _read_rows(doc, i, header, out)
        if figures:
            out.extend(_party_rows(doc, i, header, figures, items))
        i = max(end, i + 1)
    return drop_repeats(doc, out, key_of("kkr_seats"), "KKR seats")


def _read_rows(doc: Document, start: int, header: tuple[str, list[str]], out: Parsed) -> tuple[dict, int]:
    """{'mayors': [..], ...} from the rows under the header; and the index after the table."""
    columns = header[1]
    figures: dict[str, list[int]] = {}
    j = start + 1
    while j < len(doc.lines):
        line = _without_invisibles(doc.lines[j])
        if read_header(line) == header:  # repeated after a page break
            j += 1
            continue
        label, values = label_and_values(line)
        kind = row_kind(label) if values else None
        if kind is None:
            break
        numbers = [parse_int(v) for v in values]
        if len(numbers) != len(columns) or any(n is None for n in numbers):
            out.issues.append(doc.issue(line, f"seat row has {len(values)} figures for {len(columns)} columns",
                                        table="kkr_seats"))
        else:
            figures[kind] = numbers
        j += 1
    return figures, j


def _without_invisibles(line: Line) -> Line:
    """The line without zero-width and bidi marks (format characters), which would split '4' from its cell."""
    if line.text.isascii():
        return line
    strip = (lambda t: "".join(ch for ch in t if unicodedata.category(ch) != "Cf"))
    cells = tuple(strip(c) for c in line.cells) if line.cells is not None else None
    return dataclasses.replace(line, text=strip(line.text), cells=cells)


def _party_rows(doc: Document, start: int, header, figures: dict[str, list[int]], items) -> Parsed:
    out = Parsed()
    label, columns = header
    line = doc.lines[start]
    kkr = _kkr_of(label, doc, items, start)
    period = _period_of(doc, items, start)
    if period is None and (period := term_of(doc.meeting_date)) is not None:
        out.issues.append(doc.issue(
            line, f"composition table without an election period: {period}, the term of the meeting date "
                  f"{doc.meeting_date.isoformat()}", code=issues.INFERRED, table="kkr_seats"))
    missing = [what for what, value in (("a KKR name", kkr), ("an election period", period)) if value is None]
    if "total" not in figures and not {"mayors", "supplementary"} <= set(figures):
        missing.append("a readable total (neither an 'Antal medlemmer' row nor both mayors and supplementary)")
    if missing:
        why = " and ".join(missing)
        hint = "" if period is not None else " (and no meeting date to take the period from)"
        out.issues.append(doc.issue(line, f"composition table without {why}{hint}: its rows are left out",
                                    code=issues.TABLE_NOT_READ, table="kkr_seats"))
        return out
    mayors, supp, total = (figures.get(k) for k in ("mayors", "supplementary", "total"))
    for col, party in enumerate(columns):
        m = mayors[col] if mayors else None
        s = supp[col] if supp else None
        t = total[col] if total else (m + s if m is not None and s is not None else None)
        if m is not None and s is not None and t is not None and m + s != t:
            out.issues.append(doc.issue(line, f"party {party}: {m} mayors + {s} supplementary != {t}",
                                        code=issues.SUM_MISMATCH, table="kkr_seats"))
        if _TOTAL_COLUMN.match(party):
            continue
        out.rows.append({
            "document_id": doc.document_id, "kkr": kkr, "period": period, "party": party,
            "mayors": m, "supplementary": s, "total": t, "page": line.page,
        })
    _check_total_column(doc, line, columns, figures, out)
    return out


def _check_total_column(doc: Document, line: Line, columns: list[str], figures, out: Parsed) -> None:
    """The 'I alt' column must equal the sum over the parties in each row."""
    if not columns or not _TOTAL_COLUMN.match(columns[-1]):
        return
    for kind, numbers in figures.items():
        if sum(numbers[:-1]) != numbers[-1]:
            reason = f"{kind}: parties sum to {sum(numbers[:-1])}, 'I alt' says {numbers[-1]}"
            out.issues.append(doc.issue(line, reason, code=issues.SUM_MISMATCH, table="kkr_seats"))


def term_of(day: date | None) -> str | None:
    """The municipal term a date falls in, as '2026-2030' (1 January 2026 to 31 December 2029).

    None before 2010: the terms around the 2007 reform (2002-2006, 2007-2009) were not four years.
    """
    if day is None or day.year < FIRST_REGULAR_TERM:
        return None
    start = FIRST_REGULAR_TERM + (day.year - FIRST_REGULAR_TERM) // TERM_YEARS * TERM_YEARS
    return f"{start}-{start + TERM_YEARS}"


def _kkr_of(label: str, doc: Document, items, start: int) -> str | None:
    """From the table's first cell, else the item title, else the document's body or issuer."""
    for text in (label, _item_title(items, start) or "", doc.body or "", getattr(doc, "issuer", None) or ""):
        m = _KKR.search(text)
        if m:
            name = f"KKR {m.group(1)}"
            return next((k for k in KKR_NAMES if k.lower() == name.lower()), name)
    return None


def _period_of(doc: Document, items, start: int) -> str | None:
    """'2026-2030' from the item title, else the nearest 'valgperioden 2026-2030' above the table."""
    title = _item_title(items, start) or ""
    m = _PERIOD_WORDED.search(title) or _PERIOD.search(title)
    if m is None:
        text = " ".join(ln.text for ln in doc.lines[:start])
        found = list(_PERIOD_WORDED.finditer(text))
        m = found[-1] if found else None
    return f"{m.group(1)}-{m.group(2)}" if m else None


def _item_title(items, index: int) -> str | None:
    for item in items:
        if item.start <= index < item.end:
            return item.title
    return None
