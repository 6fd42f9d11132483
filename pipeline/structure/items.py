"""Agenda items: number, whole title, case number and the sections under each.

An item line is a number with a title: '1. Godkendelse', '183.   Godkendelse', '217 Forslag',
'1 : Godkendelse', 'Pkt. 42 Beslutninger', 'Punkt 3 …', '1 (Åben) Godkendelse … 4', '2.2. …',
or a title line followed by 'Sag nr. 129'. A numbered line is an item only with evidence,
because minutes are full of numbered lists ('1. at godkende …', '1. Overborgmester …'):
- an anchor follows within a few lines: a case number ('Sagsnr.: 24/1234', 'Sagsid.: 18/3241',
  a KLE journal number '00.01.00-A00-1-24', '25/555'), or an item section heading
  ('Sagsfremstilling', 'Beslutning', 'Resume', … from `vocabulary.meetings.ITEM_SECTIONS`); or
- it stands in the table of contents (after 'Indholdsfortegnelse'), where titles may carry a
  trailing page number.
A number that only groups sub-items ('1.' right before '1.1.') is not an item. An item met in
the table of contents and again in the body is one item: the body gives its case number.
Access markers ('(Åben)', 'Åbent punkt') are not part of a title; a case-type code at the end
('(B)') is kept as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.models import Document, Line
from pipeline.vocabulary import meetings as V

MAX_TITLE_LINES = 3
ANCHOR_WINDOW = 7

_NUMBER_WORDS = "|".join(re.escape(w) for w in sorted(V.ITEM_NUMBER_WORDS, key=len, reverse=True))
ITEM_LINE = re.compile(
    rf"^(?:[•·▪]\s*)?(?:(?i:åbent|åben|lukket)\s+)?(?:(?i:{_NUMBER_WORDS})\s*)?(?P<no>\d{{1,3}}(?:\.\d{{1,2}})*)"
    r"(?P<sep>\s*[.:)]\s*(?:[-–]\s+)?|\s+[-–]\s+|\s+)(?P<access>\((?i:åben|åbent|lukket)\)\s*)?(?P<title>[\"“”'(A-ZÆØÅ0-9§].*)$"
)
SAG_NR_LINE = re.compile(r"^(?i:sag\s+nr\.?)\s*(?P<no>\d{1,4})\s*$")
CASE_VALUE = re.compile(
    r"(?P<case>\d{2}\.\d{2}\.\d{2}(?:\.\d{2})?-[A-ZÆØÅ]\d{2}-\d+-\d{2}|SAG-\d{4}-\d{3,6}|\d{2,4}-\d{4}-\d{2,7}"
    r"|\d{2}/\d{1,7}(?:-\d+)?|\d{4}-\d{4,8}|\d{4}/\d{3,7}|\d{5,8})(?![\d/])"
)
_CASE_LABEL = re.compile(
    r"^(?P<label>" + "|".join(re.escape(w) for w in sorted(V.CASE_LABELS, key=len, reverse=True)) + r")\s*[:.]?\s*",
    re.IGNORECASE,
)
_NOT_CASE = re.compile("|".join(re.escape(w) for w in V.NOT_CASE_LABELS), re.IGNORECASE)
_KLE = r"\d{2}\.\d{2}\.\d{2}(?:\.\d{2})?[-.]?[A-ZÆØÅ]\d{2}-\d+(?:-\d{2})?"  # '00.01.00-A00-1-24', '00.01.00P35-0121'
_BARE_CASE_LINE = re.compile(rf"^(?:SAG-\d{{4}}-\d{{3,6}}|\d{{2}}/\d{{1,7}}|{_KLE})(?=\s|$)")
_CASE_TOKEN = re.compile(r"[A-ZÆØÅ0-9][\wÆØÅæøå./-]*\d[\wÆØÅæøå./-]*")
_INLINE_CASE = re.compile(r"\s(?:Sagsnr|Sagsid|Sagsnummer|Sags-id|J\.nr)\.?\s*:")
_UI = re.compile("|".join(re.escape(w) for w in V.UI_PHRASES), re.IGNORECASE)
_OPEN_ENDINGS = ("og", "i", "til", "for", "af", "om", "ved", "med", "på", "fra", "samt", "-", "–", "vedr.", "mellem")
_TRAILING_CASE = re.compile(r"\s+(?P<case>\d{2}/\d{3,7})$")
_PAGE_NUMBER = re.compile(r"\s+\d{1,3}$")
_ACCESS = re.compile("|".join(re.escape(w) for w in V.ACCESS_MARKERS), re.IGNORECASE)
_SECTION = {w.lower() for w in V.ITEM_SECTIONS}
# 'BeslutningGodkendt.': a heading glued to its value by a scrape (capital, then capital: case matters)
_GLUED_HEADING = re.compile(r"^(Beslutning|Bilag|Indstilling|Sagsfremstilling)(?=[A-ZÆØÅ])")


@dataclass
class ItemSpan:
    """One agenda item: where it starts and ends in `Document.lines` and what it says."""

    item_no: str | None
    title: str
    case_no: str | None
    start: int  # index of the item's first line in doc.lines
    end: int  # index one past its last line
    body_start: int  # index of the first line after title and case number
    page: int
    sections: dict[str, list[Line]] = field(default_factory=dict)

    def section_text(self, *names: str) -> str | None:
        """The joined text of the first of `names` present ('Beslutning', …), or None."""
        for name in names:
            lines = self.sections.get(name)
            if lines:
                return join_text(ln.text for ln in lines)
        return None


def join_text(parts) -> str:
    """Join wrapped lines into one string: a trailing '-' before a digit/capital is kept tight."""
    out = ""
    for part in parts:
        part = " ".join(part.split())
        if not part:
            continue
        if not out:
            out = part
        elif out.endswith("-") and not out.endswith(" -"):
            out += part
        else:
            out += " " + part
    return out


def section_name(text: str) -> str | None:
    """'Beslutning i Økonomiudvalget den 04-02-2025' -> 'Beslutning'; None for body text."""
    text = text.strip()
    low = text.lower().rstrip(":").strip()
    if low in _SECTION:
        return _canonical_section(low)
    head = low.split(" ", 1)[0]
    if head in ("beslutning", "afgørelse") and re.match(r"^\w+\s+(?:i |fra |:|den |\w+, \d)", low + " "):
        return "Beslutning"
    m = _GLUED_HEADING.match(text)
    if m:  # 'BeslutningGodkendt.' (a heading glued to its value)
        return _canonical_section(m.group(1).lower())
    return None


def _canonical_section(low: str) -> str:
    if low in V.DECISION_SECTIONS or low.startswith("beslutning"):
        return "Beslutning"
    if low in V.RECOMMENDATION_SECTIONS:
        return "Indstilling"
    return low[:1].upper() + low[1:]


def case_number(text: str) -> str | None:
    """The case number a line states ('Sagsnr.: 24/1234', 'Sagsid.: 18/3241, …', '25/555 Åben Sag'), else None."""
    text = text.strip()
    label = _CASE_LABEL.match(text)
    if label and not (label.group("label").lower() == "sag" and not re.match(r"(?i)sag\s+\d", text)):
        rest = text[label.end():]
        cut = _NOT_CASE.search(rest)
        rest = rest[: cut.start()] if cut else rest
        m = _CASE_TOKEN.match(rest.strip())  # the value as written: '24/1234', '25-013902', '00.01.00P35-0121'
        if m and sum(ch.isdigit() for ch in m.group(0)) >= 4:
            return m.group(0).rstrip(".,;:")
        return None
    m = _BARE_CASE_LINE.match(text)
    return m.group(0) if m else None


def _is_case_label(text: str) -> bool:
    label = _CASE_LABEL.match(text.strip())
    return bool(label) and label.group("label").lower() != "sag" and not _NOT_CASE.match(text.strip())


def _is_anchor(text: str) -> bool:
    return bool(section_name(text) or case_number(text) or _is_case_label(text)
                or text.strip().lower() in ("åben", "åbent", "åben sag", "lukket", "lukket sag", "åbent punkt", "lukket punkt"))


def is_item_line(line: Line) -> bool:
    """True for a numbered agenda-item line ('1. Godkendelse', 'Pkt. 42 …'), not a list point or a date."""
    return _item_line(line) is not None


def _item_line(line: Line) -> re.Match | None:
    if line.cells is not None or "\t" in line.text:
        return None
    m = ITEM_LINE.match(line.text.strip())
    if not m or _BARE_CASE_LINE.match(line.text.strip()):  # '00.01.00P35-0121' is a journal number
        return None
    title = m.group("title").strip()
    if re.search(r"\([A-ZÆØÅ]{1,3}\)$", title) and len(title.split()) <= 6 and not title.endswith(("(B)", "(E)", "(O)", "(D)", "(C)")):
        return None  # '1. Overborgmester Anna Holm (A)': a numbered participant
    second = re.search(r"[a-zæøå]{3,}\.\s+(?P<rest>[A-ZÆØÅ][a-zæøå]+\s+.*)$", title)
    if second and len(second.group("rest").split()) >= 5:
        return None  # '1. Afbud. Der var afbud fra …': a numbered paragraph
    if len(title) > 220 or re.match(r"^\d{1,3}\.\s", title):  # '1. - 2. Anbefalet …': decision points
        return None
    return m


def _in_toc(lines: tuple[Line, ...], i: int) -> bool:
    """True when line i belongs to a table of contents (a TOC heading shortly before a run of items)."""
    k = i - 1
    while k >= 0 and i - k <= 40:
        text = lines[k].text.strip().lower().rstrip(":")
        if text in V.TOC_HEADINGS or text.startswith(V.TOC_HEADINGS[0]):
            return True
        if section_name(lines[k].text) or case_number(lines[k].text):
            return False
        k -= 1
    return False


def find_items(doc: Document) -> list[ItemSpan]:
    """All agenda items of `doc`, in document order, one per item number (do not mutate)."""
    lines = doc.lines
    single = _single_case(doc)
    if single is not None:  # a case presentation: its numbered lines are lists inside the case
        return [single]
    starts: list[tuple[int, str, str, int, bool]] = []  # (index, number, title, anchor index or -1, from toc)
    for i, line in enumerate(lines):
        for no, title in _flattened_toc(line.text):
            starts.append((i, no, title, -1, True))
        text = _strip_toc_heading(line.text.strip())
        sag = SAG_NR_LINE.match(text)
        if sag and i > 0 and not _is_anchor(lines[i - 1].text) and not _item_line(lines[i - 1]):
            starts.append((i - 1, sag.group("no"), lines[i - 1].text.strip(), i, False))
            continue
        m = _item_line(Line(text, line.page, line.line_no))
        if not m:
            continue
        # '217 Forslag …' (no '.', ':' or 'Pkt.') is a table-of-contents shape; in running text
        # a bare number before a capital is a table row or a paragraph, never an item heading.
        bare = not m.group("sep").strip() and not re.match(rf"(?:[•·▪]\s*)?(?i:{_NUMBER_WORDS})", text)
        anchor = _anchor_after(lines, i)
        if bare and anchor is not None and len(m.group("sep")) < 2 and not case_number(lines[anchor].text):
            anchor = None  # '3 Kommunerne …' before a heading: a paragraph; '1  Titel' / a case number: an item
        if anchor is not None and not _is_group_heading(lines, i, m.group("no")):
            starts.append((i, m.group("no"), m.group("title"), anchor, False))
        elif _in_toc(lines, i):
            starts.append((i, m.group("no"), m.group("title"), -1, True))
    if not starts:
        starts = _numbered_run(lines)
    starts = _in_sequence(starts)

    items: dict[str, ItemSpan] = {}
    body_starts = [s for s in starts if not s[4]]
    for pos, (i, no, title, anchor, toc) in enumerate(starts):
        nxt = next((s[0] for s in starts[pos + 1:] if s[0] > i and s[1] != no), len(lines))
        if toc:
            title_parts = [title] + _toc_continuation(lines, i, nxt)
            item = ItemSpan(no, _clean_title(join_text(title_parts), toc=True), None, i, i + 1 + len(title_parts) - 1,
                            i + 1, lines[i].page)
        else:
            title_parts = [title] + _body_continuation(lines, i, anchor, title)
            title_text = join_text(title_parts[: MAX_TITLE_LINES + 1])
            case = None
            inline = _INLINE_CASE.search(title_text)
            if inline:  # a flattened page: 'Titel Sagsid.: 02/1187 Initialer: …'
                case, title_text = case_number(title_text[inline.start():].strip()), title_text[: inline.start()]
            bracket = re.search(r"\s*\(\s*(?P<case>[\d/-]*)\s*\)$", title_text)
            if bracket and (not bracket.group("case") or CASE_VALUE.fullmatch(bracket.group("case"))):
                case, title_text = bracket.group("case") or None, title_text[: bracket.start()]  # kk.dk: '… ( )' 
            trailing = _TRAILING_CASE.search(title_text)
            if trailing:
                case, title_text = trailing.group("case"), title_text[: trailing.start()]
            above = case_number(lines[i - 1].text) if i > 0 else None
            stop = nxt - 1 if nxt < len(lines) and case_number(lines[nxt - 1].text) else nxt
            k, body_start = anchor, anchor
            while k < min(stop, anchor + 4) and case is None:
                case = case_number(lines[k].text)
                if case is None and _is_case_label(lines[k].text) and k + 1 < nxt:
                    case = case_number("Sagsnr. " + lines[k + 1].text.strip())
                k += 1
            if case is None and above:  # the case number printed above the title (Mariagerfjord, Region Midt)
                case = above
            end = _heading_cut(lines, i + 1, next((s[0] for s in body_starts if s[0] > i and s[1] != no), len(lines)), no)
            item = ItemSpan(no, _clean_title(title_text, toc=False), case, i, end, body_start, lines[i].page)
            item.sections = _sections(lines[body_start:end])
        known = items.get(no)
        if known is None or (known.body_start == known.start + 1 and not known.sections and not toc):
            if known is not None and not item.case_no:
                item.case_no = known.case_no
            items[no] = item
    return sorted(items.values(), key=lambda it: it.start)


_FLAT_TOC_ENTRY = re.compile(  # the page after dot leaders, or a roman page number right before the next entry
    r"(?:(?<=\s)|^)(?P<no>\d{1,3})\.\s+(?P<title>[A-ZÆØÅ\"“].+?)\s*"
    r"(?:\.{2,}\s*(?:[ivxlcdm]+|\d{1,3})(?=\s|$)|\s[ivxlcdm]+(?=\s+\d{1,3}\.\s|\s*$))"
)


def _flattened_toc(text: str) -> list[tuple[str, str]]:
    """A table of contents flattened onto one transcript line ('Indholdsfortegnelse … 89. Titel...i 90. …')."""
    head = text.lower().find(V.TOC_HEADINGS[0])
    if head < 0:
        return []
    found = [(m.group("no"), m.group("title").strip()) for m in _FLAT_TOC_ENTRY.finditer(text[head:])]
    return found if len(found) >= 2 else []


def _numbered_run(lines: tuple[Line, ...]) -> list[tuple]:
    """Items of a document without case numbers or section headings: a run of at least three
    consecutively numbered short headings, each with text under it ('1. Godkendelse af dagsorden' /
    'Dagsordenen blev godkendt.' / '2. Siden sidst' …)."""
    found = []
    for i, line in enumerate(lines):
        m = _item_line(line)
        if m and m.group("sep").strip() and "." not in m.group("no") and len(m.group("title").split()) <= 14 \
                and not m.group("title").rstrip().endswith((".", ":")):
            found.append((i, m.group("no"), m.group("title"), i + 1, False))
    runs, run = [], []
    for start in found:
        if run and int(start[1]) == int(run[-1][1]) + 1 and start[0] - run[-1][0] >= 2:
            run.append(start)
        else:
            if len(run) >= 3:
                runs.extend(run)
            run = [start]
    if len(run) >= 3:
        runs.extend(run)
    return runs


def _number(no: str) -> tuple[int, ...]:
    return tuple(int(p) for p in no.split("."))


def _in_sequence(starts: list[tuple]) -> list[tuple]:
    """Drop a body item whose number falls outside the run of the two around it ('3.4', '3. …',
    '3.5' or '1.1', '2. Det fremgår …', '1.2'): a numbered list inside an item's text, not an item."""
    body = []
    for s in starts:  # a heading printed twice ('62. …' / '62. …') counts once
        if not s[4] and not (body and body[-1][1] == s[1]):
            body.append(s)
    drop = set()
    for before, here, after in zip(body, body[1:], body[2:]):
        if _number(before[1]) < _number(after[1]) and not _number(before[1]) < _number(here[1]) < _number(after[1]):
            drop.add(here[1])
    return [s for s in starts if s[4] or s[1] not in drop]


