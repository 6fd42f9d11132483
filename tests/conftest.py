"""Shared fixtures: the seed corpus in raw/, its documents, and its PDF renderings."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
sys.path.insert(0, str(Path(__file__).resolve().parent))  # tests/pdfgen.py, tests/brokenfiles.py

SEEDS = {
    "nord_2024_referat": "000_8d54ce4d43275776.txt",
    "nord_2026_dagsorden": "001_2d4981eb64247659.txt",
    "hoved_2026_referat": "002_18d36715c11bc962.txt",
    "norddjurs_sag": "003_5df23366ba455b5e.txt",
    "notat": "004_152554ed5c6a8923.txt",
}


@pytest.fixture(autouse=True, scope="session")
def _isolated_environment():
    """Tests never touch the project's .dagster_home or warehouse/: every run is ephemeral."""
    saved = {k: os.environ.pop(k) for k in list(os.environ) if k == "DAGSTER_HOME" or k.startswith("KL_")}
    yield
    os.environ.update(saved)


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    return RAW


@pytest.fixture(scope="session")
def seed_paths() -> dict[str, Path]:
    return {key: RAW / name for key, name in SEEDS.items()}


@pytest.fixture(scope="session")
def seed_docs(seed_paths):
    from pipeline.documents import read_document

    return {key: read_document(path) for key, path in seed_paths.items()}


@pytest.fixture(scope="session")
def pdf_dir(tmp_path_factory) -> Path:
    """The five seeds rendered as PDFs with ruled tables, headers and footers (tests/pdfgen.py)."""
    from pdfgen import render_corpus

    out = tmp_path_factory.mktemp("pdf_corpus")
    render_corpus(out)
    return out


@pytest.fixture(scope="session")
def pdf_docs(pdf_dir):
    from pipeline.documents import read_document

    docs = {}
    for key, name in SEEDS.items():
        pdf = pdf_dir / (Path(name).stem + ".pdf")
        docs[key] = read_document(pdf)
    return docs


@pytest.fixture(scope="session")
def seed_load(tmp_path_factory):
    """The seed corpus loaded once through the real Dagster job: (warehouse path, manifest)."""
    from assets.run import run_load

    out = tmp_path_factory.mktemp("seed_warehouse") / "meetings.duckdb"
    manifest, unchanged = run_load(RAW, out, force=True, workers=1)
    assert not unchanged
    return out, manifest


@pytest.fixture(scope="session")
def seed_warehouse(seed_load) -> Path:
    return seed_load[0]


def run_cli(*args: str) -> tuple[int, str, str]:
    """`python -m assets <args>` in this process: (exit code, stdout, stderr)."""
    import contextlib
    import io

    from assets.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def query(warehouse: Path, sql: str, *params):
    """Rows of a read-only query against a published warehouse."""
    import duckdb

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def doc_of(*rows, head=(), body: str | None = None):
    """A Document from hand-written rows, for parser tests.

    `head` lines open page 1; then a str is a text line, a tuple a PDF table row (its cells),
    and '<pagebreak>' starts a new page.
    """
    from pipeline.models import Document, Line

    lines, page = [Line(t, 1, k + 1) for k, t in enumerate(head)], 1
    for row in rows:
        if row == "<pagebreak>":
            page += 1
            continue
        if isinstance(row, tuple):
            lines.append(Line("\t".join(row), page, len(lines) + 1, row))
        else:
            lines.append(Line(row, page, len(lines) + 1))
    return Document("t", "t.txt", tuple(lines), page, body=body)


def without(rows, *keys: str) -> list[dict]:
    """Rows minus the columns that legitimately differ (document_id, page) between two renderings."""
    return [{k: v for k, v in r.items() if k not in keys} for r in rows]


def seed_rows(warehouse: Path, table: str) -> list[tuple]:
    """`table`'s rows from the seed documents (by file name), without document_id, sorted.

    Comparable between a seed-only load and a load of the seeds beside other documents: the
    seeds must come out exactly the same whatever else is in raw/.
    """
    cols = [r[0] for r in query(warehouse, f"SELECT column_name FROM (DESCRIBE {table})") if r[0] != "document_id"]
    names = tuple(SEEDS.values())
    sql = (f"SELECT {', '.join('t.' + c for c in cols)} FROM {table} t JOIN documents d USING (document_id) "
           f"WHERE d.source_file IN ({', '.join('?' * len(names))})")
    return sorted(query(warehouse, sql, *names), key=repr)
