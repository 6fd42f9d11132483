"""One source file to everything the warehouse needs from it, as plain rows.

`process_file` never raises for a bad document: extraction failures become a rejected
`documents` row with the reason, and a parser that fails on one document becomes a
`parse_issues` row, so a broken file never stops its neighbours. The result is plain
picklable data, so it can cross a process pool and be cached by document version.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from pipeline.documents import Limits, build_document, extract_raw
from pipeline.extract.errors import ExtractionError
from pipeline.models import ParseIssue


@dataclass(frozen=True)
class SourceFile:
    """A file in raw/ as seen by one scan."""

    path: str
    source_file: str  # name relative to raw/
    sha256: str
    size_bytes: int
    mtime: float
    document_id: str


@dataclass
class DocumentResult:
    """The documents row and the fact rows of one file version."""

    document: dict
    tables: dict[str, list[dict]] = field(default_factory=dict)

    @property
    def loaded(self) -> bool:
        return self.document["status"] == "loaded"


def process_file(src: SourceFile, limits: Limits = Limits(), *, fast: bool = True) -> DocumentResult:
    from pipeline.parsers import PARSERS

    row = {
        "document_id": src.document_id,
        "source_file": src.source_file,
        "sha256": src.sha256,
        "size_bytes": src.size_bytes,
        "doc_type": None,
        "body": None,
        "meeting_date": None,
        "document_date": None,
        "meeting_time": None,
        "place": None,
        "status": "loaded",
        "error": None,
        "page_count": None,
        "is_current": True,
        "superseded_by": None,
        "loaded_at": datetime.now(timezone.utc).replace(tzinfo=None),
    }
    try:
        raw, page_count = extract_raw(Path(src.path), limits, fast=fast)
    except ExtractionError as exc:
        row.update(status="rejected", error=exc.reason, is_current=False)
        return DocumentResult(row)
    except Exception as exc:  # a library crash on hostile input is still just a rejection
        row.update(status="rejected", error=f"unreadable file: {type(exc).__name__}: {exc}"[:500], is_current=False)
        return DocumentResult(row)

    doc, c = build_document(src.document_id, src.source_file, raw, page_count)
    if not doc.lines:
        row.update(status="rejected", error="no text after clean-up (nothing to load)", page_count=page_count,
                   is_current=False)
        return DocumentResult(row)
    row.update(
        doc_type=c.doc_type, body=c.body, meeting_date=c.meeting_date, document_date=c.document_date,
        meeting_time=c.meeting_time, place=c.place, page_count=page_count,
    )
    tables: dict[str, list[dict]] = {"parse_issues": []}
    for table, parser in PARSERS.items():
        try:
            parsed = parser(doc)
        except Exception as exc:
            tb = traceback.extract_tb(exc.__traceback__)[-1]
            issue = ParseIssue(src.document_id, None, None, "",
                               f"parser for {table} failed: {type(exc).__name__}: {exc} ({tb.name}:{tb.lineno})")
            tables["parse_issues"].append(issue.as_row())
            continue
        tables.setdefault(table, []).extend(parsed.rows)
        tables["parse_issues"].extend(i.as_row() for i in parsed.issues)
    return DocumentResult(row, tables)
