"""What a spider run did, from Scrapy's stats, and the one verdict on a site's run.

The same figures are stored with the run (``crawl_runs``), printed by ``danvan crawl``
and read back by ``danvan health`` and ``danvan check``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields

FAILURE = "danvan/failure/"
# The columns of the per-site summary table: header -> counter.
SUMMARY_COLUMNS = {
    "listing": "listing_pages",
    "articles": "article_pages",
    "new": "articles_new",
    "dup": "articles_duplicate",
    "updated": "articles_updated",
    "known": "articles_skipped_known",
    "failed": "failures",
    "fallbk": "fallbacks",
}


@dataclass
class RunCounters:
    """One run's counters; ``failure_reasons`` counts failures by reason."""

    listing_pages: int = 0
    article_pages: int = 0
    pages_fetched: int = 0
    articles_new: int = 0
    articles_duplicate: int = 0
    articles_updated: int = 0
    articles_skipped_known: int = 0
    listing_not_modified: int = 0
    failures: int = 0
    fallbacks: int = 0
    sections_empty: int = 0
    # Sections whose first listing page could not be fetched (that failure is counted, not this).
    sections_unreachable: int = 0
    failure_reasons: dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_stats(cls, stats: dict) -> RunCounters:
        """The counters in a Scrapy stats dict (``danvan/*`` keys and Scrapy's own)."""
        names = [f.name for f in fields(cls) if f.name != "failure_reasons"]
        figures = {name: stats.get(f"danvan/{name}", 0) for name in names}
        figures["pages_fetched"] = stats.get("response_received_count", 0)
        # Article-link heuristics are a fallback of the listing, counted apart from the article's.
        figures["fallbacks"] += stats.get("danvan/fallback/article_links", 0)
        reasons = {key.removeprefix(FAILURE): n for key, n in stats.items() if key.startswith(FAILURE)}
        return cls(**figures, failure_reasons=reasons)

    @classmethod
    def from_stored(cls, stats_json: str | None) -> RunCounters:
        """The counters of a run from its ``crawl_runs.stats`` (written from ``run_stats``)."""
        return cls.from_stats(json.loads(stats_json or "{}").get("scrapy", {}))

    def summary(self) -> dict[str, int]:
        """The figures stored with the run (``crawl_runs`` columns and its stats JSON)."""
        figures = asdict(self)
        del figures["failure_reasons"]
        return figures

    def describe(self) -> str:
        """One line for the progress of a crawl."""
        return (
            f"{self.articles_new} new, {self.articles_duplicate} duplicate, {self.articles_updated} updated, "
            f"{self.articles_skipped_known} known, {self.failures} failures"
        )

    @property
    def articles_seen(self) -> int:
        """Article links that led somewhere: stored, duplicate, updated or already known."""
        return (
            self.articles_new + self.articles_duplicate + self.articles_updated + self.articles_skipped_known
        )

    @property
    def found_nothing(self) -> bool:
        """A section yielded no link, or no article link led anywhere and no listing was unchanged."""
        return bool(self.sections_empty or self.sections_unreachable) or (
            self.articles_seen == 0 and self.listing_not_modified == 0
        )

    def problems(self, finish_reason: str) -> list[str]:
        """Why this run counts as failed; empty when it is fine."""
        problems = []
        if finish_reason != "finished":
            problems.append(f"run ended: {finish_reason}")
        if self.sections_unreachable:
            problems.append(f"{self.sections_unreachable} section(s) could not be fetched")
        if self.sections_empty:
            problems.append(f"{self.sections_empty} section(s) yielded nothing")
        elif self.found_nothing and not self.sections_unreachable:
            problems.append("no articles")
        if self.failure_reasons and self.articles_seen == 0:
            problems.append(", ".join(f"{k} x{v}" for k, v in sorted(self.failure_reasons.items())))
        return problems


@dataclass
class SiteResult:
    """What one spider's run did, for the summary table and the exit code."""

    spider: str
    finish_reason: str = "not run"
    seconds: float = 0.0
    counters: RunCounters = field(default_factory=RunCounters)
    error: str = ""  # why the run was stopped (the database's message), if it was

    @classmethod
    def from_stats(cls, spider: str, stats: dict, finish_reason: str, seconds: float) -> SiteResult:
        """A finished run's result from its Scrapy stats."""
        return cls(
            spider=spider,
            finish_reason=finish_reason,
            seconds=round(seconds, 1),
            counters=RunCounters.from_stats(stats),
            error=str(stats.get("danvan/storage_error") or ""),
        )

    @classmethod
    def from_dict(cls, data: dict) -> SiteResult:
        """The inverse of ``dataclasses.asdict`` (results sent by a child process)."""
        return cls(**{**data, "counters": RunCounters(**data["counters"])})

    @property
    def problems(self) -> list[str]:
        """Why this site counts as failed; empty when it is fine."""
        return self.counters.problems(self.finish_reason)

    @property
    def ok(self) -> bool:
        return not self.problems


def run_stats(stats: dict) -> dict:
    """What a run stores as ``crawl_runs.stats``: its counters and Scrapy's own figures."""
    scrapy_stats = {k: v for k, v in stats.items() if isinstance(v, (int, float, str))}
    return {**RunCounters.from_stats(stats).summary(), "scrapy": scrapy_stats}
