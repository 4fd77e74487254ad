"""Read one article page into fields: plain functions, no Scrapy needed.

``extract_article(html, url)`` reads decoded HTML; ``extract.page.read_page`` (what the
spiders and commands call) decodes a page's bytes first and turns pages that are not
articles into failures. Every field records how it was found; a field found by a
heuristic rather than a configured or platform selector is listed in ``fallbacks`` so
crawls can count it.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import datetime
from urllib.parse import urljoin

from parsel import Selector

from danvan_crawler.extract.body import body_container, images, paragraph_lines
from danvan_crawler.extract.chrome import is_chrome_line
from danvan_crawler.extract.dates import DateError, find_lead_date, parse_date
from danvan_crawler.extract.detect import detect_platform
from danvan_crawler.extract.normalize import clean_text, content_hash, squash
from danvan_crawler.extract.pagesel import PageSelector
from danvan_crawler.extract.profiles import COMMON_DATE_SELECTORS, COMMON_TITLE_SELECTORS, PlatformProfile
from danvan_crawler.extract.record import ArticleRecord
from danvan_crawler.extract.textfix import repair

# Titles that are page furniture, not an article's title (see portals.md "Traps").
_NON_TITLES = {"home", "trang chủ", "tin tức", "tin tức - sự kiện", "chi tiết tin", "tin chi tiết"}

_BYLINE_PREFIX = re.compile(
    r"^(?:tin|ảnh|bài|tin,? ảnh|bài,? ảnh|tin và ảnh|bài và ảnh|nguồn|theo|"
    r"nhóm phóng viên|pv|ctv)\s*[:\-–.]?\s*\S",
    re.IGNORECASE,
)
_WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)


@dataclass
class ExtractedArticle(ArticleRecord):
    """Fields read from one article page, and how each was found."""

    # field -> how it was found ("site", "platform", "meta", "lead", "heuristic", ...)
    methods: dict[str, str] = field(default_factory=dict)
    fallbacks: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Text repairs applied (textfix.py): "mojibake", "tcvn3", "nfc".
    conversions: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        """Plain dict, JSON-serialisable."""
        return asdict(self)

    def provenance(self) -> dict:
        """How the fields were found: methods, fallbacks, warnings, conversions."""
        return {
            "methods": self.methods,
            "fallbacks": self.fallbacks,
            "warnings": self.warnings,
            "conversions": self.conversions,
        }


class _Repairs:
    """``repair()`` that remembers every conversion it applied."""

    def __init__(self) -> None:
        self.applied: set[str] = set()

    def __call__(self, value: str | None) -> str:
        fixed, applied = repair(value)
        self.applied.update(applied)
        return fixed


def _text_of(nodes, css: str) -> str:
    """The first non-empty text among ``nodes`` (the attribute for a "::attr()" selector)."""
    for node in nodes:
        value = squash(node.get() if "::attr(" in css else " ".join(node.css("::text").getall()))
        if value:
            return value
    return ""


def read_title(sel: PageSelector, profile: PlatformProfile) -> tuple[str | None, str | None]:
    """(title, method): the platform's article header, never <title> alone (portals.md "Traps")."""
    found = sel.first(profile.title, _text_of)
    if found and found[0].lower() not in _NON_TITLES:
        return found[0], "platform"
    found = sel.first(COMMON_TITLE_SELECTORS, _text_of)
    if found is None or found[0].lower() in _NON_TITLES:
        page_title = squash(sel.css("title::text").get())
        page_title = re.split(r"\s+[|–-]\s+", page_title)[0] if page_title else ""
        found = (page_title, "title") if page_title.lower() not in _NON_TITLES else None
    if found and found[0]:
        return found[0], "heuristic"
    return None, None


def body_lines(
    container, fix: _Repairs, title: str | None, section: str | None, timings: Counter
) -> list[str]:
    """The body's paragraphs, repaired and cleaned; chrome and a leading title/section echo dropped."""
    # Repair before trafilatura: it drops characters (soft hyphens, C1 controls) that
    # mojibake and TCVN3 text need to be read back.
    for node in container.iter():
        if isinstance(node.tag, str) and node.text and not node.text.isascii():
            node.text = fix(node.text)
        if node.tail and not node.tail.isascii():
            node.tail = fix(node.tail)
    started = time.process_time_ns()
    lines = paragraph_lines(container)
    timings["trafilatura"] += time.process_time_ns() - started
    title_key = squash(title).lower()
    section_key = squash(section).lower() if section else None
    kept: list[str] = []
    for line in (clean_text(fix(line)) for line in lines):
        if not line or is_chrome_line(line):
            continue
        key = line.lower()
        if not kept and (key == title_key or (section_key and key.startswith(section_key))):
            continue
        kept.append(line)
    return kept


