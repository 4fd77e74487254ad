"""One database handle per crawler, shared by the run recorder and the pipelines."""

from __future__ import annotations

from pathlib import Path

from danvan_crawler.store.database import Database

DEFAULT_DB = Path("output") / "danvan.db"


def database_for(crawler) -> Database:
    """The crawler's Database (opened on first use from the ``DANVAN_DB`` setting)."""
    db = getattr(crawler, "_danvan_database", None)
    if db is None:
        db = Database(crawler.settings.get("DANVAN_DB") or DEFAULT_DB)
        crawler._danvan_database = db
    return db


def close_database(crawler) -> None:
    """Close the crawler's Database if it was opened."""
    db = getattr(crawler, "_danvan_database", None)
    if db is not None:
        db.close()
        crawler._danvan_database = None
