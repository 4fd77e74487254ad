"""Learned site templates: the blocks of text and links that recur on many pages of one site.

Menus, sidebars, counters, footers, "Xem chi tiết tại đây", related-block headings, the
banner date and stale pager links are printed on page after page of a site; the
article's own text and its listing's items are not. A ``SiteTemplate`` counts, per
block, on how many distinct pages of the site it was seen, and calls a block *template*
once it was seen on at least ``MIN_PAGES`` pages and on at least ``SHARE`` of all pages
learned. Blocks are kept as 64-bit hashes of their normalised text (text blocks) or of
the link's URL and its place in the page (link blocks), bounded to ``MAX_BLOCKS`` per
site. Storage is in ``store/templates.py``; this module has no SQL and needs no Scrapy.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from lxml import etree
from parsel import Selector

from danvan_crawler.extract.listing_page import page_base, resolver
from danvan_crawler.extract.memo import short_texts

# Seen on at least this many pages and this share of the pages learned.
MIN_PAGES = 3
SHARE = 0.5
# Blocks kept per site; the least seen are forgotten first.
MAX_BLOCKS = 5000
# Link block digests remembered per site (``SiteTemplate._new_link_digest``): a site's pages
# repeat a few hundred menu and sidebar links; past this many, the memory starts again
# (~200 bytes each).
_MAX_LINK_DIGESTS = 4096
# Longer texts are article prose, which never recurs as a whole: not worth a row.
MAX_TEXT = 300
# Elements whose text is one block when they hold no other block inside.
BLOCK_TAGS = frozenset(
    {"p", "li", "td", "th", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "div", "span", "caption"}
    | {"label", "figcaption", "blockquote", "option"}
)
_SPACE = re.compile(r"\s+")


# A pure function of the string's value (casefold always returns a plain str); the same
# menu and footer texts are normalised on every page.
@short_texts()
def normalise(text: str | None) -> str:
    """The form a block is compared in: NFC, single spaces, casefolded."""
    if not text:
        return ""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip().casefold()


# Pure (a digest of its arguments), so caching cannot change a hash; the same menu links
# and footer texts are hashed on every page learned and asked about by the extraction.
@lru_cache(maxsize=4096)
def block_hash(kind: str, key: str) -> int:
    """A signed 64-bit hash (an SQLite integer) of one block."""
    digest = hashlib.blake2b(f"{kind}\x00{key}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _text(node) -> str:
    # A childless element's itertext() is its .text alone; most blocks are childless, and
    # itertext walks start/end events through Python objects.
    if not len(node):
        return normalise(node.text)
    # Text nodes apart, so that "2023</a><span>27-12" stays two words.
    return normalise(" ".join(node.itertext()))


def _mostly_link(node, text: str) -> bool:
    """Whether a block's text is (nearly) all link text: a link block, counted as one.

    A "Tin mới" sidebar prints the newest titles on every page; as text they would make
    those articles' own headings look like template. Their links are learned instead.
    """
    if not len(node):  # a childless block (never an <a>) holds no link: 0 >= 0.8 * len(text)
        return not text
    linked = sum(len(_text(a)) for a in node.iter("a"))
    return linked >= 0.8 * len(text)


def _place(node, cache: dict) -> str:
    """Where ``node`` sits: its ancestors' tags and classes, without positions."""
    parent = node.getparent()
    if parent is None:
        return node.tag if isinstance(node.tag, str) else ""
    above = cache.get(parent)  # places are strings, never None
    if above is None:
        above = cache[parent] = _place(parent, cache)
    return _step(above, node)


def _step(above: str, node) -> str:
    """The place of ``node`` under a parent placed at ``above``: its tag and classes added."""
    cls = node.get("class")
    if cls:
        cls = " ".join(cls.split())
    return f"{above}/{node.tag}.{cls}" if cls else f"{above}/{node.tag}"


