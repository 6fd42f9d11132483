"""Fingerprints of what shapes the results, so nothing is reused once what made it has changed.

Two levels, because parsing is expensive and the rest is not:

- `code_version` / `parse_variant`: what a parsed document depends on (the `pipeline` package,
  its reference CSVs, the PDF and text libraries, the PDF options and size limits). It names the
  parse cache, so a change re-parses and anything else reuses the cache.
- `build_fingerprint`: what the published warehouse depends on: all of the above plus the
  Dagster assets, the SQL (tables, views), the data libraries, the load's options (strict, PDF
  mode, limits, timeout) and `raw/sources.csv`. The unchanged check compares it, so a new view
  or a changed asset rebuilds the warehouse instead of leaving it 'unchanged'.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from importlib import metadata
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent
ASSETS_DIR = ROOT / "assets"
SQL_DIR = ROOT / "sql"
PARSE_LIBRARIES = ("pdfplumber", "pdfminer.six", "pypdfium2", "beautifulsoup4", "lxml")
BUILD_LIBRARIES = ("polars", "duckdb", "great-expectations", "dagster", "pyarrow")


def _hash_tree(h, root: Path, suffixes: set[str]) -> None:
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.suffix in suffixes and "__pycache__" not in path.parts and path.is_file():
            h.update(str(path.relative_to(root)).encode())
            h.update(b"\0")
            h.update(path.read_bytes())
            h.update(b"\0")


def _versions(h, names: tuple[str, ...]) -> None:
    for name in names:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        h.update(f"{name}={version};".encode())


@lru_cache(maxsize=1)
def code_version() -> str:
    """The parsing code: `pipeline/` (.py, .csv) and the extraction libraries' versions."""
    h = hashlib.sha256()
    _hash_tree(h, PACKAGE, {".py", ".csv"})
    _versions(h, PARSE_LIBRARIES)
    return h.hexdigest()[:16]


@lru_cache(maxsize=1)
def build_version() -> str:
    """Everything in the code that shapes the warehouse: parsing, assets, SQL, data libraries."""
    h = hashlib.sha256(code_version().encode())
    _hash_tree(h, ASSETS_DIR, {".py"})
    _hash_tree(h, SQL_DIR, {".sql"})
    _versions(h, BUILD_LIBRARIES)
    return h.hexdigest()[:16]


def clear() -> None:
    """Forget the cached versions (after the code on disk changed in this process, e.g. in a test)."""
    code_version.cache_clear()
    build_version.cache_clear()


def parse_variant(limits, fast: bool) -> str:
    """The parse options as a short name: 'fast-1a2b3c4d' (the PDF mode, then the limits' hash)."""
    text = json.dumps(_plain(limits), sort_keys=True)
    return f"{'fast' if fast else 'plumber'}-{hashlib.sha256(text.encode()).hexdigest()[:8]}"


def build_options(*, limits, fast_pdf: bool, strict: bool, parse_timeout_s: float | None) -> dict:
    """The load's options that shape the warehouse, as plain JSON-able data."""
    return {"limits": _plain(limits), "fast_pdf": bool(fast_pdf), "strict": bool(strict),
            "parse_timeout_s": parse_timeout_s}


def build_fingerprint(options: dict, raw_dir: Path | None = None) -> str:
    """`build_version` + the load's options + `raw/sources.csv` (issuers it names shape the rows)."""
    h = hashlib.sha256(build_version().encode())
    h.update(json.dumps(options, sort_keys=True, default=str).encode())
    if raw_dir is not None:
        try:
            h.update(hashlib.sha256((Path(raw_dir) / "sources.csv").read_bytes()).digest())
        except OSError:
            h.update(b"no sources.csv")
    return h.hexdigest()[:16]


def _plain(limits) -> dict:
    if limits is None:
        return {}
    if hasattr(limits, "__dataclass_fields__"):
        return {k: getattr(limits, k) for k in limits.__dataclass_fields__}
    return dict(limits)
