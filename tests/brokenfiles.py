"""Deliberately bad inputs for the robustness tests: each function writes one and returns its path.

Real inboxes hold these: a zero-byte upload, a download cut short, an HTML error page saved
as .pdf, a password-protected PDF, a scan without a text layer, a Windows-1252 text export.
The loader must reject (or, for cp1252, decode) each of them with a reason, never crash.
"""

from __future__ import annotations

import io
import random
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen.canvas import Canvas

try:  # tests/ on sys.path (pytest's default) or the repo root (import tests.brokenfiles)
    from pdfgen import FONT, RAW_DIR, render_seed_pdf  # also registers the Danish-capable font
except ImportError:  # pragma: no cover
    from tests.pdfgen import FONT, RAW_DIR, render_seed_pdf


def _folder(folder: Path) -> Path:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def empty_pdf(folder: Path) -> Path:
    """A zero-byte file named .pdf."""
    path = _folder(folder) / "empty.pdf"
    path.write_bytes(b"")
    return path


def truncated_pdf(folder: Path, seed: Path | None = None) -> Path:
    """A real generated PDF cut in half (a download that stopped)."""
    folder = _folder(folder)
    whole = render_seed_pdf(seed or RAW_DIR / "004_152554ed5c6a8923.txt", folder / "whole_for_truncation.pdf")
    data = whole.read_bytes()
    whole.unlink()
    path = folder / "truncated.pdf"
    path.write_bytes(data[: len(data) // 2])
    return path


def not_a_pdf(folder: Path) -> Path:
    """An HTML error page saved under a .pdf name."""
    path = _folder(folder) / "not_a_pdf.pdf"
    path.write_text(
        "<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head>\n"
        "<body><h1>Siden blev ikke fundet</h1><p>Dokumentet findes ikke længere.</p></body></html>\n",
        encoding="utf-8",
    )
    return path


def _text_page(canvas: Canvas, lines: list[str]) -> None:
    canvas.setFont(FONT, 11)
    y = A4[1] - 72
    for line in lines:
        canvas.drawString(72, y, line)
        y -= 15
    canvas.showPage()


def encrypted_pdf(folder: Path, user_password: str = "hemmelig") -> Path:
    """A PDF that needs a user password to open (RC4 128-bit, as reportlab writes it)."""
    path = _folder(folder) / "encrypted.pdf"
    enc = StandardEncryption(user_password, ownerPassword="ejer-" + user_password, strength=128)
    canvas = Canvas(str(path), pagesize=A4, encrypt=enc, invariant=1)
    _text_page(canvas, ["REFERAT 2026", "KKR Nordjylland | 19-04-2024", "Fortroligt: dette dokument er krypteret."])
    canvas.save()
    return path


def _scan_image() -> ImageReader:
    """A grey 'scan' of a page with dark bars where text lines would be (pixels, no text)."""
    from PIL import Image, ImageDraw  # Pillow comes with pdfplumber

    img = Image.new("L", (620, 877), 245)
    draw = ImageDraw.Draw(img)
    rnd = random.Random(7)
    for row in range(60, 820, 22):
        draw.rectangle((60, row, 60 + rnd.randint(200, 500), row + 9), fill=40)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    buf.seek(0)
    return ImageReader(buf)


def scanned_pdf(folder: Path, pages: int = 2) -> Path:
    """Pages that are only an image: no text layer at all, so it needs OCR."""
    path = _folder(folder) / "scanned.pdf"
    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    image = _scan_image()
    for _ in range(pages):
        canvas.drawImage(image, 0, 0, width=A4[0], height=A4[1])
        canvas.showPage()
    canvas.save()
    return path


def random_bytes_txt(folder: Path, size: int = 4096) -> Path:
    """Binary junk under a .txt name (deterministic, so failures reproduce)."""
    path = _folder(folder) / "random_bytes.txt"
    path.write_bytes(random.Random(20240419).randbytes(size))
    return path


def random_bytes_pdf(folder: Path, size: int = 4096) -> Path:
    """Binary junk under a .pdf name."""
    path = _folder(folder) / "random_bytes.pdf"
    path.write_bytes(random.Random(20260616).randbytes(size))
    return path


def garbage_after_header_pdf(folder: Path) -> Path:
    """Starts like a PDF and ends like one, but holds no readable objects in between."""
    path = _folder(folder) / "garbage_body.pdf"
    junk = random.Random(3).randbytes(2048)
    path.write_bytes(b"%PDF-1.4\n" + junk + b"\nstartxref\n0\n%%EOF\n")
    return path


def cp1252_copy(txt_path: Path, out: Path) -> Path:
    """A Windows-1252 encoded copy of a seed text (characters cp1252 lacks become '?')."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(Path(txt_path).read_text(encoding="utf-8").encode("cp1252", errors="replace"))
    return out


def huge_pdf(folder: Path, pages: int = 2001) -> Path:
    """Many small text pages, to trip the page limit."""
    path = _folder(folder) / f"huge_{pages}_pages.pdf"
    canvas = Canvas(str(path), pagesize=A4, invariant=1, pageCompression=1)
    for n in range(1, pages + 1):
        canvas.setFont(FONT, 11)
        canvas.drawString(72, A4[1] - 72, f"Side {n} af et meget langt bilag")
        canvas.showPage()
    canvas.save()
    return path


def blank_pdf(folder: Path, pages: int = 1) -> Path:
    """Pages with neither text nor images."""
    path = _folder(folder) / "blank.pdf"
    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    for _ in range(pages):
        canvas.showPage()
    canvas.save()
    return path


def all_broken(folder: Path) -> dict[str, Path]:
    """Every broken PDF, keyed by the `ExtractionError.code` it should raise (for benchmarks/demos)."""
    return {
        "empty": empty_pdf(folder),
        "corrupt": truncated_pdf(folder),
        "not_pdf": not_a_pdf(folder),
        "encrypted": encrypted_pdf(folder),
        "needs_ocr": scanned_pdf(folder),
    }
