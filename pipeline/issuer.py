"""Who issued a document: a municipality (with its code), a region, a KKR or KL.

One resolver for every place an issuer is written: a letterhead ('Aabenraa Kommune',
'Bornholms Regionskommune'), a sentence ('Byrådet i Køge', 'Kommunalbestyrelsen i Norddjurs
Kommune'), a web page's site name, a folder a data team filed the file in ('raw/koege/',
'raw/Region Sjælland/', any case, ASCII-folded or not, with or without 'Kommune'), or the
`raw/sources.csv` manifest. Municipalities merged in 2007 ('Egebjerg') are issuers without a
current code.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pipeline.reference import find_municipality, municipalities
from pipeline.vocabulary import meetings as V

_HERE = Path(__file__).parent / "reference"


@dataclass(frozen=True, slots=True)
class Issuer:
    name: str  # 'Aabenraa Kommune', 'Region Sjælland', 'KKR Nordjylland', 'KL', 'Egebjerg Kommune'
    municipality_code: str | None  # the current municipality's 3 digits; None otherwise


def fold(text: str) -> str:
    """Case, accents, Danish letters and separators folded: 'Køge' and 'koege' meet as 'koege'."""
    text = unicodedata.normalize("NFC", text).lower()
    text = text.replace("æ", "ae").replace("ø", "oe").replace("å", "aa").replace("é", "e").replace("ü", "u")
    return re.sub(r"[^a-z0-9]+", "", text)


def _strip_municipality_word(folded: str) -> str:
    for suffix in ("regionskommune", "kommunes", "kommune"):
        if folded.endswith(suffix) and len(folded) > len(suffix):
            return folded[: -len(suffix)]
    return folded


_OFFICIAL_NAMES = {"101": "Københavns Kommune", "400": "Bornholms Regionskommune"}


@cache
def _current_by_fold() -> dict[str, Issuer]:
    out = {}
    for row in municipalities().iter_rows(named=True):
        name = _OFFICIAL_NAMES.get(row["code"], f"{row['name']} Kommune")
        issuer = Issuer(name, row["code"])
        out[fold(row["name"])] = issuer
        if fold(row["name"]).startswith("aa"):  # 'Aabenraa' is also written 'Åbenrå' and 'Abenraa'
            out["aa" + fold(row["name"])[2:]] = issuer
    out[fold("Bornholms")] = out[fold("Bornholm")]
    out[fold("Århus")] = out[fold("Aarhus")]
    return out


@cache
def _former_by_fold() -> dict[str, Issuer]:
    path = _HERE / "former_municipalities.csv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as fh:
        return {fold(row["name"]): Issuer(f"{row['name']} Kommune", None) for row in csv.DictReader(fh)}


@cache
def _bodies_by_fold() -> dict[str, Issuer]:
    out = {fold(region): Issuer(region, None) for region in V.REGIONS}
    for region in V.REGIONS:
        out[fold(region.split()[1])] = out[fold(region)] if region != "Region Østdanmark" else out[fold(region)]
    for kkr in ("Hovedstaden", "Sjælland", "Syddanmark", "Midtjylland", "Nordjylland"):
        out[fold(f"KKR {kkr}")] = Issuer(f"KKR {kkr}", None)
    for kl in V.KL_NAMES:
        out[fold(kl)] = Issuer("KL", None)
    return out


def resolve_issuer(text: str, *, bare_region_names: bool = False) -> Issuer | None:
    """The issuer `text` names, or None. `bare_region_names`: 'Sjælland' alone means the region
    (true for a folder name, false in running text where it is just a place)."""
    if not text or not text.strip():
        return None
    key = fold(text)
    bodies = _bodies_by_fold()
    if key in bodies and (bare_region_names or not _is_bare_region(key)):
        return bodies[key]
    stem = _strip_municipality_word(key)
    for candidate in (key, stem, stem[:-1] if stem.endswith("s") else None):
        if not candidate:
            continue
        if candidate in _current_by_fold():
            return _current_by_fold()[candidate]
        if candidate in _former_by_fold():
            return _former_by_fold()[candidate]
    found = find_municipality(text)
    return _current_by_fold()[fold(found.name)] if found else None


def _is_bare_region(key: str) -> bool:
    return key in {fold(r.split()[1]) for r in V.REGIONS}


def issuer_of_folder(source_file: str) -> Issuer | None:
    """The issuer named by the folder a file sits in (its nearest named folder), or None."""
    parts = source_file.replace("\\", "/").split("/")[:-1]
    for folder in reversed(parts):
        found = resolve_issuer(folder, bare_region_names=False)
        if found is not None:
            return found
    return None


_KOMMUNE_NAME = re.compile(
    r"(?P<name>[A-ZÆØÅ][\wæøåÆØÅé.-]*(?:[ -][A-ZÆØÅ][\wæøåÆØÅé-]*)?)\s+(?P<word>Regionskommune|Kommune)\b"
)
_COUNCIL_OF = re.compile(
    r"\b(?:Byrådet|Kommunalbestyrelsen|Borgerrepræsentationen)\s+i\s+(?P<name>[A-ZÆØÅ][\wæøåÆØÅ-]+(?:\s+Kommune)?)"
)
_PLACE_COUNCIL = re.compile(r"\b(?P<name>[A-ZÆØÅ][\wæøåÆØÅ-]+)\s+(?:Byråd|Kommunalbestyrelse)\b")
_REGION = re.compile(r"\bRegion\s+(?P<name>Hovedstaden|Sjælland|Syddanmark|Midtjylland|Nordjylland|Østdanmark)\b")


LETTERHEAD_CHARS = 90  # a letterhead or title line; a longer line is prose that may name anyone


def issuer_in_text(text: str) -> Issuer | None:
    """The issuer a header line names ('Aabenraa Kommune', 'Byrådet i Køge', 'Køge Byråd', 'Region Sjælland').

    A council 'of' a place names its issuer wherever it stands; a bare '<X> Kommune' or
    'Region <X>' only as a letterhead: opening the line, or on a short line. Prose mentions others
    ('… og en projektleder fra Region Nordjylland').
    """
    text = text.strip()
    short = len(text) <= LETTERHEAD_CHARS
    for pattern in (_COUNCIL_OF, _KOMMUNE_NAME, _PLACE_COUNCIL) if short else (_COUNCIL_OF,):
        for m in pattern.finditer(text):
            if pattern is not _COUNCIL_OF and not _letterhead_position(text, m.start()):
                continue
            name = m.group("name")
            if "word" in m.groupdict() and m.group("word") == "Regionskommune":
                name = f"{name} Regionskommune"
            found = resolve_issuer(name)
            if found is not None:
                return found
    m = _REGION.search(text) if short else None
    if m and _letterhead_position(text, m.start()):
        return resolve_issuer(f"Region {m.group('name')}")
    return None


LETTERHEAD_START_CHARS = 45  # a name this near the start of a short line, or on a line this short, is a letterhead


def _letterhead_position(text: str, start: int) -> bool:
    return start == 0 or len(text) <= LETTERHEAD_START_CHARS or not re.search(r"[a-zæøå]{3,}\s+[a-zæøå]{3,}", text[:start])
