"""The outcome of one validation check, and its rows in the `validation_results` table.

A check result is plain data so that the Dagster layer, the store and the warehouse can pass
it on without knowing anything about Great Expectations.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Literal

import polars as pl

from pipeline import schema

Severity = Literal["error", "warn"]
SEVERITIES: tuple[Severity, ...] = ("error", "warn")


@dataclass(frozen=True)
class CheckResult:
    """One check on one table: did it pass, how bad a failure is, and what was seen.

    `observed` is a short value for a dashboard cell ('3 of 46 rows', 'sum 276 vs stated 277');
    `details` names the documents and rows a human has to look at. `document_id` is set on the
    result of a document check for one offending document (see `validation/suites.py`); a
    failing 'error' result without one stops the load.
    """

    table_name: str
    check_name: str
    success: bool
    severity: Severity
    observed: str
    details: str
    document_id: str | None = None

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity must be one of {SEVERITIES}, not {self.severity!r}")

    def blocks(self, strict: bool = False) -> bool:
        """Whether this result stops the load: a failed 'error' naming no document, or any with `strict`."""
        return not self.success and self.severity == "error" and (self.document_id is None or strict)

    @property
    def quarantines(self) -> bool:
        """Whether this result quarantines its document (a failed 'error' naming one)."""
        return not self.success and self.severity == "error" and self.document_id is not None


def to_frame(results: Iterable[CheckResult], run_id: str, checked_at: datetime) -> pl.DataFrame:
    """Results as `validation_results` rows, stamped with the run and the time of checking.

    A timezone-aware `checked_at` is stored as naive UTC, the warehouse's timestamp convention.
    """
    if checked_at.tzinfo is not None:
        checked_at = checked_at.astimezone(timezone.utc).replace(tzinfo=None)
    rows = [
        {
            "run_id": run_id,
            "table_name": r.table_name,
            "check_name": r.check_name,
            "success": r.success,
            "severity": r.severity,
            "observed": r.observed,
            "details": r.details,
            "document_id": r.document_id,
            "checked_at": checked_at,
        }
        for r in results
    ]
    return schema.frame("validation_results", rows)
