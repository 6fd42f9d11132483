"""HTML minutes (pipeline/extract/html.py): the lines a portal page gives, and the dispatch.

Every page here is invented for the test (names, places and wording are made up), in the
shapes municipal portals publish: a field table or definition list, a member list, agenda
items as headings, a figure table, and site chrome that must vanish.
"""

from __future__ import annotations

import pytest

from pipeline.documents import SUPPORTED_SUFFIXES, extract
from pipeline.extract import errors
from pipeline.extract.errors import ExtractionError
from pipeline.extract.html import html_lines, is_boilerplate

MINUTES = """<!DOCTYPE html>
<html lang="da">
<head>
  <meta charset="utf-8">
  <title>Referat – Teknik- og Miljøudvalget &ndash; Egeby Kommune</title>
  <style>body { font-family: sans-serif } .x::before { content: "Skjult CSS-tekst" }</style>
  <script>window.dataLayer = []; document.write("Skjult script-tekst");</script>
</head>
<body class="page has-cookie-banner">
  <a class="skip-link" href="#indhold">Gå til indhold</a>
  <header class="site-header">
    <img src="logo.png" alt="Egeby Kommune">
    <nav aria-label="Hovedmenu"><ul><li><a href="/">Forside</a></li><li><a href="/politik">Politik</a></li></ul></nav>
  </header>
  <div id="cookie-consent" class="cc-window">
    <p>Vi bruger cookies for at forbedre hjemmesiden.</p>
    <button>Accepter alle</button>
  </div>
  <div id="google_translate_element"><span>Select Language</span></div>
  <main id="indhold">
    <article>
      <h1>Referat</h1>
      <p class="lead">Teknik- og Miljøudvalget</p>
      <table class="meeting-info">
        <tr><th>Mødedato</th><td>4. februar 2025</td></tr>
        <tr><th>Mødested</th><td>Mødelokale&nbsp;2, <span>Rådhuset</span></td></tr>
        <tr><th>Udvalg</th><td>Teknik- og Miljøudvalget</td></tr>
      </table>
      <h2>Medlemmer</h2>
      <ul class="members">
        <li>Anna Holm (A)</li>
        <li>Bent <strong>Kirk</strong> (V), formand</li>
        <li>Cecilie Å. Ravn (F)</li>
      </ul>
      <p><b>Fraværende:</b> Dorte Lund (C)</p>
      <p class="translate-note">You can use Google to translate this website. We are not responsible for the accuracy of the translation.</p>
      <h2>1. Godkendelse af dagsorden</h2>
      <p>Sagsnr.: 00.01.00-A00-1-25</p>
      <h3>Beslutning</h3>
      <p>Dagsordenen blev
         godkendt.</p>
      <h2>2. Fordeling af boligkvoter 2025</h2>
      <p>Sagsnr.: 27.12.00-P20-3-24</p>
      <p>Kvoterne fordeles således:<br>første halvår og<br/>andet halvår</p>
      <table class="figures">
        <thead>
          <tr><th>Kommune</th><th>Kvote<br>2025<br>(antal)</th></tr>
        </thead>
        <tbody>
          <tr><td>Egeby</td><td>12</td></tr>
          <tr><td>Lyngby&shy;sted</td><td> 7 </td></tr>
          <tr style="display:none"><td>Skjult række</td><td>99</td></tr>
          <tr><td><em>I alt</em></td><td><strong>19</strong></td></tr>
        </tbody>
      </table>
      <ol>
        <li>Forslaget godkendes.</li>
        <li>Sagen sendes til <a href="/kr">Kommunalbestyrelsen</a>.</li>
      </ol>
      <div hidden>Skjult med hidden</div>
      <p aria-hidden="true">Skjult for skærmlæsere</p>
      <noscript>Slå JavaScript til</noscript>
      <template><p>Skabelontekst</p></template>
      <svg><text>SVG-tekst</text></svg>
      <form><label>Søg</label><input name="q"><button>Søg</button></form>
      <footer class="article-footer">Senest opdateret 5. februar 2025</footer>
    </article>
  </main>
  <footer class="site-footer"><p>Egeby Kommune · Torvet 1 · 9999 Egeby</p></footer>
  <div class="goog-te-banner-frame">Oversat af Google</div>
</body>
</html>
"""

