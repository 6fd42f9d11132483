"""The fixed values the warehouse stores: document types and statuses, attendance statuses,
SOSU programmes and measures, quota levels, the nation.

Parsers write these strings into rows, the contract (`pipeline/contract.py`) checks them against
the same tuples, the dashboard names them, and a test keeps `sql/dictionary.md` in step: one
spelling, one place (city-scrapers' `constants.py`). Plain `str` values (not Enum members),
because rows go to Polars, DuckDB and the parse cache as they are.
"""

from __future__ import annotations

# documents.doc_type
REFERAT, DAGSORDEN, SAGSFREMSTILLING, NOTAT, OTHER = "referat", "dagsorden", "sagsfremstilling", "notat", "other"
DOC_TYPES: tuple[str, ...] = (REFERAT, DAGSORDEN, SAGSFREMSTILLING, NOTAT, OTHER)
MEETING_DOC_TYPES: tuple[str, ...] = (REFERAT, DAGSORDEN, SAGSFREMSTILLING)  # documents that belong to a meeting

# documents.status
LOADED, REJECTED, SUPERSEDED, QUARANTINED = "loaded", "rejected", "superseded", "quarantined"
DOC_STATUSES: tuple[str, ...] = (LOADED, REJECTED, SUPERSEDED, QUARANTINED)

# attendance.status
PRESENT, ABSENT = "present", "absent"
ATTENDANCE_STATUSES: tuple[str, ...] = (PRESENT, ABSENT)

# sosu_training_places.program
HJAELPER = "hjælper"  # social- og sundhedshjælper (SSH)
ASSISTENT = "assistent"  # social- og sundhedsassistent (SSA)
PROGRAMS: tuple[str, ...] = (HJAELPER, ASSISTENT)

# sosu_training_places.measure
DIMENSIONERING = "dimensionering"  # places the KKR dimension (måltal, lærepladser, praktikpladser)
UDDANNELSESAFTALER = "uddannelsesaftaler"  # training agreements actually signed
MEASURES: tuple[str, ...] = (DIMENSIONERING, UDDANNELSESAFTALER)

# refugee_quota_totals.level
LANDSTAL = "landstal"  # the national figure
REGION = "region"
KKR = "kkr"
QUOTA_LEVELS: tuple[str, ...] = (LANDSTAL, REGION, KKR)

# The area of a national figure, in refugee_quota_totals (level 'landstal') and sosu_training_places.
NATIONAL_AREA = "Hele landet"
