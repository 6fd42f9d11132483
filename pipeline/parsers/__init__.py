"""Every parser, keyed by the warehouse table it fills.

Each is a pure function `Document -> Parsed`; `pipeline.process` runs them all on each
document, so adding a table means adding one entry here.
"""

from __future__ import annotations

from collections.abc import Callable

from pipeline.models import Document, Parsed
from pipeline.parsers.agenda import parse_agenda_items
from pipeline.parsers.attendance import parse_attendance
from pipeline.parsers.schedule import parse_meeting_schedule

Parser = Callable[[Document], Parsed]

PARSERS: dict[str, Parser] = {
    "agenda_items": parse_agenda_items,
    "attendance": parse_attendance,
    "meeting_schedule": parse_meeting_schedule,
}
