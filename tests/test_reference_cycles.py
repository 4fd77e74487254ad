"""Pages are freed as soon as the crawl is done with them, by reference counting alone:
no reference cycle holds a page's response or parsed tree until the garbage collector
comes round (which the crawl's larger young generation makes rare, see crawl/slots.py).

Two cycles did: ``response.selector`` caches on the response a selector that points back
at it (every listing page), and a date candidate's ``DateError`` kept its traceback, whose
frames held the whole reading of the article page, the candidate list included.
"""

from __future__ import annotations

import gc
import weakref

from scrapy.http import HtmlResponse

from danvan_crawler.extract.page import read_page
from danvan_crawler.extract.template import SiteTemplate
from danvan_crawler.platforms import LiferaySpider, SharePointSpider
from danvan_crawler.replicas.randomise import article_page, seeds


def _listing(n: int) -> HtmlResponse:
    items = "".join(
        f"<li><a href='/tin-tuc/bai-{n}-{i}.html'>Hội nghị tổng kết công tác dân vận số {n}-{i} năm 2024</a>"
        f"<span>12/03/2024</span></li>"
        for i in range(10)
    )
    body = (
        f"<html><body><ul class='menu'><li><a href='/'>Trang chủ</a></li></ul><form>"
        f"<input name='__VIEWSTATE' value='x'><ul class='news'>{items}</ul>"
        f"<div class='pager'><a href='/tin-tuc?page={n + 1}'>Tiếp</a></div></form></body></html>"
    )
    return HtmlResponse(f"http://xa-demo.gov.vn/tin-tuc?page={n}", body=body.encode(), encoding="utf-8")


class _Spider(LiferaySpider):
    name = "xa_demo"
    sections = {"Tin": "http://xa-demo.gov.vn/tin-tuc"}


class _PostbackSpider(SharePointSpider):
    name = "xa_demo_postback"
    sections = {"Tin": "http://xa-demo.gov.vn/tin-tuc"}


def _read(spider, response) -> None:
    spider.read_listing(response, 1)
    spider.listing_selector(response).css("a::attr(href)").getall()


def test_the_previous_listing_is_freed_by_reference_counting():
    for spider in (_Spider(), _PostbackSpider()):
        spider._template = SiteTemplate(spider.name)  # no crawl, no stored template
        first = _listing(1)
        _read(spider, first)
        assert len(spider.read_listing(first, 1).items) == 10
        gone = weakref.ref(first)
        gc.collect()
        gc.disable()
        try:
            del first
            assert gone() is not None  # the spider still holds the page it read last
            _read(spider, _listing(2))
            assert gone() is None, f"{spider.name}: a reference cycle keeps the previous listing page"
        finally:
            gc.enable()


def test_the_cycle_this_guards_against_is_real():
    # The same check catches a response whose cached selector points back at it.
    response = _listing(1)
    response.selector.css("a")
    gone = weakref.ref(response)
    gc.collect()
    gc.disable()
    try:
        del response
        assert gone() is not None
    finally:
        gc.enable()
    gc.collect()
    assert gone() is None


def test_reading_article_pages_leaves_no_garbage_cycles():
    # Randomised layouts: many print dates the date reader rejects (DateError candidates).
    pages = [(page.url, page.html.encode()) for page in map(article_page, seeds("train", 40))]
    read_page(pages[0][1], pages[0][0])  # imports and caches first
    gc.collect()
    gc.disable()
    try:
        results = [read_page(body, url) for url, body in pages]
        unreachable = gc.collect()
    finally:
        gc.enable()
    assert all(result.title for result in results)
    assert unreachable == 0


def _lxml_objects() -> int:
    from lxml.etree import _Element, _ElementUnicodeResult

    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, (_Element, _ElementUnicodeResult)))


def test_no_cache_keeps_a_read_page_alive():
    # The link caches (candidates._from_host, _resolved, _HREF_SHAPES) outlive every page; a
    # key that is one of lxml's "smart" strings keeps its element, and so its whole tree.
    from danvan_crawler.extract.candidates import PageFacts
    from danvan_crawler.extract.pagesel import PageSelector, parse_html

    body = (
        "<html><head><title>Tin - Cổng xã</title></head><body><a href='/'><img alt='Cổng xã'></a>"
        "<a href='http://xa-cache.gov.vn'>Trang chủ</a><a href='/index.php?lang=vi'>Trang chủ</a>"
        "<a href='/tin-tuc/bai-1.html'>Bài 1</a><h1>Tin</h1></body></html>"
    )
    url = "http://xa-cache.gov.vn/tin-tuc/bai-2.html"
    before = _lxml_objects()
    facts = PageFacts(PageSelector(parse_html(body, url)), url)
    assert {"cổng xã", "trang chủ"} <= facts.site_names
    assert _lxml_objects() > before  # the check sees the page's elements while it is read
    del facts
    assert _lxml_objects() == before, "a cache keeps elements of a page read before"
