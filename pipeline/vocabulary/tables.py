"""Words of figure tables (refugee quotas, SOSU training places), as data. Everything is lower case.

Nothing here is a pattern. `pipeline.structure.tables` matches these lists on normalised text
(lower case, single spaces, a word wrapped as 'sundheds- hjælper' joined to 'sundhedshjælper'):
- a name ending in `_STEMS` holds word starts: 'kommunekvote' also finds 'kommunekvoterne';
- a name ending in `_WORDS` (or a dict of names) holds whole words or phrases only:
  'kom' must not find 'kommune', 'ssa' must not find 'ssak';
- `AREAS`-like dicts are looked up with the whole label ('kkr syd' is a row label, not a word in a text).
"""

from __future__ import annotations

# ── SOSU programmes ──────────────────────────────────────────────────────────────────────

# Word starts that name a programme -> the programme ('social- og sundhedshjælperelever' -> 'hjælper').
PROGRAMME_STEMS: dict[str, str] = {
    "social- og sundhedshjælper": "hjælper",
    "social og sundhedshjælper": "hjælper",
    "sundhedshjælper": "hjælper",
    "sosu-hjælper": "hjælper",
    "sosu hjælper": "hjælper",
    "hjælperelev": "hjælper",
    "hjælperuddannelse": "hjælper",
    "hjælper": "hjælper",
    "social- og sundhedsassistent": "assistent",
    "social og sundhedsassistent": "assistent",
    "sundhedsassistent": "assistent",
    "sosu-assistent": "assistent",
    "sosu assistent": "assistent",
    "assistentelev": "assistent",
    "assistentuddannelse": "assistent",
    "assistent": "assistent",
}
# Short forms, whole words only.
PROGRAMME_WORDS: dict[str, str] = {
    "ssh": "hjælper",
    "sosu-h": "hjælper",
    "ssa": "assistent",
    "sosu-a": "assistent",
}
# Programmes that sit beside SOSU in the same tables but are not SOSU (checked before the above,
# so 'pædagogisk assistentelever' is never 'assistent').
OUT_OF_SCOPE_PROGRAMME_STEMS: dict[str, str] = {
    "pædagogisk assistent": "PAU",
    "pædagogiske assistent": "PAU",
    "pædagogassistent": "PAU",
    "pædagogisk grunduddannelse": "PGU",
    "pædagogiske grunduddannelse": "PGU",
    "pædagogmedhjælper": "PAU",
}
OUT_OF_SCOPE_PROGRAMME_WORDS: dict[str, str] = {
    "pau": "PAU",
    "pgu": "PGU",
    "pa": "PAU",
}
# Words that put a text in SOSU context (a caption, an item title, the sentence above a table).
SOSU_CONTEXT_STEMS: tuple[str, ...] = (
    "sosu", "social- og sundhed", "social og sundhed", "sundhedshjælper", "sundhedsassistent",
    "hjælperelev", "assistentelev",
)
SOSU_CONTEXT_WORDS: tuple[str, ...] = ("ssh", "ssa")

# ── SOSU measures ────────────────────────────────────────────────────────────────────────

# Word starts -> the measure. The header of a column wins over its caption, the caption over the text.
MEASURE_STEMS: dict[str, str] = {
    "dimensionering": "dimensionering",
    "dimensioneret": "dimensionering",
    "dimensionere": "dimensionering",
    "måltal": "dimensionering",
    "læreplads": "dimensionering",
    "praktikplads": "dimensionering",
    "elevplads": "dimensionering",
    "uddannelsesplads": "dimensionering",
    "uddannelsesaftale": "uddannelsesaftaler",
    "indgåede aftaler": "uddannelsesaftaler",
    "indgåede uddannelsesaftale": "uddannelsesaftaler",
    "ansatte elever": "uddannelsesaftaler",
}

# ── areas ────────────────────────────────────────────────────────────────────────────────