MINUTES_LINES = [
    ("Referat", None),
    ("Teknik- og Miljøudvalget", None),
    ("Mødedato\t4. februar 2025", ("Mødedato", "4. februar 2025")),
    ("Mødested\tMødelokale 2, Rådhuset", ("Mødested", "Mødelokale 2, Rådhuset")),
    ("Udvalg\tTeknik- og Miljøudvalget", ("Udvalg", "Teknik- og Miljøudvalget")),
    ("Medlemmer", None),
    ("• Anna Holm (A)", None),
    ("• Bent Kirk (V), formand", None),
    ("• Cecilie Å. Ravn (F)", None),
    ("Fraværende: Dorte Lund (C)", None),
    ("1. Godkendelse af dagsorden", None),
    ("Sagsnr.: 00.01.00-A00-1-25", None),
    ("Beslutning", None),
    ("Dagsordenen blev godkendt.", None),
    ("2. Fordeling af boligkvoter 2025", None),
    ("Sagsnr.: 27.12.00-P20-3-24", None),
    ("Kvoterne fordeles således:", None),
    ("første halvår og", None),
    ("andet halvår", None),
    ("Kommune\tKvote 2025 (antal)", ("Kommune", "Kvote 2025 (antal)")),
    ("Egeby\t12", ("Egeby", "12")),
    ("Lyngbysted\t7", ("Lyngbysted", "7")),
    ("I alt\t19", ("I alt", "19")),
    ("1. Forslaget godkendes.", None),
    ("2. Sagen sendes til Kommunalbestyrelsen.", None),
    ("Senest opdateret 5. februar 2025", None),  # an article's own footer is content, not chrome
]


def _shape(lines):
    return [(line.text, line.cells) for line in lines]


def test_minutes_page_lines_and_cells():
    page = html_lines(MINUTES.encode("utf-8"))
    assert _shape(page.lines) == MINUTES_LINES
    assert [line.line_no for line in page.lines] == list(range(1, len(MINUTES_LINES) + 1))
    assert {line.page for line in page.lines} == {1}
    assert all(line.spans is None for line in page.lines)
    assert page.title == "Referat – Teknik- og Miljøudvalget – Egeby Kommune"
    assert page.encoding == "utf-8"
    for line in page.lines:
        if line.cells is not None:
            assert line.text == "\t".join(line.cells)


def test_chrome_and_hidden_text_vanish():
    text = "\n".join(line.text for line in html_lines(MINUTES.encode("utf-8")).lines)
    for gone in ("Skjult", "Forside", "Politik", "cookies", "Accepter", "Google", "Select Language",
                 "Gå til indhold", "JavaScript", "Skabelon", "SVG", "Søg", "Torvet", "Oversat", "99",
                 "dataLayer", "font-family"):
        assert gone not in text, gone


def test_definition_list_and_br_runs():
    page = html_lines("""<html><body>
        <h1>Referat</h1>
        <dl><dt>Mødedato</dt><dd>11.&nbsp;marts 2025 kl. 16:00</dd>
            <dt>Mødested</dt><dd>Byrådssalen</dd>
            <dt>Udvalg</dt><dd>Børne- og Ungeudvalget</dd></dl>
        <div>Deltagere: Ole Vang (O)<br>Pia Kjær (B)<br><br>Rune Sand (Ø)</div>
        <p>Fraværende: <span>Søren</span> <span>Mø</span>ller (A)</p>
        </body></html>""".encode())
    assert _shape(page.lines) == [
        ("Referat", None),
        ("Mødedato", None), ("11. marts 2025 kl. 16:00", None),
        ("Mødested", None), ("Byrådssalen", None),
        ("Udvalg", None), ("Børne- og Ungeudvalget", None),
        ("Deltagere: Ole Vang (O)", None), ("Pia Kjær (B)", None), ("Rune Sand (Ø)", None),
        ("Fraværende: Søren Møller (A)", None),
    ]
    assert page.title is None


def test_list_markers():
    page = html_lines("""<body>
        <ul><li>Anna Holm (A)</li><li>- Karl Berg (V)</li><li>• Lise Bach (F)</li>
            <li>12. marts er mødedagen</li><li></li>
            <li>Bo Dahl (A)<ul><li>stedfortræder: Eva Nør (A)</li></ul></li></ul>
        <ol start="3"><li>Tredje punkt</li><li value="7">Syvende punkt</li><li>Ottende punkt</li></ol>
        <ol type="a"><li>første</li><li>anden</li></ol>
        <ol><li>1. Nummereret af siden selv</li></ol>
        </body>""".encode())
    assert [line.text for line in page.lines] == [
        "• Anna Holm (A)",
        "- Karl Berg (V)",         # the page's own marker is kept, not doubled
        "• Lise Bach (F)",
        "• 12. marts er mødedagen",  # a date is no list number
        "• Bo Dahl (A)",
        "• stedfortræder: Eva Nør (A)",
        "3. Tredje punkt", "7. Syvende punkt", "8. Ottende punkt",
        "a. første", "b. anden",
        "1. Nummereret af siden selv",
    ]


