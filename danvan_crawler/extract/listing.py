"""Reading a section listing page: its own article links in page order, and its next page.

``read_listing`` is the one implementation: the crawl (``PortalSpider``), ``danvan links``,
the fixtures and the quality benchmark all call it. It needs no Scrapy.

Article links. Site and platform selectors come first, but a selector that finds fewer
than 3 links, or links inside menus, does not stop the heuristic. The heuristic looks for
the listing's *item group*: every link is widened to its *item* (the largest element
around it that holds no link to another page); items that are siblings of one tag form a
group; the group of most title-like items, with a date beside them, outside page
furniture and the site's template, is the listing. A lead item drawn bigger just before
the group joins it.

Next page. A pager is a box of page-number links: its "next" is the link to the page
after its current one (the number not drawn as a link), or its "Trang sau"/"Tiếp"/"»"
link when that agrees. Without a pager: ``rel=next``, then a lone "next" link. Never the
home page, the page itself, a link of the site's template, or a date cursor far from the
dates of the items on the page (a stale "Xem tiếp" left by an older CMS).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from statistics import median
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urldefrag, urljoin, urlsplit

from parsel import Selector

from danvan_crawler.extract.chrome import is_furniture_node
from danvan_crawler.extract.dates import VN_TZ, DateError, parse_date
from danvan_crawler.extract.pagesel import PageSelector

if TYPE_CHECKING:
    from danvan_crawler.extract.profiles import PlatformProfile
    from danvan_crawler.extract.template import SiteTemplate

_SKIP_SCHEMES = ("javascript:", "mailto:", "tel:", "#", "data:")
_SPACE = re.compile(r"\s+")
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
_HOME_WORDS = {"trang chủ", "home", "trang nhà"}
_HOME_PATHS = {
    *("", "/", "/index.html", "/index.htm", "/index.php", "/index.aspx", "/default.aspx", "/home"),
    *("/trang-chu", "/trang-chu.html", "/vi", "/vi-vn", "/web/guest", "/web/guest/home"),
}
_NAV_TAGS = {"nav", "aside"}
# Page-level header/footer are furniture; an <article>'s own header holds its title link.
_PAGE_TAGS = {"header", "footer"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# Query values that carry a date cursor (SharePoint "PublishedDate=2015-08-25T13:35:00Z").
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
# A title has words; menus and pagers have one or two.
_TITLE_WORDS = 4
# A selector that finds fewer links than this is checked against the heuristic.
_SELECTOR_MIN = 3
# How far an honest date cursor may lie from the items of its page (older side / newer side).
_CURSOR_OLDER = timedelta(days=31)
_CURSOR_NEWER = timedelta(days=1)
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


@dataclass
class ListingResult:
    """What ``read_listing`` found; ``how`` says, per field, which rule or selector won."""

    items: list[ListingItem]
    next_page: str | None
    how: dict[str, str] = field(default_factory=dict)
    # Candidates turned down, with why ("next 'Xem tiếp' -> ...: stale date cursor").
    rejected: list[str] = field(default_factory=list)

    @property
    def article_links(self) -> list[str]:
        """The article URLs, absolute, in page order."""
        return [item.url for item in self.items]

    def to_dict(self) -> dict:
        """The JSON form ``danvan links`` prints."""
        return {
            "article_links": self.article_links,
            "next_page": self.next_page,
            "how": self.how,
            "items": [{"url": i.url, "text": i.text, "date": i.date} for i in self.items],
            "rejected": self.rejected,
        }


def _norm(text: str | None) -> str:
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text or "")).strip()


class _Anchor:
    """An ``<a>`` with a followable in-site URL and its label."""

    __slots__ = ("el", "label", "url")

    def __init__(self, el, url: str, label: str):
        self.el = el
        self.url = url
        self.label = label


def _label(a) -> str:
    text = _norm(a.text_content())
    if text:
        return text
    for attr in (a.get("title"), *(img.get("alt") for img in a.iter("img"))):
        if attr and attr.strip():
            return _norm(attr)
    return ""


def _date_in(text: str) -> str | None:
    """The first date expression of ``text`` as ISO, or None."""
    if not text or not any(ch.isdigit() for ch in text):
        return None
    try:
        return parse_date(text, use_dateparser=False, now=_FAR_FUTURE).isoformat()
    except (DateError, ValueError, OverflowError):
        return None


class _Page:
    """One parsed listing page: its anchors, which element belongs to which link, its home URLs."""

    def __init__(self, sel: Selector, url: str, template: SiteTemplate | None):
        self.sel = sel
        self.url = url
        self.root = sel.root
        self.template = template
        base = page_base(sel, url)
        self.anchors: list[_Anchor] = []
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
                self.anchors.append(_Anchor(a, link, _label(a)))
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

    def item_of(self, anchor: _Anchor):
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

    def is_template_link(self, anchor: _Anchor) -> bool:
        return self.template is not None and self.template.is_template_link(anchor.el, anchor.url)


@dataclass
class _Group:
    """Sibling items of one tag under one parent."""

    parent: object
    tag: str
    items: list = field(default_factory=list)  # (item element, title anchor)
    score: float = 0.0
    why: str = ""


def _title_anchor(anchors: list[_Anchor]) -> _Anchor:
    """The anchor of an item that carries its title: the one with the longest label."""
    return max(anchors, key=lambda a: len(a.label))


def _item_date(item) -> str | None:
    # Text nodes apart: "... năm 2023</a><span>27-12-2023" must not read "202327-12-2023".
    return _date_in(_norm(" ".join(item.itertext())))


def _candidate_items(page: _Page) -> dict[object, list[_Anchor]]:
    """Item element -> its anchors, for links that could be articles, in page order."""
    items: dict[object, list[_Anchor]] = {}
    for anchor in page.anchors:
        if anchor.url == page.url or page.is_home(anchor.url):
            continue
        item = page.item_of(anchor)
        items.setdefault(item, []).append(anchor)
    return items


def _groups(page: _Page, items: dict[object, list[_Anchor]]) -> list[_Group]:
    groups: dict[tuple, _Group] = {}
    for item, anchors in items.items():
        parent = item.getparent()
        key = (parent, item.tag)
        group = groups.get(key)
        if group is None:
            group = groups[key] = _Group(parent, item.tag)
        group.items.append((item, _title_anchor(anchors)))
    return list(groups.values())


def _score(page: _Page, group: _Group) -> None:
    titles = [anchor for _, anchor in group.items]
    words = [len(a.label.split()) for a in titles]
    title_like = sum(1 for w in words if w >= _TITLE_WORDS)
    if not title_like:
        group.score, group.why = 0.0, "no title-like link"
        return
    dated = sum(1 for item, anchor in group.items if _item_date(item))
    score = title_like + 2.0 * dated
    notes = [f"{len(titles)} items", f"{dated} dated", f"median {median(words):g} words"]
    if page.in_furniture(group.parent):
        score *= 0.1
        notes.append("in page furniture")
    if page.template is not None:
        recurring = sum(1 for anchor in titles if page.is_template_link(anchor))
        if recurring * 2 > len(titles):
            score *= 0.05
            notes.append(f"{recurring} template links")
    group.score, group.why = score, ", ".join(notes)


def _place_bonus(page: _Page, groups: list[_Group]) -> None:
    """Favour the group under the section's heading and the one the pager follows."""
    order = {node: n for n, node in enumerate(page.root.iter())}
    scored = sorted((g for g in groups if g.score > 0), key=lambda g: order.get(g.items[-1][0], 0))
    heading = _section_heading(page)
    if heading is not None:
        box, start = heading.getparent(), order.get(heading, 0)
        for group in scored:
            if order.get(group.items[0][0], 0) > start and box in group.items[0][0].iterancestors():
                group.score *= 2
                group.why += ", under the section heading"
    for pager in _pagers(page):
        at = order.get(pager, 0)
        before = [g for g in scored if order.get(g.items[-1][0], 0) < at]
        if before:
            before[-1].score *= 3
            before[-1].why += ", followed by the pager"
            break


