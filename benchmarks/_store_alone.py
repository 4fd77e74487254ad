"""Store a crawl's articles into a copy of a filled database; print CPU ms per article.

    python3 benchmarks/_store_alone.py FILLED.db ITEMS.db SCRATCH.db

``ITEMS.db`` is a crawled database: its articles not in ``FILLED.db`` (by content hash)
are stored, in id order, into ``SCRATCH.db``, a fresh copy of ``FILLED.db``. Only
``Database.store_article`` is timed (process CPU), so the figure is the storage's alone,
without the crawl around it (Scrapy, extraction, garbage collections they trigger). Run
in a process of its own, so that nothing one database warmed (allocator, imported
state, caches of earlier code) favours the other.
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
import time

from danvan_crawler.store.database import Database
from danvan_crawler.store.schema import ARTICLE_COLUMNS


def crawled_items(items_db: str, filled_db: str) -> list[dict]:
    """The articles of ``items_db`` that ``filled_db`` does not hold, as store_article items."""
    with sqlite3.connect(filled_db) as filled:
        known = {h for (h,) in filled.execute("select content_hash from articles")}
    columns = [c for c in ARTICLE_COLUMNS if c != "first_run_id"]
    with sqlite3.connect(items_db) as conn:
        rows = conn.execute(f"select {', '.join(columns)} from articles order by id").fetchall()
    items = [dict(zip(columns, row, strict=True)) for row in rows]
    return [item for item in items if item["content_hash"] not in known]


def main() -> None:
    filled, items_db, scratch = sys.argv[1:4]
    items = crawled_items(items_db, filled)
    shutil.copy(filled, scratch)
    spent = 0
    with Database(scratch) as store:
        for item in items:
            started = time.process_time_ns()
            store.store_article(item)
            spent += time.process_time_ns() - started
    print(f"{spent / 1e6 / len(items):.3f} {len(items)}")


if __name__ == "__main__":
    main()
