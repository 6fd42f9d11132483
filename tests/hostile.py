"""Hostile inputs for the robustness tests: each function writes one into a folder and returns its path.

Where `brokenfiles.py` holds files a real inbox brings by accident (a download cut short, a
scan), these are built to hurt a parser: text cut in the middle of a character, random
characters, zero-width and bidi marks inside names and figures, NUL bytes, figures beyond 64
bits, one 600 kB line, 60 000 extra lines, a file without newlines, CRLF in Windows-1252,
brackets nested thousands deep, a PDF with no pages and a folder named like a document.
Everything is deterministic (fixed seeds), so a failure reproduces. `all_hostile` writes them
all and says what each is.

Files that are copies of a seed meeting would be the same meeting as the seed (and take its
place as the newer file), so they get an old modification time: the seed stays current and
the copy is superseded, with the reason.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
NORD_REFERAT = RAW / "000_8d54ce4d43275776.txt"
NOTAT = RAW / "004_152554ed5c6a8923.txt"
OLD = 1_500_000_000  # 2017: older than any seed, so a copy of a seed meeting never supersedes it


def _write(folder: Path, name: str, data: bytes | str, *, old: bool = False) -> Path:
    path = Path(folder) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    if old:
        os.utime(path, (OLD, OLD))
    return path


def _meeting(body: str, day: str, kind: str = "REFERAT") -> str:
    return f"{kind}\n\n{body}\n\nDato: {day} 10:00\n\n"


def truncated_utf8(folder: Path) -> Path:
    """The seed notat cut in the middle of a two-byte 'ø' (and of a sentence)."""
    data = NOTAT.read_bytes()
    cut = data.index("ø".encode(), len(data) // 2) + 1
    return _write(folder, "truncated_notat.txt", data[:cut])


def truncated_minutes(folder: Path) -> Path:
    """The seed minutes cut after a third: the same meeting, older, so it is superseded."""
    data = NORD_REFERAT.read_bytes()
    return _write(folder, "truncated_referat.txt", data[: len(data) // 3].decode("utf-8", "ignore"), old=True)


def random_characters(folder: Path) -> Path:
    """Blocks of random printable characters from many scripts, in lines."""
    rnd = random.Random(15)
    alphabet = [chr(c) for c in (*range(0x20, 0x7F), *range(0xA0, 0x250), *range(0x391, 0x3CA), *range(0x410, 0x450),
                                 *range(0x5D0, 0x5EB), *range(0x4E00, 0x4E80))]
    lines = ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 120))) for _ in range(400)]
    return _write(folder, "random_characters.txt", "\n".join(lines))


def zero_width_and_bidi(folder: Path) -> Path:
    """Minutes whose names, parties and figures carry zero-width spaces, joiners and bidi overrides."""
    zw = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u202e", "\u202d", "\u2066", "\u2069", "\u200f"]
    text = (_meeting("KKR Sy\u200bddanmark", "05-05-2025") + "Deltagerfortegnelse\n\nDeltagere\n\n"
            "Ka\u200brin Ha\u202ensen (\u200dA) Odense\u2060 Kommune\n\n"
            "\u202eLars Berg (V)\u202c Vejle Kommune\n\n"
            "Afbud\n\n\u2066Mette Friis\u2069 (C\u200f) Kolding Kommune\n\n"
            "1. Sammensætning\n\nKKR Syddanmark A C V I alt\nBorgmestre 4\u200b 2 6 12\n"
            "Supplerende valg 5 3\u2060 2 10\n\n" + "".join(random.Random(3).choice(zw) + "x" for _ in range(500)))
    return _write(folder, "zero_width_bidi.txt", text)


def nul_bytes(folder: Path) -> Path:
    """A text with NUL bytes between its lines and inside words."""
    text = _meeting("KKR Nordjylland", "07-07-2025") + "Deltagere\n\nAnna\x00 Aaen (Ø) Aalborg Kommune\n\x00\x00\n"
    return _write(folder, "nul_bytes.txt", text.encode("utf-8") * 20)


def beyond_64_bits(folder: Path) -> Path:
    """A quota table and a seat table with figures past 2^63 (and one past 2^64)."""
    text = (_meeting("KKR Sjælland", "11-06-2029") + "1. Kommunekvoter for 2030\n\nBeregnete kommunekvoter\n\t2030\n"
            "Region Østdanmark\t\n253 Greve\t18446744073709551617\n259 Køge\t3\nRegion Østdanmark i alt\t5\n\n"
            "2. Sammensætning af KKR Sjælland for valgperioden 2026-2030\n\n"
            "KKR Sjælland A V I alt\nBorgmestre 99999999999999999999999 2 3\nSupplerende valg 1 1 2\n")
    return _write(folder, "beyond_64_bits.txt", text)


def one_long_line(folder: Path, size: int = 600_000) -> Path:
    """A meeting whose body is one 600 kB line of words and figures, no newline in it."""
    rnd = random.Random(600)
    words = ["kommune", "KKR", "kr.", "1.259", "(A)", "Deltagere", "I alt", "2027", "-", "mio.", "Afbud", "§"]
    line = []
    n = 0
    while n < size:
        w = rnd.choice(words)
        line.append(w)
        n += len(w) + 1
    return _write(folder, "one_long_line.txt", _meeting("KKR Midtjylland", "02-02-2025") + " ".join(line) + "\n")


def many_lines(folder: Path, extra: int = 60_000) -> Path:
    """The seed notat followed by 60 000 short lines that look like table rows and list items."""
    rnd = random.Random(60)
    shapes = ["{n} Kommune\t{v}", "Punkt {n}. Orientering", "Anna Hansen (A) Aalborg Kommune", "I alt {v}",
              "Borgmestre {v} {v} {v}", "{v}.{v}", ""]
    lines = [rnd.choice(shapes).format(n=rnd.randint(100, 999), v=rnd.randint(0, 99)) for _ in range(extra)]
    return _write(folder, "many_lines.txt", NOTAT.read_text(encoding="utf-8") + "\n".join(lines))


def no_newlines(folder: Path) -> Path:
    """The seed notat with every line break removed: one line, ~5 kB."""
    return _write(folder, "no_newlines.txt", NOTAT.read_text(encoding="utf-8").replace("\r", " ").replace("\n", " "))


def crlf_cp1252(folder: Path) -> Path:
    """The seed minutes as a Windows export: CRLF line ends, Windows-1252; older, so superseded."""
    text = NORD_REFERAT.read_text(encoding="utf-8").replace("\n", "\r\n")
    return _write(folder, "windows_export.txt", text.encode("cp1252", errors="replace"), old=True)


def nested_brackets(folder: Path, depth: int = 5000) -> Path:
    """Brackets nested 5000 deep, in a participant line and in a table row."""
    deep = "(" * depth + "A" + ")" * depth
    text = (_meeting("KKR Hovedstaden", "03-03-2025") + f"Deltagere\n\nBo Berg {deep} Gentofte Kommune\n\n"
            f"{'[' * depth}101 København\t64{']' * depth}\n" + "{" * depth + "\n")
    return _write(folder, "nested_brackets.txt", text)


def zero_page_pdf(folder: Path) -> Path:
    """A well-formed PDF whose page tree has no pages."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return _write(folder, "zero_pages.pdf", bytes(out))


