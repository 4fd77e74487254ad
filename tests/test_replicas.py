"""The replica portals: realistic enough to test against, and able to change between crawls."""

from __future__ import annotations

import unicodedata
import urllib.error
import urllib.request

import pytest
from conftest import SPIDERS, fetch
from lxml import html as lxml_html

from danvan_crawler.crawl.project import spider_classes

BLOCK_TAGS = {"p", "div", "li", "br", "h1", "h2", "h3", "h4", "tr", "ul", "section", "article"}
BLOCK_TAGS |= {"header", "footer"}


def page_lines(page: str) -> set[str]:
    """Visible text lines of a page, as a reader sees them (block elements break lines)."""
    tree = lxml_html.fromstring(page)
    for bad in tree.xpath("//script|//style|//head"):
        bad.drop_tree()
    for node in tree.iter():
        if isinstance(node.tag, str) and node.tag in BLOCK_TAGS:
            node.tail = "\n" + (node.tail or "")
            node.text = "\n" + (node.text or "")
    text = unicodedata.normalize("NFC", tree.text_content())
    return {" ".join(line.split()) for line in text.splitlines() if line.strip()}


def _status(url: str, headers: dict | None = None) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=10) as r:
            return r.status
    except urllib.error.HTTPError as err:
        return err.code


def _walk(farm, name):
    """Follow the spider's next-page rule from the section page: (listing URLs, article URLs)."""
    spider = spider_classes()[name]()
    from danvan_crawler.extract.listing import read_listing

    url, seen_pages, articles, page = farm.section_url(name), [], [], 1
    while url and url not in seen_pages:
        seen_pages.append(url)
        result = read_listing(fetch(url), url, spider.profile, page_number=page)
        articles += result.article_links
        url = result.next_page
        page += 1
    return seen_pages, articles


@pytest.mark.parametrize("name", SPIDERS)
def test_pagination_reaches_every_article(farm, name):
    pages, articles = _walk(farm, name)
    site = farm.sites[name]
    assert len(pages) >= 3
    assert len(articles) == len(set(articles)) == len(site.articles) >= 25
    paths = {a.split("127.0.0.1:")[1].split("/", 1)[1] for a in articles}
    assert paths == {a.path[1:] for a in site.articles}


@pytest.mark.parametrize("name", SPIDERS)
def test_seed_page_has_gold_text_and_every_chrome_line(farm, seed_gold, name):
    seed = next(a for a in farm.sites[name].articles if a.is_seed)
    lines = page_lines(fetch(farm.base_url(name) + seed.path))
    gold = seed_gold[name]
    for chrome in gold["chrome"]:
        assert " ".join(unicodedata.normalize("NFC", chrome).split()) in lines, chrome
    for paragraph in gold["paragraphs"]:
        assert " ".join(paragraph.split()) in lines


@pytest.mark.parametrize("name", SPIDERS)
def test_every_article_page_has_the_seed_chrome(farm, seed_gold, name):
    site = farm.sites[name]
    chrome = [c for c in seed_gold[name]["chrome"] if not c.startswith("Số lượt người xem")]
    for article in site.articles[::7]:
        lines = page_lines(fetch(farm.base_url(name) + article.path))
        missing = [c for c in chrome if " ".join(c.split()) not in lines]
        assert not missing, f"{article.path}: {missing}"


@pytest.mark.parametrize("name", SPIDERS)
def test_short_notice_bylines_and_captions(farm, name):
    site = farm.sites[name]
    assert any(a.is_notice and len("\n".join(a.paragraphs)) < 250 for a in site.articles)
    assert sum(1 for a in site.articles if a.author) >= len(site.articles) // 2
    assert any(a.images for a in site.articles)
    assert len({a.title for a in site.articles}) == len(site.articles)


@pytest.mark.parametrize("name", SPIDERS)
def test_http_behaviour(farm, name):
    base = farm.base_url(name)
    assert "User-agent: *" in fetch(base + "/robots.txt")
    assert _status(base + "/khong-ton-tai-trang-nay.html") == 404
    with urllib.request.urlopen(farm.section_url(name), timeout=10) as r:
        etag, modified = r.headers["ETag"], r.headers["Last-Modified"]
    assert etag and modified
    assert _status(farm.section_url(name), {"If-None-Match": etag}) == 304
    assert _status(farm.section_url(name), {"If-Modified-Since": modified}) == 304


def test_a_benchmark_farm_keeps_pages_and_listings_until_the_site_changes():
    """A farm with a page cache (benchmarks) answers from it, conditional requests included,
    and forgets it when an article is added or edited."""
    from danvan_crawler.replicas import ReplicaFarm

    with ReplicaFarm() as farm:
        site = farm.sites["la34"]
        site.page_cache = {}
        section = farm.section_url("la34")
        article_url = farm.base_url("la34") + site.articles[0].path
        listing, article = fetch(section), fetch(article_url)
        template, site.template = site.template, None  # rendering anything now fails
        assert (fetch(section), fetch(article_url)) == (listing, article)
        with urllib.request.urlopen(section, timeout=10) as r:
            etag, modified = r.headers["ETag"], r.headers["Last-Modified"]
        assert _status(section, {"If-None-Match": etag}) == 304
        assert _status(section, {"If-Modified-Since": modified}) == 304
        assert _status(section, {"If-None-Match": '"another"'}) == 200
        site.template = template
        added = site.add_articles(1)[0]
        assert added.path in fetch(section)
        assert _status(section, {"If-None-Match": etag}) == 200
        site.edit_article(site.articles[1].id, ["Bài đã được biên tập lại."])
        assert "biên tập lại" in fetch(article_url)


def test_sites_change_between_crawls():
    from danvan_crawler.replicas import ReplicaFarm

    with ReplicaFarm() as farm:
        site = farm.sites["la34"]
        before = fetch(farm.section_url("la34"))
        added = site.add_articles(3)
        after = fetch(farm.section_url("la34"))
        assert before != after
        for article in added:
            assert article.path in after
            assert article.published_dt > site.articles[3].published_dt
        site.edit_article(added[0].id, ["Nội dung đã được biên tập lại hoàn toàn."])
        assert "biên tập lại" in fetch(farm.base_url("la34") + added[0].path)
        site.down = True
        assert _status(farm.section_url("la34")) == 503
