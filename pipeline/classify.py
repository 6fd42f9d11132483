"""What a document is: type, issuer, body, meeting date, time and place.

One small reader per field (in the style of city-scrapers' `_parse_title`, `_parse_start`),
each trying the document's own words in order of reliability:

- type: a title word ('Referat', 'Beslutningsprotokol', 'Dagsorden', 'Tillægsdagsorden' …) in
  the title or a header line; then the content: decisions written down or attendance stated
  make minutes, whatever the system calls them; a single case with a decision is a case
  presentation; items without decisions an agenda.
- meeting date: a labelled date field ('Dato:', 'Mødedato'), then a header line that carries a
  date with a weekday, a time or a title/body word, then 'Beslutning i Byrådet den …' or
  'mødet den …', then a running header ('KKR Nordjylland | 19-04-2024'). Publication dates
  ('Publiceret 25-09-2017') are never the meeting's.
- body: an 'Udvalg:' field, a KKR letterhead, a council or committee named in a header line
  ('Referat - Kommunalbestyrelsen den …', 'Børne- og Ungeudvalget (2018-2021) – Referat'), a
  decision heading, then the KKR most named in the text.
- issuer: `raw/sources.csv` wins; then the text's letterhead or sentence ('Byrådet i Køge');
  then the folder the file sits in. A KKR body is its own issuer.
A header field that is there but cannot be read leaves a `header_not_read` issue (see
`header_issues`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from pipeline.dates import find_dates, find_time, month_words
from pipeline.issuer import Issuer, issuer_in_text, issuer_of_folder, resolve_issuer
from pipeline.models import Line
from pipeline.structure.fields import Field, find_fields
from pipeline.structure.items import is_item_line, single_case_at
from pipeline.vocabulary import meetings as V

HEAD_LINES = 40  # the header of real minutes ends well within this (web pages add some chrome)
TITLE_LINES = 15

KKR_REGIONS = ("Hovedstaden", "Sjælland", "Syddanmark", "Midtjylland", "Nordjylland")
DANISH_MONTHS = {w: n for w, n in month_words().items() if len(w) > 3 or w == "maj"}
MONTH_ALT = "|".join(sorted(DANISH_MONTHS, key=len, reverse=True))

RUNNING_HEADER = re.compile(r"^\s*(KKR\s+\w+|KL)\s*\|\s*(\d{2}-\d{2}-\d{4})\s*$")
SPACED_KKR = re.compile(r"^K\s?K\s?R\s+((?:[A-ZÆØÅ]\s?)+)$")
PLAIN_KKR = re.compile(r"\bKKR\s+(" + "|".join(KKR_REGIONS) + r")\b", re.IGNORECASE)
RECOMMEND_TO = re.compile(r"Det indstilles, at (?P<body>direktionen|kommunalbestyrelsen|byrådet|økonomiudvalget)\b", re.I)
_BODY_WORD = r"[A-ZÆØÅ][\wæøåÆØÅ/-]*(?:[- ]og [\wæøåÆØÅ-]+|,? [\wæøåÆØÅ-]+){0,4}?"
DECISION_HEADING = re.compile(
    rf"^(?:Beslutning|Afgørelse)(?:\s+i)?\s+(?P<body>{_BODY_WORD})(?:\s+den|\s+d\.|,|\s+(?=\d))\s*(?P<rest>.*)$"
)
MEETING_OF = re.compile(rf"(?P<body>{_BODY_WORD})s\s+(?:beslutning\s+i\s+)?mødet?\s+(?:den|d\.)\s+(?P<rest>.*)$")
MEETING_DATE_PHRASE = re.compile(r"\b(?:mødet?|møde afholdt)\s+(?:den|d\.)\s+", re.IGNORECASE)
DECISION_WORDS = (
    "godkendt", "godkendes", "godkendte", "taget til efterretning", "tiltrådt", "vedtaget", "anbefalet",
    "anbefales", "udsat", "oversendt", "fraværende", "afbud", "indstillingen", "drøftet", "orienteringen",
    "ingen", "blev", "besluttede", "udvalget", "byrådet", "kommunalbestyrelsen", "regionsrådet",
)


@dataclass(frozen=True)
class Classification:
    doc_type: str
    body: str | None
    meeting_date: date | None
    document_date: date | None
    meeting_time: str | None
    place: str | None
    issuer: str | None = None
    municipality_code: str | None = None
    issuer_source: str | None = None  # 'manifest', 'text', 'folder'
    title: str | None = None
    date_source: str | None = None  # 'text', or 'file_name' when only the file's name gives the date


def _words_pattern(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_TYPE_OF_WORD = {w: t for t, words in V.DOC_TYPE_WORDS.items() for w in words}
_TYPE_WORD = re.compile(rf"(?<![\wæøå])(?P<w>{_words_pattern(_TYPE_OF_WORD)})(?![\wæøå])", re.IGNORECASE)


def classify(raw: list[Line], cleaned: list[Line], *, title: str | None = None, source_file: str = "",
             manifest_issuer: str | None = None) -> Classification:
    """Classify from the raw lines (running headers still in), the cleaned lines and the page title."""
    head = cleaned[:HEAD_LINES]
    texts = [ln.text.strip() for ln in head]
    fields = find_fields(head)
    doc_type, title_text = _doc_type(texts, cleaned, title)
    meeting_date, meeting_time = _meeting_date(texts, fields, raw, cleaned, title)
    place = _place(texts, fields)
    body = _body(texts, fields, raw, cleaned, title, doc_type)
    issuer, source = _issuer(manifest_issuer, texts, title, body, source_file, doc_type)
    date_source = "text" if meeting_date else None
    if meeting_date is None and doc_type in ("referat", "dagsorden", "sagsfremstilling"):
        meeting_date = _date_in_file_name(source_file)  # 'byraad_2020-08-26.txt': filed under its date
        date_source = "file_name" if meeting_date else None
    if doc_type == "notat":
        document_date = next((d.value for t in texts[:5] for d in find_dates(t)), None)
        meeting_date = date_source = None
    else:
        document_date = meeting_date
    return Classification(
        doc_type, body, meeting_date, document_date, meeting_time, place,
        issuer.name if issuer else None, issuer.municipality_code if issuer else None, source,
        title_text or title, date_source,
    )


def _date_in_file_name(source_file: str) -> date | None:
    """The one date a file's name gives ('2020-08-26', '26-08-2020'), when the text gives none."""
    name = source_file.replace("\\", "/").rsplit("/", 1)[-1]
    found = {d.value for d in find_dates(re.sub(r"[_]", " ", name))}
    return found.pop() if len(found) == 1 else None


