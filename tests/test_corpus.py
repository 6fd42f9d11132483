"""The hand-written corpus (`tests/corpus/`): documents in the shapes of many publishers, with
expected rows written by hand from each document (see tests/corpus/README.md).

Each document is read as the pipeline reads a file in `raw/<issuer folder>/`, and its rows are
matched to the expected ones the way the team scores real documents: key columns equal, value
columns equal unless the expected value is '*'. The floors are the issues' acceptance figures;
every miss is printed, so a failing run says which row of which document went wrong.
"""

from __future__ import annotations

import csv
import unicodedata
from functools import cache
from pathlib import Path

import pytest

from pipeline.process import SourceFile, process_file

CORPUS = Path(__file__).resolve().parent / "corpus"
DOCS = CORPUS / "docs"

KEYS = {  # table: (key columns, value columns)
    "documents": ([], ["doc_type", "meeting_date", "municipality_code", "issuer"]),
    "agenda_items": (["item_no"], ["title", "case_no"]),
    "attendance": (["person_name"], ["party", "status", "substitute_for", "excused"]),
}
FLOORS = {"documents": 0.95, "agenda_items": 0.90, "attendance": 0.95}


def norm(value) -> str:
    if value is None:
        return ""
    text = " ".join(unicodedata.normalize("NFC", str(value)).strip().lower().replace("–", "-").split())
    return text[:10] if len(text) >= 10 and text[4] == "-" and text[7] == "-" else text


@cache
def parsed(rel: str):
    return process_file(SourceFile(str(DOCS / rel), rel, "0" * 64, 0, 0.0, rel.replace("/", "_")))


def expected(table: str) -> list[dict]:
    path = CORPUS / "expected" / f"{table}.csv"
    if not path.exists():
        pytest.skip(f"no expected {table} rows in the corpus")
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def score(table: str) -> tuple[float, float, list[str]]:
    keys, values = KEYS[table]
    gold = expected(table)
    values = [v for v in values if v in gold[0]]
    hits = predicted = 0
    misses = []
    for rel in sorted({g["file"] for g in gold}):
        result = parsed(rel)
        rows = [result.document] if table == "documents" else result.tables.get(table, [])
        predicted += len(rows)
        used: set[int] = set()
        for g in (g for g in gold if g["file"] == rel):
            for i, row in enumerate(rows):
                if i in used:
                    continue
                if all(norm(row.get(k)) == norm(g[k]) for k in keys) and all(
                    g[v] == "*" or norm(row.get(v)) == norm(g[v]) for v in values
                ):
                    used.add(i)
                    hits += 1
                    break
            else:
                got = [{c: row.get(c) for c in keys + values} for row in rows if all(norm(row.get(k)) == norm(g[k]) for k in keys)]
                misses.append(f"{rel}: expected {dict((c, g[c]) for c in keys + values)}, got {got[:1]}")
    return hits / max(predicted, 1), hits / len(gold), misses


def test_every_corpus_document_is_expected_somewhere():
    files = {p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*") if p.is_file()}
    listed = {g["file"] for g in expected("documents")}
    assert files == listed


@pytest.mark.parametrize("table", list(KEYS))
def test_corpus_rows_match_the_hand_written_expectations(table):
    precision, recall, misses = score(table)
    print(f"{table}: precision {precision:.3f}, recall {recall:.3f}")
    for miss in misses:
        print("  miss:", miss)
    assert recall >= FLOORS[table] and precision >= FLOORS[table], "\n".join(misses[:15])
