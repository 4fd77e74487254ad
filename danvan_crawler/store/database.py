"""The SQLite file: schema, migrations and every write the crawler makes (via sqlite-utils).

Writes go through explicit ``BEGIN IMMEDIATE`` transactions on an autocommit
connection, so an article and its URL row land together or not at all, and a
killed crawl never leaves a half-written row.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from danvan_crawler.consumers import search

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 4

ARTICLE_COLUMNS = (
    "content_hash",
    "site",
    "spider",
    "site_name",
    "section",
    "url",
    "canonical_url",
    "title",
    "published",
    "author",
    "text",
    "images",
    "language",
    "platform",
    "fetched_at",
    "first_run_id",
    "extraction",
)
# Counters of crawl_runs as schema version 1 created them; later versions append.
RUN_COUNTERS_V1 = (
    "listing_pages",
    "article_pages",
    "pages_fetched",
    "articles_new",
    "articles_duplicate",
    "failures",
    "fallbacks",
)
RUN_COUNTERS = (*RUN_COUNTERS_V1, "articles_updated")


class StorageError(Exception):
    """A database problem the user must fix; ``str()`` is one line naming the path."""


class DatabaseLocked(StorageError):
    """Another process kept the database locked past the busy timeout."""


class SchemaTooNew(StorageError):
    """The file was written by a newer danvan-crawler."""


def utc_now() -> str:
    """Now, UTC, ISO 8601 to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def _migration_1(db: sqlite_utils.Database) -> None:
    db["crawl_runs"].create(
        {
            "id": int,
            "spider": str,
            "site": str,
            "started_at": str,
            "finished_at": str,
            "finish_reason": str,
            **dict.fromkeys(RUN_COUNTERS_V1, int),
            "stats": str,
        },
        pk="id",
    )
    db["articles"].create(
        {
            "id": int,
            "content_hash": str,
            "site": str,
            "spider": str,
            "site_name": str,
            "section": str,
            "url": str,
            "canonical_url": str,
            "title": str,
            "published": str,
            "author": str,
            "text": str,
            "images": str,
            "language": str,
            "platform": str,
            "fetched_at": str,
            "first_run_id": int,
            "extraction": str,
        },
        pk="id",
        not_null={"content_hash", "site", "url", "title", "text", "fetched_at"},
        defaults={"language": "vi"},
        foreign_keys=[("first_run_id", "crawl_runs", "id")],
    )
    db["articles"].create_index(["content_hash"], unique=True)
    db["articles"].create_index(["site"])
    db["articles"].create_index(["published"])
    db["articles"].create_index(["site", "published"])
    db["article_urls"].create(
        {"article_id": int, "url": str, "site": str, "first_seen": str, "run_id": int},
        pk=("article_id", "url"),
        not_null={"article_id", "url", "site", "first_seen"},
        foreign_keys=[("article_id", "articles", "id")],
    )
    db["article_urls"].create_index(["url"])
    db["failures"].create(
        {
            "id": int,
            "run_id": int,
            "site": str,
            "url": str,
            "reason": str,
            "detail": str,
            "created_at": str,
        },
        pk="id",
    )
    db["failures"].create_index(["run_id"])
    db["articles"].enable_fts(
        ["title", "text"], create_triggers=True, tokenize="unicode61 remove_diacritics 2"
    )