def _heading_cut(lines: tuple[Line, ...], start: int, end: int, no: str) -> int:
    """A sub-item ('1.2') ends at the next group heading ('2. Eventuelt'), even one that is no item."""
    if "." not in no:
        return end
    major = _number(no)[0]
    for k in range(start, end):
        m = _item_line(lines[k])
        if not (m and "." not in m.group("no") and int(m.group("no")) == major + 1 and m.group("sep").strip()):
            continue
        # a real group heading opens its first sub-item at once, or closes the document
        opens = any((n := _item_line(lines[j])) and n.group("no") == f"{major + 1}.1" for j in range(k + 1, min(k + 4, len(lines))))
        if opens or len(lines) - k <= 3:
            return k
    return end


def _strip_toc_heading(text: str) -> str:
    """'Indholdsfortegnelse1. Fraværende' (heading glued to the first entry) -> '1. Fraværende'."""
    for heading in V.TOC_HEADINGS:
        if text.lower().startswith(heading) and len(text) > len(heading) and text[len(heading)].isdigit():
            return text[len(heading):]
    return text


def _anchor_after(lines: tuple[Line, ...], i: int) -> int | None:
    """Index of the case number or section heading that anchors an item starting at i."""
    for j in range(i + 1, min(i + 1 + ANCHOR_WINDOW, len(lines))):
        text = lines[j].text.strip()
        if _item_line(lines[j]) or SAG_NR_LINE.match(text):
            if _item_line(lines[j]) and _item_line(lines[j]).group("title") == _item_line(lines[i]).group("title"):
                continue  # the same heading printed twice
            return None
        if _is_anchor(text):
            return j
    return None