def with_lead(sel: PageSelector, profile: PlatformProfile, lines: list[str], fix: _Repairs) -> list[str]:
    """``lines`` led by the lead printed outside the body (Liferay's p.sapo), once."""
    lead = sel.first(profile.lead, _text_of)
    if not lead:
        return lines
    lead_text = clean_text(fix(lead[0]))
    return [lead_text, *(line for line in lines if line != lead_text)]


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


def read_author(
    sel: PageSelector, profile: PlatformProfile, lines: list[str]
) -> tuple[str | None, str | None]:
    """(author, method): a configured selector, else the byline as the body's last line (popped)."""
    found = sel.first(profile.author, _text_of)
    if found:
        if lines and squash(lines[-1]) == found[0]:
            lines.pop()
        return found[0], "platform"
    if len(lines) > 1 and _looks_like_byline(lines[-1]):
        return squash(lines.pop()), "byline"
    return None, None


class _FutureDate(str):
    """A date text that parses to a day after today (a page build date, a typo)."""


def _date_pick(now: datetime | None):
    def pick(nodes, css: str) -> str | None:
        for node in nodes[:3]:
            raw = squash(node.get() if "::attr(" in css else " ".join(node.css("::text").getall()))
            if not raw:
                continue
            try:
                return parse_date(raw, now=now).isoformat()
            except DateError as err:
                if err.reason == "future":
                    return _FutureDate(raw)
        return None

    return pick


def read_published(
    sel: PageSelector, profile: PlatformProfile, first_line: str | None, now: datetime | None
) -> tuple[str | None, str | None, list[str]]:
    """(ISO date, method, warnings): the header date; the lead's "Ngày ..." only when the page has none."""
    warnings = []
    for selectors, method in ((profile.published, "platform"), (COMMON_DATE_SELECTORS, "meta")):
        found = sel.first(selectors, _date_pick(now))
        if found and not isinstance(found[0], _FutureDate):
            return found[0], method, warnings
        if found:
            warnings.append(f"published:future ({found[0][:60]})")
            if method == "platform":  # a header date in the future: no other date is trusted
                return None, None, warnings
    lead = find_lead_date(first_line, now=now) if first_line else None
    if lead is not None:
        return lead.isoformat(), "lead", warnings
    return None, None, warnings or ["published:missing"]


def canonical_url(sel: PageSelector, url: str) -> str:
    """The page's canonical link or og:url, else its own URL."""
    canonical = (
        sel.css("link[rel=canonical]::attr(href)").get()
        or sel.css("meta[property='og:url']::attr(content)").get()
    )
    return urljoin(url, canonical.strip()) if canonical else url


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
    timings = Counter() if timings is None else timings
    if profile is None:
        profile = detect_platform(html).profile
    sel = PageSelector(Selector(text=html, base_url=url))
    base_href = sel.css("base::attr(href)").get()
    result = ExtractedArticle(url=url, platform=profile.name, section=section, site_name=site_name)
    fix = _Repairs()

    title, method = read_title(sel, profile)
    if method:
        result.title, result.methods["title"] = squash(fix(title)), method
    if method == "heuristic":
        result.fallbacks.append("title")

    container, result.methods["text"] = body_container(sel, profile)
    if result.methods["text"] == "heuristic":
        result.fallbacks.append("text")
    result.images = images(container, urljoin(url, base_href) if base_href else url)
    lines = with_lead(sel, profile, body_lines(container, fix, result.title, section, timings), fix)

    author, method = read_author(sel, profile, lines)
    if method:
        result.author, result.methods["author"] = squash(fix(author)), method
    result.conversions = sorted(fix.applied)
    result.text = "\n".join(lines)
    if result.text:
        started = clock()
        result.content_hash = content_hash(result.text)
        timings["hashing"] += clock() - started

    started = clock()
    result.published, method, result.warnings = read_published(sel, profile, lines[0] if lines else None, now)
    if method:
        result.methods["published"] = method
    if method == "lead" and not profile.date_from_lead:
        result.fallbacks.append("published")
    timings["dates"] += clock() - started

    # Section: the page's own category label, else what the spider was crawling.
    found = sel.first(profile.section, _text_of)
    if found:
        result.section = found[0]
    result.canonical_url = canonical_url(sel, url)
    if not result.site_name:
        result.site_name = squash(sel.css("meta[property='og:site_name']::attr(content)").get()) or None
    return result
