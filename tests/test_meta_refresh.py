"""``HeadMetaRefresh`` follows exactly the meta refreshes Scrapy's middleware follows,
without decoding the pages that hold none."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from scrapy import Request
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.http import HtmlResponse

from danvan_crawler.crawl.middlewares import HeadMetaRefresh
from danvan_crawler.crawl.project import project_settings
from danvan_crawler.replicas.randomise import article_page, seeds

FIXTURES = Path(__file__).parent / "fixtures"
URL = "http://portal.test/tin/a.html"
PAD = "<p>" + "Đoạn văn đệm của trang. " * 400 + "</p>"  # ~10 KB, more than 4,096 characters

EDGE_PAGES = {
    "refresh": '<html><head><meta http-equiv="refresh" content="0; url=/b.html"></head></html>',
    "upper case": '<HTML><HEAD><META HTTP-EQUIV="REFRESH" CONTENT="0;URL=/c.html"></HEAD></HTML>',
    "late refresh": f'<html><body>{PAD}<meta http-equiv="refresh" content="0; url=/d.html"></body></html>',
    # Within Scrapy's first 4,096 characters, past the first 8,192 bytes.
    "refresh after multibyte text": "<html><head><title>" + "ệ" * 3000 + "</title>"
    '<meta http-equiv="refresh" content="0; url=/g.html"></head></html>',
    "slow refresh": '<html><head><meta http-equiv="refresh" content="900; url=/e.html"></head></html>',
    "refresh in a script": '<html><script>var s = "<meta http-equiv=refresh content=0;url=/f.html>"'
    "</script></html>",
    "no refresh": f"<html><head><title>Tin</title></head><body>{PAD}</body></html>",
}


def _responses():
    for name, html in EDGE_PAGES.items():
        yield name, html.encode("utf-8"), "text/html; charset=utf-8"
    refresh = EDGE_PAGES["refresh"]
    yield "utf-16", refresh.encode("utf-16"), "text/html; charset=utf-16"
    yield (
        "windows-1258",
        refresh.replace("</head>", "<title>Tin t\u01b0\u0301c</title></head>").encode("cp1258"),
        "text/html",
    )
    for path in sorted(FIXTURES.rglob("*.html"))[:40]:
        yield path.name, path.read_bytes(), "text/html"
    for page in map(article_page, seeds("test", 10)):
        yield page.url, page.html.encode("utf-8"), "text/html; charset=utf-8"


def _middlewares():
    made = HeadMetaRefresh(project_settings()), MetaRefreshMiddleware(project_settings())
    for middleware in made:
        middleware.crawler = SimpleNamespace(spider=None)  # all a redirect reads of it (its log line)
    return made


def _outcome(result):
    return result.url if isinstance(result, Request) else "kept"


@pytest.mark.parametrize(("name", "body", "content_type"), list(_responses()), ids=lambda v: str(v)[:30])
def test_same_outcome_as_scrapys_middleware(name, body, content_type):
    ours, scrapys = _middlewares()
    request = Request(URL)

    def response():
        return HtmlResponse(URL, body=body, headers={"Content-Type": content_type}, request=request)

    assert _outcome(ours.process_response(request, response())) == _outcome(
        scrapys.process_response(request, response())
    )


def test_follows_a_refresh():
    request = Request(URL)
    body = EDGE_PAGES["upper case"].encode()
    result = _middlewares()[0].process_response(request, HtmlResponse(URL, body=body))
    assert isinstance(result, Request) and result.url == "http://portal.test/c.html"


class _Undecodable(HtmlResponse):
    @property
    def text(self):
        raise AssertionError("decoded")


def test_a_page_without_refresh_is_not_decoded():
    request = Request(URL)
    response = _Undecodable(URL, body=EDGE_PAGES["no refresh"].encode(), request=request)
    assert _middlewares()[0].process_response(request, response) is response
    with pytest.raises(AssertionError, match="decoded"):  # Scrapy's own decodes it
        _middlewares()[1].process_response(request, response)


def test_the_project_uses_it_in_place_of_scrapys():
    middlewares = project_settings().getdict("DOWNLOADER_MIDDLEWARES")
    assert middlewares["scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware"] is None
    assert middlewares["danvan_crawler.crawl.middlewares.HeadMetaRefresh"] == 580
