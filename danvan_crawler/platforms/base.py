"""The base of every portal spider: sections -> listing pages -> article pages.

Subclasses (one per platform) only change how the next listing page is found;
site modules set names, URLs and at most a few selectors.
"""

from __future__ import annotations

import time
from collections import Counter
from urllib.parse import urlsplit

import scrapy
from scrapy.http import TextResponse
from scrapy.utils.response import get_base_url

from danvan_crawler.crawl.context import CrawlContext
from danvan_crawler.crawl.failures import failure_reason
from danvan_crawler.crawl.items import Article
from danvan_crawler.crawl.state import CrawlState
from danvan_crawler.extract.candidates import ListingHint
from danvan_crawler.extract.hints import listing_hints
from danvan_crawler.extract.page import PageFailure, is_attachment, read_page
from danvan_crawler.extract.profiles import PlatformProfile, get_profile
from danvan_crawler.extract.urls import http_url, rebase
from danvan_crawler.platforms import links as link_rules

STATS = "danvan"
STALE_PAGES_LIMIT = 3


class PortalSpider(scrapy.Spider):
    """Crawl a portal's news sections: every listing page, every article on them."""

    platform = "generic"
    site_name: str = ""
    # Section label -> URL of its first listing page (the live portal's URL).
    sections: dict[str, str] = {}
    # Site selectors, tried before the platform's defaults (CSS, "::attr()" allowed).
    article_links: str | tuple[str, ...] | None = None
    next_page: str | tuple[str, ...] | None = None
    title_selector: str | tuple[str, ...] | None = None
    published_selector: str | tuple[str, ...] | None = None
    body_selector: str | tuple[str, ...] | None = None
    author_selector: str | tuple[str, ...] | None = None
    section_selector: str | tuple[str, ...] | None = None
    date_from_lead: bool | None = None
    # Awkward servers (docs/adding-a-portal.md). ``download_delay`` is Scrapy's own
    # per-spider delay. Certificates are not verified (Scrapy's default), so expired and
    # self-signed ones are accepted; a TLS handshake failure is recorded with its cause.
    tls_ciphers: str | None = None  # OpenSSL cipher string, e.g. "DEFAULT:AES128-SHA"
    tls_min_version: str | None = None  # "TLSv1", "TLSv1.1", ... (Scrapy >= 2.14)
    # OpenSSL security level, e.g. 0 for a server with a 1024-bit DH group ("dh key too
    # small"); the site is then crawled in its own process (see legacy_tls.py).
    tls_security_level: int | None = None
    # On a TLS failure of an https URL, fetch it over http instead: True for the same host on
    # port 80, or a base URL such as "http://portal.gov.vn:8080".
    http_fallback: bool | str = False

    def __init__(self, *args, base_url: str | None = None, max_pages: str | int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.base_url = base_url
        self.max_pages = int(max_pages) if max_pages else None
        if base_url:
            host = urlsplit(base_url).hostname
            self.allowed_domains = [host] if host else []
        self.profile: PlatformProfile = self.site_profile()
        self.section_links: Counter[str] = Counter()
        self.sections_unchanged: set[str] = set()
        self._queued_articles: set[str] = set()
        self._section_url: dict[str, str] = {}
        self._stale_pages: Counter[str] = Counter()

    @property
    def context(self) -> CrawlContext:
        """The crawl's database, run, crawl state and failures (there once the crawl started)."""
        return CrawlContext.of(self.crawler)

    @property
    def state(self) -> CrawlState:
        """What earlier runs learned about this site, and what this run learns."""
        return self.context.state

    @classmethod
    def site_profile(cls) -> PlatformProfile:
        """The platform's profile with this site's selectors tried first (no spider built)."""
        return get_profile(cls.platform).with_overrides(
            article_links=cls.article_links,
            next_page=cls.next_page,
            title=cls.title_selector,
            published=cls.published_selector,
            body=cls.body_selector,
            author=cls.author_selector,
            section=cls.section_selector,
            date_from_lead=cls.date_from_lead,
        )

    @property
    def site(self) -> str:
        """The site key stored with every row (the spider name)."""
        return self.name

    def section_urls(self) -> dict[str, str]:
        """Section label -> first listing URL, rebased onto ``base_url`` when given."""
        if not self.base_url:
            return dict(self.sections)
        return {label: rebase(url, self.base_url) for label, url in self.sections.items()}

    async def start(self):
        if self.max_pages is None:
            self.max_pages = self.context.config.max_pages
        for label, url in self.section_urls().items():
            self.section_links[label] += 0
            self._section_url[label] = url
            yield self.listing_request(url, label, 1)
        # Recent articles may have been edited; a listing does not show that.
        first_section = next(iter(self._section_url), "")
        for url in self.state.recent_urls:
            if url not in self._queued_articles:
                self._queued_articles.add(url)
                self.crawler.stats.inc_value(f"{STATS}/articles_refetched")
                yield self.article_request(url, first_section)

    def listing_request(self, url: str, section: str, page: int) -> scrapy.Request:
        headers = self.state.conditional_headers(self._section_url[section], url)
        return scrapy.Request(
            url,
            headers=headers,
            callback=self.parse_listing,
            errback=self.on_error,
            cb_kwargs={"section": section, "page": page},
            meta={
                "danvan_kind": "listing",
                "danvan_section": section,
                "handle_httpstatus_list": [304],
            },
        )

    def article_request(self, url: str, section: str, listing: ListingHint | None = None) -> scrapy.Request:
        # The listing's anchor text and date travel with the request to the article's reader.
        return scrapy.Request(
            url,
            callback=self.parse_article,
            errback=self.on_error,
            cb_kwargs={"section": section, "listing": listing},
            meta={"danvan_kind": "article", "danvan_section": section},
        )

    # Listing pages -------------------------------------------------------------

    def parse_listing(self, response, section: str, page: int):
        """Queue the listing's articles and its next page."""
        stats = self.crawler.stats
        stats.inc_value(f"{STATS}/listing_pages")
        if not isinstance(response, TextResponse):
            self.context.record_failure(
                response.url, "not_html", f"listing is {response.headers.get('Content-Type')!r}"
            )
            return
        section_url = self._section_url[section]
        if response.status == 304:
            # Unchanged since the last complete walk: nothing new behind it either.
            stats.inc_value(f"{STATS}/listing_not_modified")
            self.sections_unchanged.add(section)
            self.state.ended(section_url)
            return
        if response.request is None or response.request.method == "GET":
            # A postback page shares its URL with page 1: its validators would be wrong there.
            self.state.remember_listing(
                section_url,
                response.url,
                (response.headers.get("ETag") or b"").decode("latin-1") or None,
                (response.headers.get("Last-Modified") or b"").decode("latin-1") or None,
            )
        links = self.find_article_links(response)
        hints = listing_hints(response.selector, get_base_url(response), links)
        self.section_links[section] += len(links)
        new_links = fresh = 0
        for url in links:
            if url in self._queued_articles:
                continue
            fresh += 1
            if is_attachment(url):
                self._queued_articles.add(url)
                self.context.record_failure(url, "attachment_link", f"listing {response.url} links to a file")
                continue
            kind = self.state.classify(url)
            if kind == "known":
                stats.inc_value(f"{STATS}/articles_skipped_known")
                continue
            if kind == "recent":
                stats.inc_value(f"{STATS}/articles_refetched")
            else:
                new_links += 1
            self._queued_articles.add(url)
            yield self.article_request(url, section, hints.get(url))
        if self.max_pages and page >= self.max_pages:
            return
        # A listing that keeps paging without showing anything new (calendar "Xem theo
        # ngày" pages, repeated pages) is a loop: stop after a few such pages.
        stale = self._stale_pages[section] = 0 if fresh else self._stale_pages[section] + 1
        if stale >= STALE_PAGES_LIMIT:
            self.context.record_failure(
                response.url, "pagination_loop", f"{stale} listing pages in a row showed no new article"
            )
            self.state.ended(section_url)
            return
        following = self.next_listing_request(response, section, page)
        if following is None:
            self.state.ended(section_url)
            return
        if new_links == 0 and self.state.walked_before(section_url):
            stats.inc_value(f"{STATS}/sections_stopped_early")
            self.state.ended(section_url)
            return
        yield following

    def next_listing_request(self, response, section: str, page: int) -> scrapy.Request | None:
        """The request for listing page ``page + 1``, or None at the end of the section.

        URL-paged platforms find a link; postback platforms override this to send the form.
        """
        next_url = self.find_next_page(response, page)
        if not next_url or next_url == response.url:
            return None
        return self.listing_request(next_url, section, page + 1)

    def find_article_links(self, response) -> list[str]:
        """Article URLs on a listing page: platform/site selectors, else heuristics (counted)."""
        found, _ = link_rules.links_by_selectors(response.selector, response.url, self.profile.article_links)
        if found:
            return found
        found = link_rules.heuristic_article_links(response.selector, response.url)
        if self.profile.article_links:
            self.crawler.stats.inc_value(f"{STATS}/fallback/article_links")
            self.logger.warning(
                "article-link selectors matched nothing on %s; heuristics found %d",
                response.url,
                len(found),
            )
        return found

    def find_next_page(self, response, page: int) -> str | None:
        """The next listing page: platform/site selectors, else heuristics (counted)."""
        found, _ = link_rules.links_by_selectors(response.selector, response.url, self.profile.next_page)
        if found:
            return found[0]
        link = link_rules.heuristic_next_page(response.selector, response.url, page)
        if link and self.profile.next_page:
            self.crawler.stats.inc_value(f"{STATS}/fallback/next_page")
        return link

    # Article pages -------------------------------------------------------------

    def parse_article(self, response, section: str, listing: ListingHint | None = None):
        """Read one article page into an Article item; a page that is none is a failure."""
        stats = self.crawler.stats
        stats.inc_value(f"{STATS}/article_pages")
        clock = time.process_time_ns
        started = clock()
        timings: Counter[str] = Counter()
        page = read_page(
            response.body,
            response.url,
            content_type=(response.headers.get("Content-Type") or b"").decode("latin-1"),
            profile=self.profile,
            section=section,
            site_name=self.site_name or None,
            timings=timings,
            listing=listing,
        )
        # CPU per stage, for the benchmarks: decoding, then extraction split into
        # trafilatura, dates, hashing and the rest (selectors, cleaning).
        if timings:
            spent = clock() - started
            for stage, ns in timings.items():
                stats.inc_value(f"{STATS}/cpu_ns/{stage}", ns)
            stats.inc_value(f"{STATS}/cpu_ns/extraction_other", spent - sum(timings.values()))
        if isinstance(page, PageFailure):
            self.context.record_failure(response.url, page.reason, page.detail)
            return
        for name in page.fallbacks:
            stats.inc_value(f"{STATS}/fallback/{name}")
        if page.fallbacks:
            stats.inc_value(f"{STATS}/fallbacks")
        for conversion in page.conversions:
            stats.inc_value(f"{STATS}/conversion/{conversion}")
        for warning in page.warnings:
            stats.inc_value(f"{STATS}/warning/{warning.split(' ')[0]}")
        yield Article.from_extracted(page, site=self.site, spider=self.name)

    # Failures ------------------------------------------------------------------

    def on_error(self, failure):
        """Record a download failure with its cause; the crawl goes on."""
        request = failure.request
        reason, detail = failure_reason(failure)
        kind = request.meta.get("danvan_kind", "page")
        if reason == "tls" and self.http_fallback and request.url.startswith("https://"):
            fallback = http_url(request.url, self.http_fallback)
            self.crawler.stats.inc_value(f"{STATS}/http_fallback")
            self.context.record_failure(request.url, reason, f"{kind}: {detail}; retrying over http")
            return request.replace(url=fallback, dont_filter=True)
        self.context.record_failure(request.url, reason, f"{kind}: {detail}")
        return None

    @classmethod
    def update_settings(cls, settings):
        """Per-site TLS settings (only for the crawler of this spider)."""
        super().update_settings(settings)
        if cls.tls_ciphers:
            settings.set("DOWNLOADER_CLIENT_TLS_CIPHERS", cls.tls_ciphers, priority="spider")
        if cls.tls_min_version:
            settings.set("DOWNLOAD_TLS_MIN_VERSION", cls.tls_min_version, priority="spider")

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.check_sections, signal=scrapy.signals.spider_idle)
        return spider

    def check_sections(self) -> None:
        """Flag sections that yielded no article link: a broken site, never a silent success."""
        # spider_idle may fire more than once; report each empty section once.
        if getattr(self, "_sections_checked", False):
            return
        self._sections_checked = True
        for label, count in self.section_links.items():
            if count == 0 and label not in self.sections_unchanged:
                self.crawler.stats.inc_value(f"{STATS}/sections_empty")
                url = self.section_urls().get(label, "")
                detail = f"section {label!r} yielded no article link"
                self.context.record_failure(url, "section_empty", detail)
