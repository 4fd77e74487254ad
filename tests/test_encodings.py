"""Legacy encodings end as clean NFC Unicode: windows-1258, disagreeing charsets, NFD, mojibake, TCVN3."""

from __future__ import annotations

import json
import sqlite3
import unicodedata

import ftfy.bad_codecs  # noqa: F401  (registers "sloppy-windows-1252")
import pytest
from conftest import mirror_args, run_danvan

from danvan_crawler.extract.textfix import _TCVN3, decode_html, repair
from danvan_crawler.replicas import ReplicaFarm, build_platform_sites

pytestmark = pytest.mark.crawl

TCVN3_GOLD = "Cộng hoà xã hội chủ nghĩa Việt Nam"
TCVN3_TEXT = "Céng hoµ x· héi chñ nghÜa ViÖt Nam"  # portals.md, ".VnTime" pasted from Word
MOTTO_GOLD = "Độc lập - Tự do - Hạnh phúc"
TO_TCVN3 = str.maketrans({v: k for k, v in _TCVN3.items()})
MOJIBAKE_GOLD = "Ban Dân vận Huyện ủy tổ chức hội nghị sơ kết công tác dân vận quý III."


def test_tcvn3_gold():
    assert repair(TCVN3_TEXT) == (TCVN3_GOLD, ["tcvn3"])
    assert repair(MOTTO_GOLD.translate(TO_TCVN3)) == (MOTTO_GOLD, ["tcvn3"])
    # Only the TCVN3 paragraph changes.
    mixed = f"{MOTTO_GOLD}\n{TCVN3_TEXT}"
    assert repair(mixed) == (f"{MOTTO_GOLD}\n{TCVN3_GOLD}", ["tcvn3"])


def test_mojibake_and_nfd():
    broken = MOJIBAKE_GOLD.encode("utf-8").decode("sloppy-windows-1252")
    assert broken != MOJIBAKE_GOLD
    assert repair(broken) == (MOJIBAKE_GOLD, ["mojibake"])
    assert repair(unicodedata.normalize("NFD", MOJIBAKE_GOLD)) == (MOJIBAKE_GOLD, ["nfc"])


def test_clean_vietnamese_is_left_alone():
    for article in build_platform_sites()["camlo_quangtri"].articles:
        for text in (article.title, *article.paragraphs):
            assert repair(text) == (text, [])


def test_header_and_meta_disagree():
    body = (
        "<html><head><meta http-equiv='Content-Type' content='text/html; charset=windows-1258'></head>"
        f"<body><p>{MOJIBAKE_GOLD}</p></body></html>"
    )
    from danvan_crawler.replicas.server import encode_page

    raw = encode_page(body, "cp1258")
    text, notes = decode_html(raw, "text/html; charset=utf-8")  # the header lies
    assert notes == ["charset_meta", "charset:cp1258", "nfc"]
    assert unicodedata.normalize("NFC", text).count(MOJIBAKE_GOLD) == 1
    right, notes = decode_html(raw, "text/html; charset=windows-1258")
    assert notes == ["charset:cp1258", "nfc"] and right == text
    assert decode_html(MOJIBAKE_GOLD.encode(), "text/html; charset=utf-8") == (MOJIBAKE_GOLD, [])


def _damaged_site(damage: bool):
    """camlo_quangtri, with legacy text pasted into three articles when ``damage`` (gold aside)."""
    site = build_platform_sites()["camlo_quangtri"]
    gold = {}
    if not damage:
        return site, gold
    targets = site.articles[1:4]
    pasted = [
        ("tcvn3", TCVN3_TEXT, TCVN3_GOLD),
        ("mojibake", MOJIBAKE_GOLD.encode("utf-8").decode("sloppy-windows-1252"), MOJIBAKE_GOLD),
        ("nfc", unicodedata.normalize("NFD", MOJIBAKE_GOLD), MOJIBAKE_GOLD),
    ]
    for article, (kind, damaged, clean) in zip(targets, pasted, strict=True):
        gold[article.title] = (kind, [*article.paragraphs, clean])
        article.paragraphs = [*article.paragraphs, damaged]
    return site, gold


@pytest.mark.parametrize(
    ("encoding", "header_charset", "meta_charset", "expected_note"),
    [
        ("cp1258", "windows-1258", "utf-8", "charset:cp1258"),  # header right, meta wrong
        ("cp1258", "utf-8", "windows-1258", "charset_meta"),  # header wrong, meta right
        ("utf-8", None, "utf-8", None),  # clean UTF-8 with pasted legacy text
    ],
)
def test_crawl_stores_gold_unicode(tmp_path, encoding, header_charset, meta_charset, expected_note):
    # Pasted mojibake survives only in a UTF-8 page (windows-1258 cannot carry its bytes).
    site, gold = _damaged_site(damage=encoding == "utf-8")
    site.encoding, site.header_charset = encoding, header_charset
    site.rewrite = [("charset=utf-8", f"charset={meta_charset}")]
    with ReplicaFarm({"camlo_quangtri": site}) as farm:
        db = tmp_path / "enc.db"
        result = run_danvan(
            "crawl", "camlo_quangtri", "--db", str(db), *mirror_args(farm, ["camlo_quangtri"])
        )
    assert result.returncode == 0, result.stdout + result.stderr
    with sqlite3.connect(db) as conn:
        rows = conn.execute("select title, text, extraction from articles").fetchall()
    assert len(rows) == 30
    by_title = {title: (text, json.loads(extraction)["conversions"]) for title, text, extraction in rows}
    for article in site.articles:
        text, conversions = by_title[article.title]
        assert text == unicodedata.normalize("NFC", text) and "\ufffd" not in text
        kind, paragraphs = gold.get(article.title, (None, article.paragraphs))
        assert [line for line in text.split("\n") if line not in article.captions] == paragraphs
        if kind:
            assert kind in conversions
        if expected_note:
            assert expected_note in conversions
