"""Read one article page into fields: plain functions, no Scrapy needed.

``extract_article(html, url)`` reads decoded HTML; ``extract.page.read_page`` (what the
spiders and commands call) decodes a page's bytes first and turns pages that are not
articles into failures. Every field records how it was found; a field found by a
heuristic rather than a configured or platform selector is listed in ``fallbacks`` so
crawls can count it.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import datetime
from urllib.parse import urljoin

from parsel import Selector

from danvan_crawler.extract.body import body_container, images, page_body, paragraph_lines, pruned_copy
from danvan_crawler.extract.byline import read_author
from danvan_crawler.extract.candidates import Choices, ListingHint, PageFacts, Template, configured, norm_key
from danvan_crawler.extract.chrome import is_chrome_line
from danvan_crawler.extract.detect import detect_platform
from danvan_crawler.extract.normalize import clean_text, content_hash, squash
from danvan_crawler.extract.pagesel import PageSelector, parse_html, text_of
from danvan_crawler.extract.profiles import PlatformProfile
from danvan_crawler.extract.published import ArticleDates, read_published
from danvan_crawler.extract.record import ArticleRecord
from danvan_crawler.extract.textfix import repair
from danvan_crawler.extract.title import read_title, title_problem
from danvan_crawler.extract.trim import trim_head, trim_links, trim_template


@dataclass
class ExtractedArticle(ArticleRecord):
    """Fields read from one article page, and how each was found."""

    # field -> how it was found ("site", "platform", "meta", "lead", "heuristic", ...)
    methods: dict[str, str] = field(default_factory=dict)
    fallbacks: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Text repairs applied (textfix.py): "mojibake", "tcvn3", "nfc".
    conversions: list[str] = field(default_factory=list)

    # field -> its candidates in the order tried, with verdicts (``danvan extract`` prints them).
    choices: dict[str, list[dict]] = field(default_factory=dict, repr=False, compare=False)

    def to_dict(self) -> dict:
        """Plain dict of the record and its provenance, JSON-serialisable (without ``choices``)."""
        data = asdict(self)
        data.pop("choices")
        return data

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
    lead = sel.first(profile.lead, text_of)
    if not lead:
        return lines
    lead_text = clean_text(fix(lead[0]))
    return [lead_text, *(line for line in lines if line != lead_text)]


def canonical_url(sel: PageSelector, url: str) -> str:
    """The page's canonical link or og:url, else its own URL."""
    canonical = (
        sel.css("link[rel=canonical]::attr(href)").get()
        or sel.css("meta[property='og:url']::attr(content)").get()
    )
    return urljoin(url, canonical.strip()) if canonical else url


def _missing_lead(facts: PageFacts, title_el, container_el, lines: list[str]) -> list[str]:
    """Prose between the title and the body's first extracted line that the text lacks: a lead
    printed outside the body container, or one trafilatura dropped (a lead set as a heading)."""
    layout = facts.layout
    start, end = layout.span(container_el)
    after = layout.order_of(title_el) if title_el is not None else start - 1
    present = {norm_key(line) for line in lines}
    missing: dict[str, str] = {}
    for block in layout.prose:
        if block.order <= after or block.furniture:
            continue
        key = norm_key(block.text)
        if block.order > end or key in present:
            break
        # Once: a lead printed above the body (a p.sapo) may open the body again.
        missing.setdefault(key, block.text)
    return list(missing.values()) if len(missing) <= 2 else []


def _section(
    sel: PageSelector, profile: PlatformProfile, section: str | None, choices: Choices
) -> str | None:
    """The page's own category label (a configured selector), else what the spider was crawling."""
    found = sel.first(profile.section, text_of)
    if found:
        choices.accept("section", f"selector {found[1]}", found[0])
        return found[0]
    if section:
        choices.accept("section", "the section the crawl was reading", section)
    return section


