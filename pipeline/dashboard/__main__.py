"""`python -m pipeline.dashboard --warehouse FILE --out FILE.html` (what `make dashboard` runs)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline.dashboard import WarehouseNotFound, build_dashboard


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.dashboard",
                                     description="Build the static HTML dashboard from a published warehouse.")
    parser.add_argument("--warehouse", type=Path, default=Path("warehouse/meetings.duckdb"))
    parser.add_argument("--out", type=Path, default=Path("warehouse/dashboard.html"))
    args = parser.parse_args(argv)
    try:
        out = build_dashboard(args.warehouse, args.out)
    except WarehouseNotFound as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"dashboard: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
