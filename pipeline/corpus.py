"""The corpus in raw/: scan it, parse what is new (cached by file version), pick current versions.

Parsing is the expensive part, so each file version is parsed once and its result kept in
a cache beside the warehouse; an unchanged file costs a hash and a read. New files are
parsed on a process pool so both cores work. When the same meeting arrives twice (a PDF
and its text export, or corrected minutes under a new name) one version is current and
the others are kept as 'superseded' with the reason, so facts are never counted twice.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
import pickle
import re
import stat
import unicodedata
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from pipeline.codeversion import code_version
from pipeline.documents import Limits, document_id_for, sha256_of
from pipeline.process import DocumentResult, SourceFile, process_file, rejected
from pipeline.warehouse import is_abandoned

Progress = Callable[[int, int, str], None]
log = logging.getLogger(__name__)


def scan(raw_dir: Path) -> list[SourceFile]:
    """Every regular file below raw_dir, sorted by name.

    Hidden files and folders (leading '.') are skipped: editors and sync tools keep their
    temporary files there. Symlinks and special files (FIFOs, sockets) are skipped: a link can
    point anywhere on the machine and a FIFO would block the read. A file that cannot be read
    is still listed (it is rejected with the reason, so nothing goes unreported); a file that
    vanishes during the scan is simply not there.
    """
    raw_dir = Path(raw_dir)
    manifest = read_manifest(raw_dir)
    files = []
    for root, dirs, names in os.walk(raw_dir, followlinks=False):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if name.startswith("."):
                continue
            path = Path(root, name)
            if path == raw_dir / MANIFEST:
                continue
            try:
                st = path.lstat()
            except OSError:
                continue
            if not stat.S_ISREG(st.st_mode):
                continue
            try:
                sha = sha256_of(path)
            except FileNotFoundError:
                continue
            except OSError:
                sha = ""  # unreadable (permissions): process_file rejects it with the reason
            source_file = display_name(path.relative_to(raw_dir).as_posix())
            files.append(SourceFile(str(path), source_file, sha, st.st_size, st.st_mtime,
                                    document_id_for(source_file, sha), manifest.get(source_file)))
    return sorted(files, key=lambda f: f.source_file)


MANIFEST = "sources.csv"


def read_manifest(raw_dir: Path) -> dict[str, str]:
    """`raw/sources.csv` (columns file, issuer, url; file relative to raw/) as file -> issuer.

    Optional: a data team that knows where each file came from says so here, and that wins
    over what the text or the folder suggests. Rows without a file or an issuer are ignored;
    a manifest that cannot be read is treated as absent (the load must not stop for it).
    """
    import csv

    path = Path(raw_dir) / MANIFEST
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except (OSError, UnicodeDecodeError, csv.Error):
        return {}
    out = {}
    for row in rows:
        file, issuer = (row.get("file") or "").strip(), (row.get("issuer") or "").strip()
        if file and issuer:
            out[file.replace("\\", "/").lstrip("./")] = issuer
    return out


def display_name(name: str) -> str:
    """A file name as safe text for tables and terminals.

    Bytes that are not UTF-8 (surrogate escapes from the file system) and control or format
    characters (a newline, an ANSI escape, a right-to-left override) are written as escapes,
    so a name can neither break a row, nor drive a terminal, nor disguise its extension.
    """
    name = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    if all(ch.isprintable() for ch in name):
        return name
    return "".join(
        ch if ch == " " or not unicodedata.category(ch).startswith("C") else ch.encode("unicode_escape").decode("ascii")
        for ch in name
    )


def partition_key(source_file: str) -> str:
    """A Dagster-safe partition key for a file name (odd characters replaced, stays unique)."""
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", source_file)
    if safe != source_file:
        safe = f"{safe[:80]}-{hashlib.sha1(source_file.encode()).hexdigest()[:8]}"
    return safe


def worth_reporting(done: int, total: int) -> bool:
    """Progress every 5 % of a long parse (20 documents or more), and at the end."""
    return total >= 20 and (done % max(1, total // 20) == 0 or done == total)


def cache_dir_for(warehouse: Path) -> Path:
    """Where parsed results are kept: beside the warehouse they feed."""
    return Path(warehouse).parent / ".parsed"


class ParseCache:
    """Parsed results by document version and code version, one pickle per document."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def _path(self, src: SourceFile) -> Path:
        # A manifest issuer shapes the result too: the same bytes under another issuer are another entry.
        hint = f"-{hashlib.sha1(src.manifest_issuer.encode()).hexdigest()[:8]}" if src.manifest_issuer else ""
        return self.root / code_version() / f"{src.document_id}{hint}.pkl"

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

    def prune(self, keep: Iterable[str] | None = None) -> None:
        """Drop caches of older code versions and temporary files of crashed writers.

        With `keep` (the document ids now in raw/), also the entries of file versions that are
        gone: a file whose content changed leaves its old version's entry behind otherwise.
        """
        if not self.root.is_dir():
            return
        import shutil

        for child in self.root.iterdir():
            if child.is_dir() and child.name != code_version():
                shutil.rmtree(child, ignore_errors=True)
        self.remove_abandoned()
        current = self.root / code_version()
        if keep is not None and current.is_dir():
            keep = set(keep)
            for entry in current.glob("*.pkl"):
                if entry.stem.split("-")[0] not in keep:
                    entry.unlink(missing_ok=True)

    def remove_abandoned(self) -> list[Path]:
        """Half-written cache entries of processes that died (a killed load)."""
        current = self.root / code_version()
        gone = []
        for tmp in current.glob("*.tmp*") if current.is_dir() else ():
            if is_abandoned(tmp, tmp.suffix.removeprefix(".tmp")):
                tmp.unlink(missing_ok=True)
                gone.append(tmp)
        return gone


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
    while_waiting: Callable[[], None] | None = None,
) -> list[DocumentResult]:
    """Results for `files` in order: cached ones read back, the rest parsed (in parallel).

    `while_waiting` runs once the workers have their files, so the caller can do its own work
    (import Dagster) while they parse.

    On worker processes a file that kills its process (a crash in a C library, the OOM
    killer) costs only that file: it is retried alone and rejected if it dies again. That
    rejection is not cached, so the next run tries again.
    """
    files = list(files)
    results: dict[str, DocumentResult] = {}
    todo = []
    for src in files:
        hit = cache.get(src) if cache else None
        if hit is not None:
            results[src.document_id] = hit
        else:
            todo.append(src)
    done = len(results)

    def store(src: SourceFile, res: DocumentResult, cacheable: bool = True) -> None:
        nonlocal done
        done += 1
        results[src.document_id] = res
        if cache and cacheable:
            cache.put(src, res)
        if progress:
            progress(done, len(files), src.source_file)

    workers = workers or min(len(todo), os.cpu_count() or 1)
    if todo and workers > 1 and len(todo) > 1:
        todo = _parse_in_pool(todo, limits, fast, workers, store, while_waiting)
    elif while_waiting is not None:
        while_waiting()
    for src in todo:
        store(src, process_file(src, limits, fast=fast))
    return [results[s.document_id] for s in files]


