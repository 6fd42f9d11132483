"""The corpus: file versions parsed into the document store, and each run's change to the warehouse.

`parsed_documents` is partitioned by publisher and year (`corpus.source_partition`: a few
thousand keys at most, registered by the sensor in one request per tick), so a backfill or a
retry parses the files of the partitions it selects; files already stored are not parsed
again, so re-running a failed document's partition parses just that document.
`document_changes` is the nightly step: it parses whatever the store still lacks, forgets
versions gone from raw/, and works out what differs from the published warehouse. Only that
change (paths and counts) goes on to the next steps.
"""


from pathlib import Path

import dagster as dg

from assets.resources import PipelineConfig, ValidationStoreResource
from pipeline.corpus import ParseCache, scan, scan_cache_for, source_partition, worth_reporting

source_partitions = dg.DynamicPartitionsDefinition(name="sources")


def _sync(context, settings: PipelineConfig, files: list, *, forget_missing: bool):
    from pipeline.increment import sync_store

    def progress(done: int, total: int, name: str) -> None:
        if worth_reporting(done, total):
            context.log.info(f"parsed {done}/{total} documents ({name})")

    return sync_store(files, settings.store, ParseCache(settings.cache_dir), limits=settings.limits,
                      fast=settings.fast_pdf, workers=settings.workers or None, timeout_s=settings.parse_timeout_s,
                      progress=progress, partition_of=source_partition, forget_missing=forget_missing)


@dg.asset(
    partitions_def=source_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    group_name="corpus",
    kinds={"python", "duckdb"},
    description="The files of a publisher and year parsed into the document store (partition = publisher-year).",
)
def parsed_documents(context: dg.AssetExecutionContext, settings: PipelineConfig) -> dg.MaterializeResult:
    keys = set(context.partition_keys)
    files = [f for f in scan(settings.raw, scan_cache_for(settings.warehouse)) if source_partition(f) in keys]
    results, _ = _sync(context, settings, files, forget_missing=False)
    rejected = {r["source_file"]: r["error"] for r in results if r["status"] != "loaded"}
    for name, reason in rejected.items():
        context.log.warning(f"rejected {name}: {reason}")
    return dg.MaterializeResult(
        metadata={"files": len(files), "parsed": len(results), "rejected": len(rejected),
                  "rejections": dg.MetadataValue.json(rejected)}
    )


@dg.asset(
    deps=[parsed_documents],
    group_name="corpus",
    kinds={"python", "duckdb"},
    description="What this run changes: file versions new, changed or gone since the published warehouse.",
)
def document_changes(context: dg.AssetExecutionContext, settings: PipelineConfig,
                     validation_store: ValidationStoreResource):
    from pipeline.increment import plan
    from pipeline.validation.store import write_results

    files = scan(settings.raw, scan_cache_for(settings.warehouse))
    results, _ = _sync(context, settings, files, forget_missing=True)
    change = plan(files, settings.store, settings.base_warehouse(), settings.runs_dir / context.run.run_id)
    # Values no column can store (screened when parsed): reported by the run that publishes the version.
    unfit = settings.store.screen_results(change.read("changed")["id"])
    write_results(Path(validation_store.root), context.run.run_id, "corpus", unfit)
    if unfit and settings.strict:
        from pipeline.store import ids_frame

        names = sorted(settings.store.query("SELECT source_file FROM documents JOIN _ids ON id = document_id",
                                            _ids=ids_frame(r.document_id for r in unfit))["source_file"])
        raise dg.Failure(f"strict: {len(names)} documents hold values no column can store: {', '.join(names)}",
                         metadata={"details": "\n".join(r.details for r in unfit)})
    context.add_output_metadata({"files": change.documents, "parsed_now": len(results),
                                 "new_versions": change.new_versions, "changed": change.changed,
                                 "removed": change.removed, "from_empty": change.base is None})
    return change
