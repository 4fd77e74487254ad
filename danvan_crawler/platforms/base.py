"""The base of every portal spider: sections -> listing pages -> article pages.

Subclasses (one per platform) only change how the next listing page is found;
site modules set names, URLs and at most a few selectors.
"""

from __future__ import annotations

import sqlite3
import time
from collections import Counter
from urllib.parse import urlsplit

import scrapy
from parsel import Selector
from scrapy.http import TextResponse
from w3lib.encoding import resolve_encoding

from danvan_crawler.crawl.context import CrawlContext
from danvan_crawler.crawl.failures import failure_reason
from danvan_crawler.crawl.items import Article
from danvan_crawler.crawl.state import CrawlState
from danvan_crawler.extract.candidates import ListingHint
from danvan_crawler.extract.listing import ListingResult, read_listing
from danvan_crawler.extract.page import PageFailure, exact_utf8, is_attachment, read_page
from danvan_crawler.extract.pagesel import parse_html
from danvan_crawler.extract.profiles import PlatformProfile, get_profile
from danvan_crawler.extract.template import SiteTemplate
from danvan_crawler.extract.urls import http_url, rebase
from danvan_crawler.store.database import StorageError
from danvan_crawler.store.templates import load_template, save_template

STATS = "danvan"
# Article pages of a run whose blocks are learned into the site template (listings: all).
TEMPLATE_ARTICLE_PAGES = 50


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
        # Sections whose listing could not be fetched: that failure is their cause, counted once.
        self.sections_unreachable: set[str] = set()
        self._queued_articles: set[str] = set()
        self._section_url: dict[str, str] = {}
        # Article URLs seen on listing pages of this run: a next page showing none but these is a loop.
        self._listed: set[str] = set()
        self._template: SiteTemplate | None = None
        self._template_articles = 0
        # The listing page parsed and read last: (response, its parse), (response, what was read).
        self._selector: tuple[object, Selector] | None = None
        self._listing: tuple[object, ListingResult] | None = None

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
        links = self.find_article_links(response, page)
        # What the listing printed beside each link travels to the article's reader.
        hints = {
            item.url: ListingHint(item.text, item.date) for item in self.read_listing(response, page).items
        }
        self.section_links[section] += len(links)
        # A next page that shows no article link this run has not listed yet repeats the
        # listing (a calendar "Xem theo ngày" page, a pager going round): paging ends here.
        repeated = page > 1 and bool(links) and not (set(links) - self._listed)
        self._listed.update(links)
        new_links = 0
        for url in links:
            if url in self._queued_articles:
                continue
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
        if repeated:
            stats.inc_value(f"{STATS}/listing_no_new_links")
            detail = "next page showed no new article link"
            self.context.record_failure(response.url, "pagination_loop", detail)
            self.state.ended(section_url)
            return
        following = self.next_listing_request(response, section, page)
        if following is None:
            self._script_next_unfollowed(response, page)
            self.state.ended(section_url)
            return
        if new_links == 0 and self.state.walked_before(section_url):
            stats.inc_value(f"{STATS}/sections_stopped_early")
            self.state.ended(section_url)
            return
        yield following

    def _script_next_unfollowed(self, response, page: int) -> None:
        """A failure when the page's "next" is a script this spider could not turn into a request.

        Without it the crawl would end the section at this page and call the site fine:
        every later page, and the archive behind it, silently missed.
        """
        scripted = self.read_listing(response, page).script_next
        if scripted is None:
            return
        detail = (
            f"next control {scripted.label!r} is a script ({scripted.script[:80]}) the {self.platform} "
            "spider does not follow: later listing pages not read"
        )
        self.context.record_failure(response.url, "pager_script", detail)

    def next_listing_request(self, response, section: str, page: int) -> scrapy.Request | None:
        """The request for listing page ``page + 1``, or None at the end of the section.

        URL-paged platforms find a link; postback platforms override this to send the form.
        """
        next_url = self.find_next_page(response, page)
        if not next_url or next_url == response.url:
            return None
        return self.listing_request(next_url, section, page + 1)

    @property
    def template(self) -> SiteTemplate:
        """The site's learned template: loaded from the database on first use, learned as pages come."""
        if self._template is None:
            try:
                self._template = load_template(self.context.db.conn, self.site)
            except (StorageError, sqlite3.Error, RuntimeError) as err:
                # A broken file, or a spider used outside a crawl (no context): learn from scratch.
                self.logger.info("no stored template for %s: %s", self.site, err)
                self._template = SiteTemplate(self.site)
        return self._template

    def listing_selector(self, response) -> Selector:
        """The listing page parsed once, for every reader of it (links, pager, postback target).

        Not ``response.selector``: that caches on the response a selector pointing back at
        the response, a reference cycle only the garbage collector frees, so each listing
        page's tree (a MiB and more) stayed in memory until a full collection came round.
        The text is Scrapy's decoding, as it always was; libxml2's plain HTML parser reads
        it (``parse_html``: no Python class lookup for each of the page's elements), from
        the fetched bytes when the text is their exact UTF-8 decoding.
        """
        if self._selector is None or self._selector[0] is not response:
            text = response.text
            exact = resolve_encoding(response.encoding) == "utf-8" and exact_utf8(response.body, text, [])
            self._selector = (response, parse_html(text, response.url, utf8=response.body if exact else None))
        return self._selector[1]

    def read_listing(self, response, page: int) -> ListingResult:
        """The listing page read once (``extract.listing.read_listing``), its blocks learned."""
        if self._listing is not None and self._listing[0] is response:
            return self._listing[1]
        sel = self.listing_selector(response)
        template = self.template
        result = read_listing(sel, response.url, self.profile, template, page_number=page)
        template.learn(sel, response.url)
        self._listing = (response, result)
        return result

    def find_article_links(self, response, page: int = 1) -> list[str]:
        """Article URLs on a listing page; heuristics used where the selectors found none are counted."""
        result = self.read_listing(response, page)
        how = result.how["article_links"]
        if self.profile.article_links and "selector" not in how:
            self.crawler.stats.inc_value(f"{STATS}/fallback/article_links")
            self.logger.warning(
                "article-link selectors matched nothing on %s; heuristics found %d",
                response.url,
                len(result.items),
            )
        return result.article_links

    def find_next_page(self, response, page: int) -> str | None:
        """The next listing page (``None`` at the end); heuristics used are counted."""
        result = self.read_listing(response, page)
        if result.next_page and self.profile.next_page and not result.how["next_page"].startswith("selector"):
            self.crawler.stats.inc_value(f"{STATS}/fallback/next_page")
        return result.next_page

    def save_template(self) -> None:
        """Add what this run learned of the site's template to the database."""
        if self._template is None:
            return
        try:
            with self.context.db.transaction() as conn:
                save_template(conn, self._template)
        except (StorageError, sqlite3.Error) as err:  # the template is an aid: the crawl's data is safe
            self.crawler.stats.inc_value(f"{STATS}/template_not_saved")
            self.logger.warning("could not save the template of %s: %s", self.site, err)

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
            template=self.template,
            learn_template=self._template_articles < TEMPLATE_ARTICLE_PAGES,
        )
        # CPU per stage, for the benchmarks: decoding, template learning, then extraction
        # split into trafilatura, dates, hashing and the rest (selectors, cleaning).
        if timings:
            spent = clock() - started
            for stage, ns in timings.items():
                stats.inc_value(f"{STATS}/cpu_ns/{stage}", ns)
            stats.inc_value(f"{STATS}/cpu_ns/extraction_other", spent - sum(timings.values()))
        if isinstance(page, PageFailure):
            self.context.record_failure(response.url, page.reason, page.detail)
            return
        if self._template_articles < TEMPLATE_ARTICLE_PAGES:
            self._template_articles += 1  # read_page learned its blocks
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
        if kind == "listing":
            self.sections_unreachable.add(request.meta.get("danvan_section", ""))
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
        crawler.signals.connect(spider.save_template, signal=scrapy.signals.spider_idle)
        return spider

    def check_sections(self) -> None:
        """Flag sections that yielded no article link: a broken site, never a silent success."""
        # spider_idle may fire more than once; report each empty section once.
        if getattr(self, "_sections_checked", False):
            return
        self._sections_checked = True
        for label, count in self.section_links.items():
            if count == 0 and label in self.sections_unreachable:
                self.crawler.stats.inc_value(f"{STATS}/sections_unreachable")
            elif count == 0 and label not in self.sections_unchanged:
                self.crawler.stats.inc_value(f"{STATS}/sections_empty")
                url = self.section_urls().get(label, "")
                detail = f"section {label!r} yielded no article link"
                self.context.record_failure(url, "section_empty", detail)
