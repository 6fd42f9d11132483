"""HTML minutes (municipal web portals) to raw lines, in the shape the PDF extractor gives.

`html_lines` is pure: bytes in, `HtmlText` out. The page is parsed by BeautifulSoup with
lxml (never by patterns on tags) and its visible document text is walked once:

- block elements (headings, p, div, li, dt/dd, tr, section, article, ...) and `<br>` end a
  line; inline elements (span, a, b, strong, em, ...) join into the line they stand in;
  whitespace is collapsed and entities (`&nbsp;`, `&aelig;`) are decoded.
- list items start with a marker, so a downstream parser sees a list: `• ` for `<ul>`, the
  number for `<ol>` ('1. ', honouring start/value/reversed/type), or none when the item's
  text already starts with a marker of its own ('- Anna Holm').
- a table with two or more columns gives one `Line` per `<tr>` with `cells` (the cell texts;
  a `<br>` or block inside a cell is a space; a cell covered by colspan/rowspan is '', as
  pdfplumber gives merged cells) and `text` = the cells joined by a tab, as PDF ruled
  tables do. A one-column table is layout: its cells are read as ordinary blocks.
- site chrome and invisible text are dropped: see DROP_TAGS, CHROME_ROLES, CHROME_NAME_PARTS,
  HIDDEN_CLASSES, and `<header>`/`<footer>` unless they belong to an article/section/main/aside.
  Lines of Google-translate (and skip-link) boilerplate are dropped by the phrases in
  BOILERPLATE_PHRASES / BOILERPLATE_LINES.

Bytes are decoded with the charset the page declares (BOM, `<meta charset>` or
`http-equiv`), falling back to UTF-8, then Windows-1252. Every line is on page 1; `line_no`
is the running number of the line in the page.
"""

from __future__ import annotations

import codecs
import warnings
from dataclasses import dataclass

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning
from bs4.dammit import EncodingDetector
from bs4.element import NavigableString, PreformattedString, Tag

from pipeline.extract import errors
from pipeline.extract.errors import ExtractionError
from pipeline.models import Line

# ---------------------------------------------------------------- what is dropped (data)

# Never document text: metadata, code, embedded media, form controls, navigation.
DROP_TAGS = frozenset({
    "head", "script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "embed",
    "audio", "video", "map", "nav", "form", "button", "input", "select", "option", "optgroup",
    "textarea", "datalist",
})
# ARIA landmarks that mark site chrome whatever the element is.
CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "search", "menu", "menubar", "alertdialog"})
# An element whose id or class contains one of these (case-insensitive) is chrome: cookie and
# consent banners, Google's translate widget.
CHROME_NAME_PARTS = ("cookie", "consent", "banner", "google_translate", "goog-te", "skiptranslate")
# Never dropped by CHROME_NAME_PARTS ('<body class="has-cookie-banner">' is still the page).
NEVER_CHROME = frozenset({"html", "body", "main", "article"})
# Text only screen readers get ('(åbner i nyt vindue)').
HIDDEN_CLASSES = frozenset({"sr-only", "visually-hidden", "visuallyhidden", "screen-reader-text", "hidden"})
# <header>/<footer> are site chrome unless they sit inside one of these.
SECTIONING = ("article", "aside", "main", "section")

# A line containing one of these (case-insensitive) and not much else is translate boilerplate.
BOILERPLATE_PHRASES = (
    "you can use google to translate this website",
    "you can use google translate",
    "use google to translate",
    "du kan bruge google til at oversætte",
    "du kan bruge google translate",
    "brug google til at oversætte",
    "powered by google translate",
    "translations are provided by google",
    "google translate is a free service",
    "we are not responsible for the accuracy of the translation",
    "vi er ikke ansvarlige for oversættelsen",
    "vi kan ikke garantere, at oversættelsen",
)
BOILERPLATE_SLACK = 80  # a line may be this much longer than the phrase and still be boilerplate
# Lines that are boilerplate when they are the whole line (case-insensitive, trailing ':' or '.' ignored).
BOILERPLATE_LINES = frozenset({
    "google translate", "google oversæt", "select language", "vælg sprog", "translate", "oversæt",
    "skip to main content", "skip to content", "gå til indhold", "spring til indhold",
    "gå til hovedindhold", "spring til hovedindhold",
})

