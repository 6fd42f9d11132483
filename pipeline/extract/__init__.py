"""Extraction: bytes on disk to raw lines with pages (PDF via pdfplumber, text decoded)."""
