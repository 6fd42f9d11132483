"""One declaration per table: its key, its rules, and which of them a document can break.

Every place that needs a table's key or rules reads it here: the unique-key and not-null
checks (`validation/suites.py`), the columns that name an offending row in a check's details,
and the parsers that keep one row per key (`seats.py` via `key_of`). Columns come from
`pipeline.schema.TABLES`, never restated: a spec naming a column the table does not have
fails at import.

Two kinds of rule, because they mean different things when they fail:

- **contract** rules are ones the code must never break: the allowed values it writes, foreign
  keys to `documents` and the reference tables, the reference tables themselves. A failure is a
  bug; the load stops and nothing is published.
- **document** rules are ones a document can break: odd or missing keys, figures out of range,
  totals that do not add up. A failure names its documents. A 'warn' rule flags them (rows
  loaded, failure recorded in `validation_results` with the `document_id`); an 'error' rule
  quarantines them (status 'quarantined' in `documents`, rows kept out of the fact tables).
  `--strict` turns an 'error' document rule back into a stop.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from pipeline.enums import ATTENDANCE_STATUSES, DOC_STATUSES, DOC_TYPES, QUOTA_LEVELS
from pipeline.enums import MEASURES as SOSU_MEASURES
from pipeline.enums import PROGRAMS as SOSU_PROGRAMS
from pipeline.schema import FACT_TABLES, TABLES

Scope = Literal["contract", "document"]

MUNICIPALITY_COUNT = 98

# Upper bounds beyond which a figure is a misreading, not a fact (document rule, 'error').
MAX_MUNICIPALITY_QUOTA = 10_000  # persons; the largest quota ever set for a municipality is ~1.700
MAX_QUOTA_TOTAL = 100_000  # persons; the largest landstal ever (2015) was 12.000
MAX_PLACES = 100_000  # SOSU places; the national dimensioning is ~5.000 a year
MAX_SEATS = 100  # seats per party in one KKR: a KKR has at most 2 x 29 = 58
MAX_AMOUNT_DKK = 10**13  # 10.000 mia. kr.: seven times the state's yearly budget
YEARS = (1970, 2100)


@dataclass(frozen=True)
class TableSpec:
    """A table's key and rules, declared once.

    `key`: the columns no two rows share (empty: the table has no key). `required`: never
    null (the key's columns are not implied, since some keys allow a null part, e.g. an
    agenda item without a number). `label`: columns that, after the key, let a human find a
    row again. `allowed`: column -> the values the code may write. `counts`: whole numbers
    >= 0; `non_negative_warn`: >= 0, but a negative is only worth a look (money).
    `at_most`: column -> upper bound (and `at_least`: lower bound). `municipality`/`party`:
    the column refers to the reference table. `rules`: the cross-row rules by name (defined
    in `validation/suites.py`, computed in `validation/reconcile.py`).
    """

    name: str
    key: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    label: tuple[str, ...] = ()
    allowed: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    counts: tuple[str, ...] = ()
    non_negative_warn: tuple[str, ...] = ()
    at_most: Mapping[str, float] = field(default_factory=dict)
    at_least: Mapping[str, float] = field(default_factory=dict)
    municipality: bool = False
    party: bool = False
    documents_known: tuple[str, ...] = ()  # columns naming any documents row (not only loaded ones)
    rules: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.name not in TABLES:
            raise ValueError(f"no table {self.name!r} in pipeline/schema.py")
        named = {*self.key, *self.required, *self.label, *self.allowed, *self.counts,
                 *self.non_negative_warn, *self.at_most, *self.at_least, *self.documents_known}
        if self.municipality:
            named.add("municipality_code")
        if self.party:
            named.add("party")
        missing = sorted(named - set(TABLES[self.name]))
        if missing:
            raise ValueError(f"{self.name}: columns {missing} are not in pipeline/schema.py")

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(TABLES[self.name])

    @property
    def from_documents(self) -> bool:
        """Rows parsed from documents (each carries the document_id a failure is charged to)."""
        return self.name in FACT_TABLES and self.name != "parse_issues"

    @property
    def identity(self) -> tuple[str, ...]:
        """The columns that name a row in a check's details: key, then label."""
        return tuple(dict.fromkeys((*self.key, *self.label)))

    def scope(self, rule: str) -> Scope:
        """'document' for the rules a document's content can break, 'contract' for the rest."""
        if rule in ISSUE_RULES:
            return "document"
        if not self.from_documents:
            return "contract"
        return "document" if rule in DOCUMENT_RULES or rule in self.rules else "contract"


