"""Refugee quota lists ('Kommunekvoter …', news lists) -> `refugee_quotas` and `refugee_quota_totals`.

One list gives two tables of facts: a quota per municipality, and the totals the document states
('Region Østdanmark i alt 277', 'I alt', 'KKR Syddanmark i alt', and the landstal in running text).
Totals are kept apart from municipalities so a sum over municipalities never counts a total, and
so a check can compare the stated total with the sum.

The tables come from `pipeline.structure.tables` in any layout (cells, tabs, 'Name N' lines, dash
bullets, one cell per line, inline lists). A table is a quota list only in quota context: a quota
word ('kommunekvote', 'landstal', 'boligplacering', …) or 'flygtninge' with a placement word
('fordeles', 'modtage', 'tage imod') in its caption, header, the sentences above it or the item
title, and never when its caption says the figures are refugees who came ('modtaget', 'ankomne').
Municipalities are resolved by `pipeline.reference` ('Nordfyn', 'Århus', 'Bornholms Regionskommune').

The year comes from the column header ('2027', 'Kommunekvote 2015'), else the caption, else the
nearest sentence above that speaks of refugees or quotas ('… i løbet af 2015'), else the item
title; a year said relative to the text ('næste år') is used only against a known meeting date.
Never the meeting date itself. '-' in a quota cell is 0.

Choice: one pass fills both tables. `parse_quota_tables` (what the pipeline runs) returns the
quotas with the stated totals in `Parsed.also`; `parse_quotas` gives a `QuotaTables` with one
`Parsed` per table for callers that want them apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline import enums, issues
from pipeline.models import Document, Line, Parsed
from pipeline.numbers import is_figure, parse_int, parse_quota_cell
from pipeline.parsers.amounts import paragraphs
from pipeline.parsers.items import find_items
from pipeline.contract import key_of
from pipeline.parsers.tablerows import drop_repeats, label_and_values
from pipeline.reference import KKR_NAMES, find_municipality, municipalities, municipality_by_code
from pipeline.structure.tables import (
    GROUP, INCOMPLETE, INLINE, TOTAL, Row, Table, find_tables, has_term, normalize,
    table_like_run,
    plain_years, relative_year, sentences,
)
from pipeline.vocabulary import tables as V

REGION, KKR, LANDSTAL = enums.REGION, enums.KKR, enums.LANDSTAL
NATIONAL_AREA = enums.NATIONAL_AREA
QUOTAS, TOTALS = "refugee_quotas", "refugee_quota_totals"

_LANDSTAL_TEXT = re.compile(
    r"[Ll]andstal(?:let)?\s+(?:for\s+)?(?P<year>\d{4})\s+(?:er\s+)?(?:fastsat\s+)?(?:til\s+)?"
    r"(?P<n>\d{1,3}(?:\.\d{3})*|\d+)\b"
)
_REGION_QUOTA_TEXT = re.compile(
    r"[Rr]egionskvoten\s+(?:for\s+(?P<year1>\d{4})\s+)?(?:er\s+)?for\s+(?P<area>Region\s+[A-ZÆØÅ]\w+)"
    r"\s+(?:er\s+)?(?:fastsat\s+)?(?:til\s+)?(?P<n>\d{1,3}(?:\.\d{3})*|\d+)\b"
)
_KKR_IN_TEXT = re.compile(r"\bKKR\s+[A-ZÆØÅ]\w*", re.IGNORECASE)
_REGION_IN_TEXT = re.compile(r"\bRegion\s+[A-ZÆØÅ]\w+")
_FOR_YEAR = re.compile(r"\bfor\s+(?:året\s+)?(\d{4})\b", re.IGNORECASE)
_IN_YEAR = re.compile(r"\bi\s+(?:løbet\s+af\s+)?(?:året\s+)?(\d{4})\b", re.IGNORECASE)
_PLACE_NAME = re.compile(r"^(?:[A-ZÆØÅ][\w\-]*)(?:\s+[A-ZÆØÅ][\w\-]*){0,2}$")
CAPTION_REACH = 4  # lines above a table whose year, if it differs from the header's, is a conflict


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


def parse_quota_tables(doc: Document) -> Parsed:
    """`refugee_quotas` rows, with the `refugee_quota_totals` they state in `also`: one pass, two tables."""
    both = parse_quotas(doc)
    return Parsed(both.quotas.rows, both.quotas.issues + both.totals.issues, {"refugee_quota_totals": both.totals.rows})


def parse_quotas(doc: Document) -> QuotaTables:
    """Every quota list and stated total of `doc`."""
    out = QuotaTables()
    items = find_items(doc)
    title_of: list[str | None] = [None] * len(doc.lines)
    for item in items:
        for k in range(item.start, item.end):
            title_of[k] = item.title
    tables = find_tables(doc)
    read: set[int | None] = set()  # sections (item start, None for a document without items) with a quota list
    for table in tables:
        if _read_table(doc, table, out):
            read.add(table.item_start)
    _running_text_totals(doc, title_of, out)
    _report_unread(doc, items, read, out)
    quotas = drop_repeats(doc, out.quotas, key_of(QUOTAS), "quota")
    totals = drop_repeats(doc, out.totals, key_of(TOTALS), "quota total")
    return QuotaTables(Parsed(quotas.rows, quotas.issues + totals.issues), Parsed(totals.rows))


# ── quota context ────────────────────────────────────────────────────────────────────────


def _strong(text: str | None) -> bool:
    """A quota word on its own ('kommunekvoter', 'landstallet', 'boligplacering')."""
    return has_term(text, V.QUOTA_STEMS, V.QUOTA_WORDS)


def _arrived(text: str | None) -> bool:
    return has_term(text, words=V.ARRIVED_WORDS)


def _placement(sentence: str) -> bool:
    """'flygtninge' with a placement word ('fordeles', 'modtage', 'tage imod') and no 'modtaget'."""
    return has_term(sentence, V.REFUGEE_STEMS) and has_term(sentence, V.PLACEMENT_STEMS) and not _arrived(sentence)


def quota_context(text: str | None) -> bool:
    """True when `text` speaks of refugee quotas (a quota word, or refugees with a placement word)."""
    return _strong(text) or any(_placement(s) for s in sentences(text))


def _about_refugees(text: str | None) -> bool:
    return _strong(text) or has_term(text, V.REFUGEE_STEMS)


def _near_texts(table: Table) -> list[str]:
    """The caption and the header: what names the figures themselves."""
    texts = [table.caption, table.label_header, *table.columns]
    texts += [" ".join(row) for row in table.header]
    return [t for t in texts if t]


def _in_quota_context(table: Table) -> bool:
    near = _near_texts(table)
    if _arrived(table.caption) and not _strong(table.caption):
        return False  # 'Antal flygtninge modtaget i 2016': refugees who came, not a quota
    texts = near + [t for t, _ in table.context] + [table.title or ""]
    return any(quota_context(t) for t in texts)


def _quota_columns(table: Table) -> list[int]:
    """The value columns that hold quotas: not 'Modtaget 2016' (a count) nor 'Ændring' / '%' (derived)."""
    keep = []
    for k, text in enumerate(table.columns or ("",) * table.width):
        if (_arrived(text) and not _strong(text)) or has_term(text, words=V.DERIVED_WORDS):
            continue
        keep.append(k)
    return keep


# ── one table ────────────────────────────────────────────────────────────────────────────


def _municipality(label: str, table: Table):
    muni = find_municipality(label)
    if muni is None and table.layout == INLINE:
        words = label.split()
        for k in range(1, len(words)):  # 'Nordjylland Morsø' from a sentence: the name is at the end
            muni = find_municipality(" ".join(words[k:]))
            if muni is not None:
                break
    return muni


@dataclass
class _State:
    """The state of one quota table while its rows are read."""

    table: Table
    years: list[int]
    columns: list[int]  # the value columns read, parallel to `years`
    group: str | None = None  # 'Region Østdanmark' when a group heading precedes rows
    rows: list[dict] = field(default_factory=list)
    summed_to: dict[str, int] = field(default_factory=dict)  # level -> rows already checked by a total


def _read_table(doc: Document, table: Table, out: QuotaTables) -> bool:
    """Read one table if it is a quota list; True when it was one (rows or a reported issue)."""
    labelled = list(table.rows) + list(table.incomplete)
    found = [_municipality(e.label, table) for e in labelled]
    n_found = sum(m is not None for m in found)
    if n_found == 0:
        return _region_list(doc, table, out)
    columns = _quota_columns(table)
    if 2 * n_found < len(table.rows) or not columns or not _in_quota_context(table):
        return False
    years = _table_years(doc, table, columns, out)
    if years is None:
        return True
    state = _State(table, years, columns)
    for entry in table.entries():
        if entry.kind == GROUP:
            state.group = entry.label
        elif entry.kind == INCOMPLETE:
            if _municipality(entry.label, table) is not None:
                out.quotas.issues.append(doc.issue(entry.line, "municipality without a quota value",
                                                   issues.UNREADABLE_ROW, QUOTAS))
        elif entry.kind == TOTAL:
            _total_row(doc, state, entry, out)
        else:
            muni = _municipality(entry.label, table)
            if muni is not None:
                _add_quota(doc, state, muni, entry, out)
            elif _named_level(entry.label)[0] is not None:
                _total_row(doc, state, entry, out)  # 'KKR Syddanmark 3015' between the municipalities
            elif _PLACE_NAME.match(entry.label.strip()):
                out.quotas.issues.append(doc.issue(entry.line, f"'{entry.label}' is no municipality the reference knows",
                                                   issues.UNKNOWN_AREA, QUOTAS))
            else:
                out.quotas.issues.append(doc.issue(entry.line, "row of a quota list that names no municipality",
                                                   issues.UNREADABLE_ROW, QUOTAS))
    out.quotas.rows.extend(state.rows)
    return True


def _region_list(doc: Document, table: Table, out: QuotaTables) -> bool:
    """Regionskvoter written as a list ('- Hovedstaden 663', 'Region Sjælland 802'): region totals."""
    regions = [_region_of(e.label) for e in table.rows]
    if not table.rows or any(r is None for r in regions) or len(regions) < 2 or not _in_quota_context(table):
        return False
    columns = _quota_columns(table)
    years = _table_years(doc, table, columns, out) if columns else None
    if years is None:
        return True
    for entry, region in zip(table.rows, regions):
        quotas = _cells(entry, table, columns)
        if quotas is None or any(q is None for q in quotas):
            out.quotas.issues.append(doc.issue(entry.line, "regionskvote that does not fit the list's years",
                                               issues.UNREADABLE_ROW, TOTALS))
            continue
        for year, quota in zip(years, quotas):
            out.totals.rows.append(_total(doc, year, REGION, region, quota, entry.line))
    return True


def _region_of(label: str) -> str | None:
    text = normalize(label)
    return V.REGION_AREAS.get(text) or V.REGION_AREAS.get(text.removeprefix("region ").strip())


# ── years ────────────────────────────────────────────────────────────────────────────────


def _table_years(doc: Document, table: Table, columns: list[int], out: QuotaTables) -> list[int] | None:
    """The year of each quota column; None (and a `table_not_read` issue) when the text gives none."""
    first = doc.lines[table.first_row]
    where = f"quota list on page {first.page}"
    headers = table.columns or ("",) * table.width
    column_years = [sorted(set(plain_years(headers[k]))) for k in columns]
    if any(column_years):
        if all(len(y) == 1 for y in column_years) and len({y[0] for y in column_years}) == len(columns):
            years = [y[0] for y in column_years]
            if len(years) == 1:
                _check_year(doc, table, years[0], out)
            return years
        if len(columns) > 1:
            out.quotas.issues.append(doc.issue(first, f"{where}: the header gives no single year to every column",
                                               issues.TABLE_NOT_READ, QUOTAS))
            return None
    if len(columns) > 1:
        out.quotas.issues.append(doc.issue(first, f"{where}: {len(columns)} columns without years in the header",
                                           issues.TABLE_NOT_READ, QUOTAS))
        return None
    stated = _stated_year(table)
    if isinstance(stated, int):
        return [stated]
    if stated == "several":
        out.quotas.issues.append(doc.issue(first, f"{where}: the text above names several years; none chosen",
                                           issues.TABLE_NOT_READ, QUOTAS))
        return None
    offset = next((o for t in [table.caption, *(t for t, _ in table.context), table.title or ""]
                   if _about_refugees(t) and (o := relative_year(t)) is not None), None)
    if offset is not None and doc.meeting_date is not None:
        year = doc.meeting_date.year + offset
        out.quotas.issues.append(doc.issue(first, f"{where}: year {year} read from a relative year and the meeting date",
                                           issues.INFERRED, QUOTAS))
        return [year]
    reason = "says the year only relative to the text ('næste år')" if offset is not None else "gives no year"
    out.quotas.issues.append(doc.issue(first, f"{where} {reason}; not loaded", issues.TABLE_NOT_READ, QUOTAS))
    return None


def _one_year(text: str) -> int | str | None:
    """The year a sentence gives: its only year, or the one after 'for' ('landstallet for 2027')."""
    years = sorted(set(plain_years(text)))
    if len(years) == 1:
        return years[0]
    if not years:
        return None
    for pattern in (_FOR_YEAR, _IN_YEAR):
        named = sorted({int(y) for y in pattern.findall(text)} & set(years))
        if len(named) == 1:
            return named[0]
    return "several"


def _stated_year(table: Table) -> int | str | None:
    """The one year the caption, the nearest sentence above (about refugees or quotas) or the title give."""
    year = _one_year(table.caption)
    if year is not None:
        return year
    several = False
    for text, _ in table.context:
        for sentence in reversed(sentences(text)):
            if not _about_refugees(sentence):
                continue
            year = _one_year(sentence)
            if isinstance(year, int):
                return year
            several = several or year == "several"
    years = plain_years(table.title)
    if years:
        return years[-1]
    return "several" if several else None


def _check_year(doc: Document, table: Table, year: int, out: QuotaTables) -> None:
    """A header year that the caption or the item title contradicts is reported (the header is used)."""
    near = [t for t, k in table.context if k is not None and k >= table.start - CAPTION_REACH]
    caption_years = next((plain_years(t)[-1:] for t in near if _about_refugees(t) and plain_years(t)), [])
    title_years = plain_years(table.title)[-1:]
    for where, stated in (("item title", title_years), ("caption", caption_years)):
        if stated and stated[0] != year:
            out.quotas.issues.append(doc.issue(doc.lines[table.first_row], (
                f"quota table header says {year} but its {where} says {stated[0]}; header used"),
                issues.YEAR_CONFLICT, QUOTAS))


# ── rows and totals ──────────────────────────────────────────────────────────────────────


def _cells(entry: Row, table: Table, columns: list[int]) -> list[int | None] | None:
    """The quota cells of a row in the columns read; None when the row does not fit the table's columns."""
    if len(entry.values) != table.width:
        return None
    return [parse_quota_cell(entry.values[k]) for k in columns]


