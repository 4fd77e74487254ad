"""`danvan check`: one spider over a few listing pages, and how well its fields come out.

The canary an operator runs after adding a portal and on a schedule: a layout change on
the live site shows up as a coverage drop or a fallback jump here the day it happens.
The thresholds below are the documented ones (docs/adding-a-portal.md).
"""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from danvan_crawler.crawl.counters import RunCounters
from danvan_crawler.extract.fetch import FetchError
from danvan_crawler.extract.page import PageFailure, decode_page
from danvan_crawler.extract.source import load_source
from danvan_crawler.extract.urls import rebase
from danvan_crawler.store import queries
from danvan_crawler.store.database import Database

# (share of articles with a title, with a date, with >= MIN_TEXT characters of text),
# at most MAX_FALLBACK_RATE of articles needing a heuristic, failures at most
# MAX_FAILURE_RATE of the pages fetched, and a median text of at least MIN_MEDIAN_TEXT.
MIN_TITLE = 0.95
MIN_PUBLISHED = 0.90
MIN_TEXT = 80
MIN_TEXT_SHARE = 0.90
MIN_MEDIAN_TEXT = 300
MAX_FALLBACK_RATE = 0.10
MAX_FAILURE_RATE = 0.10


@dataclass
class Coverage:
    spider: str
    articles: int = 0
    title: float = 0.0
    published: float = 0.0
    author: float = 0.0
    text_share: float = 0.0
    median_text: int = 0
    fallback_rate: float = 0.0
    fallbacks: dict[str, int] = field(default_factory=dict)
    run: RunCounters = field(default_factory=RunCounters)  # the check's crawl run

    def problems(self) -> list[str]:
        """Every threshold this run misses, as a short phrase."""
        out = []
        if self.articles == 0:
            return ["no article extracted"]
        if self.title < MIN_TITLE:
            out.append(f"title {self.title:.0%} < {MIN_TITLE:.0%}")
        if self.published < MIN_PUBLISHED:
            out.append(f"published {self.published:.0%} < {MIN_PUBLISHED:.0%}")
        if self.text_share < MIN_TEXT_SHARE:
            out.append(f"text >= {MIN_TEXT} chars {self.text_share:.0%} < {MIN_TEXT_SHARE:.0%}")
        if self.median_text < MIN_MEDIAN_TEXT:
            out.append(f"median text {self.median_text} < {MIN_MEDIAN_TEXT} chars")
        if self.fallback_rate > MAX_FALLBACK_RATE:
            out.append(f"fallbacks {self.fallback_rate:.0%} > {MAX_FALLBACK_RATE:.0%}")
        run = self.run
        if run.pages_fetched and run.failures / run.pages_fetched > MAX_FAILURE_RATE:
            out.append(f"failures {run.failures}/{run.pages_fetched} pages > {MAX_FAILURE_RATE:.0%}")
        return out

    def table(self) -> str:
        def mark(ok: bool | None) -> str:
            return "" if ok is None else ("ok" if ok else "LOW")

        fallback_detail = ", ".join(f"{k} {v}" for k, v in sorted(self.fallbacks.items())) or "-"
        run = self.run
        failure_detail = ", ".join(f"{k} {v}" for k, v in sorted(run.failure_reasons.items())) or "-"
        failure_rate = run.failures / run.pages_fetched if run.pages_fetched else 0.0
        rows = [
            ("field", "coverage", "threshold", "", "detail"),
            ("title", f"{self.title:.0%}", f">= {MIN_TITLE:.0%}", mark(self.title >= MIN_TITLE), ""),
            (
                "published",
                f"{self.published:.0%}",
                f">= {MIN_PUBLISHED:.0%}",
                mark(self.published >= MIN_PUBLISHED),
                "",
            ),
            ("author", f"{self.author:.0%}", "-", "", "not every portal prints a byline"),
            (
                f"text >= {MIN_TEXT}",
                f"{self.text_share:.0%}",
                f">= {MIN_TEXT_SHARE:.0%}",
                mark(self.text_share >= MIN_TEXT_SHARE),
                f"median {self.median_text} chars (>= {MIN_MEDIAN_TEXT})",
            ),
            (
                "fallbacks",
                f"{self.fallback_rate:.0%}",
                f"<= {MAX_FALLBACK_RATE:.0%}",
                mark(self.fallback_rate <= MAX_FALLBACK_RATE),
                fallback_detail,
            ),
            (
                "failures",
                f"{failure_rate:.0%}",
                f"<= {MAX_FAILURE_RATE:.0%}",
                mark(failure_rate <= MAX_FAILURE_RATE),
                f"{run.failures} of {run.pages_fetched} pages: {failure_detail}",
            ),
        ]
        widths = [max(len(str(r[i])) for r in rows) for i in range(4)]
        lines = [
            "  ".join(str(c).ljust(w) for c, w in zip(r[:4], widths, strict=True)) + "  " + r[4] for r in rows
        ]
        return "\n".join(line.rstrip() for line in lines)


def check_first_section(spider_cls, base_url: str | None = None) -> None:
    """PageFailure when the spider's first section page is no HTML page (a PDF, binary, empty).

    Run before the check's crawl, which would count such a page as one failure among others;
    a page that cannot be fetched at all is left to the crawl to report.
    """
    url = next(iter(spider_cls.sections.values()), None)
    if url is None:
        return
    url = rebase(url, base_url) if base_url else url
    try:
        page = load_source(url, kind="section")
        decode_page(page.body, page.content_type, kind="section")
    except FetchError:
        return
    except PageFailure as failure:
        raise PageFailure(failure.reason, f"{url}: {failure.detail}") from None


def coverage_from_db(db_path: str | Path, spider: str) -> Coverage:
    """Field coverage of the articles one run stored in a fresh database."""
    with Database(db_path, readonly=True) as db:
        rows = queries.spider_articles(db.conn, spider)
        run = RunCounters.from_stored(queries.last_run_stats(db.conn, spider))
    cov = Coverage(spider=spider, articles=len(rows), run=run)
    if not rows:
        return cov
    n = len(rows)
    cov.title = sum(bool(r[0]) for r in rows) / n
    cov.published = sum(bool(r[1]) for r in rows) / n
    cov.author = sum(bool(r[2]) for r in rows) / n
    lengths = [len(r[3] or "") for r in rows]
    cov.text_share = sum(length >= MIN_TEXT for length in lengths) / n
    cov.median_text = int(statistics.median(lengths))
    with_fallback = 0
    for r in rows:
        fallbacks = json.loads(r[4] or "{}").get("fallbacks") or []
        with_fallback += bool(fallbacks)
        for name in fallbacks:
            cov.fallbacks[name] = cov.fallbacks.get(name, 0) + 1
    cov.fallback_rate = with_fallback / n
    return cov
