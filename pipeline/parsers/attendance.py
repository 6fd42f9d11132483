"""Attendance, wherever minutes write it -> one `attendance` row per person and meeting.

Real minutes state attendance in three kinds of places, often all in one document:
1. Lists under a heading ('Medlemmer', 'Deltagere:', 'Tilstede var:', 'Fraværende med afbud',
   'Afbud fra:' … — the words are `vocabulary.meetings.ATTENDANCE_HEADINGS`), written on the
   heading's own line ('Medlemmer: A, B og C', 'Fraværende Jakob Ekberg, N. J. Ottesen') or one
   person a line, with bullets, numbers, roles before or after the name, party as '(A)',
   ', (A)', ', A', '()' or on a line of its own, a municipality per person (KKR), reasons
   ('pga. arbejde') and substitutions ('Suppleant for X').
2. Sentences in the minutes and in decisions ('Afbud fra X, stedfortræder Y', 'X var
   fraværende', 'Y (A) deltog som stedfortræder for X', 'X havde meldt afbud, og Y deltog i
   stedet', 'X udeblev uden afbud', 'X deltog ikke i behandlingen af punkt 4-7').
3. Both at once ('Fraværende: X (V) - Y (V) mødte som stedfortræder.').
Everything said of one person is merged into one row: an absence named anywhere makes a listed
member absent (minutes list absent members among the members too), a substitution or a partial
presence is added to the row, and a contradiction (present as a substitute, absent elsewhere)
is a coded issue naming both places. Names in sentences are matched to the document's own lists
('Betina Sølver' is 'Betina Sølver Hansen' of the member list). A sentence inside a quoted
decision of another meeting ('Økonomiudvalget, 14. maj 2019, pkt. 88') is not this meeting's.
A heading that announces attendance but yields nobody is an `attendance_empty` issue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from pipeline import identity, issues
from pipeline.enums import ABSENT, PRESENT
from pipeline.dates import find_dates
from pipeline.models import Document, Line, Parsed
from pipeline.reference import find_municipality, parties
from pipeline.structure.fields import label_at_start
from pipeline.vocabulary import meetings as V

TABLE = "attendance"

_LETTER = r"[A-ZÆØÅ]"
_PARTY_CODE = re.compile(r"^[A-ZÆØÅ]{1,3}$")
_SUBSTITUTE = re.compile(
    r"[\s,;–-]*\(?\s*(?:som\s+)?(?:\d\.\s*)?"
    r"(?:suppleant|stedfortræder|midlertidigt?(?:\s+(?:suppleant|stedfortræder|medlem))?)"
    r"\s+for\s+(?P<who>[^()]+?)\s*(?:\([^()]*\))?\s*\)?\s*$",
    re.IGNORECASE,
)
_BRACKET_PARTY = re.compile(r"^(?P<name>[^(),]+?)\s*,?\s*\((?P<party>[^()]*)\)\s*[,;:–-]?\s*(?P<rest>.*)$")
_NAME_PART = r"[A-ZÆØÅÉÜÖÄ][a-zæøåéèüöäáíóúçñëï'’]+"
_NAME_TOKEN = re.compile(rf"^(?:{_NAME_PART}(?:-{_NAME_PART})*|[A-ZÆØÅ]\.(?:-?[A-ZÆØÅ]\.)*|[A-ZÆØÅ][a-zæøå]?\.)$")
_PARTICLES = {"von", "van", "de", "da", "del", "der", "den", "di", "du", "la", "le", "el", "al", "bin", "af", "ter"}
_NOT_NAME_WORDS = {
    "Region", "Regionen", "Kommune", "Kommunen", "Regionskommune", "Bilag", "Side", "Punkt", "Sag",
    "Referat", "Dagsorden", "Møde", "Mødet", "Indstilling", "Beslutning", "Baggrund", "Sagsfremstilling",
    "Der", "Det", "Den", "De", "Som", "Og", "Afbud", "Fraværende", "Ingen", "Godkendt", "Byrådet", "Udvalget",
    "Kommunalbestyrelsen", "Regionsrådet", "Mødedeltagere", "Deltagere", "Medlemmer", "Fravær", "Til", "Tilstede",
    "Suppleant", "Stedfortræder", "Formand", "Formanden", "Borgmesteren", "Punktet", "Sagen", "Alle", "Efter",
    "Under", "Ved", "Fra", "Med", "For", "Kl", "Bemærkninger", "Tillægsdagsordenen", "Dagsordenen",
    "Indholdsfortegnelse", "Tekst", "Meddelelser", "Orientering", "Sagsnr", "Punkter", "Udskriv", "Print", "Luk",
}
_SECTION_WORDS = frozenset(w for w in V.ITEM_SECTIONS if " " not in w)
_KOMMUNE = re.compile(r"(?:regions)?kommune", re.IGNORECASE)
_MUNI_THEN_NOTE = re.compile(r"^(?P<muni>.+?(?:Regions)?[Kk]ommune)(?=$|[\s,;:–-])[\s,;:–-]*(?P<note>.*)$")
_BULLET = re.compile(r"^\s*(?:[•·▪◦●*–-]|\d{1,2}[.)])\s+")
_ROLE_ALT = "|".join(re.escape(r) for r in sorted(V.ROLES, key=len, reverse=True))
_ROLE_BEFORE = re.compile(rf"^(?P<role>(?:{_ROLE_ALT}))\s+(?=[A-ZÆØÅ])", re.IGNORECASE)
# A job title before the name, with the organisation it is held in ('Chefpolitiinspektør Anna Dam',
# 'Direktør i Region Hovedstaden Jens Kjær', 'Kommunaldirektør for Vejle Kommune Bo Ravn').
_TITLE_ENDINGS = ("direktør", "inspektør", "chef", "konsulent", "formand", "sekretær", "leder", "rådgiver", "mester",
                  "repræsentant", "medlem", "koordinator")
_TITLE_BEFORE = re.compile(
    rf"^(?P<role>(?=[A-ZÆØÅ])[\wæøå-]*?(?i:{'|'.join(_TITLE_ENDINGS)}))"
    r"(?:\s+(?:i|for|fra|ved)\s+(?P<org>Region\s+[A-ZÆØÅ]\w+|[A-ZÆØÅ][\wæøå-]+\s+(?:Regions)?[Kk]ommune|KL|[A-ZÆØÅ][\wæøå-]+))?"
    r"\s+(?=[A-ZÆØÅ][a-zæøå])"
)
_ROLE_AFTER = re.compile(rf"^(?P<role>(?:{_ROLE_ALT}))\.?(?=$|\s*[,;])", re.IGNORECASE)
_REASON = re.compile(
    r"\s*[,(–-]?\s*\b(?P<reason>(?:pga\.?|på grund af|grundet|grund:|p\.g\.a\.)\s.*|\((?:ferie|sygdom|barsel|orlov|arbejde|"
    r"tjenesterejse|anden årsag)[^)]*\))\s*$",
    re.IGNORECASE,
)
_PARTIAL_IN_LIST = re.compile(r"[,\s]+(?P<partial>(?:sag|sager|punkt|punkterne|pkt\.?)\s+[\d\s,og–-]+)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Participant:
    """One person as read from a list line or a sentence."""

    name: str
    party: str | None
    municipality_code: str | None
    substitute_for: str | None
    role_note: str | None
    partial: str | None = None


class Unreadable(ValueError):
    """A line that looks like a person but cannot be read; the message is the issue reason."""


# --- one person ------------------------------------------------------------------------------

def party_letter(text: str) -> str | None | bool:
    """'A' -> 'A', 'Venstre' -> 'V', '' -> None (none stated), 'Løsgænger' -> None; False if unreadable."""
    text = text.strip(" .")
    if not text or text.lower() in V.NO_PARTY_WORDS:
        return None
    if _PARTY_CODE.match(text):
        return text
    by_name = {n.lower(): letter for letter, n in parties().iter_rows()}
    by_name.update({n.lower().split(" – ")[-1]: letter for letter, n in parties().iter_rows()})
    by_name.update({"sf": "F", "socialistisk folkeparti": "F", "de konservative": "C", "konservative": "C",
                    "radikale": "B", "det radikale venstre": "B", "enhedslisten": "Ø", "dansk folkeparti": "O"})
    return by_name.get(text.lower(), False)


def section_heading(text: str) -> str | None:
    """PRESENT/ABSENT if `text` is an attendance heading line with nothing after it, else None."""
    got = label_at_start(text)
    if got is None or got[1] or got[0] not in V.ATTENDANCE_HEADINGS:
        return None
    return V.ATTENDANCE_HEADINGS[got[0]][0]


def parse_participant(text: str) -> Participant | None:
    """Read one person ('Hans Hansen (V) Morsø Kommune', 'Borgmester Anna Holm (A)', 'Bo Bak, A').

    Returns None when the text is clearly not a person (it ends the list); raises `Unreadable`
    when it looks like one but its shape is not understood.
    """
    line = _normalise(text)
    if not line:
        return None
    person_like = _looks_like_person(line)
    role = None
    for before in (m for m in (_TITLE_BEFORE.match(line), _ROLE_BEFORE.match(line)) if m):
        rest = line[before.end():].split()
        if any(_is_name(" ".join(rest[:n])) for n in (2, 3, 4)):
            role, line = line[: before.end()].strip(), line[before.end():]
            break

    substitute_for = None
    sub = _SUBSTITUTE.search(line)
    if sub and sub.start() > 0:
        substitute_for = sub["who"].strip(" .,;") or None
        line = line[: sub.start()].strip()
    reason = _REASON.search(line)
    note = None
    if reason and reason.start() > 0:
        note, line = reason["reason"].strip("() "), line[: reason.start()].strip(" ,")
    partial_items = None
    partial = _PARTIAL_IN_LIST.search(line)
    if partial:  # 'Britt Jensen (A), sag 129-138': the items this entry is about
        partial_items = partial["partial"].strip()
        line = line[: partial.start()].strip(" ,")

    while line.endswith(")") and line.count(")") > line.count("("):  # 'Thisted Kommune)' is a typo
        line = line[:-1].rstrip()
    if line.count("(") != line.count(")"):
        return _fail(person_like, "unbalanced brackets")

    name, party_text, rest = _split_name_party(line)
    party = None
    if party_text is not None and party_text.lower() in V.ROLES:  # 'Anker Høj (formand)'
        role, party_text = role or party_text, None
    if party_text is not None:
        party = party_letter(party_text)
        if party is False:
            return _fail(True, f"party {party_text!r} is not a list letter or a known party name")
    if not _is_name(name):
        if party_text is None and substitute_for is None and not _names_municipality(rest):
            return None
        return _fail(person_like or party_text is not None, f"not a person's name: {name!r}")

    code, rest_note = _municipality_and_note(rest)
    if code is None and rest_note and _KOMMUNE.search(rest_note):
        raise Unreadable(f"unknown municipality: {rest_note!r}")
    if rest_note:
        after = _ROLE_AFTER.match(rest_note)
        if after and not role:
            role, rest_note = after["role"], rest_note[after.end():].strip(" ,;") or None
    notes = [n for n in (role, rest_note, note) if n]
    return Participant(name, party, code, substitute_for, ", ".join(notes) or None, partial_items)


def _normalise(text: str) -> str:
    """One space between words; table cells (tab-joined) read like commas; bullets and numbers off."""
    text = text.replace("\u00a0", " ").replace("\t", ", ")
    text = _BULLET.sub("", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text.rstrip(" .;,").strip()


def _split_name_party(line: str) -> tuple[str, str | None, str]:
    """(name, party text or None, the rest) for the bracket, comma and bare shapes."""
    bracket = _BRACKET_PARTY.match(line)
    if bracket:
        return bracket["name"].strip(" ,"), bracket["party"].strip(), bracket["rest"].strip()
    parts = [part.strip() for part in line.split(",")]
    if len(parts) > 1:
        if re.fullmatch(_LETTER, parts[1]) or (party_letter(parts[1]) not in (False, None) and len(parts[1]) > 3):
            return parts[0], parts[1], ", ".join(parts[2:])
        return parts[0], None, ", ".join(parts[1:])
    tokens = line.split(" ")
    for cut in range(2, len(tokens)):  # 'Name V Aalborg Kommune' or 'Name Aalborg Kommune'
        tail = " ".join(tokens[cut:])
        if find_municipality(tail) is not None:
            head = tokens[:cut]
            if len(head) > 2 and re.fullmatch(_LETTER, head[-1]):
                return " ".join(head[:-1]), head[-1], tail
            return " ".join(head), None, tail
    return line, None, ""


def _municipality_and_note(rest: str) -> tuple[str | None, str | None]:
    """Split what follows name and party into a municipality code and a free-text note."""
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
    if not (_NAME_TOKEN.match(tokens[0]) and _NAME_TOKEN.match(tokens[-1])) or tokens[-1].endswith("."):
        return False
    if _NOT_NAME_WORDS.intersection(tokens) or find_municipality(name) is not None:
        return False
    return all(_NAME_TOKEN.match(token) or token in _PARTICLES for token in tokens)


def _looks_like_person(line: str) -> bool:
    """Starts with two name-shaped words, or carries a '(X)' party marker."""
    if re.search(rf"\({_LETTER}{{1,3}}\)", line):
        return True
    words = [word.strip(",;:()") for word in line.split()[:2]]
    return len(words) == 2 and all(_NAME_TOKEN.match(w) for w in words) and not _NOT_NAME_WORDS.intersection(words)


def _names_municipality(rest: str) -> bool:
    return bool(rest) and _municipality_and_note(rest)[0] is not None


def _fail(person_like: bool, reason: str) -> None:
    if person_like:
        raise Unreadable(reason)
    return None


# --- facts and their merging -----------------------------------------------------------------

@dataclass
class Fact:
    """What one place of the document says about one person."""

    person: Participant
    status: str
    line: Line
    evidence: str
    excused: bool | None = None
    explicit: bool = False  # said in a sentence or as a substitute: wins over a bare list entry
    from_list: bool = False
    block: int | None = None  # the list it stands in (a repeat there is a duplicate; in another list it is not)
    item: str | None = None  # the agenda item whose text says it (None: said of the whole meeting)


@dataclass
class _Row:
    facts: list[Fact] = field(default_factory=list)


def _key(name: str) -> str:
    return identity.normalised_name(name)


def _same_person(a: str, b: str) -> bool:
    """'Betina Sølver' and 'Betina Sølver Hansen'; 'Flemming Trojel' and 'Flemming Valdemar Trojel'."""
    ta, tb = _key(a).split(), _key(b).split()
    if ta == tb:
        return True
    if len(ta) < 2 or len(tb) < 2 or ta[0] != tb[0]:
        return False
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    if short[-1] == long_[-1]:
        return all(t in long_ for t in short)
    return long_[: len(short)] == short  # a surname left off at the end


class _Ledger:
    """Everything the document says about each person, merged into one row each."""

    def __init__(self, doc: Document, parsed: Parsed):
        self.doc, self.parsed = doc, parsed
        self.rows: list[tuple[str, str | None, _Row]] = []  # (name, municipality, facts)

    def find(self, name: str, municipality: str | None) -> _Row | None:
        exact = [r for n, m, r in self.rows if _key(n) == _key(name) and (m == municipality or not m or not municipality)]
        if exact:
            return exact[0]
        loose = [r for n, m, r in self.rows if _same_person(n, name) and (m == municipality or not m or not municipality)]
        return loose[0] if len(loose) == 1 else None

    def canonical(self, name: str) -> str:
        """The name as the document's lists write it, when a sentence shortens it."""
        for n, _, row in self.rows:
            if any(f.from_list for f in row.facts) and _same_person(n, name):
                return n
        return name

    def add(self, fact: Fact) -> None:
        row = self.find(fact.person.name, fact.person.municipality_code)
        if row is None:
            row = _Row()
            self.rows.append((fact.person.name, fact.person.municipality_code, row))
        elif fact.from_list and any(f.from_list and f.block == fact.block for f in row.facts):
            self.parsed.issues.append(self.doc.issue(
                fact.line, f"duplicate participant: {_describe(fact.person)}", issues.DUPLICATE, TABLE))
            return
        row.facts.append(fact)

    def result(self) -> list[dict]:
        self._absent_for_substitutes()
        out = []
        for name, _, row in self.rows:
            merged = self._merge(name, row.facts)
            if merged is not None:
                out.append(merged)
        return out

    def _absent_for_some_items(self, absent: list[Fact]) -> str | None:
        """'fraværende i punkt 5' when a person is named absent only under later items: minutes record
        the meeting's absentees at its first items, so one first missing later left or came late.
        None when they are absent from the first item that records absences (the whole meeting)."""
        if not absent or any(f.item is None for f in absent):
            return None
        theirs = {f.item for f in absent}
        recorded = self._statement_items()
        if len(recorded) < 2 or min(recorded, key=_item_order) in theirs:
            return None
        return "fraværende i punkt " + ", ".join(sorted(theirs, key=_item_order))

    def _absent_for_listed_items(self, absent: list[Fact]) -> str | None:
        """'Kurt Ejsing (C), sag 144-145' under Fraværende: absent for those items only, when the
        minutes have items outside them; absent for the meeting when they cover every item."""
        named = next((f.person.partial for f in absent if f.person.partial), None)
        if not named:
            return None
        covered = _numbers_in(named)
        items = {int(it.item_no) for it in self.doc.items if it.item_no and it.item_no.isdigit()}
        if not covered or not items or items <= covered:
            return None
        return f"fraværende {named}"

    def _absent_for_substitutes(self) -> None:
        """'Y, suppleant for X': the member X is absent, even where no list or sentence says so."""
        for _, _, row in list(self.rows):
            for fact in row.facts:
                who = fact.person.substitute_for
                if fact.status == PRESENT and who and self.find(who, None) is None and _is_name(who):
                    self.add(Fact(Participant(who, None, fact.person.municipality_code, None, None), ABSENT,
                                  fact.line, fact.evidence, None, explicit=True))

    def _statement_items(self) -> set[str]:
        return {f.item for _, _, row in self.rows for f in row.facts if f.status == ABSENT and f.item}

    def _merge(self, name: str, facts: list[Fact]) -> dict | None:
        absent = [f for f in facts if f.status == ABSENT]
        present = [f for f in facts if f.status == PRESENT]
        missed = self._absent_for_some_items(absent) or self._absent_for_listed_items(absent)
        if missed:  # 'Fraværende: X' under some items' decisions only: X was there for the rest
            present = present + [replace(absent[0], status=PRESENT, person=replace(absent[0].person, partial=missed))]
            absent = []
        explicit_present = [f for f in present if f.explicit]
        if absent and explicit_present:
            a, p = absent[0], explicit_present[0]
            if not p.person.partial:
                self.parsed.issues.append(self.doc.issue(
                    a.line, f"{name} is absent here and present on page {p.line.page}, line {p.line.line_no}: "
                            f"'{p.evidence[:80]}'", issues.CONTRADICTION, TABLE))
        status = ABSENT if absent else PRESENT
        chosen = (absent or present)[0]
        excused = next((f.excused for f in absent if f.excused is not None), None) if absent else None

        def first(attr):
            return next((getattr(f.person, attr) for f in facts if getattr(f.person, attr)), None)

        substitute_for = None if absent else first("substitute_for")
        partial = None if absent else first("partial")
        party = first("party")
        notes = []
        for f in facts:
            if f.person.role_note and f.person.role_note not in notes:
                notes.append(f.person.role_note)
        list_fact = next((f for f in facts if f.from_list), chosen)
        return {
            "document_id": self.doc.document_id,
            "meeting_id": None,  # set by process_file, which knows the issuer
            "person_id": None,
            "meeting_date": self.doc.meeting_date,
            "body": self.doc.body,
            "person_name": name,
            "party": party,
            "municipality_code": first("municipality_code"),
            "status": status,
            "excused": excused,
            "substitute_for": self.canonical(substitute_for) if substitute_for else None,
            "role_note": "; ".join(notes) or None,
            "partial_presence": partial,
            "evidence": (chosen if chosen.explicit else list_fact).evidence[:300],
            "page": list_fact.line.page,
            "line_no": list_fact.line.line_no,
        }


