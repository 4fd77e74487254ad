"""One parsed listing page: its in-site anchors, which element belongs to which link, its home URLs."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING
from urllib.parse import urldefrag, urljoin, urlsplit

from lxml import etree
from parsel import Selector

from danvan_crawler.extract.chrome import is_furniture_node
from danvan_crawler.extract.dates import VN_TZ, DateError, parse_date
from danvan_crawler.extract.memo import short_texts
from danvan_crawler.extract.pagesel import PageSelector, string_value

if TYPE_CHECKING:
    from danvan_crawler.extract.template import SiteTemplate

_SKIP_SCHEMES = ("javascript:", "mailto:", "tel:", "#", "data:")
_HOME_WORDS = {"trang chủ", "home", "trang nhà"}
_HOME_PATHS = {
    *("", "/", "/index.html", "/index.htm", "/index.php", "/index.aspx", "/default.aspx", "/home"),
    *("/trang-chu", "/trang-chu.html", "/vi", "/vi-vn", "/web/guest", "/web/guest/home"),
}
_HOME_PATH_KEYS = frozenset(p.rstrip("/") for p in _HOME_PATHS)
_NAV_TAGS = {"nav", "aside"}
# Page-level header/footer are furniture; an <article>'s own header holds its title link.
_PAGE_TAGS = {"header", "footer"}
# An element not yet in ``ListingPage.owner`` (where None means "holds several links").
_UNSEEN = object()
# Listing dates are evidence, not values to check against today.
_FAR_FUTURE = datetime(9000, 1, 1, tzinfo=VN_TZ)
# Every date rule (ISO, d/m/yyyy, "ngày d tháng m năm yyyy") needs a four-digit year.
_YEAR_DIGITS = re.compile(r"\d{4}")


def absolute(base: str, href: str | None) -> str | None:
    """Absolute URL without fragment, or None for javascript:/mailto: and empty hrefs."""
    return resolver(base)(href)


def resolver(base: str) -> Callable[[str | None], str | None]:
    """``absolute`` against one base, for the hundreds of links of one page: the base's
    origin is worked out once, not once a link."""
    origin = base_origin(base)
    from_host = _absolute_from_host

    def resolve(href: str | None) -> str | None:
        if not href:
            return None
        if origin is not None:
            found = from_host(origin, href)
            if found is not _FROM_PAGE:
                return found
        return _absolute(base, href)

    return resolve


def _absolute(base: str, href: str) -> str | None:
    href = href.strip()
    if not href or href.lower().startswith(_SKIP_SCHEMES):
        return None
    return _joined(join_base(base, href), href)


# Pages of a site repeat the same menu and sidebar links hundreds of times: keyed on the
# site's origin and the raw attribute, one lookup answers what stripping, the scheme test
# and ``join_base`` would (a third of reading a listing's anchors).
_FROM_PAGE = "relative: resolved against the page"


@lru_cache(maxsize=16384)
def _absolute_from_host(origin: str, href: str) -> str | None:
    """``absolute`` of ``href`` on any page of ``origin``; _FROM_PAGE when that depends on the page."""
    stripped = href.strip()
    if stripped and not stripped.lower().startswith(_SKIP_SCHEMES) and not resolves_from_host(stripped):
        return _FROM_PAGE
    return _absolute(origin, href)


def resolves_from_host(href: str) -> bool:
    """Whether urljoin resolves ``href`` (stripped) from the base's scheme and host alone.

    Pages of a site repeat the same menu and sidebar links hundreds of times. urljoin reads
    only the base's scheme and host for an href that is root-relative ("/x", not "//x") or
    absolute with a host of its own ("http://h/x"): the base's path and query never enter
    (CPython's urljoin: a netloc in the href returns the href itself or its re-join; a path
    starting with "/" ignores the base path).
    """
    # urlsplit drops tabs and newlines anywhere in a URL: "/\t/x" would turn into "//x".
    if "\t" in href or "\r" in href or "\n" in href:
        return False
    if href.startswith("/"):
        return not href.startswith("//")
    host_start = 7 if href.startswith("http://") else 8 if href.startswith("https://") else 0
    # "http:///x" has no host of its own: it takes the base's host and path.
    return bool(host_start) and len(href) > host_start and href[host_start] not in "/?#"


def join_base(base: str, href: str) -> str:
    """A base that resolves ``href`` exactly as ``base`` does, shared by all pages of a host:
    ``scheme://host`` where ``resolves_from_host(href)``, so one cache serves every page."""
    if not resolves_from_host(href):
        return base
    origin = base_origin(base)
    return origin if origin is not None else base


@lru_cache(maxsize=1024)
def base_origin(base: str) -> str | None:
    """``scheme://netloc`` of ``base``: parses to the same scheme and netloc again.

    None when that shortcut is not exact: no base (urljoin returns the href as it is), no
    scheme, or a base urlsplit rejects (then every join raises).
    """
    try:
        parts = urlsplit(base)
    except ValueError:
        return None
    if not base or not parts.scheme:
        return None
    return f"{parts.scheme}://{parts.netloc}"


@lru_cache(maxsize=16384)  # a pure function of its two strings
def _joined(base: str, href: str) -> str | None:
    try:
        return urldefrag(urljoin(base, href))[0]
    except ValueError:  # an unparseable href ("http://[bad") is no link
        return None


def same_site(url: str, other: str) -> bool:
    """Whether two URLs share a host (``www.`` ignored) and port."""
    a, b = _site(url), _site(other)
    return a is not None and a == b


