"""One file to one `Document`: extract, clean up, classify. The unit every parser reads."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from pipeline.classify import Classification, classify
from pipeline.extract.cleanup import clean_lines
from pipeline.extract.errors import ExtractionError
from pipeline.extract.text import read_text
from pipeline.models import Document, Line

TEXT_SUFFIXES = {".txt", ".md", ".text"}
PDF_SUFFIXES = {".pdf"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | PDF_SUFFIXES


@dataclass(frozen=True)
class Limits:
    """Bounds that keep one bad file from stalling a nightly run."""

    max_bytes: int = 200 * 1024 * 1024
    max_pages: int = 2000


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def document_id_for(source_file: str, sha256: str) -> str:
    """Stable id of one version of one file: same name and bytes, same id."""
    return hashlib.sha256(f"{source_file}\0{sha256}".encode()).hexdigest()[:16]


def extract_raw(path: Path, limits: Limits = Limits(), *, fast: bool = True) -> tuple[list[Line], int]:
    """Raw lines and page count, or ExtractionError with the reason."""
    size = path.stat().st_size
    if size == 0:
        raise ExtractionError("empty", "empty file (0 bytes)")
    if size > limits.max_bytes:
        raise ExtractionError(
            "too_large", f"file is {size / 1e6:.0f} MB, above the {limits.max_bytes / 1e6:.0f} MB limit"
        )
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES:
        from pipeline.extract.pdf import extract_pdf  # pdfplumber is only imported when a PDF needs it

        pdf = extract_pdf(path, max_pages=limits.max_pages, fast=fast)
        return list(pdf.lines), pdf.page_count
    if suffix in TEXT_SUFFIXES:
        return read_text(path)
    raise ExtractionError("unsupported", f"unsupported file type '{suffix or '(none)'}'")


def build_document(document_id: str, source_file: str, raw: list[Line], page_count: int) -> tuple[Document, Classification]:
    cleaned = clean_lines(raw)
    c = classify(raw, cleaned)
    doc = Document(
        document_id=document_id,
        source_file=source_file,
        lines=tuple(cleaned),
        page_count=page_count,
        doc_type=c.doc_type,
        body=c.body,
        meeting_date=c.meeting_date,
        meeting_time=c.meeting_time,
        place=c.place,
    )
    return doc, c


def read_document(path: Path, document_id: str | None = None, limits: Limits = Limits()) -> Document:
    """Extract, clean and classify one file (raises ExtractionError for a bad file)."""
    path = Path(path)
    raw, page_count = extract_raw(path, limits)
    doc_id = document_id or document_id_for(path.name, sha256_of(path))
    doc, _ = build_document(doc_id, path.name, raw, page_count)
    return doc
