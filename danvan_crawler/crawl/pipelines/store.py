"""Write articles to SQLite: a new text becomes a row, a known text adds its URL."""

from __future__ import annotations

import logging
import time
from dataclasses import asdict

from scrapy.exceptions import DropItem
from scrapy.utils.defer import maybe_deferred_to_future

from danvan_crawler.crawl.context import CrawlContext
from danvan_crawler.crawl.write_batch import WRITE_ERRORS, batch_for

logger = logging.getLogger(__name__)


class StorePipeline:
    """Store each article (in the process's write batches) and count new, duplicate and updated."""

    def __init__(self, crawler, context: CrawlContext):
        self.crawler = crawler
        self.context = context
        self.lock_wait_ns = 0  # this site's articles' shares of their batches' lock waits

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

    async def process_item(self, item, spider=None):
        db, stats = self.context.db, self.crawler.stats
        started = time.process_time_ns()
        # Tags and fingerprint now; the write in the process's next batch (crawl/write_batch.py).
        article = db.prepare_article(asdict(item), run_id=self.context.run_id)
        stats.inc_value("danvan/cpu_ns/storage", time.process_time_ns() - started)
        config = self.context.config
        batch = batch_for(db, config.store_batch, config.store_batch_seconds)
        done = batch.add(db, article)
        if not done.called and _nothing_left_to_fetch(self.crawler):
            # The site's last articles: written now rather than after the batch's seconds,
            # which would keep the site (and, at the end, the crawl) waiting.
            batch.write()
        try:
            written = await maybe_deferred_to_future(done)
        except WRITE_ERRORS as err:
            # Disk full, read-only, corrupt: every later write would fail too. The
            # transaction was rolled back; stop this site's crawl and say why.
            self._stop(str(err))
            raise DropItem(f"{item.url}: not stored: {err}") from None
        stats.inc_value(f"danvan/articles_{written.outcome}")
        if written.alone:  # its batch was refused (another article's error): a fallback, counted
            stats.inc_value("danvan/store_batch_refused")
        stats.inc_value("danvan/cpu_ns/storage", written.cpu_ns)
        # Time blocked behind another process's write (crawl --jobs N): long waits mean
        # the processes contend for the database more than they crawl.
        # Summed in nanoseconds: an article's share of its batch's wait is often under 1 ms.
        self.lock_wait_ns += written.lock_wait_ns
        stats.set_value("danvan/db_lock_wait_ms", self.lock_wait_ns // 1_000_000)
        # Articles with more near-duplicate candidates than DANVAN_NEAR_DUP_CANDIDATES.
        if article.near.capped:
            stats.inc_value("danvan/near_dup_capped")
        return item


def _nothing_left_to_fetch(crawler) -> bool:
    """Whether the crawler has no request waiting or downloading: no more pages will come."""
    # Scrapy's spider_is_idle() says no while this item is in the pipeline; these are the
    # other parts it checks. Private in Scrapy 2.19: on an engine without them, the batch's
    # timer alone writes it.
    engine = crawler.engine
    try:
        return (
            not engine.downloader.active
            and engine._start is None
            and not engine._slot.scheduler.has_pending_requests()
        )
    except AttributeError:
        return False
