"""raw/ as files: the scan, each file version's identity, the size limits, the caches by file version.

Light on purpose (no parser, Polars or DuckDB import): an unchanged nightly run needs only
this module, `codeversion`, `loadsummary` and `warehouse` to decide there is nothing to do.
`pipeline.corpus` re-exports these names.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
from stat import S_ISDIR, S_ISREG
import time
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pipeline.codeversion import code_version, parse_variant
from pipeline.warehouse import is_abandoned

log = logging.getLogger(__name__)
PARSE_TIMEOUT_S = 300.0  # one file on a worker process; the seeds take well under a second each


@dataclass(frozen=True)
class SourceFile:
    """A file in raw/ as seen by one scan."""

    path: str
    source_file: str  # name relative to raw/
    sha256: str
    size_bytes: int
    mtime: float
    document_id: str
    manifest_issuer: str | None = None  # from raw/sources.csv, which wins over text and folder


@dataclass(frozen=True)
class Limits:
    """Bounds that keep one bad file from stalling a nightly run.

    Text is capped lower than PDFs: parsing is linear in lines, and 20 MB of plain text is
    thousands of pages, far beyond any real minutes (the seeds are under 100 kB).
    """

    max_bytes: int = 200 * 1024 * 1024
    max_pages: int = 2000
    max_text_bytes: int = 20 * 1024 * 1024


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def document_id_for(source_file: str, sha256: str) -> str:
    """Stable id of one version of one file: same name and bytes, same id."""
    return hashlib.sha256(f"{source_file}\0{sha256}".encode("utf-8", "surrogateescape")).hexdigest()[:16]


def scan(raw_dir: Path, cache: Path | None = None) -> list[SourceFile]:
    """Every regular file below raw_dir, sorted by name.

    Hidden files and folders (leading '.') are skipped: editors and sync tools keep their
    temporary files there. Symlinks and special files (FIFOs, sockets) are skipped: a link can
    point anywhere on the machine and a FIFO would block the read. A file that cannot be read
    is still listed (it is rejected with the reason, so nothing goes unreported); a file that
    vanishes during the scan is simply not there.

    With `cache` (a scan cache file, `scan_cache_for(warehouse)`) a file whose size and mtime
    are those of the last scan keeps the sha256 recorded then and is not read again: an
    unchanged folder of 100 000 files costs a walk and a stat per file, no hashing.
    """
    return source_files(raw_dir, scan_entries(raw_dir, cache))


Entry = tuple[str, str, int, float, str]  # path, name relative to raw/ ('/'), size, mtime, sha256


def scan_entries(raw_dir: Path, cache: Path | None = None) -> list[Entry]:
    """The files of `scan` as plain tuples (what the unchanged check needs, ~3 us a file)."""
    known = ScanCache.load(cache) if cache else {}
    seen: dict[str, list] = {}
    now = time.time_ns()
    found: list[tuple] = []
    _walk(os.fspath(raw_dir), "", found)  # os.scandir and strings: pathlib costs ~15 us a file
    out: list[Entry] = []
    for path, rel, st in found:
        if rel == MANIFEST:
            continue
        size, mtime_ns = st.st_size, st.st_mtime_ns
        entry = known.get(rel)
        if entry is not None and entry[0] == size and entry[1] == mtime_ns:
            sha = entry[2]
        else:
            try:
                sha = sha256_of(Path(path))
            except FileNotFoundError:
                continue
            except OSError:
                sha = ""  # unreadable (permissions): process_file rejects it with the reason
        # A file modified within the last seconds may change again within the same mtime tick:
        # its hash is not kept, so the next scan reads it again (git's 'racy' files).
        if sha and now - mtime_ns > RACY_NS:
            seen[rel] = [size, mtime_ns, sha]
        out.append((path, rel, size, st.st_mtime, sha))
    if cache and seen != known:
        ScanCache.save(cache, seen)
    return out


def entries_fingerprint(entries: list[Entry]) -> dict[str, str]:
    """source_file -> sha256 of scanned entries (as `loadsummary.fingerprint_of(scan(...))`)."""
    return {display_name(e[1]): e[4] for e in entries}


def source_files(raw_dir: Path, entries: list[Entry]) -> list[SourceFile]:
    manifest = read_manifest(Path(raw_dir))
    files = []
    for path, rel, size, mtime, sha in entries:
        source_file = display_name(rel)
        files.append(SourceFile(path, source_file, sha, size, mtime, document_id_for(source_file, sha),
                                manifest.get(source_file)))
    return sorted(files, key=lambda f: f.source_file)


def _walk(folder: str, prefix: str, out: list) -> None:
    """Append (path, path relative to raw/ with '/', lstat) of every regular, non-hidden file below `folder`."""
    try:
        it = os.scandir(folder)
    except OSError:
        return
    subdirs = []
    with it:
        for entry in it:
            name = entry.name
            if name.startswith("."):
                continue
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if S_ISREG(st.st_mode):
                out.append((entry.path, prefix + name, st))
            elif S_ISDIR(st.st_mode):
                subdirs.append((entry.path, f"{prefix}{name}/"))
    for path, sub in subdirs:
        _walk(path, sub, out)


RACY_NS = 2_000_000_000  # files younger than this are hashed again on the next scan


def scan_cache_for(warehouse: Path) -> Path:
    """The scan cache of a warehouse: raw/ path -> (size, mtime_ns, sha256) of the last scan."""
    warehouse = Path(warehouse)
    return warehouse.with_name(f"{warehouse.name}.scan.json")


class ScanCache:
    """Path -> [size, mtime_ns, sha256] as one JSON file, replaced atomically (a lost write costs a re-hash)."""

    @staticmethod
    def load(path: Path) -> dict[str, list]:
        import json

        try:
            data = json.loads(Path(path).read_text())
        except (OSError, ValueError):
            return {}
        return data.get("files", {}) if isinstance(data, dict) and data.get("version") == 1 else {}

    @staticmethod
    def save(path: Path, files: dict[str, list]) -> None:
        import json

        path = Path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f"{path.name}.tmp{os.getpid()}")
            tmp.write_text(json.dumps({"version": 1, "files": files}, separators=(",", ":")))
            os.replace(tmp, path)
        except OSError as exc:  # a read-only place: scanning still works, only slower
            log.warning("could not write the scan cache %s: %s", path, exc)


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
    if name.isprintable() and name.isascii():
        return name
    name = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    if all(ch.isprintable() for ch in name):
        return name
    return "".join(
        ch if ch == " " or not unicodedata.category(ch).startswith("C") else ch.encode("unicode_escape").decode("ascii")
        for ch in name
    )


def cache_dir_for(warehouse: Path) -> Path:
    """Where parsed results are kept: beside the warehouse they feed."""
    return Path(warehouse).parent / ".parsed"


class ParseCache:
    """Parsed results by code version and parse options, one pickle per document version.

    The load no longer writes it: parsed results stream into the document store
    (`pipeline.store`). It stays for `parse_files` callers that want results back across
    processes, and its `prune` clears what older code versions left (their stores included).

    Layout: root / code_version / variant / document_id.pkl, where `variant` names the PDF mode
    and the size limits (`codeversion.parse_variant`): a file parsed with other options is
    another result, never the cached one.
    """

    def __init__(self, root: Path):
        self.root = Path(root)

    def _path(self, src: SourceFile, variant: str | None = None) -> Path:
        # A manifest issuer shapes the result too: the same bytes under another issuer are another entry.
        hint = f"-{hashlib.sha1(src.manifest_issuer.encode()).hexdigest()[:8]}" if src.manifest_issuer else ""
        variant = variant or parse_variant(Limits(), True)  # default: the load's default options
        return self.root / code_version() / variant / f"{src.document_id}{hint}.pkl"

    def get(self, src: SourceFile, variant: str | None = None) -> DocumentResult | None:
        try:
            with self._path(src, variant).open("rb") as fh:
                return pickle.load(fh)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
            return None

    def put(self, src: SourceFile, result: DocumentResult, variant: str | None = None) -> None:
        path = self._path(src, variant)
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
            for entry in current.rglob("*.pkl"):
                if entry.stem.split("-")[0] not in keep:
                    entry.unlink(missing_ok=True)

    def remove_abandoned(self) -> list[Path]:
        """Half-written cache entries of processes that died (a killed load)."""
        current = self.root / code_version()
        gone = []
        for tmp in _temp_entries(current):  # os.scandir: a cache of 100 000 entries is listed in ~0.1 s
            if is_abandoned(tmp, tmp.suffix.removeprefix(".tmp")):
                tmp.unlink(missing_ok=True)
                gone.append(tmp)
        return gone


def _temp_entries(folder: Path):
    """Files named '*.tmp<pid>' in `folder` and below."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            yield from _temp_entries(Path(entry.path))
        elif ".tmp" in entry.name:
            yield Path(entry.path)
