"""Write articles to SQLite: a new text becomes a row, a known text adds its URL."""

from __future__ import annotations

import logging
import sqlite3
import time
from dataclasses import asdict

from scrapy.exceptions import DropItem

from danvan_crawler.crawl.context import CrawlContext
from danvan_crawler.store.database import StorageError

logger = logging.getLogger(__name__)


class StorePipeline:
    """Store each article through ``Database.store_article`` and count new and duplicate."""

    def __init__(self, crawler, context: CrawlContext):
        self.crawler = crawler
        self.context = context

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler, CrawlContext.of(crawler))

    def _stop(self, message: str) -> None:
        stats = self.crawler.stats
        if stats.get_value("danvan/storage_error"):
            return
        stats.set_value("danvan/storage_error", message)
        logger.error("stopping: the database refused a write: %s", message)
        engine = self.crawler.engine
        if hasattr(engine, "close_spider_async"):  # Scrapy >= 2.14
            from scrapy.utils.defer import deferred_from_coro

            deferred_from_coro(engine.close_spider_async(reason="storage_error"))
        else:
            engine.close_spider(self.crawler.spider, "storage_error")

    def process_item(self, item, spider=None):
        db = self.context.db
        started, waited, capped = time.process_time_ns(), db.lock_wait_ns, db.near_dup_capped
        try:
            outcome = db.store_article(asdict(item), run_id=self.context.run_id)
        except (StorageError, sqlite3.DatabaseError) as err:
            # Disk full, read-only, corrupt: every later write would fail too. The
            # transaction was rolled back; stop this site's crawl and say why.
            self._stop(str(err))
            raise DropItem(f"{item.url}: not stored: {err}") from None
        self.crawler.stats.inc_value(f"danvan/articles_{outcome}")
        self.crawler.stats.inc_value("danvan/cpu_ns/storage", time.process_time_ns() - started)
        # Time blocked behind another process's write (crawl --jobs N): long waits mean
        # the processes contend for the database more than they crawl.
        self.crawler.stats.inc_value("danvan/db_lock_wait_ms", (db.lock_wait_ns - waited) // 1_000_000)
        # Articles with more near-duplicate candidates than DANVAN_NEAR_DUP_CANDIDATES.
        if db.near_dup_capped > capped:
            self.crawler.stats.inc_value("danvan/near_dup_capped")
        return item
