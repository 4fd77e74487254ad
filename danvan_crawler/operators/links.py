"""``danvan links``: one listing page (a saved file or a URL) read as the crawl reads it.

Pages are fetched by ``extract.fetch`` and decoded by ``extract.page``, as every other
one-off command does; the template comes from the database (``--db``), from sibling
pages (``--also``), or both.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from danvan_crawler.extract.detect import detect_platform
from danvan_crawler.extract.listing import ListingResult, read_listing
from danvan_crawler.extract.page import decode_page
from danvan_crawler.extract.profiles import PlatformProfile
from danvan_crawler.extract.source import is_url, load_source
from danvan_crawler.extract.template import SiteTemplate
from danvan_crawler.store.database import Database
from danvan_crawler.store.templates import load_template


def load_listing(source: str, url: str | None = None) -> tuple[str, str]:
    """(decoded HTML, page URL) of a file or an http(s) URL; FetchError, PageFailure or OSError."""
    page = load_source(source, url=url, kind="listing")
    html, _ = decode_page(page.body, page.content_type, kind="listing")
    return html, page.url


def site_key(url: str, spider_name: str | None) -> str:
    """The site a template is stored under: the spider's name, as the crawl stores it, else the host."""
    return spider_name or (urlsplit(url).hostname or "").removeprefix("www.")


def site_template(
    html: str,
    page_url: str,
    site: str,
    *,
    db_path: str | Path | None = None,
    also: tuple[str, ...] = (),
    kind: str = "listing",
) -> SiteTemplate | None:
    """The template of ``site`` for one page: learned in ``db_path``, and from ``also`` pages.

    ``also`` (files or URLs of sibling pages of the same site) adds what those pages and
    this one have in common; None when neither source is given.
    """
    template = None
    if db_path is not None:
        db = Database(db_path, readonly=True)
        try:
            template = load_template(db.conn, site)
        finally:
            db.close()
    if also:
        template = template or SiteTemplate(site)
        template.learn(html, page_url)
        for n, sibling in enumerate(also):
            # A saved sibling resolves its links against this page's URL, so that both
            # name the site's links alike; the fragment keeps it a page of its own.
            sibling_page = load_source(
                sibling, url=None if is_url(sibling) else f"{page_url}#also-{n}", kind=kind
            )
            sibling_html, _ = decode_page(sibling_page.body, sibling_page.content_type, kind=kind)
            template.learn(sibling_html, sibling_page.url)
    return template


def read_links(
    source: str,
    *,
    url: str | None = None,
    profile: PlatformProfile | None = None,
    site: str | None = None,
    db_path: str | Path | None = None,
    also: tuple[str, ...] = (),
) -> ListingResult:
    """Read the listing ``source`` with ``profile`` (detected when None) and the site's template."""
    html, page_url = load_listing(source, url)
    profile = profile or detect_platform(html).profile
    template = site_template(html, page_url, site_key(page_url, site), db_path=db_path, also=also)
    return read_listing(html, page_url, profile, template)