def _migration_2(db: sqlite_utils.Database) -> None:
    """Crawl state for incremental runs, and kept versions of edited articles."""
    from danvan_crawler.extract.urls import canonical_url

    db["crawl_runs"].add_column("articles_updated", int)
    db["article_urls"].add_column("canonical_url", str)
    for article_id, url in db.execute("select article_id, url from article_urls").fetchall():
        db.execute(
            "update article_urls set canonical_url = ? where article_id = ? and url = ?",
            (canonical_url(url), article_id, url),
        )
    db["article_urls"].create_index(["site", "canonical_url"])
    db["listing_state"].create(
        {"url": str, "site": str, "etag": str, "last_modified": str, "updated_at": str},
        pk="url",
    )
    db["sections"].create(
        {"site": str, "url": str, "complete": int, "last_complete_run": int, "updated_at": str},
        pk=("site", "url"),
    )
    db["article_versions"].create(
        {
            "id": int,
            "article_id": int,
            "content_hash": str,
            "title": str,
            "text": str,
            "published": str,
            "author": str,
            "fetched_at": str,
            "replaced_at": str,
            "run_id": int,
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
    )
    db["article_versions"].create_index(["article_id"])


VIEWS = {
    "latest_articles": """
        select site, published, title, author, tags, url from (
          select a.*, row_number() over (partition by site order by published desc, id desc) as n
          from articles a
        ) where n <= 20""",
    "articles_with_urls": """
        select a.id, a.site, a.published, a.title, a.content_hash, a.cluster_id,
               count(u.url) as url_count,
               json_group_array(json_object('url', u.url, 'site', u.site, 'first_seen', u.first_seen)) as urls
        from articles a join article_urls u on u.article_id = a.id
        group by a.id""",
    "cluster_members": """
        select a.cluster_id, a.id as article_id, a.site, a.published, a.title, a.url,
               a.id = (select r.id from articles r where r.cluster_id = a.cluster_id
                       order by coalesce(r.published, '9999'), r.id limit 1) as is_representative
        from articles a where a.cluster_id is not null""",
    "clusters": """
        select cluster_id, count(*) as size,
               max(case when is_representative then article_id end) as representative_id,
               max(case when is_representative then title end) as title,
               max(case when is_representative then site end) as first_site,
               min(published) as first_published,
               group_concat(distinct site) as sites
        from cluster_members group by cluster_id""",
    "site_monthly_counts": """
        select site, substr(published, 1, 7) as month, count(*) as articles
        from articles where published is not null
        group by site, month""",
}


def _migration_3(db: sqlite_utils.Database) -> None:
    """Tags, near-duplicate clusters, diacritic-free search and views for readers."""
    conn = db.conn
    conn.execute("alter table articles add column tags text")
    conn.execute("alter table articles add column cluster_id integer")
    conn.execute(
        "alter table articles add column year text generated always as (substr(published, 1, 4)) virtual"
    )
    conn.execute("create index idx_articles_cluster_id on articles (cluster_id)")
    db["article_tags"].create({"article_id": int, "tag": str}, pk=("article_id", "tag"))
    db["article_tags"].create_index(["tag"])
    db["article_fingerprints"].create(
        {"article_id": int, "signature": bytes, "shingles": int}, pk="article_id"
    )
    db["lsh_buckets"].create({"bucket": int, "article_id": int})
    db["lsh_buckets"].create_index(["bucket"])
    db["lsh_buckets"].create_index(["article_id"])
    # Folded copies of title and text (see search.py); triggers call danvan_fold().
    conn.execute("create virtual table articles_search using fts5(title, text, tokenize='unicode61')")
    conn.execute(
        "create trigger articles_search_ai after insert on articles begin "
        "insert into articles_search (rowid, title, text) "
        "values (new.id, danvan_fold(new.title), danvan_fold(new.text)); end"
    )
    conn.execute(
        "create trigger articles_search_ad after delete on articles begin "
        "delete from articles_search where rowid = old.id; end"
    )
    conn.execute(
        "create trigger articles_search_au after update of title, text on articles begin "
        "update articles_search set title = danvan_fold(new.title), text = danvan_fold(new.text) "
        "where rowid = new.id; end"
    )
    conn.execute(
        "insert into articles_search (rowid, title, text) "
        "select id, danvan_fold(title), danvan_fold(text) from articles"
    )
    for name, sql in VIEWS.items():
        conn.execute(f"create view {name} as {sql}")
    from danvan_crawler.store.tags import load_rules

    rules = load_rules()
    for article_id, title, text in conn.execute(
        "select id, title, text from articles order by id"
    ).fetchall():
        index_article(conn, article_id, title, text, rules)


def _migration_4(db: sqlite_utils.Database) -> None:
    """The version 1 index's update trigger fires on title and text changes only.

    sqlite-utils' trigger fires on every update of ``articles``, so setting an
    article's tags and cluster re-indexed its whole text twice per stored article.
    """
    conn = db.conn
    conn.execute("drop trigger if exists articles_au")
    conn.execute(
        "create trigger articles_au after update of title, text on articles begin "
        "insert into articles_fts (articles_fts, rowid, title, text) "
        "values ('delete', old.rowid, old.title, old.text); "
        "insert into articles_fts (rowid, title, text) values (new.rowid, new.title, new.text); end"
    )


def prepare_index(title: str, text: str, rules) -> tuple:
    """What ``index_article`` needs that takes CPU but no database: tags and fingerprint."""
    from danvan_crawler.store.clusters import fingerprint

    return rules.tags_for(title, text), fingerprint(text)


def index_article(
    conn: sqlite3.Connection, article_id: int, title: str, text: str, rules, prepared=None
) -> None:
    """Tags and near-duplicate cluster of one stored article (inside the caller's transaction)."""
    from danvan_crawler.store.clusters import assign_cluster

    tags, fingerprint = prepared or prepare_index(title, text, rules)
    conn.execute("update articles set tags = ? where id = ?", (json.dumps(tags), article_id))
    conn.execute("delete from article_tags where article_id = ?", (article_id,))
    conn.executemany(
        "insert into article_tags (article_id, tag) values (?, ?)", [(article_id, t) for t in tags]
    )
    assign_cluster(conn, article_id, text, fingerprint)


# Ordered schema changes; MIGRATIONS[i] takes the file from version i to i + 1. Our own
# small runner because sqlite-utils has none built in: each step runs in one
# transaction together with its PRAGMA user_version bump.
MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _migration_1,
    _migration_2,
    _migration_3,
    _migration_4,
]