# --- type ------------------------------------------------------------------------------------

def _title_type(text: str) -> str | None:
    """The doc type a header line states, or None ('Byrådet - Referat', 'REFERAT 2026', 'Referat: 27. …').

    The title word must open the line (after a page number or 'Download "'), follow a spaced
    dash, a bar or a colon, follow the issuer or body it belongs to ('Egebjerg Kommune
    Kommunalbestyrelsen Referat'), or be written in capitals: '1. Godkendelse af dagsorden' is
    an item and 'Sagsfremstilling' a section heading, not titles.
    """
    if len(text) > 160 and not text.isupper():
        text = text[:160]
    for m in _TYPE_WORD.finditer(text):
        prefix = text[: m.start()]
        before = prefix.strip()
        opening = re.fullmatch(r"(?:\d{1,3}\s*|Download\s*[\"“]?|[\"“])?", before) is not None
        after_dash = re.search(r"(?:\s[-–—|]|:)\s*$", prefix) is not None
        after_body = bool(before) and (_names_body(before.split()[-1]) is not None or before.endswith("Kommune"))
        shouting = m.group("w").isupper() and len(m.group("w")) > 4
        kind = _TYPE_OF_WORD[m.group("w").lower()]
        if (is_item_line(Line(text, 0, 0)) or kind == "sagsfremstilling") and not shouting:
            return None
        if opening or after_dash or after_body or shouting:
            return kind
    return None


def _doc_type(texts: list[str], cleaned: list[Line], title: str | None) -> tuple[str, str | None]:
    stated, title_text = None, None
    for text in ([title] if title else []) + texts[:TITLE_LINES]:
        stated = _title_type(text)
        if stated:
            title_text = text
            break
    if stated in ("notat", "referat"):
        return stated, title_text
    decided = _has_decisions(cleaned)
    attendance = _states_attendance(cleaned)
    if stated == "dagsorden":
        return ("referat" if decided else "dagsorden"), title_text
    if stated == "sagsfremstilling":
        return stated, title_text
    if decided and single_case_at(cleaned) is not None:
        return "sagsfremstilling", title_text
    numbered = any(is_item_line(ln) for ln in cleaned)
    if decided or attendance:
        return "referat", title_text
    if numbered and any(ln.text.strip().lower().rstrip(":") in V.RECOMMENDATION_SECTIONS for ln in cleaned):
        return "dagsorden", title_text
    return "other", title_text


def _has_decisions(cleaned: list[Line]) -> bool:
    """A decision heading followed by what was decided ('Beslutning' / 'Godkendt.')."""
    for k, line in enumerate(cleaned):
        text = line.text.strip()
        if DECISION_HEADING.match(text) or MEETING_OF.match(text):
            return True
        low = text.lower().rstrip(":")
        head, _, rest = low.partition(" ")
        if low in V.DECISION_SECTIONS or (head in V.DECISION_SECTIONS and rest.startswith(DECISION_WORDS)):
            nxt = cleaned[k + 1].text.strip().lower() if k + 1 < len(cleaned) else ""
            said = rest or nxt
            if said.startswith(DECISION_WORDS) or DECIDED.search(said[:120]):
                return True
    return False


