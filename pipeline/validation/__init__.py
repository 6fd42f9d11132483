"""Validation of the warehouse tables: Great Expectations suites, their results, and their store.

Importing this package does not import Great Expectations; that happens when a check runs.
"""

from pipeline.validation.results import CheckResult, to_frame
from pipeline.validation.store import read_results, write_results
from pipeline.validation.suites import TABLE_CHECKS, CheckDef, needed_tables, validate_table

__all__ = [
    "TABLE_CHECKS",
    "CheckDef",
    "CheckResult",
    "needed_tables",
    "read_results",
    "to_frame",
    "validate_table",
    "write_results",
]
