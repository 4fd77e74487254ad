"""Normalisation for hashing and stored-text clean-up."""

from __future__ import annotations

import hashlib
import re
import unicodedata

import pytest

from danvan_crawler.extract.normalize import clean_text, content_hash, normalize_for_hash


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Hòa bình", "Hoà bình"),
        ("Thủy", "Thuỷ"),
        ("khỏe mạnh", "khoẻ mạnh"),
        ("Ủy ban nhân dân", "Uỷ ban nhân dân"),
        ("hóa học", "hoá học"),
        ("Đảng ủy", unicodedata.normalize("NFD", "Đảng ủy")),
        ("dân  vận\n\nkhéo", "dân vận khéo"),
        ("“Dân vận khéo”", '"Dân vận khéo"'),
        ("kinh tế – xã hội", "kinh tế - xã hội"),
        ("kinh tế — xã hội", "kinh tế - xã hội"),
        ("Thông báo…", "Thông báo..."),
        ("dân\u200bvận", "dânvận"),
        ("DÂN VẬN", "dân vận"),
    ],
)
def test_variants_hash_alike(a, b):
    assert content_hash(a) == content_hash(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [("hòa", "hóa"), ("Đảng", "Dang"), ("dân vận", "dân văn"), ("thủy", "thuy")],
)
def test_different_texts_hash_apart(a, b):
    assert content_hash(a) != content_hash(b)


def test_hash_format_and_definition():
    text = "Giao ban  “Dân vận” –\n quý II"
    digest = content_hash(text)
    assert re.fullmatch(r"sha256:[0-9a-f]{64}", digest)
    # Independent route: the normalised form written by hand (tone marks move to the
    # end of their word, so "vận" becomes "vâ" + combining dot below + "n" reordered).
    by_hand = 'giao ban "dân vân\u0323" - quy\u0301 ii'
    assert normalize_for_hash(text) == unicodedata.normalize("NFC", by_hand)
    expected = hashlib.sha256(unicodedata.normalize("NFC", by_hand).encode()).hexdigest()
    assert digest == f"sha256:{expected}"


def test_clean_text_is_nfc_and_tidy():
    raw = unicodedata.normalize("NFD", "  Dân\xa0\xa0vận   khéo \n\n\n\u200bĐoạn hai\t \n")
    cleaned = clean_text(raw)
    assert cleaned == "Dân vận khéo\nĐoạn hai"
    assert unicodedata.is_normalized("NFC", cleaned)


def test_clean_text_keeps_tone_convention():
    assert clean_text("hoà bình") == "hoà bình"


SHORTCUT_SAMPLES = [
    "“Dân vận khéo” – năm 2024 — ‘tổng kết’",
    "Hội\u200b nghị\u00ad giao\ufeff ban\u2060 \u200c\u200dxã",
    " \u00a0Hoa\u0300 bi\u0300nh\u3000\n\n\t tin\x1c mới\u2028 ",
    "plain ascii text",
    "",
]


@pytest.mark.parametrize("text", SHORTCUT_SAMPLES)
def test_text_shortcuts_give_the_plain_forms(text):
    # squash, clean_text and norm_key skip work a regex shows is not needed; the result
    # is the plain computation's.
    from danvan_crawler.extract.candidates import _FOLD, norm_key
    from danvan_crawler.extract.normalize import _INVISIBLE, squash

    assert squash(text) == re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()
    plain = unicodedata.normalize("NFC", text.translate(_INVISIBLE))
    spaces = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
    lines = (spaces.sub(" ", line).strip() for line in plain.splitlines())
    assert clean_text(text) == "\n".join(line for line in lines if line)
    assert norm_key(text) == " ".join(text.split()).translate(_FOLD).casefold()


def test_str_split_whitespace_is_regex_whitespace():
    # squash and squash_text rely on it, for every code point.
    space = re.compile(r"\s")
    assert [c for c in range(0x110000) if bool(space.match(chr(c))) != chr(c).isspace()] == []
