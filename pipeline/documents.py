"""One file to one `Document`: extract, clean up, classify. The unit every parser reads."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.classify import Classification, classify
from pipeline.rawfiles import Limits, document_id_for, sha256_of  # noqa: F401  (moved there; names kept here)
from pipeline.extract import errors
from pipeline.extract.cleanup import clean_lines
from pipeline.extract.errors import ExtractionError
from pipeline.extract.text import decode_text, text_lines
from pipeline.models import Document, Line

TEXT_SUFFIXES = {".txt", ".md", ".text"}
PDF_SUFFIXES = {".pdf"}
HTML_SUFFIXES = {".html", ".htm"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | PDF_SUFFIXES | HTML_SUFFIXES
PDF_MAGIC = b"%PDF-"


@dataclass(frozen=True)
class Extracted:
    """Raw lines of one file, its page count, and what it was read as.

    `source_format` is 'pdf', 'html' or 'text/<encoding>'; a lossy format ('text/cp1252') never
    wins over a lossless twin of the same meeting (see `corpus.resolve_current`).
    `title` is the page's `<title>` for HTML (None otherwise, or when the page has none).
    """

    lines: list[Line]
    page_count: int
    source_format: str
    title: str | None = None

    @property
    def lossy(self) -> bool:
        return self.source_format in LOSSY_FORMATS


LOSSY_FORMATS = {"text/cp1252"}


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n:,} bytes"


def extract(path: Path, limits: Limits = Limits(), *, fast: bool = True) -> Extracted:
    """Raw lines of the file at `path`, or ExtractionError with a reason a person can act on.

    The content decides, not the name alone: a PDF saved as .txt or .html is still read as a
    PDF, and a .pdf that is not one (an HTML error page, say) is rejected as such by the PDF reader.
    """
    size = path.stat().st_size
    if size == 0:
        raise ExtractionError(errors.EMPTY, "empty file (0 bytes)")
    if size > limits.max_bytes:
        raise ExtractionError(errors.TOO_LARGE, f"file is {_size(size)}, above the {_size(limits.max_bytes)} limit")
    suffix = path.suffix.lower()
    with path.open("rb") as fh:
        head = fh.read(1024)
    if suffix in PDF_SUFFIXES or (suffix in TEXT_SUFFIXES | HTML_SUFFIXES and head.startswith(PDF_MAGIC)):
        from pipeline.extract.pdf import extract_pdf  # pdfplumber is only imported when a PDF needs it

        pdf = extract_pdf(path, max_pages=limits.max_pages, fast=fast, max_bytes=limits.max_bytes)
        return Extracted(list(pdf.lines), pdf.page_count, "pdf")
    if suffix in TEXT_SUFFIXES:
        if size > limits.max_text_bytes:
            raise ExtractionError(
                errors.TOO_LARGE, f"text file is {_size(size)}, above the {_size(limits.max_text_bytes)} limit for text"
            )
        text, encoding = decode_text(path.read_bytes())
        lines, page_count = text_lines(text)
        return Extracted(lines, page_count, f"text/{encoding}")
    if suffix in HTML_SUFFIXES:
        if size > limits.max_text_bytes:
            raise ExtractionError(
                errors.TOO_LARGE, f"HTML file is {_size(size)}, above the {_size(limits.max_text_bytes)} limit for text"
            )
        from pipeline.extract.html import html_lines  # bs4/lxml are only imported when a page needs them

        page = html_lines(path.read_bytes())
        return Extracted(page.lines, 1, "html", title=page.title)
    raise ExtractionError(
        errors.UNSUPPORTED, f"unsupported file type '{suffix or '(none)'}' (expected .pdf, .txt or .html)"
    )


def extract_raw(path: Path, limits: Limits = Limits(), *, fast: bool = True) -> tuple[list[Line], int]:
    """Raw lines and page count, or ExtractionError with the reason."""
    got = extract(path, limits, fast=fast)
    return got.lines, got.page_count


def build_document(document_id: str, source_file: str, raw: list[Line], page_count: int, *,
                   title: str | None = None, manifest_issuer: str | None = None) -> tuple[Document, Classification]:
    """Clean up and classify extracted lines; `title` is an HTML page's <title>, `manifest_issuer`
    the issuer `raw/sources.csv` gives for this file."""
    cleaned = clean_lines(raw)
    c = classify(raw, cleaned, title=title, source_file=source_file, manifest_issuer=manifest_issuer)
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
        issuer=c.issuer,
        municipality_code=c.municipality_code,
    )
    return doc, c


def read_document(path: Path, document_id: str | None = None, limits: Limits = Limits()) -> Document:
    """Extract, clean and classify one file (raises ExtractionError for a bad file)."""
    path = Path(path)
    got = extract(path, limits)
    doc_id = document_id or document_id_for(path.name, sha256_of(path))
    doc, _ = build_document(doc_id, path.name, got.lines, got.page_count, title=got.title)
    return doc
