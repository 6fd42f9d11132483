"""The document structure built once per document: fields, agenda items (and, beside them, tables).

Parsers ask `Document` for these (`doc.items`, `doc.item_of_line`), computed on first use.
"""
