"""The municipality/party reference: the official counts, the seed's code list, and name resolution."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.reference import (
    KKR_NAMES,
    find_municipality,
    is_party_letter,
    kkr_for_region,
    municipalities,
    municipality_by_code,
    parties,
)

RAW = Path(__file__).resolve().parents[1] / "raw"


def test_98_municipalities_with_unique_codes_and_names():
    frame = municipalities()
    assert frame.columns == ["code", "name", "region", "kkr", "region_2027"]
    assert frame.height == 98
    assert frame["code"].n_unique() == 98
    assert frame["name"].n_unique() == 98
    assert frame["code"].str.contains(r"^\d{3}$").all()
    assert "411" not in frame["code"].to_list()  # Christiansø is not a municipality


def test_region_sizes_and_kkr_follow_region():
    counts = dict(municipalities().group_by("region").len().iter_rows())
    assert counts == {
        "Region Hovedstaden": 29,
        "Region Sjælland": 17,
        "Region Syddanmark": 22,
        "Region Midtjylland": 19,
        "Region Nordjylland": 11,
    }
    for row in municipalities().iter_rows(named=True):
        assert row["kkr"] == kkr_for_region(row["region"])


def test_region_2027_merges_hovedstaden_and_sjaelland():
    frame = municipalities()
    east = frame.filter(frame["region_2027"] == "Region Østdanmark")
    assert east.height == 46
    assert set(east["region"]) == {"Region Hovedstaden", "Region Sjælland"}
    rest = frame.filter(frame["region_2027"] != "Region Østdanmark")
    assert (rest["region"] == rest["region_2027"]).all()


def test_codes_agree_with_the_quota_table_in_seed_002():
    """The KKR Hovedstaden minutes list '101 København<TAB>64' for all 46 eastern municipalities."""
    text = (RAW / "002_18d36715c11bc962.txt").read_text(encoding="utf-8")
    seed = dict(re.findall(r"^(\d{3}) (\S[^\t]*?)\t", text, flags=re.MULTILINE))
    assert len(seed) == 46
    for code, name in seed.items():
        found = municipality_by_code(code)
        assert found is not None and found.name == name
        assert find_municipality(f"{code} {name}") == found
        assert found.region in ("Region Hovedstaden", "Region Sjælland")


def test_known_codes():
    expected = {
        "101": "København", "147": "Frederiksberg", "151": "Ballerup", "400": "Bornholm",
        "461": "Odense", "751": "Aarhus", "851": "Aalborg", "773": "Morsø", "820": "Vesthimmerlands",
        "630": "Vejle", "860": "Hjørring", "580": "Aabenraa", "492": "Ærø",
    }
    for code, name in expected.items():
        assert municipality_by_code(code).name == name
    assert municipality_by_code("999") is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("København", "101"),
        ("Københavns", "101"),
        ("København Kommune", "101"),
        ("Københavns Kommune", "101"),
        ("Vesthimmerlands", "820"),
        ("Vesthimmerlands Kommune", "820"),
        ("Frederiksbergs", "147"),
        ("Frederiksberg", "147"),
        ("Bornholms Regionskommune", "400"),
        ("Bornholm Kommune", "400"),
        ("Bornholm", "400"),
        ("Lyngby-Taarbæk", "173"),
        ("Lyngby-Taarbæk Kommune", "173"),
        ("Høje-Taastrup", "169"),
        ("Høje Taastrup", "169"),
        ("  høje-taastrup   KOMMUNE ", "169"),
        ("AALBORG", "851"),
        ("101 København", "101"),
        ("Lemvig", "665"),
        ("Ringsted", "329"),
        ("Vejle", "630"),
        ("Ikast-Brande", "756"),
        ("Fanø", "563"),
        ("Læsø", "825"),
        ("Rudersdal", "230"),
        ("Stevns", "336"),
        ("Stevns Kommune", "336"),
        ("Hedensted", "766"),
        ("Struer", "671"),
        ("Nordfyns Kommune", "480"),
        ("Aarhus", "751"),
    ],
)
def test_find_municipality_resolves(text, code):
    found = find_municipality(text)
    assert found is not None, text
    assert found.code == code


@pytest.mark.parametrize(
    "text", ["Region Østdanmark", "Region Østjylland", "KL", "I alt", "", "Christiansø", "999 København",
             "Kommune"],
)
def test_find_municipality_rejects_non_municipalities(text):
    assert find_municipality(text) is None


def test_code_and_name_must_agree():
    assert find_municipality("101 Aalborg") is None


def test_parties():
    frame = parties()
    assert frame.height == 15
    letters = frame["letter"].to_list()
    assert letters == sorted(set(letters), key=letters.index)  # unique
    names = dict(frame.iter_rows())
    assert names["A"] == "Socialdemokratiet"
    assert names["Æ"] == "Danmarksdemokraterne"
    assert names["Ø"] == "Enhedslisten"
    assert names["Å"] == "Alternativet"
    for letter in "ABCDFHIKMOQVÆØÅ":
        assert is_party_letter(letter)
    for letter in ("E", "L", "X", "AB", "", "v"):
        assert not is_party_letter(letter)


def test_kkr_names_and_regions():
    assert len(KKR_NAMES) == 5
    assert set(municipalities()["kkr"]) == set(KKR_NAMES)
    assert kkr_for_region("Region Nordjylland") == "KKR Nordjylland"
    assert kkr_for_region("Sjælland") == "KKR Sjælland"
    with pytest.raises(ValueError):
        kkr_for_region("Region Østdanmark")
