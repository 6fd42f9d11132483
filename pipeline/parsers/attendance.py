"""Participant lists ('Deltagere' / 'Afbud' / 'Fraværende') -> `attendance` rows.

Minutes list one person a line in a handful of shapes ('Name (V) Morsø Kommune',
'Name (A), Tårnby Kommune', 'Name, V, Aalborg Kommune', '... (suppleant for X)'). The list has
no end marker, so a section runs until the first line that is clearly not a person (an agenda
heading, a case number, body text). Lines that look like a person but cannot be read are
reported as parse issues rather than dropped, so a human can see what the parser missed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.models import Document, Line, Parsed
from pipeline.reference import find_municipality

PRESENT, ABSENT = "present", "absent"

# Section headings (compared after lower-casing and dropping a trailing colon).
_HEADINGS = {
    "deltagere": PRESENT,
    "til stede": PRESENT,
    "fremmødte": PRESENT,
    "afbud": ABSENT,
    "fraværende": ABSENT,
    "fraværende med afbud": ABSENT,
    "meldt afbud": ABSENT,
}

_LETTER = r"[A-ZÆØÅ]"
# '(suppleant for X)', 'stedfortræder for X', 'midlertidigt for X', 'som midlertidig suppleant for X'.
_SUBSTITUTE = re.compile(
    r"[\s,;–-]*\(?\s*(?:som\s+)?"
    r"(?:suppleant|stedfortræder|midlertidigt?(?:\s+(?:suppleant|stedfortræder|medlem))?)"
    r"\s+for\s+(?P<who>[^()]+?)\s*\)?\s*$",
    re.IGNORECASE,
)
_BRACKET_PARTY = re.compile(r"^(?P<name>[^(),]+?)\s*\((?P<party>[^()]*)\)\s*[,;:–-]?\s*(?P<rest>.*)$")
_NAME_PART = r"[A-ZÆØÅÉÜÖÄ][a-zæøåéèüöäáíóúçñ'’]+"
_NAME_TOKEN = re.compile(rf"^(?:{_NAME_PART}(?:-{_NAME_PART})*|[A-ZÆØÅ]\.(?:-?[A-ZÆØÅ]\.)*)$")
_PARTICLES = {"von", "van", "de", "da", "del", "der", "den", "di", "du", "la", "le", "el", "al", "bin"}
# Capitalised words that start headings, never a person's name ('Region Hovedstaden', 'Bilag 1').
_NOT_NAME_WORDS = {
    "Region", "Regionen", "Kommune", "Kommunen", "Regionskommune", "Bilag", "Side", "Punkt", "Sag",
    "Referat", "Dagsorden", "Møde", "Mødet", "Indstilling", "Beslutning", "Baggrund", "Sagsfremstilling",
}
_KOMMUNE = re.compile(r"(?:regions)?kommune", re.IGNORECASE)
_MUNI_THEN_NOTE = re.compile(r"^(?P<muni>.+?(?:Regions)?[Kk]ommune)(?=$|[\s,;:–-])[\s,;:–-]*(?P<note>.*)$")


@dataclass(frozen=True, slots=True)
class Participant:
    """One person line, read."""

    name: str
    party: str | None
    municipality_code: str | None
    substitute_for: str | None
    role_note: str | None


class Unreadable(ValueError):
    """A line that looks like a person but cannot be read; the message is the issue reason."""


def section_heading(text: str) -> str | None:
    """PRESENT/ABSENT if `text` is a participant-section heading, else None."""
    key = re.sub(r"\s+", " ", text.strip().rstrip(":").strip()).lower()
    return _HEADINGS.get(key)


def parse_participant(text: str) -> Participant | None:
    """Read one participant line.

    Returns None when the line is clearly not a person (it ends the list); raises `Unreadable`
    when it looks like one but its shape is not understood.
    """
    line = _normalise(text)
    if not line:
        return None
    person_like = _looks_like_person(line)

    substitute_for = None
    sub = _SUBSTITUTE.search(line)
    if sub and sub.start() > 0:
        substitute_for = sub["who"].strip(" .,;") or None
        line = line[: sub.start()].strip()

    # A stray closing bracket at the end ('Thisted Kommune)') is a typo, not structure.
    while line.endswith(")") and line.count(")") > line.count("("):
        line = line[:-1].rstrip()
    if line.count("(") != line.count(")"):
        return _fail(person_like, "unbalanced brackets")

    name, party, rest = _split_name_party(line)
    if party is not None and not re.fullmatch(_LETTER, party):
        return _fail(person_like, f"party {party!r} is not a list letter")
    if not _is_name(name):
        if party is None and substitute_for is None and not _names_municipality(rest):
            return None
        return _fail(person_like or party is not None, f"not a person's name: {name!r}")

    code, note = _municipality_and_note(rest)
    if code is None and note and _KOMMUNE.search(note):
        raise Unreadable(f"unknown municipality: {note!r}")
    return Participant(name, party, code, substitute_for, note)


def parse_attendance(doc: Document) -> Parsed:
    """All participant sections of `doc` as `attendance` rows (one row per person)."""
    parsed = Parsed()
    seen: dict[tuple, str] = {}
    status: str | None = None
    lines = [line for line in doc.lines if line.text.strip()]
    for index, line in enumerate(lines):
        heading = section_heading(line.text)
        if heading is not None:
            status = heading
            continue
        if status is None:
            continue
        try:
            person = parse_participant(line.text)
        except Unreadable as problem:
            parsed.issues.append(doc.issue(line, f"unreadable participant: {problem}"))
            continue
        if person is None:
            if _next_is_participant(lines, index + 1):
                parsed.issues.append(doc.issue(line, "unexpected line inside participant list"))
                continue
            status = None
            continue
        key = (_identity(person.name), person.party, person.municipality_code)
        if key in seen:
            reason = "duplicate participant" if seen[key] == status else "listed both present and absent"
            parsed.issues.append(doc.issue(line, f"{reason}: {_describe(person)}"))
            continue
        seen[key] = status
        parsed.rows.append(_row(doc, line, person, status))
    return parsed


def _row(doc: Document, line: Line, person: Participant, status: str) -> dict:
    return {
        "document_id": doc.document_id,
        "meeting_date": doc.meeting_date,
        "body": doc.body,
        "person_name": person.name,
        "party": person.party,
        "municipality_code": person.municipality_code,
        "status": status,
        "substitute_for": person.substitute_for,
        "role_note": person.role_note,
        "page": line.page,
        "line_no": line.line_no,
    }


def _normalise(text: str) -> str:
    """One space between words; table cells (tab-joined) read like commas."""
    text = text.replace("\u00a0", " ").replace("\t", ", ")
    text = re.sub(r"\s+", " ", text).strip()
    return text.rstrip(" .;,").strip()


def _split_name_party(line: str) -> tuple[str, str | None, str]:
    """(name, party or None, the rest) for the bracket, comma and bare shapes."""
    bracket = _BRACKET_PARTY.match(line)
    if bracket:
        return bracket["name"].strip(), bracket["party"].strip(), bracket["rest"].strip()
    parts = [part.strip() for part in line.split(",")]
    if len(parts) > 1:
        if re.fullmatch(_LETTER, parts[1]):
            return parts[0], parts[1], ", ".join(parts[2:])
        return parts[0], None, ", ".join(parts[1:])
    # No brackets, no commas: 'Name V Aalborg Kommune' or 'Name Aalborg Kommune'.
    tokens = line.split(" ")
    for cut in range(2, len(tokens)):
        tail = " ".join(tokens[cut:])
        if find_municipality(tail) is not None:
            head = tokens[:cut]
            if len(head) > 2 and re.fullmatch(_LETTER, head[-1]):
                return " ".join(head[:-1]), head[-1], tail
            return " ".join(head), None, tail
    return line, None, ""


def _municipality_and_note(rest: str) -> tuple[str | None, str | None]:
    """Split what follows name and party into a municipality code and a free-text role note."""
    rest = rest.strip(" ,;:–-")
    if not rest:
        return None, None
    found = find_municipality(rest)
    if found is not None:
        return found.code, None
    candidates = []
    muni_first = _MUNI_THEN_NOTE.match(rest)
    if muni_first:
        candidates.append((muni_first["muni"], muni_first["note"]))
    if "," in rest:
        head, tail = rest.split(",", 1)
        candidates.append((head, tail))
    for muni, note in candidates:
        found = find_municipality(muni)
        if found is not None:
            return found.code, note.strip(" ,;:–-") or None
    return None, rest


def _is_name(name: str) -> bool:
    tokens = name.split()
    if not 2 <= len(tokens) <= 7:
        return False
    if not (_NAME_TOKEN.match(tokens[0]) and _NAME_TOKEN.match(tokens[-1])):
        return False
    if _NOT_NAME_WORDS.intersection(tokens) or find_municipality(name) is not None:
        return False
    return all(_NAME_TOKEN.match(token) or token in _PARTICLES for token in tokens)


def _looks_like_person(line: str) -> bool:
    """Starts with two name-shaped words, or carries a '(X)' party marker."""
    if re.search(rf"\({_LETTER}\)", line):
        return True
    words = [word.strip(",;:()") for word in line.split()[:2]]
    return (
        len(words) == 2
        and all(_NAME_TOKEN.match(word) for word in words)
        and not _NOT_NAME_WORDS.intersection(words)
    )


def _names_municipality(rest: str) -> bool:
    return bool(rest) and _municipality_and_note(rest)[0] is not None


def _fail(person_like: bool, reason: str) -> None:
    if person_like:
        raise Unreadable(reason)
    return None


def _next_is_participant(lines: list[Line], start: int) -> bool:
    """True when the next line reads as a person with party or municipality.

    A wrapped line or stray word between two people must not end the list silently.
    """
    if start >= len(lines):
        return False
    try:
        person = parse_participant(lines[start].text)
    except Unreadable:
        return False
    return person is not None and (person.party is not None or person.municipality_code is not None)


def _identity(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip().casefold()


def _describe(person: Participant) -> str:
    party = f" ({person.party})" if person.party else ""
    place = f", {person.municipality_code}" if person.municipality_code else ""
    return f"{person.name}{party}{place}"
