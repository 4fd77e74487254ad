"""Write articles to SQLite: a new text becomes a row, a known text adds its URL."""

from __future__ import annotations

import os
import signal
from dataclasses import asdict

from ..crawldb import database_for
from ..extensions import run_id_for


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

    def process_item(self, item, spider=None):
        db = database_for(self.crawler)
        outcome = db.store_article(
            asdict(item),
            run_id=run_id_for(self.crawler),
            before_commit=self._fault if self.kill_at else None,
        )
        self.crawler.stats.inc_value(f"danvan/articles_{outcome}")
        return item