def _numbers_in(text: str) -> set[int]:
    """'sag 129-138', 'punkt 4, 6 og 9' -> the item numbers named."""
    out: set[int] = set()
    for a, b in re.findall(r"(\d{1,4})(?:\s*[-–]\s*(\d{1,4}))?", text):
        lo, hi = int(a), int(b or a)
        if hi - lo <= 500:
            out.update(range(lo, hi + 1))
    return out


def _item_order(no: str) -> tuple:
    return tuple(int(p) if p.isdigit() else 0 for p in no.split("."))


def _describe(person: Participant) -> str:
    party = f" ({person.party})" if person.party else ""
    place = f", {person.municipality_code}" if person.municipality_code else ""
    return f"{person.name}{party}{place}"


# --- lists -----------------------------------------------------------------------------------

_ONLY_PARTY = re.compile(r"^\(?\s*(?P<p>[A-ZÆØÅ]{1,3}|løsgænger|uden for parti(?:erne)?)\s*\)?$", re.IGNORECASE)
_NOBODY = re.compile(rf"^(?:{'|'.join(re.escape(w) for w in V.NOBODY)})\.?$", re.IGNORECASE)


def _two_columns(text: str) -> list[str] | None:
    """'Birgit Roswall Pia Foght' (a two-column list flattened onto one line) -> two names, or None.

    Only without punctuation, four to eight name words, and a first name that starts the second
    person right after a word that is no first name (a surname): 'Flemming Valdemar Trojel Bo
    Jul Nielsen' splits before 'Bo', never before the middle name 'Valdemar'.
    """
    words = text.split()
    if not 4 <= len(words) <= 8 or not all(_NAME_TOKEN.match(w) for w in words):
        return None
    cuts = [k for k in range(2, len(words) - 1)
            if words[k].lower() in V.FIRST_NAMES and words[k - 1].lower() not in V.FIRST_NAMES]
    if len(cuts) != 1:
        return None
    return [" ".join(words[: cuts[0]]), " ".join(words[cuts[0]:])]


