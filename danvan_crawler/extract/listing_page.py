"""One parsed listing page: its in-site anchors, which element belongs to which link, its home URLs."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import urldefrag, urljoin, urlsplit

from parsel import Selector

from danvan_crawler.extract.chrome import is_furniture_node
from danvan_crawler.extract.dates import VN_TZ, DateError, parse_date

if TYPE_CHECKING:
    from danvan_crawler.extract.template import SiteTemplate

_SKIP_SCHEMES = ("javascript:", "mailto:", "tel:", "#", "data:")
_SPACE = re.compile(r"\s+")
_HOME_WORDS = {"trang chủ", "home", "trang nhà"}
_HOME_PATHS = {
    *("", "/", "/index.html", "/index.htm", "/index.php", "/index.aspx", "/default.aspx", "/home"),
    *("/trang-chu", "/trang-chu.html", "/vi", "/vi-vn", "/web/guest", "/web/guest/home"),
}
_NAV_TAGS = {"nav", "aside"}
# Page-level header/footer are furniture; an <article>'s own header holds its title link.
_PAGE_TAGS = {"header", "footer"}
# Listing dates are evidence, not values to check against today.
_FAR_FUTURE = datetime(9000, 1, 1, tzinfo=VN_TZ)


def absolute(base: str, href: str | None) -> str | None:
    """Absolute URL without fragment, or None for javascript:/mailto: and empty hrefs."""
    if not href:
        return None
    href = href.strip()
    if not href or href.lower().startswith(_SKIP_SCHEMES):
        return None
    try:
        return urldefrag(urljoin(base, href))[0]
    except ValueError:  # an unparseable href ("http://[bad") is no link
        return None


def same_site(url: str, other: str) -> bool:
    """Whether two URLs share a host (``www.`` ignored) and port."""
    try:
        a, b = urlsplit(url), urlsplit(other)
        host_a = (a.hostname or "").removeprefix("www.")
        host_b = (b.hostname or "").removeprefix("www.")
        return host_a == host_b and a.port == b.port
    except ValueError:
        return False


def page_base(sel: Selector, url: str) -> str:
    """The URL hrefs resolve against: ``<base href>`` when the page has one."""
    base_href = sel.css("base::attr(href)").get()
    return urljoin(url, base_href.strip()) if base_href else url


@dataclass
class ListingItem:
    """One article link of a listing: URL, anchor text and the date printed beside it."""

    url: str
    text: str
    date: str | None = None


def norm_text(text: str | None) -> str:
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text or "")).strip()


class Anchor:
    """An ``<a>`` with a followable in-site URL and its label."""

    __slots__ = ("el", "label", "url")

    def __init__(self, el, url: str, label: str):
        self.el = el
        self.url = url
        self.label = label


def _label(a) -> str:
    text = norm_text(a.text_content())
    if text:
        return text
    for attr in (a.get("title"), *(img.get("alt") for img in a.iter("img"))):
        if attr and attr.strip():
            return norm_text(attr)
    return ""


def date_in(text: str) -> str | None:
    """The first date expression of ``text`` as ISO, or None."""
    if not text or not any(ch.isdigit() for ch in text):
        return None
    try:
        return parse_date(text, use_dateparser=False, now=_FAR_FUTURE).isoformat()
    except (DateError, ValueError, OverflowError):
        return None


class ListingPage:
    """One parsed listing page: its anchors, which element belongs to which link, its home URLs."""

    def __init__(self, sel: Selector, url: str, template: SiteTemplate | None):
        self.sel = sel
        self.url = url
        self.root = sel.root
        self.template = template
        base = page_base(sel, url)
        self.anchors: list[Anchor] = []
        # element -> the one URL linked inside it, or None when it holds links to several pages.
        self.owner: dict[object, str | None] = {}
        for a in self.root.iter("a"):
            link = absolute(base, a.get("href"))
            if not link or not link.startswith(("http://", "https://", "file:")):
                continue
            node = a
            while node is not None:
                held = self.owner.get(node, link)
                if node in self.owner and held != link:
                    # Every ancestor above already holds two links: nothing left to learn.
                    if held is None:
                        break
                    self.owner[node] = None
                else:
                    self.owner[node] = link
                node = node.getparent()
            if same_site(link, url):
                self.anchors.append(Anchor(a, link, _label(a)))
        self.home = self._home_urls(base)

    def _home_urls(self, base: str) -> set[str]:
        parts = urlsplit(self.url)
        root = f"{parts.scheme}://{parts.netloc}"
        home = {root + path for path in _HOME_PATHS} | {root}
        for anchor in self.anchors:
            if anchor.label.casefold() in _HOME_WORDS:
                home.add(anchor.url)
        return home

    def is_home(self, url: str) -> bool:
        """Whether ``url`` is the site's home page (root, index file or the "Trang chủ" link)."""
        if url in self.home:
            return True
        parts = urlsplit(url)
        return not parts.query and parts.path.lower().rstrip("/") in {p.rstrip("/") for p in _HOME_PATHS}

    def item_of(self, anchor: Anchor):
        """The largest element around ``anchor`` that links to no other page."""
        node = anchor.el
        parent = node.getparent()
        while parent is not None and self.owner.get(parent) == anchor.url and parent.tag != "body":
            node, parent = parent, parent.getparent()
        return node

    def in_furniture(self, node) -> bool:
        """Inside a menu, sidebar, page header or footer (by tag, class or id)."""
        ancestors = list(node.iterancestors())
        in_article = any(anc.tag == "article" for anc in ancestors)
        for anc in [node, *ancestors]:
            if anc.tag in _NAV_TAGS or (anc.tag in _PAGE_TAGS and not in_article):
                return True
            if is_furniture_node(anc.get("class"), anc.get("id")):
                return True
        return False

    def is_template_link(self, anchor: Anchor) -> bool:
        return self.template is not None and self.template.is_template_link(anchor.el, anchor.url)


def describe_node(node) -> str:
    cls = (node.get("class") or "").split()
    ident = node.get("id")
    return node.tag + (f"#{ident}" if ident else "") + "".join(f".{c}" for c in cls[:2])