# A whole row or column label -> the KKR it names (short, long, any case).
KKR_AREAS: dict[str, str] = {
    "kkr hovedstaden": "KKR Hovedstaden", "kkr hovedstad": "KKR Hovedstaden", "kkr h": "KKR Hovedstaden",
    "kkr hovedstadsområdet": "KKR Hovedstaden",
    "kkr sjælland": "KKR Sjælland", "kkr sj": "KKR Sjælland",
    "kkr syddanmark": "KKR Syddanmark", "kkr syd": "KKR Syddanmark", "kkr sd": "KKR Syddanmark",
    "kkr midtjylland": "KKR Midtjylland", "kkr midt": "KKR Midtjylland",
    "kkr nordjylland": "KKR Nordjylland", "kkr nord": "KKR Nordjylland",
}
# A region label -> the region; a SOSU table per region means the KKR of that region.
REGION_AREAS: dict[str, str] = {
    "region hovedstaden": "Region Hovedstaden", "hovedstaden": "Region Hovedstaden",
    "region hovedstad": "Region Hovedstaden", "hovedstad": "Region Hovedstaden",
    "region sjælland": "Region Sjælland", "sjælland": "Region Sjælland",
    "region syddanmark": "Region Syddanmark", "syddanmark": "Region Syddanmark",
    "region midtjylland": "Region Midtjylland", "midtjylland": "Region Midtjylland",
    "region nordjylland": "Region Nordjylland", "nordjylland": "Region Nordjylland",
    "region østdanmark": "Region Østdanmark", "østdanmark": "Region Østdanmark",
}
REGION_KKR: dict[str, str] = {
    "Region Hovedstaden": "KKR Hovedstaden", "Region Sjælland": "KKR Sjælland",
    "Region Syddanmark": "KKR Syddanmark", "Region Midtjylland": "KKR Midtjylland",
    "Region Nordjylland": "KKR Nordjylland",
}
# A whole label that means the whole country.
NATIONAL_WORDS: tuple[str, ...] = (
    "hele landet", "landet", "landstal", "landstallet", "landstal i alt", "danmark", "hele danmark",
    "alle kommuner", "kommunerne i alt", "alle kkr", "landsplan",
)

# ── totals and derived figures ───────────────────────────────────────────────────────────

# Whole words in a row label that make it a stated total ('I alt', 'KKR Syddanmark i alt', 'Samlet').
TOTAL_WORDS: tuple[str, ...] = (
    "i alt", "ialt", "total", "totalt", "samlet", "samlede", "sum", "summen", "tilsammen", "hele landet",
    "landstal", "landstallet",
)
# Whole words of a column or row computed from the others: never stored.
DERIVED_WORDS: tuple[str, ...] = (
    "gennemsnit", "gennemsnitlig", "gns", "gns.", "middel", "ændring", "difference", "forskel", "andel",
    "pct", "pct.", "procent", "%", "indeks", "stigning", "fald",
)

# ── refugee quotas ───────────────────────────────────────────────────────────────────────

# Word starts that make a text about refugee quotas on their own.
QUOTA_STEMS: tuple[str, ...] = (
    "kommunekvote", "flygtningekvote", "regionskvote", "visiteringskvote", "landstal", "boligplacering",
)
QUOTA_WORDS: tuple[str, ...] = ("boligplacere", "boligplaceres", "kvotefordeling", "kvotefordelingen")
# 'Flygtninge' alone is not enough: it needs one of the placement words in the same text.
REFUGEE_STEMS: tuple[str, ...] = ("flygtning",)
PLACEMENT_STEMS: tuple[str, ...] = (
    "fordel", "modtage", "tage imod", "tage mod", "visiter", "kvote", "placer", "tildel", "skal have",
    "forventes", "vurderes", "udmeld", "fastsat", "fastsætte",
)
# Whole words that say the figures are refugees who came (a count), not a quota ('modtaget', 'ankomne').
ARRIVED_WORDS: tuple[str, ...] = (
    "kom", "kommet", "ankom", "ankommet", "ankomne", "modtog", "modtaget", "modtagne", "boligplaceret",
    "boligplacerede", "opholdt", "bosat", "bosatte", "har fået",
)
# Column-header words of a quota table ('Kommune', 'Kommunekvote 2015', 'Kvote').
QUOTA_HEADER_STEMS: tuple[str, ...] = ("kommune", "kvote", "antal", "flygtning", "beregne", "fordeling")

# ── years ────────────────────────────────────────────────────────────────────────────────

# Phrases for a year said relative to the text's own date: offset from that date's year.
RELATIVE_YEARS: dict[str, int] = {
    "i år": 0, "dette år": 0, "indeværende år": 0, "i løbet af året": 0,
    "næste år": 1, "næste års": 1, "kommende år": 1, "det kommende år": 1, "til næste år": 1,
    "året efter": 1, "sidste år": -1, "sidste års": -1,
}
