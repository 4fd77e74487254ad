"""An article's title: configured selectors checked, then the heading nearest above the body.

A title candidate is rejected when it is the site name, a label of a link to another page
(menu item, breadcrumb, section, related article), a heading of the site's template, a
date or meta line, a byline, or page furniture. The generic reader takes the title-like
element nearest above the article's first prose, preferring one that the page confirms
elsewhere: og:title, a piece of <title>, or (in a crawl) the listing link's text.
<title> itself is split only at the separator that divides it from the site name.
"""

from __future__ import annotations

import re

from danvan_crawler.extract.candidates import TITLE_SEPARATORS, Choices, PageFacts, configured, norm_key
from danvan_crawler.extract.chrome import is_chrome_line
from danvan_crawler.extract.dates import DateError, parse_date
from danvan_crawler.extract.layout import HEADINGS, Block, squash_text
from danvan_crawler.extract.profiles import COMMON_TITLE_SELECTORS, PlatformProfile

# Titles that are page furniture, not an article's title (see portals.md "Traps").
NON_TITLES = {"home", "trang chủ", "tin tức", "tin tức - sự kiện", "chi tiết tin", "tin chi tiết"}
_LABELLED = re.compile(
    r"^(?:tác giả|người viết|nguồn|tin|ảnh|bài|tin,? ảnh|bài,? ảnh|ngày đăng|cập nhật|lượt xem)\s*:", re.I
)
# Two sentences: a lead or a paragraph, not a title.
_SENTENCES = re.compile(r"[.!?]\s+[A-ZÀ-Ỹ\"“]")
_MAX_TITLE = 250
# How far above the body a title may sit, in blocks.
_REACH = 12


def is_date_line(text: str) -> bool:
    """A short line that is mostly a date ("Thứ Năm, 27/06/2019 - 15:04", "Ngày đăng: ...")."""
    if len(text) > 90:
        return False
    try:
        parsed = parse_date(text, use_dateparser=False)
    except DateError as err:
        return err.reason == "future"
    return len(text) - len(parsed.matched) < 45


# Menu, breadcrumb and section labels run to a few words; titles are longer.
_MENU_WORDS = 6


def title_problem(facts: PageFacts, text: str | None, el=None) -> str | None:
    """Why ``text`` (found in ``el``) cannot be the article's title, or None."""
    if not text:
        return "empty"
    key = norm_key(text)
    if key in NON_TITLES:
        return "a generic page label"
    if key in facts.site_names:
        return "the site name"
    if len(text) > _MAX_TITLE or _SENTENCES.search(text):
        return "prose, not a title"
    if is_chrome_line(text) or _LABELLED.match(text):
        return "a furniture or meta line"
    if " | " in text and any(_LABELLED.match(part) for part in text.split(" | ")):
        return "a meta line"
    if is_date_line(text):
        return "a date line"
    # A menu or breadcrumb label is short; a long one is a story, and a sidebar often links
    # this very story under another URL form: that heading stands when the page confirms it.
    # The page's link labels cost a walk over its anchors' texts: asked only of a short
    # label or an unconfirmed heading, the only ones they can reject.
    if (len(key.split()) <= _MENU_WORDS or not confirmed(facts, text)) and key in facts.link_labels:
        return "the label of a link to another page (menu, breadcrumb, related list)"
    if facts.is_template(text):
        return "a heading of the site template"
    if el is not None and facts.layout.in_furniture(el):
        return "in page furniture"
    return None


def confirmed(facts: PageFacts, text: str) -> str | None:
    """What else on the page confirms ``text`` as the title: og:title, <title>, the listing link."""
    key = norm_key(text)
    if facts.og_title and norm_key(facts.og_title) == key:
        return "og:title"
    if facts.listing and facts.listing.anchor_text and norm_key(facts.listing.anchor_text) == key:
        return "listing link"
    whole = norm_key(facts.page_title)
    if whole == key:
        return "<title>"
    for sep in TITLE_SEPARATORS.finditer(whole):
        if whole[: sep.start()] == key or whole[sep.end() :] == key:
            return "a piece of <title>"
    return None


def _caption_like(block: Block) -> bool:
    """A short line under a photo: its block or the block before it holds an image."""
    el = block.el
    if el.find(".//img") is not None or el.tag == "figcaption":
        return True
    # The photo is the previous sibling, or (image tables) the previous row.
    nodes = (el, el.getparent()) if el.tag in ("td", "th") else (el,)
    for node in nodes:
        prev = node.getprevious() if node is not None else None
        if prev is None or not isinstance(prev.tag, str):
            continue
        holds_photo = prev.tag == "img" or prev.find(".//img") is not None
        if holds_photo and len(squash_text("".join(prev.itertext()))) <= 15:
            return True
    return False


def body_start(facts: PageFacts) -> int:
    """Document order where the article's prose begins: a lead printed just above the body
    container, else the container's first prose (the end of the page when none is found)."""
    layout = facts.layout
    main = layout.main
    if main is None:
        return layout.size
    first = layout.first_prose(main)
    start = layout.span(main)[0]
    before = [b for b in layout.prose if b.order < start]
    if before:
        lead = before[-1]
        # Only short blocks (a date, a related list's heading) may sit between lead and body.
        between = [b for b in layout.content_blocks if lead.order < b.order < start and not b.furniture]
        if len(between) <= 10:
            return lead.order
    return start if first is None else first.order