def _unglue_municipalities(pieces: list[str]) -> list[str]:
    """'Knud Hansen, Faxe Hans Barlach, Greve …' (a KKR list flattened): 'Faxe' ends the first
    person, 'Hans Barlach' starts the next. A municipality opening a piece before a name is cut off."""
    out = []
    for piece in pieces:
        words = piece.split()
        for cut in (1, 2):
            head, rest = " ".join(words[:cut]), words[cut:]
            if out and len(rest) >= 2 and find_municipality(head) is not None and _is_name(" ".join(rest)):
                out.extend([head, " ".join(rest)])
                break
        else:
            out.append(piece)
    return out


def _split_people(value: str) -> list[str]:
    """'A, B, C og D' / 'A (V), B (A)' / 'A, V, Aalborg Kommune; B …' -> one text per person.

    Commas separate people and also a person's own fields (', A', ', Aalborg Kommune',
    ', formand'): a piece that is a field, not a name, stays with the person before it.
    """
    value = re.sub(r"\s+", " ", value.replace("\t", ", ")).strip(" .;")
    pair = _two_columns(value)
    if pair:
        return pair
    value = re.sub(r"\)\s*[.-]?\s+(?=[A-ZÆØÅ][a-zæøå])", "); ", value)  # '(Ø). Morten …' / '(V) - Y': a new person
    pieces = [p.strip() for p in re.split(r";|,(?![^()]*\))|\s+og\s+(?=[A-ZÆØÅ])", value) if p.strip()]
    people: list[str] = []
    for piece in _unglue_municipalities(pieces):
        first = piece.split()[0] if piece.split() else ""
        attaches = (
            not people
            or _ONLY_PARTY.match(piece)
            or re.match(r"^[A-ZÆØÅ]{1,3}(?:\s*\(|$)", piece)
            or find_municipality(piece) is not None
            or _KOMMUNE.search(piece)
            or _ROLE_AFTER.fullmatch(piece)
            or piece[:1].islower()
            or _SUBSTITUTE.match(" " + piece)
            or len(piece.split()) == 1 and not _NAME_TOKEN.match(first)
        )
        if attaches and people:
            people[-1] = f"{people[-1]}, {piece}"
        else:
            people.append(piece)
    return people


