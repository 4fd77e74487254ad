"""Write articles to SQLite: a new text becomes a row, a known text adds its URL."""

from __future__ import annotations

import logging
import os
import signal
import sqlite3
import time
from dataclasses import asdict

from scrapy.exceptions import DropItem

from danvan_crawler.crawl.crawldb import database_for
from danvan_crawler.crawl.extensions import run_id_for
from danvan_crawler.store.database import StorageError

logger = logging.getLogger(__name__)


class StorePipeline:
    """Store each article through ``Database.store_article`` and count new and duplicate.

    ``DANVAN_FAULT_KILL_IN_WRITE = N`` (tests only) kills the process with SIGKILL inside
    the N-th article's write transaction, to prove a killed crawl leaves no half row.
    """

    def __init__(self, crawler):
        self.crawler = crawler
        self.kill_at = crawler.settings.getint("DANVAN_FAULT_KILL_IN_WRITE", 0)
        self.writes = 0

    def _fault(self) -> None:
        self.writes += 1
        if self.writes == self.kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

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
        db = database_for(self.crawler)
        started, waited = time.process_time_ns(), db.lock_wait_ns
        try:
            outcome = db.store_article(
                asdict(item),
                run_id=run_id_for(self.crawler),
                before_commit=self._fault if self.kill_at else None,
            )
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
        return item
