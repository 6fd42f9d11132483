"""Quarantine: keep a document whose rows cannot be loaded soundly out of the fact tables.

A document can bring rows no warehouse should hold: a key it states twice, a key part it does
not state, a figure beyond any real one (a quota of 10^20, a negative count). Such a document
is quarantined rather than stopping the load: its `documents` row says 'quarantined' with the
rule and the rows that broke it, its facts are left out, and every other document is published.
Its parse issues stay, since they help to see what went wrong.

Two moments decide it. Before any frame is built, `screen_types` catches values that cannot
be stored at all (an integer beyond 64 bits would stop the table's frame, and with it the
load). After the checks, `reasons` reads the failed 'error' document checks from this run's
validation results; `pipeline.increment.derive` leaves those documents' rows out of the run's rows
and marks their `documents` rows, and the document store keeps the verdict for later runs.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import polars as pl

from pipeline.schema import TABLES
from pipeline.validation.results import CheckResult

STATUS = "quarantined"
TYPE_CHECK = "values_fit_types"
MAX_REASON = 500
_INT64 = (-(2**63), 2**63 - 1)
KEPT_TABLES = ("parse_issues",)  # a quarantined document's rows that stay: they explain it


def _unfit(value, dtype: pl.DataType) -> bool:
    """True when `value` cannot be stored in a column of `dtype` (an integer past 64 bits, ...)."""
    if value is None or isinstance(value, bool):
        return False
    if dtype == pl.Int64:
        return isinstance(value, int) and not (_INT64[0] <= value <= _INT64[1])
    if dtype == pl.Float64 and isinstance(value, (int, float)):
        try:
            return not math.isfinite(float(value))
        except OverflowError:
            return True
    return False


def unfit_values(result) -> list[CheckResult]:
    """One failed `values_fit_types` result per table of `result` holding a value its column cannot store."""
    out = []
    doc_id = result.document["document_id"]
    for table, rows in result.tables.items():
        schema = TABLES.get(table)
        if schema is None:
            continue
        bad = [(i, col, row[col]) for i, row in enumerate(rows) for col, dtype in schema.items()
               if col in row and _unfit(row[col], dtype)]
        if not bad:
            continue
        shown = "; ".join(f"row {i + 1}: {col}={_short(v)}" for i, col, v in bad[:5])
        more = f" (+{len(bad) - 5} more)" if len(bad) > 5 else ""
        out.append(CheckResult(
            table, TYPE_CHECK, False, "error", f"{len(bad)} of {len(rows)} rows",
            f"{table}: expected every figure to fit its column (64-bit integers); failing: {shown}{more}", doc_id))
    return out


def _short(value) -> str:
    text = str(value)
    return text if len(text) <= 30 else f"{text[:12]}…({len(text)} digits)"


def screen_types(results: Iterable) -> list[CheckResult]:
    """Quarantine (in place) every loaded result with a value that cannot be stored; their failed results."""
    failed: list[CheckResult] = []
    for res in results:
        if res.document["status"] != "loaded":
            continue
        found = unfit_values(res)
        if found:
            mark(res.document, reason_of(found))
            failed.extend(found)
    return failed


def mark(document: dict, reason: str) -> None:
    """A `documents` row as quarantined, with the reason (which rule, which rows)."""
    document.update(status=STATUS, is_current=False, error=reason[:MAX_REASON])


def reason_of(results: Iterable[CheckResult]) -> str:
    """'refugee_quotas.figures_plausible: expected …; failing: …' (each rule broken, and its rows) for one document."""
    parts = [f"{r.table_name}.{r.check_name}: {r.details.split(': ', 1)[-1]}" for r in results]
    return " | ".join(parts)


def reasons(validation: pl.DataFrame) -> dict[str, str]:
    """document_id -> reason, for every document a failed 'error' document check names."""
    if validation.is_empty() or "document_id" not in validation.columns:
        return {}
    failed = validation.filter(~pl.col("success") & (pl.col("severity") == "error") & pl.col("document_id").is_not_null())
    grouped: dict[str, list[CheckResult]] = {}
    for row in failed.sort("table_name", "check_name").iter_rows(named=True):
        grouped.setdefault(row["document_id"], []).append(CheckResult(
            row["table_name"], row["check_name"], False, "error", row["observed"] or "", row["details"] or "",
            row["document_id"]))
    return {doc: reason_of(rs) for doc, rs in grouped.items()}
