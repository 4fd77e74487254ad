"""An article's date of publication: configured selectors checked, then a generic date finder.

A date is the article's when it sits in the article's header: a short line next to the
title (before or after it), a meta line "tác giả | ngày | lượt xem" or a header table
cell, inside the region that holds the title and the body. Dates in the site banner
("today"), the footer (licence lines), sidebars, link lists (listing and related items)
and the site template are not. Then the lead's "Ngày ...", then (in a crawl) the date the
listing printed beside the link (method ``listing``).
"""

from __future__ import annotations

from danvan_crawler.extract.candidates import Choices, PageFacts, configured
from danvan_crawler.extract.dates import DateError, ParsedDate, find_lead_date, parse_date
from danvan_crawler.extract.layout import squash_text
from danvan_crawler.extract.profiles import COMMON_DATE_SELECTORS, PlatformProfile
from danvan_crawler.extract.title import body_start

# A header date line is short; longer blocks are prose that cites dates.
_MAX_LINE = 160
# How many blocks before the title the header may start.
_REACH = 8
# A date in an item whose text is mostly a link is that item's date (listing, related news).
_BESIDE_LINK = 0.55


class ArticleDates:
    """The date finder's view of one page: the header zone around the title and the checks."""

    def __init__(self, facts: PageFacts, title_el):
        self.facts = facts
        layout = facts.layout
        self.title_order = layout.order_of(title_el) if title_el is not None else -1
        main = layout.main
        first = layout.first_prose(main) if main is not None else None
        self.body_order = first.order if first is not None else body_start(facts)
        anchor = title_el if title_el is not None else (first.el if first is not None else None)
        self.region = _common_ancestor(anchor, first.el if first is not None else None)

    def problem(self, el, *, guessed: bool) -> str | None:
        """Why the date in ``el`` is not the article's, or None."""
        layout = self.facts.layout
        if layout.in_furniture(el):
            return "in page furniture (banner, menu, sidebar, footer)"
        if self._beside_link(el):
            return "beside a link (a listing, related or sidebar item)"
        text = squash_text("".join(el.itertext()))
        if self.facts.is_template(text):
            return "part of the site template"
        if guessed and self.region is not None and not layout.contains(self.region, el):
            return "outside the region of the title and the body"
        if guessed and layout.order_of(el) >= self.body_order:
            return "inside or after the body text"
        return None

    def _beside_link(self, el) -> bool:
        layout = self.facts.layout
        node = el
        for _ in range(4):
            if node is None or node is self.region:
                return False
            item = node.tag in ("li", "tr", "p", "div", "dd") and node.find(".//a") is not None
            if item and layout.link_share(node) >= _BESIDE_LINK:
                return True
            node = node.getparent()
        return False

    def zone(self) -> list:
        """Header blocks nearest the title first: after it up to the body, then before it."""
        layout = self.facts.layout
        blocks = [b for b in layout.content_blocks if not b.furniture and len(b.text) <= _MAX_LINE]
        if self.region is not None:
            first, last = layout.span(self.region)
            blocks = [b for b in blocks if first <= b.order <= last]
        title = self.title_order if self.title_order >= 0 else self.body_order
        after = [b for b in blocks if title < b.order < self.body_order]
        before = [b for b in blocks if b.order < title][::-1][:_REACH]
        return after + before


def _common_ancestor(a, b):
    if a is None or b is None:
        return None
    ancestors = set()
    node = a
    while node is not None:
        ancestors.add(node)
        node = node.getparent()
    node = b
    while node is not None and node not in ancestors:
        node = node.getparent()
    return node


def _parse(text: str, now, *, loose: bool = True) -> ParsedDate | DateError:
    try:
        return parse_date(text, now=now, use_dateparser=loose)
    except DateError as err:
        # Kept as a value (a candidate's verdict), so without its traceback: the traceback's
        # frames hold the page's whole reading, and the candidate holding the error is in
        # those frames: a reference cycle that kept every page's tree until a collection.
        return err.with_traceback(None)


def _selector_dates(facts: PageFacts, dates: ArticleDates, selectors, guessed: set[str]):
    """(css, raw text, parsed date or DateError, problem) of the first three nodes per selector."""
    for css, nodes in facts.sel.matches(selectors, limit=3):
        for node in nodes:
            attr = "::attr(" in css
            raw = squash_text(node.get() if attr else " ".join(node.css("::text").getall()))
            if not raw:
                continue
            parsed = _parse(raw, facts.now)
            if isinstance(parsed, DateError) and parsed.reason != "future":
                continue
            problem = None if attr else dates.problem(node.root, guessed=css in guessed)
            yield css, raw, parsed, problem


def read_published(
    facts: PageFacts, profile: PlatformProfile, title_el, first_line: str | None, choices: Choices
) -> tuple[str | None, str | None, list[str]]:
    """(ISO date, method, warnings): the article header's date, the lead's, the listing's."""
    dates = ArticleDates(facts, title_el)
    guessed = set(profile.published) - set(configured(profile, "published"))
    warnings: list[str] = []
    for selectors, method in ((profile.published, "platform"), (COMMON_DATE_SELECTORS, "meta")):
        for css, raw, parsed, problem in _selector_dates(facts, dates, selectors, guessed):
            if problem:
                choices.reject("published", f"selector {css}", raw, problem)
                continue
            if isinstance(parsed, DateError):
                warnings.append(f"published:future ({raw[:60]})")
                choices.reject("published", f"selector {css}", raw, "in the future")
                if method == "platform" and css not in guessed:
                    return None, None, warnings  # a header date in the future: no other date is trusted
                break
            choices.accept("published", f"selector {css}", raw)
            return parsed.isoformat(), method, warnings
    for block in dates.zone():
        if block.link_share >= 0.4:
            continue
        # Our date grammar only: dateparser on every short header line costs ~40 ms a page
        # and finds dates in words that are none.
        parsed = _parse(block.text, facts.now, loose=False)
        if isinstance(parsed, DateError):
            continue
        problem = dates.problem(block.el, guessed=True)
        if problem:
            choices.reject("published", f"<{block.el.tag}> near the title", block.text, problem)
            continue
        choices.accept("published", f"<{block.el.tag}> near the title", block.text)
        return parsed.isoformat(), "heuristic", warnings
    lead = find_lead_date(first_line, now=facts.now) if first_line else None
    if lead is not None:
        choices.accept("published", "the lead's opening date", lead.matched)
        return lead.isoformat(), "lead", warnings
    hint = facts.listing.date_text if facts.listing else None
    if hint:
        parsed = _parse(hint, facts.now)
        if not isinstance(parsed, DateError):
            choices.accept("published", "the date beside the listing link", hint)
            return parsed.isoformat(), "listing", warnings
    return None, None, warnings or ["published:missing"]
