"""Read one article page into fields: plain functions, no Scrapy needed.

``extract_article(html, url)`` is what the spiders call for every article
page and what ``danvan extract`` prints. Every field records how it was
found; a field found by a heuristic rather than a configured or platform
selector is listed in ``fallbacks`` so crawls can count it.
"""

from __future__ import annotations

import copy
import re
import time
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import datetime
from urllib.parse import urljoin

import trafilatura
from lxml import html as lxml_html
from parsel import Selector
from trafilatura.settings import use_config

from danvan_crawler.extract.chrome import PRUNE_TAGS, is_chrome_line, is_furniture_node
from danvan_crawler.extract.dates import DateError, find_lead_date, parse_date
from danvan_crawler.extract.detect import detect_platform
from danvan_crawler.extract.normalize import clean_text, content_hash
from danvan_crawler.extract.pagesel import PageSelector
from danvan_crawler.extract.profiles import (
    COMMON_DATE_SELECTORS,
    COMMON_TITLE_SELECTORS,
    GENERIC,
    PlatformProfile,
)
from danvan_crawler.extract.textfix import repair

# Built once: trafilatura's default config drops bodies under 250 characters,
# and short notices ("Thông báo ...") are articles too.
_TRAFILATURA_CONFIG = use_config()
_TRAFILATURA_CONFIG.set("DEFAULT", "MIN_EXTRACTED_SIZE", "1")
_TRAFILATURA_CONFIG.set("DEFAULT", "MIN_OUTPUT_SIZE", "1")
_TRAFILATURA_CONFIG.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")

# Titles that are page furniture, not an article's title (see portals.md "Traps").
_NON_TITLES = {"home", "trang chủ", "tin tức", "tin tức - sự kiện", "chi tiết tin", "tin chi tiết"}

_BYLINE_PREFIX = re.compile(
    r"^(?:tin|ảnh|bài|tin,? ảnh|bài,? ảnh|tin và ảnh|bài và ảnh|nguồn|theo|"
    r"nhóm phóng viên|pv|ctv)\s*[:\-–.]?\s*\S",
    re.IGNORECASE,
)
_WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)
_SPACE_RE = re.compile(r"\s+")


@dataclass
class ExtractedArticle:
    """Fields read from one article page."""

    url: str
    title: str | None = None
    published: str | None = None
    author: str | None = None
    section: str | None = None
    text: str = ""
    images: list[dict[str, str | None]] = field(default_factory=list)
    canonical_url: str | None = None
    site_name: str | None = None
    platform: str = GENERIC.name
    content_hash: str | None = None
    # field -> how it was found ("site", "platform", "meta", "lead", "heuristic", ...)
    methods: dict[str, str] = field(default_factory=dict)
    fallbacks: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Text repairs applied (textfix.py): "mojibake", "tcvn3", "nfc".
    conversions: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        """Plain dict, JSON-serialisable."""
        return asdict(self)


def _squash(text: str | None) -> str:
    return _SPACE_RE.sub(" ", unicodedata.normalize("NFC", text or "")).strip()


def _first_text(sel: PageSelector, selectors: tuple[str, ...]) -> tuple[str, str] | None:
    """First non-empty text among ``selectors``: (text, selector)."""
    for css in selectors:
        try:
            found = sel.css(css)
        except Exception:  # a malformed site selector must not kill the page
            continue
        for node in found:
            value = node.get() if "::attr(" in css else " ".join(node.css("::text").getall())
            value = _squash(value)
            if value:
                return value, css
    return None


def _first_node(sel: PageSelector, selectors: tuple[str, ...]):
    for css in selectors:
        try:
            found = sel.css(css)
        except Exception:
            continue
        for node in found:
            if _squash(" ".join(node.css("::text").getall())):
                return node, css
    return None


def _prune(container, profile: PlatformProfile) -> None:
    """Remove furniture nodes inside ``container`` (in place)."""
    doomed = [n for n in container.iter(*PRUNE_TAGS) if n is not container]
    for css in profile.prune:
        try:
            doomed.extend(n.root for n in Selector(root=container).css(css) if n.root is not container)
        except Exception:
            continue
    for node in container.iter():
        if node is container or not isinstance(node.tag, str):
            continue
        if is_furniture_node(node.get("class"), node.get("id")):
            doomed.append(node)
    for node in doomed:
        parent = node.getparent()
        if parent is None:
            continue
        # Keep the tail text (text after the node belongs to the parent).
        if node.tail and node.tail.strip():
            prev = node.getprevious()
            if prev is not None:
                prev.tail = (prev.tail or "") + node.tail
            else:
                parent.text = (parent.text or "") + node.tail
        parent.remove(node)