def _is_group_heading(lines: tuple[Line, ...], i: int, no: str) -> bool:
    """'1. Godkendelse af referat og dagsorden' right before '1.1. …' only groups its sub-items."""
    for j in range(i + 1, min(i + 4, len(lines))):
        m = _item_line(lines[j])
        if m:
            return m.group("no").startswith(no + ".")
    return False


_LABEL_LINE = re.compile(r"^[\wæøåÆØÅ. -]{2,30}:(?:\s|$)")
_NUMBER_ONLY = re.compile(rf"^(?:(?i:{_NUMBER_WORDS})\s*)?\d{{1,3}}\.?$")


def _unfinished(text: str) -> bool:
    """A title line that cannot end there ('… ved', '… og', '… -')."""
    words = text.strip().split()
    return bool(words) and (words[-1].lower() in _OPEN_ENDINGS or text.rstrip().endswith((",", "-", "–")))


def _body_continuation(lines: tuple[Line, ...], i: int, anchor: int, title: str) -> list[str]:
    """The rest of a wrapped title: lines between the item line and its anchor that read as title.

    A title continues when it visibly goes on ('… ved' / 'Vesterbrogade i …'), when the next line
    opens in lower case, or when the lines run straight into the case number (KKR minutes wrap a
    title anywhere); otherwise what stands between an item line and its anchor is page furniture.
    """
    out = []
    wraps_to_case = case_number(lines[anchor].text) is not None  # KKR: title lines, then 'SAG-2024-01363'
    for k in range(i + 1, anchor):
        if not (wraps_to_case or _unfinished(" ".join([title, *out])) or lines[k].text.strip()[:1].islower()):
            break
        text = lines[k].text.strip()
        if (_is_anchor(text) or _item_line(lines[k]) or _LABEL_LINE.match(text) or _NUMBER_ONLY.match(text)
                or text == title or ".pdf" in text.lower() or CASE_VALUE.match(text) or len(out) >= MAX_TITLE_LINES):
            break
        out.append(text)
    return out


