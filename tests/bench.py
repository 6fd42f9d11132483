"""`make bench`: how fast and how lean a nightly load is, on a generated PDF corpus.

A report, not a test: timing asserts would be flaky on shared machines, so this script prints
figures and PASS/FAIL against the targets of issue 7 and exits 0 whenever it could measure.

For a corpus of a few hundred pages (1x: the seeds rendered by `tests/pdfgen.py`, copied) and
four times that (4x) it measures, in the same run:

- bare pdfplumber: every PDF opened and `extract_text()` on every page, in this one process
  (imports done before the clock starts: the baseline is as cheap as it can be);
- cold load: `python -m pipeline load --raw ... --warehouse ... --force` on a fresh warehouse
  folder (no parse cache), wall time of the subprocess from start to exit;
- unchanged re-run: the same command without --force, after each cold load.

Loads are repeated (`--runs`, default 3, each cold load on a fresh folder) and the median is
reported with the spread: one load is short enough for a neighbour's burst to move it by a
second. Ratios are median load wall time over bare pdfplumber wall time of the same files
(targets: cold at most 0.33, re-run at most 0.10). CPU seconds are printed too.

Memory is the load's peak RSS (the highest of its runs), three ways: the process tree summed
(the load, its fork server and parser workers; psutil sampling every 20 ms; pages shared
between processes count once per process, so this overstates), the largest single process
(`wait4` ru_maxrss) and the largest parser worker (sampled). 'Flat' means the 4x peak is at
most a quarter above the 1x peak.

The loads see a Dagster home of their own (a copy of the project's `dagster.yaml`, as `make run`
has), so the project's run history is left alone; `--no-dagster-home` leaves DAGSTER_HOME unset.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
import pdfgen  # noqa: E402  (tests/pdfgen.py: the seeds as PDFs)

COLD_TARGET = 0.33
RERUN_TARGET = 0.10
FLAT_TARGET = 1.25
SAMPLE_S = 0.02
MB = 1024 * 1024


@dataclass
class Bare:
    pages: int
    files: int
    wall: float
    cpu: float


@dataclass
class Load:
    wall: float
    cpu: float  # user + system of the load and its descendants
    tree_rss: int  # bytes: sampled peak of the process tree, summed
    max_rss: int  # bytes: the largest single process
    worker_rss: int  # bytes: sampled peak of the largest process the load started
    ok: bool
    output: str


@dataclass
class Size:
    """One corpus size: its bare pdfplumber pass and every cold load and re-run."""

    bare: Bare
    colds: list[Load]
    reruns: list[Load]

    @property
    def cold(self) -> float:
        return statistics.median(load.wall for load in self.colds)

    @property
    def rerun(self) -> float:
        return statistics.median(load.wall for load in self.reruns)

    def peak(self, field: str) -> int:
        return max(getattr(load, field) for load in self.colds)

    @property
    def ok(self) -> bool:
        return all(load.ok for load in self.colds + self.reruns)


def bare_pdfplumber(paths: list[Path]) -> Bare:
    """The baseline: plain pdfplumber text extraction, page by page, one process."""
    pages = 0
    wall0, cpu0 = time.perf_counter(), time.process_time()
    for path in paths:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.close()
                pages += 1
    return Bare(pages, len(paths), time.perf_counter() - wall0, time.process_time() - cpu0)


def _sample(proc: psutil.Process, cpu_seen: dict[int, float]) -> tuple[int, int]:
    """RSS of the load's process tree summed, and of its largest descendant; notes each
    process's own CPU seconds in `cpu_seen` (a fork server's workers are not the load's
    children, so `wait4` alone would miss them)."""
    try:
        members = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0, 0
    rss = []
    for p in members:
        try:
            with p.oneshot():
                rss.append(p.memory_info().rss)
                t = p.cpu_times()
            cpu_seen[p.pid] = max(cpu_seen.get(p.pid, 0.0), t.user + t.system)
        except psutil.Error:
            pass  # a worker that just exited
    return sum(rss), max(rss[1:], default=0)


def run_load(raw: Path, warehouse: Path, env: dict, *, force: bool) -> Load:
    """One `python -m assets load` subprocess: wall and CPU time, peak memory, output."""
    cmd = [sys.executable, "-m", "assets", "load", "--raw", str(raw), "--warehouse", str(warehouse), "--quiet"]
    if force:
        cmd.append("--force")
    log = warehouse.parent / ("load-force.log" if force else "load-rerun.log")
    with log.open("wb") as out:
        started = time.perf_counter()
        popen = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        proc = psutil.Process(popen.pid)
        peak = worker_peak = 0
        cpu_seen: dict[int, float] = {}
        while True:
            pid, status, usage = os.wait4(popen.pid, os.WNOHANG)
            if pid:
                break
            tree, worker = _sample(proc, cpu_seen)
            peak, worker_peak = max(peak, tree), max(worker_peak, worker)
            time.sleep(SAMPLE_S)
        wall = time.perf_counter() - started
    popen.returncode = os.waitstatus_to_exitcode(status)
    max_rss = usage.ru_maxrss * 1024  # KiB on Linux; wait4 folds in the descendants the load reaped
    cpu = max(usage.ru_utime + usage.ru_stime, sum(cpu_seen.values()))
    output = log.read_text(errors="replace")
    ok = popen.returncode == 0 and (force or "warehouse unchanged" in output)
    return Load(wall, cpu, max(peak, max_rss), max_rss, worker_peak, ok, output)


def load_env(work: Path, dagster_home: bool) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KL_") and k != "DAGSTER_HOME"}
    if dagster_home:
        home = work / "dagster_home"
        home.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "dagster.yaml", home / "dagster.yaml")
        env["DAGSTER_HOME"] = str(home)
    return env


def measure(work: Path, name: str, copies: int, runs: int, dagster_home: bool) -> Size:
    raw = work / name / "raw"
    paths = pdfgen.render_corpus(raw, copies=copies)
    print(f"[{name}] {len(paths)} PDFs; bare pdfplumber ...", flush=True)
    size = Size(bare_pdfplumber(paths), [], [])
    print(f"[{name}] {size.bare.pages} pages in {size.bare.wall:.1f} s", flush=True)
    env = load_env(work / name, dagster_home)
    for run in range(1, runs + 1):
        warehouse = work / name / f"warehouse-{run}" / "meetings.duckdb"
        warehouse.parent.mkdir(parents=True)
        size.colds.append(run_load(raw, warehouse, env, force=True))
        size.reruns.append(run_load(raw, warehouse, env, force=False))
        print(f"[{name}] run {run}: cold load {size.colds[-1].wall:.1f} s, re-run {size.reruns[-1].wall:.2f} s",
              flush=True)
    return size


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def spread(loads: list[Load], digits: int) -> str:
    walls = [load.wall for load in loads]
    return f"{min(walls):.{digits}f}-{max(walls):.{digits}f}"


def report(results: dict[str, Size], dagster_home: bool, runs: int) -> list[str]:
    """Print the table and the verdicts; return what missed its target."""
    rows = [
        ("pages", lambda s: f"{s.bare.pages}"),
        ("files", lambda s: f"{s.bare.files}"),
        ("bare pdfplumber s", lambda s: f"{s.bare.wall:.1f}"),
        ("bare pdfplumber pages/s", lambda s: f"{s.bare.pages / s.bare.wall:.1f}"),
        ("bare pdfplumber cpu s", lambda s: f"{s.bare.cpu:.1f}"),
        (f"cold load s (median of {runs})", lambda s: f"{s.cold:.1f}"),
        ("  cold load min-max s", lambda s: spread(s.colds, 1)),
        ("cold load pages/s", lambda s: f"{s.bare.pages / s.cold:.1f}"),
        ("cold load cpu s (median)", lambda s: f"{statistics.median(c.cpu for c in s.colds):.1f}"),
        (f"ratio cold/bare (<= {COLD_TARGET})", lambda s: f"{s.cold / s.bare.wall:.3f}"),
        (f"re-run s (median of {runs})", lambda s: f"{s.rerun:.2f}"),
        ("  re-run min-max s", lambda s: spread(s.reruns, 2)),
        (f"ratio re-run/bare (<= {RERUN_TARGET})", lambda s: f"{s.rerun / s.bare.wall:.3f}"),
        ("peak RSS tree MB (cold)", lambda s: f"{s.peak('tree_rss') / MB:.0f}"),
        ("peak RSS largest proc MB", lambda s: f"{s.peak('max_rss') / MB:.0f}"),
        ("peak RSS one worker MB", lambda s: f"{s.peak('worker_rss') / MB:.0f}"),
        ("peak RSS re-run MB", lambda s: f"{max(r.tree_rss for r in s.reruns) / MB:.0f}"),
    ]
    names = list(results)
    width = max(len(label) for label, _ in rows) + 2
    print()
    print(f"make bench: whole load vs bare pdfplumber ({os.cpu_count()} cores; "
          f"{'own DAGSTER_HOME, project dagster.yaml' if dagster_home else 'DAGSTER_HOME unset'})")
    print(f"{'':{width}}" + "".join(f"{n:>12}" for n in names))
    for label, cell in rows:
        print(f"{label:{width}}" + "".join(f"{cell(results[n]):>12}" for n in names))

    missed: list[str] = []
    print()
    for n, s in results.items():
        for what, loads in (("cold load", s.colds), ("re-run", s.reruns)):
            for load in loads:
                if not load.ok:
                    missed.append(f"{n}: a {what} failed")
                    print(f"{n} {what} FAILED; its output ends:\n" + "\n".join(load.output.splitlines()[-25:]))
                    break
        cold, rerun = s.cold / s.bare.wall, s.rerun / s.bare.wall
        print(f"{verdict(s.ok and cold <= COLD_TARGET)}  {n} cold load {cold:.3f} x bare pdfplumber "
              f"(target <= {COLD_TARGET})")
        print(f"{verdict(s.ok and rerun <= RERUN_TARGET)}  {n} unchanged re-run {rerun:.3f} x bare pdfplumber "
              f"(target <= {RERUN_TARGET})")
        if cold > COLD_TARGET:
            missed.append(f"{n}: cold load ratio {cold:.3f} > {COLD_TARGET}")
        if rerun > RERUN_TARGET:
            missed.append(f"{n}: re-run ratio {rerun:.3f} > {RERUN_TARGET}")
    if len(names) >= 2:
        small, big = results[names[0]].peak("tree_rss"), results[names[-1]].peak("tree_rss")
        growth = big / small if small else float("inf")
        print(f"{verdict(growth <= FLAT_TARGET)}  peak RSS {names[-1]} / {names[0]} = {growth:.2f} "
              f"({small / MB:.0f} -> {big / MB:.0f} MB; flat: <= {FLAT_TARGET})")
        if growth > FLAT_TARGET:
            missed.append(f"peak RSS grew {growth:.2f}x from {names[0]} to {names[-1]}")
    return missed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=6, help="copies of the five seeds at 1x (6: 354 pages)")
    ap.add_argument("--scale", type=int, default=4, help="the larger corpus is this many times 1x")
    ap.add_argument("--runs", type=int, default=3, help="cold loads (each with a re-run) per size")
    ap.add_argument("--no-dagster-home", action="store_true", help="run the loads with DAGSTER_HOME unset")
    ap.add_argument("--keep", type=Path, default=None, help="work in this folder and keep it (default: a temp dir)")
    args = ap.parse_args(argv)

    work = args.keep or Path(tempfile.mkdtemp(prefix="kl-bench-"))
    if args.keep and work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    try:
        sizes = {"1x": args.copies, f"{args.scale}x": args.copies * args.scale}
        results = {name: measure(work, name, copies, args.runs, not args.no_dagster_home)
                   for name, copies in sizes.items()}
        missed = report(results, not args.no_dagster_home, args.runs)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    print()
    print("missed: " + "; ".join(missed) if missed else "all targets met")
    print(f"bench took {time.perf_counter() - started:.0f} s (folder: {work}{'' if args.keep else ', removed'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
