"""A static HTML dashboard of the published warehouse (`python -m pipeline.dashboard`).

Reading and rendering are kept apart: `data` visits the warehouse read-only and briefly,
`page` and `svg` turn plain rows into HTML, so the page can be tested without a load and a
slow render never holds the warehouse open.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from pipeline.dashboard.data import WarehouseNotFound, read_dashboard_data
from pipeline.dashboard.page import render_page

__all__ = ["build_dashboard", "WarehouseNotFound"]


def build_dashboard(warehouse: Path, out: Path) -> Path:
    """Write the dashboard for `warehouse` to `out` (replaced atomically) and return `out`."""
    data = read_dashboard_data(Path(warehouse))
    html = render_page(data, datetime.now().astimezone())
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp{os.getpid()}")
    try:
        tmp.write_text(html, encoding="utf-8")
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return out
