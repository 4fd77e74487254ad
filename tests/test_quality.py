"""Quality gate on randomised pages (benchmarks/QUALITY.md), and the randomiser's own guarantees."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from urllib.parse import urljoin

import pytest
from lxml import html as lxml_html

from danvan_crawler.replicas import quality
from danvan_crawler.replicas.randomise import TEST_SEEDS, TRAIN_SEEDS, article_page, listing_page, seeds

# A fixed visit date keeps the gate deterministic; the figures do not depend on it.
TODAY = date(2026, 3, 12)

# Figures of benchmarks/QUALITY.md (200 article and 50 listing pages of the test seeds) minus
# a margin of about 3 points: raise them when the extractor improves, never lower them silently.
FLOORS = {
    "ours_generic": {
        "title": 97,
        "published": 97,
        "body_start": 98,
        "body_end": 98,
        "byline": 96,
        "link_precision": 97,
        "link_recall": 97,
        "next_page": 97,
    },
    "ours_detect": {
        "title": 97,
        "published": 97,
        "body_start": 98,
        "body_end": 98,
        "byline": 97,
        "link_precision": 97,
        "link_recall": 97,
        "next_page": 97,
    },
}
# Chrome leaks are a ceiling: percent of chrome strings found in the body text.
LEAK_CEILINGS = {"ours_generic": 1.0, "ours_detect": 1.0}


@pytest.fixture(scope="module")
def figures():
    results = quality.run(200, 50, "test", TODAY, readers=("ours_generic", "ours_detect"))
    return quality.figures(results)


@pytest.mark.parametrize("reader", sorted(FLOORS))
def test_quality_floors(figures, reader):
    below = {
        name: (figures[name][reader], floor)
        for name, floor in FLOORS[reader].items()
        if figures[name][reader] < floor
    }
    assert not below, f"{reader} fell below its floors (got, floor): {below}"


@pytest.mark.parametrize("reader", sorted(LEAK_CEILINGS))
def test_chrome_leak_ceiling(figures, reader):
    assert figures["chrome_leaks"][reader] <= LEAK_CEILINGS[reader]


def _text(page_html: str) -> str:
    root = lxml_html.fromstring(page_html)
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", root.text_content()))


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_same_seed_same_page():
    for seed in (3, 10_003):
        first, again = article_page(seed, TODAY), article_page(seed, TODAY)
        assert first.html == again.html and first.gold == again.gold
        assert listing_page(seed, TODAY).html == listing_page(seed, TODAY).html


def test_train_and_test_seeds_differ():
    assert not set(TRAIN_SEEDS) & set(TEST_SEEDS)
    assert seeds("train", 5) == [0, 1, 2, 3, 4] and seeds("test", 2) == [10_000, 10_001]
    train_titles = {article_page(s, TODAY).gold.title for s in seeds("train", 30)}
    test_titles = {article_page(s, TODAY).gold.title for s in seeds("test", 30)}
    assert len(train_titles & test_titles) < 3
    with pytest.raises(ValueError):
        seeds("test", 5000)


@pytest.mark.parametrize("seed", [*range(0, 40), *range(10_000, 10_040)])
def test_article_gold_matches_page(seed):
    page = article_page(seed, TODAY)
    gold, text = page.gold, _text(page.html)
    assert _squash(gold.title) in text
    assert _squash(gold.body_first) in text and _squash(gold.body_last) in text
    body = " ".join([gold.body_first, gold.body_last]).casefold()
    for chrome in gold.chrome:
        assert _squash(chrome) in text
        assert chrome.casefold() not in body
    if gold.author:
        assert gold.author in text
    assert (gold.published is None) == (page.layout["date_position"] == "none")
    # The banner shows the visit's date; no article is published on it.
    assert f"{TODAY:%d/%m/%Y}" in text or f"{TODAY.day} tháng {TODAY.month} năm {TODAY.year}" in text
    assert gold.published is None or gold.published < TODAY.isoformat()


@pytest.mark.parametrize("seed", [*range(0, 30), *range(10_000, 10_030)])
def test_listing_gold_matches_page(seed):
    page = listing_page(seed, TODAY)
    root = lxml_html.fromstring(page.html)
    hrefs = {urljoin(page.url, a.get("href")) for a in root.iter("a") if a.get("href")}
    gold = page.gold
    assert gold.article_links and len(set(gold.article_links)) == len(gold.article_links)
    assert set(gold.article_links) <= hrefs
    assert gold.next_page is None or gold.next_page in hrefs
    assert (gold.next_page is None) == (page.layout["page"] == page.layout["pages"])
