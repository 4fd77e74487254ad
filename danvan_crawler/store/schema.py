"""The schema: documented columns, views and the migrations that build and update the file.

``docs/schema.md`` describes every table for the people who read the file; a change
here is a new migration and a version bump noted there.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from danvan_crawler.crawl.items import ARTICLE_FIELDS
from danvan_crawler.extract.urls import canonical_url
from danvan_crawler.store.fold import fold
from danvan_crawler.store.indexing import index_article
from danvan_crawler.store.tags import load_rules

if TYPE_CHECKING:  # only the migrations' type: sqlite-utils is imported by Database.db
    import sqlite_utils

SCHEMA_VERSION = 9

# The columns of ``articles`` a writer fills: every item field (crawl/items.py), the
# language and the run that first stored it. id is the row id and tags, cluster_id and
# year are derived from these.
ARTICLE_COLUMNS = (*ARTICLE_FIELDS, "language", "first_run_id")
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
    # shingle_keys came with version 8; created here already because the indexing below
    # runs today's code, which writes it (version 8 adds it to files made before it).
    db["article_fingerprints"].create(
        {"article_id": int, "signature": bytes, "shingles": int, "shingle_keys": bytes}, pk="article_id"
    )
    db["lsh_buckets"].create({"bucket": int, "article_id": int})
    db["lsh_buckets"].create_index(["bucket"])
    db["lsh_buckets"].create_index(["article_id"])
    # Folded copies of title and text, kept by triggers calling a Python function; only
    # until version 5 replaces this index with one that needs no function of ours.
    conn.create_function("danvan_fold", 1, fold, deterministic=True)
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


# The index's copy of a title or text: SQLite's tokenizer removes case and diacritics but
# leaves đ/Đ, so the triggers replace those with builtin SQL (the same folding as fold.py).
def _folded(column: str) -> str:
    return f"replace(replace({column}, 'đ', 'd'), 'Đ', 'D')"


def _migration_5(db: sqlite_utils.Database) -> None:
    """One full-text index, kept by triggers in plain SQL: any writer of ``articles`` works.

    Replaces ``articles_fts`` (version 1, no đ folding) and ``articles_search`` (a folded
    copy kept by triggers calling a Python function, so a plain ``sqlite3`` insert failed).
    The new ``articles_search`` takes its text from ``articles`` and folds while indexing.
    """
    conn = db.conn
    for name in ("articles_ai", "articles_ad", "articles_au"):  # articles_fts's, from sqlite-utils
        conn.execute(f"drop trigger if exists {name}")
        conn.execute(f"drop trigger if exists {name.replace('articles', 'articles_search')}")
    conn.execute("drop table if exists articles_fts")
    conn.execute("drop table if exists articles_search")
    conn.execute(
        "create virtual table articles_search using fts5(title, text, content=[articles], "
        "tokenize='unicode61 remove_diacritics 2')"
    )
    insert = (
        "insert into articles_search (rowid, title, text) "
        f"values (new.id, {_folded('new.title')}, {_folded('new.text')});"
    )
    delete = (
        "insert into articles_search (articles_search, rowid, title, text) "
        f"values ('delete', old.id, {_folded('old.title')}, {_folded('old.text')});"
    )
    conn.execute(f"create trigger articles_search_ai after insert on articles begin {insert} end")
    conn.execute(f"create trigger articles_search_ad after delete on articles begin {delete} end")
    conn.execute(
        "create trigger articles_search_au after update of title, text on articles "
        f"begin {delete} {insert} end"
    )
    conn.execute(
        "insert into articles_search (rowid, title, text) "
        f"select id, {_folded('title')}, {_folded('text')} from articles"
    )


def _migration_6(db: sqlite_utils.Database) -> None:
    """Learned site templates: the blocks that recur on many pages of a site (extract/template.py)."""
    db["site_templates"].create({"site": str, "pages": int, "updated_at": str}, pk="site")
    db["template_blocks"].create(
        {"site": str, "hash": int, "kind": str, "pages": int, "sample": str},
        pk=("site", "hash"),
        not_null={"site", "hash", "pages"},
    )
    db["template_blocks"].create_index(["site", "pages"])


def _migration_7(db: sqlite_utils.Database) -> None:
    """LSH buckets read from one covering index: ``lsh_buckets.id`` names the row id.

    A new article's candidates are the newest members of each of its 32 buckets (row id
    order). With an index on ``bucket`` alone each member found cost a lookup of its row
    for ``article_id``, one page each, scattered over a table that grows with every
    article: storing into 10,000 overlapping stories read buckets 2.5 x slower than into
    1,000. The index on (bucket, id, article_id) holds the answer in order. The rows
    keep their row ids, so the newest members are the same ones.
    """
    conn = db.conn
    conn.execute("create table lsh_buckets_new (id integer primary key, bucket integer, article_id integer)")
    conn.execute(
        "insert into lsh_buckets_new (id, bucket, article_id) "
        "select rowid, bucket, article_id from lsh_buckets"
    )
    conn.execute("drop table lsh_buckets")
    conn.execute("alter table lsh_buckets_new rename to lsh_buckets")
    conn.execute("create index idx_lsh_buckets_bucket_id on lsh_buckets (bucket, id, article_id)")
    conn.execute("create index idx_lsh_buckets_article_id on lsh_buckets (article_id)")


def _migration_8(db: sqlite_utils.Database) -> None:
    """Each fingerprint keeps its shingles' containment keys (``shingle_keys``).

    Confirming a near copy used to re-read and re-shingle the other article's text (or
    find it in a per-process cache), a cost that grew with the database: storing into
    10,000 overlapping stories took 1.24 x as long as into 1,000. The keys are 4 bytes
    a shingle, about half the text's size. Rows of earlier versions get theirs the first
    time a new article is compared with them (``store/clusters.py``), not here: a file
    of a million articles would otherwise spend a quarter of an hour in this migration.
    """
    if "shingle_keys" not in db["article_fingerprints"].columns_dict:
        db.conn.execute("alter table article_fingerprints add column shingle_keys blob")


def _migration_9(db: sqlite_utils.Database) -> None:
    """Every stored article fingerprinted again, by the cheaper shingle hashes of ``store/clusters.py``.

    Until version 9 each shingle was a string hashed by SHA-1 (datasketch's MinHash
    scheme), over half of an article's fingerprint CPU; shingles are now hashed from their
    words' hashes by numpy. Signatures, buckets and containment keys of the two schemes do
    not compare, so all are computed again here, ~0.4 ms an article (some 7 minutes for a
    million). Cluster ids stay as they are.
    """
    from danvan_crawler.store.clusters import fingerprint, write_fingerprint

    conn = db.conn
    conn.execute("delete from lsh_buckets")
    conn.execute("delete from article_fingerprints")
    # Built once at the end, in order, instead of one random insert at a time.
    conn.execute("drop index idx_lsh_buckets_bucket_id")
    cursor = conn.execute("select id, text from articles order by id")
    while rows := cursor.fetchmany(1000):
        for article_id, text in rows:
            write_fingerprint(conn, article_id, fingerprint(text))
    conn.execute("create index idx_lsh_buckets_bucket_id on lsh_buckets (bucket, id, article_id)")


# Ordered schema changes; MIGRATIONS[i] takes the file from version i to i + 1. Our own
# small runner because sqlite-utils has none built in: each step runs in one
# transaction together with its PRAGMA user_version bump.
MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _migration_1,
    _migration_2,
    _migration_3,
    _migration_4,
    _migration_5,
    _migration_6,
    _migration_7,
    _migration_8,
    _migration_9,
]
