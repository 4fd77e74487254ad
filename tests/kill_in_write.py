"""Test-only extension: SIGKILL the crawl inside the N-th article write transaction.

Registered by tests/test_kill.py through the EXTENSIONS setting, with ``KILL_IN_WRITE = N``;
it proves a crawl killed mid-write leaves no half row.
"""

from __future__ import annotations

import os
import signal

from scrapy import signals

from danvan_crawler.crawl.context import CrawlContext

# The last statement of every article write, before its COMMIT.
LAST_WRITE_STATEMENT = "insert or ignore into article_urls"


class KillInWrite:
    """Count article writes as SQLite runs them; kill the process at the N-th, uncommitted."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.kill_at = crawler.settings.getint("KILL_IN_WRITE")
        self.writes = 0
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def spider_opened(self, spider) -> None:
        CrawlContext.of(self.crawler).db.conn.set_trace_callback(self.statement)

    def statement(self, sql: str) -> None:
        if sql.lstrip().lower().startswith(LAST_WRITE_STATEMENT):
            self.writes += 1
            if self.writes == self.kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
