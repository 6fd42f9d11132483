"""The document store: every parsed file version's rows, kept in DuckDB, keyed by `document_id`.

A file version is parsed once; its `documents` row and fact rows go here, in the warehouse's
own columns, so the warehouse is assembled from them by DuckDB and a run reads back only the
rows of documents that changed (`pipeline.increment`). What is stored is the parse verdict
('loaded', 'rejected', 'quarantined'); which version of a document is current is decided per
run (`corpus.resolve_current`) over a light projection.

One store per code version and parse options (like the parse cache it sits in): a change to
the parsing code starts an empty store, so stale rows are never mixed with fresh ones.

DuckDB takes one writing process per file: opening waits while another process writes (a
partition run beside the nightly job), up to `LOCK_WAIT_S`.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from pathlib import Path

from pipeline.codeversion import code_version, parse_variant
from pipeline.schema import FACT_TABLES

STORED_TABLES = ("documents", *FACT_TABLES)
# Columns the store keeps beside a `documents` row: what resolving versions and re-parsing need.
EXTRA_COLUMNS = {
    "manifest_issuer": "VARCHAR",  # raw/sources.csv's issuer the file was parsed under
    "source_format": "VARCHAR",  # 'pdf', 'text/utf-8', 'text/cp1252' (resolution prefers lossless, PDF)
    "case_key": "VARCHAR",  # a case presentation's case (two cases of one meeting are two documents)
    "retryable": "BOOLEAN",  # rejected by a timeout or a dead worker: parse again next run
    "partition_key": "VARCHAR",  # the Dagster partition (issuer and year) the file belongs to
    "mtime": "DOUBLE",  # the file's modification time when last planned (the newest version wins)
}
SCREEN_COLUMNS = ("document_id", "table_name", "check_name", "observed", "details")
LOCK_WAIT_S = 120.0


def store_path_for(warehouse: Path, limits, fast: bool) -> Path:
    """The store beside `warehouse`'s parse cache, for this code version and these parse options."""
    from pipeline.rawfiles import cache_dir_for

    return cache_dir_for(warehouse) / code_version() / f"{parse_variant(limits, fast)}.duckdb"


def ids_frame(values: Iterable[str | None], column: str = "id"):
    """Distinct non-null ids as a one-column frame, to register in DuckDB or write as Parquet."""
    import polars as pl

    return pl.DataFrame({column: sorted({v for v in values if v is not None})}, schema={column: pl.Utf8})