def _toc_continuation(lines: tuple[Line, ...], i: int, nxt: int) -> list[str]:
    """A TOC title wrapped onto the next line(s) (no number, not a heading)."""
    out = []
    for k in range(i + 1, min(nxt, i + 1 + MAX_TITLE_LINES)):
        text = lines[k].text.strip()
        low = text.lower().rstrip(":")
        if not (_unfinished(" ".join([lines[i].text, *out])) or text[:1].islower()):
            break
        if (_item_line(lines[k]) or _is_anchor(text) or low in ("åbne", "lukkede", "åbne punkter", "lukkede punkter")
                or text.endswith(":") or len(text) > 120):
            break
        from pipeline.structure.fields import label_at_start

        if label_at_start(text):
            break
        out.append(text)
    return out


def _clean_title(title: str, toc: bool) -> str:
    ui = _UI.search(title)
    if ui and ui.start() > 0:
        title = title[: ui.start()]
    title = _ACCESS.sub("", title).strip()
    title = re.sub(r"\s*\.{3,}\s*[ivxlcdm\d]*$", "", title)  # dot leaders and page numbers
    if toc:
        title = _PAGE_NUMBER.sub("", title)
    title = re.sub(r"\s{2,}\d{1,3}$", "", title)  # 'marts 2021  16': a page number after a gap
    return " ".join(title.split()).strip(" -–")


