"""Dates and times as Danish documents write them, found inside a line.

Shapes: '26. august 2020', '4. feb. 2025', 'den 15-maj-2002', '03-12-2013', '26.08.2020',
'2020-08-26', '8/3 2021', 'April 3, 2019' (English portal templates), each optionally with a
weekday before it ('onsdag den', 'Tirsdag d.') and a time after it ('kl. 17:00', '16:00',
'Kl. 19.00'). Month and weekday names, with their short forms, come from dateparser's
Danish (and English) translation data rather than from a hand-grown table.
Numeric dates are day-month-year: a Danish document never writes month first, so
'03-04-2018' is 3 April.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

_MONTH_KEYS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
               "october", "november", "december")
_WEEKDAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@cache
def month_words() -> dict[str, int]:
    """'januar' -> 1, 'jan' -> 1, 'marts' -> 3, ... (Danish, then English where not clashing)."""
    from dateparser.data.date_translation_data import da, en

    out: dict[str, int] = {}
    for info in (da.info, en.info):
        for number, key in enumerate(_MONTH_KEYS, start=1):
            for word in info.get(key, ()):
                out.setdefault(word.lower().rstrip("."), number)
    out.setdefault("sept", 9)  # 'sept.' is common in Danish minutes and missing from the data
    return out


@cache
def weekday_words() -> tuple[str, ...]:
    from dateparser.data.date_translation_data import da, en

    words = {w.lower().rstrip(".") for info in (da.info, en.info) for k in _WEEKDAY_KEYS for w in info.get(k, ())}
    return tuple(sorted(words, key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class DateMatch:
    """A date found in a line: the date, its span in the text, the time after it, if a weekday led it."""

    value: date
    start: int
    end: int
    time: str | None
    weekday: bool


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _patterns() -> tuple[re.Pattern, ...]:
    months = _alt(month_words())
    weekday = rf"(?P<wd>\b(?:{_alt(weekday_words())})\.?,?\s+(?:(?:den|d\.)\s+)?)?"
    time = r"(?:[\s,–-]*(?:kl\.?|klokken)?\s*(?P<hh>[012]?\d)[:.](?P<mm>[0-5]\d)\b)?"
    lead = r"(?<![\d.\-/])"
    return (
        # 26. august 2020 / 4. feb. 2025 / 15-maj-2002 / 7 august 2025 / 31. maj, 2017
        re.compile(rf"{weekday}{lead}(?P<d>[0-3]?\d)(?:\.\s*|\s+|-)(?P<mon>{months})\.?(?:,?\s+|-)(?P<y>(?:19|20)\d\d)\b{time}",
                   re.IGNORECASE),
        # 26-08-2020 / 26.08.2020 / 26/08/2020 / 26.8.20 is too ambiguous: four-digit years only
        re.compile(rf"{weekday}{lead}(?P<d>[0-3]?\d)(?P<sep>[-./])(?P<m>[01]?\d)(?P=sep)(?P<y>(?:19|20)\d\d)\b{time}",
                   re.IGNORECASE),
        # ISO 2020-08-26
        re.compile(rf"{weekday}{lead}(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b{time}", re.IGNORECASE),
        # English templates: 'April 3, 2019'
        re.compile(rf"{weekday}\b(?P<mon>{months})\.?\s+(?P<d>[0-3]?\d),?\s+(?P<y>(?:19|20)\d\d)\b{time}", re.IGNORECASE),
    )


def find_dates(text: str) -> list[DateMatch]:
    """Every valid date in `text`, left to right (impossible ones such as 31-02 are skipped)."""
    found: list[DateMatch] = []
    for pattern in _patterns():
        for m in pattern.finditer(text):
            if any(f.start <= m.start("y") < f.end for f in found):
                continue
            month = m.group("mon") if "mon" in pattern.groupindex else None
            number = month_words().get(month.lower().rstrip(".")) if month else int(m.group("m"))
            try:
                value = date(int(m.group("y")), number, int(m.group("d")))
            except (TypeError, ValueError):
                continue
            hh, mm = m.group("hh"), m.group("mm")
            clock = f"{int(hh):02d}:{mm}" if hh is not None and int(hh) < 24 else None
            found.append(DateMatch(value, m.start(), m.end(), clock, m.group("wd") is not None))
    return sorted(found, key=lambda f: f.start)


def parse_date(text: str) -> date | None:
    """The first date in `text`, or None."""
    found = find_dates(text)
    return found[0].value if found else None


_TIME = re.compile(r"(?:\bkl\.?|\bklokken)\s*(?P<hh>[012]?\d)(?:[:.](?P<mm>[0-5]\d))?\b|\b(?P<h2>[012]?\d)[:.](?P<m2>[0-5]\d)\b",
                   re.IGNORECASE)


def find_time(text: str) -> str | None:
    """'kl. 17:00', 'Kl. 19.00', '16:00', 'kl. 9' -> 'HH:MM'; None if the text has no time."""
    m = _TIME.search(text)
    if not m:
        return None
    hh, mm = (m.group("hh"), m.group("mm") or "00") if m.group("hh") is not None else (m.group("h2"), m.group("m2"))
    return f"{int(hh):02d}:{mm}" if int(hh) < 24 else None
