"""CSS selection on one page that skips selectors the page cannot match and starts
the others from the elements they must begin at.

Field extraction tries lists of selectors, most of which miss on any given portal.
A selector whose only anchor is a class (".entry-meta", ".post-date") compiles to an
XPath that runs string functions over every element: ~0.3 ms on a 100 KB page, several
times per article. One pass indexes the page's elements by class and id token. A
selector that needs a class or id the page does not contain at all cannot match, so it
is skipped; one whose first compound needs a class or id (".title-news h1",
"table#tableforprint p.Title") or one of a few rare tags ("meta[property=...]",
"article time") is evaluated from the few elements carrying it instead of from every
element. A reader that looks at the first few matches asks for those only. Results are
the same as ``Selector.css``, nodes in the same order; tests/test_pagesel.py checks
that on fixtures, randomised pages and edge cases.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import NamedTuple, TypeVar

import cssselect
from cssselect.parser import Class, CombinedSelector, Element, Hash
from lxml import etree
from parsel import Selector, SelectorList
from parsel.csstranslator import css2xpath
from parsel.selector import create_root_node

from danvan_crawler.extract.normalize import squash

# Brackets and parentheses hold attribute values and pseudo-class arguments
# ("a[href$='.html']", ":not(.ad)", "::attr(content)"): not classes the match needs.
_BRACKETED = re.compile(r"\[[^\]]*\]|\([^)]*\)")
# A class token: what XPath's normalize-space (space, tab, CR, LF) leaves between spaces,
# which is what cssselect's class test compares.
_CLASS_TOKEN = re.compile(r"[^ \t\r\n]+")
# Past this many elements carrying the first compound's token, one pass over the page is
# cheaper than an evaluation from each.
_MAX_STARTS = 32
_WHOLE_PAGE = "descendant-or-self::"
# Tags that selectors start from and a page holds few of: the head's (canonical URL, site
# name, title), <body>, and <article> and <time> (dates and bodies); one C-level pass
# (lxml's iter with tag names) finds them all, where each selector's XPath would test
# every element of the page.
_INDEXED_TAGS = ("base", "link", "meta", "title", "body", "article", "time")
_CLASS_OR_ID = re.compile(r"([.#])(-?[_a-zA-Z\u00a0-\uffff][\w\-\u00a0-\uffff]*)")

T = TypeVar("T")
Matched = tuple[str, SelectorList]  # a selector and its nodes


# XPath's string value of an element: what lxml.html's ``text_content()`` is, for plain
# lxml elements too (``parse_html``'s trees have no lxml.html methods).
string_value = etree.XPath("string()", smart_strings=False)


def parse_html(html: str, url: str, *, utf8: bytes | None = None) -> Selector:
    """``html`` parsed as parsel's ``Selector(text=html)`` would, with libxml2's plain HTML parser.

    lxml.html's parser is the same libxml2 parser plus a Python class lookup (HtmlElement)
    that runs for every element object lxml creates: ~0.5 microseconds per element, paid
    on every walk over a page (layout, template learning), ~1,500 elements a page. The
    tree is the same; only lxml.html's convenience methods (``text_content``) are absent.

    ``utf8``: the fetched bytes ``html`` was decoded from, when it is their exact UTF-8
    decoding (``page.exact_utf8`` tells). parsel strips the text and encodes it to UTF-8
    again for libxml2; those bytes are the fetched ones, stripped (``_same_when_stripped``),
    so they are parsed as they are: ~0.2 ms of a 100 KB page saved, the same tree.
    """
    if utf8 is not None and _same_when_stripped(utf8):
        return Selector(root=create_root_node("", etree.HTMLParser, base_url=url, body=utf8), type="html")
    return Selector(root=create_root_node(html, etree.HTMLParser, base_url=url), type="html")


_LEADS_WITH_TAG = re.compile(rb"[ \t\n\r\x0b\x0c]*<")


def _same_when_stripped(body: bytes) -> bool:
    """Whether stripping ``body`` (bytes: ASCII whitespace) takes off what stripping its text
    (any Unicode whitespace, such as a no-break space) would: true when the first and
    last bytes that are not ASCII whitespace are "<" and ">", which are no whitespace."""
    return bool(_LEADS_WITH_TAG.match(body)) and body[-256:].rstrip()[-1:] == b">"


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


class StartedQuery(NamedTuple):
    """How a selector is evaluated from the few elements its first compound needs."""

    kind: str  # "." a class, "#" an id, "<" a tag of _INDEXED_TAGS
    name: str
    relative: str  # the XPath from one such element ("self::FIRST/REST")
    whole: str  # the XPath from the page or any element ("descendant-or-self::FIRST/REST")
    siblings: bool  # a sibling combinator can take matches outside the starting element


@lru_cache(maxsize=1024)
def anchored_query(css: str) -> StartedQuery | None:
    """How ``css`` can start from the elements carrying its first compound's class, id
    or indexed tag (``_INDEXED_TAGS``); None when it cannot.

    ``css2xpath`` gives "descendant-or-self::FIRST/REST": the matches are the union, over
    the elements FIRST matches, of REST evaluated from each. Every element FIRST matches
    carries the token, so "self::FIRST/REST" from each element that does gives them all.
    """
    bare = _BRACKETED.sub("", css)
    if "," in bare or "\\" in bare:  # groups, escapes: evaluated over the page
        return None
    try:
        (parsed,) = cssselect.parse(css)
    except (cssselect.SelectorError, ValueError):  # a malformed or grouped selector
        return None
    node, siblings = parsed.parsed_tree, False
    while isinstance(node, CombinedSelector):
        siblings = siblings or node.combinator in "+~"
        node = node.selector
    token = None
    # The first compound's own parts (not those inside :not(), :is() or :has()).
    while not isinstance(node, Element) and hasattr(node, "selector"):
        if isinstance(node, Hash):
            token = ("#", node.id)
        elif isinstance(node, Class) and (token is None or token[0] == "."):
            token = (".", node.class_name)
        node = node.selector
    if token is None and isinstance(node, Element) and (node.element or "").lower() in _INDEXED_TAGS:
        token = ("<", node.element.lower())
    xpath = css2xpath(css)
    if token is None or not xpath.startswith(_WHOLE_PAGE):
        return None
    return StartedQuery(*token, "self::" + xpath.removeprefix(_WHOLE_PAGE), xpath, siblings)


# A page's class attributes in document order, as strings that know their element.
_CLASS_VALUES = etree.XPath("descendant-or-self::*/@class")


class _ClassIndex:
    """Class token -> the elements (document order) carrying it, for one page.

    Selectors ask whether a page has a handful of tokens and start from the elements of a
    few; a page carries hundreds of class attributes. The tokens present come from one
    regex pass over all the attribute values joined; a token's elements are picked out
    when a selector first starts from it, from the values that hold it.
    """

    def __init__(self, root):
        # lxml's "smart" strings: each knows its element (``getparent()``), so one XPath
        # pass serves both the tokens and the elements. A second pass wrapping every
        # classed element (~500 a farm page) for the first token asked made the index
        # cost 0.91 ms an article in a crawl of the benchmark farm; 0.75 ms this way.
        self.values: list[str] = _CLASS_VALUES(root)
        # Joined by a space, which no token holds: a token never spans two values.
        self.tokens = frozenset(_CLASS_TOKEN.findall(" ".join(self.values)))
        self._found: dict[str, list] = {}

    def __contains__(self, token: str) -> bool:
        return token in self.tokens

    def get(self, token: str, default=()) -> list:
        if token not in self.tokens:
            return default
        found = self._found.get(token)
        if found is None:
            found = self._found[token] = [
                value.getparent()
                for value in self.values
                if token in value and token in _CLASS_TOKEN.findall(value)
            ]
        return found


class PageSelector:
    """``css()`` over a whole page (or one element's subtree), with the elements of the page
    indexed by class token, id and a few tags on first need."""

    def __init__(self, sel: Selector):
        self.sel = sel
        self._classes: _ClassIndex | None = None
        self._ids: dict[str, list] | None = None
        self._tags: dict[str, list] | None = None
        self.skipped = 0

    def _class_index(self) -> _ClassIndex:
        if self._classes is None:
            self._classes = _ClassIndex(self.sel.root)
        return self._classes

    def _id_index(self) -> dict[str, list]:
        """Id -> the elements (document order) under the selector's root carrying it."""
        if self._ids is None:
            self._ids = {}
            # Smart strings know their element: one XPath pass instead of a Python walk.
            for value in self.sel.root.xpath("descendant-or-self::*/@id"):
                self._ids.setdefault(value, []).append(value.getparent())
        return self._ids

    def _tag_index(self) -> dict[str, list]:
        if self._tags is None:
            self._tags = {}
            for element in self.sel.root.iter(*_INDEXED_TAGS):
                self._tags.setdefault(element.tag, []).append(element)
        return self._tags

    def can_match(self, css: str) -> bool:
        """False only when the page lacks a class or id that ``css`` requires."""
        needed = required_tokens(css)
        if needed is None:
            return True
        classes, ids = needed
        if classes and not all(name in self._class_index() for name in classes):
            return False
        return not ids or all(name in self._id_index() for name in ids)

    def css(self, query: str, limit: int | None = None) -> SelectorList:
        """``Selector.css(query)``, or its first ``limit`` nodes.

        A reader that looks at the first few matches says so with ``limit``: parsel wraps
        every match in a Selector (~3 microseconds each), and a sidebar of dated items
        gave ".date" 500 matches on one page.
        """
        if not self.can_match(query):
            self.skipped += 1
            return SelectorList([])
        found = self._from_starts(query, limit)
        if found is not None:
            return found
        if limit is None:
            return self.sel.css(query)
        return self.sel.xpath(_first(css2xpath(query), limit))

    def matches(self, selectors: Iterable[str], limit: int | None = None) -> Iterator[Matched]:
        """(selector, its nodes) for each of ``selectors`` in order, at most ``limit`` nodes
        each; a malformed one is skipped."""
        for css in selectors:
            try:
                nodes = self.css(css, limit)
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

    def _from_starts(self, css: str, limit: int | None = None) -> SelectorList | None:
        """``css``'s matches (the first ``limit``) evaluated from the elements carrying its
        first compound's token; None when one pass over the page is the way (see
        ``anchored_query``)."""
        query = anchored_query(css)
        if query is None:
            return None
        index = {".": self._class_index, "#": self._id_index, "<": self._tag_index}[query.kind]()
        starts = index.get(query.name, ())
        wrap, kind_of_page = type(self.sel), self.sel.type
        if len(starts) > 1:
            parent = starts[0].getparent()
            if parent is not None and all(start.getparent() is parent for start in starts):
                # All in one element (the <head>): every match is inside it, siblings too.
                # (The root is never among such starts: the others would be inside it.)
                whole = query.whole if limit is None else _first(query.whole, limit)
                return wrap(root=parent, type=kind_of_page).xpath(whole)
            # From several starts, the matches come out in document order, each once, only
            # when each start's matches stay inside it and no start is inside another.
            if query.siblings or len(starts) > _MAX_STARTS or _nested(starts):
                return None
        found: list = []
        for start in starts:
            found.extend(wrap(root=start, type=kind_of_page).xpath(query.relative))
            if limit is not None and len(found) >= limit:
                del found[limit:]  # the first in document order: starts and their matches are in it
                break
        return self.sel.selectorlist_cls(found)


def _first(xpath: str, limit: int) -> str:
    """``xpath``'s first ``limit`` nodes in document order (its node-set, then position)."""
    return f"({xpath})[position() <= {int(limit)}]"


def _nested(elements: list) -> bool:
    """Whether one of ``elements`` is inside another."""
    chosen = set(elements)
    return any(ancestor in chosen for element in elements for ancestor in element.iterancestors())


def text_of(nodes: SelectorList, css: str) -> str:
    """A ``first`` pick: the first non-empty text among ``nodes`` (the attribute for "::attr()")."""
    for node in nodes:
        value = squash(node.get() if "::attr(" in css else " ".join(node.css("::text").getall()))
        if value:
            return value
    return ""
