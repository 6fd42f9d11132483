"""`meeting_schedule`: planned meetings from a meeting plan and from 'Næste møde …' sentences.

A plan is a run of date lines under a plan heading ('Mødeplan 2027', 'Mødekalender', 'Møder i
2027') or a year line ('2027'). A date line is what real plans write: 'Fredag den 12. februar',
'Torsdag d. 4. marts kl. 9.30', '12. februar 2027 kl. 10.00', 'tirsdag 7. maj' — with or without
weekday or year, with a note in brackets — or a table row holding such a date in a cell. The
year comes from the line, else from the year line or heading above. The weekday is kept as
written (capitalised) so validation can check the date really is that weekday. Dates are read
by `pipeline.dates`, the one reader of Danish dates.
A plan heading followed by no readable date is a `table_not_read` issue.
"""

from __future__ import annotations

import re
from datetime import date

from pipeline import issues
from pipeline.dates import find_dates, month_words, weekday_words
from pipeline.models import Document, Line, Parsed

TABLE = "meeting_schedule"
PLAN_HEADING = re.compile(
    r"^(?:mødeplan|mødekalender|mødedatoer|møderække|mødeoversigt|møder\s+i|mødedage|planlagte\s+møder)\b",
    re.IGNORECASE,
)
YEAR = re.compile(r"\b(20\d\d)\b")
YEAR_LINE = re.compile(r"^(?:år\s+)?(20\d\d)\s*:?$", re.IGNORECASE)
NEXT_MEETING = re.compile(r"\bnæste\s+møde(?:\s+i\s+(?P<body>[^,.]+?))?\s+(?:afholdes|planlægges\s+afholdt|holdes|er|bliver)\b",
                          re.IGNORECASE)
NOTE = re.compile(r"\((?P<note>[^)]*)\)")


def _yearless() -> re.Pattern:
    """'Fredag den 12. februar', 'd. 4. marts', '7. maj' (a plan line that leaves the year to its heading)."""
    months = "|".join(sorted(month_words(), key=len, reverse=True))
    weekdays = "|".join(sorted(weekday_words(), key=len, reverse=True))
    return re.compile(
        rf"^(?:(?P<weekday>{weekdays})\.?,?\s+)?(?:(?:den|d\.)\s+)?(?P<day>[0-3]?\d)\.\s*(?P<month>{months})\.?(?![\wæøå])",
        re.IGNORECASE,
    )


_YEARLESS: re.Pattern | None = None


def _plan_date(text: str, year: int | None) -> tuple[date, str | None] | None:
    """The date a plan line states (and the weekday as written), or None when it is no date line."""
    global _YEARLESS
    found = [d for d in find_dates(text) if d.start <= 20]
    weekday = _weekday_of(text)
    if found:
        return found[0].value, weekday
    _YEARLESS = _YEARLESS or _yearless()
    m = _YEARLESS.match(text)
    if not m or year is None:
        return None
    try:
        return date(year, month_words()[m.group("month").lower().rstrip(".")], int(m.group("day"))), weekday
    except ValueError:
        return None


def _weekday_of(text: str) -> str | None:
    first = text.split()[0].rstrip(".,").lower() if text.split() else ""
    full = {w for w in weekday_words() if len(w) > 4}
    return first.capitalize() if first in full else None


def parse_meeting_schedule(doc: Document) -> Parsed:
    parsed = Parsed()
    seen: set[date] = set()
    year: int | None = None
    in_plan = False
    heading: Line | None = None
    dates_under_heading = 0
    for line in doc.lines:
        text = " ".join((line.cells or (line.text,))).strip() if line.cells else line.text.strip()
        if PLAN_HEADING.match(text) or YEAR_LINE.match(text):
            if PLAN_HEADING.match(text):
                _close(doc, parsed, heading, dates_under_heading)
                heading, dates_under_heading = line, 0
            y = YEAR.search(text)
            year = int(y.group(1)) if y else year
            in_plan = True
            continue
        got = _plan_date(text, year) if in_plan else None
        if got is not None:
            when, weekday = got
            note = NOTE.search(text)
            dates_under_heading += 1
            if when not in seen:
                seen.add(when)
                parsed.rows.append(_row(doc, when, weekday, note.group("note") if note else None, "plan", line.page))
            continue
        if in_plan and text:
            in_plan = False
        for n in NEXT_MEETING.finditer(text):
            hit = next((d for d in find_dates(text) if d.start >= n.end()), None)
            if hit is not None and hit.value not in seen:
                seen.add(hit.value)
                body = (n.group("body") or "").strip() or None
                parsed.rows.append(_row(doc, hit.value, None, "næste møde", "next_meeting", line.page, body))
    _close(doc, parsed, heading, dates_under_heading)
    return parsed


def _close(doc: Document, parsed: Parsed, heading: Line | None, found: int) -> None:
    if heading is not None and found == 0:
        parsed.issues.append(doc.issue(heading, "meeting plan heading without a readable date under it",
                                       issues.TABLE_NOT_READ, TABLE))


def _row(doc, when, weekday, note, kind, page, body=None) -> dict:
    return {
        "document_id": doc.document_id,
        "body": body or doc.body,
        "meeting_date": when,
        "weekday": weekday,
        "note": note.strip() if note else None,
        "kind": kind,
        "page": page,
    }