_TITLE_SEPARATORS = (" - ", " | ", " – ", " — ", " :: ", " » ", ": ")


def _section_heading(page: _Page):
    """The element that prints the page's own name: a piece of ``<title>`` cut at a separator."""
    title = _norm(page.root.findtext(".//title") or "").casefold()
    if not title:
        return None
    for node in page.root.iter(*_HEADINGS, "div", "span", "p", "strong"):
        if node.xpath("ancestor-or-self::a") or len(node) > 2:
            continue
        text = _norm(node.text_content()).casefold()
        if not text or len(text) > 150:
            continue
        if text == title or any(
            title.startswith(text + sep.casefold()) or title.endswith(sep + text) for sep in _TITLE_SEPARATORS
        ):
            return node
    return None


def _describe(node) -> str:
    cls = (node.get("class") or "").split()
    ident = node.get("id")
    return node.tag + (f"#{ident}" if ident else "") + "".join(f".{c}" for c in cls[:2])


def _lead_items(page: _Page, group: _Group, taken: set[str]) -> list[tuple[object, _Anchor]]:
    """Lead items drawn apart just before the group's list (a bigger first item), in page order."""
    container = group.parent
    if container is not None and container.tag == "tbody":
        container = container.getparent()
    lead = []
    node = container.getprevious() if container is not None else None
    while node is not None and len(lead) < 3:
        if node.tag in _HEADINGS and not node.xpath(".//a"):
            break
        url = page.owner.get(node)
        if url is None or url in taken:
            break
        anchors = [a for a in page.anchors if a.url == url and node in a.el.iterancestors()]
        anchors += [a for a in page.anchors if a.el is node]
        if not anchors:
            break
        title = _title_anchor(anchors)
        if len(title.label.split()) < _TITLE_WORDS or not _item_date(node):
            break
        lead.append((node, title))
        node = node.getprevious()
    return list(reversed(lead))


