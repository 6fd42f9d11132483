"""The expectation suites: which checks each warehouse table gets, each one a GX suite.

Which checks a table gets is declared once, in its `pipeline.contract.TableSpec` (key, required
columns, allowed values, bounds, references, cross-row rules); this module turns a spec into
checks. A check reads its own table and, for cross-table rules, the tables it names in `needs`;
it hands Great Expectations one frame (the table itself, or a reconciliation from `reconcile`)
and the expectations that frame must meet, so every verdict is GX's. GX is imported only when a
check runs, never when this module loads.

A check has a scope (`contract.TableSpec.scope`) and a severity:

- a **contract** check fails as a whole; with 'error' the load stops (the code broke a rule it
  must never break), with 'warn' it is recorded;
- a **document** check fails per document: one result per offending document, carrying its
  `document_id`. With 'warn' the rows load and are flagged; with 'error' the document is
  quarantined (`pipeline.quarantine`). Offending rows that name no document cannot be charged
  to one, so they fail the check as a whole, like a contract check.

An empty table passes its checks, since an empty corpus is valid; the reference table
`municipalities` is the exception and must always hold the 98 municipalities.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from pipeline.contract import (  # noqa: F401  (re-exported: the allowed values live in the contract)
    ATTENDANCE_STATUSES,
    DOC_STATUSES,
    DOC_TYPES,
    MUNICIPALITY_COUNT,
    QUOTA_LEVELS,
    SOSU_MEASURES,
    SOSU_PROGRAMS,
    SPECS,
    Scope,
    TableSpec,
)
from pipeline import issues
from pipeline.validation import reconcile
from pipeline.validation.gx_runner import Verdict, expectations as gxe, run_suite
from pipeline.validation.results import CheckResult, Severity

MAX_ROWS_IN_DETAILS = 10
REFERENCE_TABLES = ("municipalities", "parties")  # never empty: an empty one is a failure GX must see


@dataclass(frozen=True)
class Probe:
    """What one check hands GX: a frame and the expectations it must meet.

    `show` names the columns that identify an offending row in `details`; `observe` gives the
    short `observed` value from (checked frame, offending rows) when 'k of n rows' says too
    little, e.g. 'sum 276 vs stated 277'. `unit` names what a row of `frame` is. `documents`
    is the column naming the document(s) a row comes from (several separated by spaces).
    """

    frame: pl.DataFrame
    expectations: Sequence[Any]
    show: tuple[str, ...]
    unit: str = "rows"
    observe: Callable[[pl.DataFrame, pl.DataFrame], str] | None = None
    documents: str | None = "document_id"


@dataclass(frozen=True)
class CheckDef:
    """One named check on a table: how bad a failure is, what it asserts, what else it reads."""

    name: str
    severity: Severity
    description: str
    probe: Callable[[Mapping[str, pl.DataFrame]], Probe] = field(repr=False, compare=False)
    needs: tuple[str, ...] = ()  # other tables `probe` reads
    scope: Scope = "contract"


# --- building blocks ---------------------------------------------------------------------


def _fmt(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)



def _identity(table: str, frame: pl.DataFrame, columns: Sequence[str]) -> tuple[str, ...]:
    """The row's identifying columns (the table's key and label), then the checked ones."""
    wanted = dict.fromkeys([*SPECS[table].identity, *columns])
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
        return Probe(f, [expectation], _identity(table, f, columns))

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


def plausible(table: str, at_least: Mapping[str, float], at_most: Mapping[str, float]) -> CheckDef:
    """Figures within bounds no real document exceeds: beyond them a figure is a misreading."""
    columns = list(dict.fromkeys([*at_least, *at_most]))

    def probe(frames: Mapping[str, pl.DataFrame]) -> Probe:
        f = frames[table]
        exps = [gxe().ExpectColumnValuesToBeBetween(column=c, min_value=at_least.get(c), max_value=at_most.get(c))
                for c in columns]
        return Probe(f, exps, _identity(table, f, columns))

    text = "; ".join(
        f"{_fmt(at_least[c]) + ' <= ' if c in at_least else ''}{c}{' <= ' + _fmt(at_most[c]) if c in at_most else ''}"
        for c in columns)
    return CheckDef("figures_plausible", "error", text, probe=probe)


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


def _sum_vs_stated(unit: str, summed: str = "summed", stated: str = "stated") -> Callable[[pl.DataFrame, pl.DataFrame], str]:
    """'sum 276 vs stated 277' for the first group off (and how many more), else '0 of n units off'."""

    def observe(frame: pl.DataFrame, bad: pl.DataFrame) -> str:
        if bad.is_empty():
            return f"0 of {frame.height} {unit} off"
        first = bad.row(0, named=True)
        more = f" (+{bad.height - 1} more)" if bad.height > 1 else ""
        return f"sum {_fmt(first[summed])} vs stated {_fmt(first[stated])}{more}"

    return observe


def _verdict_is_true(column: str) -> Any:
    """The reconciliation's verdict column is true (NULL: the rule does not apply, not judged)."""
    return gxe().ExpectColumnValuesToBeInSet(column=column, value_set=[True])


