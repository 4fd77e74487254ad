"""The page reader: bytes in, an article or the reason it is none out."""

from __future__ import annotations

import re
import unicodedata

import pytest

from danvan_crawler.crawl.items import ARTICLE_FIELDS, Article
from danvan_crawler.extract.article import ExtractedArticle
from danvan_crawler.extract.page import PageFailure, decode_page, is_attachment, read_page
from danvan_crawler.extract.profiles import PROFILES
from danvan_crawler.platforms import BASE_SPIDERS, SPIDER_FOR_PLATFORM, WordPressSpider
from danvan_crawler.replicas.server import encode_page

ARTICLE = (
    "<html><head><meta charset='{charset}'><title>Tin | Cổng</title></head><body>"
    "<div class='news-detail'><h1>Hội Nông dân huyện ra mắt mô hình Dân vận khéo</h1>"
    "<div class='content'><p>Ngày 5/3/2019, Hội Nông dân huyện ra mắt mô hình “Dân vận khéo” "
    "về chuyển đổi cây trồng tại xã Vĩnh Phú.</p></div></div></body></html>"
)
URL = "http://x.gov.vn/tin-tuc/a-1.html"


def _failure(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    result = read_page(body, URL, content_type=content_type)
    assert isinstance(result, PageFailure), result
    return result.reason, result.detail


def test_article_page_reads_into_fields():
    result = read_page(ARTICLE.format(charset="utf-8").encode(), URL, content_type="text/html")
    assert isinstance(result, ExtractedArticle)
    assert result.title == "Hội Nông dân huyện ra mắt mô hình Dân vận khéo"
    assert result.published == "2019-03-05"


def test_header_charset_that_lies_is_repaired_from_the_meta():
    body = encode_page(ARTICLE.format(charset="windows-1258"), "cp1258")
    result = read_page(body, URL, content_type="text/html; charset=utf-8")
    assert result.title == "Hội Nông dân huyện ra mắt mô hình Dân vận khéo"
    assert "charset_meta" in result.conversions


def test_pages_that_are_not_articles_are_failures():
    assert _failure(b"%PDF-1.4 ...", "application/pdf") == ("not_html", "article is 'application/pdf'")
    assert _failure(b"  \n", "text/html")[0] == "empty_page"
    with open("/bin/ls", "rb") as binary:
        assert _failure(binary.read())[0] == "undecodable"
    not_found = "<html><head><title>Không tìm thấy trang</title></head><body><p>Lỗi 404</p></body></html>"
    assert _failure(not_found.encode(), "text/html; charset=utf-8")[0] == "soft_404"


def test_stray_control_characters_are_dropped_and_noted():
    body = ARTICLE.format(charset="utf-8").replace("Vĩnh Phú", "Vĩnh\x0b Phú").encode()
    result = read_page(body, URL)
    assert "Vĩnh Phú" in result.text
    assert "control_chars" in result.conversions


@pytest.mark.parametrize("encoding", ["utf-8", "cp1258", "utf-16"])
@pytest.mark.parametrize("control", ["", "\x00", "\x0b", "\x0c", "\x1f", "\x1e"])
def test_control_characters_are_found_whatever_the_encoding(encoding, control):
    # decode_page skips its scan of the text when the bytes hold no control byte; what it
    # keeps must be what a scan of the decoded text finds (UTF-16 holds control bytes
    # for ordinary letters: "ạ" is 0x1EA1).
    html = ARTICLE.format(charset=encoding).replace("Vĩnh Phú", f"Vĩnh{control} Phú ạ")
    text, notes = decode_page(encode_page(html, encoding), f"text/html; charset={encoding}")
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", text)
    assert "Vĩnh Phú ạ" in unicodedata.normalize("NFC", text)
    assert ("control_chars" in notes) == bool(control)


def test_attachment_links():
    assert is_attachment("http://x.gov.vn/upload/ke-hoach.PDF")
    assert not is_attachment("http://x.gov.vn/tin-tuc/a-1.html?file=x.pdf")


def test_profile_of_a_spider_class_without_building_it():
    class Site(WordPressSpider):
        name = "site"
        title_selector = "h1.tieu-de"

    profile = Site.site_profile()
    assert profile.name == "wordpress"
    assert profile.title[0] == "h1.tieu-de" and profile.title[1:] == PROFILES["wordpress"].title


def test_every_profile_has_one_base_spider():
    assert set(SPIDER_FOR_PLATFORM) == set(PROFILES)
    assert len(SPIDER_FOR_PLATFORM) == len(BASE_SPIDERS)


def test_item_is_the_extracted_record_plus_crawl_fields():
    result = read_page(ARTICLE.format(charset="utf-8").encode(), URL)
    item = Article.from_extracted(result, site="x", spider="x")
    assert item.title == result.title and item.text == result.text
    assert item.extraction["methods"] == result.methods
    assert set(ARTICLE_FIELDS) == {*result.to_dict(), "site", "spider", "fetched_at", "extraction"} - {
        "methods",
        "fallbacks",
        "warnings",
        "conversions",
    }
