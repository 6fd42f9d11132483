"""Why a file could not be extracted: the reason becomes `documents.error`."""

from __future__ import annotations

# Machine codes, so tests and dashboards can group rejections without parsing prose.
EMPTY = "empty"
NOT_PDF = "not_pdf"
CORRUPT = "corrupt"
ENCRYPTED = "encrypted"
NEEDS_OCR = "needs_ocr"
TOO_LARGE = "too_large"
TOO_MANY_PAGES = "too_many_pages"
BINARY = "binary"
UNSUPPORTED = "unsupported"

CODES = frozenset({EMPTY, NOT_PDF, CORRUPT, ENCRYPTED, NEEDS_OCR, TOO_LARGE, TOO_MANY_PAGES, BINARY, UNSUPPORTED})


class ExtractionError(Exception):
    """A file that cannot be loaded, with a short code and a reason a person can act on."""

    def __init__(self, code: str, reason: str):
        super().__init__(reason)
        self.code = code
        self.reason = reason

    def __repr__(self) -> str:
        return f"ExtractionError({self.code!r}, {self.reason!r})"
