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

from pipeline.documents import LOSSY_FORMATS, Limits, build_document, extract
from pipeline.extract.errors import ExtractionError
from pipeline import identity, issues
from pipeline.models import ParseIssue
from pipeline.rawfiles import SourceFile


@dataclass
class DocumentResult:
    """The documents row and the fact rows of one file version."""

    document: dict
    tables: dict[str, list[dict]] = field(default_factory=dict)
    source_format: str | None = None  # 'pdf', 'text/utf-8', 'text/cp1252' (None: not extracted)
    retryable: bool = False  # rejected by a timeout or a dead worker, not by the file: try again next run

    @property
    def loaded(self) -> bool:
        return self.document["status"] == "loaded"

    @property
    def lossy(self) -> bool:
        """Read from a format that cannot hold every character (a Windows-1252 export)."""
        return self.source_format in LOSSY_FORMATS


def document_row(src: SourceFile) -> dict:
    """The `documents` row of `src` before anything is known about its content."""
    return {
        "document_id": src.document_id,
        "source_file": src.source_file,
        "sha256": src.sha256,
        "size_bytes": src.size_bytes,
        "doc_type": "other",  # until classified: a rejected file has no known type, and the contract has no null type
        "issuer": None,
        "municipality_code": None,
        "issuer_source": None,
        "title": None,
        "body": None,
        "meeting_id": None,
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


def rejected(src: SourceFile, reason: str) -> DocumentResult:
    """A rejected `documents` row for `src` with the reason, and no facts."""
    row = document_row(src)
    row.update(status="rejected", error=reason[:500], is_current=False)
    return DocumentResult(row)


def header_issues(doc, date_source: str | None = "text") -> list[ParseIssue]:
    """A meeting document whose header yields no meeting date or body says so (never a silent miss)."""
    out = []
    if date_source == "file_name":
        out.append(ParseIssue(doc.document_id, None, None, "", "meeting date not in the text: taken from the file name",
                              issues.INFERRED, "documents"))
    if doc.doc_type in ("referat", "dagsorden"):
        if doc.meeting_date is None:
            out.append(ParseIssue(doc.document_id, None, None, "", "no meeting date found in the header",
                                  issues.HEADER_NOT_READ, "documents"))
        if doc.body is None:
            out.append(ParseIssue(doc.document_id, None, None, "", "no body (council or committee) named in the header",
                                  issues.HEADER_NOT_READ, "documents"))
    return out


def process_file(src: SourceFile, limits: Limits = Limits(), *, fast: bool = True) -> DocumentResult:
    from pipeline.parsers import PARSERS

    row = document_row(src)
    try:
        got = extract(Path(src.path), limits, fast=fast)
    except ExtractionError as exc:
        return rejected(src, exc.reason)
    except Exception as exc:  # a library crash on hostile input is still just a rejection
        return rejected(src, f"unreadable file: {type(exc).__name__}: {exc}")

    try:
        doc, c = build_document(src.document_id, src.source_file, got.lines, got.page_count,
                                title=got.title, manifest_issuer=src.manifest_issuer)
    except Exception as exc:  # clean-up or classification tripped on odd input: this file only
        row.update(status="rejected", page_count=got.page_count, is_current=False,
                   error=f"could not clean up or classify: {type(exc).__name__}: {exc}"[:500])
        return DocumentResult(row, source_format=got.source_format)
    if not doc.lines:
        row.update(status="rejected", error="no text after clean-up (nothing to load)", page_count=got.page_count,
                   is_current=False)
        return DocumentResult(row, source_format=got.source_format)
    meeting = identity.meeting_id(c.issuer, c.body, c.meeting_date)
    row.update(
        doc_type=c.doc_type, body=c.body, meeting_date=c.meeting_date, document_date=c.document_date,
        meeting_time=c.meeting_time, place=c.place, page_count=got.page_count, issuer=c.issuer,
        municipality_code=c.municipality_code, issuer_source=c.issuer_source, title=c.title,
        meeting_id=meeting,
    )
    tables: dict[str, list[dict]] = {"parse_issues": [i.as_row() for i in header_issues(doc, c.date_source)]}
    for table, parser in PARSERS.items():
        try:
            parsed = parser(doc)
        except Exception as exc:
            tb = traceback.extract_tb(exc.__traceback__)[-1]
            issue = ParseIssue(src.document_id, None, None, "",
                               f"parser for {table} failed: {type(exc).__name__}: {exc} ({tb.name}:{tb.lineno})",
                               issues.PARSER_FAILED, table)
            tables["parse_issues"].append(issue.as_row())
            continue
        if table == "attendance":
            for r in parsed.rows:
                r["meeting_id"] = meeting
                r["person_id"] = identity.person_id(r["person_name"], r.get("municipality_code") or c.municipality_code,
                                                    r.get("party"))
        tables.setdefault(table, []).extend(parsed.rows)
        for other, rows in parsed.also.items():
            tables.setdefault(other, []).extend(rows)
        tables["parse_issues"].extend({**i.as_row(), "table_name": i.table_name or table} for i in parsed.issues)
    return DocumentResult(row, tables, got.source_format)