def _heuristic_items(page: _Page) -> tuple[list[ListingItem], str]:
    items = _candidate_items(page)
    groups = _groups(page, items)
    for group in groups:
        _score(page, group)
    _place_bonus(page, groups)
    best = max(groups, key=lambda g: g.score, default=None)
    if best is None or best.score <= 0:
        return [], "heuristic: no group of title-like links"
    taken = {anchor.url for _, anchor in best.items}
    lead = _lead_items(page, best, taken)
    chosen = lead + best.items
    found: dict[str, ListingItem] = {}
    for item, anchor in chosen:
        date = _item_date(item)
        # A sibling that is neither a headline nor dated ("Xem tiếp", "Xem thêm") is no item.
        if len(anchor.label.split()) < _TITLE_WORDS and not date:
            continue
        if anchor.url not in found:
            found[anchor.url] = ListingItem(anchor.url, anchor.label, date)
    where = _describe(best.parent) if best.parent is not None else "?"
    how = f"heuristic: {best.tag} items in {where} ({best.why})"
    if lead:
        how += f", {len(lead)} lead item(s) before it"
    return list(found.values()), how


def _selector_items(page: _Page, selectors: tuple[str, ...]) -> tuple[list[ListingItem], str | None, int]:
    """(items, selector, how many of them sit in menus) of the first selector that matches."""
    by_element = {anchor.el: anchor for anchor in page.anchors}
    for css, nodes in PageSelector(page.sel).matches(selectors):
        found: dict[str, ListingItem] = {}
        in_menu = 0
        for node in nodes:
            anchor = by_element.get(node.root)
            if anchor is None or anchor.url == page.url:
                continue
            if anchor.url in found:
                continue
            item = page.item_of(anchor)
            if page.in_furniture(anchor.el) or page.is_template_link(anchor):
                in_menu += 1
            found[anchor.url] = ListingItem(anchor.url, anchor.label, _item_date(item))
        if found:
            return list(found.values()), css, in_menu
    return [], None, 0


def _article_items(page: _Page, profile: PlatformProfile | None) -> tuple[list[ListingItem], str]:
    selectors = tuple(css for css in (profile.article_links if profile else ()) if "::" not in css)
    chosen, css, in_menu = _selector_items(page, selectors) if selectors else ([], None, 0)
    found, how = _heuristic_items(page)
    if not chosen:
        return found, how
    urls, picked = {item.url for item in found}, {item.url for item in chosen}
    if found and urls < picked and not in_menu:
        # A selector on the URL shape also takes the featured and most-read boxes.
        return found, f"{how}; within selector {css} ({len(chosen) - len(found)} links of other blocks left)"
    if len(chosen) >= _SELECTOR_MIN and not in_menu:
        return chosen, f"selector {css}"
    if picked <= urls:
        return found, f"{how}; agrees with selector {css}"
    if found and (in_menu or len(found) >= _SELECTOR_MIN):
        return found, f"{how}; selector {css} found {len(chosen)} link(s), {in_menu} in menus"
    return chosen, f"selector {css} ({len(chosen)} link(s)); heuristic: {how}"