@dataclass
class SiteTemplate:
    """The recurring blocks of one site, counted over the distinct pages they were seen on."""

    site: str
    pages: int = 0
    # block hash -> number of distinct pages it was seen on (stored and learned here).
    blocks: dict[int, int] = field(default_factory=dict)
    # What this process learned and has not saved yet: hashes, kinds and samples.
    pending: Counter = field(default_factory=Counter)
    pending_pages: int = 0
    kinds: dict[int, str] = field(default_factory=dict)
    samples: dict[int, str] = field(default_factory=dict)
    _learned: set[str] = field(default_factory=set, repr=False)
    # Link block key -> digest (``_new_link_digest``).
    _link_digests: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    # Learning ---------------------------------------------------------------------

    def learn(self, page: str | Selector, url: str) -> bool:
        """Count the blocks of one page (once per URL in this process); False if already counted."""
        if url in self._learned:
            return False
        self._learned.add(url)
        sel = page if isinstance(page, Selector) else Selector(text=page, base_url=url)
        found = self._page_blocks(sel, url)
        self.pages += 1
        self.pending_pages += 1
        # Counter.update counts in the same order as "+= 1" per digest, in C.
        self.pending.update(found.keys())
        blocks, kinds, samples = self.blocks, self.kinds, self.samples
        for digest, (kind, sample) in found.items():
            blocks[digest] = blocks.get(digest, 0) + 1
            kinds.setdefault(digest, kind)
            samples.setdefault(digest, sample)
        if len(self.blocks) > MAX_BLOCKS:
            self._forget()
        return True

    def _new_link_digest(self, key: str) -> int:
        """``block_hash("link", key)`` of a link block the site has not met yet, remembered.

        Learning meets a page's menu and sidebar links on every page of the site;
        ``block_hash``'s process-wide cache is shared by every site in progress, whose
        links together outgrow it (a dozen farm sites: ~9,500 blocks), so it missed a
        quarter of the time. Text blocks are few a page and often the page's own: they
        keep to the shared cache.
        """
        digests = self._link_digests
        if len(digests) >= _MAX_LINK_DIGESTS:
            digests.clear()
        digest = digests[key] = block_hash("link", key)
        return digest

    def _page_blocks(self, sel: Selector, url: str) -> dict[int, tuple[str, str]]:
        """Digest -> (kind, sample) of every text and link block of a page, in document order
        (of each digest's first block)."""
        found: dict[int, tuple[str, str]] = {}
        root = sel.root
        if not isinstance(root, etree._Element):
            return found
        resolve = resolver(page_base(sel, url))
        # The site's link digests looked up here, ``_new_link_digest`` only for a new one.
        link_digests, new_link_digest = self._link_digests, self._new_link_digest
        places: dict = {}
        # Elements holding another block: their text is the sum of blocks already counted.
        # Known only once the whole page was walked, so block elements wait in ``items``
        # at their place in document order (the order decides which blocks are kept first).
        holders: set = set()
        items: list = []
        # Only <a> and block elements count: comments, processing instructions, <script>,
        # <style> and the like match neither test (their insides are walked all the same).
        for node in root.iter():
            tag = node.tag
            if tag == "a":
                link = resolve(node.get("href"))
                if link:
                    # _place(node, places) with its cache lookup written out: every link's
                    # parent (a list item, a cell) is a new element, whose place is not cached.
                    parent = node.getparent()
                    if parent is None:
                        place = "a"
                    else:
                        above = places.get(parent)
                        if above is None:
                            above = places[parent] = _place(parent, places)
                        place = _step(above, node)
                    key = f"{link}\x00{place}"
                    digest = link_digests.get(key)
                    items.append((new_link_digest(key) if digest is None else digest, link))
            if tag in BLOCK_TAGS:
                items.append(node)
                parent = node.getparent()
                while parent is not None and parent not in holders:
                    holders.add(parent)
                    parent = parent.getparent()
        for item in items:
            if type(item) is tuple:
                digest, link = item
                if digest not in found:
                    found[digest] = ("link", link[:80])
            elif item not in holders:
                text = _text(item)
                if text and len(text) <= MAX_TEXT and not _mostly_link(item, text):
                    digest = block_hash("text", text)
                    if digest not in found:
                        found[digest] = ("text", text[:80])
        return found

    def _forget(self) -> None:
        """Drop the least seen blocks until a fifth of the room is free again."""
        keep = sorted(self.blocks.items(), key=lambda kv: kv[1], reverse=True)[: MAX_BLOCKS * 4 // 5]
        self.blocks = dict(keep)
        for digest in list(self.pending):
            if digest not in self.blocks:
                del self.pending[digest]
                self.kinds.pop(digest, None)
                self.samples.pop(digest, None)

    def saved(self) -> None:
        """Forget what was pending: the store has it now."""
        self.pending.clear()
        self.pending_pages = 0
        self.kinds.clear()
        self.samples.clear()

    # Questions ----------------------------------------------------------------------

    def recurring(self, digest: int) -> bool:
        """Whether the block ``digest`` is part of the template."""
        if self.pages < MIN_PAGES:
            return False
        seen = self.blocks.get(digest, 0)
        return seen >= MIN_PAGES and seen >= SHARE * self.pages

    def is_template_text(self, text: str | None) -> bool:
        """Whether a text (a line, a heading, a date line) recurs on the site's pages."""
        key = normalise(text)
        return bool(key) and self.recurring(block_hash("text", key))

    def is_template_link(self, anchor, url: str, places: dict | None = None) -> bool:
        """Whether the link ``anchor`` (an lxml ``<a>``, resolved to ``url``) recurs in the same place.

        ``places`` caches the places of ``anchor``'s ancestors: a caller asking about many
        links of one page passes the same dict for all of them (while the page is unchanged).
        """
        place = _place(anchor, {} if places is None else places)
        return self.recurring(block_hash("link", f"{url}\x00{place}"))

    def is_template_block(self, node, base_url: str = "") -> bool:
        """Whether an lxml element is template: its whole text recurs, or most of its links do."""
        if isinstance(node, str):
            return self.is_template_text(node)
        text = _text(node)
        if text and len(text) <= MAX_TEXT and self.recurring(block_hash("text", text)):
            return True
        resolve = resolver(base_url)
        anchors = [(a, resolve(a.get("href"))) for a in node.iter("a")]
        anchors = [(a, link) for a, link in anchors if link]
        if not anchors:
            return False
        places: dict = {}
        recurring = sum(
            1 for a, link in anchors if self.recurring(block_hash("link", f"{link}\x00{_place(a, places)}"))
        )
        return recurring * 5 >= len(anchors) * 3