def _read_list(doc: Document, lines: list[Line], start: int, status: str | None, excused: bool | None,
               inline: str, ledger: _Ledger, parsed: Parsed) -> int:
    """Read the list under a heading at `start` (its inline value first); returns the next index."""
    heading = lines[start]
    found = 0
    nobody = bool(_NOBODY.match(inline.strip(" ."))) if inline else False

    def take(text: str, line: Line, explicit: bool = False) -> int:
        if _is_sentence(text):
            return _read_sentences(doc, text, line, ledger, parsed, list_status=status)
        list_status = status or PRESENT  # 'Fremmøde': the list names who came
        count = 0
        for piece in _split_people(text):
            try:
                person = parse_participant(piece)
            except Unreadable as problem:
                parsed.issues.append(doc.issue(line, f"unreadable participant: {problem}", issues.UNREADABLE_ROW, TABLE))
                continue
            if person is None:
                if _looks_like_person(piece):
                    parsed.issues.append(doc.issue(line, f"unreadable participant: {piece!r}", issues.UNREADABLE_ROW, TABLE))
                continue
            ledger.add(Fact(person, list_status, line, line.text.strip(), excused, explicit=bool(person.substitute_for),
                            from_list=True, block=id(heading)))
            count += 1
        return count

    k = start + 1
    if inline and not nobody:
        wrapped, after = _paragraph(lines, start, first=inline)  # a list on the heading's line, wrapped on
        if _is_sentence(wrapped) == _is_sentence(inline) and "," in inline:
            inline, k = wrapped, after
        found += take(inline, heading)
    while k < len(lines) and not inline:
        line = lines[k]
        text = line.text.strip()
        got = label_at_start(_BULLET.sub("", text))
        if got is not None and got[0] in V.ATTENDANCE_HEADINGS | dict.fromkeys(V.NON_MEMBER_HEADINGS):
            break
        if _NOBODY.match(text.strip(" .")):
            nobody = True
            k += 1
            break
        party_only = _ONLY_PARTY.match(text)
        role_only = _ROLE_AFTER.fullmatch(text.strip(" ."))
        if (party_only or role_only) and ledger.rows and found:  # one field per line: name / role / (A)
            _amend_last(ledger, party_only["p"] if party_only else None, text.strip(" .") if role_only else None)
            k += 1
            continue
        if not _is_sentence(text):
            pieces = _split_people(_normalise(text))
            people = []
            try:
                people = [p for p in (parse_participant(x) for x in pieces) if p is not None]
            except Unreadable:
                people = [None]
            if not people:
                if _next_is_participant(lines, k + 1):
                    parsed.issues.append(doc.issue(line, "unexpected line inside participant list",
                                                   issues.UNREADABLE_ROW, TABLE))
                    k += 1
                    continue
                break
        got_here = take(text, line)
        if got_here == 0:
            if not _next_is_participant(lines, k + 1):
                break
        found += got_here
        k += 1
    next_is_heading = k < len(lines) and k == start + 1 and (label_at_start(lines[k].text) or ("",))[0] in V.ATTENDANCE_HEADINGS
    item_title = any(doc.lines[it.start] is heading for it in doc.items)  # '1. Fraværende og bemærkninger …'
    if found == 0 and not nobody and not next_is_heading and not item_title:
        parsed.issues.append(doc.issue(heading, "attendance heading names nobody", issues.ATTENDANCE_EMPTY, TABLE))
    return max(k, start + 1)