# --- cross-table and cross-row rules (computed in `reconcile`, the same query as their views) ---


def _quotas_match_total(frames: Mapping[str, pl.DataFrame]) -> Probe:
    f = reconcile.compute(reconcile.QUOTAS, frames)
    return Probe(
        f,
        [_verdict_is_true("matches")],
        ("document_id", "year", "level", "area", "sum_of_municipalities", "stated_total", "difference"),
        unit="totals",
        observe=_sum_vs_stated("totals", "sum_of_municipalities", "stated_total"),
    )


def _sosu_match_national(frames: Mapping[str, pl.DataFrame]) -> Probe:
    f = reconcile.compute(reconcile.SOSU, frames)
    return Probe(
        f,
        [_verdict_is_true("matches")],
        ("document_id", "year", "program", "measure", "kkr_rows", "sum_of_kkr", "stated_total", "difference"),
        unit="groups",
        observe=_sum_vs_stated("groups", "sum_of_kkr", "stated_total"),
    )


def _seats_add_up(frames: Mapping[str, pl.DataFrame]) -> Probe:
    f = reconcile.compute(reconcile.SEATS, frames)
    return Probe(
        f,
        [_verdict_is_true("adds_up")],
        ("document_id", "kkr", "period", "party", "mayors_plus_supplementary", "total"),
    )


