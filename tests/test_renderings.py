"""The same meeting as text, as a web page and as a PDF from a second producer gives the same facts.

Documents of the hand-written corpus (tests/corpus/) are rendered here: as an HTML page with a
portal's chrome around them (navigation, a cookie banner, a script, the Google-translate line)
and as a PDF drawn by fpdf2 (tests/pdfgen_fpdf.py: another font, 'Side N af M' footers, a running
header of its own). Header, agenda items and attendance must come out as from the text.
"""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from pipeline.process import SourceFile, process_file

CORPUS = Path(__file__).resolve().parent / "corpus" / "docs"
SAMPLES = [  # text documents of different publishers' shapes (see tests/corpus/README.md)
    "Aabenraa/byraad_2021-03-24.txt",
    "Gribskov/byraadet_2018-06-18.txt",
    "KKR Nordjylland/kkr_referat_2019-03-11.txt",
    "Slagelse/boerne-og-ungeudvalget_2020-03-09.txt",
    "broenderslev/byraadet_2020-03-04.txt",
]
PORTAL = """<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>{title}</title>
<style>body {{ font-family: sans-serif }}</style><script>var tracking = "Fraværende: Ingen";</script></head>
<body><nav><ul><li><a href="/">Forside</a></li><li><a href="/politik">Politik og dagsordener</a></li></ul></nav>
<div id="cookie-consent"><p>Vi bruger cookies til statistik. Accepter alle</p></div>
<p>You can use Google to translate this website. We take no responsibility for the accuracy of the translation.</p>
<main>{body}</main><footer><p>Rådhuspladsen 1 · Telefon 70 00 00 00</p></footer></body></html>"""


def facts(result) -> dict:
    doc = result.document
    return {
        "header": (doc["doc_type"], doc["meeting_date"], doc["issuer"], doc["body"]),
        "items": sorted((r["item_no"] or "", r["title"], r["case_no"] or "") for r in result.tables.get("agenda_items", [])),
        "attendance": sorted((r["person_name"], r["party"] or "", r["status"], r["excused"], r["substitute_for"] or "",
                              r["partial_presence"] or "") for r in result.tables.get("attendance", [])),
    }


def load(path: Path, rel: str):
    return process_file(SourceFile(str(path), rel, "0" * 64, 0, 0.0, rel.replace("/", "_")))


def text_lines(rel: str) -> list[str]:
    return [line.rstrip() for line in (CORPUS / rel).read_text(encoding="utf-8").split("\n")]


def as_html(rel: str) -> str:
    lines = [t for t in text_lines(rel) if t.strip()]
    body = "\n".join(f"<p>{html.escape(t.strip())}</p>" for t in lines)
    return PORTAL.format(title=html.escape(lines[0].strip()), body=body)


def as_pdf(rel: str, out: Path) -> None:
    import pdfgen_fpdf as gen

    lines = [t.strip() for t in text_lines(rel) if t.strip()]
    # the running header repeats the document's own title, as a producer's page furniture does
    gen.render([gen.Paragraph(t) for t in lines], out, header=lines[0][:60])


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    root = tmp_path_factory.mktemp("renderings")
    out = {}
    for rel in SAMPLES:
        folder = root / Path(rel).parent
        folder.mkdir(parents=True, exist_ok=True)
        page = folder / (Path(rel).stem + ".html")
        page.write_text(as_html(rel), encoding="utf-8")
        pdf = folder / (Path(rel).stem + ".pdf")
        as_pdf(rel, pdf)
        parent = Path(rel).parent.as_posix()
        out[rel] = {
            "text": facts(load(CORPUS / rel, rel)),
            "html": facts(load(page, f"{parent}/{page.name}")),
            "pdf": facts(load(pdf, f"{parent}/{pdf.name}")),
        }
    return out


@pytest.mark.parametrize("rel", SAMPLES)
@pytest.mark.parametrize("rendering", ["html", "pdf"])
def test_a_rendering_gives_the_facts_of_the_text(rendered, rel, rendering):
    text, other = rendered[rel]["text"], rendered[rel][rendering]
    assert text["attendance"], f"{rel}: the text itself gives no attendance, so this case proves nothing"
    assert other["header"] == text["header"]
    assert other["items"] == text["items"]
    assert other["attendance"] == text["attendance"]


def test_portal_chrome_does_not_reach_the_facts(rendered):
    for rel in SAMPLES:
        names = {row[0] for row in rendered[rel]["html"]["attendance"]}
        assert not any("cookie" in n.lower() or "google" in n.lower() for n in names)