def _amend_last(ledger: _Ledger, party: str | None, role: str | None) -> None:
    name, muni, row = ledger.rows[-1]
    fact = row.facts[-1]
    person = fact.person
    if party is not None:
        letter = party_letter(party)
        person = replace(person, party=letter if letter else None)
    if role:
        person = replace(person, role_note=", ".join(x for x in (person.role_note, role) if x))
    row.facts[-1] = replace(fact, person=person, evidence=f"{fact.evidence} {party or role}")


def _next_is_participant(lines: list[Line], start: int) -> bool:
    """True when the next line reads as a person with party or municipality (a stray line must not end a list)."""
    if start >= len(lines):
        return False
    try:
        person = parse_participant(lines[start].text)
    except Unreadable:
        return False
    return person is not None and (person.party is not None or person.municipality_code is not None)


def _is_sentence(text: str) -> bool:
    """Prose rather than a list entry: a verb of attendance ('deltog', 'var fraværende', 'afbud fra')."""
    return bool(_VERB_CUE.search(text))


# --- sentences -------------------------------------------------------------------------------

_ROLE_OPT = rf"(?:(?:{_ROLE_ALT})\s+)?"
_FULL = r"[A-ZÆØÅÉÜÖ][\wæøåéüöäë'’-]+"  # a whole name word; never ends in '.', so a name stops at a full stop
_INITIAL = r"(?:[A-ZÆØÅ]|Chr|Kr|Th|Fr|Wm|Joh)\."  # 'N.', 'Chr.': never the last word of a name
_PARTICLE = "|".join(sorted(_PARTICLES, key=len, reverse=True))
_NAME_BARE = (rf"(?:(?:{_INITIAL}\s*)+{_FULL}"
              rf"|{_FULL}(?:\s+(?:(?:{_PARTICLE})\s+)?(?:{_INITIAL}\s*)*{_FULL}){{1,5}})")
_PARTY_BRACKET = r"(?:\s*,?\s*\([^()]{0,30}\)|,\s+[A-ZÆØÅ]{1,3}(?![\wæøå]))?"


def _n(group: str) -> str:
    """A name (with an optional role before it) captured as `group`, its bracket party as `group`p."""
    return (rf"{_ROLE_OPT}(?P<{group}>{_NAME_BARE})"
            rf"(?:\s*,?\s*\((?P<{group}p>[^()]{{0,30}})\)|,\s+(?P<{group}q>[A-ZÆØÅ]{{1,3}})(?![\wæøå]))?")


def _LIST_OF(group: str) -> str:
    """'A (V), B og C' captured whole as `group`."""
    one = rf"{_ROLE_OPT}{_NAME_BARE}{_PARTY_BRACKET}"
    return rf"(?P<{group}>{one}(?:\s*(?:,|\bog\b)\s*{one})*)"


def _sentence(pattern: str) -> re.Pattern:
    """Keywords match in any case ('Afbud fra', 'afbud fra'); names keep their capitals."""
    return re.compile(pattern)


