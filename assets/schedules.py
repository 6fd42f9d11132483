"""The nightly build: the whole warehouse job, at 02:00 Copenhagen time."""


import dagster as dg

from assets.corpus import parsed_documents

warehouse_job = dg.define_asset_job(
    "build_warehouse",
    selection=dg.AssetSelection.all() - dg.AssetSelection.assets(parsed_documents),
    description="Parse what is new in raw/, validate the changed rows, write them over the published warehouse atomically.",
    tags={"kl/publishes": "warehouse"},  # one at a time (dagster.yaml: tag_concurrency_limits)
)

parse_documents_job = dg.define_asset_job(
    "parse_documents",
    selection=dg.AssetSelection.assets(parsed_documents),
    description="Parse the selected publisher-year partitions into the document store.",
)

nightly_schedule = dg.ScheduleDefinition(
    name="nightly_warehouse",
    job=warehouse_job,
    cron_schedule="0 2 * * *",
    execution_timezone="Europe/Copenhagen",
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
