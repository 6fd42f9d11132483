"""The corpus in raw/: scan it, parse what is new, pick current versions.

Parsing is the expensive part, so each file version is parsed once and its rows kept in the
document store beside the warehouse (`pipeline.store`, filled by `increment.sync_store`). New
files are parsed on a process pool so both cores work. When the same meeting arrives twice (a PDF
and its text export, or corrected minutes under a new name) one version is current and
the others are kept as 'superseded' with the reason, so facts are never counted twice.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import re
from collections.abc import Callable, Iterable

from pipeline import enums
from pipeline.codeversion import parse_variant
from pipeline.process import DocumentResult, process_file, rejected
from pipeline.rawfiles import (MANIFEST, PARSE_TIMEOUT_S, Limits, ParseCache, ScanCache, SourceFile,  # noqa: F401
                               cache_dir_for, display_name, read_manifest, scan, scan_cache_for)
from pipeline.store import case_key

Progress = Callable[[int, int, str], None]
log = logging.getLogger(__name__)


def source_partition(src: SourceFile) -> str:
    """The Dagster partition a file belongs to: its publisher and year ('norddjurs-kommune-2025').

    Known before parsing, so the sensor can register it: the publisher is raw/sources.csv's
    issuer, else the file's top folder, else 'ungrouped'; the year is a year in the file's name
    ('referat_2024-04-19.pdf'), else that of its modification time. About a hundred publishers
    over some twenty years stay within the few thousand partitions Dagster carries well.
    """
    from datetime import datetime, timezone

    from pipeline.identity import slug

    top = src.source_file.split("/", 1)[0] if "/" in src.source_file else None
    publisher = slug(src.manifest_issuer or top or "") or "ungrouped"
    found = _YEAR_IN_NAME.search(src.source_file.rsplit("/", 1)[-1])
    year = found.group(1) if found else str(datetime.fromtimestamp(src.mtime, timezone.utc).year)
    return f"{publisher[:60]}-{year}"


_YEAR_IN_NAME = re.compile(r"(?<!\d)((?:19[89]|20[0-9])\d)(?!\d)")


def worth_reporting(done: int, total: int) -> bool:
    """Progress every 5 % of a long parse (20 documents or more), and at the end."""
    return total >= 20 and (done % max(1, total // 20) == 0 or done == total)


Task = tuple[SourceFile, Limits, bool]
Work = Callable[[Task], DocumentResult]
_UNCACHED: dict[tuple[str, str, str], DocumentResult] = {}  # rejections not cached (timeouts, deaths), this process only


def _work(args: Task) -> DocumentResult:
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
    timeout_s: float | None = None,
    work: Work | None = None,
    sink: Callable[[SourceFile, DocumentResult], None] | None = None,
    memo: str | None = None,
) -> list[DocumentResult]:
    """Results for `files` in order: cached ones read back, the rest parsed (in parallel).

    `while_waiting` runs once the workers have their files, so the caller can do its own work
    (import Dagster) while they parse.

    Files are parsed on worker processes when there are several workers, or whenever
    `timeout_s` is given (a process can be stopped, this one cannot). A file that kills its
    worker (a crash in a C library, the OOM killer) is tried once more and rejected if it dies
    again; a file still parsing after `timeout_s` seconds has its worker killed and is rejected.
    Neither rejection is cached, so the next run tries again (within this process the verdict is
    remembered under `memo`, by default the cache's folder, so the load's second look at the
    corpus does not wait again).

    `work` replaces the per-file parse (a module-level function, as it crosses to the workers);
    tests use it to stand in a slow or crashing parser.

    With `sink`, each newly parsed result goes to `sink(source, result)` as it arrives and is not
    kept (a cold build of a large corpus must not hold every result in memory); the return value
    then holds only the cached ones.
    """
    files = list(files)
    work = work or _work
    variant = parse_variant(limits, fast)
    memo = memo or (str(cache.root) if cache else None)
    results: dict[str, DocumentResult] = {}
    todo = []
    for src in files:
        hit = cache.get(src, variant) if cache else None
        if hit is None and memo:
            hit = _UNCACHED.get(_memo_key(memo, src, variant))
        if hit is not None:
            results[src.document_id] = hit
        else:
            todo.append(src)
    done = len(results)

    def store(src: SourceFile, res: DocumentResult, cacheable: bool = True) -> None:
        nonlocal done
        done += 1
        if sink is None:
            results[src.document_id] = res
        if not cacheable:
            res.retryable = True
        if cache and cacheable:
            cache.put(src, res, variant)
        elif not cacheable and memo:
            _UNCACHED[_memo_key(memo, src, variant)] = res
        if progress:
            progress(done, len(files), src.source_file)
        if sink is not None:
            sink(src, res)

    workers = max(1, min(workers or os.cpu_count() or 1, len(todo)))
    if todo and (timeout_s is not None or (workers > 1 and len(todo) > 1)):
        todo = _parse_in_pool(todo, limits, fast, workers, store, while_waiting, timeout_s, work)
    elif while_waiting is not None:
        while_waiting()
    for src in todo:
        store(src, work((src, limits, fast)))
    return [results[s.document_id] for s in files if s.document_id in results]


def _memo_key(memo: str, src: SourceFile, variant: str) -> tuple[str, str, str]:
    return (memo, f"{src.document_id}-{src.manifest_issuer or ''}", variant)


def _serve(conn, work: Work) -> None:
    """A worker process: parse each task the parent sends until it sends None or goes away."""
    try:
        os.nice(10)  # at nice 10, so the load's own process (importing Dagster meanwhile) is not starved
    except OSError:
        pass
    import pipeline.parsers  # noqa: F401  (imported before 'ready': the timeout is for parsing, not for imports)

    conn.send("ready")
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        try:
            result = work(task)
        except Exception as exc:  # process_file never raises; a stand-in might
            result = rejected(task[0], f"the parser failed: {type(exc).__name__}: {exc}")
        conn.send(result)


class _Worker:
    """One worker process and the file it is on (`task`), since when (`since`)."""

    def __init__(self, ctx, work: Work):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(child, work), daemon=True)
        self.proc.start()
        child.close()
        self.ready = False
        self.task: SourceFile | None = None
        self.since = 0.0

    def stop(self, kill: bool = False) -> None:
        try:
            if kill:
                self.proc.kill()
            elif self.proc.is_alive():
                self.conn.send(None)
        except OSError:
            pass
        self.proc.join(timeout=5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join(timeout=5)
        self.conn.close()


def _parse_in_pool(todo: list[SourceFile], limits: Limits, fast: bool, workers: int, store,
                   while_waiting: Callable[[], None] | None, timeout_s: float | None,
                   work: Work) -> list[SourceFile]:
    """Parse `todo` on worker processes; returns what is left for this process (all, if no worker could start).

    The workers are fed from a thread, so they keep parsing while `while_waiting` runs here.
    """
    import threading
    import time
    from collections import deque
    from multiprocessing.connection import wait

    ctx = _context()
    queue = deque(todo)
    attempts: dict[str, int] = {}
    pool: list[_Worker] = []
    outcome: dict[str, object] = {"left": [], "error": None}

    def start() -> _Worker | None:
        try:
            return _Worker(ctx, work)
        except Exception as exc:  # no processes here (a sandbox, a script without a __main__ guard)
            log.warning("could not start a parser process: %s", exc)
            return None

    def finish(w: _Worker, res: DocumentResult, cacheable: bool = True) -> None:
        src, w.task = w.task, None
        store(src, res, cacheable)

    def feed() -> None:
        while (queue or any(w.task for w in pool)) and not outcome.get("stop"):
            for w in pool:
                if w.ready and w.task is None and queue:
                    w.task, w.since = queue.popleft(), time.monotonic()
                    try:
                        w.conn.send((w.task, limits, fast))
                    except OSError:
                        pass  # it died: its sentinel says so below
            if not pool:
                return
            now = time.monotonic()
            busy = [w for w in pool if w.task is not None]
            wait_s = 1.0 if timeout_s is None or not busy else max(
                0.0, min(1.0, min(w.since + timeout_s - now for w in busy)))
            wait([w.conn for w in pool] + [w.proc.sentinel for w in pool], timeout=wait_s)
            for w in list(pool):
                died = False
                try:
                    while w.conn.poll():
                        message = w.conn.recv()
                        if message == "ready":
                            w.ready = True
                        elif w.task is not None:
                            finish(w, message)
                except (EOFError, OSError):
                    died = True
                if died or not w.proc.is_alive():
                    pool.remove(w)
                    w.stop(kill=True)
                    if w.task is not None:
                        src = w.task
                        attempts[src.document_id] = attempts.get(src.document_id, 0) + 1
                        if attempts[src.document_id] < 2:
                            queue.appendleft(src)  # once more, on a fresh process
                        else:
                            finish(w, rejected(src, "the parser process died while reading this file (a crash "
                                                    "in a PDF or text library, or out of memory); the next run "
                                                    "tries again"), cacheable=False)
                    if w.ready and (queue or any(x.task for x in pool)):
                        replacement = start()
                        if replacement is not None:
                            pool.append(replacement)
                    elif not w.ready:
                        log.warning("a parser process died before it could start")
                elif timeout_s is not None and w.task is not None and time.monotonic() - w.since > timeout_s:
                    pool.remove(w)
                    w.stop(kill=True)
                    finish(w, rejected(w.task, f"parsing took longer than {timeout_s:g} s and was stopped "
                                               "(a file this slow to read is likely malformed); the next run "
                                               "tries again"), cacheable=False)
                    if queue:
                        replacement = start()
                        if replacement is not None:
                            pool.append(replacement)
        outcome["left"] = list(queue)

    def run() -> None:
        try:
            feed()
            outcome["left"] = list(queue)
        except BaseException as exc:  # re-raised in the caller's thread
            outcome["error"] = exc

    for _ in range(workers):
        w = start()
        if w is None:
            break
        pool.append(w)
    feeder = threading.Thread(target=run, name="parse-feeder", daemon=True)
    feeder.start()
    try:
        if while_waiting is not None:
            while_waiting()
    except BaseException:  # e.g. Ctrl-C during the imports: stop parsing rather than finish the corpus first
        outcome["stop"] = True
        raise
    finally:
        feeder.join()
        for w in pool:
            w.stop(kill=bool(outcome.get("stop")))
    if outcome["error"] is not None:
        raise outcome["error"]
    left = outcome["left"]
    if left:
        log.warning("parser processes could not start; parsing %d files in this process", len(left))
    return left


def _context():
    """Worker processes spawned fresh, not forked from this process.

    This process may be mid-flight: Dagster's and Polars' threads can hold locks at the moment
    of a fork, and a forked child then hangs on its first Polars call (the reference tables).
    A spawned process starts clean. Not the fork server either: there is one per process, it
    keeps the environment of the moment it started (a later load's settings would not reach
    Dagster's step processes forked from it), and it would ignore the modules Dagster's
    multiprocess executor asks it to preload.
    """
    return multiprocessing.get_context("spawn")


MEETING_DOC_TYPES = set(enums.MEETING_DOC_TYPES)


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
            case = case_key(res)
            meeting = meeting + (case,) if case else None
        if meeting:
            keys.append(meeting)
    return keys


def _is_pdf(res: DocumentResult) -> bool:
    return res.source_format == "pdf" if res.source_format else res.document["source_file"].lower().endswith(".pdf")


def _why(loser: DocumentResult, winner: DocumentResult, mtime: dict[str, float]) -> str:
    a, b = loser.document, winner.document
    if a["sha256"] == b["sha256"]:
        same = "identical content"
    else:
        same = f"the same {b['doc_type']} of {b['body']} on {b['meeting_date']}"
        if b["doc_type"] == "sagsfremstilling":
            same += f" (case {case_key(winner)})"
    if loser.lossy and not winner.lossy:
        chosen = f"kept the version without lossy {loser.source_format.split('/')[-1]} encoding"
    elif mtime.get(b["document_id"], 0.0) > mtime.get(a["document_id"], 0.0):
        chosen = "kept the newer file"
    elif _is_pdf(winner) and not _is_pdf(loser):
        chosen = "kept the PDF over its text export"
    else:
        chosen = "kept one by name order"
    return f"{same}; {chosen}"
