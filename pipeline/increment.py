"""One run's change to the warehouse: which document versions are new, changed or gone, and their rows.

The published warehouse is the base. A run parses only the file versions the document store
lacks (`sync_store`), decides again which version of a document is current wherever that can
have moved (`corpus.resolve_current` over a light projection of the store), and compares that
with the base's `documents` rows (`plan`). Only documents whose row differs are touched: their fact rows are deleted from the
base and, when current, inserted again from the store; `meetings` and `people` are derived again
only for the meetings and persons those documents touch (`derive`). Without a usable base (the
first run, a changed build, `--force`) every document differs, and the same code builds the
whole warehouse.

What later steps need is written as Parquet in the run's folder (`ChangeSet.run_dir`): only
paths and counts travel between Dagster steps, never the corpus.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pipeline.schema import FACT_TABLES, TABLES
from pipeline.store import EXTRA_COLUMNS, DocumentStore, ids_frame

STATE = ("status", "is_current", "superseded_by", "error")  # what resolution and quarantine decide per run
KEEP_RUNS = 200  # validation history kept in the warehouse, newest runs first


def runs_dir_for(warehouse: Path) -> Path:
    return Path(warehouse).parent / ".runs"


@dataclass(frozen=True)
class ChangeSet:
    """What a run changes, as counts here and as id lists in Parquet under `run_dir`."""

    run_dir: str
    base: str | None  # the published warehouse the change applies to; None: build from empty
    documents: int  # file versions in raw/
    new_versions: int  # versions the base never held (parsed by this run, or by a partition run before it)
    changed: int  # versions whose `documents` row is new or differs from the base
    removed: int  # versions in the base no longer in raw/

    def path(self, name: str) -> Path:
        return Path(self.run_dir) / f"{name}.parquet"

    def read(self, name: str):
        import polars as pl

        return pl.read_parquet(self.path(name))


# -- staging: parse what the store lacks ------------------------------------------------------


STORE_BATCH = 200  # parsed versions written to the store at a time (memory stays flat on a cold build)


def sync_store(files: list, store: DocumentStore, cache, *, limits, fast: bool, workers: int | None,
               timeout_s: float | None, progress=None, while_waiting=None, partition_of=None,
               forget_missing: bool = True) -> tuple[list[dict], list]:
    """Parse the versions the store lacks into it; forget versions gone from `files` (`forget_missing`).

    A version is lacking when it is not stored, stored under another manifest issuer, or stored
    as a rejection worth retrying (a timeout, a dead worker; retried by the next load, not again
    by this one). Results go to the store in batches as they arrive. Returns (source_file, status
    and error of each version parsed now; the type-screen failures among them). `cache` is the
    old per-file parse cache: only its leftovers of other code versions are pruned.
    """
    import polars  # noqa: F401  (imported here, not first in the parse pool's feeder thread that writes batches
    import pyarrow  # noqa: F401   while this thread may be importing Dagster: no two threads import one module)

    from pipeline.corpus import parse_files
    from pipeline.quarantine import screen_types

    stored = store.versions()
    todo = [f for f in files if stored.get(f.document_id, (None, True)) != (f.manifest_issuer, False)]
    batch: list = []
    sources: list = []
    parsed: list[dict] = []
    unfit: list = []

    def flush() -> None:
        found = screen_types(batch)
        store.put(batch, sources, partition_of=partition_of, screened=found)
        unfit.extend(found)
        batch.clear()
        sources.clear()

    def sink(src, res) -> None:
        doc = res.document
        parsed.append({"source_file": doc["source_file"], "status": doc["status"], "error": doc["error"]})
        batch.append(res)
        sources.append(src)
        if len(batch) >= STORE_BATCH:
            flush()

    parse_files(todo, None, limits=limits, workers=workers, fast=fast, progress=progress,
                while_waiting=while_waiting, timeout_s=timeout_s, sink=sink, memo=str(store.path))
    if batch:
        flush()
    if forget_missing:
        present = {f.document_id for f in files}
        store.remove(d for d in stored if d not in present)
    if cache is not None:
        cache.prune(keep=())  # other code versions' pickles and stores; this version keeps only its store
    return parsed, unfit


# -- planning: what differs from the base -----------------------------------------------------


def plan(files: list, store: DocumentStore, base: Path | None, run_dir: Path) -> ChangeSet:
    """Resolve current versions and compare them with `base`; write the run's id lists to `run_dir`.

    Only the versions whose state can have moved are resolved again (`_touched`): new ones,
    those a removed or quarantined version had superseded, those whose stored verdict or file
    date differs from what the base was built from, and every version sharing content or meeting
    with any of these. The others keep the base's state. Without a base, all are resolved.
    """
    import polars as pl

    from pipeline.corpus import resolve_current
    from pipeline.process import DocumentResult

    run_dir = Path(run_dir)
    if run_dir.exists():
        shutil.rmtree(run_dir)
    run_dir.mkdir(parents=True)
    published = _base_documents(base)
    scan = pl.DataFrame({"id": [f.document_id for f in files], "mtime": [float(f.mtime) for f in files]},
                        schema={"id": pl.Utf8, "mtime": pl.Float64}).unique("id")
    redated = store.redated(scan) if store.exists() else scan.clear()
    group = _touched(store, scan, published, redated, base is not None) if store.exists() else ids_frame(())
    light = store.query(
        "SELECT document_id, source_file, sha256, status, error, doc_type, body, meeting_date, meeting_id, "
        "is_current, superseded_by, source_format, case_key FROM documents JOIN _group ON id = document_id",
        _group=group) if group.height else None
    versions = []
    for row in (light.iter_rows(named=True) if light is not None else ()):
        fmt, case = row.pop("source_format"), row.pop("case_key")
        versions.append(DocumentResult(row, {"agenda_items": [{"case_no": case}]} if case else {}, fmt))
    in_group = set(group["id"])
    resolve_current(versions, [f for f in files if f.document_id in in_group])
    schema = {"document_id": pl.Utf8, "status": pl.Utf8, "is_current": pl.Boolean, "superseded_by": pl.Utf8,
              "error": pl.Utf8, "meeting_id": pl.Utf8}
    resolved = pl.DataFrame([{k: v.document[k] for k in schema} for v in versions], schema=schema)
    kept = published.filter(pl.col("document_id").is_in(scan["id"].implode())
                            & ~pl.col("document_id").is_in(group["id"].implode()))
    target = pl.concat([resolved, kept])
    both = target.join(published, on="document_id", how="full", suffix="_base", coalesce=True)
    differs = pl.any_horizontal(~pl.col(c).eq_missing(pl.col(f"{c}_base")) for c in STATE)
    changed = both.filter(differs)
    removed = changed.filter(pl.col("status").is_null())["document_id"]
    meetings = ids_frame([*changed["meeting_id"], *changed["meeting_id_base"]], "meeting_id")
    inserted = changed.filter(pl.col("is_current").fill_null(False))["document_id"]
    persons = set(_base_persons(base, changed["document_id"]))
    if inserted.len() and store.exists():
        persons |= set(store.query("SELECT DISTINCT person_id FROM attendance JOIN _in ON id = document_id",
                                   _in=ids_frame(inserted))["person_id"])
    if store.exists():
        store.remember_mtimes(redated)
    target.write_parquet(run_dir / "target.parquet")
    ids_frame(changed["document_id"]).write_parquet(run_dir / "changed.parquet")
    ids_frame(removed).write_parquet(run_dir / "removed.parquet")
    meetings.write_parquet(run_dir / "meetings.parquet")
    ids_frame(persons, "person_id").write_parquet(run_dir / "people.parquet")
    new = changed.filter(pl.col("status_base").is_null() & pl.col("status").is_not_null()).height
    return ChangeSet(str(run_dir), str(base) if base else None, len(files), new, changed.height, removed.len())


# When a version has a meeting key (`corpus.identity_keys`): a meeting document with body and date,
# and for a case presentation its case too.
MEETING_KEY = ("f.doc_type IN ({types}) AND coalesce(f.body, '') != '' AND f.meeting_date IS NOT NULL AND "
               "(f.doc_type != 'sagsfremstilling' OR f.case_key IS NOT NULL)")
MAX_HOPS = 50  # hops through shared content or meeting before planning gives up and resolves everything


def _touched(store: DocumentStore, scan, published, redated, has_base: bool):
    """The versions in `scan` to resolve again (all of them without a base), as an `id` frame.

    Seeds, then every loaded version linked to a seed through identical bytes or the same
    meeting document (`corpus.identity_keys`), hop by hop until the group stops growing.
    """
    from pipeline.corpus import MEETING_DOC_TYPES

    if not has_base:
        return scan.select("id")
    types = ", ".join(f"'{t}'" for t in sorted(MEETING_DOC_TYPES))
    keyed = MEETING_KEY.format(types=types)
    with store.connect() as con:
        con.register("_scan", scan.to_arrow())
        con.register("_base", published.to_arrow())
        con.register("_redated", redated.to_arrow())
        seeds = {r[0] for r in con.execute("""
            SELECT id FROM _scan WHERE id NOT IN (SELECT document_id FROM _base)
            UNION SELECT b.document_id FROM _base b JOIN _scan s ON s.id = b.document_id
                WHERE b.superseded_by NOT IN (SELECT id FROM _scan)
                   OR b.superseded_by IN (SELECT document_id FROM _base WHERE status = 'quarantined')
            UNION SELECT d.document_id FROM documents d JOIN _base b USING (document_id)
                WHERE CASE d.status WHEN 'loaded' THEN b.status NOT IN ('loaded', 'superseded')
                                    ELSE b.status != d.status END
            UNION SELECT id FROM _redated""").fetchall()}
        group, frontier = set(seeds), set(seeds)
        for _ in range(MAX_HOPS):
            if not frontier:
                break
            con.register("_frontier", ids_frame(frontier).to_arrow())
            linked = {r[0] for r in con.execute(f"""
                WITH f AS (SELECT d.* FROM documents d JOIN _frontier ON id = d.document_id WHERE d.status = 'loaded'),
                     candidates AS (SELECT d.* FROM documents d JOIN _scan s ON s.id = d.document_id
                                    WHERE d.status = 'loaded')
                SELECT c.document_id FROM candidates c JOIN f ON c.sha256 = f.sha256
                UNION
                SELECT c.document_id FROM candidates c JOIN f
                    ON c.body = f.body AND c.doc_type = f.doc_type AND c.meeting_date = f.meeting_date
                   AND coalesce(c.case_key, '') = coalesce(f.case_key, '')
                WHERE {keyed}""").fetchall()}
            frontier = linked - group
            group |= frontier
        if frontier:  # a chain this long is no real corpus: resolve everything rather than half a group
            return scan.select("id")
    return ids_frame(group)


def _base_documents(base: Path | None):
    import polars as pl

    schema = {"document_id": pl.Utf8, "status": pl.Utf8, "is_current": pl.Boolean, "superseded_by": pl.Utf8,
              "error": pl.Utf8, "meeting_id": pl.Utf8}
    if base is None:
        return pl.DataFrame(schema=schema)
    return _read_base(base, f"SELECT {', '.join(schema)} FROM documents").cast(schema)


def _base_persons(base: Path | None, ids) -> list[str]:
    if base is None or not len(ids):
        return []
    got = _read_base(base, "SELECT DISTINCT person_id FROM attendance JOIN _ids ON id = document_id", _ids=ids_frame(ids))
    return got["person_id"].to_list()


def _read_base(base: Path, sql: str, **frames):
    import duckdb

    con = duckdb.connect(str(base), read_only=True)
    try:
        for name, f in frames.items():
            con.register(name, f.to_arrow())
        return con.sql(sql).pl()
    finally:
        con.close()


# -- the rows to write --------------------------------------------------------------------------


def derive(store: DocumentStore, cs: ChangeSet, quarantined: Mapping[str, str] | None = None) -> dict:
    """The run's rows per table: `documents` of every changed version (and of the other versions of
    the meetings they touch), facts of the changed current versions, `meetings` and `people` of the
    meetings and persons touched. `quarantined` (document_id -> reason) overrides those versions."""
    import polars as pl

    from pipeline.people import people_query
    from pipeline.quarantine import KEPT_TABLES, MAX_REASON
    from pipeline.quarantine import STATUS as QUARANTINED
    from pipeline.schema import frame
    from pipeline.tables import meetings_frame

    target = cs.read("target")
    if quarantined:
        q = pl.DataFrame({"document_id": list(quarantined), "_reason": list(quarantined.values())},
                         schema={"document_id": pl.Utf8, "_reason": pl.Utf8})
        hit = pl.col("_reason").is_not_null()
        target = target.join(q, on="document_id", how="left").with_columns(  # as `quarantine.mark` marks a row
            status=pl.when(hit).then(pl.lit(QUARANTINED)).otherwise("status"),
            is_current=pl.when(hit).then(False).otherwise("is_current"),
            error=pl.coalesce(pl.col("_reason").str.slice(0, MAX_REASON), pl.col("error")),
        ).drop("_reason")
    changed = cs.read("changed")["id"]
    meetings = cs.read("meetings")["meeting_id"]
    persons = cs.read("people")
    scope = target.filter(pl.col("document_id").is_in(changed.implode())
                          | pl.col("meeting_id").is_in(meetings.implode()))
    inserted = scope.filter(pl.col("document_id").is_in(changed.implode()) & pl.col("is_current"))
    explained = scope.filter(pl.col("document_id").is_in(changed.implode()) & (pl.col("status") == QUARANTINED))
    current = target.filter(pl.col("is_current")).select(pl.col("document_id").alias("id"))
    out: dict[str, pl.DataFrame] = {}
    if not store.exists():
        return {t: frame(t) for t in ("documents", "meetings", "people", *FACT_TABLES)}
    hidden = ", ".join([*EXTRA_COLUMNS, *STATE])
    with store.connect() as con:
        con.register("_scope", scope.to_arrow())
        con.register("_in", ids_frame(inserted["document_id"]).to_arrow())
        con.register("_explained", ids_frame([*inserted["document_id"], *explained["document_id"]]).to_arrow())
        con.register("_current", current.to_arrow())
        con.register("_persons", persons.to_arrow())
        docs = con.sql(f"SELECT d.* EXCLUDE ({hidden}), s.status, s.is_current, s.superseded_by, s.error "
                       "FROM documents d JOIN _scope s USING (document_id)").pl()
        out["documents"] = _typed("documents", docs).sort("source_file")
        for table in FACT_TABLES:
            ids = "_explained" if table in KEPT_TABLES else "_in"
            out[table] = _typed(table, con.sql(f"SELECT * FROM {table} WHERE document_id IN (SELECT id FROM {ids})").pl())
        listed = con.sql("SELECT DISTINCT document_id FROM attendance WHERE document_id IN "
                         "(SELECT document_id FROM _scope)").pl()
        people = con.sql(people_query("(SELECT a.* FROM attendance a JOIN _current c ON c.id = a.document_id "
                                      "WHERE a.person_id IN (SELECT person_id FROM _persons)) AS touched")).pl()
    touched = out["documents"].filter(pl.col("meeting_id").is_in(meetings.implode()))
    out["meetings"] = meetings_frame(touched, listed)
    out["people"] = _typed("people", people)
    return out


def _typed(table: str, df):
    import polars as pl

    return df.select([pl.col(c).cast(t) for c, t in TABLES[table].items()])


def write_deltas(cs: ChangeSet, deltas: Mapping, prefix: str = "rows-") -> dict[str, str]:
    """Each table's rows as Parquet in the run folder; table -> path."""
    paths = {}
    for table, df in deltas.items():
        path = Path(cs.run_dir) / f"{prefix}{table}.parquet"
        df.write_parquet(path)
        paths[table] = str(path)
    return paths


