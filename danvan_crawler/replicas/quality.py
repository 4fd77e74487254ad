"""Extraction quality on randomised pages: per-field accuracy of our readers and of trafilatura alone.

Used by ``benchmarks/quality.py`` (the figures in benchmarks/QUALITY.md) and by the
quality gate in ``tests/test_quality.py``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import trafilatura

from danvan_crawler.extract.article import extract_article
from danvan_crawler.extract.detect import detect_platform
from danvan_crawler.extract.listing import read_listing
from danvan_crawler.extract.profiles import PlatformProfile, get_profile
from danvan_crawler.replicas.randomise import RandomPage, article_page, listing_page, seeds

ARTICLE_FIELDS = ["title", "published", "body_start", "body_end", "chrome_leaks", "byline"]
LISTING_FIELDS = ["link_precision", "link_recall", "next_page"]
ARTICLE_READERS = ["ours_generic", "ours_detect", "trafilatura"]
LISTING_READERS = ["ours_generic", "ours_detect"]

_SPACES = re.compile(r"\s+")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "\xa0": " "})
_CREDIT = re.compile(r"^(?:tin,? ảnh|bài,? ảnh|tin và ảnh|bài và ảnh|tin|ảnh|bài|theo|nguồn)\s*:?\s+")


@dataclass
class Reading:
    """The fields one reader found on an article page."""

    title: str | None
    published: str | None
    author: str | None
    text: str


@dataclass
class Check:
    """One field checked on one page: ``hits`` of ``checks`` right, with what was expected and found."""

    field: str
    hits: int
    checks: int
    seed: int
    layout: dict
    expected: object = None
    got: object = None


@dataclass
class Tally:
    """Every check of one reader over a set of pages."""

    results: list[Check] = field(default_factory=list)

    def add(self, name: str, page: RandomPage, ok: bool, expected, got, *, checks=1, hits=None) -> None:
        """Record ``checks`` checks of field ``name`` on ``page``, ``hits`` right (all or none, by ``ok``)."""
        hits = hits if hits is not None else checks if ok else 0
        self.results.append(Check(name, hits, checks, page.seed, page.layout, expected, got))

    def percent(self, name: str, key: str | None = None, value: object = None) -> float | None:
        """Hits of field ``name`` in percent of its checks (on pages whose layout ``key`` is ``value``)."""
        rows = [r for r in self.results if r.field == name and (key is None or r.layout.get(key) == value)]
        checks = sum(r.checks for r in rows)
        return round(100.0 * sum(r.hits for r in rows) / checks, 1) if checks else None

    def misses(self, name: str) -> list[Check]:
        """The checks of ``name`` that were not all right (for chrome: that leaked)."""
        bad = (lambda r: r.hits > 0) if name == "chrome_leaks" else (lambda r: r.hits < r.checks)
        return [r for r in self.results if r.field == name and bad(r)]

    def breakdown(self, name: str, key: str) -> dict[str, tuple[float | None, int]]:
        """{layout value: (percent, pages)} of field ``name`` split by the layout choice ``key``."""
        values = sorted({str(r.layout.get(key)) for r in self.results if r.field == name})
        out = {}
        for value in values:
            rows = [r for r in self.results if r.field == name and str(r.layout.get(key)) == value]
            checks = sum(r.checks for r in rows)
            out[value] = (round(100.0 * sum(r.hits for r in rows) / checks, 1) if checks else None, len(rows))
        return out


def norm(text: str | None) -> str:
    """Comparison form: NFC, one kind of quote and dash, single spaces, casefolded."""
    text = unicodedata.normalize("NFC", text or "").translate(_QUOTES)
    return _SPACES.sub(" ", text).strip().casefold()


def norm_author(text: str | None) -> str:
    """An author compared without a credit prefix ("Tin, ảnh:", "Theo") or a final full stop."""
    return _CREDIT.sub("", norm(text).rstrip(". ")).strip()


def read_ours(profile: PlatformProfile | None) -> Callable[[RandomPage], Reading]:
    """Our extractor with a fixed profile, or with platform detection when ``profile`` is None."""

    def read(page: RandomPage) -> Reading:
        got = extract_article(page.html, page.url, profile=profile)
        return Reading(got.title, got.published, got.author, got.text)

    return read


def read_trafilatura(page: RandomPage) -> Reading:
    """trafilatura alone, with its metadata (title, date, author) and main text."""
    raw = trafilatura.extract(page.html, url=page.url, output_format="json", with_metadata=True)
    data = json.loads(raw) if raw else {}
    return Reading(data.get("title"), data.get("date"), data.get("author"), data.get("text") or "")


def article_readers() -> dict[str, Callable[[RandomPage], Reading]]:
    """Reader name -> reader, in the table's column order."""
    return {
        "ours_generic": read_ours(get_profile("generic")),
        "ours_detect": read_ours(None),
        "trafilatura": read_trafilatura,
    }