def _body_lines(container) -> list[str]:
    """Paragraph lines of the container, via trafilatura."""
    wrapper = lxml_html.Element("html")
    body = lxml_html.Element("body")
    wrapper.append(body)
    body.append(container)
    text = trafilatura.extract(
        wrapper,
        config=_TRAFILATURA_CONFIG,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        favor_recall=True,
        deduplicate=False,
        with_metadata=False,
    )
    return (text or "").splitlines()


def _looks_like_byline(line: str) -> bool:
    """Whether a short last line is a byline or source line rather than prose."""
    text = line.strip()
    if not text or len(text) > 60:
        return False
    if _BYLINE_PREFIX.match(text):
        return not text.endswith(":")
    if text.endswith((".", ":", ";", "?", "!", ",")) or any(ch.isdigit() for ch in text):
        return False
    words = _WORD_RE.findall(text)
    if not 1 <= len(words) <= 8:
        return False
    capitalised = sum(1 for w in words if w[0].isupper())
    return capitalised / len(words) >= 0.8


def _images(container, base_url: str) -> list[dict[str, str | None]]:
    images = []
    seen = set()
    for img in container.iter("img"):
        src = img.get("src") or img.get("data-src") or ""
        if not src or src.startswith("data:"):
            continue
        src = urljoin(base_url, src.strip())
        if src in seen:
            continue
        seen.add(src)
        images.append({"url": src, "caption": _caption_for(img)})
    return images


_GENERIC_ALT = {"", "image", "images", "responsive image", "ảnh", "hình ảnh", "img", "photo"}


def _caption_for(img) -> str | None:
    # figure/figcaption and WordPress .wp-caption hold the caption with the image.
    for ancestor in img.iterancestors():
        klass = ancestor.get("class") or ""
        if ancestor.tag == "figure" or "wp-caption" in klass.split():
            for cap in ancestor.iter():
                cap_class = cap.get("class") or "" if isinstance(cap.tag, str) else ""
                if cap.tag == "figcaption" or "wp-caption-text" in cap_class.split():
                    text = _squash(cap.text_content())
                    if text:
                        return text
            break
        if ancestor.tag in ("p", "div", "td", "span", "a", "center", "strong", "em"):
            # Captions on these portals are the next short paragraph, centred or italic.
            sibling = ancestor.getnext()
            if ancestor.tag == "p" and sibling is not None and sibling.tag == "p":
                text = _squash(sibling.text_content())
                style = (sibling.get("style") or "").replace(" ", "").lower()
                italic = sibling.find(".//em") is not None or sibling.find(".//i") is not None
                if text and len(text) <= 200 and ("text-align:center" in style or italic):
                    return text
            break
    alt = _squash(img.get("alt") or img.get("title"))
    return None if alt.lower() in _GENERIC_ALT else alt


def _date_from_selectors(
    sel: PageSelector, selectors: tuple[str, ...], now: datetime | None, warnings: list[str]
) -> tuple[str, str] | None:
    for css in selectors:
        try:
            nodes = sel.css(css)
        except Exception:
            continue
        for node in nodes[:3]:
            raw = node.get() if "::attr(" in css else " ".join(node.css("::text").getall())
            raw = _squash(raw)
            if not raw:
                continue
            try:
                return parse_date(raw, now=now).isoformat(), css
            except DateError as err:
                if err.reason == "future":
                    warnings.append(f"published:future ({raw[:60]})")
                    return None
                continue
    return None


