"""Labelled fields: 'Mødested Multisalen', 'Udvalg: Byrådet', 'Dato:' then the value below.

Real headers write a field in four ways, and all four give the same `Field`:
- label and value on one line, with a colon ('Udvalg: Byrådet') or without ('Mødested Multisalen');
- the label alone ('Dato:') and the value on the next line;
- a label column and a value column flattened into two runs (three label lines, then three values);
- several fields on one line ('Dato: 29. januar 2020 Lokale: Byrådssalen').
Labels come from `vocabulary.meetings` (field labels, attendance headings, case labels), so a
label is a known word, never any text before a colon.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.models import Line
from pipeline.vocabulary import meetings as V


@dataclass(frozen=True, slots=True)
class Field:
    """One labelled value. `kind` is the vocabulary's key ('date', 'place', 'attendance', 'case')."""

    kind: str
    label: str  # the label as the vocabulary has it (lower case), e.g. 'mødested', 'fraværende'
    value: str  # '' when the document leaves it empty
    index: int  # index of the label's line in the lines searched
    value_index: int  # index of the value's (first) line
    colon: bool  # the label was written with a colon


@cache
def labels() -> dict[str, str]:
    """Every known label (lower case) -> its kind."""
    out = {}
    for kind, words in V.FIELD_LABELS.items():
        out.update({w: kind for w in words})
    out.update({w: "attendance" for w in V.ATTENDANCE_HEADINGS})
    out.update({w: "case" for w in V.CASE_LABELS if w != "sag"})
    out.update({w: "not_case" for w in V.NOT_CASE_LABELS})
    out.update({w: "non_member" for w in V.NON_MEMBER_HEADINGS})
    return out


@cache
def _label_pattern() -> re.Pattern:
    alternatives = "|".join(re.escape(w) for w in sorted(labels(), key=len, reverse=True))
    # A label starts the line or follows another field's value; it ends at ':' or a space.
    return re.compile(rf"(?:(?<=^)|(?<=\s))(?P<label>{alternatives})(?P<colon>\s*[:.]|(?=\s)|$)", re.IGNORECASE)


def _strip(value: str) -> str:
    return value.strip(" \t:-–|")  # '|': a markdown table's cell edge ('Dato: |' / '27-02-2018 19:00:00 |')


def label_at_start(text: str) -> tuple[str, str, bool] | None:
    """(label, rest, colon) when `text` starts with a known label, else None.

    Without a colon the label must be followed by a space and the value ('Mødested Multisalen');
    'Deltagerne var' or 'Medlemmer' alone count as a label line too.
    """
    m = _label_pattern().match(text.strip())
    if not m or not text.strip()[:1].isupper():  # a label opens its line with a capital ('Fraværende')
        return None
    rest = text.strip()[m.end():]
    if re.fullmatch(r"\.{2,}\s*\d*\s*|[.\s]*\t\s*\d+\s*", rest):  # a table-of-contents entry, not a field
        return None
    colon = ":" in m.group("colon")
    if not colon and rest and not rest[:1].isspace() and m.group("colon") != ".":
        return None
    return m.group("label").lower(), _strip(rest), colon


def find_fields(lines: list[Line] | tuple[Line, ...], start: int = 0, stop: int | None = None) -> list[Field]:
    """The fields of lines[start:stop], in order."""
    stop = len(lines) if stop is None else min(stop, len(lines))
    known = labels()
    out: list[Field] = []
    pending: list[tuple[int, str, bool]] = []  # label-only lines waiting for their values
    i = start
    while i < stop:
        text = lines[i].text.strip()
        got = label_at_start(text)
        if got is None:
            if pending:  # a run of label-only lines, then a run of values: pair them in order
                values = []
                while pending and i < stop and label_at_start(lines[i].text) is None:
                    label_index, label, colon = pending.pop(0)
                    out.append(Field(known[label], label, _strip(lines[i].text), label_index, i, colon))
                    values.append(i)
                    i += 1
                pending.clear()
                continue
            i += 1
            continue
        label, rest, colon = got
        if rest:
            for piece_label, piece_value, piece_colon in _split_inline(label, rest, colon):
                out.append(Field(known[piece_label], piece_label, piece_value, i, i, piece_colon))
            pending.clear()
        else:
            pending.append((i, label, colon))
        i += 1
    for label_index, label, colon in pending:  # labels left without values at the end
        out.append(Field(known[label], label, "", label_index, label_index, colon))
    return out


def _split_inline(label: str, rest: str, colon: bool) -> list[tuple[str, str, bool]]:
    """'Dato: 29. januar 2020 Lokale: Byrådssalen' -> two fields; only colon-marked labels split."""
    pieces = [(label, rest, colon)]
    while True:
        head_label, head_rest, head_colon = pieces[-1]
        m = next((m for m in _label_pattern().finditer(head_rest) if m.start() > 0 and ":" in m.group("colon")), None)
        if m is None:
            return pieces
        pieces[-1] = (head_label, _strip(head_rest[:m.start()]), head_colon)
        pieces.append((m.group("label").lower(), _strip(head_rest[m.end():]), True))