# -- applying: the base plus the run's rows -----------------------------------------------------


def apply(con, cs: ChangeSet, rows: Mapping[str, str | object]) -> None:
    """Write the run's rows over the base in `con` (a copy of the base, or an empty warehouse).

    Fact rows of every changed or removed version go; the changed current versions' come back.
    `documents`, `meetings` and `people` rows are replaced by key. `rows` maps a table to a
    Parquet path or a Polars frame.
    """
    con.execute("CREATE TEMP TABLE _gone AS SELECT id FROM read_parquet(?)", [str(cs.path("changed"))])
    con.execute("CREATE TEMP TABLE _meetings AS SELECT meeting_id FROM read_parquet(?)", [str(cs.path("meetings"))])
    con.execute("CREATE TEMP TABLE _persons AS SELECT person_id FROM read_parquet(?)", [str(cs.path("people"))])
    for table in FACT_TABLES:
        con.execute(f"DELETE FROM {table} WHERE document_id IN (SELECT id FROM _gone)")
    _replace(con, "documents", rows.get("documents"), "DELETE FROM documents WHERE document_id IN "
             "(SELECT id FROM _gone UNION ALL SELECT document_id FROM _new)")
    con.execute("DELETE FROM meetings WHERE meeting_id IN (SELECT meeting_id FROM _meetings)")
    con.execute("DELETE FROM people WHERE person_id IN (SELECT person_id FROM _persons)")
    for table in (*FACT_TABLES, "meetings", "people"):
        _replace(con, table, rows.get(table), None)
    for name in ("_gone", "_meetings", "_persons"):
        con.execute(f"DROP TABLE {name}")


