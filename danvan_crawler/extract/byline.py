"""An article's byline: a configured selector, the header's "Tác giả: ...", or the body's last line.

Bylines on these portals are the last line of the text ("Thúy Vân", "Lê Xuân.", "Thanh
Thủy – Võ Huy", "Tin, ảnh: Hồng Nhung", "Theo Báo Long An"), a short block just below the
body container, or a labelled field of the meta line above the body.
"""

from __future__ import annotations

import re

from danvan_crawler.extract.candidates import Choices, PageFacts
from danvan_crawler.extract.layout import squash_text
from danvan_crawler.extract.pagesel import PageSelector, text_of
from danvan_crawler.extract.profiles import PlatformProfile

_BYLINE_PREFIX = re.compile(
    r"^(?:tin|ảnh|bài|tin,? ảnh|bài,? ảnh|tin và ảnh|bài và ảnh|nguồn|theo|"
    r"nhóm phóng viên|pv|ctv)\s*[:\-–.]?\s*\S",
    re.IGNORECASE,
)
_WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)
# "Tác giả: Lê Xuân | 27/06/2019 | Lượt xem: 12" in the header above the body.
_LABELLED = re.compile(r"(?:tác giả|người viết|phóng viên|bài viết bởi|author)\s*:\s*([^|:\n]{2,60})", re.I)


def looks_like_byline(line: str) -> bool:
    """Whether a short last line is a byline or source line rather than prose."""
    text = line.strip()
    if not text or len(text) > 60:
        return False
    if _BYLINE_PREFIX.match(text):
        return not text.endswith(":")
    # "Lê Xuân." : a name closed by a full stop, as some editors sign.
    if text.endswith(".") and not text.endswith(".."):
        text = text[:-1].rstrip()
    if text.endswith((".", ":", ";", "?", "!", ",")) or any(ch.isdigit() for ch in text):
        return False
    words = _WORD_RE.findall(text)
    if not 1 <= len(words) <= 8:
        return False
    capitalised = sum(1 for w in words if w[0].isupper())
    return capitalised / len(words) >= 0.8


def _below_container(facts: PageFacts, container_el) -> str | None:
    """A short name-like block right after the body container, or after the box around it
    when the container is its last child (a byline printed below the text)."""
    node = container_el
    for _ in range(3):
        if node is None:
            return None
        following = node.getnext()
        while following is not None and not squash_text("".join(following.itertext())):
            following = following.getnext()
        if following is not None:
            break
        node = node.getparent()
    else:
        return None
    if following is None or facts.layout.in_furniture(following) or following.find(".//a") is not None:
        return None
    text = squash_text("".join(following.itertext()))
    return text if looks_like_byline(text) else None


def read_author(
    facts: PageFacts,
    profile: PlatformProfile,
    lines: list[str],
    choices: Choices,
    *,
    header: list | None = None,
    container_el=None,
) -> tuple[str | None, str | None]:
    """(author, method): a configured selector, the body's last line (popped), a block below the
    body, or the header's labelled author."""
    sel: PageSelector = facts.sel
    found = sel.first(profile.author, text_of)
    if found:
        if lines and squash_text(lines[-1]) == found[0]:
            lines.pop()
        choices.accept("author", f"selector {found[1]}", found[0])
        return found[0], "platform"
    if len(lines) > 1 and looks_like_byline(lines[-1]):
        line = squash_text(lines.pop())
        choices.accept("author", "the body's last line", line)
        return line, "byline"
    if lines:
        choices.reject("author", "the body's last line", lines[-1], "not name-like")
    below = _below_container(facts, container_el)
    if below:
        choices.accept("author", "a short block below the body", below)
        return below, "byline"
    for block in header or []:
        match = _LABELLED.search(block.text)
        if match and squash_text(match.group(1)):
            name = squash_text(match.group(1))
            choices.accept("author", "a labelled author in the article header", block.text)
            return name, "meta"
    return None, None
