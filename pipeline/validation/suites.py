"""The expectation suites: which checks each warehouse table gets, each one a GX suite.

A check reads its own table and, for cross-table rules, the tables it names in `needs`; it
hands Great Expectations one frame (the table itself, or a reconciliation frame computed with
Polars in `reconcile`) and the expectations that frame must meet, so every verdict is GX's.
GX is imported only when a check runs, never when this module loads.

Severity follows what a failure means: 'error' for broken keys, references and enums (the
data cannot be trusted, downstream publishing stops), 'warn' for figures that do not
reconcile (the source may be at fault; the rows are published and the failure recorded).
An empty table passes its checks, since an empty corpus is valid; the reference table
`municipalities` is the exception and must always hold the 98 municipalities.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from pipeline.validation import reconcile
from pipeline.validation.gx_runner import Verdict, expectations as gxe, run_suite
from pipeline.validation.results import CheckResult, Severity

DOC_TYPES = ("referat", "dagsorden", "sagsfremstilling", "notat", "other")
DOC_STATUSES = ("loaded", "rejected", "superseded")
ATTENDANCE_STATUSES = ("present", "absent")
QUOTA_LEVELS = ("landstal", "region", "kkr")
SOSU_PROGRAMS = ("hjælper", "assistent")
SOSU_MEASURES = ("dimensionering", "uddannelsesaftaler")
MUNICIPALITY_COUNT = 98
MAX_ROWS_IN_DETAILS = 10


@dataclass(frozen=True)
class Probe:
    """What one check hands GX: a frame and the expectations it must meet.

    `show` names the columns that identify an offending row in `details`; `observe` gives the
    short `observed` value from (checked frame, offending rows) when 'k of n rows' says too
    little, e.g. 'sum 276 vs stated 277'. `unit` names what a row of `frame` is.
    """

    frame: pl.DataFrame
    expectations: Sequence[Any]
    show: tuple[str, ...]
    unit: str = "rows"
    observe: Callable[[pl.DataFrame, pl.DataFrame], str] | None = None


@dataclass(frozen=True)
class CheckDef:
    """One named check on a table: how bad a failure is, what it asserts, what else it reads."""

    name: str
    severity: Severity
    description: str
    probe: Callable[[Mapping[str, pl.DataFrame]], Probe] = field(repr=False, compare=False)
    needs: tuple[str, ...] = ()  # other tables `probe` reads


# --- building blocks ---------------------------------------------------------------------

# The columns that let a human find a row again (the document first), shown in `details`.
ROW_IDENTITY: dict[str, tuple[str, ...]] = {
    "documents": ("document_id", "source_file"),
    "meetings": ("meeting_id",),
    "agenda_items": ("document_id", "item_no"),
    "attendance": ("document_id", "person_name", "status"),
    "refugee_quotas": ("document_id", "year", "municipality_code"),
    "refugee_quota_totals": ("document_id", "year", "level", "area"),
    "sosu_training_places": ("document_id", "year", "area", "program", "measure"),
    "kkr_seats": ("document_id", "kkr", "period", "party"),
    "budget_lines": ("document_id", "item_no", "label"),
    "amounts": ("document_id", "item_no", "page"),
    "meeting_schedule": ("document_id", "meeting_date"),
    "parse_issues": ("document_id", "page", "line_no"),
    "municipalities": ("code", "name"),
    "parties": ("letter",),
    "people": ("person_id", "person_name"),
}


def _identity(table: str, frame: pl.DataFrame, columns: Sequence[str]) -> tuple[str, ...]:
    """The row's identifying columns, then the checked ones (those the frame has)."""
    wanted = dict.fromkeys([*ROW_IDENTITY.get(table, ()), *columns])
    return tuple(c for c in wanted if c in frame.columns)


def not_null(table: str, columns: Sequence[str]) -> CheckDef:
    def probe(frames: Mapping[str, pl.DataFrame]) -> Probe:
        f = frames[table]
        return Probe(
            f,
            [gxe().ExpectColumnValuesToNotBeNull(column=c) for c in columns],
            _identity(table, f, columns),
        )

    return CheckDef("keys_not_null", "error", f"{', '.join(columns)} never null", probe=probe)


