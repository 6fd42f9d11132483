"""`python -m assets load --raw DIR --warehouse FILE`: build a warehouse and say what happened."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assets", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    load = sub.add_parser("load", help="load a folder of documents into a DuckDB warehouse")
    load.add_argument("--raw", type=Path, default=Path("raw"), help="folder of PDFs and text files (default raw/)")
    load.add_argument("--warehouse", type=Path, default=Path("warehouse/meetings.duckdb"),
                      help="DuckDB file to publish (default warehouse/meetings.duckdb)")
    load.add_argument("--workers", type=int, default=0, help="parser processes (default: one per core)")
    load.add_argument("--executor", choices=["in_process", "multiprocess"], default="in_process",
                      help="Dagster executor (multiprocess needs DAGSTER_HOME)")
    load.add_argument("--force", action="store_true", help="rebuild even if raw/ and the code are unchanged")
    load.add_argument("--no-fast-pdf", action="store_true", help="use pdfplumber for every page's text")
    load.add_argument("--parse-timeout", type=float, default=None, metavar="SECONDS",
                      help="reject a file still parsing after this long (default 300)")
    load.add_argument("--strict", action="store_true",
                      help="all or nothing: a document that would be quarantined stops the load (exit 1)")
    load.add_argument("--record-runs", action="store_true",
                      help="record the run in DAGSTER_HOME's instance (make run does; costs seconds)")
    load.add_argument("--quiet", action="store_true", help="no progress lines while parsing")
    load.add_argument("--log-level", default="CRITICAL", help="Dagster's console log level (default CRITICAL)")
    args = parser.parse_args(argv)
    import gc

    # Dagster, GX and pandas leave ~1M long-lived objects; at the default thresholds the
    # collector rescans them ~7 times in a load and frees almost nothing (~1 s).
    gc.set_threshold(50_000, 20, 100)

    from pipeline.loadsummary import format_summary

    from assets.run import LoadFailed, run_load

    started = time.perf_counter()
    try:
        manifest, unchanged = run_load(args.raw, args.warehouse, workers=args.workers, force=args.force,
                                       executor=args.executor, fast_pdf=not args.no_fast_pdf, strict=args.strict,
                                       parse_timeout_s=args.parse_timeout, progress=not args.quiet,
                                       record_runs=args.record_runs, log_level=args.log_level)
    except LoadFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(format_summary(manifest, unchanged=unchanged))
    print(f"warehouse: {args.warehouse}  ({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
