"""Refugee quota tables ('Kommunekvoter …') -> `refugee_quotas` and `refugee_quota_totals`.

One table gives two tables of facts: a quota per municipality, and the totals the document
states ('Region Østdanmark i alt 277', 'I alt', 'KKR Syddanmark i alt', and the landstal in
running text). Totals are kept apart from municipalities so a sum over municipalities never
counts a total, and so a check can compare the stated total with the sum.

Choice: `parse_quotas` returns a `QuotaTables` with one `Parsed` per table; the parse issues
live in `quotas` only, so running both wrappers (`parse_refugee_quotas`,
`parse_refugee_quota_totals`, one per warehouse table) never reports an issue twice.

The year comes from the table's column header ('2027', 'Kommunekvote 2015'), else the item
title ('… flygtninge for 2027'), else the caption; never the meeting date, which is the year
before. '-' in a quota cell is 0.
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, field

from pipeline.models import Document, Line, Parsed
from pipeline.numbers import parse_int, parse_quota_cell
from pipeline.parsers.amounts import paragraphs
from pipeline.parsers.items import find_items
from pipeline.parsers.tablerows import cells_of, drop_repeats, filled, label_and_values, years_in
from pipeline.reference import (
    KKR_NAMES, canonical_region, find_municipality, municipalities, municipality_by_code,
)

REGION, KKR, LANDSTAL = "region", "kkr", "landstal"
NATIONAL_AREA = "Danmark"

_CONTEXT = re.compile(r"kvote|flygtning", re.IGNORECASE)
# A column header says only 'Kommune', 'Kommunekvote', 'for' and years: 'Kommune  Kommunekvote 2015', '2027'.
_HEADER_WORD = re.compile(
    r"^(?:kommune\w*|kommunenr\.?|nr\.?|kode|beregne[dt]e|(?:kommune|region)?kvoter?|for|i|år|\d{4})$",
    re.IGNORECASE,
)
_TOTAL = re.compile(r"^(?P<area>.*?)\s*\bi\s+alt\b\s*:?$|^(?:total|sum)$", re.IGNORECASE)
_GROUP = re.compile(r"^(?:Region|KKR)\s+\S+(?:\s+\S+)?$")
_NATIONAL = re.compile(r"^(?:hele\s+)?landet$|^danmark$|^landstal(?:let)?$", re.IGNORECASE)
_LANDSTAL_TEXT = re.compile(
    r"[Ll]andstal(?:let)?\s+(?:for\s+)?(?P<year>\d{4})\s+(?:er\s+)?(?:fastsat\s+)?(?:til\s+)?"
    r"(?P<n>\d{1,3}(?:\.\d{3})*|\d+)\b"
)
_REGION_QUOTA_TEXT = re.compile(
    r"[Rr]egionskvoten\s+(?:for\s+(?P<year1>\d{4})\s+)?(?:er\s+)?for\s+(?P<area>Region\s+[A-ZÆØÅ]\w+)"
    r"\s+(?:er\s+)?(?:fastsat\s+)?(?:til\s+)?(?P<n>\d{1,3}(?:\.\d{3})*|\d+)\b"
)
MAX_PREAMBLE = 6
MAX_CONTEXT_GAP = 12


@dataclass
class QuotaTables:
    """What the quota parser found: municipality quotas and stated totals (issues in `quotas`)."""

    quotas: Parsed = field(default_factory=Parsed)
    totals: Parsed = field(default_factory=Parsed)


def parse_refugee_quotas(doc: Document) -> Parsed:
    """`refugee_quotas` rows of `doc`, with every quota issue."""
    return parse_quotas(doc).quotas


def parse_refugee_quota_totals(doc: Document) -> Parsed:
    """`refugee_quota_totals` rows of `doc` (its issues are reported by `parse_refugee_quotas`)."""
    return parse_quotas(doc).totals


def header_years(line: Line) -> list[int] | None:
    """The years of a column-header line ('2027', 'Kommune  Kommunekvote 2015'); None if not one."""
    words = " ".join(filled(cells_of(line))).split()
    if not words or not all(_HEADER_WORD.match(w) for w in words):
        return None
    years = years_in(" ".join(words))
    return years or None


def is_column_header(line: Line) -> bool:
    """A header row without a year ('Kommune\tKommunekvote', 'Beregnete kommunekvoter')."""
    words = " ".join(filled(cells_of(line))).split()
    return bool(words) and all(_HEADER_WORD.match(w) for w in words) and any(
        re.search("kvote|kommune", w, re.IGNORECASE) for w in words
    )


@lru_cache(maxsize=4)  # both quota tables come from one pass
def parse_quotas(doc: Document) -> QuotaTables:
    """Every quota table and stated total of `doc`."""
    out = QuotaTables()
    lines = doc.lines
    items = find_items(doc)
    title_of = [None] * len(lines)
    for item in items:
        for k in range(item.start, item.end):
            title_of[k] = item.title
    i = 0
    while i < len(lines):
        if not _starts_table(lines, i) or not _in_quota_context(lines, i, title_of[i]):
            i += 1
            continue
        i = _read_table(doc, i, title_of[i], out)
    _running_text_totals(doc, title_of, out)
    quotas = drop_repeats(doc, out.quotas, ("document_id", "year", "municipality_code"), "quota")
    totals = drop_repeats(doc, out.totals, ("document_id", "year", "level", "area"), "quota total")
    return QuotaTables(Parsed(quotas.rows, quotas.issues + totals.issues), Parsed(totals.rows))


def _municipality_row(line: Line):
    """(municipality, quota cells) for a '101 København\t64' / 'Middelfart 120' row, else None."""
    label, values = label_and_values(line)
    if not label or not values:
        return None
    muni = find_municipality(label)
    if muni is None or any(parse_quota_cell(v) is None for v in values):
        return None
    return muni, values


def _name_only(line: Line):
    """A municipality alone on its line (one-cell-per-line tables), else None."""
    cells = filled(cells_of(line))
    if len(cells) != 1:
        return None
    return find_municipality(cells[0])


def _bare_value(line: Line) -> str | None:
    cells = filled(cells_of(line))
    if len(cells) == 1 and parse_quota_cell(cells[0]) is not None:
        return cells[0]
    return None


def _starts_table(lines: tuple[Line, ...], i: int) -> bool:
    if _municipality_row(lines[i]) is not None:
        return True
    return _name_only(lines[i]) is not None and i + 1 < len(lines) and _bare_value(lines[i + 1]) is not None


def _in_quota_context(lines: tuple[Line, ...], i: int, title: str | None) -> bool:
    if title and _CONTEXT.search(title):
        return True
    return any(_CONTEXT.search(lines[j].text) for j in range(max(0, i - MAX_CONTEXT_GAP), i))


@dataclass
class _Table:
    """The state of one table while its rows are read."""

    years: list[int]
    group: str | None  # 'Region Østdanmark' when a group heading precedes rows
    caption: str
    rows: list[dict] = field(default_factory=list)
    pending: tuple | None = None  # (municipality, line) waiting for its value line
    summed_to: dict[str, int] = field(default_factory=dict)  # level -> rows already checked by a total


def _read_table(doc: Document, start: int, title: str | None, out: QuotaTables) -> int:
    """Read the table whose first row is lines[start]; return the index after it."""
    lines = doc.lines
    years, group, caption = _preamble(doc, start, title, out)
    table = _Table(years, group, caption)
    i = start
    while i < len(lines):
        line = lines[i]
        if table.pending is not None:
            value = _bare_value(line)
            if value is None:
                out.quotas.issues.append(doc.issue(table.pending[1], "municipality without a quota value"))
                table.pending = None
            else:
                _add_quota(doc, table, table.pending[0], [value], table.pending[1], out)
                table.pending = None
                i += 1
                continue
        if header_years(line) is not None or is_column_header(line):
            i += 1  # the header repeated after a page break
            continue
        row = _municipality_row(line)
        if row is not None:
            _add_quota(doc, table, row[0], row[1], line, out)
            i += 1
            continue
        muni = _name_only(line)
        if muni is not None:
            table.pending = (muni, line)
            i += 1
            continue
        used = _total_row(doc, table, i, out)
        if used:
            i += used
            continue
        label, values = label_and_values(line)
        if not values and _GROUP.match(label):
            table.group = label
            i += 1
            continue
        break
    if table.pending is not None:
        out.quotas.issues.append(doc.issue(table.pending[1], "municipality without a quota value"))
    out.quotas.rows.extend(table.rows)
    return i


def _preamble(doc: Document, start: int, title: str | None, out: QuotaTables) -> tuple[list[int], str | None, str]:
    """Header years, group heading and caption from the lines just above the first row."""
    header: list[int] = []
    group, caption = None, ""
    for j in range(start - 1, max(-1, start - 1 - MAX_PREAMBLE), -1):
        line = doc.lines[j]
        years = header_years(line)
        if years is not None:
            header = header or years
            continue
        label, values = label_and_values(line)
        if not values and _GROUP.match(label) and group is None:
            group = label
            continue
        if _CONTEXT.search(line.text) and not caption and not is_column_header(line):
            caption = line.text
    title_years = years_in(title or "")
    caption_years = years_in(caption)
    if header:
        years = header
        for where, stated in (("item title", title_years[-1:]), ("caption", caption_years[-1:])):
            if stated and len(header) == 1 and stated[0] != header[0]:
                out.quotas.issues.append(doc.issue(doc.lines[start], (
                    f"quota table header says {header[0]} but its {where} says {stated[0]}; header used")))
    elif title_years:
        years = title_years[-1:]
    else:
        years = caption_years[-1:]
    return years, group, caption


def _add_quota(doc: Document, table: _Table, muni, values: list[str], line: Line, out: QuotaTables) -> None:
    quotas = [parse_quota_cell(v) for v in values]
    years = table.years
    if len(quotas) != len(years):
        if len(quotas) == 1 and not years:
            out.quotas.issues.append(doc.issue(line, "quota table without a year"))
        else:
            out.quotas.issues.append(doc.issue(line, f"{len(quotas)} quota cells for header years {years}"))
        return
    for year, quota in zip(years, quotas):
        table.rows.append({
            "document_id": doc.document_id, "year": year, "municipality_code": muni.code,
            "municipality": muni.name, "quota": quota, "page": line.page,
        })


def _total_row(doc: Document, table: _Table, i: int, out: QuotaTables) -> int:
    """A stated total ('Region Østdanmark i alt 277', 'I alt' then '57'): a totals row, never a municipality.

    Returns how many lines it took (0 when lines[i] is no total).
    """
    line = doc.lines[i]
    label, values = label_and_values(line)
    m = _TOTAL.match(label)
    if m is None:
        return 0
    used = 1
    if not values and i + 1 < len(doc.lines) and _bare_value(doc.lines[i + 1]) is not None:
        values, used = [_bare_value(doc.lines[i + 1])], 2  # one cell per line
    if not values:
        return 0
    quotas = [parse_int(v) for v in values]
    if any(q is None for q in quotas) or len(quotas) != len(table.years):
        out.quotas.issues.append(doc.issue(line, "quota total that does not fit the table's years"))
        return used
    level, area = _level_of((m.groupdict().get("area") or "").strip(), table)
    if level is None:
        out.quotas.issues.append(doc.issue(line, "quota total whose area cannot be told"))
        return used
    for year, quota in zip(table.years, quotas):
        out.totals.rows.append({
            "document_id": doc.document_id, "year": year, "level": level, "area": area,
            "quota": quota, "page": line.page,
        })
        _check_sum(doc, table, line, level, area, year, quota, out)
    table.summed_to[level] = len(table.rows)
    table.group = None  # the next group heading (if any) starts a new part
    return used


def _level_of(area: str, table: _Table) -> tuple[str | None, str | None]:
    """('region', 'Region Østdanmark') from the total's own words, else from the table's context."""
    if area:
        return _named_level(area)  # a total that names something unknown ('Vest i alt') is not guessed
    for text in (table.group or "", table.caption):
        level = _named_level(text)
        if level[0] is not None:
            return level
    kkrs = {municipality_by_code(r["municipality_code"]).kkr for r in table.rows}
    if len(kkrs) == 1:
        return KKR, kkrs.pop()
    if len(table.rows) == len(municipalities()) * max(1, len(table.years)):
        return LANDSTAL, NATIONAL_AREA
    return None, None


def _named_level(text: str) -> tuple[str | None, str | None]:
    if _NATIONAL.match(text):
        return LANDSTAL, NATIONAL_AREA
    kkr = re.search(r"\bKKR\s+[A-ZÆØÅ]\w+", text)
    if kkr:
        return KKR, _kkr_name(kkr.group(0))
    region = re.search(r"\bRegion\s+[A-ZÆØÅ]\w+", text)
    if region:
        return REGION, region.group(0)
    return None, None


def _kkr_name(text: str) -> str:
    for name in KKR_NAMES:
        if name.lower() == text.lower():
            return name
    return text


def _check_sum(doc: Document, table: _Table, line: Line, level: str, area: str, year: int, quota: int,
               out: QuotaTables) -> None:
    """A stated total that differs from the sum of its rows is reported, not corrected.

    A total sums the rows since the previous total of the same level, so a table with one
    'Region … i alt' per region checks each part; a landstal is checked only over all 98.
    """
    rows = table.rows[table.summed_to.get(level, 0):]
    if level == LANDSTAL and len({r["municipality_code"] for r in rows}) < len(municipalities()):
        return
    got = sum(r["quota"] for r in rows if r["year"] == year)
    if got != quota:
        out.quotas.issues.append(doc.issue(line, f"quotas of {area} {year} sum to {got}, the table states {quota}"))


def _running_text_totals(doc: Document, title_of: list[str | None], out: QuotaTables) -> None:
    """'Landstallet for 2027 er fastsat til 600 personer' -> a landstal total; likewise a regionskvote.

    Read from paragraphs (wrapped lines joined), so a sentence split over lines still counts.
    A known misnomer ('Region Østjylland') is read as the region it means; a regionskvote for
    a region the reference does not know at all is reported, not loaded.
    """
    known_regions = set(municipalities()["region"].to_list()) | set(municipalities()["region_2027"].to_list())
    have = {(r["year"], r["level"], r["area"]) for r in out.totals.rows}
    for para in paragraphs(doc):
        text = para.text
        for m in _LANDSTAL_TEXT.finditer(text):
            line = doc.lines[para.line_at(m.start("n"))]
            _add_text_total(doc, line, int(m["year"]), LANDSTAL, NATIONAL_AREA, m["n"], have, out)
        for m in _REGION_QUOTA_TEXT.finditer(text):
            index = para.line_at(m.start("n"))
            years = ([int(m["year1"])] if m["year1"] else
                     years_in(text[: m.start()])[-1:] or years_in(title_of[index] or "")[-1:])
            if not years:
                continue
            area = canonical_region(m["area"])
            if area not in known_regions:
                reason = f"regionskvote for unknown region '{m['area']}' not loaded"
                out.quotas.issues.append(doc.issue(doc.lines[index], reason))
                continue
            _add_text_total(doc, doc.lines[index], years[0], REGION, area, m["n"], have, out)


def _add_text_total(doc: Document, line: Line, year: int, level: str, area: str, number: str,
                    have: set[tuple], out: QuotaTables) -> None:
    if (year, level, area) in have:
        return
    have.add((year, level, area))
    out.totals.rows.append({
        "document_id": doc.document_id, "year": year, "level": level, "area": area,
        "quota": parse_int(number), "page": line.page,
    })


