"""`agenda_items`: one row per item with its whole title, case number, recommendation and decision."""

from __future__ import annotations

from pipeline.models import Document, Parsed
from pipeline.parsers.items import find_items


def parse_agenda_items(doc: Document) -> Parsed:
    parsed = Parsed()
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
