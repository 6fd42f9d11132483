"""SOSU tables (social- og sundhedshjælper/-assistent) -> `sosu_training_places` rows.

Two kinds of table occur: the KKR dimensioning ('Dimensionering 2026' … per KKR and 'Hele landet')
and the national count of signed training agreements per year ('Indgåede uddannelsesaftaler …
2021-2025'). The tables come from `pipeline.structure.tables` in any layout (cells, tabs, one cell
per line, …), and either way round:
- programmes as columns ('SSH' / 'SSA', 'Social- og sundheds- hjælpere'), areas or years as rows;
- programmes as rows, areas ('KKR Nord') or years as columns.
Each figure takes its programme, measure and year from the nearest place that states them: its
column header ('SSH Dimensionering 2026' holds all three), its row label (a year), the caption,
the sentences above the table (about SOSU), the item title. Areas are read from the vocabulary
('KKR syd' -> 'KKR Syddanmark'); a table total ('Samlet', 'I alt') over the five KKR is the
national figure 'Hele landet'.

Averages ('Gennemsnit 2021-25') and 'I alt' columns/rows over years are derived from the other
cells, so they are left out: storing them would count the same places twice. PAU (pædagogisk
assistent) beside SOSU is recognised and left out with one `out_of_scope` issue per table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline import enums, issues
from pipeline.models import Document, Line, Parsed
from pipeline.numbers import is_figure, parse_count, parse_year
from pipeline.parsers.items import find_items
from pipeline.contract import key_of
from pipeline.parsers.tablerows import drop_repeats, label_and_values
from pipeline.reference import KKR_NAMES, find_municipality
from pipeline.structure.tables import (
    Row, Table, find_tables, find_terms, has_term, is_total_label, lookup_term, normalize, plain_years, sentences,
    table_like_run,
)
from pipeline.vocabulary import tables as V

NATIONAL = enums.NATIONAL_AREA
TABLE = "sosu_training_places"
_WEAK_STEMS = frozenset({"hjælper", "assistent"})  # a programme word only in SOSU context


@dataclass(frozen=True)
class Meaning:
    """What a column header or a row label says."""

    program: str | None = None  # 'hjælper' / 'assistent'
    out_of_scope: str | None = None  # 'PAU'
    derived: bool = False  # 'Gennemsnit', '%', …
    total: str | None = None  # 'national' ('Hele landet') or 'total' ('I alt', 'Samlet')
    year: int | None = None
    measure: str | None = None
    area: str | None = None  # a KKR
    municipality: bool = False
    strong: bool = False  # the programme word is unmistakable ('social- og sundhedshjælper', 'SSH')


def meaning(text: str | None) -> Meaning:
    """'SSH Dimensionering 2026' -> hjælper, dimensionering, 2026; 'KKR syd' -> area KKR Syddanmark."""
    text = text or ""
    key = normalize(text)
    out_of_scope = lookup_term(text, V.OUT_OF_SCOPE_PROGRAMME_STEMS, V.OUT_OF_SCOPE_PROGRAMME_WORDS)
    rest = key
    for term in find_terms(text, tuple(V.OUT_OF_SCOPE_PROGRAMME_STEMS), tuple(V.OUT_OF_SCOPE_PROGRAMME_WORDS)):
        rest = rest.replace(term, " ")
    found = find_terms(rest, tuple(V.PROGRAMME_STEMS), tuple(V.PROGRAMME_WORDS))
    program = (V.PROGRAMME_WORDS.get(found[0]) or V.PROGRAMME_STEMS.get(found[0])) if found else None
    derived = has_term(text, words=V.DERIVED_WORDS)
    total = None
    if key in V.NATIONAL_WORDS or has_term(text, words=("hele landet", "landstal", "landstallet")):
        total = "national"
    elif is_total_label(text):
        total = "total"
    years = sorted(set(plain_years(text)))
    area = V.KKR_AREAS.get(key) or lookup_term(text, words=V.KKR_AREAS)
    if area is None and key in V.REGION_AREAS:
        area = V.REGION_KKR.get(V.REGION_AREAS[key])
    return Meaning(
        program=None if derived else program,
        out_of_scope=out_of_scope,
        derived=derived,
        total=total,
        year=years[0] if len(years) == 1 else None,
        measure=lookup_term(text, V.MEASURE_STEMS),
        area=area,
        municipality=area is None and total is None and find_municipality(text) is not None,
        strong=bool(found) and found[0] not in _WEAK_STEMS,
    )


def program_of(text: str) -> str | None:
    """'Social- og sundheds- hjælpere' -> 'hjælper'; None for 'I alt', PAU and other headers."""
    return meaning(text).program


def measure_of(text: str) -> str | None:
    return meaning(text).measure


def sosu_context(text: str | None) -> bool:
    return has_term(text, V.SOSU_CONTEXT_STEMS, V.SOSU_CONTEXT_WORDS)


def parse_sosu(doc: Document) -> Parsed:
    """All SOSU places of `doc`: one row per area/year, programme and measure."""
    out = Parsed()
    read: set[int | None] = set()
    for table in find_tables(doc):
        if _read_table(doc, table, out):
            read.add(table.item_start)
    _report_unread(doc, read, out)
    return drop_repeats(doc, out, key_of(TABLE), "SOSU places")


# ── one table ────────────────────────────────────────────────────────────────────────────


def _defaults(table: Table) -> tuple[int | None, str | None, str | None]:
    """Year, measure and KKR that the caption, the SOSU sentences above, or the item title state."""
    texts = [table.caption] + [t for t, _ in table.context if t != table.caption] + [table.title or ""]
    texts = [t for k, t in enumerate(texts) if t and (k == 0 or sosu_context(t) or has_term(t, V.MEASURE_STEMS))]
    year = measure = area = None
    for text in texts:
        for sentence in reversed(sentences(text)) or [text]:
            if year is None:
                years = sorted(set(plain_years(sentence)))
                if len(years) == 1:
                    year = years[0]
            if measure is None:
                measure = lookup_term(sentence, V.MEASURE_STEMS)
        if area is None and text is table.caption:
            kkrs = {V.KKR_AREAS.get(normalize(m)) for m in re.findall(r"\bKKR\s+\w+", text, re.IGNORECASE)}
            kkrs.discard(None)
            area = kkrs.pop() if len(kkrs) == 1 else None
    return year, measure, area


def _read_table(doc: Document, table: Table, out: Parsed) -> bool:
    """Read one table if it is a SOSU table; True when it was one (rows or a reported issue)."""
    columns = [meaning(c) for c in table.columns]
    entries = [e for e in table.entries() if e.kind in ("data", "total")]
    labels = [meaning(e.label) for e in entries]
    if len(columns) == 1 and not columns[0].program and not any(m.program for m in labels):
        caption = meaning(table.caption)  # 'Elever på social- og sundhedshjælperuddannelsen 2031': one column
        if caption.program and not caption.out_of_scope:
            c = columns[0]
            columns = [Meaning(program=caption.program, year=c.year, measure=c.measure, strong=caption.strong)]
    by_column = any(c.program for c in columns)
    by_row = not by_column and any(m.program for m in labels)
    pau = any(c.out_of_scope for c in columns) or any(m.out_of_scope for m in labels)
    near = [table.caption, table.title or "", *(t for t, _ in table.context)]
    in_context = any(sosu_context(t) for t in near + list(table.columns))
    strong = any(c.strong for c in columns) or any(m.strong for m in labels)
    first = doc.lines[table.first_row]
    if not by_column and not by_row:
        if pau and in_context:
            out.issues.append(doc.issue(first, f"PAU table on page {first.page} is not SOSU; not loaded",
                                        issues.OUT_OF_SCOPE, TABLE))
            return True
        return False
    if not (strong or in_context):
        return False
    year, measure, area = _defaults(table)
    got = Parsed()
    if by_column:
        _by_column(doc, table, entries, labels, columns, year, measure, area, got)
    else:
        _by_row(doc, table, entries, labels, columns, year, measure, area, got)
    if pau:
        out.issues.append(doc.issue(first, "PAU figures beside SOSU recognised and not loaded",
                                    issues.OUT_OF_SCOPE, TABLE))
    if not got.rows and not got.issues:
        out.issues.append(doc.issue(first, f"SOSU table on page {first.page} not understood",
                                    issues.TABLE_NOT_READ, TABLE))
    out.extend(got)
    _check_sums(doc, got.rows, entries, out)
    return True


def _row_area(entry: Row, label: Meaning, labels: list[Meaning], default_area: str | None) -> tuple[str, str | None]:
    """('area', name), ('year', None) for a year row, ('skip', why) for derived rows and others."""
    if label.year is not None and parse_year(entry.label) is not None:
        return "year", None
    if label.derived:
        return "skip", None
    if label.total == "national":
        return "area", NATIONAL
    if label.area is not None:
        return "area", label.area  # 'KKR Nordjylland' or 'KKR Nordjylland i alt'
    if label.total == "total":
        if any(m.area is not None and m.total is None for m in labels):
            return "area", NATIONAL  # 'Samlet' under the five KKR
        return "skip", None  # 'I alt' over years is derived
    if label.municipality:
        return "skip", "municipality"
    return "skip", "unknown"


def _by_column(doc, table, entries, labels, columns, year, measure, area, out: Parsed) -> None:
    municipal = False
    missing = False
    for entry, label in zip(entries, labels):
        kind, value = _row_area(entry, label, labels, area)
        if kind == "skip":
            if value == "municipality":
                municipal = True
            elif value == "unknown":
                out.issues.append(doc.issue(entry.line, f"SOSU row '{entry.label}' names no KKR or the whole country",
                                            issues.UNKNOWN_AREA, TABLE))
            continue
        if len(entry.values) != len(columns):
            out.issues.append(doc.issue(entry.line, (
                f"SOSU row has {len(entry.values)} figures, header has {len(columns)} columns"),
                issues.UNREADABLE_ROW, TABLE))
            continue
        row_year = parse_year(entry.label) if kind == "year" else None
        row_area = (area or NATIONAL) if kind == "year" else value
        for column, cell in zip(columns, entry.values):
            if column.program is None:
                continue
            y = row_year or column.year or year
            m = column.measure or measure
            if y is None or m is None:
                missing = True
                continue
            _add(doc, out, entry.line, y, row_area, column.program, m, cell)
    _report_missing(doc, table, missing, municipal, out)


def _by_row(doc, table, entries, labels, columns, year, measure, area, out: Parsed) -> None:
    column_areas = []
    kkr_columns = any(c.area is not None and c.total is None for c in columns)
    for c in columns:
        if c.derived:
            column_areas.append(None)
        elif c.total == "national" or (c.total == "total" and kkr_columns):
            column_areas.append(NATIONAL)
        elif c.area is not None:
            column_areas.append(c.area)
        elif c.total is None and (c.year is not None or len(columns) == 1):
            column_areas.append(area or NATIONAL)
        else:
            column_areas.append(None)
    missing = False
    for entry, label in zip(entries, labels):
        if label.program is None:
            continue
        if len(entry.values) != len(columns):
            out.issues.append(doc.issue(entry.line, (
                f"SOSU row has {len(entry.values)} figures, header has {len(columns)} columns"),
                issues.UNREADABLE_ROW, TABLE))
            continue
        for column, col_area, cell in zip(columns, column_areas, entry.values):
            if col_area is None:
                continue
            y = column.year or label.year or year
            m = column.measure or label.measure or measure
            if y is None or m is None:
                missing = True
                continue
            _add(doc, out, entry.line, y, col_area, label.program, m, cell)
    _report_missing(doc, table, missing, False, out)


def _report_missing(doc: Document, table: Table, missing: bool, municipal: bool, out: Parsed) -> None:
    first = doc.lines[table.first_row]
    if missing:
        out.issues.append(doc.issue(first, (
            f"SOSU table on page {first.page}: figures without a year or a measure in header, caption or text"),
            issues.TABLE_NOT_READ, TABLE))
    if municipal:
        out.issues.append(doc.issue(first, "SOSU places per municipality are not loaded (per KKR and nationally only)",
                                    issues.OUT_OF_SCOPE, TABLE))


def _add(doc: Document, out: Parsed, line: Line, year: int, area: str, program: str, measure: str, cell: str) -> None:
    places = parse_count(cell)
    if places is None:
        out.issues.append(doc.issue(line, f"SOSU figure '{cell}' is not a number", issues.UNREADABLE_ROW, TABLE))
        return
    out.rows.append({
        "document_id": doc.document_id, "year": year, "area": _area_name(area),
        "program": program, "measure": measure, "places": places, "page": line.page,
    })


def _area_name(label: str) -> str:
    """'Hele landet' / 'Landet' -> 'Hele landet'; 'KKR HOVEDSTADEN' -> 'KKR Hovedstaden'; else as written."""
    label = " ".join(label.split())
    if normalize(label) in V.NATIONAL_WORDS:
        return NATIONAL
    return V.KKR_AREAS.get(normalize(label)) or next((k for k in KKR_NAMES if k.lower() == label.lower()), label)


def _check_sums(doc: Document, rows: list[dict], entries: list[Row], out: Parsed) -> None:
    """The five KKR of a table that add up to something else than its national figure: reported."""
    groups: dict[tuple, dict[str, int]] = {}
    for r in rows:
        groups.setdefault((r["year"], r["program"], r["measure"]), {})[r["area"]] = r["places"]
    for (year, program, measure), areas in groups.items():
        if NATIONAL not in areas or not all(k in areas for k in KKR_NAMES):
            continue
        summed = sum(areas[k] for k in KKR_NAMES)
        if summed != areas[NATIONAL]:
            line = next((e.line for e in entries if _area_name(e.label) == NATIONAL or is_total_label(e.label)),
                        entries[-1].line)
            out.issues.append(doc.issue(line, (
                f"SOSU {measure} {program} {year}: the five KKR sum to {summed}, the table states {areas[NATIONAL]}"),
                issues.SUM_MISMATCH, TABLE))


# ── tables that were not understood ──────────────────────────────────────────────────────


def _report_unread(doc: Document, read: set[int | None], out: Parsed) -> None:
    """A SOSU section with a run of KKR names/programmes and figures but no table read: one issue."""
    items = find_items(doc)
    sections = [(item.start, item.end, item.start) for item in items] or [(0, len(doc.lines), None)]
    for start, end, key in sections:
        if key in read:
            continue
        lines = doc.lines[start:end]
        text = normalize(" ".join(line.text for line in lines))
        if not any(term in text for term in (*V.SOSU_CONTEXT_STEMS, *V.SOSU_CONTEXT_WORDS)):
            continue  # the cheap test first: most sections never mention SOSU
        if not any(sosu_context(line.text) for line in lines):
            continue
        run = _figure_run(lines)
        if run is not None:
            out.issues.append(doc.issue(run, f"SOSU table on page {run.page} not understood",
                                        issues.TABLE_NOT_READ, TABLE))


def _mentions(line) -> tuple[int, int]:
    """(KKR, programme or national area named: 0 or 1, figures that are no year) on one line."""
    label, values = label_and_values(line)
    text = label or line.text
    m = meaning(text) if len(text) <= 60 else Meaning()
    named = int(m.area is not None or m.program is not None or m.total == "national")
    figures = sum(is_figure(t.rstrip(".,;:")) and parse_year(t.rstrip(".,;:")) is None for t in line.text.split())
    return named, figures


def _figure_run(lines) -> Line | None:
    """The first line of a run of KKR names / programmes and figures."""
    return table_like_run(lines, _mentions)