def _parse_in_pool(todo: list[SourceFile], limits: Limits, fast: bool, workers: int, store,
                   while_waiting: Callable[[], None] | None = None) -> list[SourceFile]:
    """Parse `todo` on worker processes; returns what is left for this process (all, if no worker could start)."""
    crashed = []
    with _pool(workers) as pool:
        try:
            started = pool.submit(os.getpid)
            jobs = [pool.submit(_work, (s, limits, fast)) for s in todo]
        except BrokenProcessPool:
            started = None
        if while_waiting is not None:
            while_waiting()
        try:
            if started is None:
                raise BrokenProcessPool("the pool broke while starting")
            started.result()
        except BrokenProcessPool:  # workers cannot start here (e.g. a script without a __main__ guard)
            log.warning("parser processes could not start; parsing %d files in this process", len(todo))
            return todo
        for src, job in zip(todo, jobs):
            try:
                store(src, job.result())
            except BrokenProcessPool:  # a worker died: every pending job fails with it
                crashed.append(src)
    for src in crashed:  # alone, so the file that kills its process is found and only it is lost
        res, died = _parse_isolated(src, limits, fast)
        store(src, res, cacheable=not died)
    return []


def _pool(workers: int) -> ProcessPoolExecutor:
    """Worker processes started by a fork server, not forked from this process.

    This process may be mid-flight: Dagster's and Polars' threads can hold locks at the moment
    of a fork, and a forked child then hangs on its first Polars call (the reference tables).
    The fork server is a fresh single-threaded process, so its children start clean.
    """
    # at nice 10, so the load's own process (importing Dagster meanwhile) is not starved
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("forkserver"),
                               initializer=os.nice, initargs=(10,))