# ---------------------------------------------------------------- layout (data)

BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hgroup", "hr", "html", "legend", "li", "main", "menu", "ol", "p", "section", "summary",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})
BULLET = "• "
# Text that already starts with one of these shows its own list marker.
OWN_MARKERS = ("•", "-", "–", "—", "*", "·", "▪", "◦", "○", "■", "□", "►", "▸", "\uf0b7")
MAX_SPAN = 1000  # colspan/rowspan above this are typos, not layout
SPACE_LIKE = str.maketrans({"\u00ad": "", "\u200b": "", "\u200c": "", "\u200d": "", "\ufeff": ""})
# Labels the WHATWG encoding standard reads as Windows-1252.
CP1252_LABELS = frozenset({"cp1252", "iso8859-1", "latin-1", "ascii"})


@dataclass(frozen=True, slots=True)
class HtmlText:
    """The page's raw lines (all on page 1), its `<title>` (or None) and the encoding read."""

    lines: list[Line]
    title: str | None
    encoding: str


def html_lines(data: bytes) -> HtmlText:
    """The lines and title of the HTML page `data`.

    Raises `ExtractionError` (code `empty`) for a page with no visible text at all.
    """
    text, encoding = decode_html(data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(text, "lxml")
    title = _title(soup)
    walker = _Walker()
    walker.walk(soup.body if soup.body is not None else soup)
    rows = [(t, cells) for t, cells in walker.rows if cells is not None or not is_boilerplate(t)]
    if not rows:
        raise ExtractionError(
            errors.EMPTY, "HTML page has no text (only markup, scripts, navigation or hidden elements)"
        )
    lines = [Line(t, 1, no, cells) for no, (t, cells) in enumerate(rows, start=1)]
    return HtmlText(lines, title, encoding)


def decode_html(data: bytes) -> tuple[str, str]:
    """The page's text and the encoding it was read with (a Python codec name).

    A byte-order mark wins, then the charset the page declares (`<meta charset>`,
    `http-equiv="Content-Type"`), then UTF-8, then Windows-1252 (which always decodes: the
    five bytes it leaves undefined become U+FFFD).
    """
    if not data.strip():
        raise ExtractionError(errors.EMPTY, "empty HTML file: no text to load")
    body, bom_encoding = EncodingDetector.strip_byte_order_mark(data)
    candidates: list[str] = []
    if bom_encoding:
        candidates.append(bom_encoding)
    declared = _codec(EncodingDetector.find_declared_encoding(body, is_html=True))
    if declared:
        candidates.append(declared)
    candidates += ["utf-8", "cp1252"]
    for encoding in dict.fromkeys(candidates):
        try:
            return body.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    return body.decode("cp1252", errors="replace"), "cp1252"


def _codec(label: str | None) -> str | None:
    """A declared charset label as a Python codec name; None when Python does not know it.

    UTF-16/32 declared without a BOM is ignored (a page in them that parses as ASCII cannot be),
    and Latin-1/ASCII are read as Windows-1252, as browsers do.
    """
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("'\"")).name
    except LookupError:
        return None
    if name.startswith(("utf-16", "utf-32")):
        return None
    return "cp1252" if name in CP1252_LABELS else name


def is_boilerplate(text: str) -> bool:
    """Google-translate or skip-link boilerplate (see BOILERPLATE_PHRASES / BOILERPLATE_LINES)."""
    folded = text.casefold().strip()
    if folded.rstrip(" .:!") in BOILERPLATE_LINES:
        return True
    return any(p in folded and len(folded) <= len(p) + BOILERPLATE_SLACK for p in BOILERPLATE_PHRASES)