class DocumentStore:
    """Parsed file versions in one DuckDB file (created on first write)."""

    def __init__(self, path: Path):
        self.path = Path(path)

    # -- connections ---------------------------------------------------------------------

    @contextmanager
    def connect(self, *, write: bool = False):
        """A connection, waiting for another process's write lock to go; read-only ones need the file."""
        import duckdb

        if write:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + LOCK_WAIT_S
        while True:
            try:
                con = duckdb.connect(str(self.path), read_only=not write)
                break
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower() or time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        try:
            if write:
                _create_tables(con)
            yield con
        finally:
            con.close()

    def exists(self) -> bool:
        return self.path.exists()

    # -- writing -------------------------------------------------------------------------

    def put(self, results: Sequence, sources: Sequence | None = None, *, partition_of=None,
            screened: Sequence = ()) -> None:
        """Store `results` (replacing earlier rows of the same document ids), in one transaction.

        `sources` are the SourceFiles the results came from (their manifest issuer is kept);
        `partition_of(source)` names each one's Dagster partition; `screened` are the failed
        type-screen results (`quarantine.screen_types`) of these versions, kept so the run that
        publishes them can report them.
        """
        if not results:
            return
        import polars as pl

        from pipeline.schema import frame

        by_id = {s.document_id: s for s in (sources or ())}
        docs = frame("documents", [r.document for r in results])
        extras = []
        for r in results:
            src = by_id.get(r.document["document_id"])
            extras.append({
                "manifest_issuer": src.manifest_issuer if src else None,
                "source_format": r.source_format,
                "case_key": case_key(r),
                "retryable": bool(getattr(r, "retryable", False)),
                "partition_key": partition_of(src) if (src is not None and partition_of) else None,
                "mtime": float(src.mtime) if src is not None else None,
            })
        docs = pl.concat([docs, pl.DataFrame(extras, schema={"manifest_issuer": pl.Utf8, "source_format": pl.Utf8,
                                                             "case_key": pl.Utf8, "retryable": pl.Boolean,
                                                             "partition_key": pl.Utf8, "mtime": pl.Float64})],
                         how="horizontal")
        facts = {t: frame(t, [row for r in results if stores(r, t) for row in r.tables.get(t, ())])
                 for t in FACT_TABLES}
        ids = ids_frame(docs["document_id"])
        screen = pl.DataFrame([{"document_id": r.document_id, "table_name": r.table_name, "check_name": r.check_name,
                                "observed": r.observed, "details": r.details} for r in screened],
                              schema={c: pl.Utf8 for c in SCREEN_COLUMNS})
        with self.connect(write=True) as con:
            con.execute("BEGIN")
            try:
                con.register("_ids", ids.to_arrow())
                for table in (*STORED_TABLES, "screen_results"):
                    con.execute(f"DELETE FROM {table} WHERE document_id IN (SELECT id FROM _ids)")
                if screen.height:
                    con.register("_screen", screen.to_arrow())
                    con.execute("INSERT INTO screen_results BY NAME SELECT * FROM _screen")
                con.register("_rows", docs.to_arrow())
                con.execute("INSERT INTO documents BY NAME SELECT * FROM _rows")
                for table, rows in facts.items():
                    if rows.height:
                        con.register("_rows", rows.to_arrow())
                        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _rows")
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise

    def remove(self, ids: Iterable[str]) -> None:
        """Forget these file versions (gone from raw/)."""
        ids = ids_frame(ids)
        if not ids.height or not self.exists():
            return
        with self.connect(write=True) as con:
            con.register("_ids", ids.to_arrow())
            con.execute("BEGIN")
            for table in (*STORED_TABLES, "screen_results"):
                con.execute(f"DELETE FROM {table} WHERE document_id IN (SELECT id FROM _ids)")
            con.execute("COMMIT")

    def quarantine(self, reasons: dict[str, str]) -> None:
        """Record a check's quarantine of these versions, so later runs keep it without re-checking."""
        if not reasons:
            return
        import polars as pl

        from pipeline.quarantine import MAX_REASON

        frame = pl.DataFrame({"id": list(reasons), "reason": [r[:MAX_REASON] for r in reasons.values()]},
                             schema={"id": pl.Utf8, "reason": pl.Utf8})
        with self.connect(write=True) as con:
            con.register("_q", frame.to_arrow())
            con.execute("UPDATE documents SET status = 'quarantined', is_current = false, error = _q.reason "
                        "FROM _q WHERE documents.document_id = _q.id")

    # -- reading -------------------------------------------------------------------------

    def redated(self, scan):
        """The versions of `scan` (id, mtime) whose file's modification time differs from the stored one."""
        return self.query("SELECT s.id, s.mtime FROM documents d JOIN _scan s ON s.id = d.document_id "
                          "WHERE d.mtime IS DISTINCT FROM s.mtime", _scan=scan)

    def remember_mtimes(self, moved) -> None:
        """Record new modification times (`moved`: id, mtime, as `redated` gives them)."""
        if moved.height:
            with self.connect(write=True) as con:
                con.register("_moved", moved.to_arrow())
                con.execute("UPDATE documents SET mtime = _moved.mtime FROM _moved WHERE documents.document_id = _moved.id")

    def versions(self) -> dict[str, tuple[str | None, bool]]:
        """document_id -> (manifest issuer, retryable) of every stored version."""
        if not self.exists():
            return {}
        with self.connect() as con:
            rows = con.execute("SELECT document_id, manifest_issuer, coalesce(retryable, false) FROM documents").fetchall()
        return {doc: (issuer, retry) for doc, issuer, retry in rows}

    def screen_results(self, ids: Iterable[str]) -> list:
        """The failed type-screen results stored for these versions, as CheckResults."""
        from pipeline.quarantine import TYPE_CHECK
        from pipeline.validation.results import CheckResult

        if not self.exists():
            return []
        got = self.query("SELECT * FROM screen_results JOIN _ids ON id = document_id ORDER BY document_id, table_name",
                         _ids=ids_frame(ids))
        return [CheckResult(r["table_name"], TYPE_CHECK, False, "error", r["observed"], r["details"], r["document_id"])
                for r in got.iter_rows(named=True)]

    def query(self, sql: str, **frames):
        """A Polars frame from `sql`, with Polars/Arrow `frames` registered under their names."""
        import polars as pl

        if not self.exists():
            raise FileNotFoundError(self.path)
        with self.connect() as con:
            for name, f in frames.items():
                con.register(name, f.to_arrow() if isinstance(f, pl.DataFrame) else f)
            return con.sql(sql).pl()


def stores(result, table: str) -> bool:
    """A loaded version keeps every table; a quarantined one only its parse issues (they explain it)."""
    from pipeline.quarantine import KEPT_TABLES, STATUS

    status = result.document["status"]
    return status == "loaded" or (status == STATUS and table in KEPT_TABLES)


def case_key(result) -> str | None:
    """The case a version is about (first agenda item's case number or title), for `identity_keys`."""
    for item in result.tables.get("agenda_items", ()):
        case = item.get("case_no") or item.get("title")
        if case:
            return " ".join(str(case).split()).lower()
    return None


def _create_tables(con) -> None:
    from pipeline.schema import frame

    have = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    if "screen_results" not in have:
        con.execute(f"CREATE TABLE screen_results ({', '.join(c + ' VARCHAR' for c in SCREEN_COLUMNS)})")
    for table in STORED_TABLES:
        if table in have:
            continue
        con.register("_empty", frame(table).to_arrow())
        con.execute(f"CREATE TABLE {table} AS SELECT * FROM _empty")
        con.unregister("_empty")
        if table == "documents":
            for column, kind in EXTRA_COLUMNS.items():
                con.execute(f"ALTER TABLE documents ADD COLUMN {column} {kind}")