# What a written decision says ('Dagsordenen blev godkendt.', '1. Godkendt', 'Udvalget tiltrådte indstillingen').
DECIDED = re.compile(
    r"\b(?:godkend(?:t|te|es)|tiltrådt|tiltrådte|vedtog|vedtaget|taget til efterretning|anbefal(?:et|es|ede)|"
    r"besluttede|blev udsat|afvist|afviste|drøftede|orienteringen blev)\b"
)


def _states_attendance(cleaned: list[Line]) -> bool:
    from pipeline.structure.fields import label_at_start

    for line in cleaned:
        got = label_at_start(line.text)
        if got and got[0] in V.ATTENDANCE_HEADINGS and got[0] not in ("deltog", "stedfortræder", "suppleant"):
            return True
    return False


# --- date and time ---------------------------------------------------------------------------

_NOT_MEETING = re.compile(
    rf"(?:{_words_pattern(V.NOT_MEETING_DATE_WORDS)})\w*\s*[:.]?\s*(?:den\s+|d\.\s+)?$", re.IGNORECASE)


def _not_meeting_date(text: str, start: int) -> bool:
    """'Publiceret 25-09-2017', 'Udsendelsesdato: …': the date right after such a word is not the meeting's."""
    return _NOT_MEETING.search(text[:start]) is not None


def _meeting_date(texts, fields, raw, cleaned, title) -> tuple[date | None, str | None]:
    for f in fields:  # 1. a labelled date field
        if f.kind == "date":
            found = [d for d in find_dates(f.value) if not _not_meeting_date(f.value, d.start)]
            if found:
                return found[0].value, found[0].time or _time_field(fields) or find_time(f.value[found[0].end:])
    for k, text in enumerate(texts[:25]):  # 2. a header line that carries a date
        for d in find_dates(text):
            if _not_meeting_date(text, d.start):
                continue
            headerish = d.weekday or d.time or _title_type(text) or _names_body(text) or len(text) <= 40
            if headerish:
                return d.value, d.time or _time_field(fields)
    for line in cleaned:  # 3. a decision heading or 'mødet den …'
        text = line.text.strip()
        m = DECISION_HEADING.match(text) or MEETING_OF.match(text)
        hit = find_dates(m.group("rest")) if m else []
        if not hit and MEETING_DATE_PHRASE.search(text):
            at = MEETING_DATE_PHRASE.search(text).end()
            hit = [d for d in find_dates(text) if d.start == at]
        if hit:
            return hit[0].value, _time_field(fields)
    for ln in raw:  # 4. a running header
        h = RUNNING_HEADER.match(ln.text)
        if h:
            return next((d.value for d in find_dates(h.group(2))), None), _time_field(fields)
    if title:
        found = find_dates(title)
        if found:
            return found[0].value, found[0].time
    return None, _time_field(fields)


def _time_field(fields: list[Field]) -> str | None:
    return next((find_time(f.value) or find_time("kl. " + f.value) for f in fields
                 if f.kind == "time" and (find_time(f.value) or find_time("kl. " + f.value))), None)


# --- place -----------------------------------------------------------------------------------

def _place(texts: list[str], fields: list[Field]) -> str | None:
    for f in fields:
        if f.kind == "place" and f.value:
            lines = [f.value]
            # 'Sted:' values wrapped over lines end with a comma ('Hotel Scandic,' / 'Aalborg')
            k = f.value_index + 1
            while lines[-1].endswith(",") and k < len(texts):
                lines.append(texts[k])
                k += 1
            return " ".join(lines).strip().rstrip(".") or None
    return None


# --- body ------------------------------------------------------------------------------------

def canonical_body(text: str) -> str | None:
    """'Byrådets' -> 'Byrådet', 'Økonomiudvalgets' -> 'Økonomiudvalget', 'KKR NORDJYLLAND' -> 'KKR Nordjylland'."""
    text = re.sub(r"\s*\(\d{4}\s*-\s*\d{4}\)\s*|\s+\d{4}\s*-\s*\d{4}$", "", text.strip(" .,:;-–")).strip()
    if not text:
        return None
    kkr = _kkr_body(text[3:]) if text[:3].upper() == "KKR" else None
    if kkr:
        return kkr
    low = text.lower()
    if low in V.COUNCILS:
        return V.COUNCILS[low]
    words = text.split()
    last = words[-1].lower()
    if last.endswith("s") and last[:-1].endswith(V.COMMITTEE_ENDINGS):
        words[-1] = words[-1][:-1]
        last = last[:-1]
    if last.endswith(V.COMMITTEE_ENDINGS) and words[0][:1].isupper() and len(words) <= 8:
        return " ".join(words)
    return None