def _parse_isolated(src: SourceFile, limits: Limits, fast: bool) -> tuple[DocumentResult, bool]:
    """Parse one file in a process of its own: (result, whether that process died)."""
    try:
        with _pool(1) as pool:
            return pool.submit(_work, (src, limits, fast)).result(), False
    except BrokenProcessPool:
        return rejected(src, "the parser process died while reading this file (a crash in a PDF or text "
                             "library, or out of memory); the next run tries again"), True


MEETING_DOC_TYPES = {"referat", "dagsorden", "sagsfremstilling"}


def resolve_current(results: list[DocumentResult], files: list[SourceFile]) -> list[DocumentResult]:
    """Mark all but one version of each document as superseded (in place).

    Two loaded files are the same document when their bytes are identical, or when they are
    the same meeting document: same body, document type and meeting date (for a case
    presentation also the same case, as one meeting treats many). The current version is,
    in order: one read losslessly (a Windows-1252 export has lost what it cannot encode), the
    newest file (a corrected minutes re-published later), a PDF over its text export, and
    finally the name, so the choice is deterministic.
    """
    mtime = {f.document_id: f.mtime for f in files}
    loaded = [r for r in results if r.loaded]
    parent = list(range(len(loaded)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[tuple, int] = {}
    for i, res in enumerate(loaded):
        for key in identity_keys(res):
            parent[root(i)] = root(first.setdefault(key, i))

    groups: dict[int, list[DocumentResult]] = {}
    for i, res in enumerate(loaded):
        groups.setdefault(root(i), []).append(res)

    def preference(r: DocumentResult) -> tuple:
        doc = r.document
        return (not r.lossy, mtime.get(doc["document_id"], 0.0), _is_pdf(r), doc["source_file"])

    for group in groups.values():
        if len(group) < 2:
            continue
        group.sort(key=preference, reverse=True)
        winner = group[0]
        for res in group[1:]:
            res.document.update(
                status="superseded",
                is_current=False,
                superseded_by=winner.document["document_id"],
                error=f"superseded by {winner.document['source_file']}: {_why(res, winner, mtime)}",
            )
    return results


def identity_keys(res: DocumentResult) -> list[tuple]:
    """What makes two loaded files the same document: their bytes, or their meeting."""
    doc = res.document
    keys: list[tuple] = [("bytes", doc["sha256"])] if doc["sha256"] else []
    if doc["body"] and doc["meeting_date"] and doc["doc_type"] in MEETING_DOC_TYPES:
        meeting = ("meeting", doc["body"], doc["doc_type"], doc["meeting_date"])
        if doc["doc_type"] == "sagsfremstilling":
            case = _case_of(res)
            meeting = meeting + (case,) if case else None
        if meeting:
            keys.append(meeting)
    return keys


def _case_of(res: DocumentResult) -> str | None:
    for item in res.tables.get("agenda_items", ()):
        case = item.get("case_no") or item.get("title")
        if case:
            return " ".join(str(case).split()).lower()
    return None


def _is_pdf(res: DocumentResult) -> bool:
    return res.source_format == "pdf" if res.source_format else res.document["source_file"].lower().endswith(".pdf")


def _why(loser: DocumentResult, winner: DocumentResult, mtime: dict[str, float]) -> str:
    a, b = loser.document, winner.document
    if a["sha256"] == b["sha256"]:
        same = "identical content"
    else:
        same = f"the same {b['doc_type']} of {b['body']} on {b['meeting_date']}"
        if b["doc_type"] == "sagsfremstilling":
            same += f" (case {_case_of(winner)})"
    if loser.lossy and not winner.lossy:
        chosen = f"kept the version without lossy {loser.source_format.split('/')[-1]} encoding"
    elif mtime.get(b["document_id"], 0.0) > mtime.get(a["document_id"], 0.0):
        chosen = "kept the newer file"
    elif _is_pdf(winner) and not _is_pdf(loser):
        chosen = "kept the PDF over its text export"
    else:
        chosen = "kept one by name order"
    return f"{same}; {chosen}"
