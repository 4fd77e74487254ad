"""Extraction against the replicas' ground truth, and a quality gate over every article."""

from __future__ import annotations

import unicodedata

import pytest
from conftest import SPIDERS, fetch

from danvan_crawler.crawl.project import spider_classes
from danvan_crawler.extract import detect_platform, extract_article

SPIDER_CLASSES = spider_classes()


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join((text or "").split()))


def _extract(farm, name, article, *, with_spider=True):
    html = fetch(farm.base_url(name) + article.path)
    if with_spider:
        spider = SPIDER_CLASSES[name]()
        return extract_article(
            html,
            farm.base_url(name) + article.path,
            profile=spider.profile,
            section=next(iter(spider.sections)),
            site_name=spider.site_name,
        )
    return extract_article(html, farm.base_url(name) + article.path)


def _seed_article(farm, name):
    return next(a for a in farm.sites[name].articles if a.is_seed)


def _lines(text: str) -> list[str]:
    return [_nfc(line) for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize("name", SPIDERS)
@pytest.mark.parametrize("with_spider", [True, False], ids=["spider", "detected"])
def test_seed_article_matches_gold(farm, seed_gold, name, with_spider):
    gold = seed_gold[name]
    result = _extract(farm, name, _seed_article(farm, name), with_spider=with_spider)
    assert _nfc(result.title) == _nfc(gold["title"])
    assert result.published == gold["published"]
    assert (result.author and _nfc(result.author)) == (gold["author"] and _nfc(gold["author"]))
    text = _nfc(result.text)
    position = 0
    for paragraph in gold["paragraphs"]:
        found = text.find(_nfc(paragraph), position)
        assert found >= 0, f"missing or out of order: {paragraph[:60]!r}"
        position = found + len(_nfc(paragraph))
    lines = set(_lines(result.text))
    for chrome in gold["chrome"]:
        assert _nfc(chrome) not in lines, f"chrome line kept in text: {chrome!r}"
        assert _nfc(chrome) != _nfc(result.title)
        assert _nfc(chrome) != _nfc(result.author or "")
    if gold["author"]:
        assert _lines(result.text)[-1] != _nfc(gold["author"]), "byline left as the last line"
    assert result.content_hash and result.content_hash.startswith("sha256:")


@pytest.mark.parametrize("name", SPIDERS)
def test_platform_detected_from_page(farm, name):
    html = fetch(farm.base_url(name) + _seed_article(farm, name).path)
    detected = detect_platform(html).profile.name
    assert detected == SPIDER_CLASSES[name].platform


@pytest.mark.parametrize("name", SPIDERS)
def test_short_notice_kept(farm, name):
    notices = [a for a in farm.sites[name].articles if a.is_notice]
    assert notices, "replica has no short notice"
    for notice in notices:
        result = _extract(farm, name, notice)
        assert len(result.text) < 250
        for paragraph in notice.paragraphs:
            assert _nfc(paragraph) in _nfc(result.text)


# Quality gate: share of replica articles whose field equals the replica's truth.
FLOORS = {"title": 1.0, "published": 1.0, "author": 0.97, "paragraphs": 1.0}


@pytest.mark.parametrize("name", SPIDERS)
def test_quality_gate_every_replica_article(farm, name):
    articles = farm.sites[name].articles
    hits = dict.fromkeys(FLOORS, 0)
    misses: list[str] = []
    for article in articles:
        result = _extract(farm, name, article)
        text = _nfc(result.text)
        checks = {
            "title": _nfc(result.title) == _nfc(article.title),
            "published": result.published == article.published_iso,
            "author": (result.author and _nfc(result.author)) == (article.author and _nfc(article.author)),
            "paragraphs": all(_nfc(p) in text for p in article.paragraphs),
        }
        for field, ok in checks.items():
            hits[field] += ok
            if not ok:
                misses.append(f"{field}: {article.path}")
    scores = {field: hits[field] / len(articles) for field in FLOORS}
    print(f"{name}: " + ", ".join(f"{k}={v:.3f}" for k, v in scores.items()))
    for field, floor in FLOORS.items():
        assert scores[field] >= floor, f"{field} {scores[field]:.3f} < {floor}; {misses[:5]}"


def test_a_malformed_link_does_not_stop_the_page():
    """An href urlsplit rejects ("http://[bad") is no link; the article is still read."""
    body = "<p>" + "Nội dung bài viết về công tác dân vận của huyện trong năm qua. " * 5 + "</p>"
    html = (
        "<html><head><title>Hội nghị sơ kết công tác dân vận năm 2024 | Huyện A</title></head><body>"
        "<a href='http://[bad'>Trang chủ</a><h1>Hội nghị sơ kết công tác dân vận năm 2024</h1>"
        f"<div class='content'>{body}</div></body></html>"
    )
    result = extract_article(html, "http://a.gov.vn/tin/1.html")
    assert result.title == "Hội nghị sơ kết công tác dân vận năm 2024"
    assert result.text.startswith("Nội dung bài viết")