def score_article(page: RandomPage, got: Reading, tally: Tally) -> None:
    """Add one page's checks to ``tally``."""
    gold = page.gold
    text = norm(got.text)
    published = (got.published or "")[:10] or None
    tally.add("title", page, norm(got.title) == norm(gold.title), gold.title, got.title)
    tally.add("published", page, published == gold.published, gold.published, got.published)
    first, last = norm(gold.body_first), norm(gold.body_last)
    tally.add("body_start", page, text.startswith(first), gold.body_first[:80], got.text[:80])
    tally.add("body_end", page, text.endswith(last), gold.body_last[-80:], got.text[-80:])
    tally.add("byline", page, norm_author(got.author) == norm_author(gold.author), gold.author, got.author)
    leaked = [c for c in gold.chrome if norm(c) in text]
    # Counted as hits so that the figure is the share of chrome checks that leaked: lower is better.
    tally.add("chrome_leaks", page, not leaked, [], leaked, checks=len(gold.chrome), hits=len(leaked))


def score_listing(page: RandomPage, profile: PlatformProfile | None, tally: Tally) -> None:
    """Add one listing page's link precision/recall and next-page checks to ``tally``.

    The page is read as the crawl reads it (``read_listing``, which PortalSpider calls).
    """
    profile = profile or detect_platform(page.html).profile
    result = read_listing(page.html, page.url, profile, page_number=int(page.layout["page"]))
    links, following = result.article_links, result.next_page
    gold = page.gold
    wanted = set(gold.article_links)
    hits = len(wanted & set(links))
    extra = [link for link in links if link not in wanted]
    missed = [link for link in gold.article_links if link not in set(links)]
    tally.add("link_precision", page, not extra, [], extra, checks=len(links), hits=hits)
    tally.add("link_recall", page, not missed, missed, [], checks=len(wanted), hits=hits)
    tally.add("next_page", page, following == gold.next_page, gold.next_page, following)


def run(
    articles: int = 200,
    listings: int = 50,
    split: str = "test",
    today: date | None = None,
    readers: tuple[str, ...] = tuple(ARTICLE_READERS),
) -> dict:
    """Score ``readers`` on the first ``articles``/``listings`` seeds of ``split``.

    Returns {"articles": {reader: Tally}, "listings": {reader: Tally}}.
    """
    article_pages = [article_page(s, today) for s in seeds(split, articles)]
    listing_pages = [listing_page(s, today) for s in seeds(split, listings)]
    results: dict[str, dict[str, Tally]] = {"articles": {}, "listings": {}}
    for name, reader in article_readers().items():
        if name not in readers:
            continue
        tally = results["articles"][name] = Tally()
        for page in article_pages:
            score_article(page, reader(page), tally)
    for name, profile in (("ours_generic", get_profile("generic")), ("ours_detect", None)):
        tally = results["listings"][name] = Tally()
        for page in listing_pages:
            score_listing(page, profile, tally)
    return results


def figures(results: dict) -> dict[str, dict[str, float | None]]:
    """{field: {reader: percent}} for every article and listing field."""
    table: dict[str, dict[str, float | None]] = {}
    for kind, fields in (("articles", ARTICLE_FIELDS), ("listings", LISTING_FIELDS)):
        for name in fields:
            table[name] = {reader: tally.percent(name) for reader, tally in results[kind].items()}
    return table


def format_table(table: dict[str, dict[str, float | None]]) -> str:
    """The figures as a Markdown table, one row per field."""
    lines = [
        "| field | ours, generic profile | ours, platform detection | trafilatura alone |",
        "|---|--:|--:|--:|",
    ]
    for name, row in table.items():
        cells = [row.get(reader) for reader in ARTICLE_READERS]
        shown = ["—" if value is None else f"{value:.1f}" for value in cells]
        lines.append(f"| {name} | " + " | ".join(shown) + " |")
    return "\n".join(lines)