def _add_quota(doc: Document, state: _State, muni, entry: Row, out: QuotaTables) -> None:
    quotas = _cells(entry, state.table, state.columns)
    if quotas is None or any(q is None for q in quotas):
        out.quotas.issues.append(doc.issue(entry.line, f"{len(entry.values)} quota cells for header years {state.years}",
                                           issues.UNREADABLE_ROW, QUOTAS))
        return
    for year, quota in zip(state.years, quotas):
        state.rows.append({
            "document_id": doc.document_id, "year": year, "municipality_code": muni.code,
            "municipality": muni.name, "quota": quota, "page": entry.line.page,
        })


def _total(doc: Document, year: int, level: str, area: str, quota: int, line: Line) -> dict:
    return {"document_id": doc.document_id, "year": year, "level": level, "area": area, "quota": quota,
            "page": line.page}


def _total_row(doc: Document, state: _State, entry: Row, out: QuotaTables) -> None:
    """A stated total ('Region Østdanmark i alt 277', 'I alt' then '57'): a totals row, never a municipality."""
    quotas = _cells(entry, state.table, state.columns)
    if quotas is None or any(q is None for q in quotas):
        out.quotas.issues.append(doc.issue(entry.line, "quota total that does not fit the table's years",
                                           issues.UNREADABLE_ROW, TOTALS))
        return
    level, area = _level_of(_area_words(entry.label), state)
    if level is None:
        out.quotas.issues.append(doc.issue(entry.line, "quota total whose area cannot be told",
                                           issues.UNKNOWN_AREA, TOTALS))
        return
    if not _area_words(entry.label) and not any(_named_level(t, search=True)[0] for t in (state.group or "",
                                                                                       state.table.caption)):
        out.quotas.issues.append(doc.issue(entry.line, f"'{entry.label}' names no area: read as {area}, "
                                                       f"the area of the municipalities it sums", issues.INFERRED, TOTALS))
    for year, quota in zip(state.years, quotas):
        out.totals.rows.append(_total(doc, year, level, area, quota, entry.line))
        _check_sum(doc, state, entry.line, level, area, year, quota, out)
    state.summed_to[level] = len(state.rows)
    state.group = None  # the next group heading (if any) starts a new part


