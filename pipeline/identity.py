"""Who is who: the one rule for a meeting's id and for a person's id.

Every place that needs to know whether two rows are the same meeting or the same person
(the attendance parser's de-duplication, `people`, the unique-key checks, the views) asks
here, so the rule cannot drift between them.

- A meeting is issuer + body + date: 'Økonomiudvalget' of Norddjurs and of Syddjurs on the
  same day are two meetings. The id is readable ('norddjurs-kommune-okonomiudvalget-2025-02-04');
  when the issuer is the body itself (a KKR) it is named once ('kkr-nordjylland-2024-04-19').
- A person is normalised name + municipality + party. The municipality is the one written
  beside the name, else the issuing municipality (a council member of Køge is of Køge); so
  two namesakes from two municipalities are two people. A missing party is its own value:
  'Anna Holm (A)' and 'Anna Holm' without a party are kept apart rather than guessed together.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date

_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "aa", "é": "e", "ü": "u", "ö": "o", "ä": "a"})


def slug(text: str) -> str:
    """'Norddjurs Kommune' -> 'norddjurs-kommune'; 'Økonomiudvalget' -> 'okonomiudvalget'."""
    folded = unicodedata.normalize("NFC", text).lower().translate(_FOLD)
    return re.sub(r"[^0-9a-z]+", "-", folded).strip("-")


def meeting_id(issuer: str | None, body: str | None, meeting_date: date | None) -> str | None:
    """The meeting's id, or None when body or date is unknown (then there is no meeting to name)."""
    if not body or meeting_date is None:
        return None
    parts = [body, meeting_date.isoformat()]
    if issuer and slug(issuer) != slug(body):
        parts.insert(0, issuer)
    return "-".join(slug(p) for p in parts)


def normalised_name(name: str) -> str:
    """Case, spacing and hyphen spacing folded: the form names are compared in."""
    name = unicodedata.normalize("NFC", name).replace("\u00a0", " ")
    name = re.sub(r"\s*-\s*", "-", re.sub(r"\s+", " ", name.strip()))
    return name.casefold()


def person_key(name: str, municipality_code: str | None, party: str | None) -> str:
    """The comparable key of a person: same key, same person."""
    return f"{normalised_name(name)}|{municipality_code or ''}|{party or ''}"


def person_id(name: str, municipality_code: str | None, party: str | None) -> str:
    """Stable 12-hex id of `person_key` (sha1: stable across runs, versions and processes)."""
    return hashlib.sha1(person_key(name, municipality_code, party).encode("utf-8")).hexdigest()[:12]