_SUB_WORD = r"(?i:stedfortræder|suppleant|midlertidigt medlem)"
# the rest of a clause: up to a full stop that ends the sentence ('kl. 18.00', 'pkt. 5' go on)
_CLAUSE = r"(?:[^.]|\.(?=\d)|(?<=kl)\.|(?<=pkt)\.|(?<=nr)\.)*"
_SENTENCES: list[tuple[re.Pattern, str]] = [
    # 'Afbud fra X, stedfortræder Y' / 'Afbud fra X stedfortræder Y'
    (_sentence(rf"(?i:\bafbud fra)\s+{_n('x')}\s*,?\s*{_SUB_WORD}\s+(?:er\s+)?{_n('y')}"), "absent_sub"),
    # 'Naja Fynbo, F - Helle Brøndsted stedfortræder' (an Afbud list entry with its substitute)
    (_sentence(rf"^{_n('x')}\s+[-–]\s+{_n('y')}\s+{_SUB_WORD}\s*\.?$"), "absent_sub"),
    # 'X havde meldt afbud, og Y deltog i stedet'
    (_sentence(rf"{_n('x')}\s+(?i:(?:havde|har)\s+(?:meldt|meddelt)\s+(?:afbud|forfald))\b[^.]*?,?\s+og\s+{_n('y')}\s+"
               rf"(?i:(?:deltog|mødte|deltager|indtrådte)\s+i\s+stedet)"), "absent_sub"),
    # 'Y (A) deltog som stedfortræder for X' / 'Y indtræder som stedfortræder for X' / 'Y er indkaldt som stedfortræder for X'
    (_sentence(rf"{_n('y')}\s+(?i:deltog|deltager|indtræder|indtrådte|mødte|er indkaldt|var indkaldt|blev indkaldt)"
               rf"\s+(?:\S+\s+){{0,3}}?(?i:som)\s+(?:\d\.\s*)?{_SUB_WORD}\s+(?i:for)\s+{_n('x')}"), "sub_for"),
    # 'Som stedfortræder for X deltog Y'
    (_sentence(rf"(?i:\bsom)\s+{_SUB_WORD}\s+(?i:for)\s+{_n('x')}\s+(?i:deltog|mødte|indtrådte)\s+{_n('y')}"), "sub_for"),
    # 'Y mødte som stedfortræder' / 'Som suppleant er indkaldt Y' / 'Som suppleant fra indkaldt Y'
    (_sentence(rf"{_n('y')}\s+(?i:mødte|deltog|indtrådte)\s+(?i:som)\s+{_SUB_WORD}\b(?!\s+(?i:for))"), "sub"),
    (_sentence(rf"(?i:\bsom)\s+(?:\d\.\s*)?{_SUB_WORD}(?:\s+(?i:fra))?\s+(?i:(?:er|var|blev)\s+)?"
               rf"(?i:indkaldt|deltog|deltager|mødte)\s+{_n('y')}"), "sub"),
    # '1. stedfortræder på liste V, Kim Østergaard, indkaldes' / '… ønsker at indkalde Y' (called in for an absentee)
    (_sentence(rf"(?i:stedfortræder\s+på\s+liste)\s+\S+,\s+{_n('y')},?\s+(?i:indkaldes|er\s+indkaldt|bliver\s+indkaldt|indkaldt)"),
     "sub"),
    (_sentence(rf"(?i:ønsker\s+(?:derfor\s+)?at\s+indkalde|indkalder\s+derfor)\s+{_n('y')}"), "sub"),
    # 'I stedet mødte C og D' / 'I stedet deltog stedfortræder Y' (after an absence in the sentence before)
    (_sentence(rf"(?i:\bi\s+stedet\s+(?:mødte|deltog|deltager))\s+(?:(?i:stedfortræder(?:ne)?|suppleant(?:en|erne)?)\s+)?{_LIST_OF('xs')}"),
     "subs"),
    # 'Alle medlemmer var mødt undtagen A og B'
    (_sentence(rf"(?i:\balle\s+(?:medlemmer\s+)?(?:var\s+)?(?:mødt|til\s+stede)\s*,?\s+(?:undtagen|bortset\s+fra)(?:\s+fra)?)\s+{_LIST_OF('xs')}"),
     "absent_list"),
    # 'Karl Vester og Lis Aarøe deltog som suppleanter'
    (_sentence(rf"{_LIST_OF('xs')}\s+(?i:deltog|mødte|deltager)\s+(?i:som)\s+(?i:suppleanter|stedfortrædere)\b"), "subs"),
    # 'X udeblev uden afbud'
    (_sentence(rf"{_n('x')}\s+(?i:udeblev)\b"), "absent_unexcused"),
    # 'Der er afbud fra A, B og C' / 'Afbud fra X' / 'afbud fra X pga. ferie'
    (_sentence(rf"(?i:\bafbud\s+fra)\s+{_LIST_OF('xs')}"), "absent_excused_list"),
    # 'X havde meldt afbud' / 'X har meldt forfald'
    (_sentence(rf"{_LIST_OF('xs')}\s+(?i:(?:havde|har)\s+(?:meldt|meddelt)\s+(?:afbud|forfald)|(?:har|havde)\s+forfald)"),
     "absent_excused_list"),
    # 'A, B og C var fraværende' / 'X er fraværende' / 'X deltog ikke i mødet'
    (_sentence(rf"{_LIST_OF('xs')}\s+(?i:(?:var|er|blev)\s+fraværende)\b"), "absent_list"),
    (_sentence(rf"{_LIST_OF('xs')}\s+(?i:deltog\s+ikke\s+i\s+(?:mødet|byrådsmødet|udvalgsmødet))\b"), "absent_list"),
    # partial presence: 'X deltog ikke i behandlingen af punkt 4-7' / '… under punkterne 12-15' / 'X forlod mødet kl. 18'
    (_sentence(rf"{_LIST_OF('xs')},?\s+(?P<what>(?i:deltog\s+ikke\s+(?:i|under|ved)\s+(?:behandlingen\s+af\s+|sagens\s+behandling)?)"
               rf"{_CLAUSE}|(?i:forlod\s+mødet){_CLAUSE}|(?i:ankom\s+(?:til\s+mødet\s+)?){_CLAUSE}"
               rf"|(?i:(?:var|er|blev)\s+(?:erklæret\s+)?inhabil){_CLAUSE})"),
     "partial"),
]
_VERB_CUE = re.compile(
    r"\s[-–]\s+[A-ZÆØÅ][^-–]*\b(?:stedfortræder|suppleant)\.?$|"
    r"\b(?:deltog|deltager|mødte|udeblev|forlod|indtræder|indtrådte|ankom|(?:var|er|blev)\s+fraværende|"
    r"(?:havde|har)\s+(?:meldt|meddelt)|er\s+indkaldt|var\s+indkaldt|afbud\s+fra|var\s+inhabil|er\s+inhabil)\b",
    re.IGNORECASE,
)
_SENTENCE_CUE = re.compile(
    r"\b(?:afbud|fraværende|stedfortræder|suppleant|deltog|mødte|mødt|udeblev|forlod|inhabil|indtræder|forfald|ankom|"
    r"undtagen|indkalde|indkaldes)\b",
    re.IGNORECASE,
)


def _people_in(text: str, match: re.Match, group: str) -> list[tuple[str, str | None]]:
    """The (name, party text) pairs of a captured name list ('A (V), B og C')."""
    out = []
    for piece in re.split(r"\s*,\s*(?![^()]*\))|\s+og\s+", match.group(group)):
        piece = piece.strip(" .")
        if not piece:
            continue
        m = re.match(r"^(?P<name>.+?)\s*(?:,?\s*\((?P<p>[^()]*)\)|,\s+(?P<q>[A-ZÆØÅ]{1,3}))?$", piece)
        out.append((m["name"], m["p"] if m["p"] is not None else m["q"]))
    return out