def _sections(body) -> dict[str, list[Line]]:
    sections: dict[str, list[Line]] = {}
    current: list[Line] | None = None
    for line in body:
        name = section_name(line.text) if line.cells is None else None
        if name:
            current = sections.setdefault(name, [])
            glued = _GLUED_HEADING.match(line.text.strip())
            if glued and line.text.strip()[glued.end():]:
                current.append(Line(line.text.strip()[glued.end():], line.page, line.line_no))
            continue
        if current is not None:
            current.append(line)
    return sections


def single_case_at(lines) -> int | None:
    """Index of the case number that opens a one-case document (title lines, then '25/555 Åben Sag'),
    or None: no item number before it, and it is no case number printed above an item."""
    for j, line in enumerate(lines[:8]):
        if is_item_line(line):
            return None
        if _BARE_CASE_LINE.match(line.text.strip()) and j > 0 and not (j + 1 < len(lines) and is_item_line(lines[j + 1])):
            return j
    return None


def _single_case(doc: Document) -> ItemSpan | None:
    """A one-case document as its one item, with no number."""
    lines = doc.lines
    j = single_case_at(lines)
    if j is None:
        return None
    item = ItemSpan(None, join_text(ln.text for ln in lines[:j]), _BARE_CASE_LINE.match(lines[j].text.strip()).group(0),
                    0, len(lines), j + 1, lines[0].page)
    item.sections = _sections(lines[j + 1:])
    return item


def item_of_lines(doc: Document, items: list[ItemSpan] | None = None) -> list[str | None]:
    """The item number each line of `doc` belongs to (None outside items), parallel to doc.lines."""
    items = find_items(doc) if items is None else items
    out: list[str | None] = [None] * len(doc.lines)
    for item in items:
        for k in range(item.start, item.end):
            out[k] = item.item_no
    return out
