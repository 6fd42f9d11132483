"""Reference data the parsers resolve against: the 98 municipalities and the national parties.

Minutes name a municipality in many ways ('Københavns Kommune', 'København', '101 København',
'Bornholms Regionskommune'); resolving them all to one 3-digit code here keeps every parser
from inventing its own spelling rules. The CSVs beside this file are the single source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import polars as pl

_HERE = Path(__file__).parent

KKR_NAMES: tuple[str, ...] = (
    "KKR Hovedstaden",
    "KKR Sjælland",
    "KKR Syddanmark",
    "KKR Midtjylland",
    "KKR Nordjylland",
)

# Spellings seen in the wild that neither the exact name nor genitive stripping reaches.
_ALIASES = {
    "århus": "aarhus",
    "nordfyn": "nordfyns",
    "vesthimmerland": "vesthimmerlands",
    "lyngby-tårbæk": "lyngby-taarbæk",
    "høje-tåstrup": "høje-taastrup",
    "ringkøbing skjern": "ringkøbing-skjern",
}

# Words after the name that say 'municipality' ('Kommune', 'Regionskommune'); dropped before lookup.
_SUFFIX = re.compile(r"\s+(?:regions)?kommunes?$")
_LEADING_CODE = re.compile(r"^(\d{3})\s+(.+)$")


@dataclass(frozen=True, slots=True)
class Municipality:
    """One of the 98 municipalities (code is 3-digit text, e.g. '101')."""

    code: str
    name: str
    region: str
    kkr: str


@cache
def municipalities() -> pl.DataFrame:
    """All 98 municipalities: code, name, region, kkr, region_2027."""
    return pl.read_csv(_HERE / "municipalities.csv", schema={
        "code": pl.Utf8, "name": pl.Utf8, "region": pl.Utf8, "kkr": pl.Utf8, "region_2027": pl.Utf8,
    })


@cache
def parties() -> pl.DataFrame:
    """The national party letters and names."""
    return pl.read_csv(_HERE / "parties.csv", schema={"letter": pl.Utf8, "name": pl.Utf8})


@cache
def _by_code() -> dict[str, Municipality]:
    return {
        row["code"]: Municipality(row["code"], row["name"], row["region"], row["kkr"])
        for row in municipalities().iter_rows(named=True)
    }


@cache
def _by_key() -> dict[str, Municipality]:
    keys = {_key(m.name): m for m in _by_code().values()}
    # 'Høje Taastrup' for 'Høje-Taastrup': a hyphen is often lost in extracted text.
    keys.update({k.replace("-", " "): m for k, m in list(keys.items()) if "-" in k})
    return keys


@cache
def _party_letters() -> frozenset[str]:
    return frozenset(parties()["letter"].to_list())


def _key(text: str) -> str:
    """Lower-case, one space between words, hyphens/dashes unified, no space around hyphens."""
    text = text.replace("\u00a0", " ").replace("–", "-").replace("‐", "-").strip().lower()
    text = re.sub(r"\s+", " ", text)
    return re.sub(r"\s*-\s*", "-", text)


def municipality_by_code(code: str) -> Municipality | None:
    """The municipality with this code ('101', or 101 as text without padding)."""
    code = code.strip()
    if code.isdigit():
        code = code.zfill(3)
    return _by_code().get(code)


def find_municipality(text: str) -> Municipality | None:
    """Resolve a municipality written in any usual form; None if the text names none.

    Exact names win; a trailing genitive 's' is stripped only when that yields a known name,
    so names that end in 's' themselves ('Stevns', 'Nordfyns') stay intact.
    """
    if not text:
        return None
    key = _key(text).rstrip(".,;:)")
    code_match = _LEADING_CODE.match(key)
    if code_match:
        by_code = municipality_by_code(code_match[1])
        named = _lookup(code_match[2])
        if by_code is not None and (named is None or named == by_code):
            return by_code
        return None
    return _lookup(key)


def _lookup(key: str) -> Municipality | None:
    key = _SUFFIX.sub("", key).strip()
    key = _ALIASES.get(key, key)
    found = _by_key().get(key)
    if found is None and key.endswith("s"):
        stripped = _ALIASES.get(key[:-1], key[:-1])
        found = _by_key().get(stripped)
    return found


def is_party_letter(letter: str) -> bool:
    """True for a national party letter (A, B, C, ... Ø, Å); local lists are not included."""
    return letter.strip() in _party_letters()


def kkr_for_region(region: str) -> str:
    """'Region Nordjylland' (or 'Nordjylland') -> 'KKR Nordjylland'."""
    short = re.sub(r"^region\s+", "", region.strip(), flags=re.IGNORECASE)
    for kkr in KKR_NAMES:
        if kkr.removeprefix("KKR ").lower() == short.lower():
            return kkr
    raise ValueError(f"not a Danish region: {region!r}")