def test_table_spans_and_layout_tables():
    page = html_lines("""<body>
        <table><caption>Fordeling</caption>
          <tr><th colspan="3">Boligkvoter</th></tr>
          <tr><th>Kommune</th><th>2025</th><th>2026</th></tr>
          <tr><td rowspan="2">Nordby</td><td>4</td><td>5</td></tr>
          <tr><td>1</td><td>2</td></tr>
          <tr><td></td><td></td><td></td></tr>
        </table>
        <table class="layout"><tr><td><p>Bilag 1</p><p>Bilag 2</p></td></tr></table>
        </body>""".encode())
    assert _shape(page.lines) == [
        ("Fordeling", None),
        ("Boligkvoter\t\t", ("Boligkvoter", "", "")),
        ("Kommune\t2025\t2026", ("Kommune", "2025", "2026")),
        ("Nordby\t4\t5", ("Nordby", "4", "5")),
        ("\t1\t2", ("", "1", "2")),           # the rowspan's covered cell is '', as pdfplumber gives it
        ("Bilag 1", None), ("Bilag 2", None),  # a one-column table is layout, read as blocks
    ]


def test_windows_1252_page():
    html = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
            "<title>Økonomiudvalget</title></head><body><p>Bæredygtig økonomi på Ærø – “ja”</p></body></html>")
    page = html_lines(html.encode("cp1252"))
    assert page.encoding == "cp1252"
    assert [line.text for line in page.lines] == ["Bæredygtig økonomi på Ærø – “ja”"]
    assert page.title == "Økonomiudvalget"


def test_charset_fallbacks():
    body = "<p>Mødet i Sønderå blev holdt på Æblegården</p>"
    # no declaration: UTF-8, then Windows-1252
    assert html_lines(body.encode("utf-8")).encoding == "utf-8"
    fallback = html_lines(body.encode("cp1252"))
    assert (fallback.encoding, fallback.lines[0].text) == ("cp1252", "Mødet i Sønderå blev holdt på Æblegården")
    # a page that declares UTF-8 but was saved as Windows-1252 is still read
    wrong = html_lines(('<meta charset="utf-8">' + body).encode("cp1252"))
    assert (wrong.encoding, wrong.lines[0].text) == ("cp1252", "Mødet i Sønderå blev holdt på Æblegården")
    # ISO-8859-1 is read as Windows-1252 (as browsers do): the en dash survives
    latin = html_lines(('<meta charset="iso-8859-1"><p>Side 1 – Æ</p>').encode("cp1252"))
    assert (latin.encoding, latin.lines[0].text) == ("cp1252", "Side 1 – Æ")
    # a BOM wins over everything
    bom = html_lines(b"\xef\xbb\xbf" + '<meta charset="windows-1252"><p>Åbent møde</p>'.encode("utf-8"))
    assert (bom.encoding, bom.lines[0].text) == ("utf-8", "Åbent møde")


@pytest.mark.parametrize("html", [
    b"",
    b"   \n",
    b"<html><head><title>Tom side</title></head><body></body></html>",
    b"<html><body><script>var x = 1;</script><nav><a href='/'>Forside</a></nav>"
    b"<div class='cookie-banner'>Vi bruger cookies</div><p style='display: none'>skjult</p></body></html>",
    "<body><p>You can use Google to translate this website.</p><p>&nbsp;</p></body>".encode(),
])
def test_page_without_text_is_rejected(html):
    with pytest.raises(ExtractionError) as exc:
        html_lines(html)
    assert exc.value.code == errors.EMPTY
    assert "no text" in exc.value.reason


def test_boilerplate_is_recognised_not_overreached():
    assert is_boilerplate("You can use Google to translate this website.")
    assert is_boilerplate("Du kan bruge Google til at oversætte denne hjemmeside")
    assert is_boilerplate("Select language:")
    assert not is_boilerplate("Udvalget drøftede, om borgerne kan bruge Google Translate i borgerservice, "
                              "og besluttede at undersøge sagen nærmere inden næste møde i foråret 2025.")
    assert not is_boilerplate("Mødedato")


def test_extract_dispatches_html_files(tmp_path):
    assert {".html", ".htm"} <= SUPPORTED_SUFFIXES
    for name in ("referat.html", "REFERAT.HTM"):
        path = tmp_path / name
        path.write_bytes(MINUTES.encode("utf-8"))
        got = extract(path)
        assert (got.source_format, got.page_count) == ("html", 1)
        assert got.title == "Referat – Teknik- og Miljøudvalget – Egeby Kommune"
        assert _shape(got.lines) == MINUTES_LINES
        assert not got.lossy


def test_extract_rejects_what_is_not_html(tmp_path):
    page = tmp_path / "referat.pdf"  # an HTML page saved under a PDF name stays a PDF-reader rejection
    page.write_bytes(MINUTES.encode("utf-8"))
    with pytest.raises(ExtractionError) as exc:
        extract(page)
    assert exc.value.code == errors.NOT_PDF and "HTML" in exc.value.reason
    empty = tmp_path / "tom.htm"
    empty.write_bytes(b"<html><body><nav>Menu</nav></body></html>")
    with pytest.raises(ExtractionError) as exc:
        extract(empty)
    assert exc.value.code == errors.EMPTY
    other = tmp_path / "referat.docx"
    other.write_bytes(b"PK\x03\x04")
    with pytest.raises(ExtractionError) as exc:
        extract(other)
    assert exc.value.code == errors.UNSUPPORTED and ".html" in exc.value.reason
