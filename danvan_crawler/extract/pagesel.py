"""CSS selection on one article page that skips selectors the page cannot match.

Field extraction tries lists of selectors, most of which miss on any given portal.
A selector whose only anchor is a class (".entry-meta", ".post-date") compiles to an
XPath that runs string functions over every element: ~0.5 ms on a 100 KB page, several
times per article. A selector that needs a class or id the page does not contain at
all cannot match, so it is skipped after one pass that collects the page's class and
id tokens. Results are the same as ``Selector.css``; only misses get cheaper.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import TypeVar

from lxml import etree
from parsel import Selector, SelectorList
from parsel.selector import create_root_node

from danvan_crawler.extract.normalize import squash

# Brackets and parentheses hold attribute values and pseudo-class arguments
# ("a[href$='.html']", ":not(.ad)", "::attr(content)"): not classes the match needs.
_BRACKETED = re.compile(r"\[[^\]]*\]|\([^)]*\)")
_XML_SPACE = re.compile(r"[ \t\r\n]+")
_CLASS_OR_ID = re.compile(r"([.#])(-?[_a-zA-Z\u00a0-\uffff][\w\-\u00a0-\uffff]*)")

T = TypeVar("T")


def parse_html(html: str, url: str) -> Selector:
    """``html`` parsed as parsel's ``Selector(text=html)`` would, with libxml2's plain HTML parser.

    lxml.html's parser is the same libxml2 parser plus a Python class lookup (HtmlElement)
    that runs for every element object lxml creates: ~0.5 microseconds per element, paid
    on every walk over a page (layout, template learning), ~1,500 elements a page. The
    tree is the same; only lxml.html's convenience methods (``text_content``) are absent.
    """
    return Selector(root=create_root_node(html, etree.HTMLParser, base_url=url), type="html")


@lru_cache(maxsize=1024)
def required_tokens(css: str) -> tuple[frozenset[str], frozenset[str]] | None:
    """(classes, ids) every match of ``css`` must carry; None when that cannot be told
    simply (a selector group, escapes, or nothing to require)."""
    bare = _BRACKETED.sub("", css)
    if "," in bare or "\\" in bare or "[" in bare or "(" in bare:
        return None
    found = _CLASS_OR_ID.findall(bare)
    if not found:
        return None
    classes = frozenset(name for kind, name in found if kind == ".")
    ids = frozenset(name for kind, name in found if kind == "#")
    return classes, ids


class PageSelector:
    """``css()`` over a whole page, with the page's class and id tokens indexed on first need."""

    def __init__(self, sel: Selector):
        self.sel = sel
        self._classes: set[str] | None = None
        self._ids: set[str] | None = None
        self.skipped = 0

    def _class_tokens(self) -> set[str]:
        if self._classes is None:
            values = self.sel.root.xpath("//@class", smart_strings=False)
            # Split like XPath's normalize-space (space, tab, CR, LF), which class tests use.
            self._classes = set(_XML_SPACE.split(" ".join(values)))
        return self._classes

    def _id_tokens(self) -> set[str]:
        if self._ids is None:
            self._ids = set(self.sel.root.xpath("//@id", smart_strings=False))
        return self._ids

    def can_match(self, css: str) -> bool:
        """False only when the page lacks a class or id that ``css`` requires."""
        needed = required_tokens(css)
        if needed is None:
            return True
        classes, ids = needed
        if classes and not classes <= self._class_tokens():
            return False
        return not ids or ids <= self._id_tokens()

    def css(self, query: str) -> SelectorList:
        if not self.can_match(query):
            self.skipped += 1
            return SelectorList([])
        return self.sel.css(query)

    def matches(self, selectors: Iterable[str]) -> Iterator[tuple[str, SelectorList]]:
        """(selector, its nodes) for each of ``selectors`` in order; a malformed one is skipped."""
        for css in selectors:
            try:
                nodes = self.css(css)
            except Exception:  # a malformed site selector must not kill the page
                continue
            yield css, nodes

    def first(self, selectors: Iterable[str], pick: Callable[[SelectorList, str], T]) -> tuple[T, str] | None:
        """``(pick(nodes, css), css)`` for the first selector whose pick is truthy; None if none is."""
        for css, nodes in self.matches(selectors):
            value = pick(nodes, css)
            if value:
                return value, css
        return None


def text_of(nodes: SelectorList, css: str) -> str:
    """A ``first`` pick: the first non-empty text among ``nodes`` (the attribute for "::attr()")."""
    for node in nodes:
        value = squash(node.get() if "::attr(" in css else " ".join(node.css("::text").getall()))
        if value:
            return value
    return ""
