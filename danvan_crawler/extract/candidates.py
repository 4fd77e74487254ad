"""Candidates for one field, each checked before it is accepted, and the page facts the checks use.

Every field reader (title, published, author, text, section) tries its candidates in
order (site selectors, the platform profile, the site's learned template, generic
structure, trafilatura's own reading) and records each one here with its verdict, so that
``danvan extract`` can say which candidate won and why the earlier ones lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property, lru_cache
from itertools import compress
from typing import Protocol
from urllib.parse import urljoin, urlsplit

from lxml import etree

from danvan_crawler.extract.layout import Layout, squash_text
from danvan_crawler.extract.listing_page import base_origin, resolves_from_host
from danvan_crawler.extract.memo import short_texts
from danvan_crawler.extract.pagesel import PageSelector
from danvan_crawler.extract.profiles import PROFILES, PlatformProfile

_HOME_PATHS = ("", "/index.html", "/index.php", "/index.aspx", "/default.aspx", "/trang-chu")
# Separators between an article title and the site name in <title>.
TITLE_SEPARATORS = re.compile(r"\s+(?:[|–—-]|::|»|/)\s+")


class Template(Protocol):
    """A site's learned template (see docs/extraction.md): text that recurs on its pages."""

    def is_template_text(self, text: str) -> bool:
        """Whether ``text`` is a block that recurs on many pages of the site."""

    def learn(self, page, url: str) -> bool:
        """Count the blocks of one page (a parsel Selector or HTML) into the template."""


@dataclass(frozen=True)
class ListingHint:
    """What the listing page showed beside the link that led to an article (a crawl only)."""

    anchor_text: str | None = None
    date_text: str | None = None


@dataclass
class Candidate:
    """One value proposed for a field: where it came from and whether it was taken."""

    source: str
    value: str | None
    rejected: str | None = None

    def as_dict(self) -> dict:
        """Plain dict for ``danvan extract``."""
        out = {"from": self.source, "value": self.value}
        out["verdict"] = f"rejected: {self.rejected}" if self.rejected else "accepted"
        return out


@dataclass
class Choices:
    """The candidates of every field in the order they were tried."""

    fields: dict[str, list[Candidate]] = field(default_factory=dict)

    def reject(self, name: str, source: str, value: str | None, reason: str) -> None:
        """Record a candidate of ``name`` that failed its check."""
        self.fields.setdefault(name, []).append(Candidate(source, _short(value), reason))

    def accept(self, name: str, source: str, value: str | None) -> None:
        """Record the candidate of ``name`` that was taken."""
        self.fields.setdefault(name, []).append(Candidate(source, _short(value)))

    def as_dict(self) -> dict[str, list[dict]]:
        """{field: [candidate, ...]} for ``danvan extract``."""
        return {name: [c.as_dict() for c in found] for name, found in self.fields.items()}


def _short(value: str | None) -> str | None:
    if value is None or len(value) <= 160:
        return value
    return value[:157] + "..."


# Menu and sidebar texts recur on every page of a site. Only short texts are cached: the
# body's first lines pass through here too (trim.py), and as keys of an unbounded-length
# cache they held ~4 MB of paragraphs that never recur by a 2,000-article crawl.
@short_texts()
def norm_key(text: str | None) -> str:
    """Comparison form of a short text: folded spaces, casefolded, one kind of dash and quote."""
    text = squash_text(text or "")
    # str.translate with a mapping costs ~50 ns a character; most texts hold none of the
    # folded characters, and a regex tells that at a tenth of the cost.
    if _FOLDED.search(text):
        text = text.translate(_FOLD)
    return text.casefold()


_FOLD = str.maketrans({"–": "-", "—": "-", "“": '"', "”": '"', "‘": "'", "’": "'"})
_FOLDED = re.compile("[" + "".join(map(chr, _FOLD)) + "]")


def configured(profile: PlatformProfile, name: str) -> tuple[str, ...]:
    """The selectors of field ``name`` that a site or platform configured.

    The generic profile's own selectors are guesses, not configuration: they are tried
    with the heuristics, after the page's structure.
    """
    selectors = getattr(profile, name)
    if profile.name != "generic":
        return selectors
    base = getattr(PROFILES["generic"], name)
    if base and selectors[-len(base) :] == base:
        return selectors[: len(selectors) - len(base)]
    return selectors


