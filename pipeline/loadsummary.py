"""What a load produced, in a form cheap to read back: the manifest beside the warehouse.

The manifest lets an unchanged nightly run stop after hashing raw/ (no Dagster, Polars or
DuckDB import), and gives the CLI its summary: documents loaded, rejected and superseded,
and rows per table.
"""

from __future__ import annotations

from pipeline.codeversion import code_version


def fingerprint_of(files) -> dict[str, str]:
    """source_file -> sha256 of an existing scan (no second pass over the bytes)."""
    return {f.source_file: f.sha256 for f in files}


def manifest_of_warehouse(con, **extra) -> dict:
    """The manifest of the warehouse open on `con` (its files, statuses and row counts), read by SQL."""
    from pipeline.schema import TABLES

    rows = {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in TABLES}
    by_status = dict(con.execute("SELECT status, count(*) FROM documents GROUP BY status").fetchall())
    rejected = [dict(zip(("source_file", "status", "error"), r)) for r in con.execute(
        "SELECT source_file, status, error FROM documents WHERE status != 'loaded' ORDER BY source_file").fetchall()]
    return {
        "code_version": code_version(),
        "files": dict(con.execute("SELECT source_file, sha256 FROM documents ORDER BY source_file").fetchall()),
        "rows": rows,
        "documents": by_status,
        "not_loaded": rejected,
        **extra,
    }


def is_unchanged(manifest: dict | None, fingerprint: dict[str, str], build: str | None = None) -> bool:
    """The published warehouse was built from these files, by this code with these options (`build`).

    An 'unsettled' warehouse is not: a check quarantined a version that had superseded another,
    and the next run makes the other one current.
    """
    return (bool(manifest) and not manifest.get("unsettled") and manifest.get("code_version") == code_version()
            and manifest.get("files") == fingerprint
            and build is not None and manifest.get("build") == build)


def format_summary(manifest: dict, *, unchanged: bool = False) -> str:
    docs = manifest.get("documents", {})
    lines = [
        ("warehouse unchanged: raw/ and code are as at the last load" if unchanged else "load finished"),
        f"documents: {docs.get('loaded', 0)} loaded, {docs.get('rejected', 0)} rejected, "
        f"{docs.get('superseded', 0)} superseded, {docs.get('quarantined', 0)} quarantined",
    ]
    for d in manifest.get("not_loaded", []):
        lines.append(f"  {d['status']:<11} {d['source_file']}: {_one_line(d['error'])}")
    change = manifest.get("change")
    if change and not unchanged:
        how = "built from empty" if change.get("from_empty") else "changed the published warehouse"
        lines.append(f"this run: {how}; {change.get('new_versions', 0)} new file versions, "
                     f"{change.get('changed', 0)} documents changed, {change.get('removed', 0)} removed")
    lines.append("rows per table:")
    for table, n in sorted(manifest.get("rows", {}).items()):
        lines.append(f"  {table:<22} {n:>7}")
    checks = manifest.get("checks")
    if checks:
        lines.append(f"checks: {checks['run']} run, {checks['failed']} failed")
        for f in checks.get("failures", []):
            where = f" ({f['source_file']})" if f.get("source_file") else ""
            lines.append(f"  FAILED [{f['severity']}] {f['table_name']}.{f['check_name']}{where}: "
                         f"{_one_line(f['observed'])}")
    return "\n".join(lines)


def _one_line(text) -> str:
    """A reason on one line: a newline or control character in it must not break the listing."""
    return " ".join(str(text).split()) if text is not None else ""


def check_summary(validation, documents) -> dict:
    """Checks run and failed (distinct table + check) and each failure, with the document it names."""
    import polars as pl

    names = dict(zip(documents["document_id"].to_list(), documents["source_file"].to_list())) if documents.height else {}
    failed = validation.filter(~pl.col("success"))
    failures = [
        {"table_name": r["table_name"], "check_name": r["check_name"], "severity": r["severity"],
         "observed": r["observed"], "document_id": r.get("document_id"),
         "source_file": names.get(r.get("document_id")) if r.get("document_id") else None}
        for r in failed.iter_rows(named=True)
    ]
    return {
        "run": validation.select("table_name", "check_name").unique().height,
        "failed": failed.select("table_name", "check_name").unique().height,
        "failures": failures,
    }
