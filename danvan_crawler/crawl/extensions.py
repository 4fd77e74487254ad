"""Run bookkeeping: a ``crawl_runs`` row per spider run and a ``failures`` row per failure."""

from __future__ import annotations

import logging

from scrapy import signals as scrapy_signals

from danvan_crawler.crawl import signals
from danvan_crawler.crawl.crawldb import close_database, database_for
from danvan_crawler.store.database import StorageError

logger = logging.getLogger(__name__)


def run_id_for(crawler) -> int | None:
    """The crawl_runs id of the crawler's current run (None before it opened)."""
    return getattr(crawler, "_danvan_run_id", None)


def run_summary(stats: dict) -> dict:
    """The figures a run reports, from Scrapy's stats dict."""
    return {
        "listing_pages": stats.get("danvan/listing_pages", 0),
        "article_pages": stats.get("danvan/article_pages", 0),
        "pages_fetched": stats.get("response_received_count", 0),
        "articles_new": stats.get("danvan/articles_new", 0),
        "articles_duplicate": stats.get("danvan/articles_duplicate", 0),
        "articles_updated": stats.get("danvan/articles_updated", 0),
        "articles_skipped_known": stats.get("danvan/articles_skipped_known", 0),
        "listing_not_modified": stats.get("danvan/listing_not_modified", 0),
        "failures": stats.get("danvan/failures", 0),
        "fallbacks": stats.get("danvan/fallbacks", 0) + stats.get("danvan/fallback/article_links", 0),
        "sections_empty": stats.get("danvan/sections_empty", 0),
    }


class RunRecorder:
    """Open a crawl_runs row when a spider opens, record failures, close the row with its stats."""

    def __init__(self, crawler):
        self.crawler = crawler
        crawler.signals.connect(self.spider_opened, signal=scrapy_signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=scrapy_signals.spider_closed)
        crawler.signals.connect(self.page_failed, signal=signals.page_failed)
        crawler.signals.connect(self.spider_error, signal=scrapy_signals.spider_error)
        crawler.signals.connect(self.item_error, signal=scrapy_signals.item_error)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def spider_opened(self, spider):
        db = database_for(self.crawler)
        self.crawler._danvan_run_id = db.begin_run(
            spider=spider.name, site=getattr(spider, "site", spider.name)
        )

    def page_failed(self, url, reason, detail, spider):
        database_for(self.crawler).record_failure(
            run_id=run_id_for(self.crawler),
            site=getattr(spider, "site", spider.name),
            url=url,
            reason=reason,
            detail=detail,
        )

    def spider_error(self, failure, response, spider):
        """A bug or surprise in a callback: counted and recorded, the crawl goes on."""
        stats = self.crawler.stats
        stats.inc_value("danvan/failures")
        stats.inc_value("danvan/failure/spider_error")
        detail = f"{type(failure.value).__name__}: {failure.value}"[:300]
        self.page_failed(response.url, "spider_error", detail, spider)

    def item_error(self, item, response, spider, failure):
        """A pipeline that raised (e.g. the database refused a write): counted and recorded."""
        stats = self.crawler.stats
        stats.inc_value("danvan/failures")
        stats.inc_value("danvan/failure/store_error")
        detail = f"{type(failure.value).__name__}: {failure.value}"[:300]
        url = getattr(item, "url", None) or (response.url if response is not None else "")
        try:
            self.page_failed(url, "store_error", detail, spider)
        except Exception:  # the database itself may be what failed; the stats still count it
            logger.exception("could not record a store error for %s", url)

    def spider_closed(self, spider, reason):
        run_id = run_id_for(self.crawler)
        save_state = getattr(spider, "save_crawl_state", None)
        if save_state is not None and reason == "finished":
            save_state(database_for(self.crawler), run_id)
        stats = self.crawler.stats.get_stats()
        summary = run_summary(stats)
        if run_id is not None:
            try:
                self._finish_run(run_id, reason, summary, stats)
            except StorageError as err:  # the database that stopped the crawl
                logger.error("could not record the end of run %s: %s", run_id, err)
        close_database(self.crawler)
        logger.info("run summary for %s: %s (%s)", spider.name, summary, reason)

    def _finish_run(self, run_id, reason, summary, stats) -> None:
        database_for(self.crawler).finish_run(
            run_id,
            finish_reason=reason,
            stats={
                **summary,
                "scrapy": {k: v for k, v in stats.items() if isinstance(v, (int, float, str))},
            },
        )