_COUNCIL_STEMS = frozenset(c.rstrip("s'") for c in V.COUNCILS)


def _names_body(text: str) -> str | None:
    """The council or committee a header line names ('Referat - Kommunalbestyrelsen den …',
    'referat fra byrådet', 'Referat fra møde i Ældrerådet')."""
    for m in re.finditer(r"(?<![\wæøå])[\wæøåÆØÅ][\wæøåÆØÅ'’/-]*(?:[- ]og [\wæøåÆØÅ-]+)?", text):
        word = m.group(0).replace("’", "'")
        low = word.lower()
        if low.rstrip("s'") in _COUNCIL_STEMS:
            return V.COUNCILS.get(low) or V.COUNCILS.get(low.rstrip("s'")) or canonical_body(word)
        if word[:1].isupper() and low.endswith(("udvalget", "udvalgets", "udvalg", "rådet", "rådets")):
            body = canonical_body(word)
            if body:
                return body
    return None


def _kkr_body(name: str) -> str | None:
    name = re.sub(r"\s+", "", name).lower()
    for region in KKR_REGIONS:
        if region.lower() == name:
            return f"KKR {region}"
    return None


def _body(texts, fields, raw, cleaned, title, doc_type: str) -> str | None:
    if doc_type == "other":  # a news page or a figure table naming KKRs and councils was issued by none
        return None
    for f in fields:  # 'Udvalg: Byrådet'
        if f.kind == "body" and f.value and f.label in ("udvalg", "mødeforum", "forum", "organ"):
            body = canonical_body(f.value) or f.value.strip()
            if body:
                return body
    for text in texts:  # 'KKR NORDJYLLAND', 'K K R  N O R D J Y L L A N D'
        spaced = SPACED_KKR.match(text)
        if spaced and _kkr_body(spaced.group(1)):
            return _kkr_body(spaced.group(1))
        if re.fullmatch(r"KKR\s+\w+", text, re.IGNORECASE) and _kkr_body(text.split(None, 1)[1]):
            return _kkr_body(text.split(None, 1)[1])
    for ln in raw:
        h = RUNNING_HEADER.match(ln.text)
        if h:
            return _kkr_body(h.group(1).split(None, 1)[1]) if h.group(1) != "KL" else "KL"
    for text in ([title] if title else []) + texts[:TITLE_LINES]:
        if _title_type(text) or len(text) <= 60 or find_dates(text):
            body = _names_body(text)
            if body:
                return body
    for line in cleaned:
        d = DECISION_HEADING.match(line.text.strip()) or MEETING_OF.match(line.text.strip())
        if d:
            body = canonical_body(d.group("body"))
            if body:
                return body
    for ln in cleaned:
        r = RECOMMEND_TO.search(ln.text)
        if r:
            return r.group("body").capitalize()
    counts: dict[str, int] = {}
    for ln in cleaned:
        for m in PLAIN_KKR.finditer(ln.text):
            key = _kkr_body(m.group(1))
            counts[key] = counts.get(key, 0) + 1
    return max(counts, key=counts.get) if counts else None


# --- issuer ----------------------------------------------------------------------------------

LETTERHEAD_LINES = 12


def _issuer(manifest: str | None, texts: list[str], title: str | None, body: str | None,
            source_file: str, doc_type: str) -> tuple[Issuer | None, str | None]:
    """Manifest, then the text's letterhead, then the folder.

    Only the letterhead counts as text: the lines before the first participant list or item
    (a list may name 'Koncerndirektør fra Region Hovedstaden'), and never for a page that is
    not a meeting document (a news article names many municipalities).
    """
    if manifest:
        found = resolve_issuer(manifest, bare_region_names=True)
        return (found or Issuer(manifest.strip(), None)), "manifest"
    if body and (body.startswith("KKR ") or body == "KL"):
        return Issuer(body, None), "text"
    if doc_type != "other":
        for text in ([title] if title else []) + _letterhead(texts):
            found = issuer_in_text(text)
            if found is not None:
                return found, "text"
    folder = issuer_of_folder(source_file)
    if folder is not None:
        return folder, "folder"
    return None, None


def _letterhead(texts: list[str]) -> list[str]:
    from pipeline.structure.fields import label_at_start

    out = []
    for text in texts[:LETTERHEAD_LINES]:
        got = label_at_start(text)
        if is_item_line(Line(text, 0, 0)) or (got and got[0] in V.ATTENDANCE_HEADINGS):
            break
        out.append(text)
    return out
