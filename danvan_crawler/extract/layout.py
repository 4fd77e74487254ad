"""The shape of one page: its text blocks in document order, link density, furniture, prose.

Field readers that meet markup no profile was written for reason about structure, not
class names: where the article's prose is, which blocks are link lists, which sit in the
page's header, menus, sidebars and footer. ``Layout`` computes that once per page from
the parsed tree and every field reader (body, title, date, byline) shares it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from lxml import etree

from danvan_crawler.extract.chrome import is_chrome_line, is_furniture_node

# Elements that start a new line of text; everything else (a, span, strong, font...) is inline.
BLOCK_TAGS = frozenset(
    {"address", "article", "aside", "blockquote", "body", "center", "dd", "div", "dl", "dt", "figcaption",
     "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "li", "main", "nav", "ol",
     "p", "pre", "section", "table", "tbody", "td", "th", "thead", "tr", "ul"}
)  # fmt: skip
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_SKIP = frozenset({"script", "style", "noscript", "template", "select", "option", "button", "textarea"})
# Page furniture by tag, whatever its class (not <form>: ASP.NET pages wrap everything in one).
_FURNITURE_TAGS = frozenset({"nav", "aside", "header", "footer"})
# An article's own <header>/<footer> holds its title and byline, not page furniture.
_OWN_PARTS = frozenset({"header", "footer"})
_SENTENCE_END = re.compile(r"[.!?…:;”\")]\s*$")
# A block is prose when it holds this much text outside links (or a shorter full sentence).
PROSE_CHARS = 80
# Link-dominated blocks (menus, related lists, "Xem chi tiết tại đây") hold this share of link text.
LINKY = 0.5


@dataclass
class Block:
    """The text directly inside one block element (not in a nested block), in document order."""

    el: object
    order: int
    text: str
    link_chars: int
    furniture: bool

    @property
    def link_share(self) -> float:
        """Share of the text that sits inside links."""
        return self.link_chars / len(self.text) if self.text else 0.0

    @property
    def is_prose(self) -> bool:
        """Sentences of article text: long, mostly outside links, not a furniture line."""
        if self.link_share >= 0.3 or is_chrome_line(self.text):
            return False
        own = len(self.text) - self.link_chars
        sentence = bool(_SENTENCE_END.search(self.text))
        # A long heading without a full stop is a title, not prose.
        if own >= PROSE_CHARS and (sentence or own >= 2.5 * PROSE_CHARS):
            return True
        return own >= 40 and self.text.count(" ") >= 7 and sentence


def squash_text(text: str) -> str:
    """Whitespace folded to single spaces, ends stripped."""
    # str.split() splits at exactly the characters \s matches (no-break space included),
    # at a fraction of a regex substitution's cost: this runs for every text node.
    return " ".join(text.split())


# Nodes the layout walk numbers inside an element: elements, comments and processing
# instructions, but nothing inside the skipped elements (their subtrees are not walked).
_NUMBERED_INSIDE = etree.XPath(
    "count(descendant::*|descendant::comment()|descendant::processing-instruction())"
    " - count((" + "|".join(f"descendant::{tag}" for tag in sorted(_SKIP)) + ")"
    "/descendant::node()[not(self::text())])"
)
# The same inside an element that holds no skipped element: every node but text.
_NODES_BUT_TEXT = etree.XPath("count(descendant::node()) - count(descendant::text())")


def _numbered_inside(el) -> int:
    """How many nodes the walk numbers inside ``el`` (see ``_NUMBERED_INSIDE``)."""
    # Most furniture subtrees hold no skipped element. For those, two plain counts answer;
    # _NUMBERED_INSIDE's unions (one axis per skipped tag, merged in document order) were
    # most of its cost: 0.25 against 0.15 ms a farm page, the check for a skipped element
    # included.
    if next(el.iterdescendants(*_SKIP), None) is None:
        return int(_NODES_BUT_TEXT(el))
    return int(_NUMBERED_INSIDE(el))


@dataclass
class _Region:
    """A furniture subtree set aside by the walk: numbered, its blocks read when first asked."""

    el: object
    first: int  # the order of ``el``
    last: int  # the order of its last numbered descendant
    link_depth: int  # <a> elements open around ``el``
    blocks: list[Block] | None = None


class Layout:
    """Blocks, document order and the prose region of one parsed page (an lxml root).

    Page furniture (menus, sidebars, footers, related lists) is most of a portal page's
    blocks (97 % on the benchmark farm's pages) and no field reader wants its prose. The
    walk numbers a furniture subtree without reading it and reads its blocks only when a
    reader asks for them (``blocks``, ``blocks_in``, ``order_of``, ``first_block_from``).
    Every answer is the same as a full walk's: the reading is deferred, not skipped.
    """

    def __init__(self, root):
        self.root = root
        self._order: dict[object, int] = {}
        # Furniture subtrees in document order, and by their top element (the walk fills them).
        self._regions: list[_Region] = []
        self._region_of: dict[object, _Region] = {}
        self._all: list[Block] | None = None
        self._furniture: dict[object, bool] = {}
        body = self.root.find(".//body")
        top = body if body is not None else self.root
        # Blocks outside furniture subtrees, in document order; nodes numbered (one past
        # the last order).
        self.content_blocks, self.size = self._walk(top, 0, 0, set_aside=True)

    def _walk(self, top, count: int, link_depth: int, *, set_aside: bool) -> tuple[list[Block], int]:
        """(blocks, next order) of the subtree of ``top``, numbered from ``count``.

        With ``set_aside``, a block element in page furniture is numbered with its subtree
        and kept as a ``_Region`` instead of being read.
        """
        # One pass of lxml's iterwalk (C) with explicit stacks instead of a recursive
        # Python walk: the layout is read for every article page, and the walk's Python
        # body is most of its cost, so it is kept to the fewest operations per event.
        # ``blocks`` holds the innermost block of each open element; ``link_depth`` counts
        # the open <a> elements. A text belongs to the innermost open block, a tail to the
        # block around the element it follows.
        order = self._order
        pieces: dict[object, list[str]] = {}
        links: dict[object, int] = {}
        # None below the top element: the context of text outside every block (never kept).
        blocks: list[object] = [None]
        walker = etree.iterwalk(top, events=("start", "end", "comment", "pi"))
        skip, block_tags = _SKIP, BLOCK_TAGS
        in_furniture = self.in_furniture
        for event, el in walker:
            if event == "end":
                if el is top:  # its tail is not the page's
                    break
                tag = el.tag
                if tag == "a":
                    link_depth -= 1
                blocks.pop()
                text = el.tail
                if not text:
                    continue
                block = blocks[-1]
            elif event == "start":
                order[el] = count
                count += 1
                tag = el.tag
                if tag in skip:
                    # Scripts, styles, form controls: numbered, their text unread (their
                    # end event still comes: it reads the tail).
                    walker.skip_subtree()
                    blocks.append(blocks[-1])
                    continue
                if tag in block_tags:
                    if set_aside and el is not top and in_furniture(el):
                        last = count - 1 + _numbered_inside(el)
                        region = _Region(el, count - 1, last, link_depth)
                        self._regions.append(region)
                        self._region_of[el] = region
                        count = last + 1
                        walker.skip_subtree()
                        blocks.append(el)
                        continue
                    block = el
                else:
                    block = blocks[-1]
                blocks.append(block)
                if tag == "a":
                    link_depth += 1
                text = el.text
                if not text:
                    continue
            else:  # a comment or processing instruction: numbered, only its tail is text
                order[el] = count
                count += 1
                text = el.tail
                if not text:
                    continue
                block = blocks[-1]
            if text.isspace():  # (what ``not text.strip()`` says, without a copy)
                # Space between inline elements separates words; it starts no block.
                if block in pieces:
                    pieces[block].append(" ")
                continue
            found = pieces.get(block)
            if found is None:
                pieces[block] = [text]
            else:
                found.append(text)
            if link_depth:
                links[block] = links.get(block, 0) + len(squash_text(text))
        read: list[Block] = []
        for owner, parts in pieces.items():
            text = squash_text("".join(parts))
            if owner is None or not text:
                continue
            chars = min(links.get(owner, 0), len(text))
            # Inside a furniture subtree every element is furniture (``in_furniture``
            # inherits from the parent), so a set-aside region's blocks need no asking.
            read.append(Block(owner, order[owner], text, chars, not set_aside or in_furniture(owner)))
        read.sort(key=lambda b: b.order)
        return read, count

    # Deferred furniture --------------------------------------------------------------

    def _read_region(self, region: _Region) -> list[Block]:
        if region.blocks is None:
            region.blocks, _ = self._walk(region.el, region.first, region.link_depth, set_aside=False)
        return region.blocks

    @property
    def blocks(self) -> list[Block]:
        """Every block of the page in document order, furniture included."""
        if self._all is None:
            merged = list(self.content_blocks)
            for region in self._regions:
                merged.extend(self._read_region(region))
            merged.sort(key=lambda b: b.order)
            self._all = merged
        return self._all

    def order_of(self, el) -> int:
        """Document order of ``el``; -1 for what the walk does not number (the <head>,
        the inside of scripts and form controls)."""
        found = self._order.get(el)
        if found is not None:
            return found
        if el is None or not self._regions:
            return -1
        for ancestor in el.iterancestors():
            region = self._region_of.get(ancestor)
            if region is not None:
                self._read_region(region)
                return self._order.get(el, -1)
        return -1

    def first_block_from(self, start: int) -> Block | None:
        """The first block (furniture included) at or after document order ``start``."""
        content = next((b for b in self.content_blocks if b.order >= start), None)
        bound = content.order if content is not None else self.size
        for region in self._regions:
            if region.last < start or region.first >= bound:
                continue
            found = next((b for b in self._read_region(region) if b.order >= start), None)
            if found is not None:
                return found
        return content

    def in_furniture(self, el) -> bool:
        """Whether ``el`` sits in page furniture: nav/aside/header/footer, or a furniture class."""
        if el is None:
            return False
        known = self._furniture.get(el)
        if known is None:
            tag = el.tag.lower() if isinstance(el.tag, str) else ""
            known = tag in _FURNITURE_TAGS or is_furniture_node(el.get("class"), el.get("id"))
            if known and tag in _OWN_PARTS:
                known = not any(a.tag == "article" for a in el.iterancestors())
            if not known:
                known = self.in_furniture(el.getparent())
            self._furniture[el] = known
        return known

    @cached_property
    def prose(self) -> list[Block]:
        """The prose blocks outside furniture, in document order."""
        return [b for b in self.content_blocks if b.is_prose and not b.furniture]

    @cached_property
    def _weights(self) -> dict[object, int]:
        weights: dict[object, int] = {}
        for block in self.prose:
            node = block.el
            while node is not None:
                weights[node] = weights.get(node, 0) + len(block.text)
                node = node.getparent()
        return weights

    def prose_chars(self, el) -> int:
        """Characters of prose inside ``el``."""
        return self._weights.get(el, 0)

    @cached_property
    def main(self):
        """The element that holds the article's prose: descend while one child holds most of it."""
        weights = self._weights
        if not self.prose:
            return None
        node = self.root
        while True:
            total = weights.get(node, 0)
            best = max((c for c in node if c in weights), key=lambda c: weights[c], default=None)
            if best is None or weights[best] < 0.7 * total:
                return node
            node = best

    def contains(self, outer, inner) -> bool:
        """Whether ``inner`` is ``outer`` or inside it."""
        node = inner
        while node is not None:
            if node is outer:
                return True
            node = node.getparent()
        return False

    def span(self, el) -> tuple[int, int]:
        """(first, last) document order of ``el`` and its descendants."""
        last = el
        while len(last):
            last = last[-1]
        return self.order_of(el), self.order_of(last)

    def blocks_in(self, el) -> list[Block]:
        """The blocks inside ``el``, in document order."""
        first, last = self.span(el)
        found = [b for b in self.content_blocks if first <= b.order <= last]
        regions = [r for r in self._regions if r.first <= last and r.last >= first]
        for region in regions:
            found.extend(b for b in self._read_region(region) if first <= b.order <= last)
        if regions:
            found.sort(key=lambda b: b.order)
        return found

    def link_share(self, el) -> float:
        """Share of the text inside ``el`` that sits in links."""
        blocks = self.blocks_in(el)
        total = sum(len(b.text) for b in blocks)
        return sum(b.link_chars for b in blocks) / total if total else 0.0

    def first_prose(self, el=None) -> Block | None:
        """The first prose block (inside ``el`` when given)."""
        if el is None:
            return self.prose[0] if self.prose else None
        first, last = self.span(el)
        return next((b for b in self.prose if first <= b.order <= last), None)