def _person(name: str, party_text: str | None, **extra) -> Participant | None:
    name = _ROLE_BEFORE.sub("", name.strip(" ,.")).strip()
    words = name.split()
    while len(words) > 2 and (words[0] in _NOT_NAME_WORDS or words[0].lower() in _SECTION_WORDS):
        words = words[1:]  # 'Sagsfremstilling Henning Jensen': a heading run into the sentence
    while len(words) > 2 and (words[-1] in _NOT_NAME_WORDS or words[-1].lower() in _SECTION_WORDS):
        words = words[:-1]  # 'Lise Kamp Udskriv': page furniture run on after the name
    name = " ".join(words)
    if not _is_name(name):
        return None
    party = party_letter(party_text) if party_text is not None else None
    return Participant(name, party if party else None, None, extra.get("substitute_for"), extra.get("role_note"),
                       extra.get("partial"))


def _read_sentences(doc: Document, text: str, line: Line, ledger: _Ledger, parsed: Parsed,
                    list_status: str | None = None) -> int:
    """Attendance facts stated in the sentences of `text`; returns how many people they name."""
    text = _BULLET.sub("", text)
    count = 0
    taken: list[tuple[int, int]] = []
    facts: list[Fact] = []
    for pattern, kind in _SENTENCES:
        for m in pattern.finditer(text):
            if any(s <= m.start() < e for s, e in taken):
                continue
            got = _facts_of(kind, m, line, text)
            if not got:
                continue
            taken.append((m.start(), m.end()))
            facts.extend(got)
    if facts and list_status == ABSENT:  # 'Fraværende: X (V) - Y (V) mødte som stedfortræder.'
        first = min(s for s, _ in taken)
        lead = text[:first].strip(" .-–:")
        if lead:
            for name, party in _people_in(lead, re.match(r"(?P<all>.*)", lead), "all"):
                person = _person(name, party)
                if person:
                    facts.insert(0, Fact(person, ABSENT, line, text.strip(), None, explicit=True))
    absentees = [f for f in facts if f.status == ABSENT]
    for k, fact in enumerate(facts):  # 'X var fraværende. Som suppleant er indkaldt Y.'
        if fact.status == PRESENT and fact.explicit and not fact.person.substitute_for and not fact.person.partial \
                and len(absentees) == 1:
            facts[k] = replace(fact, person=replace(fact.person, substitute_for=absentees[0].person.name))
    for fact in facts:
        ledger.add(fact)
        count += 1
    if count == 0 and list_status == ABSENT:  # 'Fraværende: Kaj Jensen (V)' in a decision
        for name, party in _people_in(text, re.match(r"(?P<all>.*)", text.strip(" .")), "all"):
            person = _person(name, party)
            if person:
                ledger.add(Fact(person, ABSENT, line, text.strip(), None, explicit=True))
                count += 1
    return count


def _missed(what: str) -> str:
    """What a partial presence missed, short: 'punkt 4-7', 'forlod mødet kl. 18.00', 'inhabil i punkt 12'."""
    what = re.sub(r"\s+", " ", what).strip(" .,")
    what = re.sub(r"(?i)^deltog ikke (?:i|under|ved) (?:behandlingen af )?", "", what)
    what = re.sub(r"(?i)^(?:var|er|blev) (?:erklæret )?inhabil", "inhabil", what)
    return re.sub(r"(?i)\bpunkterne\b", "punkt", what)


def _facts_of(kind: str, m: re.Match, line: Line, text: str) -> list[Fact]:
    evidence = text.strip()
    def party_of(g: str) -> str | None:
        return m.groupdict().get(g + "p") or m.groupdict().get(g + "q")

    if kind in ("absent_sub", "sub_for"):
        x = _person(m["x"], party_of("x"))
        y = _person(m["y"], party_of("y"), substitute_for=x.name if x else None)
        out = []
        if x:
            out.append(Fact(x, ABSENT, line, evidence, True if kind == "absent_sub" else None, explicit=True))
        if y:
            out.append(Fact(y, PRESENT, line, evidence, explicit=True))
        return out
    if kind == "sub":
        y = _person(m["y"], party_of("y"))
        return [Fact(y, PRESENT, line, evidence, explicit=True)] if y else []
    if kind == "absent_unexcused":
        x = _person(m["x"], party_of("x"))
        return [Fact(x, ABSENT, line, evidence, False, explicit=True)] if x else []
    people = [_person(n, p) for n, p in _people_in(text, m, "xs")]
    if kind == "subs":
        return [Fact(p, PRESENT, line, evidence, explicit=True) for p in people if p]
    if kind == "partial":
        what = _missed(m["what"])
        return [Fact(replace(p, partial=what), PRESENT, line, evidence, explicit=False) for p in people if p]
    excused = True if kind == "absent_excused_list" else None
    return [Fact(p, ABSENT, line, evidence, excused, explicit=True) for p in people if p]


# --- the document ----------------------------------------------------------------------------

_OTHER_MEETING = re.compile(
    r"^(?:Beslutning\s+(?:i\s+)?)?(?P<body>[A-ZÆØÅ][\wæøåÆØÅ-]*(?:[- ]og [\wæøå-]+)?(?:udvalget|udvalg|rådet|bestyrelsen|"
    r"Byrådet|Magistraten|Forretningsudvalget))s?(?:\s+den|,)?\s+(?P<date>.{6,30}?)(?:,\s*(?:pkt|punkt)\.?\s*\d+|:)\s*:?",
)


def _foreign_lines(doc: Document, lines: list[Line]) -> set[int]:
    """Indexes of lines inside a quoted decision of another meeting (another body or date)."""
    foreign: set[int] = set()
    inside = False
    for k, line in enumerate(lines):
        text = line.text.strip()
        m = _OTHER_MEETING.match(text)
        if m:
            dates = find_dates(m["date"])
            other_date = bool(dates) and doc.meeting_date is not None and dates[0].value != doc.meeting_date
            inside = other_date
            continue
        if re.match(r"^(?:Beslutning|Afgørelse)\b", text) or re.match(r"^\d{1,3}\.\s+[A-ZÆØÅ]", text):
            inside = False
        if inside:
            foreign.add(k)
    return foreign


