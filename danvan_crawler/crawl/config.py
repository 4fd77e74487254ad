"""The crawl's own ``DANVAN_*`` settings, read in this one place (defaults: settings.py)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CrawlConfig:
    """What the crawl's components need from Scrapy's settings, typed."""

    db_path: str
    min_text_chars: int
    incremental: bool
    recent_days: int
    full: bool
    max_pages: int | None
    tls_security_level: int | None
    tag_rules: str | None
    near_dup_candidates: int
    http_proxy: str | None
    sites_at_once: int
    heartbeat: float
    store_batch: int
    store_batch_seconds: float

    @classmethod
    def from_settings(cls, settings) -> CrawlConfig:
        """The ``DANVAN_*`` values of a Scrapy Settings object."""
        level = settings.get("DANVAN_TLS_SECLEVEL")
        return cls(
            db_path=settings.get("DANVAN_DB"),
            min_text_chars=settings.getint("DANVAN_MIN_TEXT_CHARS"),
            incremental=settings.getbool("DANVAN_INCREMENTAL"),
            recent_days=settings.getint("DANVAN_RECENT_DAYS"),
            full=settings.getbool("DANVAN_FULL"),
            max_pages=settings.getint("DANVAN_MAX_PAGES") or None,
            tls_security_level=None if level in (None, "") else int(level),
            tag_rules=settings.get("DANVAN_TAG_RULES") or None,
            near_dup_candidates=settings.getint("DANVAN_NEAR_DUP_CANDIDATES"),
            http_proxy=settings.get("DANVAN_HTTP_PROXY") or None,
            sites_at_once=max(1, settings.getint("DANVAN_SITES_AT_ONCE")),
            heartbeat=max(0.1, settings.getfloat("DANVAN_HEARTBEAT")),
            store_batch=max(1, settings.getint("DANVAN_STORE_BATCH")),
            store_batch_seconds=max(0.0, settings.getfloat("DANVAN_STORE_BATCH_SECONDS")),
        )
