"""The nightly build: the whole warehouse job, at 02:00 Copenhagen time."""


import dagster as dg

from assets.corpus import parsed_document

warehouse_job = dg.define_asset_job(
    "build_warehouse",
    selection=dg.AssetSelection.all() - dg.AssetSelection.assets(parsed_document),
    description="Parse what is new in raw/, rebuild every table, validate, publish atomically.",
)

parse_documents_job = dg.define_asset_job(
    "parse_documents",
    selection=dg.AssetSelection.assets(parsed_document),
    description="Parse the selected document partitions into the parse cache.",
)

nightly_schedule = dg.ScheduleDefinition(
    name="nightly_warehouse",
    job=warehouse_job,
    cron_schedule="0 2 * * *",
    execution_timezone="Europe/Copenhagen",
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