def parse_attendance(doc: Document) -> Parsed:
    """Every attendance statement of `doc`, merged into one row per person."""
    parsed = Parsed()
    ledger = _Ledger(doc, parsed)
    lines = [line for line in doc.lines if line.text.strip()]
    foreign = _foreign_lines(doc, lines)
    k = 0
    while k < len(lines):
        line = lines[k]
        if k in foreign:
            k += 1
            continue
        segments = _flattened_segments(line.text)
        if segments:  # 'Fraværende: Ingen. Mødedeltagere: A, B, … Afbud: C' on one transcript line
            for label, value in segments:
                status, excused = V.ATTENDANCE_HEADINGS[label]
                _read_list(doc, [replace(line, text=f"{label}: {value}")], 0, status, excused, value, ledger, parsed)
            k += 1
            continue
        got = label_at_start(_heading_text(line.text))
        if got is not None and got[0] in V.ATTENDANCE_HEADINGS and not (got[0] == "deltog" and not got[2]):
            if got[1] and line.text.rstrip().endswith(":") and len(got[1]) < 80:  # 'Fraværende i <udvalg>, <dato>:'
                named = find_dates(got[1])
                if named and doc.meeting_date and named[0].value != doc.meeting_date:  # another meeting's list
                    k = _read_list(doc, lines, k, ABSENT, None, "", _Ledger(doc, Parsed()), Parsed())
                    continue
                got = (got[0], "", True)
            if got[1] and len(got[1]) > 200:  # a transcript page flattened onto one line: the list, then the rest
                got = (got[0], _leading_list(got[1]), got[2])
            elif not got[2] and got[1] and _is_sentence(line.text):  # 'Afbud fra X stedfortræder Y' is a sentence
                _read_sentences(doc, line.text, line, ledger, parsed)
                k += 1
                continue
            status, excused = V.ATTENDANCE_HEADINGS[got[0]]
            k = _read_list(doc, lines, k, status, excused, got[1], ledger, parsed)
            continue
        text, after = _paragraph(lines, k)
        if _SENTENCE_CUE.search(text):
            _read_sentences(doc, text, line, ledger, parsed)
        k = after
    item_of = {id(line): no for line, no in zip(doc.lines, doc.item_of_line)}
    for _, _, row in ledger.rows:
        for fact in row.facts:
            fact.item = item_of.get(id(fact.line))
    _drop_unlisted_partials(ledger)
    parsed.rows.extend(ledger.result())
    return parsed


WRAP_MIN_CHARS = 45  # a line this long that stops mid-sentence was wrapped by the page


def _paragraph(lines: list[Line], k: int, first: str | None = None) -> tuple[str, int]:
    """The text of lines[k] with the lines a page wrapped it onto, and the index after them.

    PDFs and narrow web columns wrap a sentence ('… 1. stedfortræder på liste A, Lærke Vinkel (A),'
    / 'indkaldes …, da Henriette Baun har meldt afbud') or a list on a heading's line; a line
    that is long and ends without a full stop goes on in the next one, unless that one opens a
    heading, a field, an item or a list entry.
    """
    text = first if first is not None else lines[k].text.strip()
    j = k + 1
    while j < len(lines) and not text.rstrip().endswith((".", ":", "!", "?")) \
            and len(lines[j - 1].text.strip()) >= WRAP_MIN_CHARS:
        nxt = lines[j].text.strip()
        if (not nxt or lines[j].cells is not None or _BULLET.match(nxt) or label_at_start(_heading_text(nxt))
                or nxt.lower().startswith(V.UI_PHRASES)
                or re.match(r"^\d{1,3}\.?\s", nxt) or re.match(r"^[A-ZÆØÅ][\wæøå ./-]{1,30}:", nxt)):
            break
        text = f"{text} {nxt}"
        j += 1
    return text, j


def _heading_text(text: str) -> str:
    """'• Afbud' (a heading written as a list item), '3 Deltagerfortegnelse …' (a transcript's page
    number before it): the text a heading is looked for in."""
    text = _BULLET.sub("", text)
    bare = re.sub(r"^\d{1,3}\s+(?=[A-ZÆØÅ])", "", text)
    return bare if bare != text and label_at_start(bare) else text


def _leading_list(value: str) -> str:
    """The people at the start of a long flattened value: pieces up to the first that is no person."""
    kept = []
    for piece in _unglue_municipalities([p.strip() for p in re.split(r",|\s+og\s+(?=[A-ZÆØÅ])", value)]):
        head = _leading_names(piece) if not kept else piece
        if kept and find_municipality(piece) is not None:
            kept.append(piece)
            continue
        if not _is_name(" ".join(head.split()[:7])) and not (kept and find_municipality(piece.split()[0])):
            name = _leading_names(piece)
            if _is_name(name):
                kept.append(name)
            break
        kept.append(head)
    return ", ".join(kept)


def _flattened_segments(text: str) -> list[tuple[str, str]] | None:
    """(label, value) of each attendance field on a line that holds several fields, else None.

    PDF transcripts flatten a header onto one line ('Fraværende: Ingen. Mødedeltagere: A, B');
    each value runs to the next label with a colon, attendance or not ('Mødested:').
    """
    from pipeline.structure.fields import _label_pattern, labels

    marks = [m for m in _label_pattern().finditer(text) if ":" in m.group("colon") and text[m.start()].isupper()]
    if len(marks) < 2 and not (marks and marks[0].start() > 0):
        return None
    out = []
    for here, nxt in zip(marks, marks[1:] + [None]):
        label = here.group("label").lower()
        if labels().get(label) != "attendance":
            continue
        value = text[here.end(): nxt.start() if nxt else len(text)].strip(" .")
        out.append((label, _leading_names(value)))
    return out or None


def _leading_names(value: str) -> str:
    """The list at the start of a flattened value, without what the transcript ran on with
    ('A, B, Vibeke Rindom åben 89. …' -> 'A, B, Vibeke Rindom')."""
    out = []
    for piece in re.split(r"(,|\s+og\s+)", value):
        if piece in (",",) or re.fullmatch(r"\s+og\s+", piece or ""):
            out.append(piece)
            continue
        words = piece.split()
        kept = []
        for w in words:
            stop = w.strip("().,") in _NOT_NAME_WORDS or w.lower() in V.TOC_HEADINGS
            if not stop and (_NAME_TOKEN.match(w.strip("()")) or w in _PARTICLES or re.fullmatch(r"\([A-ZÆØÅ]{1,3}\)", w)):
                kept.append(w)
            else:
                break
        out.append(" ".join(kept))
        if len(kept) < len(words):
            break
    return "".join(out).strip(" ,")


def _drop_unlisted_partials(ledger: _Ledger) -> None:
    """With a member list, a partial presence of someone not on it (an inhabil guest) is no attendance."""
    has_list = any(f.from_list for _, _, row in ledger.rows for f in row.facts)
    if not has_list:
        return
    ledger.rows = [(n, m, r) for n, m, r in ledger.rows
                   if not all(f.person.partial and not f.from_list and f.status == PRESENT for f in r.facts)]
