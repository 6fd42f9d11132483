"""`meeting_schedule`: planned meetings from a meeting plan and from 'Næste møde …' sentences.

A plan lists a year line ('2027') and then 'Fredag den 12. februar' lines; the weekday is
kept as written so validation can check that the date really is that weekday.
"""

from __future__ import annotations

import re
from datetime import date

from pipeline.classify import DANISH_MONTHS, MONTH_ALT
from pipeline.models import Document, Parsed

WEEKDAYS = ("Mandag", "Tirsdag", "Onsdag", "Torsdag", "Fredag", "Lørdag", "Søndag")
YEAR_LINE = re.compile(r"^(20\d\d)$")
PLAN_LINE = re.compile(
    rf"^(?P<weekday>{'|'.join(WEEKDAYS)}) den (?P<day>\d{{1,2}})\.\s*(?P<month>{MONTH_ALT})"
    rf"(?:\s+(?P<year>20\d\d))?\s*(?:\((?P<note>[^)]*)\))?\s*$",
    re.IGNORECASE,
)
NEXT_MEETING = re.compile(
    rf"Næste møde i (?P<body>.+?) (?:afholdes|planlægges afholdt|holdes) (?:den )?"
    rf"(?P<day>\d{{1,2}})\.\s*(?P<month>{MONTH_ALT})\s+(?P<year>20\d\d)",
    re.IGNORECASE,
)


def parse_meeting_schedule(doc: Document) -> Parsed:
    parsed = Parsed()
    seen: set[date] = set()
    year: int | None = None
    for line in doc.lines:
        text = line.text.strip()
        if YEAR_LINE.match(text):
            year = int(text)
            continue
        m = PLAN_LINE.match(text)
        if m:
            y = int(m.group("year") or year or 0)
            when = _date(y, m.group("month"), m.group("day"))
            if when is None:
                parsed.issues.append(doc.issue(line, "meeting plan date without a valid year or day"))
                continue
            if when not in seen:
                seen.add(when)
                parsed.rows.append(_row(doc, when, m.group("weekday").capitalize(), m.group("note"), "plan", line.page))
            continue
        for n in NEXT_MEETING.finditer(text):
            when = _date(int(n.group("year")), n.group("month"), n.group("day"))
            if when is not None and when not in seen:
                seen.add(when)
                body = n.group("body").strip()
                parsed.rows.append(_row(doc, when, None, "næste møde", "next_meeting", line.page, body))
    return parsed


def _date(year: int, month: str, day: str) -> date | None:
    try:
        return date(year, DANISH_MONTHS[month.lower()], int(day))
    except (ValueError, KeyError):
        return None


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
