"""Where things live and how hard to work: configuration, not code.

Typed fields with plain defaults (the project's raw/ and warehouse/). `assets/definitions.py`
binds them to `dg.EnvVar` where the daemon's environment names other places, and a run can
override any field with run config (`assets/run.py` does, for the CLI's arguments).
"""


from pathlib import Path

import dagster as dg

from pipeline.corpus import PARSE_TIMEOUT_S, cache_dir_for
from pipeline.documents import Limits

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_RAW = str(PROJECT_ROOT / "raw")
DEFAULT_WAREHOUSE = str(PROJECT_ROOT / "warehouse" / "meetings.duckdb")


class PipelineConfig(dg.ConfigurableResource):
    """The raw folder, the warehouse file, and the bounds for one bad file."""

    raw_dir: str = DEFAULT_RAW
    warehouse_path: str = DEFAULT_WAREHOUSE
    workers: int = 0  # 0: one per core
    max_bytes: int = 200 * 1024 * 1024
    max_pages: int = 2000
    fast_pdf: bool = True  # pypdfium2 text layer on pages without ruled tables
    parse_timeout_s: float = PARSE_TIMEOUT_S  # one file's parse on a worker process; longer is a rejection
    strict: bool = False  # all or nothing: a document that would be quarantined stops the load
    full_rebuild: bool = False  # build from empty instead of changing the published warehouse

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
    def store(self):
        """The document store: every parsed file version's rows (`pipeline.store`)."""
        from pipeline.store import DocumentStore, store_path_for

        return DocumentStore(store_path_for(self.warehouse, self.limits, self.fast_pdf))

    @property
    def runs_dir(self) -> Path:
        """Each run's change (id lists and rows as Parquet), removed once published."""
        from pipeline.increment import runs_dir_for

        return runs_dir_for(self.warehouse)

    def base_warehouse(self) -> Path | None:
        """The published warehouse a run may change, or None when it must build from empty: none is
        published, it was built by other code or options (its manifest says), or `full_rebuild`."""
        from pipeline.codeversion import build_fingerprint
        from pipeline.warehouse import read_manifest

        if self.full_rebuild:
            return None
        manifest = read_manifest(self.warehouse)
        if not manifest or manifest.get("build") != build_fingerprint(self.build_options, self.raw):
            return None
        return self.warehouse if readable(self.warehouse) else None

    @property
    def limits(self) -> Limits:
        return Limits(max_bytes=self.max_bytes, max_pages=self.max_pages)

    @property
    def build_options(self) -> dict:
        """Everything besides code and raw/ that shapes the warehouse (`codeversion.build_fingerprint`)."""
        from pipeline.codeversion import build_options

        return build_options(limits=self.limits, fast_pdf=self.fast_pdf, strict=self.strict,
                             parse_timeout_s=self.parse_timeout_s)


def readable(warehouse: Path) -> bool:
    """The file opens as a DuckDB warehouse with a `documents` table (else a run builds from empty)."""
    import duckdb

    try:
        con = duckdb.connect(str(warehouse), read_only=True)
    except duckdb.Error:
        return False
    try:
        con.execute("SELECT count(*) FROM documents").fetchall()
        return True
    except duckdb.Error:
        return False
    finally:
        con.close()


class ValidationStoreResource(dg.ConfigurableResource):
    """Where asset checks leave their results for the warehouse's `validation_results`."""

    root: str = str(Path(DEFAULT_WAREHOUSE).parent / ".validation")


def validation_dir_for(warehouse: Path) -> Path:
    """The validation store beside a warehouse (never beside another run's)."""
    return Path(warehouse).parent / ".validation"