# Next page --------------------------------------------------------------------


def _core(label: str) -> str:
    return label.casefold().strip(_ARROW_CHARS)


def _is_next(label: str) -> bool:
    text = label.casefold().strip()
    return _core(label) in _NEXT_WORDS or text in _NEXT_ARROWS


def _is_number(label: str) -> bool:
    return label.isdigit() and len(label) <= 4


def _pagers(page: _Page) -> list[object]:
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
    order = {node: n for n, node in enumerate(page.root.iter())}
    return sorted(pagers, key=lambda node: order.get(node, 0))


def _current_number(pager) -> int | None:
    """The pager's current page: a number it draws without a link (or as an "active" link)."""
    for node in pager.iter():
        if node.tag == "a" and node.get("href") and not _active(node):
            continue
        text = _norm(node.text or "")
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

    def __init__(self, page: _Page, items: list[ListingItem], rejected: list[str]):
        self.page = page
        self.rejected = rejected
        days = [date.fromisoformat(i.date[:10]) for i in items if i.date]
        self.oldest = min(days) if days else None
        self.newest = max(days) if days else None
        self.articles = {i.url for i in items}
        self.current_cursor = _cursor_day(page.url)

    def ok(self, url: str, label: str, anchor: _Anchor | None = None) -> bool:
        why = self._why_not(url, anchor)
        if why:
            self.rejected.append(f"next {label!r} -> {url}: {why}")
        return not why

    def _why_not(self, url: str, anchor: _Anchor | None) -> str | None:
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


def _next_in_pager(page: _Page, pager, number: int | None, rules: _NextRules) -> tuple[str | None, str]:
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
            return chosen.url, f"pager {_describe(pager)}: {chosen.label!r} (page {current + 1})"
    for anchor in nexts:
        if rules.ok(anchor.url, anchor.label, anchor):
            return anchor.url, f"pager {_describe(pager)}: {anchor.label!r}"
    if current is not None:
        return None, f"pager {_describe(pager)}: page {current} is the last"
    return None, ""


def _next_page(
    page: _Page, profile: PlatformProfile | None, number: int | None, items: list[ListingItem], rejected
) -> tuple[str | None, str]:
    rules = _NextRules(page, items, rejected)
    by_element = {anchor.el: anchor for anchor in page.anchors}
    base = page_base(page.sel, page.url)
    for css, nodes in PageSelector(page.sel).matches(profile.next_page if profile else ()):
        for node in nodes:
            href = node.root.get("href") if hasattr(node.root, "get") else None
            url = absolute(base, href if href is not None else str(node.root))
            if not url or not same_site(url, page.url):
                continue
            anchor = by_element.get(node.root)
            if rules.ok(url, anchor.label if anchor else css, anchor):
                return url, f"selector {css}"
    ended = ""
    for pager in _pagers(page):
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


def read_listing(
    page: str | Selector,
    url: str,
    profile: PlatformProfile | None = None,
    template: SiteTemplate | None = None,
    *,
    page_number: int | None = None,
) -> ListingResult:
    """The article links (absolute, page order) and next page of a listing page.

    ``profile`` adds its ``article_links``/``next_page`` selectors before the heuristics;
    ``template`` (the site's learned template) drops links that recur on every page;
    ``page_number`` is the page's number when the pager does not show it.
    """
    sel = page if isinstance(page, Selector) else Selector(text=page, base_url=url)
    parsed = _Page(sel, url, template)
    items, how_links = _article_items(parsed, profile)
    rejected: list[str] = []
    next_url, how_next = _next_page(parsed, profile, page_number, items, rejected)
    return ListingResult(items, next_url, {"article_links": how_links, "next_page": how_next}, rejected)
