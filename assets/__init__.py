"""The thin Dagster layer: assets, checks, schedules, sensors and resources over `pipeline`."""