def _area_words(label: str) -> str:
    """'KKR Syddanmark i alt' -> 'KKR Syddanmark'; 'I alt' / 'Samlet' -> ''; 'Hele landet' stays."""
    text = " ".join(label.split())
    if normalize(text) in V.NATIONAL_WORDS:
        return text
    for word in sorted(V.TOTAL_WORDS, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", " ", text, flags=re.IGNORECASE)
    return " ".join(text.split()).strip(" :-")


def _level_of(area: str, state: _State) -> tuple[str | None, str | None]:
    """('region', 'Region Østdanmark') from the total's own words, else from the table's context."""
    if area:
        return _named_level(area)  # a total that names something unknown ('Vest i alt') is not guessed
    for text in (state.group or "", state.table.caption):
        level = _named_level(text, search=True)
        if level[0] is not None:
            return level
    kkrs = {municipality_by_code(r["municipality_code"]).kkr for r in state.rows}
    if len(kkrs) == 1:
        return KKR, kkrs.pop()
    if len({r["municipality_code"] for r in state.rows}) == len(municipalities()):
        return LANDSTAL, NATIONAL_AREA
    return None, None


def _named_level(text: str, search: bool = False) -> tuple[str | None, str | None]:
    """The level and area a label names: 'Hele landet', 'KKR syd', 'Region Østdanmark', 'Nordjylland'."""
    key = normalize(text)
    if not key:
        return None, None
    if key in V.NATIONAL_WORDS:
        return LANDSTAL, NATIONAL_AREA
    if key in V.KKR_AREAS:
        return KKR, V.KKR_AREAS[key]
    region = _region_of(text)
    if region is not None and (key.startswith("region ") or not search):
        return REGION, region
    if not search and not key.startswith(("kkr ", "region ")):
        return None, None
    kkr = _KKR_IN_TEXT.search(text)
    if kkr:
        name = normalize(kkr.group(0))
        return KKR, V.KKR_AREAS.get(name) or next((k for k in KKR_NAMES if k.lower() == name), kkr.group(0))
    region = _REGION_IN_TEXT.search(text)
    if region:
        return REGION, _region_of(region.group(0)) or region.group(0)
    return None, None


def _check_sum(doc: Document, state: _State, line: Line, level: str, area: str, year: int, quota: int,
               out: QuotaTables) -> None:
    """A stated total that differs from the sum of its rows is reported, not corrected.

    A total sums the rows since the previous total of the same level, so a table with one
    'Region … i alt' per region checks each part; a landstal is checked only over all 98.
    """
    rows = state.rows[state.summed_to.get(level, 0):]
    if level == LANDSTAL and len({r["municipality_code"] for r in rows}) < len(municipalities()):
        return
    got = sum(r["quota"] for r in rows if r["year"] == year)
    if got != quota:
        out.quotas.issues.append(doc.issue(line, f"quotas of {area} {year} sum to {got}, the table states {quota}",
                                           issues.SUM_MISMATCH, TOTALS))


# ── totals in running text ───────────────────────────────────────────────────────────────


def _running_text_totals(doc: Document, title_of: list[str | None], out: QuotaTables) -> None:
    """'Landstallet for 2027 er fastsat til 600 personer' -> a landstal total; likewise a regionskvote.

    Read from paragraphs (wrapped lines joined), so a sentence split over lines still counts.
    A regionskvote for a region the reference does not know ('Region Østjylland') takes its area
    from the municipalities the document lists when they all lie in one region (an `unknown_area`
    issue says so); otherwise it is reported and not loaded.
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
                     plain_years(text[: m.start()])[-1:] or plain_years(title_of[index] or "")[-1:])
            if not years:
                continue
            area = " ".join(m["area"].split())
            if area not in known_regions:
                listed = _region_of_rows(out.quotas.rows)
                if listed is None:
                    reason = f"regionskvote for unknown region '{area}' not loaded"
                    out.quotas.issues.append(doc.issue(doc.lines[index], reason, issues.UNKNOWN_AREA, TOTALS))
                    continue
                reason = f"'{area}' is no known region: read as {listed}, where all the listed municipalities lie"
                out.quotas.issues.append(doc.issue(doc.lines[index], reason, issues.UNKNOWN_AREA, TOTALS))
                area = listed
            _add_text_total(doc, doc.lines[index], years[0], REGION, area, m["n"], have, out)


def _region_of_rows(rows: list[dict]) -> str | None:
    """The one region (today's, else the 2027 one) all quota rows' municipalities lie in, or None."""
    codes = {r["municipality_code"] for r in rows}
    if not codes:
        return None
    table = municipalities().filter(municipalities()["code"].is_in(list(codes)))
    for column in ("region", "region_2027"):
        regions = set(table[column].to_list())
        if len(regions) == 1:
            return regions.pop()
    return None


def _add_text_total(doc: Document, line: Line, year: int, level: str, area: str, number: str,
                    have: set[tuple], out: QuotaTables) -> None:
    if (year, level, area) in have:
        return
    have.add((year, level, area))
    out.totals.rows.append(_total(doc, year, level, area, parse_int(number), line))


# ── lists that were not understood ───────────────────────────────────────────────────────


def _report_unread(doc: Document, items, read: set[int | None], out: QuotaTables) -> None:
    """A section about quotas with a run of municipality names and figures but no list read: one issue.

    Quietly loading nothing is the failure this guards against: 'quota table on page 19 not understood'.
    """
    sections = [(item.start, item.end, item.start) for item in items] or [(0, len(doc.lines), None)]
    for start, end, key in sections:
        if key in read:
            continue
        lines = doc.lines[start:end]
        text = " ".join(line.text for line in lines).lower()
        if not any(stem in text for stem in (*V.QUOTA_STEMS, *V.QUOTA_WORDS, *V.REFUGEE_STEMS)):
            continue  # the cheap test first: most sections never mention refugees
        if not any(quota_context(line.text) for line in lines):
            continue
        run = _figure_run(lines)
        if run is not None:
            out.quotas.issues.append(doc.issue(run, f"quota table on page {run.page} not understood",
                                               issues.TABLE_NOT_READ, QUOTAS))


def _mentions(line: Line) -> tuple[int, int]:
    """(municipalities named, figures) on one line."""
    label, values = label_and_values(line)
    text = line.text
    if find_municipality(label) is not None:
        return 1, len(values)
    words = re.findall(r"[A-ZÆØÅ][\w\-]+(?:\s+Regionskommune)?", text)
    names = sum(find_municipality(w) is not None for w in words)
    figures = sum(is_figure(t.rstrip(".,;:")) and not re.fullmatch(r"(19|20)\d\d", t.rstrip(".,;:"))
                  for t in text.split())
    return names, figures


def _figure_run(lines) -> Line | None:
    """The first line of a run of municipality names and figures (or a line holding a list of them)."""
    return table_like_run(lines, _mentions, own_line=(3, 3), lone_figures=True)
