"""Normalisation for hashing and stored-text clean-up."""

from __future__ import annotations

import hashlib
import re
import unicodedata

import pytest

from danvan_crawler.extract.normalize import (
    _MARK_FOLDS,
    _TONE_MARKS,
    clean_text,
    content_hash,
    normalize_for_hash,
)
from danvan_crawler.replicas.randomise import article_page, seeds


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


def _whole_text_hash_form(text: str) -> str:
    """normalize_for_hash computed over the whole text at once (its plain form)."""
    text = "".join(_MARK_FOLDS.get(ch, ch) for ch in text)
    text = unicodedata.normalize("NFD", text.casefold())

    # Every syllable's tone marks moved to the end of its toned tail (from its first mark).
    def tones_last(match: re.Match) -> str:
        tail = match.group(0)
        marks = sorted(ch for ch in tail if ch in _TONE_MARKS)
        return "".join(ch for ch in tail if ch not in _TONE_MARKS) + "".join(marks)

    text = re.sub(r"[\u0300\u0301\u0303\u0309\u0323](?:[^\W\d_]|[\u0300-\u036f])+", tones_last, text)
    return " ".join(unicodedata.normalize("NFC", text).split())


HASH_FORM_SAMPLES = [
    *SHORTCUT_SAMPLES,
    "Ủy ban MTTQ huyện Hoà Bình tổ chức “Ngày hội Đại đoàn kết” – năm 2026…",
    unicodedata.normalize("NFD", "Thuỷ lợi, khoẻ mạnh; hoá học: 12/3/2026 (UBND)"),
    # Marks after whitespace and at the ends, the same mark twice, special spaces (EN QUAD
    # decomposes to EN SPACE), a mark between letters and digits, a ligature, a final sigma.
    " \u0301a\u0301\u0301 b\u0323\u0300c \u2000x\u0309\u2001y\u3000\u0303 ",
    "ĐẠI HỘI\u00a0ĐẢNG BỘ 2025–2030 ﬁnal ΣΊΣΥΦΟΣ ΌΣΟΣ ß ǅ",
    "a\u0301\u0323b9\u0309c_\u0300d x\u0345\u0301 e\u0323\u0302\u0301",
]


@pytest.mark.parametrize("text", HASH_FORM_SAMPLES)
def test_hash_form_word_by_word_is_the_whole_texts(text):
    assert normalize_for_hash(text) == _whole_text_hash_form(text)


def test_hash_form_of_generated_articles_is_the_whole_texts():
    for seed in seeds("test", 30):
        text = re.sub(r"<[^>]+>", " ", article_page(seed).html)
        assert normalize_for_hash(text) == _whole_text_hash_form(text)


def test_no_normalisation_step_crosses_whitespace():
    """What makes the word-by-word hash form exact, for every code point: casefolding and
    both normalisations turn whitespace into whitespace only and nothing else into any;
    no whitespace character is part of a canonical decomposition of two or more characters
    (so none composes with a neighbour; EN QUAD's to EN SPACE is one to one) or has a
    combining class (so no mark is reordered across it)."""
    steps = (
        str.casefold,
        lambda s: unicodedata.normalize("NFD", s),
        lambda s: unicodedata.normalize("NFC", s),
    )
    wrong = []
    composed_from: set[str] = set()
    for code in range(0x110000):
        ch = chr(code)
        for step in steps:
            out = step(ch)
            keeps = out.isspace() if ch.isspace() else not any(c.isspace() for c in out)
            if not keeps:
                wrong.append((hex(code), out))
        if ch.isspace() and unicodedata.combining(ch):
            wrong.append((hex(code), "combining"))
        parts = unicodedata.decomposition(ch).split()
        if len(parts) > 1 and not parts[0].startswith("<"):
            composed_from.update(chr(int(part, 16)) for part in parts)
    assert wrong == []
    assert [hex(ord(c)) for c in composed_from if c.isspace()] == []