def _seats_within_size(frames: Mapping[str, pl.DataFrame]) -> Probe:
    f = reconcile.compute(reconcile.SEATS, frames).select(
        "document_id", "kkr", "period", "kkr_seats", "municipalities", "seat_limit", "within_limit"
    ).unique(maintain_order=True)

    def observe(frame: pl.DataFrame, bad: pl.DataFrame) -> str:
        if bad.is_empty():
            return f"0 of {frame.height} KKR seat tables over the limit"
        first = bad.row(0, named=True)
        return f"{first['kkr_seats']} seats vs limit {first['seat_limit']}"

    return Probe(
        f,
        [_verdict_is_true("within_limit")],
        ("document_id", "kkr", "period", "kkr_seats", "municipalities", "seat_limit"),
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
        documents="document_ids",
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
    f = reconcile.compute(reconcile.BUDGETS, frames)
    return Probe(
        f,
        [_verdict_is_true("adds_up")],
        ("document_id", "item_no", "year", "sum_of_lines", "stated_total", "difference"),
        unit="budget tables",
        observe=_sum_vs_stated("budget tables", "sum_of_lines", "stated_total"),
    )


def _sections_read(frames: Mapping[str, pl.DataFrame]) -> Probe:
    """Per document, the sections a parser detected but could not read (a table, an attendance
    heading): 0 expected; each such document is flagged, never blocked."""
    issues_ = frames["parse_issues"]
    f = (
        issues_.filter(pl.col("code").is_in(list(NOT_READ_CODES)))
        .group_by("document_id")
        .agg(pl.len().alias("sections_not_read"), pl.col("table_name").unique().sort().str.join(", ").alias("tables"))
        .sort("document_id")
    )
    return Probe(
        f,
        [gxe().ExpectColumnValuesToBeBetween(column="sections_not_read", min_value=0, max_value=0)],
        ("document_id", "sections_not_read", "tables"),
        unit="documents with unread sections",
    )


def _municipality_count(frames: Mapping[str, pl.DataFrame]) -> Probe:
    f = frames["municipalities"]
    return Probe(
        f,
        [gxe().ExpectTableRowCountToEqual(value=MUNICIPALITY_COUNT)],
        (),
        observe=lambda frame, bad: f"{frame.height} rows",
        documents=None,
    )


def _municipality_code_form(frames: Mapping[str, pl.DataFrame]) -> Probe:
    f = frames["municipalities"]
    return Probe(
        f,
        [gxe().ExpectColumnValuesToMatchRegex(column="code", regex=r"^\d{3}$")],
        ("code", "name"),
        documents=None,
    )


# The cross-row rules a spec can name in `rules`.
NOT_READ_CODES = (issues.TABLE_NOT_READ, issues.ATTENDANCE_EMPTY)

RULES: dict[str, CheckDef] = {c.name: c for c in (
    CheckDef("detected_sections_read", "warn",
             "every section detected as a table or an attendance list gave rows (no 'table_not_read' / "
             "'attendance_empty' issue)", probe=_sections_read),
    CheckDef("quotas_match_stated_total", "warn",
             "municipality quotas sum to each stated region/KKR total of the same document and year "
             "(and to the landstal when all 98 municipalities are listed)",
             needs=reconcile.QUOTAS.reads, probe=_quotas_match_total),
    CheckDef("kkr_rows_match_national", "warn",
             "per document, year and programme the KKR 'dimensionering' rows sum to 'Hele landet'",
             probe=_sosu_match_national),
    CheckDef("seats_add_up", "warn", "per party, mayors + supplementary = total", probe=_seats_add_up),
    CheckDef("seats_within_kkr_size", "warn", "per KKR and period, all seats <= 2 x the KKR's municipalities",
             needs=reconcile.SEATS.reads, probe=_seats_within_size),
    CheckDef("not_present_and_absent", "warn",
             "nobody is listed both present and absent at one meeting", probe=_present_or_absent),
    CheckDef("weekday_matches_date", "warn", "a planned date falls on the weekday the plan names",
             probe=_weekday_matches),
    CheckDef("lines_add_up_to_total", "warn",
             f"per document and item, the lines sum to the one total line "
             f"(within {_fmt(reconcile.BUDGET_TOLERANCE_DKK)} kr.)",
             needs=reconcile.BUDGETS.reads, probe=_budget_adds_up),
    CheckDef("code_three_digits", "error", "code is three digits ('101')", probe=_municipality_code_form),
    CheckDef("has_98_rows", "error", f"all {MUNICIPALITY_COUNT} municipalities are present",
             probe=_municipality_count),
)}


# --- the suites, from the table specs ------------------------------------------------------


def checks_for(spec: TableSpec) -> list[CheckDef]:
    """The checks one table's spec declares, each with the scope the spec gives its rule."""
    t = spec.name
    checks: list[CheckDef] = []
    if spec.required:
        checks.append(not_null(t, spec.required))
    if spec.key:
        checks.append(unique_key(t, spec.key))
    for column, values in spec.allowed.items():
        checks.append(allowed_values(t, f"{column}_allowed", {column: values}))
    if spec.from_documents:
        checks.append(document_loaded(t))
    if spec.documents_known:
        checks.append(documents_known(t, spec.documents_known))
    if spec.municipality:
        checks.append(municipality_known(t))
    if spec.counts:
        checks.append(non_negative(t, spec.counts))
    if spec.non_negative_warn:
        checks.append(non_negative(t, spec.non_negative_warn, whole=False, severity="warn"))
    if spec.at_least or spec.at_most:
        checks.append(plausible(t, spec.at_least, spec.at_most))
    if spec.party:
        checks.append(party_known(t))
    checks.extend(RULES[name] for name in spec.rules)
    return [CheckDef(c.name, c.severity, c.description, c.probe, c.needs, spec.scope(c.name)) for c in checks]


TABLE_CHECKS: dict[str, list[CheckDef]] = {name: checks for name, s in SPECS.items() if (checks := checks_for(s))}


def needed_tables(table: str) -> tuple[str, ...]:
    """The other tables `table`'s checks read, in a stable order."""
    needs = {t for check in TABLE_CHECKS.get(table, ()) for t in check.needs}
    return tuple(sorted(needs - {table}))


def validate_table(table: str, frames: Mapping[str, pl.DataFrame]) -> list[CheckResult]:
    """Run every check of `table`; `frames` holds that table and the tables its checks need.

    A passing check gives one result; a failing document check one per offending document.
    """
    checks = TABLE_CHECKS.get(table, [])
    if not checks:
        return []
    missing = [t for t in (table, *needed_tables(table)) if t not in frames]
    if missing:
        raise KeyError(f"checks on {table!r} need frames for {missing}")
    return [r for check in checks for r in run_check(table, check, frames)]


def run_check(table: str, check: CheckDef, frames: Mapping[str, pl.DataFrame]) -> list[CheckResult]:
    """One check: build its frame, let GX judge it, describe what GX flagged."""
    try:
        probe = check.probe(frames)
    except Exception as exc:  # a rule that cannot even be computed is a failure of the whole check
        return [CheckResult(table, check.name, False, "error", "could not compute",
                            f"{table}: {check.description}: {type(exc).__name__}: {exc}"[:2000])]
    if probe.frame.is_empty() and table not in REFERENCE_TABLES:
        # Nothing to judge (a run whose changed documents have no rows here): what GX would say, without GX.
        return [_one(table, check, probe, probe.frame, probe.frame, True)]
    verdict = run_suite(f"{table}.{check.name}", probe.frame, probe.expectations)
    return _results(table, check, probe, verdict)


def _results(table: str, check: CheckDef, probe: Probe, verdict: Verdict) -> list[CheckResult]:
    if verdict.errors:
        return [CheckResult(table, check.name, False, check.severity, "GX error", "; ".join(verdict.errors))]
    bad = probe.frame[list(verdict.unexpected_rows)] if verdict.unexpected_rows else probe.frame.clear()
    if verdict.success or check.scope == "contract" or probe.documents is None or bad.is_empty():
        return [_one(table, check, probe, probe.frame, bad, verdict.success)]
    owners = bad[probe.documents].cast(pl.Utf8).fill_null("").str.split(" ")
    by_document: dict[str | None, list[int]] = {}
    for i, ids in enumerate(owners.to_list()):
        for doc in [d for d in ids if d] or [None]:
            by_document.setdefault(doc, []).append(i)
    out = []
    for doc, rows in sorted(by_document.items(), key=lambda kv: (kv[0] is not None, kv[0] or "")):
        own_bad = bad[rows]
        column = pl.col(probe.documents).cast(pl.Utf8)
        own_frame = probe.frame.filter(column.is_null() if doc is None else column.str.split(" ").list.contains(doc))
        out.append(_one(table, check, probe, own_frame, own_bad, False, doc))
    return out


def _one(table: str, check: CheckDef, probe: Probe, frame: pl.DataFrame, bad: pl.DataFrame, success: bool,
         document_id: str | None = None) -> CheckResult:
    if probe.observe is not None:
        observed = probe.observe(frame, bad)
    else:
        observed = f"{bad.height} of {frame.height} {probe.unit}"
    if success:
        details = f"{table}: {check.description}"
    else:
        details = f"{table}: expected {check.description}; failing: {_describe(bad, probe.show)}"
    return CheckResult(table, check.name, success, check.severity, observed, details, document_id)


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
