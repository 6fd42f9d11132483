"""The static dashboard: built from the seed warehouse, then opened in a real headless Chromium.

The browser is driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`: JSON
messages ending in NUL on fds 3 and 4), which needs no extra Python package and no port. The
page's rendered text, its SVG geometry, every console message, exception and network request
are read back and asserted. Browser tests skip only when Chromium is not installed.

Uses the shared session fixture `seed_warehouse` (tests/conftest.py).
"""

from __future__ import annotations

import json
import os
import re
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import duckdb
import pytest

from pipeline.dashboard import build_dashboard
from pipeline.dashboard.__main__ import main as dashboard_main

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium); `make test` installs it")


class Chromium:
    """Headless Chromium with one page, driven over the DevTools protocol on a pipe."""

    def __init__(self, binary: str, timeout: float = 30.0):
        self.timeout = timeout
        self.events: list[dict] = []
        self._buf = b""
        self._id = 0
        self._profile = tempfile.TemporaryDirectory(prefix="chromium-profile-")
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def wire_fds():  # in the child: the protocol's fixed descriptors 3 (commands) and 4 (replies)
            r, w = os.dup(to_browser_r), os.dup(from_browser_w)
            os.dup2(r, 3)
            os.dup2(w, 4)

        self.proc = subprocess.Popen(
            [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--no-first-run", "--no-default-browser-check", f"--user-data-dir={self._profile.name}",
             "--remote-debugging-pipe", "about:blank"],
            close_fds=False, preexec_fn=wire_fds, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        page = next(t for t in self.send("Target.getTargets")["targetInfos"] if t["type"] == "page")
        self.session = self.send("Target.attachToTarget", {"targetId": page["targetId"], "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable", session=self.session)

    def _read(self, deadline: float) -> dict:
        while b"\0" not in self._buf:
            ready, _, _ = select.select([self._from_browser], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                raise TimeoutError("Chromium did not answer in time")
            chunk = os.read(self._from_browser, 1 << 16)
            if not chunk:
                raise EOFError("Chromium closed the DevTools pipe")
            self._buf += chunk
        message, self._buf = self._buf.split(b"\0", 1)
        return json.loads(message)

    def send(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        self._id += 1
        message = {"id": self._id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + self.timeout
        while True:
            reply = self._read(deadline)
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def open(self, url: str) -> list[dict]:
        """Navigate and wait for the load event; returns the events seen while loading."""
        start = len(self.events)
        self.send("Page.navigate", {"url": url}, session=self.session)
        deadline = time.monotonic() + self.timeout
        while not any(e.get("method") == "Page.loadEventFired" for e in self.events[start:]):
            self.events.append(self._read(deadline))
        self.send("Runtime.evaluate", {"expression": "1"}, session=self.session)  # flush pending console events
        return self.events[start:]

    def evaluate(self, expression: str):
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True},
                           session=self.session)
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"])
        return result["result"].get("value")

    def close(self) -> None:
        try:
            self.send("Browser.close")
        except (OSError, EOFError, TimeoutError, RuntimeError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._to_browser)
        os.close(self._from_browser)
        self._profile.cleanup()


def problems(events: list[dict]) -> list[str]:
    """Console errors/warnings, uncaught exceptions, failed loads and browser log errors."""
    out = []
    for e in events:
        method, p = e.get("method"), e.get("params", {})
        if method == "Runtime.consoleAPICalled" and p["type"] in ("error", "warning", "assert"):
            out.append(f"console.{p['type']}: {[a.get('value', a.get('description')) for a in p['args']]}")
        elif method == "Runtime.exceptionThrown":
            out.append(f"exception: {p['exceptionDetails'].get('text')}")
        elif method == "Log.entryAdded" and p["entry"]["level"] in ("error", "warning"):
            out.append(f"log: {p['entry']['text']}")
        elif method == "Network.loadingFailed":
            out.append(f"failed load: {p.get('errorText')}")
    return out


def requested_urls(events: list[dict]) -> list[str]:
    return [e["params"]["request"]["url"] for e in events if e.get("method") == "Network.requestWillBeSent"]


# ── fixtures ────────────────────────────────────────────────────────────────────────────

@pytest.fixture(scope="module")
def dashboard(seed_warehouse, tmp_path_factory) -> Path:
    return build_dashboard(seed_warehouse, tmp_path_factory.mktemp("dashboard") / "dashboard.html")


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (apt-get install chromium); `make test` installs it")
    b = Chromium(CHROMIUM)
    yield b
    b.close()


@pytest.fixture(scope="module")
def loaded(browser, dashboard):
    """The dashboard opened in Chromium: (events while loading, rendered text)."""
    events = browser.open(dashboard.as_uri())
    return events, browser.evaluate("document.body.innerText")


# ── the HTML itself ─────────────────────────────────────────────────────────────────────

def test_page_is_self_contained(dashboard):
    html = dashboard.read_text(encoding="utf-8")
    external = [u for u in re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)""", html) if not u.startswith(("#", "data:"))]
    assert external == []
    assert "<script" not in html and "@import" not in html and "url(" not in html
    assert set(re.findall(r"https?://[^\s\"'<>]+", html)) <= {"http://www.w3.org/2000/svg"}


def test_figures_are_written_as_text_beside_their_bars(dashboard):
    html = dashboard.read_text(encoding="utf-8")
    assert 'data-label="Frederiksberg" data-text="16"' in html
    assert 'data-label="KKR Hovedstaden 16-06-2026" data-text="46 af 60 (77 %)"' in html
    assert 'data-label="SOSU-hjælper 2027" data-text="1.259 (+409)"' in html
    assert 'data-label="Venstre (V)" data-text="8 (8 borgm. + 0 suppl.) · 36 %"' in html


def test_the_warehouse_is_released_after_building(seed_warehouse, tmp_path):
    copy = tmp_path / "meetings.duckdb"
    shutil.copy(seed_warehouse, copy)
    build_dashboard(copy, tmp_path / "d.html")
    # A read-write open in this process fails while any read-only connection to the file is alive.
    duckdb.connect(str(copy)).close()


def test_empty_warehouse_gives_a_page_that_says_so(tmp_path):
    empty = tmp_path / "empty.duckdb"
    con = duckdb.connect(str(empty))
    con.execute((ROOT / "sql" / "ddl.sql").read_text())
    from pipeline.warehouse import create_views

    create_views(con)
    con.close()
    html = build_dashboard(empty, tmp_path / "empty.html").read_text(encoding="utf-8")
    assert "Ingen flygtningekvoter i warehouse endnu" in html
    assert "Ingen deltagerlister i warehouse endnu" in html


def test_command_line(seed_warehouse, tmp_path, capsys):
    out = tmp_path / "sub" / "dashboard.html"
    assert dashboard_main(["--warehouse", str(seed_warehouse), "--out", str(out)]) == 0
    assert out.is_file() and str(out) in capsys.readouterr().out
    assert dashboard_main(["--warehouse", str(tmp_path / "missing.duckdb"), "--out", str(out)]) == 2
    assert "no warehouse" in capsys.readouterr().err


# ── in a real browser ───────────────────────────────────────────────────────────────────

@pytest.mark.browser
@needs_chromium
def test_browser_shows_the_seed_figures(loaded):
    _, text = loaded
    assert "KL- og KKR-møder i tal" in text
    assert re.search(r"KKR Hovedstaden 16-06-2026\s+46 af 60 \(77 %\)", text)
    assert re.search(r"Frederiksberg\s+16\b", text)
    assert re.search(r"SOSU-hjælper 2027\s+1\.259 \(\+409\)", text)
    assert re.search(r"Venstre \(V\)\s+8 \(8 borgm\. \+ 0 suppl\.\)", text)
    assert "Datakvalitet" in text and "kontroller kørt" in text


@pytest.mark.browser
@needs_chromium
def test_browser_sees_no_errors_and_no_network(loaded):
    events, _ = loaded
    assert problems(events) == []
    assert [u for u in requested_urls(events) if not u.startswith(("file:", "data:"))] == []


@pytest.mark.browser
@needs_chromium
def test_bars_are_drawn_to_scale(browser, loaded):
    width = """(label) => {
        const g = document.querySelector(`g.bar[data-label="${label}"]`);
        return g ? [...g.querySelectorAll('rect')].reduce((w, r) => w + r.getBoundingClientRect().width, 0) : null;
    }"""
    kbh, frb = browser.evaluate(f"[({width})('København'), ({width})('Frederiksberg')]")
    assert frb > 0 and kbh == pytest.approx(4 * frb, rel=0.02)  # quotas 64 and 16


@pytest.mark.browser
@needs_chromium
def test_harness_does_report_errors(browser, tmp_path):
    """The 'no errors' assertion above can fail: a broken page is caught."""
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><meta charset="utf-8"><link rel="icon" href="data:,">'
                   '<img src="missing.png"><script>console.error("boom"); undefined_fn();</script>')
    found = problems(browser.open(bad.as_uri()))
    assert any("boom" in p for p in found)
    assert any(p.startswith("exception") for p in found)
    assert any("ERR_FILE_NOT_FOUND" in p or "failed load" in p for p in found)
