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

from dataclasses import dataclass, field
from statistics import median
from typing import TYPE_CHECKING

from parsel import Selector

from danvan_crawler.extract.listing_page import (
    Anchor,
    ListingItem,
    ListingPage,
    describe_node,
    norm_text,
    text_content,
)
from danvan_crawler.extract.pager import ScriptNext, next_page, pagers, script_next

if TYPE_CHECKING:
    from danvan_crawler.extract.profiles import PlatformProfile
    from danvan_crawler.extract.template import SiteTemplate

_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# A title has words; menus and pagers have one or two.
_TITLE_WORDS = 4
# A selector that finds fewer links than this is checked against the heuristic.
_SELECTOR_MIN = 3


@dataclass
class ListingResult:
    """What ``read_listing`` found; ``how`` says, per field, which rule or selector won."""

    items: list[ListingItem]
    next_page: str | None
    how: dict[str, str] = field(default_factory=dict)
    # Candidates turned down, with why ("next 'Xem tiếp' -> ...: stale date cursor").
    rejected: list[str] = field(default_factory=list)
    # Without a next page: a "next" control that is a script (a postback, an onclick).
    script_next: ScriptNext | None = None

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


@dataclass
class _Group:
    """Sibling items of one tag under one parent."""

    parent: object
    tag: str
    items: list = field(default_factory=list)  # (item element, title anchor)
    score: float = 0.0
    why: str = ""
    # What the score needs besides the items' dates (``_weigh``): the title-like links, the
    # factors for page furniture and template links, the bonuses of the group's place.
    title_like: int = 0
    furniture: bool = False  # the group sits in a menu, sidebar, page header or footer
    recurring: bool = False  # most of its titles are links of the site's template
    dated: int = 0  # items with a date (read by ``_date_score``)
    notes: list[str] = field(default_factory=list)
    factors: list[float] = field(default_factory=list)
    bonuses: list[tuple[int, str]] = field(default_factory=list)

    def scored(self, dated: int) -> float:
        """The score with ``dated`` items dated: the factors and bonuses applied in turn."""
        score = self.title_like + 2.0 * dated
        for factor in self.factors:
            score *= factor
        for bonus, _ in self.bonuses:
            score *= bonus
        return score


def _title_anchor(anchors: list[Anchor]) -> Anchor:
    """The anchor of an item that carries its title: the one with the longest label."""
    return max(anchors, key=lambda a: len(a.label))


def _candidate_items(page: ListingPage) -> dict[object, list[Anchor]]:
    """Item element -> its anchors, for links that could be articles, in page order."""
    items: dict[object, list[Anchor]] = {}
    for anchor in page.anchors:
        if anchor.url == page.url or page.is_home(anchor.url):
            continue
        item = page.item_of(anchor)
        items.setdefault(item, []).append(anchor)
    return items


def _groups(page: ListingPage, items: dict[object, list[Anchor]]) -> list[_Group]:
    groups: dict[tuple, _Group] = {}
    for item, anchors in items.items():
        parent = item.getparent()
        key = (parent, item.tag)
        group = groups.get(key)
        if group is None:
            group = groups[key] = _Group(parent, item.tag)
        group.items.append((item, _title_anchor(anchors)))
    return list(groups.values())


def _weigh(page: ListingPage, group: _Group) -> None:
    """Everything of a group's score but its dates."""
    titles = [anchor for _, anchor in group.items]
    words = [len(a.label.split()) for a in titles]
    group.title_like = sum(1 for w in words if w >= _TITLE_WORDS)
    if not group.title_like:
        group.score, group.why = 0.0, "no title-like link"
        return
    group.notes = [f"{len(titles)} items", f"median {median(words):g} words"]
    if page.in_furniture(group.parent):
        group.furniture = True
        group.factors.append(0.1)
        group.notes.append("in page furniture")
    if page.template is not None:
        recurring = _template_majority(page, titles)
        if recurring * 2 > len(titles):
            group.recurring = True
            group.factors.append(0.05)
            group.notes.append(f"{recurring} template links")


def _date_score(page: ListingPage, group: _Group) -> None:
    """A title-like group's score and its reasons, its items' dates read."""
    dated = group.dated = sum(1 for item, _ in group.items if page.item_date(item))
    notes = [group.notes[0], f"{dated} dated", *group.notes[1:]]
    group.score = group.scored(dated)
    group.why = ", ".join(notes) + "".join(f", {why}" for _, why in group.bonuses)


def _best(page: ListingPage, groups: list[_Group]) -> _Group | None:
    """The title-like group of the highest score (the first of equals), or None.

    Reading an item's date is most of a score's cost, and a page's sidebars hold hundreds
    of dated titles. A group's score is at most what it would be with every item dated;
    groups are scored from the highest such bound down, and once a bound is below the best
    score found, no group left can reach it: their dates are not read. A group in page
    furniture wins only when no group outside it (and not mostly template links) is dated.
    """
    position = {id(group): n for n, group in enumerate(groups)}

    def ahead(group: _Group, other: _Group | None) -> bool:
        """Whether ``group`` beats ``other``: a higher score, or the same score earlier."""
        return other is None or (group.score, -position[id(group)]) > (other.score, -position[id(other)])

    bounds = {id(group): group.scored(len(group.items)) for group in groups if group.title_like}
    best = None
    for group in sorted((g for g in groups if g.title_like), key=lambda g: -bounds[id(g)]):
        if best is not None and bounds[id(group)] < best.score:
            break
        _date_score(page, group)
        if ahead(group, best):
            best = group
    if best is not None and best.furniture:
        # A section's last page holds one or two items, and a sidebar of dated titles
        # outscores them even at a furniture group's tenth. A group outside the furniture
        # with a dated title is the listing; the furniture wins only when there is none.
        outside = None
        for group in (g for g in groups if g.title_like and not g.furniture and not g.recurring):
            if not group.why:  # not scored above
                _date_score(page, group)
            if group.dated and ahead(group, outside):
                outside = group
        best = outside or best
    return best


