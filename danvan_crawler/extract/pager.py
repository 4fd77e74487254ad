"""The next page of a listing: the pager's link to the page after the current one, checked.

Never the home page, the page itself, a link of the site's template, or a date cursor far
from the dates of the items on the page (a stale "Xem tiếp" left by an older CMS).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlsplit

from danvan_crawler.extract.listing_page import (
    Anchor,
    ListingItem,
    ListingPage,
    absolute,
    describe_node,
    link_label,
    norm_text,
    page_base,
    same_site,
)

if TYPE_CHECKING:
    from danvan_crawler.extract.profiles import PlatformProfile

# Labels of "next" controls once arrows and brackets are stripped; a bare arrow is next too.
_NEXT_WORDS = {
    "trang sau",
    "sau",
    "tiếp",
    "tiếp theo",
    "trang tiếp",
    "trang kế",
    "kế tiếp",
    "xem tiếp",
    "next",
}
_NEXT_ARROWS = {"»", "›", ">", ">>", "→", "»»"}
# An explicit word beats a bare arrow: on "‹ 1 2 3 › »" the "»" is the last page.
_ARROW_CHARS = "«»‹›<>→←[]().:|-–— \xa0"
# A script that goes to a URL: ``location.href='...'``, ``location = "..."``, ``window.open('...')``.
SCRIPT_URL = re.compile(r"""(?:location(?:\.href)?\s*=|window\.open\()\s*['"]([^'"]+)['"]""")
# A script that does nothing: a disabled "next" on a section's last page (``javascript:;``).
_NO_OP_SCRIPT = re.compile(r"javascript:\s*(?:void\s*\(\s*0?\s*\)\s*;?|;)?\s*$", re.IGNORECASE)
# Query values that carry a date cursor (SharePoint "PublishedDate=2015-08-25T13:35:00Z").
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
# How far an honest date cursor may lie from the items of its page (older side / newer side).
_CURSOR_OLDER = timedelta(days=31)
_CURSOR_NEWER = timedelta(days=1)


# Next page --------------------------------------------------------------------


def _core(label: str) -> str:
    return label.casefold().strip(_ARROW_CHARS)


def _is_next(label: str) -> bool:
    text = label.casefold().strip()
    return _core(label) in _NEXT_WORDS or text in _NEXT_ARROWS


def _is_number(label: str) -> bool:
    return label.isdigit() and len(label) <= 4


def pagers(page: ListingPage) -> list[object]:
    """Boxes of page-number links (two, or one beside the current page's number), innermost first."""
    counts: dict[object, int] = {}
    for anchor in page.anchors:
        if not _is_number(anchor.label):
            continue
        for depth, anc in enumerate(anchor.el.iterancestors()):
            if depth > 3:
                break
            counts[anc] = counts.get(anc, 0) + 1
    boxes = {node for node, count in counts.items() if count >= 2 or _current_number(node) is not None}
    # The innermost box only: its ancestors hold the same links.
    pagers = [node for node in boxes if not any(other in boxes for other in node.iterdescendants())]
    order = page.order
    return sorted(pagers, key=lambda node: order.get(node, 0))


def _current_number(pager) -> int | None:
    """The pager's current page: a number it draws without a link (or as an "active" link)."""
    for node in pager.iter():
        if node.tag == "a" and node.get("href") and not _active(node):
            continue
        text = norm_text(node.text or "")
        linked = any(anc.tag == "a" and anc.get("href") and not _active(anc) for anc in node.iterancestors())
        if _is_number(text) and (node.tag != "a" or _active(node)) and not linked:
            return int(text)
    return None


def _active(node) -> bool:
    tokens = set((node.get("class") or "").lower().split())
    return bool(tokens & {"active", "current", "selected", "on"}) or node.get("aria-current") is not None


def _cursor_day(url: str) -> date | None:
    for _, value in parse_qsl(urlsplit(url).query):
        match = _ISO_DAY.match(value)
        if match:
            try:
                return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                return None
    return None


class _NextRules:
    """Checks every next-page candidate must pass; what failed is kept for ``rejected``."""

    def __init__(self, page: ListingPage, items: list[ListingItem], rejected: list[str]):
        self.page = page
        self.rejected = rejected
        days = [date.fromisoformat(i.date[:10]) for i in items if i.date]
        self.oldest = min(days) if days else None
        self.newest = max(days) if days else None
        self.articles = {i.url for i in items}
        self.current_cursor = _cursor_day(page.url)

    def ok(self, url: str, label: str, anchor: Anchor | None = None) -> bool:
        why = self._why_not(url, anchor)
        if why:
            self.rejected.append(f"next {label!r} -> {url}: {why}")
        return not why

    def _why_not(self, url: str, anchor: Anchor | None) -> str | None:
        page = self.page
        if url == page.url:
            return "the page itself"
        if page.is_home(url):
            return "the home page"
        if url in self.articles:
            return "an article link"
        if anchor is not None and page.is_template_link(anchor):
            return "part of the site template (on every page)"
        cursor = _cursor_day(url)
        if cursor is not None:
            if self.current_cursor is not None and cursor >= self.current_cursor:
                return "date cursor not older than this page's"
            if self.oldest is not None and (
                cursor < self.oldest - _CURSOR_OLDER or cursor > self.newest + _CURSOR_NEWER
            ):
                return f"stale date cursor ({cursor}, items {self.oldest}..{self.newest})"
        return None


def _next_in_pager(page: ListingPage, pager, number: int | None, rules: _NextRules) -> tuple[str | None, str]:
    anchors = [a for a in page.anchors if pager in a.el.iterancestors()]
    current = _current_number(pager) or number
    numbered = None
    if current is not None:
        numbered = next((a for a in anchors if a.label == str(current + 1)), None)
    nexts = [a for a in anchors if _is_next(a.label)]
    # An explicit word before a bare arrow.
    nexts.sort(key=lambda a: _core(a.label) not in _NEXT_WORDS)
    if numbered is not None:
        agreeing = next((a for a in nexts if a.url == numbered.url), None)
        chosen = agreeing or numbered
        if rules.ok(chosen.url, chosen.label, chosen):
            return chosen.url, f"pager {describe_node(pager)}: {chosen.label!r} (page {current + 1})"
    for anchor in nexts:
        if rules.ok(anchor.url, anchor.label, anchor):
            return anchor.url, f"pager {describe_node(pager)}: {anchor.label!r}"
    if current is not None:
        return None, f"pager {describe_node(pager)}: page {current} is the last"
    return None, ""


@dataclass
class ScriptNext:
    """A "next" control drawn as a script (a ``javascript:`` href, an ``onclick``), not a link."""

    label: str
    script: str  # the onclick, else the href, as written
    url: str | None  # the URL the script goes to, when it names one (checked as a link is)


def script_next(page: ListingPage, items: list[ListingItem], rejected: list[str]) -> ScriptNext | None:
    """The page's first "next" control that is a script doing something, or None.

    ASP.NET pagers post the page back (``__doPostBack``), some portlets set
    ``location.href`` in an ``onclick``: neither is a link to follow. A disabled "next"
    on a last page (``javascript:;``, ``javascript:void(0)``) does nothing and is no control,
    nor is a script whose URL no "next" link could have (``next_page``'s checks, in
    ``rejected``: another site, the page itself, the home page, a stale cursor).
    """
    rules = _NextRules(page, items, rejected)
    for anchor in page.root.iter("a"):
        href = (anchor.get("href") or "").strip()
        onclick = (anchor.get("onclick") or "").strip()
        scripted = href.lower().startswith("javascript:")
        if href and not scripted and href != "#":
            continue  # a link: the pager's business
        if not onclick and (not scripted or _NO_OP_SCRIPT.match(href)):
            continue  # no script, or one that does nothing
        label = link_label(anchor)
        if not _is_next(label):
            continue
        match = SCRIPT_URL.search(onclick) or SCRIPT_URL.search(href)
        url = absolute(page_base(page.sel, page.url), match.group(1)) if match else None
        if url and not (same_site(url, page.url) and rules.ok(url, label)):
            continue
        return ScriptNext(label, onclick or href, url)
    return None


def next_page(
    page: ListingPage, profile: PlatformProfile | None, number: int | None, items: list[ListingItem], rejected
) -> tuple[str | None, str]:
    rules = _NextRules(page, items, rejected)
    by_element = {anchor.el: anchor for anchor in page.anchors}
    base = page_base(page.sel, page.url)
    for css, nodes in page.selectors.matches(profile.next_page if profile else ()):
        for node in nodes:
            href = node.root.get("href") if hasattr(node.root, "get") else None
            url = absolute(base, href if href is not None else str(node.root))
            if not url or not same_site(url, page.url):
                continue
            anchor = by_element.get(node.root)
            if rules.ok(url, anchor.label if anchor else css, anchor):
                return url, f"selector {css}"
    ended = ""
    for pager in pagers(page):
        url, how = _next_in_pager(page, pager, number, rules)
        if url:
            return url, how
        ended = ended or how
    for node in page.root.iter("link"):
        if "next" in (node.get("rel") or "").lower().split():
            url = absolute(base, node.get("href"))
            if url and same_site(url, page.url) and rules.ok(url, "<link rel=next>"):
                return url, "link rel=next"
    if ended:
        # A pager that says this is the last page outweighs any lone "next" elsewhere.
        return None, ended
    for anchor in page.anchors:
        rel = (anchor.el.get("rel") or "").lower().split()
        if ("next" in rel or _is_next(anchor.label)) and rules.ok(anchor.url, anchor.label, anchor):
            return anchor.url, f"link {anchor.label!r}" + (" (rel=next)" if "next" in rel else "")
    return None, "no next-page link"
