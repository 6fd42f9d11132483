"""Plain-text documents (.txt/.md): decode, and recover pages from the export's artefacts.

Pages come from what marks a page and nothing else: a form feed (an explicit page break) and
a page footer that names the page ending there ('SIDE | 7', 'Side 3 af 12', 'Side 3/12').
A line that starts with a space is layout (an indented bullet, a wrapped cell), never a page
break: taking it for one made a bulleted three-page case ten pages long.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from pipeline.extract import errors
from pipeline.extract.errors import ExtractionError
from pipeline.models import Line

FOOTER_PAGE = re.compile(r"^\s*(?:SIDE\s*\|\s*(\d+)|(?i:side)\s+(\d+)\s*(?:af|/)\s*\d+)\s*$")


def decode(data: bytes) -> str:
    """The text of `data` (see `decode_text`)."""
    return decode_text(data)[0]


def decode_text(data: bytes) -> tuple[str, str]:
    """Text and the encoding it was read with.

    UTF-8 first (with or without BOM), UTF-16 when a BOM says so (Notepad's "Unicode"),
    Windows-1252 as the fallback Danish offices produce. The encoding is returned because
    Windows-1252 is lossy: a character it lacks was already lost as '?' when the file was
    written, so a UTF-8 or PDF twin of the same document is the better version.
    Bytes that are neither (binary junk) are rejected rather than loaded as mojibake.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text, encoding = data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise ExtractionError(errors.BINARY, f"not text: broken UTF-16 at offset {exc.start}") from exc
    else:
        try:
            text, encoding = data.decode("utf-8-sig"), "utf-8"
        except UnicodeDecodeError as exc:
            if exc.reason == "unexpected end of data" and exc.end == len(data):
                # cut off inside its last character (a truncated download): UTF-8 up to there
                return decode_text(data[: exc.start])
            text = None
        if text is None:
            try:
                text, encoding = data.decode("cp1252"), "cp1252"
            except UnicodeDecodeError as exc:
                raise ExtractionError(errors.BINARY, f"not text: undecodable byte at offset {exc.start}") from exc
    if not text.strip():
        raise ExtractionError(errors.EMPTY, "empty file: no text to load")
    if _looks_binary(text):
        raise ExtractionError(errors.BINARY, "not text: control characters or undecodable bytes")
    return text, encoding


def _looks_binary(text: str) -> bool:
    sample = text[:20000]
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\n\r\t\f") or ch == "\ufffd")
    return bad > max(8, len(sample) // 200)


def text_lines(text: str) -> tuple[list[Line], int]:
    """Raw lines with their pages, and the page count. Blank lines are dropped.

    A footer relabels the lines since the last page break as page N, so pages agree with the
    printed numbers even when the export lost some breaks.
    """
    lines: list[Line] = []
    page, page_start = 1, 0
    for no, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        for i, chunk in enumerate(raw.split("\f")):
            if i > 0:  # a form feed is an explicit page break
                page, page_start = page + 1, len(lines)
            if not chunk.strip():
                continue
            footer = FOOTER_PAGE.match(chunk)
            lines.append(Line(chunk.rstrip(), page, no))
            if footer:
                page = int(footer.group(1) or footer.group(2))
                lines[page_start:] = [Line(ln.text, page, ln.line_no) for ln in lines[page_start:]]
                page, page_start = page + 1, len(lines)
    page_count = max((ln.page for ln in lines), default=0)
    return lines, page_count


def read_text(path: Path) -> tuple[list[Line], int]:
    """Raw lines and page count of a text document."""
    return text_lines(decode(path.read_bytes()))
