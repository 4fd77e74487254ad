"""Write articles to SQLite: a new text becomes a row, a known text adds its URL."""

from __future__ import annotations

from dataclasses import asdict

from ..crawldb import database_for
from ..extensions import run_id_for


class StorePipeline:
    """Store each article through ``Database.store_article`` and count new and duplicate."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item, spider=None):
        db = database_for(self.crawler)
        outcome = db.store_article(asdict(item), run_id=run_id_for(self.crawler))
        self.crawler.stats.inc_value(f"danvan/articles_{outcome}")
        return item
