"""One context per crawl, shared by the spider, the pipelines and the middlewares.

It owns the run's database handle and ``crawl_runs`` row, the site's crawl state (loaded
when the spider opens, saved when a run finishes) and the one way to record a failure.
Components get it with ``CrawlContext.of(crawler)`` once the extensions are built: in
their ``from_crawler`` (pipelines, middlewares) or, for the spider, from ``start()`` on.
"""

from __future__ import annotations

import logging
import sqlite3

from scrapy import signals

from danvan_crawler.crawl.config import CrawlConfig
from danvan_crawler.crawl.counters import RunCounters, run_stats
from danvan_crawler.crawl.state import CrawlState
from danvan_crawler.store.database import Database, StorageError
from danvan_crawler.store.tags import load_rules

logger = logging.getLogger(__name__)


def _one_line(failure) -> str:
    return f"{type(failure.value).__name__}: {failure.value}"[:300]


class CrawlContext:
    """A Scrapy extension: the crawl's database, run, crawl state, failures and counters."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.config = CrawlConfig.from_settings(crawler.settings)
        self.run_id: int | None = None
        # Replaced by the stored state when the spider opens, if the crawl is incremental.
        self.state = CrawlState(recent_days=self.config.recent_days, full=True)
        self._db: Database | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.spider_error, signal=signals.spider_error)
        crawler.signals.connect(self.item_error, signal=signals.item_error)

    @classmethod
    def from_crawler(cls, crawler) -> CrawlContext:
        return cls(crawler)

    @staticmethod
    def of(crawler) -> CrawlContext:
        """The crawler's context."""
        context = crawler.get_extension(CrawlContext)
        if context is None:
            raise RuntimeError("CrawlContext is not in the EXTENSIONS setting")
        return context

    @property
    def db(self) -> Database:
        """The database of this crawl (``DANVAN_DB``), opened on first use."""
        if self._db is None:
            self._db = Database(
                self.config.db_path,
                tag_rules=load_rules(self.config.tag_rules),
                near_dup_candidates=self.config.near_dup_candidates,
                shared=True,  # with the other sites this process crawls (store/database.py)
            )
        return self._db

    @property
    def site(self) -> str:
        spider = self.crawler.spider
        return getattr(spider, "site", spider.name)

    @property
    def counters(self) -> RunCounters:
        """What the run did so far."""
        return RunCounters.from_stats(self.crawler.stats.get_stats())

    def spider_opened(self, spider) -> None:
        """Open the run's ``crawl_runs`` row and load what earlier runs learned about the site."""
        self.run_id = self.db.begin_run(spider=spider.name, site=self.site)
        if self.config.incremental:
            self.state = CrawlState.load(
                self.db, self.site, recent_days=self.config.recent_days, full=self.config.full
            )

    def record_failure(self, url: str, reason: str, detail: str = "") -> None:
        """A page that could not become an article: counted, logged and written with its cause."""
        self.crawler.stats.inc_value("danvan/failures")
        self.crawler.stats.inc_value(f"danvan/failure/{reason}")
        logger.warning("failed %s: %s %s", url, reason, detail)
        try:
            self.db.record_failure(run_id=self.run_id, site=self.site, url=url, reason=reason, detail=detail)
        except (StorageError, sqlite3.DatabaseError):  # the database may be what failed; it is counted
            logger.exception("could not record the failure of %s", url)

    def spider_error(self, failure, response, spider) -> None:
        """A bug or surprise in a callback: recorded, the crawl goes on."""
        self.record_failure(response.url, "spider_error", _one_line(failure))

    def item_error(self, item, response, spider, failure) -> None:
        """A pipeline that raised (e.g. the database refused a write): recorded."""
        url = getattr(item, "url", None) or (response.url if response is not None else "")
        self.record_failure(url, "store_error", _one_line(failure))

    def spider_closed(self, spider, reason) -> None:
        """Save what a finished run learned, close its row with its counters, close the database."""
        stats = run_stats(self.crawler.stats.get_stats())
        try:
            if reason == "finished":
                complete, validators = self.state.to_save()
                self.db.save_crawl_state(
                    self.site, run_id=self.run_id, complete_sections=complete, validators=validators
                )
            if self.run_id is not None:
                self.db.finish_run(self.run_id, finish_reason=reason, stats=stats)
        except StorageError as err:  # the database that stopped the crawl
            logger.error("could not record the end of run %s: %s", self.run_id, err)
        finally:
            if self._db is not None:
                self._db.close()
                self._db = None
        logger.info("run summary for %s: %s (%s)", spider.name, self.counters.summary(), reason)
