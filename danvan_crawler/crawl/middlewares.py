"""Downloader middlewares that make server misbehaviour visible instead of silent.

- ``RedirectGuard`` (before Scrapy's RedirectMiddleware) stops redirect loops and
  redirects off the portal's domain with a named cause; otherwise the loop's second
  hop is dropped silently by the duplicate filter and the off-site hop by the offsite
  filter.
- ``ForwardProxy`` sends every request through ``DANVAN_HTTP_PROXY`` when it is set: a
  site reachable only through a proxy, or the replica front door (replicas/server.py).
- ``RetryRecorder`` (before Scrapy's RetryMiddleware) records each retried server error as a
  failure of the run, so a burst of 503s that a retry got past still shows up.
- ``HeadMetaRefresh`` is Scrapy's MetaRefreshMiddleware without decoding a page that has
  no "refresh" where Scrapy looks for one.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import HtmlResponse

from danvan_crawler.crawl.context import CrawlContext

REDIRECT_CODES = {301, 302, 303, 307, 308}


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").removeprefix("www.")


class ForwardProxy:
    """Route requests through the ``DANVAN_HTTP_PROXY`` forward proxy (off when unset)."""

    def __init__(self, proxy: str):
        self.proxy = proxy

    @classmethod
    def from_crawler(cls, crawler):
        proxy = CrawlContext.of(crawler).config.http_proxy
        if not proxy:
            raise NotConfigured
        return cls(proxy)

    def process_request(self, request, spider=None):
        # Scrapy's HttpProxyMiddleware (750, after this one) reads meta["proxy"].
        request.meta.setdefault("proxy", self.proxy)


class RedirectGuard:
    """Refuse a redirect that loops or leaves the site; errbacks record the cause."""

    def process_response(self, request, response, spider=None):
        location = response.headers.get("Location")
        if response.status not in REDIRECT_CODES or not location:
            return response
        target = urljoin(request.url, location.decode("latin-1"))
        chain = [*request.meta.get("danvan_redirects", ()), request.url]
        if target in chain:
            raise IgnoreRequest(f"redirect loop: {' -> '.join([*chain, target])}"[:300])
        allowed = {_host(request.url), *(getattr(spider, "allowed_domains", None) or ())}
        target_host = _host(target)
        if not any(target_host == d or target_host.endswith("." + d) for d in allowed if d):
            raise IgnoreRequest(f"offsite redirect to {target}"[:300])
        request.meta["danvan_redirects"] = chain  # copied onto the redirected request
        return response


class RetryRecorder:
    """Record each response that Scrapy's RetryMiddleware is about to retry as a failure."""

    def __init__(self, crawler, context: CrawlContext):
        self.context = context
        self.codes = {int(c) for c in crawler.settings.getlist("RETRY_HTTP_CODES")}
        self.enabled = crawler.settings.getbool("RETRY_ENABLED")
        self.max_retries = crawler.settings.getint("RETRY_TIMES")

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler, CrawlContext.of(crawler))

    def process_response(self, request, response, spider=None):
        retries = request.meta.get("retry_times", 0)
        max_retries = request.meta.get("max_retry_times", self.max_retries)
        # The last attempt's failure reaches the errback, which records it.
        if (
            self.enabled
            and response.status in self.codes
            and not request.meta.get("dont_retry")
            and retries < max_retries
        ):
            attempt = retries + 1
            retry_after = response.headers.get("Retry-After")
            detail = f"attempt {attempt}: HTTP {response.status}, retrying"
            if retry_after:
                detail += f" (Retry-After: {retry_after.decode('latin-1')})"
            self.context.record_failure(request.url, f"http_{response.status}", detail)
        return response


# Scrapy looks for <meta http-equiv="refresh"> in a page's first 4,096 characters: at most
# 16,384 bytes in any encoding that writes ASCII as ASCII (UTF-8 takes 4 bytes a character
# at most; the Vietnamese legacy encodings 1).
_REFRESH_WINDOW = 4 * 4096


class HeadMetaRefresh(MetaRefreshMiddleware):
    """Scrapy's MetaRefreshMiddleware, minus the decoding of pages that cannot hold a refresh.

    Scrapy's check reads ``response.text``, which decodes the whole 60-150 KB page (and
    guesses its encoding) to look at its first 4,096 characters; our article reading
    decodes the page itself (``extract.page.decode_page``), so that decoding was a second
    one for every article. A page whose first bytes hold no "refresh" in any letter case
    cannot match Scrapy's pattern; any other page (and any page with NUL bytes there, as
    UTF-16 has) goes through Scrapy's check unchanged.
    """

    def process_response(self, request, response, spider=None):
        if isinstance(response, HtmlResponse):
            head = response.body[:_REFRESH_WINDOW]
            if b"\x00" not in head and b"refresh" not in head.lower():
                return response
        return super().process_response(request, response)
