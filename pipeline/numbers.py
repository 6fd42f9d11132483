"""Danish numbers and money phrases: the one place that knows '1.259' is 1259 and '0,59' is 0.59.

Danish writes the thousands separator as '.' (or a space) and the decimal mark as ','. Every
parser reads figures through here, so a table cell, a quota and a sum in running text are
read by the same rules. Anything that is not a well-formed Danish number gives None rather
than a guess: '1.5' is neither 1.5 nor 15 in a Danish document, it is a typo or a section number.
"""

from __future__ import annotations

import re
from decimal import Decimal

# Thousands groups with '.', a space or a no-break/thin space; decimals after ','.
_GROUP_SEP = "[. \u00a0\u202f]"
_NUMBER = re.compile(
    rf"^(?P<sign>[-+\u2212\u2013]?)\s*"
    rf"(?P<int>\d{{1,3}}(?:{_GROUP_SEP}\d{{3}})+|\d+)"
    r"(?:,(?P<frac>\d+))?$"
)
# The pattern inside text (no anchors), for callers that look for a number in a phrase.
NUMBER_IN_TEXT = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"

# A quota table writes 'no refugees' as a dash.
_DASHES = {"-", "\u2013", "\u2014", "\u2212"}
# One figure cell or token of a table: '1.259', '0,59', '12', '-3', or a dash meaning none.
FIGURE = re.compile(
    r"^(?:[-\u2013\u2014\u2212]|[-\u2212]?\d{1,3}(?:\.\d{3})+(?:,\d+)?|[-\u2212]?\d+(?:,\d+)?)$"
)
# A four-digit year as tables and captions write it (1950-2199).
YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d|21\d\d)(?!\d)")

# Money scale words, after or before 'kr.': 'mio.', 'mia.', 'mill.', 'tkr.'/'t.kr.'.
_SCALES: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"\b(?:mia|mrd)\.?|\bmilliard(?:er)?\b", re.IGNORECASE), 1_000_000_000),
    (re.compile(r"\b(?:mio|mill)\.?|\bmillion(?:er)?\b", re.IGNORECASE), 1_000_000),
    (re.compile(r"\bt\.?\s?kr\b|\btusind\b", re.IGNORECASE), 1_000),
)
def money_unit(text: str) -> int | None:
    """The unit a table caption or header gives its figures in: 'Beløb i 1.000 kr.' -> 1000,
    'mio. kr.' -> 10^6, 'Pris kr.' -> 1; None when it names no money at all."""
    if _MONEY_WORD.search(text) is None:
        return None
    if re.search(r"\b1\.000\s*(?:kr|kroner|dkk)\b", text, re.IGNORECASE):  # in a header '1.000 kr.' is a unit
        return 1_000
    return next((factor for pattern, factor in _SCALES if pattern.search(text)), 1)


_MONEY_WORD = re.compile(r"\b(?:kr|kroner|dkk)\b", re.IGNORECASE)
_NUMBER_IN_PHRASE = re.compile(rf"[-\u2212]?(?:{NUMBER_IN_TEXT})")


def _decimal(text: str) -> Decimal | None:
    if text is None:
        return None
    m = _NUMBER.match(str(text).strip())
    if m is None:
        return None
    digits = re.sub(_GROUP_SEP, "", m.group("int"))
    frac = m.group("frac")
    value = Decimal(f"{digits}.{frac}" if frac else digits)
    return -value if m.group("sign") in {"-", "\u2212", "\u2013"} else value


def _plain(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def parse_number(text: str | None) -> int | float | None:
    """'1.259' -> 1259, '0,59' -> 0.59, '-1.363,5' -> -1363.5, '2,50' -> 2.5; None if not a number.

    Whole numbers come back as int, so a count stays a count ('6.000' -> 6000).
    """
    value = _decimal(text)
    return None if value is None else _plain(value)


def parse_int(text: str | None) -> int | None:
    """A whole Danish number ('1.038' -> 1038); None for '2,5', words or empty cells."""
    value = _decimal(text)
    if value is None or value != value.to_integral_value():
        return None
    return int(value)


def parse_quota_cell(text: str | None) -> int | None:
    """A refugee-quota cell: a whole number, or a dash ('-', '–') meaning 0; None otherwise."""
    if text is None:
        return None
    text = str(text).strip()
    if text in _DASHES:
        return 0
    return parse_int(text)


def is_figure(token: str | None) -> bool:
    """True for a figure cell or token ('1.259', '0,59', '-', '12'); False for words and '1.5'."""
    return token is not None and bool(FIGURE.match(str(token).strip()))


def is_dash(token: str | None) -> bool:
    """True for a cell that is only a dash ('-', '–'): in a table of counts, none."""
    return token is not None and str(token).strip() in _DASHES


def parse_count(text: str | None) -> int | None:
    """A count cell of a figure table: a whole number ('1.259' -> 1259), a dash meaning 0; None otherwise.

    The same rule as a quota cell: tables of places and quotas both write 'none' as '-'.
    """
    return parse_quota_cell(text)


def parse_year(text: str | None) -> int | None:
    """The year when the whole text is one ('2021' -> 2021, ' 2027 ' -> 2027), else None."""
    if text is None:
        return None
    text = str(text).strip()
    return int(text) if YEAR.fullmatch(text) else None


def parse_amount_dkk(text: str | None) -> float | None:
    """A money phrase in kroner: '1,2 mio. kr.' -> 1_200_000, 'kr. 100.000' -> 100_000.

    The phrase must say it is money ('kr.', 'kroner', 'DKK'); a scale word ('mio.', 'mia.',
    'mill.', 't.kr.') multiplies the figure. Percentages and bare counts give None.
    """
    if not text or _MONEY_WORD.search(text) is None:
        return None
    if re.search(r"%|\bpct\b|\bprocent\b", text, re.IGNORECASE):
        return None
    m = _NUMBER_IN_PHRASE.search(text)
    if m is None:
        return None
    value = _decimal(m.group(0))
    if value is None:
        return None
    rest = text[: m.start()] + " " + text[m.end():]
    for pattern, factor in _SCALES:
        if pattern.search(rest):
            value *= factor
            break
    return float(value)
