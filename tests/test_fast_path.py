"""The fast PDF path (pdfium text, pdfplumber only for table grids) gives the warehouse the same rows.

The load reads PDFs the fast way; pdfplumber alone is the reference it must agree with. Here
each seed PDF goes through the whole per-file pipeline (`process_file`: extract, clean up,
classify, every parser) both ways, and every table's rows must be equal; the only field left
out is the documents row's `loaded_at`, the wall-clock time of processing.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from functools import partial

import pytest

from pipeline.corpus import scan
from pipeline.extract import pdf as pdf_module
from pipeline.process import DocumentResult, process_file

TIMING_FIELDS = {"loaded_at"}
SEED_KEYS = ["000", "001", "002", "003", "004"]
# What each seed PDF must yield, so equal rows cannot mean 'both paths found nothing'.
TABLE_SEEDS = {"001": "kkr_seats", "002": "refugee_quotas", "003": "budget_lines"}


@pytest.fixture(scope="session")
def seed_pdfs(pdf_dir):
    files = {src.source_file[:3]: src for src in scan(pdf_dir)}
    assert sorted(files) == SEED_KEYS
    return files


@pytest.fixture(scope="session")
def fast_results(seed_pdfs) -> dict[str, DocumentResult]:
    return {key: process_file(src, fast=True) for key, src in seed_pdfs.items()}


@pytest.fixture(scope="session")
def plumber_results(seed_pdfs) -> dict[str, DocumentResult]:
    """pdfplumber reads ~15 pages/s: the 59 pages go to two processes, largest documents first.

    The workers come from a fork server (as the load's do): a child forked from this process
    could inherit a lock held by one of Polars' or Dagster's threads and hang.
    """
    keys = sorted(seed_pdfs, key=lambda k: seed_pdfs[k].size_bytes, reverse=True)
    with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("forkserver")) as pool:
        return dict(zip(keys, pool.map(partial(process_file, fast=False), [seed_pdfs[k] for k in keys])))


def _document(result: DocumentResult) -> dict:
    return {k: v for k, v in result.document.items() if k not in TIMING_FIELDS}


@pytest.mark.parametrize("key", SEED_KEYS)
def test_fast_path_gives_the_same_rows_as_pdfplumber(fast_results, plumber_results, key):
    fast, slow = fast_results[key], plumber_results[key]
    assert fast.loaded and slow.loaded, (fast.document["error"], slow.document["error"])
    assert fast.source_format == slow.source_format == "pdf"
    assert _document(fast) == _document(slow)
    assert sorted(fast.tables) == sorted(slow.tables)
    for table in sorted(fast.tables):
        a, b = fast.tables[table], slow.tables[table]
        first_diff = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), None)
        assert a == b, f"{table}: {len(a)} vs {len(b)} rows; first difference at row {first_diff}"


def test_the_comparison_has_rows_to_compare(fast_results):
    """Equality of empty tables would prove nothing: the seeds yield facts and table facts."""
    for key, table in TABLE_SEEDS.items():
        assert fast_results[key].tables.get(table), f"{key} has no {table} rows"
    assert sum(len(rows) for r in fast_results.values() for t, rows in r.tables.items() if t != "parse_issues") > 200
    pages = {key: r.document["page_count"] for key, r in fast_results.items()}
    assert all(n >= 2 for n in pages.values()) and sum(pages.values()) > 50


def test_fast_path_really_skips_pdfplumber_text(seed_pdfs, monkeypatch):
    """The fast path must not quietly fall back to pdfplumber's text layout, or the comparison
    above would compare pdfplumber with itself."""
    calls = []
    real = pdf_module.plumber_page_lines
    monkeypatch.setattr(pdf_module, "plumber_page_lines", lambda page: calls.append(page) or real(page))
    result = process_file(seed_pdfs["002"], fast=True)
    assert result.tables.get("refugee_quotas") and calls == []
    slow = process_file(seed_pdfs["004"], fast=False)
    assert len(calls) == slow.document["page_count"] >= 2  # the slow path reads every page with pdfplumber
