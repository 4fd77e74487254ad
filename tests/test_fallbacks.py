"""Markup we did not foresee: heuristic fallbacks keep the crawl going, and are counted."""

from __future__ import annotations

from conftest import fetch
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from danvan_crawler.extract import extract_article
from danvan_crawler.platforms import DrupalSpider, GenericSpider


class BrokenSelectorsSpider(DrupalSpider):
    """Thoại Sơn as if the live site had changed its theme: the configured selectors miss."""

    name = "broken_selectors"
    sections = {"Hoạt động Đảng - Đoàn thể": "http://example.invalid/"}
    article_links = "div.does-not-exist a"


def _response(url: str) -> HtmlResponse:
    return HtmlResponse(url=url, body=fetch(url).encode("utf-8"), encoding="utf-8")


def test_article_links_fall_back_to_heuristics_and_count(farm):
    crawler = get_crawler(BrokenSelectorsSpider)
    spider = crawler._create_spider()
    crawler.spider = spider
    crawler.stats.open_spider()
    url = farm.section_url("thoaison_angiang")
    # Drop the platform selectors too, as on a re-themed site.
    spider.profile = spider.profile.__class__(**{**spider.profile.__dict__, "article_links": ("div.nope a",)})
    links = spider.find_article_links(_response(url))
    site = farm.sites["thoaison_angiang"]
    expected = {farm.base_url("thoaison_angiang") + a.path for a in site.pages()[0]}
    assert set(links) == expected
    assert crawler.stats.get_value("danvan/fallback/article_links") == 1


def test_generic_spider_finds_pages_without_any_selector(farm):
    crawler = get_crawler(GenericSpider)
    spider = crawler._create_spider(name="generic_probe")
    crawler.stats.open_spider()
    url = farm.section_url("longdien_brvt")
    response = _response(url)
    links = spider.find_article_links(response)
    assert len(links) == farm.sites["longdien_brvt"].page_size
    assert spider.find_next_page(response, 1).endswith("/chinh-tri-xa-hoi/trang-2/")


def test_body_falls_back_to_whole_page_and_says_so(farm):
    site = farm.sites["la34"]
    article = site.articles[1]
    page = fetch(farm.base_url("la34") + article.path).replace("entry-content", "noi-dung-bai")
    result = extract_article(page, farm.base_url("la34") + article.path)
    assert "text" in result.fallbacks
    for paragraph in article.paragraphs:
        assert paragraph in result.text
    for chrome in ("Trả lời", "Tổng biên tập: Ông Phạm Văn Dũng."):
        assert chrome not in result.text.splitlines()


def test_title_never_taken_from_a_home_title_tag():
    page = (
        "<html><head><title>Home</title></head><body><div class='menu'><h1>Cổng thông tin</h1></div>"
        "<div class='news-detail'><h1>Hội Nông dân huyện ra mắt mô hình Dân vận khéo</h1>"
        "<div class='content'><p>Ngày 5/3/2019, Hội Nông dân huyện ra mắt mô hình “Dân vận khéo” "
        "về chuyển đổi cây trồng tại xã Vĩnh Phú.</p></div></div></body></html>"
    )
    result = extract_article(page, "http://x.gov.vn/tin-tuc/a-1.html")
    assert result.title == "Hội Nông dân huyện ra mắt mô hình Dân vận khéo"
    assert result.published == "2019-03-05"