def _template_majority(page: ListingPage, titles: list[Anchor]) -> int:
    """How many ``titles`` are template links, counted in full only when they are most of them.

    Only a majority is acted on (and printed); once half are not template links, none can be.
    """
    recurring = other = 0
    for anchor in titles:
        if page.is_template_link(anchor):
            recurring += 1
        else:
            other += 1
            if other * 2 >= len(titles):
                break
    return recurring


def _place_bonus(page: ListingPage, groups: list[_Group]) -> None:
    """Favour the group under the section's heading and the one the pager follows."""
    order = page.order
    scored = sorted((g for g in groups if g.title_like), key=lambda g: order.get(g.items[-1][0], 0))
    heading = _section_heading(page)
    if heading is not None:
        box, start = heading.getparent(), order.get(heading, 0)
        for group in scored:
            if order.get(group.items[0][0], 0) > start and box in group.items[0][0].iterancestors():
                group.bonuses.append((2, "under the section heading"))
    for pager in pagers(page):
        at = order.get(pager, 0)
        before = [g for g in scored if order.get(g.items[-1][0], 0) < at]
        if before:
            before[-1].bonuses.append((3, "followed by the pager"))
            break


_TITLE_SEPARATORS = (" - ", " | ", " – ", " — ", " :: ", " » ", ": ")


def _section_heading(page: ListingPage):
    """The element that prints the page's own name: a piece of ``<title>`` cut at a separator."""
    title = norm_text(page.root.findtext(".//title") or "").casefold()
    if not title:
        return None
    for node in page.root.iter(*_HEADINGS, "div", "span", "p", "strong"):
        if len(node) > 2 or node.tag == "a" or next(node.iterancestors("a"), None) is not None:
            continue
        text = norm_text(text_content(node)).casefold()
        if not text or len(text) > 150:
            continue
        if text == title or any(
            title.startswith(text + sep.casefold()) or title.endswith(sep + text) for sep in _TITLE_SEPARATORS
        ):
            return node
    return None


def _lead_items(page: ListingPage, group: _Group, taken: set[str]) -> list[tuple[object, Anchor]]:
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
        if len(title.label.split()) < _TITLE_WORDS or not page.item_date(node):
            break
        lead.append((node, title))
        node = node.getprevious()
    return list(reversed(lead))


def _heuristic_items(page: ListingPage) -> tuple[list[ListingItem], str, bool]:
    """(items, how, whether they sit in page furniture) of the best item group."""
    items = _candidate_items(page)
    groups = _groups(page, items)
    for group in groups:
        _weigh(page, group)
    _place_bonus(page, groups)
    best = _best(page, groups)
    if best is None:
        return [], "heuristic: no group of title-like links", False
    taken = {anchor.url for _, anchor in best.items}
    lead = _lead_items(page, best, taken)
    chosen = lead + best.items
    found: dict[str, ListingItem] = {}
    for item, anchor in chosen:
        date = page.item_date(item)
        # A sibling that is neither a headline nor dated ("Xem tiếp", "Xem thêm") is no item.
        if len(anchor.label.split()) < _TITLE_WORDS and not date:
            continue
        if anchor.url not in found:
            found[anchor.url] = ListingItem(anchor.url, anchor.label, date)
    where = describe_node(best.parent) if best.parent is not None else "?"
    how = f"heuristic: {best.tag} items in {where} ({best.why})"
    if lead:
        how += f", {len(lead)} lead item(s) before it"
    return list(found.values()), how, best.furniture


def _selector_items(
    page: ListingPage, selectors: tuple[str, ...]
) -> tuple[list[ListingItem], str | None, int]:
    """(items, selector, how many of them sit in menus) of the first selector that matches."""
    by_element = {anchor.el: anchor for anchor in page.anchors}
    for css, nodes in page.selectors.matches(selectors):
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
            found[anchor.url] = ListingItem(anchor.url, anchor.label, page.item_date(item))
        if found:
            return list(found.values()), css, in_menu
    return [], None, 0


def _article_items(page: ListingPage, profile: PlatformProfile | None) -> tuple[list[ListingItem], str]:
    selectors = tuple(css for css in (profile.article_links if profile else ()) if "::" not in css)
    chosen, css, in_menu = _selector_items(page, selectors) if selectors else ([], None, 0)
    found, how, found_in_furniture = _heuristic_items(page)
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
    if found_in_furniture and not in_menu and picked.isdisjoint(urls):
        # The last page of a section holds one or two items; a sidebar of dated titles
        # ("Tin mới") then outscores them even at a furniture group's tenth. The
        # platform's own links, none in menus, are the listing; the sidebar is not.
        return chosen, f"selector {css} ({len(chosen)} link(s)); not the heuristic's {how}"
    if found and (in_menu or len(found) >= _SELECTOR_MIN):
        return found, f"{how}; selector {css} found {len(chosen)} link(s), {in_menu} in menus"
    return chosen, f"selector {css} ({len(chosen)} link(s)); heuristic: {how}"


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
    parsed = ListingPage(sel, url, template)
    items, how_links = _article_items(parsed, profile)
    rejected: list[str] = []
    next_url, how_next = next_page(parsed, profile, page_number, items, rejected)
    scripted = script_next(parsed, items, rejected) if next_url is None else None
    if scripted is not None:
        rejected.append(f"next {scripted.label!r}: a script ({scripted.script[:80]}), not a link")
    how = {"article_links": how_links, "next_page": how_next}
    return ListingResult(items, next_url, how, rejected, scripted)