def unique_key(table: str, columns: Sequence[str]) -> CheckDef:
    def probe(frames: Mapping[str, pl.DataFrame]) -> Probe:
        f = frames[table]
        if len(columns) == 1:
            expectation = gxe().ExpectColumnValuesToBeUnique(column=columns[0])
        else:
            expectation = gxe().ExpectCompoundColumnsToBeUnique(column_list=list(columns))
        return Probe(f, [expectation], tuple(columns))

    return CheckDef("key_unique", "error", f"no two rows share {' + '.join(columns)}", probe=probe)


def allowed_values(table: str, name: str, allowed: Mapping[str, Sequence[str]]) -> CheckDef:
    def probe(frames: Mapping[str, pl.DataFrame]) -> Probe:
        f = frames[table]
        return Probe(
            f,
            [gxe().ExpectColumnValuesToBeInSet(column=c, value_set=list(v)) for c, v in allowed.items()],
            _identity(table, f, list(allowed)),
        )

    text = "; ".join(f"{c} in {{{', '.join(v)}}}" for c, v in allowed.items())
    return CheckDef(name, "error", text, probe=probe)


def non_negative(table: str, columns: Sequence[str], *, whole: bool = True,
                 severity: Severity = "error") -> CheckDef:
    """Counts and money are never below zero; counts (`whole`) are whole numbers too."""

    def probe(frames: Mapping[str, pl.DataFrame]) -> Probe:
        f = frames[table]
        exps = [gxe().ExpectColumnValuesToBeBetween(column=c, min_value=0) for c in columns]
        if whole:  # a producer that hands over floats ('1,5' read as 1.5) is caught here
            f = f.with_columns((pl.col(c).cast(pl.Float64) % 1 == 0).alias(f"{c}_is_whole") for c in columns)
            exps += [gxe().ExpectColumnValuesToBeInSet(column=f"{c}_is_whole", value_set=[True]) for c in columns]
        return Probe(f, exps, _identity(table, f, columns))

    kind = "whole numbers >= 0" if whole else ">= 0"
    return CheckDef("figures_non_negative", severity, f"{', '.join(columns)} are {kind}", probe=probe)


def document_loaded(table: str) -> CheckDef:
    def probe(frames: Mapping[str, pl.DataFrame]) -> Probe:
        loaded = frames["documents"].filter(pl.col("status") == "loaded")["document_id"]
        return Probe(
            frames[table],
            [gxe().ExpectColumnValuesToBeInSet(column="document_id", value_set=_values(loaded))],
            ("document_id",),
        )

    return CheckDef("document_loaded", "error", "every document_id is a loaded document",
                    needs=("documents",), probe=probe)


def documents_known(table: str, columns: Sequence[str]) -> CheckDef:
    def probe(frames: Mapping[str, pl.DataFrame]) -> Probe:
        known = _values(frames["documents"]["document_id"])
        f = frames[table]
        return Probe(
            f,
            [gxe().ExpectColumnValuesToBeInSet(column=c, value_set=known) for c in columns],
            _identity(table, f, columns),
        )

    return CheckDef("documents_known", "error", f"{', '.join(columns)} name documents in `documents`",
                    needs=("documents",), probe=probe)


def municipality_known(table: str) -> CheckDef:
    def probe(frames: Mapping[str, pl.DataFrame]) -> Probe:
        codes = _values(frames["municipalities"]["code"])
        f = frames[table]
        return Probe(
            f,
            [gxe().ExpectColumnValuesToBeInSet(column="municipality_code", value_set=codes)],
            _identity(table, f, ["municipality_code"]),
        )

    return CheckDef("municipality_code_known", "error",
                    "municipality_code (when set) is one of the codes in `municipalities`",
                    needs=("municipalities",), probe=probe)


def party_known(table: str) -> CheckDef:
    """A letter outside the national list is most likely a local list: worth a look, not a stop."""

    def probe(frames: Mapping[str, pl.DataFrame]) -> Probe:
        letters = _values(frames["parties"]["letter"])
        f = frames[table]
        return Probe(
            f,
            [gxe().ExpectColumnValuesToBeInSet(column="party", value_set=letters)],
            _identity(table, f, ["party"]),
        )

    return CheckDef("party_letter_national", "warn",
                    "party (when set) is a national letter in `parties`; others are local lists",
                    needs=("parties",), probe=probe)


