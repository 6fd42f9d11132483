"""PDF extraction on PDFs rendered from the seed texts, plus hand-made edge cases and broken files."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Table

import brokenfiles
import pdfgen
from pipeline.extract import errors
from pipeline.extract.errors import ExtractionError
from pipeline.extract.pdf import RawPdf, extract_pdf, fast_page_lines, plumber_page_lines

SEEDS = {p.name[:3]: p for p in sorted(pdfgen.RAW_DIR.glob("*.txt"))}
FOOTER = re.compile(r"^SIDE \| (\d+)$")
HEADER = re.compile(r"^[A-ZÆØÅ][\wæøåÆØÅ ]+ \| \d\d-\d\d-\d{4}$")


@pytest.fixture(scope="session")
def corpus(pdf_dir) -> dict[str, Path]:
    """The seeds rendered once per session (conftest's `pdf_dir` runs `pdfgen.render_corpus`)."""
    paths = {p.name[:3]: p for p in sorted(pdf_dir.glob("*.pdf"))}
    assert set(paths) == set(SEEDS)
    return paths


@pytest.fixture(scope="session")
def extracted(corpus) -> dict[str, RawPdf]:
    return {key: extract_pdf(path) for key, path in corpus.items()}


def table_rows(raw: RawPdf) -> list:
    return [line for line in raw.lines if line.cells is not None]


def seed_lines(key: str) -> list[str]:
    return SEEDS[key].read_text(encoding="utf-8").splitlines()


# ---------------------------------------------------------------- pages, headers, footers


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_pages_and_line_numbers_are_kept(corpus, extracted, key):
    raw = extracted[key]
    with pdfplumber.open(corpus[key]) as pdf:
        assert raw.page_count == len(pdf.pages)
    assert [line.line_no for line in raw.lines] == list(range(1, len(raw.lines) + 1))
    pages = [line.page for line in raw.lines]
    assert pages == sorted(pages)
    assert set(pages) == set(range(1, raw.page_count + 1))


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_every_page_has_its_running_header_and_footer_as_raw_lines(extracted, key):
    raw = extracted[key]
    for page in range(1, raw.page_count + 1):
        texts = [line.text for line in raw.lines if line.page == page]
        assert HEADER.match(texts[0]), texts[0]
        assert FOOTER.match(texts[-1]) and int(FOOTER.match(texts[-1])[1]) == page
    assert len({line.text for line in raw.lines if HEADER.match(line.text)}) == 1


def test_header_is_derived_from_the_seed(extracted):
    first = {key: raw.lines[0].text for key, raw in extracted.items()}
    assert first["000"] == "KKR Nordjylland | 19-04-2024"
    assert first["001"] == "KKR Nordjylland | 23-01-2026"
    assert first["002"] == "KKR Hovedstaden | 16-06-2026"
    assert first["003"].endswith("| 04-02-2025")


# ---------------------------------------------------------------- same document as the seed


def _letters(lines) -> Counter:
    return Counter(ch for text in lines for ch in re.sub(r"<[^>]+>", "", text) if ch.isalpha())


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_pdf_text_has_exactly_the_seed_letters(extracted, key):
    """Wrapping, hyphenation, tables and dot leaders move text around but lose no letter (æøå intact)."""
    seed = [ln for ln in seed_lines(key) if not (pdfgen.SEED_HEADER.match(ln) or pdfgen.SEED_FOOTER.match(ln))]
    pdf = [line.text for line in extracted[key].lines if not (HEADER.match(line.text) or FOOTER.match(line.text))]
    assert _letters(pdf) == _letters(seed)
    assert sum(_letters(pdf)[ch] for ch in "æøåÆØÅ") > 0


def test_long_lines_are_wrapped_and_sometimes_hyphenated(extracted):
    texts = [line.text for line in extracted["002"].lines if line.cells is None]
    hyphenated = [(a, b) for a, b in zip(texts, texts[1:]) if re.search(r"[a-zæøå]-$", a) and re.match(r"[a-zæøå]", b)]
    assert len(hyphenated) >= 5
    longest_seed = max(len(ln) for ln in seed_lines("002"))
    prose = [t for t in texts if "...." not in t]  # dot leaders are narrow; prose lines are what wrap
    assert longest_seed > 500 and max(len(t) for t in prose) < 130


def test_toc_lines_get_dot_leaders_and_page_numbers(extracted):
    toc = [line.text for line in extracted["002"].lines if re.search(r"\.{4,} \d+$", line.text)]
    assert len(toc) == 20
    assert toc[0].startswith("Deltagerfortegnelse .") and toc[0].endswith(" 3")
    assert any(t.startswith("3.9. Kommunekvoter for fordeling af flygtninge for 2027 .") and t.endswith(" 33") for t in toc)


# ---------------------------------------------------------------- ruled tables


def test_quota_table_rows_cross_a_page_break(extracted):
    raw = extracted["002"]
    rows = table_rows(raw)
    munis = [r for r in rows if re.match(r"^\d{3} ", r.cells[0])]
    expected = [tuple(ln.split("\t")) for ln in seed_lines("002") if re.match(r"^\d{3} \S.*\t", ln)]
    assert len(expected) == 46
    assert [r.cells for r in munis] == expected
    total = [r for r in rows if r.cells[0] == "Region Østdanmark i alt"]
    assert [r.cells for r in total] == [("Region Østdanmark i alt", "277")]
    pages = sorted({r.page for r in munis + total})
    assert len(pages) == 2 and pages[1] == pages[0] + 1
    header_pages = [r.page for r in rows if r.cells == ("", "2027")]
    assert header_pages == pages  # the column header is repeated on the continuation page
    assert ("Bilag B", "") in [r.cells for r in rows]  # merged title cell: the covered cell is ''


def test_quota_table_stands_where_it_is_in_the_text(extracted):
    lines = extracted["002"].lines
    first = next(i for i, line in enumerate(lines) if line.cells == ("Bilag B", ""))
    last = next(i for i, line in enumerate(lines) if line.cells and line.cells[0] == "Region Østdanmark i alt")
    assert lines[first - 1].text == "Beregnete kommunekvoter for kommunerne i Region Østdanmark 2026"
    assert lines[last + 1].text == "Bilag"
    inside = [line for line in lines[first:last + 1] if line.cells is None]
    assert all(HEADER.match(line.text) or FOOTER.match(line.text) for line in inside)


def test_seat_table_is_four_rows_of_eleven_cells(extracted):
    rows = table_rows(extracted["001"])
    assert [len(r.cells) for r in rows] == [11, 11, 11, 11]
    assert rows[0].cells == ("KKR Nordjylland", "A", "B", "C", "F", "I", "O", "V", "Æ", "Ø", "I alt")
    seed = {ln.split(" ", 1)[0]: ln.split() for ln in seed_lines("001")
            if re.match(r"^(Borgmestre|Supplerende valg|Antal medlemmer) \d", ln)}
    assert [r.cells[1:] for r in rows[1:]] == [tuple(v[-10:]) for v in seed.values()]
    assert [r.cells[0] for r in rows[1:]] == ["Borgmestre", "Supplerende valg", "Antal medlemmer"]
    assert len({r.page for r in rows}) == 1


def test_sosu_tables_keep_two_header_rows_and_strip_tags(extracted):
    rows = [r.cells for r in table_rows(extracted["002"])]
    seed = seed_lines("002")
    start = rows.index(("", "Social- og sundheds- hjælpere", "", "Social- og sundheds- assistenter", ""))
    assert rows[start + 1] == ("",) + ("Dimensionering 2026", "Dimensionering 2027") * 2
    dims = [tuple(ln.split("\t")) for ln in seed if re.match(r"^(KKR \w+|Hele landet)\t", ln)]
    assert rows[start + 2:start + 8] == dims
    assert ("", "Social- og sundheds- assistent", "Social- og sundheds- hjælper", "I alt") in rows
    assert ("2023", "5.827", "4.308", "10.135") in rows
    assert ("Gennemsnit 2021-25", "5.448", "4.007", "9.455") in rows


def test_budget_table_joins_the_wrapped_label(extracted):
    rows = [r.cells for r in table_rows(extracted["003"])]
    assert rows == [
        ("Poster", "Pris kr."),
        ("Forplejning", "50.000"),
        ("Facilitering, underholdning og øvrige udgifter", "20.000"),
        ("Rundvisning og bustransport", "32.000"),
        ("I alt", "102.000"),
    ]


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_table_rows_text_is_the_tab_joined_cells(extracted, key):
    for line in table_rows(extracted[key]):
        assert line.text == "\t".join(line.cells)
        assert all("\n" not in cell and cell == cell.strip() for cell in line.cells)


def test_documents_without_tables_have_no_cells(extracted):
    assert table_rows(extracted["000"]) == [] and table_rows(extracted["004"]) == []


# ---------------------------------------------------------------- fast (pdfium) path == pdfplumber


@pytest.mark.parametrize("key", ["001", "003", "004"])
def test_fast_and_pdfplumber_paths_give_the_same_lines(corpus, extracted, key):
    assert extract_pdf(corpus[key], fast=False) == extracted[key]


@pytest.mark.parametrize("key,text_pages", [("000", [1, 2, 5]), ("002", [1, 2, 12])])
def test_fast_page_lines_match_pdfplumber_on_big_documents(corpus, extracted, key, text_pages):
    """Page by page (the whole of 000/002 through pdfplumber would be slow): text pages with
    hyphen-ended lines, TOC, headers and footers, and every page that holds a table."""
    table_pages = sorted({line.page for line in extracted[key].lines if line.cells is not None})
    assert len(table_pages) == (0 if key == "000" else 4)
    doc = pdfium.PdfDocument(corpus[key])
    try:
        with pdfplumber.open(corpus[key]) as pdf:
            for page_no in text_pages + table_pages:
                fast = fast_page_lines(doc, page_no - 1, doc[page_no - 1])
                assert fast == plumber_page_lines(pdf.pages[page_no - 1]), page_no
    finally:
        doc.close()


def _hand_pdf(path: Path, draw) -> Path:
    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    canvas.setFont(pdfgen.FONT, 10)
    draw(canvas)
    canvas.showPage()
    canvas.save()
    return path


@pytest.mark.parametrize("fast", [True, False])
def test_lines_come_top_to_bottom_whatever_the_drawing_order(tmp_path, fast):
    def draw(c):
        c.drawString(450, 40, "SIDE | 1")  # footer drawn first, as some producers do
        c.drawString(72, 700, "Det indstilles, at dagsorden god-")
        c.drawString(72, 686, "kendes.")
        c.drawString(72, 780, "Overskrift")

    raw = extract_pdf(_hand_pdf(tmp_path / "order.pdf", draw), fast=fast)
    assert [line.text for line in raw.lines] == ["Overskrift", "Det indstilles, at dagsorden god-", "kendes.", "SIDE | 1"]


@pytest.mark.parametrize("fast", [True, False])
def test_a_framed_box_or_aligned_columns_are_not_tables(tmp_path, fast):
    def draw(c):
        c.rect(60, 640, 300, 60)
        c.drawString(72, 680, "Bemærk: fristen er 1. maj")
        c.drawString(72, 660, "Svar sendes til KKR")
        c.drawString(72, 500, "Forplejning")
        c.drawString(300, 500, "50.000")
        c.drawString(72, 486, "I alt")
        c.drawString(300, 486, "102.000")

    raw = extract_pdf(_hand_pdf(tmp_path / "box.pdf", draw), fast=fast)
    assert all(line.cells is None for line in raw.lines)
    assert [line.text for line in raw.lines] == [
        "Bemærk: fristen er 1. maj", "Svar sendes til KKR", "Forplejning 50.000", "I alt 102.000"]


@pytest.mark.parametrize("rotation", [0, 90])
def test_hand_made_table_page_reads_the_same_both_ways(tmp_path, rotation):
    """A ruled table between two text lines; a /Rotate page takes pdfplumber's path whole."""
    def draw(c):
        if rotation:
            c.setPageRotation(rotation)
        c.drawString(72, 780, "Overskrift over tabellen")
        table = Table([["Poster", "Pris kr."], ["Forplejning", "50.000"], ["I alt", "50.000"]],
                      style=[("GRID", (0, 0), (-1, -1), 0.5, "black"), ("FONTNAME", (0, 0), (-1, -1), pdfgen.FONT)])
        _, height = table.wrapOn(c, 400, 400)
        table.drawOn(c, 72, 700 - height)
        c.drawString(72, 500, "Tekst under tabellen")

    path = _hand_pdf(tmp_path / f"table_{rotation}.pdf", draw)
    fast, slow = extract_pdf(path), extract_pdf(path, fast=False)
    assert fast == slow
    if rotation == 0:
        assert [(line.text, line.cells) for line in fast.lines] == [
            ("Overskrift over tabellen", None),
            ("Poster\tPris kr.", ("Poster", "Pris kr.")),
            ("Forplejning\t50.000", ("Forplejning", "50.000")),
            ("I alt\t50.000", ("I alt", "50.000")),
            ("Tekst under tabellen", None),
        ]


# ---------------------------------------------------------------- corpus copies


def test_copies_have_distinct_sha256_and_the_same_lines(tmp_path):
    paths = pdfgen.render_corpus(tmp_path, copies=3, seeds=[SEEDS["004"]])
    assert len(paths) == 3 and len({p.name for p in paths}) == 3
    assert len({hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}) == 3
    first, *rest = (extract_pdf(p) for p in paths)
    assert all(other == first for other in rest)


# ---------------------------------------------------------------- broken files


@pytest.mark.parametrize("make,code", [
    (brokenfiles.empty_pdf, errors.EMPTY),
    (brokenfiles.truncated_pdf, errors.CORRUPT),
    (brokenfiles.not_a_pdf, errors.NOT_PDF),
    (brokenfiles.random_bytes_pdf, errors.NOT_PDF),
    (brokenfiles.random_bytes_txt, errors.NOT_PDF),
    (brokenfiles.garbage_after_header_pdf, errors.CORRUPT),
    (brokenfiles.encrypted_pdf, errors.ENCRYPTED),
    (brokenfiles.scanned_pdf, errors.NEEDS_OCR),
    (brokenfiles.blank_pdf, errors.EMPTY),
])
@pytest.mark.parametrize("fast", [True, False])
def test_broken_files_are_rejected_with_a_code_and_a_reason(tmp_path, make, code, fast):
    path = make(tmp_path)
    with pytest.raises(ExtractionError) as info:
        extract_pdf(path, fast=fast)
    assert info.value.code == code
    reason = info.value.reason
    assert reason == str(info.value) and 10 <= len(reason) <= 200 and "Traceback" not in reason
    assert re.search(r"[a-z]{4,}", reason)


def test_scanned_pdf_says_it_needs_ocr(tmp_path):
    with pytest.raises(ExtractionError, match="no text layer; needs OCR"):
        extract_pdf(brokenfiles.scanned_pdf(tmp_path))


def test_page_limit(tmp_path):
    path = brokenfiles.huge_pdf(tmp_path, pages=60)
    with pytest.raises(ExtractionError) as info:
        extract_pdf(path, max_pages=50)
    assert info.value.code == errors.TOO_MANY_PAGES and "60" in info.value.reason
    raw = extract_pdf(path, max_pages=60)
    assert raw.page_count == 60 and [line.page for line in raw.lines] == list(range(1, 61))


def test_size_limit(corpus):
    with pytest.raises(ExtractionError) as info:
        extract_pdf(corpus["004"], max_bytes=1000)
    assert info.value.code == errors.TOO_LARGE


def test_pdf_with_only_an_owner_password_still_reads(tmp_path):
    raw = extract_pdf(brokenfiles.encrypted_pdf(tmp_path, user_password=""))
    assert "Fortroligt: dette dokument er krypteret." in [line.text for line in raw.lines]


def test_cp1252_copy_is_windows_1252(tmp_path):
    out = brokenfiles.cp1252_copy(SEEDS["000"], tmp_path / "cp1252.txt")
    data = out.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert data.decode("cp1252") == SEEDS["000"].read_text(encoding="utf-8").replace("\u0336", "?")