# Generic rules (named as their checks) a document can break; everything else is contract.
DOCUMENT_RULES = frozenset({"keys_not_null", "key_unique", "figures_non_negative", "figures_plausible",
                            "party_letter_national"})

# Rules over `parse_issues` that judge one document's reading (flagged per document, never a stop).
ISSUE_RULES = frozenset({"detected_sections_read"})

_YEAR = {"year": YEARS[1]}
_FIRST_YEAR = {"year": YEARS[0]}

SPECS: Mapping[str, TableSpec] = MappingProxyType({s.name: s for s in (
    TableSpec("documents", key=("document_id",), required=("document_id", "source_file", "doc_type", "status"),
              label=("source_file",), allowed={"doc_type": DOC_TYPES, "status": DOC_STATUSES}),
    TableSpec("meetings", key=("meeting_id",), required=("meeting_id", "body", "meeting_date"),
              documents_known=("agenda_document_id", "minutes_document_id")),
    TableSpec("agenda_items", key=("document_id", "item_no"), required=("document_id",)),
    TableSpec("attendance", key=("document_id", "person_id"),
              required=("document_id", "person_id", "person_name", "status"),
              label=("person_name", "status"), allowed={"status": ATTENDANCE_STATUSES},
              municipality=True, party=True, rules=("not_present_and_absent",)),
    TableSpec("refugee_quotas", key=("document_id", "year", "municipality_code"),
              required=("document_id", "year", "municipality_code", "quota"), counts=("quota",),
              at_most={"quota": MAX_MUNICIPALITY_QUOTA, **_YEAR}, at_least=_FIRST_YEAR, municipality=True,
              rules=("quotas_match_stated_total",)),
    TableSpec("refugee_quota_totals", key=("document_id", "year", "level", "area"),
              required=("document_id", "year", "level", "quota"), allowed={"level": QUOTA_LEVELS},
              counts=("quota",), at_most={"quota": MAX_QUOTA_TOTAL, **_YEAR}, at_least=_FIRST_YEAR),
    TableSpec("sosu_training_places", key=("document_id", "year", "area", "program", "measure"),
              required=("document_id", "year", "area", "program", "measure", "places"),
              allowed={"program": SOSU_PROGRAMS, "measure": SOSU_MEASURES}, counts=("places",),
              at_most={"places": MAX_PLACES, **_YEAR}, at_least=_FIRST_YEAR, rules=("kkr_rows_match_national",)),
    TableSpec("kkr_seats", key=("document_id", "kkr", "period", "party"),
              required=("document_id", "kkr", "period", "party", "total"),
              counts=("mayors", "supplementary", "total"),
              at_most={"mayors": MAX_SEATS, "supplementary": MAX_SEATS, "total": MAX_SEATS}, party=True,
              rules=("seats_add_up", "seats_within_kkr_size")),
    TableSpec("budget_lines", required=("document_id", "label"), label=("document_id", "item_no", "label"),
              at_most={"amount_dkk": MAX_AMOUNT_DKK}, at_least={"amount_dkk": -MAX_AMOUNT_DKK},
              rules=("lines_add_up_to_total",)),
    TableSpec("amounts", required=("document_id", "amount_dkk"), label=("document_id", "item_no", "page"),
              non_negative_warn=("amount_dkk",), at_most={"amount_dkk": MAX_AMOUNT_DKK},
              at_least={"amount_dkk": -MAX_AMOUNT_DKK}),
    TableSpec("meeting_schedule", required=("document_id", "meeting_date"), label=("document_id", "meeting_date"),
              rules=("weekday_matches_date",)),
    TableSpec("parse_issues", required=("document_id", "reason"), label=("document_id", "page", "line_no"),
              documents_known=("document_id",), rules=("detected_sections_read",)),
    TableSpec("municipalities", key=("code",), required=("code", "name", "kkr"), label=("name",),
              rules=("code_three_digits", "has_98_rows")),
    TableSpec("parties", key=("letter",), required=("letter", "name")),
    TableSpec("people", key=("person_id",), required=("person_id", "person_name"), label=("person_name",)),
)})


def spec(table: str) -> TableSpec:
    return SPECS[table]


def key_of(table: str) -> tuple[str, ...]:
    """The table's key: what a parser keeps one row per, and what the unique-key check asserts."""
    return SPECS[table].key
