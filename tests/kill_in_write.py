"""Test-only extension: SIGKILL the crawl inside the N-th article write transaction.

Registered by tests/test_kill.py through the EXTENSIONS setting, with ``KILL_IN_WRITE = N``
and ``KILL_IN_WRITE_NOTE`` (a file it writes the article writes committed so far to); it
proves a crawl killed mid-write leaves no half row.
"""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

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
        self.committed = 0  # article writes committed so far
        self.note = crawler.settings.get("KILL_IN_WRITE_NOTE")
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def spider_opened(self, spider) -> None:
        CrawlContext.of(self.crawler).db.conn.set_trace_callback(self.statement)

    def statement(self, sql: str) -> None:
        sql = sql.lstrip().lower()
        if sql.startswith("commit"):
            self.committed = self.writes
        elif sql.startswith(LAST_WRITE_STATEMENT):
            self.writes += 1
            if self.writes == self.kill_at:
                # Articles are written many to a transaction (crawl/write_batch.py): the test
                # learns how many were committed before the one it kills.
                Path(self.note).write_text(json.dumps({"committed": self.committed}))
                os.kill(os.getpid(), signal.SIGKILL)