def folder_named_txt(folder: Path) -> Path:
    """A folder called 'x.txt', holding one small notat: the folder is no document, the file in it is."""
    inner = Path(folder) / "x.txt" / "inde_i_mappen.txt"
    _write(folder, "x.txt/inde_i_mappen.txt", "NOTAT\n\nDirektionen\n\nEt notat i en mappe, der hedder x.txt.\n")
    return inner.parent


# name -> (writer, what the load must do with it)
HOSTILE = {
    "truncated_notat.txt": (truncated_utf8, "any"),  # today rejected: the UTF-8 is cut mid-character
    "truncated_referat.txt": (truncated_minutes, "superseded"),
    "random_characters.txt": (random_characters, "any"),
    "zero_width_bidi.txt": (zero_width_and_bidi, "any"),
    "nul_bytes.txt": (nul_bytes, "any"),
    "beyond_64_bits.txt": (beyond_64_bits, "quarantined"),
    "one_long_line.txt": (one_long_line, "any"),
    "many_lines.txt": (many_lines, "any"),  # ~6 s alone: loaded, or rejected by a short timeout
    "no_newlines.txt": (no_newlines, "any"),
    "windows_export.txt": (crlf_cp1252, "superseded"),
    "nested_brackets.txt": (nested_brackets, "any"),
    "zero_pages.pdf": (zero_page_pdf, "rejected"),
    "x.txt/inde_i_mappen.txt": (folder_named_txt, "loaded"),
}


def all_hostile(folder: Path) -> dict[str, str]:
    """Write every hostile input into `folder`; source_file -> the outcome it must have ('any': with a reason)."""
    for writer, _ in HOSTILE.values():
        writer(folder)
    return {name: outcome for name, (_, outcome) in HOSTILE.items()}