def _replace(con, table: str, source, delete_sql: str | None) -> None:
    if source is None:
        return
    if isinstance(source, (str, Path)):
        con.execute(f"CREATE OR REPLACE TEMP VIEW _new AS SELECT * FROM read_parquet('{_quoted(source)}')")
    else:
        con.register("_new_frame", source.to_arrow())
        con.execute("CREATE OR REPLACE TEMP VIEW _new AS SELECT * FROM _new_frame")
    if delete_sql:
        con.execute(delete_sql)
    con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _new")
    con.execute("DROP VIEW _new")


def _quoted(path) -> str:
    return str(path).replace("'", "''")


def append_validation(con, results, keep_runs: int = KEEP_RUNS) -> None:
    """This run's check results after earlier runs' (the newest `keep_runs` runs are kept)."""
    if results is not None and results.height:
        con.register("_results", results.to_arrow())
        con.execute("INSERT INTO validation_results BY NAME SELECT * FROM _results")
        con.unregister("_results")
    con.execute(
        "DELETE FROM validation_results WHERE run_id NOT IN (SELECT run_id FROM validation_results "
        "GROUP BY run_id ORDER BY max(checked_at) DESC LIMIT ?)", [keep_runs])


def carry_history(con, published: Path) -> None:
    """A warehouse built from empty keeps the quality history of the one it replaces (when readable)."""
    import duckdb

    if not Path(published).exists():
        return
    try:
        con.execute(f"ATTACH '{_quoted(published)}' AS _previous (READ_ONLY)")
    except duckdb.Error:
        return  # not a DuckDB file we can read: nothing to carry
    try:
        con.execute("INSERT INTO validation_results BY NAME SELECT * FROM _previous.validation_results")
    except duckdb.Error:
        pass  # an older layout: history starts again
    finally:
        con.execute("DETACH _previous")

