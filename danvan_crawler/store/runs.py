"""Crawl runs, their failures, and the crawl state an incremental run starts from."""

from __future__ import annotations

import json
import sqlite3

from danvan_crawler.store.schema import RUN_COUNTERS, utc_now

FAILURE_COLUMNS = ("run_id", "site", "url", "reason", "detail", "created_at")


def insert_failure(conn: sqlite3.Connection, failure: dict) -> None:
    """One ``failures`` row (keys: ``FAILURE_COLUMNS``)."""
    marks = ", ".join("?" * len(FAILURE_COLUMNS))
    conn.execute(
        f"insert into failures ({', '.join(FAILURE_COLUMNS)}) values ({marks})",
        [failure.get(key) for key in FAILURE_COLUMNS],
    )


class RunLog:
    """Runs, failures and crawl state of :class:`~danvan_crawler.store.database.Database` (mixed into it)."""

    def begin_run(self, *, spider: str, site: str, started_at: str | None = None) -> int:
        """Open a crawl_runs row; its id."""
        with self.transaction() as conn:
            cursor = conn.execute(
                "insert into crawl_runs (spider, site, started_at) values (?, ?, ?)",
                (spider, site, started_at or utc_now()),
            )
            return cursor.lastrowid

    def finish_run(self, run_id: int, *, finish_reason: str, stats: dict) -> None:
        """Close a crawl_runs row with its counters and the whole stats dict as JSON."""
        counters = [int(stats.get(name) or 0) for name in RUN_COUNTERS]
        assignments = ", ".join(f"{name} = ?" for name in RUN_COUNTERS)
        with self.transaction() as conn:
            conn.execute(
                f"update crawl_runs set finished_at = ?, finish_reason = ?, {assignments}, stats = ? "
                "where id = ?",
                (
                    utc_now(),
                    finish_reason,
                    *counters,
                    json.dumps(stats, ensure_ascii=False, default=str),
                    run_id,
                ),
            )

    def record_failure(
        self, *, run_id: int | None, site: str, url: str, reason: str, detail: str = ""
    ) -> None:
        """A page that could not become an article, with why."""
        failure = {"run_id": run_id, "site": site, "url": url, "reason": reason, "detail": detail}
        with self.transaction() as conn:
            insert_failure(conn, failure | {"created_at": utc_now()})

    # Crawl state -----------------------------------------------------------------

    def known_articles(self, site: str) -> dict[str, str | None]:
        """Canonical URL -> published value of every article URL known for ``site``."""
        rows = self.conn.execute(
            "select u.canonical_url, a.published from article_urls u "
            "join articles a on a.id = u.article_id where u.site = ?",
            (site,),
        )
        return dict(rows.fetchall())

    def recent_article_urls(self, site: str, since: str) -> list[str]:
        """URLs of ``site``'s articles published on or after ``since`` (ISO date), newest first."""
        rows = self.conn.execute(
            "select u.url from article_urls u join articles a on a.id = u.article_id "
            "where u.site = ? and a.published >= ? order by a.published desc",
            (site, since),
        )
        return [url for (url,) in rows]

    def listing_validators(self, site: str) -> dict[str, tuple[str | None, str | None]]:
        """Listing URL -> (ETag, Last-Modified) saved by the last complete walk."""
        rows = self.conn.execute("select url, etag, last_modified from listing_state where site = ?", (site,))
        return {url: (etag, modified) for url, etag, modified in rows}

    def complete_sections(self, site: str) -> set[str]:
        """Section URLs whose listing was walked to the end by some finished run."""
        rows = self.conn.execute("select url from sections where site = ? and complete = 1", (site,))
        return {url for (url,) in rows}

    def save_crawl_state(
        self,
        site: str,
        *,
        run_id: int | None,
        complete_sections: set[str],
        validators: dict[str, tuple[str | None, str | None]],
    ) -> None:
        """Record sections walked to the end and their listing pages' validators, together."""
        now = utc_now()
        with self.transaction() as conn:
            for url in complete_sections:
                conn.execute(
                    "insert into sections (site, url, complete, last_complete_run, updated_at) "
                    "values (?, ?, 1, ?, ?) on conflict(site, url) do update set complete = 1, "
                    "last_complete_run = excluded.last_complete_run, updated_at = excluded.updated_at",
                    (site, url, run_id, now),
                )
            for url, (etag, modified) in validators.items():
                conn.execute(
                    "insert or replace into listing_state (url, site, etag, last_modified, updated_at) "
                    "values (?, ?, ?, ?, ?)",
                    (url, site, etag, modified, now),
                )
