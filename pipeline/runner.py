"""Prepare a warehouse build without Dagster: checks, the unchanged test, the pre-parse.

This module knows nothing of the Dagster layer (`assets/` runs the job: `assets/run.py`).
`prepare_load` validates the folders, removes leftovers of a crashed load, scans raw/ (size and mtime
first, hashing only files that changed: `corpus.scan`) and compares with the
manifest of the published warehouse, before anything heavy is imported, so a nightly run with
nothing to do costs well under a second. `preparse` parses new file versions into the parse
cache on worker processes while the caller imports Dagster.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from pipeline.loadsummary import is_unchanged
from pipeline.warehouse import read_manifest, remove_stale_builds


class LoadFailed(RuntimeError):
    """The run itself failed (not a rejected document: those are normal outcomes)."""


@dataclass
class Prepared:
    """What a load found before running anything: the scan, its fingerprint, the build's."""

    raw: Path
    warehouse: Path
    timeout_s: float
    entries: list = field(default_factory=list)  # rawfiles.scan_entries
    unchanged: dict | None = None  # the published manifest, when nothing is to do

    @cached_property
    def files(self) -> list:
        """The scan as `SourceFile`s (built only when there is work: ~5 us a file)."""
        from pipeline.rawfiles import source_files

        return source_files(self.raw, self.entries)


def prepare_load(raw: Path, warehouse: Path, *, force: bool = False, fast_pdf: bool = True,
                 strict: bool = False, parse_timeout_s: float | None = None) -> Prepared:
    """Check the folders, clean up after crashed loads, scan raw/ and decide whether anything changed."""
    raw, warehouse = Path(raw).resolve(), Path(warehouse).resolve()
    if not raw.is_dir():
        raise LoadFailed(f"raw folder not found: {raw}")
    if warehouse.parent == raw or raw in warehouse.parents:
        raise LoadFailed(f"the warehouse {warehouse} must not be inside the raw folder {raw}: "
                         "it would be read back as a document")
    remove_stale_builds(warehouse)
    from pipeline.codeversion import build_fingerprint, build_options
    from pipeline.rawfiles import (PARSE_TIMEOUT_S, Limits, ParseCache, cache_dir_for, entries_fingerprint,
                                   scan_cache_for, scan_entries)

    timeout = PARSE_TIMEOUT_S if parse_timeout_s is None else float(parse_timeout_s)
    ParseCache(cache_dir_for(warehouse)).remove_abandoned()
    entries = scan_entries(raw, scan_cache_for(warehouse))  # only changed files hashed: for the check and the parse
    fingerprint = entries_fingerprint(entries)
    if not fingerprint and warehouse.exists():
        raise LoadFailed(f"raw folder {raw} holds no files: refusing to replace the published warehouse with an "
                         "empty one (an unmounted share?); delete the warehouse file to start empty")
    # The same options the Dagster resources get (assets/resources.py: PipelineConfig's defaults).
    build = build_fingerprint(build_options(limits=Limits(), fast_pdf=fast_pdf, strict=strict,
                                            parse_timeout_s=timeout), raw)
    prepared = Prepared(raw, warehouse, timeout, entries)
    if not force:
        manifest = read_manifest(warehouse)
        if is_unchanged(manifest, fingerprint, build):
            prepared.unchanged = manifest
    return prepared


def preparse(prepared: Prepared, *, workers: int = 0, fast_pdf: bool = True,
             while_waiting: Callable[[], None] | None = None, progress: bool = False) -> None:
    """Parse what the document store lacks on worker processes, running `while_waiting` here meanwhile."""
    from pipeline.corpus import ParseCache, cache_dir_for, source_partition
    from pipeline.increment import sync_store
    from pipeline.rawfiles import Limits
    from pipeline.store import DocumentStore, store_path_for

    store = DocumentStore(store_path_for(prepared.warehouse, Limits(), fast_pdf))
    sync_store(prepared.files, store, ParseCache(cache_dir_for(prepared.warehouse)), limits=Limits(), fast=fast_pdf,
               workers=workers or None, timeout_s=prepared.timeout_s, while_waiting=while_waiting,
               progress=_progress_printer() if progress else None, partition_of=source_partition)


def published_manifest(warehouse: Path) -> dict:
    manifest = read_manifest(warehouse)
    if manifest is None:
        raise LoadFailed("the run finished but no warehouse was published")
    return manifest


def _progress_printer():
    """Progress lines on stderr for long loads."""
    from pipeline.corpus import worth_reporting

    def show(done: int, total: int, name: str) -> None:
        if worth_reporting(done, total):
            print(f"  parsed {done}/{total} documents", file=sys.stderr, flush=True)

    return show