def collapse(text: str) -> str:
    """Whitespace runs (incl. no-break and thin spaces) as one space; invisible characters out."""
    return " ".join(text.translate(SPACE_LIKE).split())


# ---------------------------------------------------------------- the walk


def _title(soup: BeautifulSoup) -> str | None:
    scope = soup.head if soup.head is not None else soup
    tag = scope.find("title")
    if tag is None:
        return None
    return collapse(tag.get_text()) or None


def _is_text(node) -> bool:
    # Comments, CDATA, doctypes and processing instructions are PreformattedStrings.
    return isinstance(node, NavigableString) and not isinstance(node, PreformattedString)


def is_dropped(tag: Tag) -> bool:
    """Site chrome or invisible: the element and everything in it are left out."""
    name = tag.name
    if name in DROP_TAGS or (name == "dialog" and not tag.has_attr("open")):
        return True
    if name in ("header", "footer") and tag.find_parent(SECTIONING) is None:
        return True
    attrs = tag.attrs
    if not attrs:
        return False
    if "hidden" in attrs or str(attrs.get("aria-hidden", "")).strip().lower() == "true":
        return True
    if str(attrs.get("role", "")).strip().lower() in CHROME_ROLES:
        return True
    classes = attrs.get("class") or []
    if isinstance(classes, str):
        classes = classes.split()
    classes = [c.lower() for c in classes]
    if any(c in HIDDEN_CLASSES for c in classes):
        return True
    if name not in NEVER_CHROME:
        names = [str(attrs.get("id", "")).lower(), *classes]
        if any(part in n for n in names for part in CHROME_NAME_PARTS):
            return True
    return "style" in attrs and _style_hides(str(attrs["style"]))


def _style_hides(style: str) -> bool:
    """`display: none` or `visibility: hidden` in an inline style attribute."""
    for declaration in style.split(";"):
        prop, _, value = declaration.partition(":")
        prop = prop.strip().lower()
        value = value.replace("!important", "").strip().lower()
        if (prop == "display" and value == "none") or (prop == "visibility" and value in ("hidden", "collapse")):
            return True
    return False


def _int_attr(tag: Tag, name: str, default: int) -> int:
    try:
        return int(str(tag.get(name, default)).strip())
    except ValueError:
        return default


def cell_text(cell: Tag) -> str:
    """A table cell as one line: inner line breaks and blocks are spaces, chrome is left out."""
    parts: list[str] = []
    stack: list = [cell]
    while stack:
        node = stack.pop()
        if _is_text(node):
            parts.append(str(node))
        elif isinstance(node, Tag):
            if node is not cell and is_dropped(node):
                continue
            if node.name == "br" or node.name in BLOCK_TAGS:
                parts.append(" ")
            stack.extend(reversed(node.contents))
    return collapse("".join(parts))


def table_rows(table: Tag) -> list[tuple[str, ...]] | None:
    """The table's rows as cell texts (merged positions ''), or None for a one-column layout table."""
    rows: list[tuple[str, ...]] = []
    pending: dict[int, int] = {}  # column -> rows a rowspan still covers
    widest = 0
    for tr in table.find_all("tr"):
        if tr.find_parent("table") is not table or is_dropped(tr):
            continue
        # a hidden row section (thead/tbody) between the row and the table hides the row too
        if any(is_dropped(p) for p in tr.parents if p is not table and p.name in ("thead", "tbody", "tfoot")):
            continue
        out: list[str] = []
        col = 0

        def covered() -> None:
            nonlocal col
            while col in pending:
                out.append("")
                pending[col] -= 1
                if not pending[col]:
                    del pending[col]
                col += 1

        for cell in tr.find_all(("td", "th"), recursive=False):
            if is_dropped(cell):
                continue
            covered()
            colspan = min(max(_int_attr(cell, "colspan", 1), 1), MAX_SPAN)
            rowspan = min(max(_int_attr(cell, "rowspan", 1), 1), MAX_SPAN)
            out.append(cell_text(cell))
            out.extend([""] * (colspan - 1))
            if rowspan > 1:
                for k in range(colspan):
                    pending[col + k] = rowspan - 1
            col += colspan
        covered()
        widest = max(widest, len(out))
        rows.append(tuple(out))
    if widest < 2:
        return None
    return [r for r in rows if any(r)]


