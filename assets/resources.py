"""Where things live and how hard to work: configuration, not code."""


import os
from pathlib import Path

import dagster as dg

from pipeline.corpus import PARSE_TIMEOUT_S, cache_dir_for
from pipeline.documents import Limits

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class PipelineConfig(dg.ConfigurableResource):
    """The raw folder, the warehouse file, and the bounds for one bad file."""

    raw_dir: str = os.environ.get("KL_RAW_DIR", str(PROJECT_ROOT / "raw"))
    warehouse_path: str = os.environ.get("KL_WAREHOUSE", str(PROJECT_ROOT / "warehouse" / "meetings.duckdb"))
    workers: int = int(os.environ.get("KL_WORKERS", "0"))  # 0: one per core
    max_bytes: int = 200 * 1024 * 1024
    max_pages: int = 2000
    fast_pdf: bool = True  # pypdfium2 text layer on pages without ruled tables
    parse_timeout_s: float = PARSE_TIMEOUT_S  # one file's parse on a worker process; longer is a rejection
    strict: bool = False  # all or nothing: a document that would be quarantined stops the load

    @property
    def raw(self) -> Path:
        return Path(self.raw_dir)

    @property
    def warehouse(self) -> Path:
        return Path(self.warehouse_path)

    @property
    def cache_dir(self) -> Path:
        """Parsed results by file version, kept beside the warehouse they feed."""
        return cache_dir_for(self.warehouse)

    @property
    def limits(self) -> Limits:
        return Limits(max_bytes=self.max_bytes, max_pages=self.max_pages)

    @property
    def build_options(self) -> dict:
        """Everything besides code and raw/ that shapes the warehouse (`codeversion.build_fingerprint`)."""
        from pipeline.codeversion import build_options

        return build_options(limits=self.limits, fast_pdf=self.fast_pdf, strict=self.strict,
                             parse_timeout_s=self.parse_timeout_s)


class ValidationStoreResource(dg.ConfigurableResource):
    """Where asset checks leave their results for the warehouse's `validation_results`."""

    root: str = os.environ.get("KL_VALIDATION_DIR", str(PROJECT_ROOT / "warehouse" / ".validation"))