class PageFacts:
    """One page as the field checks see it: selectors, layout, its <title>, links and template."""

    def __init__(
        self,
        sel: PageSelector,
        url: str,
        *,
        site_name: str | None = None,
        now: datetime | None = None,
        template: Template | None = None,
        listing: ListingHint | None = None,
    ):
        self.sel = sel
        self.url = url
        self.now = now
        self.template = template
        self.listing = listing
        self.given_site_name = site_name

    @cached_property
    def layout(self) -> Layout:
        """The page's blocks and prose region."""
        return Layout(self.sel.sel.root)

    @cached_property
    def page_title(self) -> str:
        """The page's <title>, whitespace folded."""
        return squash_text(self.sel.css("title::text").get() or "")

    @cached_property
    def og_title(self) -> str:
        """The og:title meta, whitespace folded."""
        return squash_text(self.sel.css("meta[property='og:title']::attr(content)").get() or "")

    @cached_property
    def _links(self) -> list[tuple[object, str, str, str]]:
        """(anchor, stripped href, target's page key, target's path) of every <a href> of the
        page: one pass over the anchors serves ``link_labels`` (and ``site_names`` after it)."""
        origin = base_origin(self.url)
        found = []
        for anchor in self.sel.sel.root.iter("a"):
            raw = anchor.get("href")
            if raw:
                target = _link_target(origin, self.url, raw)
                if target is not None:
                    found.append((anchor, *target))
        return found

    def _home_anchors(self) -> list:
        """The page's links whose target path is a home path (``_HOME_PATHS``), in page order."""
        if "_links" in self.__dict__:  # walked already for link_labels
            return [anchor for anchor, _, _, path in self._links if path in _HOME_PATHS]
        # A page carries hundreds of links (menus, sidebars, related lists) and a handful go
        # home. Resolving every one took ~0.4 ms a page with warm caches and twice that in a
        # crawl of a dozen sites; here the raw hrefs come in one XPath pass, a shape test on
        # the raw text (remembered per href, whatever the page) keeps the few that may go
        # home, and only those are resolved.
        hrefs = _HREFS(self.sel.sel.root)
        shapes = list(map(_HREF_SHAPES.get, hrefs))
        if None in shapes:
            if len(_HREF_SHAPES) > _MAX_HREF_SHAPES:
                _HREF_SHAPES.clear()
            for i in [i for i, shape in enumerate(shapes) if shape is None]:
                raw = str(hrefs[i])  # a plain copy (see below)
                shapes[i] = _HREF_SHAPES[raw] = _href_shape(raw)
        origin, found, verdicts = base_origin(self.url), [], {}
        for i in compress(range(len(shapes)), shapes):
            # A plain copy for the caches: a smart string keeps its element, and with it the
            # page's whole tree, alive for as long as a cache holds it.
            raw = str(hrefs[i])
            home = verdicts.get(raw)
            if home is None:
                target = _link_target(origin, self.url, raw)
                home = verdicts[raw] = target is not None and target[2] in _HOME_PATHS
            if home:
                found.append(hrefs[i].getparent())
        return found

    @cached_property
    def site_names(self) -> set[str]:
        """Names the site goes by: given, og:site_name, the home link's text and its logo's alt."""
        names = {self.given_site_name, self.sel.css("meta[property='og:site_name']::attr(content)").get()}
        for anchor in self._home_anchors():
            names.add(_anchor_text(anchor))
            names.update(img.get("alt") for img in anchor.iter("img"))
        return {norm_key(n) for n in names if n and squash_text(n)}

    @cached_property
    def link_labels(self) -> set[str]:
        """Texts of links to other pages (menus, crumbs, related lists): labels, not this page's title."""
        own = _page_key(self.url)
        labels = set()
        for anchor, href, key, _ in self._links:
            if key == own or href.startswith(("javascript:", "#", "mailto:")):
                continue
            text = norm_key(_anchor_text(anchor))
            if text:
                labels.add(text)
        return labels

    def is_template(self, text: str) -> bool:
        """Whether ``text`` recurs on the site's pages (its learned template says so)."""
        return self.template is not None and self.template.is_template_text(text)


