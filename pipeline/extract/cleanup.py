"""Clean-up every parser needs: running headers/footers out, TOC out, hyphenated words whole.

Works on raw `Line`s from either the PDF or the text extractor, so both paths give parsers
the same lines. Table rows (lines with `cells`) are never merged or rewritten. A line's word
`spans` (PDF x positions) stay with it, rewritten as its text is (see `_respan`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pipeline.models import Line

RUNNING_FOOTER = re.compile(r"^\s*(?:SIDE\s*\|\s*\d+|side\s+\d+\s*(?:af|/)\s*\d+)\s*$", re.IGNORECASE)
RUNNING_HEADER = re.compile(r"^\s*[A-ZÆØÅ][\wÆØÅæøå .’'-]{1,60}?\s*\|\s*\d{2}-\d{2}-\d{4}\s*$")
TOC_DOT_LEADERS = re.compile(r"\.{4,}\s*\d{1,4}\s*$|\.{3,}\t\s*\d{1,4}\s*$")
TOC_NUMBERED = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2})*\.\s+\S.*\t\s*\d{1,4}\s*$")
HYPHEN_END = re.compile(r"[A-Za-zÆØÅæøåéü]-$")
LOWER_START = re.compile(r"^[a-zæøåéü]")
BULLET_CHARS = str.maketrans({"\u0336": "-", "\u00a0": " ", "\u2009": " ", "\u200b": "", "\uf0b7": "•"})


def is_running_header_or_footer(text: str) -> bool:
    return bool(RUNNING_FOOTER.match(text) or RUNNING_HEADER.match(text))


def is_toc_line(text: str) -> bool:
    return bool(TOC_DOT_LEADERS.search(text) or TOC_NUMBERED.match(text))


REPEAT_MIN_PAGES = 3  # a line at the edge of this many pages (and most of them) is page furniture
EDGE_LINES = 2  # how far from the top or bottom of a page furniture stands
EDGE_MAX_CHARS = 90


def repeated_edge_lines(raw: list[Line]) -> set[str]:
    """Texts that open or close most pages of a document: running headers and footers of any
    producer ('Referat – Økonomiudvalget', 'Aabenraa Kommune'), found by repetition, not by shape.
    The page's own number inside them ('Side 2 af 3' on page 2) is folded, so a numbered footer
    repeats too; other numbers are not ('Sagsnr.: 05/0007' under every item is no furniture)."""
    pages: dict[int, list[Line]] = {}
    for line in raw:
        if line.cells is None and line.text.strip():
            pages.setdefault(line.page, []).append(line)
    if len(pages) < REPEAT_MIN_PAGES:
        return set()
    seen: dict[str, set[int]] = {}
    for page, lines in pages.items():
        for line in lines[:EDGE_LINES] + lines[-EDGE_LINES:]:
            text = line.text.strip()
            if len(text) <= EDGE_MAX_CHARS:
                seen.setdefault(_fold_page(text, page), set()).add(page)
    need = max(REPEAT_MIN_PAGES, (len(pages) + 1) // 2)
    return {text for text, on in seen.items() if len(on) >= need}


def _fold_page(text: str, page: int) -> str:
    return re.sub(rf"(?<!\d){page}(?!\d)", "#", text, count=1)


def clean_lines(raw: Iterable[Line]) -> list[Line]:
    """Drop headers, footers, TOC and blank lines; join words hyphenated at line ends."""
    raw = list(raw)
    furniture = repeated_edge_lines(raw)
    met: set[str] = set()  # the first one stays: a table header repeated on every page is still its header
    kept: list[Line] = []
    for line in raw:
        if line.cells is not None:
            kept.append(line)
            continue
        text = line.text.translate(BULLET_CHARS).strip()
        if not text or is_running_header_or_footer(text) or is_toc_line(text):
            continue
        folded = _fold_page(line.text.strip(), line.page) if furniture else ""
        if folded in furniture:
            if folded in met:
                continue
            met.add(folded)
        kept.append(Line(text, line.page, line.line_no, None, _respan(line.spans)))
    return join_hyphenated(kept)


def _respan(spans):
    """The spans with the clean-up's character fixes applied; words that become empty go."""
    if not spans:
        return spans
    out = []
    for x0, x1, word in spans:
        word = word.translate(BULLET_CHARS).strip()
        if word:
            out.append((x0, x1, word))
    return tuple(out)


def join_hyphenated(lines: list[Line]) -> list[Line]:
    """'god-' + 'kendes.' -> 'godkendes.' on the first line; the rest stays on the second.

    Only when the continuation starts lowercase: 'KKR-' + 'Nordjylland' or '2026-' + '2030'
    are real hyphens and stay as they are.
    """
    out: list[Line] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if (
            nxt is not None
            and line.cells is None
            and nxt.cells is None
            and HYPHEN_END.search(line.text)
            and LOWER_START.match(nxt.text)
        ):
            head, _, rest = nxt.text.partition(" ")
            out.append(Line(line.text[:-1] + head, line.page, line.line_no, None, _join_spans(line.spans, head)))
            rest = rest.strip()
            if rest:
                lines[i + 1] = Line(rest, nxt.page, nxt.line_no, None, _drop_head(nxt.spans, head))
                i += 1
            else:
                i += 2
            continue
        out.append(line)
        i += 1
    return out


def _join_spans(spans, head: str):
    """'god-' + 'kendes.': the last word's text becomes 'godkendes.'; its x stays on its line."""
    if not spans or not spans[-1][2].endswith("-"):
        return spans
    x0, x1, word = spans[-1]
    return spans[:-1] + ((x0, x1, word[:-1] + head),)


def _drop_head(spans, head: str):
    """The continuation line's spans without the word that moved up to the line before."""
    if spans and spans[0][2] == head:
        return spans[1:]
    return spans
