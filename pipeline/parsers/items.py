"""Agenda items, as the document structure finds them (`pipeline.structure.items`).

Kept for the parsers that import from here; `Document.items` computes them once per document.
"""

from __future__ import annotations

from pipeline.models import Document
from pipeline.structure.items import ItemSpan, join_text, section_name  # noqa: F401

__all__ = ["ItemSpan", "find_items", "item_of_lines", "join_text", "section_name"]


def find_items(doc: Document) -> list[ItemSpan]:
    """The items of `doc` (computed once, on first use)."""
    return doc.items


def item_of_lines(doc: Document, items: list[ItemSpan] | None = None) -> list[str | None]:
    """The item number each line of `doc` belongs to, parallel to doc.lines."""
    if items is None:
        return doc.item_of_line
    from pipeline.structure.items import item_of_lines as of_lines

    return of_lines(doc, items)