def structural_title(facts: PageFacts, choices: Choices) -> tuple[str, object] | None:
    """(title, element): the title-like block nearest above the body, confirmed ones first."""
    start = body_start(facts)
    seen: list[tuple[Block, str | None]] = []
    for block in reversed([b for b in facts.layout.content_blocks if b.order < start]):
        if len(seen) >= _REACH:
            break
        if block.furniture:
            continue
        problem = title_problem(facts, block.text, block.el)
        if problem is None and _caption_like(block):
            problem = "a photo caption"
        if problem is None and block.link_share >= 0.5:
            problem = "a link"
        if problem:
            if block.el.tag in HEADINGS:
                choices.reject("title", f"heading <{block.el.tag}> above the body", block.text, problem)
            continue
        seen.append((block, confirmed(facts, block.text)))
    if not seen:
        return None
    pick = next(((b, why) for b, why in seen[:6] if why), None)
    if pick is None:
        # Unconfirmed: the title shares the body's column; a sidebar box printed before the
        # main column meets the body only higher up (shallower common ancestor).
        body_block = facts.layout.first_block_from(start)
        body_el = body_block.el if body_block is not None else None
        depth = {id(b): _shared_depth(b.el, body_el) for b, _ in seen}
        deepest = max(depth.values())
        pick = next((b, why) for b, why in seen if depth[id(b)] == deepest)
    block, why = pick
    source = f"<{block.el.tag}> nearest above the body" + (f", confirmed by {why}" if why else "")
    for other, _ in seen:
        if other is block:
            break
        choices.reject("title", f"<{other.el.tag}> above the body", other.text, f"not confirmed; {source} is")
    choices.accept("title", source, block.text)
    return block.text, block.el


def _shared_depth(a, b) -> int:
    """Depth of the nearest common ancestor of ``a`` and ``b`` (0 when there is none)."""
    if b is None:
        return 0
    ancestors = {id(node) for node in (a, *a.iterancestors())}
    node = b
    while node is not None and id(node) not in ancestors:
        node = node.getparent()
    return 0 if node is None else sum(1 for _ in node.iterancestors()) + 1


def split_page_title(facts: PageFacts) -> str | None:
    """<title> without the site name: split only at the separator next to a known site name."""
    whole = facts.page_title
    if not whole:
        return None
    seps = list(TITLE_SEPARATORS.finditer(whole))
    for sep in (seps[:1] + seps[-1:]) if seps else []:
        left, right = whole[: sep.start()], whole[sep.end() :]
        if norm_key(right) in facts.site_names or norm_key(right) in NON_TITLES:
            return left
        if norm_key(left) in facts.site_names or norm_key(left) in NON_TITLES:
            return right
    return whole


def _first_text(nodes, css: str) -> tuple[str, object] | None:
    for node in nodes:
        if "::attr(" in css:
            value = squash_text(node.get() or "")
            el = None
        else:
            value = squash_text(" ".join(node.css("::text").getall()))
            el = node.root
        if value:
            return value, el
    return None


def read_title(
    facts: PageFacts, profile: PlatformProfile, choices: Choices
) -> tuple[str | None, str | None, object]:
    """(title, method, element): configured selectors checked, then the page's structure, then <title>."""
    # The generic profile's selectors, and bare tags ("h1") anywhere, are guesses: checked
    # against the heading nearest above the body.
    guesses = set(profile.title) - set(configured(profile, "title"))
    guesses |= {css for css in profile.title if not any(ch in css for ch in ".#[:")}
    start = body_start(facts)
    for css, nodes in facts.sel.matches(profile.title):
        found = _first_text(nodes, css)
        if not found:
            continue
        text, el = found
        problem = title_problem(facts, text, el)
        if problem is None and el is not None and facts.layout.order_of(el) > start:
            problem = "below the start of the body"
        if problem is None and css in guesses and el is not None:
            problem = _nearer_heading(facts, el, start)
        if problem:
            choices.reject("title", f"selector {css}", text, problem)
            continue
        choices.accept("title", f"selector {css}", text)
        return text, "platform", el
    found = structural_title(facts, choices)
    if found:
        return found[0], "heuristic", found[1]
    for css, nodes in facts.sel.matches(COMMON_TITLE_SELECTORS[:1]):
        hit = _first_text(nodes, css)
        if hit and not title_problem(facts, hit[0]):
            choices.accept("title", "og:title", hit[0])
            return hit[0], "heuristic", None
    text = split_page_title(facts)
    problem = title_problem(facts, text)
    if problem:
        choices.reject("title", "<title>", text, problem)
        return None, None, None
    choices.accept("title", "<title> without the site name", text)
    return text, "heuristic", None


def _nearer_heading(facts: PageFacts, el, start: int) -> str | None:
    """For a guessed selector: unless the page confirms it, a title-like block nearer the body wins."""
    layout = facts.layout
    order = layout.order_of(el)
    if confirmed(facts, squash_text("".join(el.itertext()))):
        return None
    for block in layout.content_blocks:
        if not order < block.order < start or block.furniture or layout.contains(el, block.el):
            continue
        if block.link_share >= 0.5 or _caption_like(block) or title_problem(facts, block.text, block.el):
            continue
        return f"not the heading nearest above the body ({block.text[:60]!r} is)"
    return None
