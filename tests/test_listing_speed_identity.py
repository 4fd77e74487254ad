"""The listing reader's shortcuts give what the plain computations give (extract/listing_page.py).

``absolute`` resolves absolute and root-relative hrefs against the base's ``scheme://host``
and caches them (so does the article reader's link list, ``PageFacts._links``); ``date_in``
skips texts without four digits in a row and caches the rest;
``norm_text`` splits with ``str.split``. Each is checked here against the plain form.
"""

from __future__ import annotations

import html
import re
import unicodedata
from datetime import date
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from parsel import Selector

from danvan_crawler.extract.candidates import PageFacts
from danvan_crawler.extract.dates import DateError, parse_date
from danvan_crawler.extract.listing import (
    _best,
    _candidate_items,
    _date_score,
    _Group,
    _groups,
    _place_bonus,
    _weigh,
)
from danvan_crawler.extract.listing_page import (
    _FAR_FUTURE,
    ListingPage,
    absolute,
    date_in,
    link_label,
    norm_text,
    page_base,
    text_content,
)
from danvan_crawler.extract.pagesel import PageSelector, parse_html
from danvan_crawler.extract.template import SiteTemplate
from danvan_crawler.replicas.randomise import listing_page, seeds

BASES = [
    "http://example.vn/tin-tuc/trang-2.html?p=2#top",
    "https://Example.VN:8443/a/b/",
    "http://example.vn",
    "file:///tmp/listing.html",
    "example.vn/no-scheme",
    "//example.vn/no-scheme",
    "http://[bad/x",
    "",
]
HREFS = [
    "/tin-tuc/bai-1.html",
    "/tin-tuc/bai-1.html#binh-luan",
    "/",
    "/?page=3",
    "/a/../b/./c",
    "/;p?q",
    "//cdn.example.vn/x",
    "http://example.vn/x",
    "https://example.vn/x?y#z",
    "http://other.vn:81/x",
    "HTTP://example.vn/x",
    "http:///no-host",
    "http://?q",
    "http://",
    "http://\t/x",
    "http://\t?q",  # urlsplit drops the tab: no host, so the base's path and query count
    "http://\n",
    "/\t/host-relative-after-tab",
    "/a\nb",
    "http://[bad",
    "https://[::1]/x",
    "bai-2.html",
    "../len",
    "?page=2",
    "ftp://example.vn/f",
    "  /tin-tuc/bai-3.html  ",
    "\t/tab-first",
    " bai-4.html",
    "javascript:void(0)",
    " #top",
    "MAILTO:x@example.vn",
]


def _plain_absolute(base: str, href: str) -> str | None:
    href = href.strip()
    if href.lower().startswith(("javascript:", "mailto:", "tel:", "#", "data:")):
        return None
    try:
        return urldefrag(urljoin(base, href))[0]
    except ValueError:
        return None


@pytest.mark.parametrize("base", BASES)
def test_absolute_is_urljoin_for_every_base_and_href(base):
    for href in HREFS:
        for _ in range(2):  # the second call is served by the cache
            assert absolute(base, href) == _plain_absolute(base, href), (base, href)


def test_absolute_cache_does_not_mix_hosts_or_schemes():
    assert absolute("http://a.vn/x/y", "/z") == "http://a.vn/z"
    assert absolute("https://b.vn/x/y", "/z") == "https://b.vn/z"
    assert absolute("https://a.vn/x", "http://a.vn/z?") == "http://a.vn/z?"  # other scheme: as written
    assert absolute("http://a.vn/x", "http://a.vn/z?") == "http://a.vn/z"  # same scheme: re-joined


def _plain_target(url: str, href: str) -> tuple[str, str, str]:
    try:
        parts = urlsplit(urljoin(url, href))
    except ValueError:
        return href, href, href
    path = parts.path.rstrip("/")
    return href, f"{parts.netloc.lower()}{path}?{parts.query}", path


@pytest.mark.parametrize("url", BASES)
def test_article_link_targets_are_urljoins(url):
    anchors = "".join(f"<a href='{html.escape(h, quote=True)}'>x</a>" for h in HREFS)
    page = parse_html(f"<html><body>{anchors}<a>no href</a><a href=''>empty</a></body></html>", url)
    for _ in range(2):  # the second page is served by the cache
        links = PageFacts(PageSelector(page), url)._links
        hrefs = [h.strip() for h in HREFS if h.strip()]
        assert [link[1:] for link in links] == [_plain_target(url, h) for h in hrefs]