def extract_article(
    html: str,
    url: str,
    *,
    profile: PlatformProfile | None = None,
    section: str | None = None,
    site_name: str | None = None,
    now: datetime | None = None,
    timings: Counter | None = None,
    template: Template | None = None,
    listing: ListingHint | None = None,
    parsed: Selector | None = None,
) -> ExtractedArticle:
    """Extract title, date, author, body, images and provenance from one article page.

    ``timings``, when given, collects CPU nanoseconds of the "trafilatura", "dates" and
    "hashing" stages (the benchmarks read them from the crawl stats). ``template`` (the
    site's learned template) rejects recurring text; ``listing`` is what the listing page
    showed beside the link to this page. ``parsed`` is ``html`` already parsed (``read_page``
    parses once for this and for template learning). ``result.choices`` lists every
    field's candidates. The parsed tree is read, never changed.
    """
    clock = time.process_time_ns
    timings = Counter() if timings is None else timings
    if profile is None:
        profile = detect_platform(html).profile
    sel = PageSelector(parsed if parsed is not None else parse_html(html, url))
    facts = PageFacts(sel, url, site_name=site_name, now=now, template=template, listing=listing)
    choices = Choices()
    base_href = sel.css("base::attr(href)").get()
    result = ExtractedArticle(url=url, platform=profile.name, section=section, site_name=site_name)
    fix = _Repairs()

    title, method, title_el = read_title(facts, profile, choices)
    if method:
        result.title, result.methods["title"] = squash(fix(title)), method
    if method == "heuristic":
        result.fallbacks.append("title")

    container, text_method, container_el = body_container(sel, profile, facts.layout, choices)
    result.methods["text"] = text_method
    result.images = images(container, urljoin(url, base_href) if base_href else url)
    lines = body_lines(container, fix, result.title, section, timings)
    if not lines and text_method != "heuristic":
        # Never empty where trafilatura alone finds text: its reading of the whole page.
        container_el = page_body(sel)
        lines = body_lines(pruned_copy(container_el, profile), fix, result.title, section, timings)
        text_method = result.methods["text"] = "heuristic"
        choices.accept("text", "the whole <body> (trafilatura): the container gave no text", None)
    if text_method != "platform":
        result.fallbacks.append("text")
    lines = trim_head(lines, result.title, facts, container_el, title_el, whole=text_method != "platform")
    lines = trim_template(trim_links(lines, facts, container_el), facts)
    if not sel.first(profile.lead, text_of):
        lead = [clean_text(fix(text)) for text in _missing_lead(facts, title_el, container_el, lines)]
        lines = [*lead, *(line for line in lines if line not in lead)]
    lines = with_lead(sel, profile, lines, fix)

    header = ArticleDates(facts, title_el).zone()
    author, method = read_author(facts, profile, lines, choices, header=header, container_el=container_el)
    if method:
        result.author, result.methods["author"] = squash(fix(author)), method
    result.conversions = sorted(fix.applied)
    result.text = "\n".join(lines)
    if result.text:
        started = clock()
        result.content_hash = content_hash(result.text)
        timings["hashing"] += clock() - started

    started = clock()
    first_line = lines[0] if lines else None
    result.published, method, result.warnings = read_published(facts, profile, title_el, first_line, choices)
    if method:
        result.methods["published"] = method
    if method in ("lead", "heuristic", "listing") and not profile.date_from_lead:
        result.fallbacks.append("published")
    timings["dates"] += clock() - started

    if not result.title:
        _trafilatura_title(html, result, facts, choices)
    result.section = _section(sel, profile, section, choices)
    result.canonical_url = canonical_url(sel, url)
    if not result.site_name:
        result.site_name = squash(sel.css("meta[property='og:site_name']::attr(content)").get()) or None
    _count_rejected(result, profile, choices)
    result.choices = choices.as_dict()
    return result


def _trafilatura_title(html: str, result: ExtractedArticle, facts: PageFacts, choices: Choices) -> None:
    """The title candidate of last resort, when none of ours passed: trafilatura's metadata.

    Checked like every other. Not for dates: on pages that print none, its date search
    takes the banner's or a related item's (published fell from 100 to 95 % on the
    randomised pages, benchmarks/QUALITY.md); and it is run only here, for its cost.
    """
    from trafilatura import extract_metadata  # imported when first needed (see body._trafilatura)

    meta = extract_metadata(html, default_url=facts.url)
    if meta is None or not meta.title:
        return
    problem = title_problem(facts, meta.title)
    if problem:
        choices.reject("title", "trafilatura's metadata", meta.title, problem)
        return
    choices.accept("title", "trafilatura's metadata", meta.title)
    result.title, result.methods["title"] = squash(meta.title), "trafilatura"
    result.fallbacks.append("title")


# Field of ``choices`` -> (profile attribute, fallback name counted as danvan/fallback/<name>).
_FIELDS = {"title": ("title", "title"), "published": ("published", "published"), "text": ("body", "text")}


def _count_rejected(result: ExtractedArticle, profile: PlatformProfile, choices: Choices) -> None:
    """A configured selector that matched but failed its check is a fallback, counted."""
    for name, (attr, fallback) in _FIELDS.items():
        selectors = {f"selector {css}" for css in configured(profile, attr)}
        lost = any(c.rejected and c.source in selectors for c in choices.fields.get(name, []))
        if lost and fallback not in result.fallbacks:
            result.fallbacks.append(fallback)