def _values(column: pl.Series) -> list[str]:
    return sorted(column.drop_nulls().unique().to_list())


def _sum_vs_stated(unit: str) -> Callable[[pl.DataFrame, pl.DataFrame], str]:
    """'sum 276 vs stated 277' for the first group off (and how many more), else '0 of n units off'."""

    def observe(frame: pl.DataFrame, bad: pl.DataFrame) -> str:
        if bad.is_empty():
            return f"0 of {frame.height} {unit} off"
        first = bad.row(0, named=True)
        more = f" (+{bad.height - 1} more)" if bad.height > 1 else ""
        return f"sum {_fmt(first['summed'])} vs stated {_fmt(first['stated'])}{more}"

    return observe


# --- cross-table and cross-row rules ---------------------------------------------------------


def _quotas_match_total(frames: Mapping[str, pl.DataFrame]) -> Probe:
    f = reconcile.quota_reconciliation(
        frames["refugee_quotas"], frames["refugee_quota_totals"], frames["municipalities"]
    )
    return Probe(
        f,
        [gxe().ExpectColumnPairValuesToBeEqual(column_A="summed", column_B="stated")],
        ("document_id", "year", "level", "area", "summed", "stated", "difference"),
        unit="totals",
        observe=_sum_vs_stated("totals"),
    )


def _sosu_match_national(frames: Mapping[str, pl.DataFrame]) -> Probe:
    f = reconcile.sosu_reconciliation(frames["sosu_training_places"])
    return Probe(
        f,
        [gxe().ExpectColumnPairValuesToBeEqual(column_A="summed", column_B="stated")],
        ("document_id", "year", "program", "measure", "kkr_rows", "summed", "stated", "difference"),
        unit="groups",
        observe=_sum_vs_stated("groups"),
    )


def _seats_add_up(frames: Mapping[str, pl.DataFrame]) -> Probe:
    f = reconcile.seat_sums(frames["kkr_seats"])
    return Probe(
        f,
        [gxe().ExpectColumnPairValuesToBeEqual(
            column_A="mayors_plus_supplementary", column_B="total", ignore_row_if="either_value_is_missing"
        )],
        ("document_id", "kkr", "period", "party", "mayors_plus_supplementary", "total"),
    )


def _seats_within_size(frames: Mapping[str, pl.DataFrame]) -> Probe:
    f = reconcile.seat_capacity(frames["kkr_seats"], frames["municipalities"])

    def observe(frame: pl.DataFrame, bad: pl.DataFrame) -> str:
        if bad.is_empty():
            return f"0 of {frame.height} KKR seat tables over the limit"
        first = bad.row(0, named=True)
        return f"{first['seats']} seats vs limit {first['limit']}"

    return Probe(
        f,
        [gxe().ExpectColumnPairValuesAToBeGreaterThanB(column_A="limit", column_B="seats", or_equal=True)],
        ("document_id", "kkr", "period", "seats", "municipalities", "limit"),
        unit="KKR seat tables",
        observe=observe,
    )


def _present_or_absent(frames: Mapping[str, pl.DataFrame]) -> Probe:
    f = reconcile.attendance_conflicts(frames["attendance"])
    return Probe(
        f,
        [gxe().ExpectColumnValuesToBeBetween(column="statuses", min_value=1, max_value=1)],
        ("meeting", "person_name", "listed_as", "document_ids"),
        unit="people at meetings",
    )


def _weekday_matches(frames: Mapping[str, pl.DataFrame]) -> Probe:
    f = reconcile.weekday_check_frame(frames["meeting_schedule"])
    return Probe(
        f,
        [gxe().ExpectColumnPairValuesToBeEqual(
            column_A="stated_weekday", column_B="actual_weekday", ignore_row_if="either_value_is_missing"
        )],
        ("document_id", "meeting_date", "stated_weekday", "actual_weekday"),
    )


def _budget_adds_up(frames: Mapping[str, pl.DataFrame]) -> Probe:
    f = reconcile.budget_reconciliation(frames["budget_lines"])
    return Probe(
        f,
        # Half a krone either way: totals are printed rounded.
        [gxe().ExpectColumnValuesToBeBetween(column="difference", min_value=-0.5, max_value=0.5)],
        ("document_id", "item_no", "summed", "stated", "difference"),
        unit="budget tables",
        observe=_sum_vs_stated("budget tables"),
    )


