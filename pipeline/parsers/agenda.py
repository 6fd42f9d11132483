"""`agenda_items`: one row per item with its whole title, case number, recommendation and decision."""

from __future__ import annotations

from pipeline import issues
from pipeline.models import Document, Parsed
from pipeline.parsers.items import find_items


def parse_agenda_items(doc: Document) -> Parsed:
    """One row per item of `doc`; minutes or an agenda in which no item can be found say so."""
    parsed = Parsed()
    if not doc.items and doc.doc_type in ("referat", "dagsorden"):
        parsed.issues.append(doc.issue(None, f"no agenda item found in this {doc.doc_type}", issues.TABLE_NOT_READ,
                                       "agenda_items"))
    for item in find_items(doc):
        parsed.rows.append(
            {
                "document_id": doc.document_id,
                "item_no": item.item_no,
                "title": item.title,
                "case_no": item.case_no,
                "recommendation": item.section_text("Indstilling"),
                "decision": item.section_text("Beslutning"),
                "page": item.page,
            }
        )
    return parsed
