"""Every parser, keyed by the warehouse table it fills.

Each is a pure function `Document -> Parsed`; `pipeline.process` runs them all on each
document. A parser that reads two tables in one pass returns the second in `Parsed.also`.
"""

from __future__ import annotations

from collections.abc import Callable

from pipeline.models import Document, Parsed
from pipeline.parsers.agenda import parse_agenda_items
from pipeline.parsers.amounts import parse_amounts
from pipeline.parsers.attendance import parse_attendance
from pipeline.parsers.budget import parse_budget_lines
from pipeline.parsers.quotas import parse_quota_tables
from pipeline.parsers.schedule import parse_meeting_schedule
from pipeline.parsers.seats import parse_kkr_seats
from pipeline.parsers.sosu import parse_sosu

Parser = Callable[[Document], Parsed]

PARSERS: dict[str, Parser] = {
    "agenda_items": parse_agenda_items,
    "attendance": parse_attendance,
    "refugee_quotas": parse_quota_tables,  # fills refugee_quota_totals in the same pass
    "sosu_training_places": parse_sosu,
    "kkr_seats": parse_kkr_seats,
    "budget_lines": parse_budget_lines,
    "amounts": parse_amounts,
    "meeting_schedule": parse_meeting_schedule,
}