def _page_key(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.netloc.lower()}{parts.path.rstrip('/')}?{parts.query}"


def _anchor_text(anchor) -> str:
    """All the text inside a link (``"".join(anchor.itertext())``)."""
    # Most links hold only text; lxml's itertext() costs more than the join for those.
    if not len(anchor):
        return anchor.text or ""
    return "".join(anchor.itertext())


# Every <a href> of a page (or subtree) in page order, as strings that know their element.
_HREFS = etree.XPath("descendant-or-self::a/@href")
# An href's shape (``_href_shape``) by its raw text: menus repeat on every page of a site.
# Emptied when full: each article page brings a few dozen hrefs of its own, and a long
# crawl must not grow with them (~150 bytes an entry; a refill costs ~1 us an href).
_HREF_SHAPES: dict[str, int] = {}
_MAX_HREF_SHAPES = 8192
# The last segment of a home path (``_HOME_PATHS``), or a dot segment that may resolve to one.
_HOME_SEGMENT = r"(?:index\.html|index\.php|index\.aspx|default\.aspx|trang-chu|\.\.?)"
_MAY_GO_HOME = re.compile(
    r"[A-Za-z][A-Za-z0-9+.-]*:(?!//)"  # a scheme without "//": relative to the page, or no path
    rf"|(?:[^?#]*/)?{_HOME_SEGMENT}/*(?:[?#]|\Z)"  # the path's last segment a home one
    r"|/+(?:[?#]|\Z)"  # only slashes
    r"|[^?#/]*//[^?#/]*/*(?:[?#]|\Z)"  # a host and no path
)
# What urlsplit drops anywhere (tabs, newlines), and params, which urljoin splits off.
_ODD_IN_HREF = re.compile(r"[\t\r\n;]")


def _href_shape(raw: str) -> int:
    """0 when an href cannot lead to a home path (``_HOME_PATHS``) from any page, else 1.

    A superset test on the raw text: an href whose path ends in another segment keeps that
    segment after urljoin (dot segments only remove what precedes them). Anything unusual
    (whitespace or other characters ``strip`` or urlsplit remove, params, a scheme
    without "//", an href of only a query or fragment) counts as 1 and is resolved.
    ``tests/test_site_names_identity.py`` checks it against resolving, href by href.
    """
    if not raw:
        return 0
    if not ("!" <= raw[0] <= "~" and "!" <= raw[-1] <= "~") or _ODD_IN_HREF.search(raw):
        return 1
    if raw[0] in "?#" or _MAY_GO_HOME.match(raw):
        return 1
    return 0


def _link_target(origin: str | None, url: str, raw: str) -> tuple[str, str, str] | None:
    """(stripped href, target's page key, target's path) of a link on page ``url``; None for
    an empty href."""
    target = _from_host(origin, raw) if origin is not None else _FROM_PAGE
    if target is _FROM_PAGE:
        href = raw.strip()
        target = (href, *_resolved(url, href)) if href else None
    return target


_FROM_PAGE = ("relative: resolved against the page",)


# Pages of one site repeat the same menu and sidebar links hundreds of times. Keyed on the
# site's origin and the raw attribute, one lookup answers for every page of the site where
# the target does not depend on the page (``listing_page.resolves_from_host``); resolving
# each link was a third of an article's extraction CPU, the per-link steps half of what
# was left.
@lru_cache(maxsize=16384)
def _from_host(origin: str, raw: str) -> tuple[str, str, str] | None:
    """(stripped href, page key, path) of a link on any page of ``origin``; None for an
    empty href; _FROM_PAGE when the target depends on the page."""
    href = raw.strip()
    if not href:
        return None
    if not resolves_from_host(href):
        return _FROM_PAGE
    return (href, *_resolved(origin, href))


# URL caches hold more than text caches: their entries are short, and a crawl reads ~500
# links a page on each of up to 32 sites at once (a smaller LRU cache missed every time).
@lru_cache(maxsize=16384)
def _resolved(base: str, href: str) -> tuple[str, str]:
    try:
        parts = urlsplit(urljoin(base, href))
    except ValueError:  # "http://[bad": no page's key, no home path
        return href, href
    return f"{parts.netloc.lower()}{parts.path.rstrip('/')}?{parts.query}", parts.path.rstrip("/")
