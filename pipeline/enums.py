"""The fixed values the figure tables store: SOSU programmes and measures, quota levels, the nation.

Parsers write these strings into rows and validation checks them against the same tuples, so a
spelling lives in one place. Plain `str` values (not Enum members), because rows go to Polars,
DuckDB and the parse cache as they are.
"""

from __future__ import annotations

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