def extract_article(
    html: str,
    url: str,
    *,
    profile: PlatformProfile | None = None,
    section: str | None = None,
    site_name: str | None = None,
    now: datetime | None = None,
    timings: Counter | None = None,
) -> ExtractedArticle:
    """Extract title, date, author, body, images and provenance from one article page.

    ``timings``, when given, collects CPU nanoseconds of the "trafilatura", "dates" and
    "hashing" stages (the benchmarks read them from the crawl stats).
    """
    clock = time.process_time_ns
    if profile is None:
        profile = detect_platform(html).profile
    sel = PageSelector(Selector(text=html, base_url=url))
    base_href = sel.css("base::attr(href)").get()
    base_url = urljoin(url, base_href) if base_href else url
    result = ExtractedArticle(url=url, platform=profile.name, section=section, site_name=site_name)

    # Title: the platform's article header, never <title> alone (portals.md "Traps").
    found = _first_text(sel, profile.title)
    if found and found[0].lower() not in _NON_TITLES:
        result.title, result.methods["title"] = found[0], "platform"
    else:
        found = _first_text(sel, COMMON_TITLE_SELECTORS)
        if found is None or found[0].lower() in _NON_TITLES:
            page_title = _squash(sel.css("title::text").get())
            page_title = re.split(r"\s+[|–-]\s+", page_title)[0] if page_title else ""
            found = (page_title, "title") if page_title.lower() not in _NON_TITLES else None
        if found and found[0]:
            result.title, result.methods["title"] = found[0], "heuristic"
            result.fallbacks.append("title")

    # Body container.
    node = _first_node(sel, profile.body)
    if node is not None:
        container_sel, result.methods["text"] = node[0], "platform"
    else:
        container_sel = sel.css("body") or sel.sel
        container_sel = container_sel[0] if isinstance(container_sel, list) else container_sel
        result.methods["text"] = "heuristic"
        result.fallbacks.append("text")
    container = copy.deepcopy(container_sel.root)
    container.tail = None
    _prune(container, profile)
    result.images = _images(container, base_url)

    conversions: set[str] = set()

    def fix(value: str | None) -> str:
        fixed, applied = repair(value)
        conversions.update(applied)
        return fixed

    if result.title:
        result.title = _squash(fix(result.title))
    # Repair before trafilatura: it drops characters (soft hyphens, C1 controls) that
    # mojibake and TCVN3 text need to be read back.
    for node in container.iter():
        if isinstance(node.tag, str) and node.text and not node.text.isascii():
            node.text = fix(node.text)
        if node.tail and not node.tail.isascii():
            node.tail = fix(node.tail)
    started = clock()
    body_lines = _body_lines(container)
    if timings is not None:
        timings["trafilatura"] += clock() - started
    lines = [clean_text(fix(line)) for line in body_lines]
    title_key = _squash(result.title).lower()
    section_key = _squash(section).lower() if section else None
    kept: list[str] = []
    for line in lines:
        if not line or is_chrome_line(line):
            continue
        key = line.lower()
        if not kept and (key == title_key or (section_key and key.startswith(section_key))):
            continue
        kept.append(line)

    # A lead printed outside the body (Liferay's p.sapo) belongs to the text, once.
    lead = _first_text(sel, profile.lead) if profile.lead else None
    if lead:
        lead_text = clean_text(fix(lead[0]))
        kept = [line for line in kept if line != lead_text]
        kept.insert(0, lead_text)

    # Author: a configured selector, else the byline as the body's last line.
    author = _first_text(sel, profile.author) if profile.author else None
    if author:
        result.author, result.methods["author"] = author[0], "platform"
        if kept and _squash(kept[-1]) == author[0]:
            kept.pop()
    elif kept and len(kept) > 1 and _looks_like_byline(kept[-1]):
        result.author, result.methods["author"] = _squash(kept.pop()), "byline"
    if result.author:
        result.author = _squash(fix(result.author))
    result.conversions = sorted(conversions)
    result.text = "\n".join(kept)
    if result.text:
        started = clock()
        result.content_hash = content_hash(result.text)
        if timings is not None:
            timings["hashing"] += clock() - started

    # Published: the header date; the lead's "Ngày ..." only when the page has none.
    started = clock()
    date_found = _date_from_selectors(sel, profile.published, now, result.warnings)
    if date_found:
        result.published, result.methods["published"] = date_found[0], "platform"
    elif not any(w.startswith("published:future") for w in result.warnings):
        date_found = _date_from_selectors(sel, COMMON_DATE_SELECTORS, now, result.warnings)
        if date_found:
            result.published, result.methods["published"] = date_found[0], "meta"
        elif kept:
            lead = find_lead_date(kept[0], now=now)
            if lead is not None:
                result.published, result.methods["published"] = lead.isoformat(), "lead"
                if not profile.date_from_lead:
                    result.fallbacks.append("published")
    if result.published is None and not result.warnings:
        result.warnings.append("published:missing")
    if timings is not None:
        timings["dates"] += clock() - started

    # Section: the page's own category label, else what the spider was crawling.
    if profile.section:
        found = _first_text(sel, profile.section)
        if found:
            result.section = found[0]

    canonical = (
        sel.css("link[rel=canonical]::attr(href)").get()
        or sel.css("meta[property='og:url']::attr(content)").get()
    )
    result.canonical_url = urljoin(url, canonical.strip()) if canonical else url
    if not result.site_name:
        result.site_name = _squash(sel.css("meta[property='og:site_name']::attr(content)").get()) or None
    return result
