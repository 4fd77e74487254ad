"""The body's edges: header debris before the article's first line, link lines after its last.

A container found by structure rather than by a selector often holds the article header
(section heading, title, date or meta line) above the text and a source link, share bar or
related-news list below it. Lines are matched back to the page's blocks to tell links
from prose: a line whose block is mostly link text is a link line.
"""

from __future__ import annotations

import re

from danvan_crawler.extract.byline import looks_like_byline
from danvan_crawler.extract.candidates import PageFacts, norm_key
from danvan_crawler.extract.layout import LINKY
from danvan_crawler.extract.title import is_date_line

# Source-link formulas closing an article ("Xem chi tiết tại đây", "Xem toàn văn tại đây").
_SOURCE_LINK = re.compile(
    r"^\W*(?:xem|đọc|tải)\s+(?:chi tiết|toàn văn|nguyên văn|bài gốc|văn bản|thêm|tiếp)"
    r"(?:\s+\S+){0,3}\s+(?:tại|ở)\s+đây\W*$",
    re.IGNORECASE,
)
_META_PART = re.compile(r"^(?:tác giả|người viết|ngày đăng|cập nhật|lượt xem|nguồn)\s*:", re.IGNORECASE)
# A heading line of a link list ("Tin liên quan", "Các bài viết khác") is short.
_HEADING_CHARS = 40
_CREDIT = re.compile(r"^(?:theo|nguồn)\b", re.IGNORECASE)
_LEAD_WINDOW = 6


def _list_heading(line: str) -> bool:
    """A short line above a link list that is its heading, not the article's byline."""
    return len(line) <= _HEADING_CHARS and not line.endswith((".", ":")) and not looks_like_byline(line)


def is_source_link(line: str) -> bool:
    """A "Xem chi tiết tại đây" line pointing at the original article."""
    return bool(_SOURCE_LINK.match(line.strip()))


def _link_keys(facts: PageFacts, container_el) -> set[str]:
    """Texts of the container's blocks that are mostly link text."""
    blocks = facts.layout.blocks_in(container_el) if container_el is not None else []
    return {tight_key(b.text) for b in blocks if b.link_share >= LINKY}


def _is_header_line(line: str) -> bool:
    if is_date_line(line) or _META_PART.match(line):
        return True
    parts = [p.strip() for p in line.split("|")]
    return len(parts) > 1 and len(line) <= 160 and any(_META_PART.match(p) or is_date_line(p) for p in parts)


def tight_key(text: str) -> str:
    """A line's key for matching it back to its block: no list dash, no spaces, casefolded."""
    return norm_key(text.removeprefix("- ")).replace(" ", "")


def trim_head(
    lines: list[str], title: str | None, facts: PageFacts, container_el, title_el, *, whole: bool
) -> list[str]:
    """Drop date or meta lines opening the body; for a container found by structure (``whole``)
    also the lines printed above the title (section heading, crumbs) and the title."""
    above: set[str] = set()
    if not whole:
        title = None
    elif title_el is not None and (title_order := facts.layout.order_of(title_el)) >= 0:
        above = {tight_key(b.text) for b in facts.layout.blocks_in(container_el) if b.order < title_order}
    title_key = norm_key(title) if title else None
    keys = [norm_key(line) for line in lines[:_LEAD_WINDOW]]
    start = keys.index(title_key) + 1 if title_key and title_key in keys else 0
    while start < len(lines) and (tight_key(lines[start]) in above or _is_header_line(lines[start])):
        start += 1
    return lines[start:]


def trim_links(lines: list[str], facts: PageFacts, container_el) -> list[str]:
    """Drop source-link lines, link lists (with their heading) and trailing link lines."""
    links = _link_keys(facts, container_el)

    def linky(line: str) -> bool:
        if _CREDIT.match(line):  # "Theo <a>Báo X</a>" is a byline, even as a link
            return False
        return is_source_link(line) or tight_key(line) in links

    kept: list[str] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and linky(lines[j]):
            j += 1
        items = sum(1 for line in lines[i:j] if not is_source_link(line))
        if items >= 2:
            # A list of links: related news, a sidebar box; a list's heading goes too.
            if items >= 3 and kept and _list_heading(kept[-1]):
                kept.pop()
            i = j
            continue
        if j > i and (is_source_link(lines[i]) or j == len(lines)):
            i = j
            continue
        kept.append(lines[i])
        i += 1
    while kept and linky(kept[-1]):
        kept.pop()
    return kept


def trim_template(lines: list[str], facts: PageFacts) -> list[str]:
    """Drop lines of the site's template from both ends of the body; a recurring byline stays."""
    if facts.template is None:
        return lines
    start, end = 0, len(lines)
    while start < end and facts.is_template(lines[start]):
        start += 1
    while end > start and facts.is_template(lines[end - 1]) and not looks_like_byline(lines[end - 1]):
        end -= 1
    return lines[start:end]
