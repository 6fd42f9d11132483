"""Text decoding, page recovery and the clean-up every parser relies on."""

from pipeline.extract.cleanup import clean_lines, is_toc_line
from pipeline.extract.errors import ExtractionError
from pipeline.extract.text import decode, text_lines
from pipeline.models import Line

import pytest


def test_windows_1252_is_decoded_not_rejected():
    text = "Kommunekvoter for Tårnby og Høje-Taastrup – æøå"
    assert decode(text.encode("cp1252")) == text
    assert decode(text.encode("utf-8")) == text
    assert decode("\ufeffÆble".encode("utf-8")) == "Æble"


@pytest.mark.parametrize("data", [b"", b"   \n\n", bytes(range(256)) * 40])
def test_empty_and_binary_text_is_rejected(data):
    with pytest.raises(ExtractionError) as err:
        decode(data)
    assert err.value.code in {"empty", "binary"}
    assert err.value.reason


def test_pages_follow_page_breaks_and_footers():
    lines, pages = text_lines("first\n\nsecond\n SIDE  |  7 \nthird\n indented line\nfourth\fafter form feed")
    by_text = {ln.text.strip(): ln.page for ln in lines}
    assert by_text["second"] == 7 and by_text["first"] == 7  # footer names the page that ends
    assert by_text["third"] == 8
    assert by_text["indented line"] == 8  # a leading space is layout, not a page break
    assert by_text["after form feed"] == 9
    assert pages == 9


def test_side_n_af_m_footers_and_a_bulleted_case_keep_their_pages():
    page = "\n".join(f" • punkt {k} i en indrykket liste" for k in range(12))
    text = f"Sagsfremstilling\n{page}\nSide 1 af 3\n{page}\nSide 2 af 3\n{page}\nside 3/3\n"
    lines, pages = text_lines(text)
    assert pages == 3
    assert [ln.page for ln in lines if "punkt 0 " in ln.text] == [1, 2, 3]
    assert [ln.text for ln in clean_lines(lines) if ln.text.lower().startswith("side")] == []  # footers dropped


def test_hyphenated_words_are_joined_only_before_lowercase():
    raw = [Line("Det indstilles, at dagsorden god-", 1, 1), Line("kendes. Næste sætning", 1, 2),
           Line("valgperioden 2026-", 1, 3), Line("2030 og KKR-", 1, 4), Line("Nordjylland", 1, 5)]
    texts = [ln.text for ln in clean_lines(raw)]
    assert texts == ["Det indstilles, at dagsorden godkendes.", "Næste sætning", "valgperioden 2026-",
                     "2030 og KKR-", "Nordjylland"]


def test_running_headers_footers_and_toc_are_dropped(seed_docs):
    for doc in seed_docs.values():
        for ln in doc.lines:
            assert "SIDE  |" not in ln.text
            assert not ln.text.startswith("KKR Nordjylland  |")
    hoved = seed_docs["hoved_2026_referat"]
    titles = [ln.text for ln in hoved.lines if ln.text.startswith("3.9.")]
    assert titles == ["3.9. Kommunekvoter for fordeling af flygtninge for 2027"]  # the TOC copy is gone
    assert is_toc_line("Deltagerfortegnelse.....\t3")
    assert is_toc_line("3.10. Orientering om KKR's fælles prioriterede VIP infrastrukturprojekter ...\t36")
    assert is_toc_line("Kommunekvoter for fordeling af flygtninge ........ 33")
    assert not is_toc_line("101 København\t64")
    assert not is_toc_line("Region Østdanmark i alt\t277")


def test_seed_documents_are_classified(seed_docs):
    got = {k: (d.doc_type, d.body, d.meeting_date and d.meeting_date.isoformat()) for k, d in seed_docs.items()}
    assert got == {
        "nord_2024_referat": ("referat", "KKR Nordjylland", "2024-04-19"),
        "nord_2026_dagsorden": ("dagsorden", "KKR Nordjylland", "2026-01-23"),
        "hoved_2026_referat": ("referat", "KKR Hovedstaden", "2026-06-16"),
        "norddjurs_sag": ("sagsfremstilling", "Økonomiudvalget", "2025-02-04"),
        "notat": ("notat", "Direktionen", None),
    }
    assert seed_docs["hoved_2026_referat"].meeting_time == "10:00"
    assert seed_docs["hoved_2026_referat"].place == "Glostrup Park Hotel, Hovedvejen 41, Glostrup"
    assert seed_docs["nord_2026_dagsorden"].meeting_time == "10:30"
    assert seed_docs["nord_2026_dagsorden"].place == "Hotel Scandic Aalborg Øst, Hadsundvej 200, Aalborg Øst"


def test_text_cut_inside_its_last_character_is_read_as_utf8_up_to_there():
    text, encoding = decode("Fraværende: Åse Ødegård".encode("utf-8")[:-1]), "utf-8"
    assert text == "Fraværende: Åse Ødegår"  # not mojibake from a Windows-1252 fallback


def test_a_pdf_whose_page_tree_is_empty_is_rejected_as_empty(tmp_path):
    import hostile

    from pipeline.documents import extract

    with pytest.raises(ExtractionError) as err:
        extract(hostile.zero_page_pdf(tmp_path))
    assert (err.value.code, err.value.reason) == ("empty", "PDF with no pages (its page tree is empty)")