TEXTS = [
    "Hội nghị giao ban 27/12/2023",
    "Ngày 5 tháng Giêng năm 2021, 9h30 sáng",
    "2024-03-01T08:15:00+07:00 cập nhật",
    "Tin số 123 ngày 12/3",
    "31/02/2020 và 01/03/2020",
    "\u0661\u0662\u0663\u0664-01-02",
    "không có số",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_date_in_agrees_with_parse_date(text):
    try:
        expected = parse_date(text, use_dateparser=False, now=_FAR_FUTURE).isoformat() if text else None
    except DateError:
        expected = None
    assert date_in(text) == expected


def test_norm_text_is_the_regex_form():
    samples = ["  a\u00a0 b\t\nc  ", "Hoa\u0300 bình", "x" * 1500 + " \u2003 y", "", "\u3000"]
    for text in samples:
        assert norm_text(text) == re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def test_link_labels_are_the_links_text_content():
    # link_label reads a childless link's .text instead of text_content(): the same text.
    page = Selector(
        text="<ul><li><a href='/a'>Hội nghị  giao ban</a></li><li><a href='/b'>Tin <b>mới</b> nhất</a></li>"
        "<li><a href='/c'>x<!-- y -->z</a></li><li><a href='/d' title='Ảnh'></a></li>"
        "<li><a href='/e'>&amp; Đoàn&#160;thể</a></li></ul>",
    )
    anchors = list(page.root.iter("a"))
    expected = [norm_text(a.text_content()) or norm_text(a.get("title")) for a in anchors]
    assert (
        [link_label(a) for a in anchors]
        == expected
        == ["Hội nghị giao ban", "Tin mới nhất", "xz", "Ảnh", "& Đoàn thể"]
    )


def _listing_pages() -> list[tuple[str, str]]:
    pages = [(p.url, p.html) for p in (listing_page(seed, date(2024, 6, 1)) for seed in seeds("train", 40))]
    for fixture in sorted(Path(__file__).parent.glob("fixtures/listings/*/page.html")):
        pages.append(("http://example.gov.vn/tin-tuc/danh-sach.html", fixture.read_text(encoding="utf-8")))
    return pages


def _full_best(page: ListingPage) -> _Group | None:
    """The plain computation: every group scored with its dates, the first of the highest."""
    groups = _groups(page, _candidate_items(page))
    for group in groups:
        _weigh(page, group)
    _place_bonus(page, groups)
    for group in groups:
        if group.title_like:
            _date_score(page, group)
    best = max(groups, key=lambda g: g.score, default=None)
    return best if best is not None and best.score > 0 else None


def _described(group: _Group) -> tuple:
    return group.parent.getroottree().getpath(group.parent), group.tag, group.score, group.why


@pytest.mark.parametrize("with_template", [False, True])
def test_best_group_reads_only_dates_that_can_decide(with_template):
    # _best reads the dates of groups from the highest possible score down and stops
    # where no group left can reach the best: the same group and reasons as scoring all.
    pages = _listing_pages()
    template = SiteTemplate("example") if with_template else None
    if template is not None:
        for url, text in pages[:10]:
            template.learn(text, url)
    pruned = 0
    for url, text in pages:
        expected = _full_best(ListingPage(Selector(text=text, base_url=url), url, template))
        page = ListingPage(Selector(text=text, base_url=url), url, template)
        groups = _groups(page, _candidate_items(page))
        for group in groups:
            _weigh(page, group)
        _place_bonus(page, groups)
        best = _best(page, groups)
        pruned += sum(1 for g in groups if g.title_like and not g.why)
        if expected is None:
            assert best is None, url
        else:
            assert _described(best) == _described(expected), url
    assert pruned, "no group was left unscored: the test shows nothing"


def test_page_base_is_the_first_base_href():
    url = "http://h.vn/a/b.html"
    cases = [
        '<html><head><base href=" /x/ "></head><body><base href="/y/"></body></html>',
        '<html><head><base target="_blank"><base href="/z/"></head></html>',
        "<html><body>no base</body></html>",
        '<html><head><base href=""></head></html>',
        '<html><head><BASE HREF="../up/"></head></html>',
    ]
    for text in cases:
        for sel in (Selector(text=text), parse_html(text, url)):
            first = sel.css("base::attr(href)").get()
            assert page_base(sel, url) == (urljoin(url, first.strip()) if first else url), text


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (
            "<html><body><ul><li><a href='/a'>Hội nghị</a></li></ul></body></html>".encode(),
            "text/html; charset=utf-8",
        ),
        (
            "<html><body><p>Ho\u00e0 b\u00ecnh</p></body></html>".encode("cp1252"),
            "text/html; charset=windows-1252",
        ),
        (b"\xef\xbb\xbf<html><body>bom</body></html>", "text/html"),
        (" \u00a0<html><body>x</body></html>".encode(), "text/html; charset=utf-8"),
    ],
)
def test_listing_pages_parse_to_scrapys_tree(body, content_type):
    # PortalSpider.listing_selector reads Scrapy's decoding with libxml2's plain parser
    # (from the bytes when the text is their exact UTF-8 decoding): the same tree as
    # scrapy.Selector(response), whose elements are lxml.html's.
    from types import SimpleNamespace

    import scrapy
    from lxml import etree
    from scrapy.http import HtmlResponse

    from danvan_crawler.platforms.base import PortalSpider

    response = HtmlResponse("http://example.vn/tin-tuc", body=body, headers={"Content-Type": content_type})
    sel = PortalSpider.listing_selector(SimpleNamespace(_selector=None), response)
    expected = scrapy.Selector(response)
    assert type(sel.root) is etree._Element
    assert etree.tostring(sel.root, encoding="unicode") == etree.tostring(expected.root, encoding="unicode")
    anchors = list(sel.root.iter("a"))
    assert [text_content(a) for a in anchors] == [a.text_content() for a in expected.root.iter("a")]