@lru_cache(maxsize=16384)
def _site(url: str) -> tuple[str, int | None] | None:
    """(host without ``www.``, port) of ``url``; None when it does not parse or its port is bad.

    Cached: a listing checks each of its hundreds of links against its own URL.
    """
    try:
        parts = urlsplit(url)
        return (parts.hostname or "").removeprefix("www."), parts.port
    except ValueError:
        return None


def page_base(sel: Selector, url: str) -> str:
    """The URL hrefs resolve against: ``<base href>`` when the page has one."""
    # What sel.css("base::attr(href)").get() returns (the first <base> with an href), found
    # by lxml's C-level walk instead of a CSS translation, an XPath and selector objects:
    # asked for every listing page and every page a template learns.
    root = sel.root
    hrefs = (base.get("href") for base in root.iter("base")) if isinstance(root, etree._Element) else ()
    base_href = next((href for href in hrefs if href is not None), None)
    return urljoin(url, base_href.strip()) if base_href else url


@dataclass
class ListingItem:
    """One article link of a listing: URL, anchor text and the date printed beside it."""

    url: str
    text: str
    date: str | None = None


# Labels and item texts recur on every page of a site (menus, sidebars).
@short_texts()
def norm_text(text: str | None) -> str:
    """``text`` in NFC with its whitespace runs made single spaces, stripped."""
    # str.split() splits at exactly the characters regex \s matches (every code point checked).
    return " ".join(unicodedata.normalize("NFC", text or "").split())


class Anchor:
    """An ``<a>`` with a followable in-site URL and its label."""

    __slots__ = ("el", "label", "url")

    def __init__(self, el, url: str, label: str):
        self.el = el
        self.url = url
        self.label = label


def text_content(el) -> str:
    """lxml.html's ``el.text_content()``, for any lxml element; a childless element's is its
    ``.text``, read without the XPath evaluation (~500 links a listing page)."""
    return string_value(el) if len(el) else el.text or ""


def link_label(a) -> str:
    """A link's label: its text, else its title, else its images' alt."""
    text = norm_text(text_content(a))
    if text:
        return text
    for attr in (a.get("title"), *(img.get("alt") for img in a.iter("img"))):
        if attr and attr.strip():
            return norm_text(attr)
    return ""


def date_in(text: str) -> str | None:
    """The first date expression of ``text`` as ISO, or None."""
    # No four digits in a row: no date rule can match (canonical normalisation in
    # parse_date neither makes nor unmakes a digit), so skip the parse.
    if not text or not _YEAR_DIGITS.search(text):
        return None
    return _date(text)


# The date depends on the text alone (a fixed "now"), and a site's listing pages repeat
# their boxes and most of their items from page to page.
@short_texts()
def _date(text: str) -> str | None:
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
        self._places: dict = {}
        resolve = resolver(page_base(sel, url))
        self.anchors: list[Anchor] = []
        # element -> the one URL linked inside it, or None when it holds links to several pages.
        self.owner: dict[object, str | None] = {}
        owner = self.owner
        for a in self.root.iter("a"):
            link = resolve(a.get("href"))
            if not link or not link.startswith(("http://", "https://", "file:")):
                continue
            node = a
            while node is not None:
                held = owner.get(node, _UNSEEN)
                if held is _UNSEEN:
                    owner[node] = link
                elif held == link or held is None:
                    # Above an element that holds a link sit only elements holding that same
                    # link or None (several links), and above None only None: nothing to change.
                    break
                else:
                    owner[node] = None
                node = node.getparent()
            if same_site(link, url):
                self.anchors.append(Anchor(a, link, link_label(a)))
        self.home = self._home_urls()
        # Item element -> its date; scoring, lead items and the chosen items ask for the same ones.
        self._dates: dict[object, str | None] = {}

    @cached_property
    def selectors(self) -> PageSelector:
        """CSS selection on this page: one class and id index for the link and pager selectors."""
        return PageSelector(self.sel)

    @cached_property
    def order(self) -> dict[object, int]:
        """Element -> its position in document order."""
        return {node: n for n, node in enumerate(self.root.iter())}

    def item_date(self, item) -> str | None:
        """The first date printed inside ``item`` (ISO), or None."""
        try:
            return self._dates[item]
        except KeyError:
            # Text nodes apart: "... năm 2023</a><span>27-12-2023" must not read "202327-12-2023".
            date = self._dates[item] = date_in(norm_text(" ".join(item.itertext())))
            return date

    def _home_urls(self) -> set[str]:
        parts = urlsplit(self.url)
        root = f"{parts.scheme}://{parts.netloc}"
        home = {root + path for path in _HOME_PATHS} | {root}
        for anchor in self.anchors:
            if anchor.label.casefold() in _HOME_WORDS:
                home.add(anchor.url)
        return home

    def is_home(self, url: str) -> bool:
        """Whether ``url`` is the site's home page (root, index file or the "Trang chủ" link)."""
        return url in self.home or _home_path(url)

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
        # One cache of ancestor places for the page: ~500 links a listing page are asked about,
        # and each rebuilt its whole ancestor path (a tenth of a listing page's reading).
        if self.template is None:
            return False
        return self.template.is_template_link(anchor.el, anchor.url, self._places)


@lru_cache(maxsize=16384)
def _home_path(url: str) -> bool:
    """Whether ``url``'s path is a home page's, with no query; cached as a page asks for every link."""
    parts = urlsplit(url)
    return not parts.query and parts.path.lower().rstrip("/") in _HOME_PATH_KEYS


def describe_node(node) -> str:
    cls = (node.get("class") or "").split()
    ident = node.get("id")
    return node.tag + (f"#{ident}" if ident else "") + "".join(f".{c}" for c in cls[:2])