def _is_locked(err: sqlite3.Error) -> bool:
    return "locked" in str(err) or "busy" in str(err)


class Database:
    """The crawler's SQLite file (WAL mode), migrated to ``SCHEMA_VERSION`` on open."""

    def __init__(
        self,
        path: str | os.PathLike,
        *,
        readonly: bool = False,
        busy_timeout_ms: int = 30000,
        tag_rules=None,
    ):
        self.path = Path(path)
        self.readonly = readonly
        self._tag_rules = tag_rules
        # Wall nanoseconds spent waiting for the write lock (another process writing).
        self.lock_wait_ns = 0
        if self.path.is_dir():
            raise StorageError(f"{self.path} is a directory, not a database file")
        if readonly and not self.path.exists():
            raise StorageError(f"no database at {self.path}")
        if not readonly:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as err:
                raise StorageError(
                    f"cannot create directory {self.path.parent}: {err.strerror or err}"
                ) from None
        try:
            if readonly:
                conn = sqlite3.connect(
                    f"{self.path.resolve().as_uri()}?mode=ro",
                    uri=True,
                    check_same_thread=False,
                    isolation_level=None,
                )
            elif os.environ.get("DANVAN_FAULT_READONLY"):
                # Test knob: a read-only file, which a test running as root cannot make.
                conn = sqlite3.connect(
                    f"{self.path.resolve().as_uri()}?mode=ro",
                    uri=True,
                    check_same_thread=False,
                    isolation_level=None,
                )
            else:
                conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        except sqlite3.Error as err:
            raise StorageError(f"cannot open {self.path}: {err}") from None
        self.conn = conn
        search.register(conn)
        self.db = sqlite_utils.Database(conn)
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            conn.execute("select count(*) from sqlite_master").fetchone()
            if not readonly:
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise SchemaTooNew(
                    f"{self.path} has schema version {version}; this danvan-crawler knows "
                    f"up to {SCHEMA_VERSION}: upgrade danvan-crawler"
                )
            if not readonly:
                self._migrate(version)
            if os.environ.get("DANVAN_FAULT_MAX_PAGES"):
                # Test knob: a full disk, as SQLite sees one (SQLITE_FULL past this size).
                conn.execute(f"PRAGMA max_page_count = {int(os.environ['DANVAN_FAULT_MAX_PAGES'])}")
        except StorageError:
            conn.close()
            raise
        except sqlite3.OperationalError as err:
            conn.close()
            if _is_locked(err):
                raise DatabaseLocked(f"{self.path} is locked by another process") from None
            raise StorageError(f"cannot use {self.path}: {err}") from None
        except sqlite3.DatabaseError:
            conn.close()
            raise StorageError(f"{self.path} is not a SQLite database (or is corrupt)") from None

    def _migrate(self, version: int) -> None:
        for target in range(version + 1, SCHEMA_VERSION + 1):
            with self.transaction():
                MIGRATIONS[target - 1](self.db)
                self.conn.execute(f"PRAGMA user_version = {target}")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once (``BEGIN IMMEDIATE``), rolled back on error."""
        waiting = time.monotonic_ns()
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as err:
            if _is_locked(err):
                raise DatabaseLocked(f"{self.path} is locked by another process") from None
            raise StorageError(f"cannot write {self.path}: {err}") from None
        finally:
            self.lock_wait_ns += time.monotonic_ns() - waiting
        try:
            yield self.conn
        except BaseException:
            self._rollback()
            raise
        else:
            try:
                self.conn.execute("COMMIT")
            except sqlite3.Error as err:
                self._rollback()
                raise StorageError(f"cannot write {self.path}: {err}") from None

    def _rollback(self) -> None:
        # SQLite rolls a transaction back by itself after some errors (SQLITE_FULL,
        # SQLITE_IOERR); a second ROLLBACK would then raise and hide the real cause.
        if self.conn.in_transaction:
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.Error:
                logger.warning("rollback of %s failed after an error", self.path)

    def check_writable(self) -> None:
        """StorageError unless a write can be committed (read-only file or mount, full disk)."""
        with self.transaction() as conn:
            conn.execute("PRAGMA user_version = " + str(conn.execute("PRAGMA user_version").fetchone()[0]))

    def check_integrity(self) -> None:
        """StorageError when SQLite finds the file damaged (``PRAGMA quick_check``)."""
        try:
            problem = self.conn.execute("PRAGMA quick_check(1)").fetchone()[0]
        except sqlite3.DatabaseError as err:
            problem = str(err)
        if problem != "ok":
            problem = " ".join(problem.replace("*** in database main ***", "").split())
            raise StorageError(
                f"{self.path} is damaged ({problem}); `sqlite3 {self.path} .recover` can rescue its rows"
            )

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # Runs and failures -----------------------------------------------------------

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
        with self.transaction() as conn:
            conn.execute(
                "insert into failures (run_id, site, url, reason, detail, created_at) "
                "values (?, ?, ?, ?, ?, ?)",
                (run_id, site, url, reason, detail, utc_now()),
            )

    # Articles --------------------------------------------------------------------

    def store_article(
        self, item: dict, *, run_id: int | None = None, before_commit: Callable[[], None] | None = None
    ) -> str:
        """Store one fetched article page; returns what happened.

        "new": a text never seen. "duplicate": a known text (its URL is added to that
        article). "updated": a known URL whose text changed: the new text becomes
        current and the old one moves to ``article_versions``.
        """
        from danvan_crawler.extract.urls import canonical_url

        for key in ("content_hash", "url", "title", "text"):
            if not item.get(key):
                raise ValueError(f"article {item.get('url')!r} has no {key}")
        row = {key: item.get(key) for key in ARTICLE_COLUMNS}
        row["site"] = row["site"] or item.get("spider") or ""
        row["fetched_at"] = row["fetched_at"] or utc_now()
        row["language"] = row["language"] or "vi"
        row["first_run_id"] = run_id
        for key in ("images", "extraction"):
            if row[key] is not None and not isinstance(row[key], str):
                row[key] = json.dumps(row[key], ensure_ascii=False)
        canonical = canonical_url(row["url"])
        # Computed before the write lock: another process writing the same file waits
        # only for SQL, not for this one's CPU work.
        prepared = prepare_index(row["title"], row["text"], self.tag_rules)
        with self.transaction() as conn:
            found = conn.execute(
                "select id from articles where content_hash = ?", (row["content_hash"],)
            ).fetchone()
            seen_at = conn.execute(
                "select u.article_id from article_urls u where u.site = ? and u.canonical_url = ? "
                "order by u.first_seen desc limit 1",
                (row["site"], canonical),
            ).fetchone()
            if found:
                article_id, outcome = found[0], "duplicate"
            elif seen_at:
                article_id, outcome = seen_at[0], "updated"
                self._replace_text(conn, article_id, row, run_id)
            else:
                columns = ", ".join(ARTICLE_COLUMNS)
                marks = ", ".join("?" for _ in ARTICLE_COLUMNS)
                cursor = conn.execute(
                    f"insert into articles ({columns}) values ({marks})",
                    [row[key] for key in ARTICLE_COLUMNS],
                )
                article_id, outcome = cursor.lastrowid, "new"
            if outcome != "duplicate":
                index_article(conn, article_id, row["title"], row["text"], self.tag_rules, prepared)
            conn.execute(
                "insert or ignore into article_urls "
                "(article_id, url, site, first_seen, run_id, canonical_url) values (?, ?, ?, ?, ?, ?)",
                (article_id, row["url"], row["site"], row["fetched_at"], run_id, canonical),
            )
            if before_commit is not None:
                before_commit()
        return outcome

    @staticmethod
    def _replace_text(conn: sqlite3.Connection, article_id: int, row: dict, run_id: int | None) -> None:
        conn.execute(
            "insert into article_versions (article_id, content_hash, title, text, published, author, "
            "fetched_at, replaced_at, run_id) select id, content_hash, title, text, published, author, "
            "fetched_at, ?, ? from articles where id = ?",
            (utc_now(), run_id, article_id),
        )
        conn.execute(
            "update articles set content_hash = ?, title = ?, text = ?, published = ?, author = ?, "
            "images = ?, fetched_at = ?, extraction = ? where id = ?",
            (
                row["content_hash"],
                row["title"],
                row["text"],
                row["published"],
                row["author"],
                row["images"],
                row["fetched_at"],
                row["extraction"],
                article_id,
            ),
        )

    @property
    def tag_rules(self):
        """The tag rule set (the packaged one unless given)."""
        if self._tag_rules is None:
            from danvan_crawler.store.tags import load_rules

            self._tag_rules = load_rules()
        return self._tag_rules

    def retag(self, rules=None) -> int:
        """Recompute every article's tags (after a rule change); the number of articles."""
        rules = rules or self.tag_rules
        with self.transaction() as conn:
            rows = conn.execute("select id, title, text from articles").fetchall()
            conn.execute("delete from article_tags")
            for article_id, title, text in rows:
                tags = rules.tags_for(title, text)
                conn.execute("update articles set tags = ? where id = ?", (json.dumps(tags), article_id))
                conn.executemany(
                    "insert into article_tags (article_id, tag) values (?, ?)",
                    [(article_id, t) for t in tags],
                )
        return len(rows)

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

    def article_count(self, site: str | None = None) -> int:
        """Articles stored (for one site when given)."""
        if site is None:
            return self.conn.execute("select count(*) from articles").fetchone()[0]
        return self.conn.execute("select count(*) from articles where site = ?", (site,)).fetchone()[0]

    def known_urls(self, site: str | None = None) -> set[str]:
        """Every URL an article was seen at (for one site when given)."""
        if site is None:
            rows = self.conn.execute("select url from article_urls")
        else:
            rows = self.conn.execute("select url from article_urls where site = ?", (site,))
        return {url for (url,) in rows}

    def search(
        self, query: str, *, site: str | None = None, since: str | None = None, limit: int = 20
    ) -> list[dict]:
        """Full-text search, with or without diacritics (đ too), best first, with snippets."""
        return search.search(self.conn, query, site=site, since=since, limit=limit)

    def site_summary(self) -> list[dict]:
        """Per site: articles, URLs and the last run."""
        cursor = self.conn.execute(
            """
            with last as (
              select * from crawl_runs where id in (select max(id) from crawl_runs group by site)
            ),
            counts as (
              select site, count(*) as articles from articles group by site
            ),
            urls as (
              select site, count(*) as urls from article_urls group by site
            )
            select last.site as site,
                   coalesce(counts.articles, 0) as articles,
                   coalesce(urls.urls, 0) as urls,
                   last.started_at as last_run_started,
                   last.finished_at as last_run_finished,
                   last.finish_reason as last_finish_reason,
                   last.articles_new as last_articles_new,
                   last.failures as last_failures
            from last
            left join counts on counts.site = last.site
            left join urls on urls.site = last.site
            order by last.site
            """
        )
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]