class _Walker:
    """Walks the DOM in document order (iteratively: deep pages cannot overflow the stack)."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, tuple[str, ...] | None]] = []
        self._buf: list[str] = []
        self._marker: str | None = None
        self._markers: dict[int, str] = {}  # id(li) -> its marker, for the items of <ol>s
        self._pre = 0

    def flush(self) -> None:
        text = collapse("".join(self._buf))
        self._buf.clear()
        if not text:
            return
        if self._marker is not None:
            if not _shows_marker(text, self._marker):
                text = self._marker + text
            self._marker = None
        self.rows.append((text, None))

    def walk(self, root) -> None:
        end = object()
        stack: list = [root]
        while stack:
            node = stack.pop()
            if node is end:
                self.flush()
                continue
            if isinstance(node, tuple):  # (end marker, tag) for tags that undo state when they close
                _, tag = node
                self.flush()
                if tag.name == "pre":
                    self._pre -= 1
                elif tag.name == "li":
                    self._marker = None
                continue
            if _is_text(node):
                self._text(str(node))
                continue
            if not isinstance(node, Tag) or (node is not root and is_dropped(node)):
                continue
            name = node.name
            if name == "br":
                self.flush()
                continue
            if name == "table":
                rows = table_rows(node)
                if rows is not None:
                    self.flush()
                    caption = node.find("caption", recursive=False)
                    if caption is not None and not is_dropped(caption):
                        self._text(cell_text(caption))
                        self.flush()
                    self.rows.extend(("\t".join(r), r) for r in rows)
                    continue
            if name == "ol":
                self._number(node)
            if name == "li":
                self.flush()
                self._marker = self._markers.get(id(node), BULLET)
                stack.append((end, node))
            elif name == "pre":
                self.flush()
                self._pre += 1
                stack.append((end, node))
            elif name in BLOCK_TAGS:
                self.flush()
                stack.append(end)
            stack.extend(reversed(node.contents))
        self.flush()

    def _text(self, text: str) -> None:
        if not self._pre:
            self._buf.append(text)
            return
        for i, part in enumerate(text.split("\n")):
            if i:
                self.flush()
            self._buf.append(part)

    def _number(self, ol: Tag) -> None:
        """The markers of an `<ol>`'s items: start, reversed, an item's value and type honoured."""
        items = ol.find_all("li", recursive=False)
        step = -1 if ol.has_attr("reversed") else 1
        n = _int_attr(ol, "start", len(items) if step < 0 else 1)
        kind = str(ol.get("type", "1"))
        for li in items:
            if li.has_attr("value"):
                n = _int_attr(li, "value", n)
            self._markers[id(li)] = f"{_ordinal(n, str(li.get('type', kind)))}. "
            n += step


def _shows_marker(text: str, marker: str) -> bool:
    """The item's text shows a marker of its own: a bullet ('- Anna', '• Anna'), or in an
    `<ol>` its own number ('1. Anna' for item 1). A date ('12. marts') in a `<ul>` is no marker."""
    if text.startswith(OWN_MARKERS):
        return True
    if marker == BULLET:
        return False
    number = marker.rstrip(". ")
    return text.startswith((f"{number}. ", f"{number}) "))


def _ordinal(n: int, kind: str) -> str:
    if kind in ("a", "A") and n >= 1:
        s = ""
        while n:
            n, r = divmod(n - 1, 26)
            s = chr(ord("a") + r) + s
        return s.upper() if kind == "A" else s
    if kind in ("i", "I") and 1 <= n < 4000:
        s = ""
        for value, numeral in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                               (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
            while n >= value:
                s, n = s + numeral, n - value
        return s.upper() if kind == "I" else s
    return str(n)
