"""What a document is: type, issuing body, meeting date, time and place.

Read from the document's own words, in order of reliability: a title line
('REFERAT 2026', 'DAGSORDEN 2026', 'NOTAT'), a 'Dato:' block, a running header
('KKR Nordjylland | 19-04-2024') seen before clean-up, a decision heading
('Beslutning i Økonomiudvalget den 04-02-2025'), and finally the shape of the content
(participant lists and decisions make minutes; items without decisions an agenda).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from pipeline.models import Line

KKR_REGIONS = ("Hovedstaden", "Sjælland", "Syddanmark", "Midtjylland", "Nordjylland")
DANISH_MONTHS = {
    "januar": 1, "februar": 2, "marts": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7,
    "august": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}
MONTH_ALT = "|".join(DANISH_MONTHS)

TITLE = re.compile(r"^(REFERAT|DAGSORDEN|NOTAT|SAGSFREMSTILLING)\b")
DATE_NUMERIC = re.compile(r"\b(\d{1,2})-(\d{1,2})-(\d{4})\b")
DATE_WORDS = re.compile(rf"\b(\d{{1,2}})\.\s*({MONTH_ALT})\s+(\d{{4}})\b", re.IGNORECASE)
TIME = re.compile(r"\b(\d{1,2})[:.](\d{2})\b")
HEADER = re.compile(r"^\s*(KKR\s+\w+|KL)\s*\|\s*(\d{2}-\d{2}-\d{4})\s*$")
DECISION_BODY = re.compile(r"^Beslutning i (?P<body>.+?) den (?P<date>\d{1,2}-\d{1,2}-\d{4})")
RECOMMEND_TO = re.compile(r"Det indstilles, at (?P<body>direktionen|kommunalbestyrelsen|byrådet|økonomiudvalget)\b", re.I)
SPACED_KKR = re.compile(r"^K\s?K\s?R\s+((?:[A-ZÆØÅ]\s?)+)$")
PLAIN_KKR = re.compile(r"\bKKR\s+(" + "|".join(KKR_REGIONS) + r")\b", re.IGNORECASE)


@dataclass(frozen=True)
class Classification:
    doc_type: str
    body: str | None
    meeting_date: date | None
    document_date: date | None
    meeting_time: str | None
    place: str | None


def parse_danish_date(text: str) -> date | None:
    """'19-04-2024' or '19. april 2024' -> date; None when absent or impossible."""
    m = DATE_NUMERIC.search(text)
    if m:
        d, mo, y = map(int, m.groups())
    else:
        m = DATE_WORDS.search(text)
        if not m:
            return None
        d, mo, y = int(m.group(1)), DANISH_MONTHS[m.group(2).lower()], int(m.group(3))
    try:
        return date(y, mo, d)
    except ValueError:
        return None


def _kkr_body(name: str) -> str | None:
    name = re.sub(r"\s+", "", name).lower()
    for region in KKR_REGIONS:
        if region.lower() == name:
            return f"KKR {region}"
    return None


def classify(raw: list[Line], cleaned: list[Line]) -> Classification:
    """Classify from the raw lines (headers still in) and the cleaned lines."""
    head = [ln.text.strip() for ln in cleaned[:60]]
    doc_type = None
    body = None
    meeting_date = None
    document_date = None
    meeting_time = None
    place = None

    for text in head:
        m = TITLE.match(text)
        if m and doc_type is None:
            doc_type = m.group(1).lower()
        if body is None:
            spaced = SPACED_KKR.match(text)
            if spaced:
                body = _kkr_body(spaced.group(1))
            elif re.fullmatch(r"KKR\s+\w+", text, re.IGNORECASE):
                body = _kkr_body(text.split(None, 1)[1])

    meeting_date, meeting_time, place = _date_block(head)

    for ln in raw:
        h = HEADER.match(ln.text)
        if h:
            body = body or _kkr_body(h.group(1).split(None, 1)[1]) if h.group(1) != "KL" else body or "KL"
            meeting_date = meeting_date or parse_danish_date(h.group(2))
            break

    for ln in cleaned:
        d = DECISION_BODY.match(ln.text.strip())
        if d:
            body = body or d.group("body").strip()
            meeting_date = meeting_date or parse_danish_date(d.group("date"))
            doc_type = doc_type or "sagsfremstilling"
            break

    if body is None:
        for ln in cleaned:
            r = RECOMMEND_TO.search(ln.text)
            if r:
                body = r.group("body").capitalize()
                break
    if body is None:
        counts: dict[str, int] = {}
        for ln in cleaned:
            for m in PLAIN_KKR.finditer(ln.text):
                key = _kkr_body(m.group(1))
                counts[key] = counts.get(key, 0) + 1
        if counts:
            body = max(counts, key=counts.get)

    if doc_type is None:
        texts = {ln.text.strip() for ln in cleaned}
        has_participants = bool(texts & {"Deltagere", "Afbud", "Fraværende"})
        has_decisions = any(t.startswith("Beslutning") for t in texts)
        if has_participants or has_decisions:
            doc_type = "referat"
        elif "Indstilling" in texts and any(re.match(r"^\d+\.\d+\.? ", t) for t in texts):
            doc_type = "dagsorden"
        else:
            doc_type = "other"

    if doc_type == "notat":
        document_date = next((d for d in map(parse_danish_date, head[:5]) if d), None)
        meeting_date = None
    else:
        document_date = meeting_date
    return Classification(doc_type, body, meeting_date, document_date, meeting_time, place)


def _date_block(head: list[str]) -> tuple[date | None, str | None, str | None]:
    """'Dato: 16-06-2026 10:00' / 'Sted: …', or 'Dato:' 'Sted:' labels followed by values."""
    for i, text in enumerate(head):
        if not text.startswith("Dato:"):
            continue
        value = text[len("Dato:"):].strip()
        labels_only = not value
        if labels_only:  # 'Dato:' / 'Sted:' / '23-01-2026 10:30' / place lines …
            rest = [t for t in head[i + 1:i + 10] if t != "Sted:"]
            value = rest[0] if rest else ""
            place_lines = []
            for t in rest[1:]:
                if not t.endswith(",") and place_lines:
                    place_lines.append(t)
                    break
                place_lines.append(t)
            place = " ".join(p.strip() for p in place_lines) or None
        else:
            sted = next((t for t in head[i + 1:i + 4] if t.startswith("Sted:")), None)
            place = sted[len("Sted:"):].strip().rstrip(".") if sted else None
        d = parse_danish_date(value)
        t = TIME.search(value[DATE_NUMERIC.search(value).end():] if DATE_NUMERIC.search(value) else "")
        return d, (f"{int(t.group(1)):02d}:{t.group(2)}" if t else None), place
    return None, None, None