def _municipality_count(frames: Mapping[str, pl.DataFrame]) -> Probe:
    f = frames["municipalities"]
    return Probe(
        f,
        [gxe().ExpectTableRowCountToEqual(value=MUNICIPALITY_COUNT)],
        (),
        observe=lambda frame, bad: f"{frame.height} rows",
    )


def _municipality_code_form(frames: Mapping[str, pl.DataFrame]) -> Probe:
    f = frames["municipalities"]
    return Probe(
        f,
        [gxe().ExpectColumnValuesToMatchRegex(column="code", regex=r"^\d{3}$")],
        ("code", "name"),
    )


# --- the suites --------------------------------------------------------------------------

TABLE_CHECKS: dict[str, list[CheckDef]] = {
    "documents": [
        not_null("documents", ["document_id", "source_file", "doc_type", "status"]),
        unique_key("documents", ["document_id"]),
        allowed_values("documents", "doc_type_allowed", {"doc_type": DOC_TYPES}),
        allowed_values("documents", "status_allowed", {"status": DOC_STATUSES}),
    ],
    "meetings": [
        not_null("meetings", ["meeting_id", "body", "meeting_date"]),
        unique_key("meetings", ["meeting_id"]),
        documents_known("meetings", ["agenda_document_id", "minutes_document_id"]),
    ],
    "agenda_items": [
        not_null("agenda_items", ["document_id"]),
        unique_key("agenda_items", ["document_id", "item_no"]),
        document_loaded("agenda_items"),
    ],
    "attendance": [
        not_null("attendance", ["document_id", "person_name", "status"]),
        unique_key("attendance", ["document_id", "person_name", "status"]),
        allowed_values("attendance", "status_allowed", {"status": ATTENDANCE_STATUSES}),
        document_loaded("attendance"),
        municipality_known("attendance"),
        party_known("attendance"),
        CheckDef("not_present_and_absent", "warn",
                 "nobody is listed both present and absent at one meeting (body + meeting_date)",
                 probe=_present_or_absent),
    ],
    "refugee_quotas": [
        not_null("refugee_quotas", ["document_id", "year", "municipality_code", "quota"]),
        unique_key("refugee_quotas", ["document_id", "year", "municipality_code"]),
        document_loaded("refugee_quotas"),
        municipality_known("refugee_quotas"),
        non_negative("refugee_quotas", ["quota"]),
        CheckDef("quotas_match_stated_total", "warn",
                 "municipality quotas sum to each stated region/KKR total of the same document and year",
                 needs=("refugee_quota_totals", "municipalities"), probe=_quotas_match_total),
    ],
    "refugee_quota_totals": [
        not_null("refugee_quota_totals", ["document_id", "year", "level", "quota"]),
        unique_key("refugee_quota_totals", ["document_id", "year", "level", "area"]),
        allowed_values("refugee_quota_totals", "level_allowed", {"level": QUOTA_LEVELS}),
        document_loaded("refugee_quota_totals"),
        non_negative("refugee_quota_totals", ["quota"]),
    ],
    "sosu_training_places": [
        not_null("sosu_training_places", ["document_id", "year", "area", "program", "measure", "places"]),
        unique_key("sosu_training_places", ["document_id", "year", "area", "program", "measure"]),
        allowed_values("sosu_training_places", "program_measure_allowed",
                       {"program": SOSU_PROGRAMS, "measure": SOSU_MEASURES}),
        document_loaded("sosu_training_places"),
        non_negative("sosu_training_places", ["places"]),
        CheckDef("kkr_rows_match_national", "warn",
                 "per document, year and programme the KKR 'dimensionering' rows sum to 'Hele landet'",
                 probe=_sosu_match_national),
    ],
    "kkr_seats": [
        not_null("kkr_seats", ["document_id", "kkr", "period", "party", "total"]),
        unique_key("kkr_seats", ["document_id", "kkr", "period", "party"]),
        document_loaded("kkr_seats"),
        non_negative("kkr_seats", ["mayors", "supplementary", "total"]),
        party_known("kkr_seats"),
        CheckDef("seats_add_up", "warn", "per party, mayors + supplementary = total",
                 probe=_seats_add_up),
        CheckDef("seats_within_kkr_size", "warn",
                 "per KKR and period, all seats <= 2 x the KKR's municipalities",
                 needs=("municipalities",), probe=_seats_within_size),
    ],
    "budget_lines": [
        not_null("budget_lines", ["document_id", "label"]),
        document_loaded("budget_lines"),
        CheckDef("lines_add_up_to_total", "warn",
                 "per document and item, the lines sum to the one total line (within 0.5 kr.)",
                 probe=_budget_adds_up),
    ],
    "amounts": [
        not_null("amounts", ["document_id", "amount_dkk"]),
        document_loaded("amounts"),
        non_negative("amounts", ["amount_dkk"], whole=False, severity="warn"),
    ],
    "meeting_schedule": [
        not_null("meeting_schedule", ["document_id", "meeting_date"]),
        document_loaded("meeting_schedule"),
        CheckDef("weekday_matches_date", "warn",
                 "a planned date falls on the weekday the plan names", probe=_weekday_matches),
    ],
    "parse_issues": [
        not_null("parse_issues", ["document_id", "reason"]),
        documents_known("parse_issues", ["document_id"]),
    ],
    "municipalities": [
        not_null("municipalities", ["code", "name", "kkr"]),
        unique_key("municipalities", ["code"]),
        CheckDef("code_three_digits", "error", "code is three digits ('101')",
                 probe=_municipality_code_form),
        CheckDef("has_98_rows", "error", f"all {MUNICIPALITY_COUNT} municipalities are present",
                 probe=_municipality_count),
    ],
    "parties": [
        not_null("parties", ["letter", "name"]),
        unique_key("parties", ["letter"]),
    ],
    "people": [
        not_null("people", ["person_id", "person_name"]),
        unique_key("people", ["person_id"]),
    ],
}


