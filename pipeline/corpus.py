"""The corpus in raw/: scan it, parse what is new (cached by file version), pick current versions.

Parsing is the expensive part, so each file version is parsed once and its result kept in
a cache beside the warehouse; an unchanged file costs a hash and a read. New files are
parsed on a process pool so both cores work. When the same meeting arrives twice (a PDF
and its text export, or corrected minutes under a new name) one version is current and
the others are kept as 'superseded' with the reason, so facts are never counted twice.
"""

from __future__ import annotations

import os
import pickle
import re
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from pipeline.codeversion import code_version
from pipeline.documents import Limits, document_id_for, sha256_of
from pipeline.process import DocumentResult, SourceFile, process_file

Progress = Callable[[int, int, str], None]


def scan(raw_dir: Path) -> list[SourceFile]:
    """Every regular file below raw_dir (hidden files and symlinks skipped), sorted by name."""
    raw_dir = Path(raw_dir)
    files = []
    for path in sorted(raw_dir.rglob("*")):
        rel = path.relative_to(raw_dir)
        if any(part.startswith(".") for part in rel.parts) or path.is_symlink() or not path.is_file():
            continue
        st = path.stat()
        sha = sha256_of(path)
        name = rel.as_posix()
        files.append(SourceFile(str(path), name, sha, st.st_size, st.st_mtime, document_id_for(name, sha)))
    return files


def partition_key(source_file: str) -> str:
    """A Dagster-safe partition key for a file name (odd characters replaced, stays unique)."""
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", source_file)
    if safe != source_file:
        import hashlib

        safe = f"{safe[:80]}-{hashlib.sha1(source_file.encode()).hexdigest()[:8]}"
    return safe


class ParseCache:
    """Parsed results by document version and code version, one pickle per document."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def _path(self, src: SourceFile) -> Path:
        return self.root / code_version() / f"{src.document_id}.pkl"

    def get(self, src: SourceFile) -> DocumentResult | None:
        try:
            with self._path(src).open("rb") as fh:
                return pickle.load(fh)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
            return None

    def put(self, src: SourceFile, result: DocumentResult) -> None:
        path = self._path(src)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        with tmp.open("wb") as fh:
            pickle.dump(result, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)

    def prune(self) -> None:
        """Drop caches of older code versions."""
        if not self.root.is_dir():
            return
        import shutil

        for child in self.root.iterdir():
            if child.is_dir() and child.name != code_version():
                shutil.rmtree(child, ignore_errors=True)


def _work(args: tuple[SourceFile, Limits, bool]) -> DocumentResult:
    src, limits, fast = args
    return process_file(src, limits, fast=fast)


def parse_files(
    files: Iterable[SourceFile],
    cache: ParseCache | None,
    *,
    limits: Limits = Limits(),
    workers: int | None = None,
    fast: bool = True,
    progress: Progress | None = None,
) -> list[DocumentResult]:
    """Results for `files` in order: cached ones read back, the rest parsed (in parallel)."""
    files = list(files)
    results: dict[str, DocumentResult] = {}
    todo = []
    for src in files:
        hit = cache.get(src) if cache else None
        if hit is not None:
            results[src.document_id] = hit
        else:
            todo.append(src)
    workers = workers or min(len(todo), os.cpu_count() or 1)
    done = len(results)
    if todo and workers > 1 and len(todo) > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            jobs = pool.map(_work, [(s, limits, fast) for s in todo], chunksize=1)
            for src, res in zip(todo, jobs):
                done += 1
                _store(cache, src, res, results, progress, done, len(files))
    else:
        for src in todo:
            done += 1
            _store(cache, src, process_file(src, limits, fast=fast), results, progress, done, len(files))
    return [results[s.document_id] for s in files]


def _store(cache, src, res, results, progress, done, total):
    results[src.document_id] = res
    if cache:
        cache.put(src, res)
    if progress:
        progress(done, total, src.source_file)


def resolve_current(results: list[DocumentResult], files: list[SourceFile]) -> list[DocumentResult]:
    """Mark all but one version of each meeting document as superseded (in place).

    Same body, document type and meeting date is the same meeting document. The newest file
    wins (a corrected minutes re-published later); on equal times a PDF beats its text export.
    """
    mtime = {f.document_id: f.mtime for f in files}
    groups: dict[tuple, list[DocumentResult]] = {}
    for res in results:
        doc = res.document
        if res.loaded and doc["body"] and doc["meeting_date"] and doc["doc_type"] in {"referat", "dagsorden", "sagsfremstilling"}:
            groups.setdefault((doc["body"], doc["doc_type"], doc["meeting_date"]), []).append(res)
    for key, group in groups.items():
        if len(group) < 2:
            continue
        group.sort(
            key=lambda r: (
                mtime.get(r.document["document_id"], 0.0),
                r.document["source_file"].lower().endswith(".pdf"),
                r.document["source_file"],
            ),
            reverse=True,
        )
        winner = group[0].document
        for res in group[1:]:
            res.document.update(
                status="superseded",
                is_current=False,
                superseded_by=winner["document_id"],
                error=(
                    f"superseded by {winner['source_file']} (same body, document type and meeting date: "
                    f"{key[0]}, {key[1]}, {key[2]})"
                ),
            )
    return results
