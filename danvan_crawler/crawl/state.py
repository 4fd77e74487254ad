"""What an incremental run knows before it starts, and what it learns for the next one.

Rules (``docs/scheduling.md`` explains them for operators):

* an article URL already stored (in canonical form) is not requested again, unless the
  article was published within ``DANVAN_RECENT_DAYS``: those are re-fetched every run,
  whatever the listings say, so edits are caught;
* listing pages are always requested, conditionally (ETag / Last-Modified) once a
  finished run has walked the section to its end;
* a section stops paging at the first listing page with no new article URL, but only
  if a finished run walked it to the end before: a killed run's section is walked
  again in full, so the next run completes it;
* ``full=True`` (``danvan crawl --full``) ignores the stop rule and the validators.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from danvan_crawler.extract.dates import VN_TZ
from danvan_crawler.extract.urls import canonical_url


@dataclass
class CrawlState:
    """A site's crawl state: loaded from the database at start, saved when a run finishes."""

    recent_days: int
    full: bool = False
    known: dict[str, str | None] = field(default_factory=dict)
    complete_sections: set[str] = field(default_factory=set)
    validators: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    recent_urls: list[str] = field(default_factory=list)
    today: date = field(default_factory=lambda: datetime.now(VN_TZ).date())
    # Learned during this run.
    ended_sections: set[str] = field(default_factory=set)
    new_validators: dict[str, dict[str, tuple[str | None, str | None]]] = field(default_factory=dict)

    @classmethod
    def load(cls, db, site: str, *, recent_days: int, full: bool) -> CrawlState:
        """The state stored for ``site``."""
        since = (datetime.now(VN_TZ).date() - timedelta(days=recent_days)).isoformat()
        return cls(
            known=db.known_articles(site),
            recent_urls=db.recent_article_urls(site, since),
            complete_sections=db.complete_sections(site),
            validators=db.listing_validators(site),
            recent_days=recent_days,
            full=full,
        )

    def classify(self, url: str) -> str:
        """``new`` (never stored), ``recent`` (stored, re-fetch for edits) or ``known`` (skip)."""
        key = canonical_url(url)
        if key not in self.known:
            return "new"
        published = self.known[key]
        if self.full:
            return "recent"
        if published:
            try:
                day = date.fromisoformat(published[:10])
            except ValueError:
                return "known"
            if day >= self.today - timedelta(days=self.recent_days):
                return "recent"
        return "known"

    def walked_before(self, section_url: str) -> bool:
        """Whether a finished run walked this section to its end (the stop rule may apply)."""
        return not self.full and section_url in self.complete_sections

    def conditional_headers(self, section_url: str, listing_url: str) -> dict[str, str]:
        """If-None-Match / If-Modified-Since for a listing page, when we may trust them."""
        if not self.walked_before(section_url):
            return {}
        etag, modified = self.validators.get(listing_url, (None, None))
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        return headers

    def remember_listing(self, section_url: str, listing_url: str, etag, modified) -> None:
        """Validators of a listing page fetched in full this run."""
        if etag or modified:
            self.new_validators.setdefault(section_url, {})[listing_url] = (etag, modified)

    def ended(self, section_url: str) -> None:
        """This run walked the section as far as it needs to."""
        self.ended_sections.add(section_url)

    def to_save(self) -> tuple[set[str], dict[str, tuple[str | None, str | None]]]:
        """(sections walked to the end, their listing validators) for the database."""
        validators: dict[str, tuple[str | None, str | None]] = {}
        for section_url in self.ended_sections:
            validators.update(self.new_validators.get(section_url, {}))
        return set(self.ended_sections), validators