def needed_tables(table: str) -> tuple[str, ...]:
    """The other tables `table`'s checks read, in a stable order."""
    needs = {t for check in TABLE_CHECKS.get(table, ()) for t in check.needs}
    return tuple(sorted(needs - {table}))


def validate_table(table: str, frames: Mapping[str, pl.DataFrame]) -> list[CheckResult]:
    """Run every check of `table`; `frames` holds that table and the tables its checks need."""
    checks = TABLE_CHECKS.get(table, [])
    if not checks:
        return []
    missing = [t for t in (table, *needed_tables(table)) if t not in frames]
    if missing:
        raise KeyError(f"checks on {table!r} need frames for {missing}")
    return [run_check(table, check, frames) for check in checks]


def run_check(table: str, check: CheckDef, frames: Mapping[str, pl.DataFrame]) -> CheckResult:
    """One check: build its frame, let GX judge it, describe what GX flagged."""
    probe = check.probe(frames)
    verdict = run_suite(f"{table}.{check.name}", probe.frame, probe.expectations)
    return _result(table, check, probe, verdict)


def _result(table: str, check: CheckDef, probe: Probe, verdict: Verdict) -> CheckResult:
    if verdict.errors:
        return CheckResult(table, check.name, False, check.severity, "GX error", "; ".join(verdict.errors))
    bad = probe.frame[list(verdict.unexpected_rows)] if verdict.unexpected_rows else probe.frame.clear()
    if probe.observe is not None:
        observed = probe.observe(probe.frame, bad)
    else:
        observed = f"{bad.height} of {probe.frame.height} {probe.unit}"
    if verdict.success:
        details = f"{table}: {check.description}"
    else:
        details = f"{table}: expected {check.description}; failing: {_describe(bad, probe.show)}"
    return CheckResult(table, check.name, verdict.success, check.severity, observed, details)


def _describe(bad: pl.DataFrame, show: tuple[str, ...]) -> str:
    """The offending rows as 'col=value, …' (distinct, at most MAX_ROWS_IN_DETAILS)."""
    if bad.is_empty() or not show:
        return "the table as a whole"
    distinct = bad.select(show).unique(maintain_order=True)
    parts = [
        ", ".join(f"{c}={_fmt(v)}" for c, v in row.items())
        for row in distinct.head(MAX_ROWS_IN_DETAILS).iter_rows(named=True)
    ]
    if distinct.height > MAX_ROWS_IN_DETAILS:
        parts.append(f"... and {distinct.height - MAX_ROWS_IN_DETAILS} more")
    return "; ".join(parts)


def _fmt(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
