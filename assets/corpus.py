"""The corpus: one partition per document for the UI and sensor, one asset for the whole set.

`parsed_document` (a dynamic partition per file in raw/) parses one file version into the
parse cache, so a failed document is visible and retryable alone; a backfill runs many
partitions in one run. `corpus` gathers every current file's result for the table assets,
parsing on both cores whatever the cache does not hold yet: the nightly job and the CLI
need no separate backfill first.
"""


from pathlib import Path

import dagster as dg

from assets.resources import PipelineConfig, ValidationStoreResource
from pipeline.corpus import (ParseCache, parse_files, partition_key, resolve_current, scan, scan_cache_for,
                             worth_reporting)

documents_partitions = dg.DynamicPartitionsDefinition(name="documents")


@dg.asset(
    partitions_def=documents_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    group_name="corpus",
    kinds={"python"},
    description="One raw file parsed into the parse cache (partition = file).",
)
def parsed_document(context: dg.AssetExecutionContext, settings: PipelineConfig) -> dg.MaterializeResult:
    keys = set(context.partition_keys)
    files = [f for f in scan(settings.raw, scan_cache_for(settings.warehouse)) if partition_key(f.source_file) in keys]
    results = parse_files(files, ParseCache(settings.cache_dir), limits=settings.limits,
                          workers=settings.workers or None, fast=settings.fast_pdf,
                          timeout_s=settings.parse_timeout_s)
    rejected = {r.document["source_file"]: r.document["error"] for r in results if not r.loaded}
    for name, reason in rejected.items():
        context.log.warning(f"rejected {name}: {reason}")
    return dg.MaterializeResult(
        metadata={"files": len(files), "rejected": len(rejected), "rejections": dg.MetadataValue.json(rejected)}
    )


@dg.asset(
    deps=[parsed_document],
    group_name="corpus",
    kinds={"python"},
    description="Every file in raw/ parsed (from the cache where unchanged), with current versions chosen.",
)
def corpus(context: dg.AssetExecutionContext, settings: PipelineConfig,
           validation_store: ValidationStoreResource) -> list:
    from pipeline.quarantine import screen_types
    from pipeline.validation.store import write_results

    files = scan(settings.raw, scan_cache_for(settings.warehouse))
    cache = ParseCache(settings.cache_dir)

    def progress(done: int, total: int, name: str) -> None:
        if worth_reporting(done, total):
            context.log.info(f"parsed {done}/{total} documents ({name})")

    results = parse_files(files, cache, limits=settings.limits, workers=settings.workers or None,
                          fast=settings.fast_pdf, progress=progress, timeout_s=settings.parse_timeout_s)
    cache.prune(keep={f.document_id for f in files})
    # Before the current versions are chosen: a document that cannot be stored must not supersede another.
    unfit = screen_types(results)
    write_results(Path(validation_store.root), context.run.run_id, "corpus", unfit)
    if unfit and settings.strict:
        names = sorted({r.document["source_file"] for r in results if r.document["status"] == "quarantined"})
        raise dg.Failure(f"strict: {len(names)} documents hold values no column can store: {', '.join(names)}",
                         metadata={"details": "\n".join(r.details for r in unfit)})
    resolve_current(results, files)
    loaded = sum(r.loaded for r in results)
    context.add_output_metadata({"files": len(files), "loaded": loaded,
                                 "not_loaded": len(files) - loaded})
    return results
