"""Every read the commands make: search, export, stats, duplicates, retag, health and check.

Plain functions over a connection (``Database.conn``, read-only or not), so a reader
needs no write access and no crawler object.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator


def dict_rows(cursor: sqlite3.Cursor) -> Iterator[dict]:
    """The cursor's rows as dicts keyed by column name."""
    names = [d[0] for d in cursor.description]
    for row in cursor:
        yield dict(zip(names, row, strict=True))


def _article_filters(
    *, site: str | None = None, since: str | None = None, tag: str | None = None
) -> tuple[str, list]:
    """Conditions on articles ``a`` (each " and ..."), for the filters given, and their parameters."""
    conditions = {
        " and a.site = ?": site,
        " and a.published >= ?": since,
        " and exists (select 1 from article_tags t where t.article_id = a.id and t.tag = ?)": tag,
    }
    given = {sql: value for sql, value in conditions.items() if value}
    return "".join(given), list(given.values())


# Search ----------------------------------------------------------------------------


def search_articles(
    conn: sqlite3.Connection,
    match: str,
    *,
    site: str | None = None,
    since: str | None = None,
    limit: int = 20,
) -> list[dict]:
    """Articles matching an FTS5 ``match`` expression, title matches weighted 5x, best first."""
    sql = (
        "select a.id, a.site, a.published, a.title, a.url, a.text "
        "from articles_search s join articles a on a.id = s.rowid "
        "where articles_search match ?"
    )
    filters, params = _article_filters(site=site, since=since)
    sql += filters + " order by bm25(articles_search, 5.0, 1.0) limit ?"
    return list(dict_rows(conn.execute(sql, [match, *params, limit])))


def count_matches(
    conn: sqlite3.Connection, match: str, *, site: str | None = None, since: str | None = None
) -> int:
    """How many articles ``search_articles`` would return without its limit."""
    sql = (
        "select count(*) from articles_search s join articles a on a.id = s.rowid "
        "where articles_search match ?"
    )
    filters, params = _article_filters(site=site, since=since)
    return conn.execute(sql + filters, [match, *params]).fetchone()[0]


def article_sites(conn: sqlite3.Connection) -> list[str]:
    """Every site with an article, sorted."""
    return [site for (site,) in conn.execute("select distinct site from articles order by site")]


# Export ----------------------------------------------------------------------------


# Export fields that are not the ``articles`` column of that name.
_EXPORT_EXPRESSIONS = {
    "urls": "(select json_group_array(u.url) from article_urls u where u.article_id = a.id)",
}


def export_articles(
    conn: sqlite3.Connection,
    fields: tuple[str, ...],
    *,
    since: str | None = None,
    site: str | None = None,
    tag: str | None = None,
) -> Iterator[dict]:
    """Articles in publication order (undated last), as ``fields``; ``urls`` is a JSON array."""
    columns = ", ".join(f"{_EXPORT_EXPRESSIONS.get(name, 'a.' + name)} as {name}" for name in fields)
    filters, params = _article_filters(site=site, since=since, tag=tag)
    sql = f"select {columns} from articles a where 1{filters} order by a.published is null, a.published, a.id"
    return dict_rows(conn.execute(sql, params))


# Stats, duplicates, tags -----------------------------------------------------------


def site_summary(conn: sqlite3.Connection) -> list[dict]:
    """Per site: articles, URLs and the last run."""
    cursor = conn.execute(
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
               last.failures as last_failures,
               last.stats as last_stats
        from last
        left join counts on counts.site = last.site
        left join urls on urls.site = last.site
        order by last.site
        """
    )
    return list(dict_rows(cursor))


def duplicate_clusters(conn: sqlite3.Connection, limit: int) -> list[tuple[int, int, str]]:
    """(cluster id, size, title) of clusters with more than one article, biggest first."""
    return conn.execute(
        "select cluster_id, size, title from clusters where size > 1 "
        "order by size desc, first_published limit ?",
        (limit,),
    ).fetchall()


def count_clusters(conn: sqlite3.Connection) -> int:
    """How many clusters have more than one article."""
    return conn.execute("select count(*) from clusters where size > 1").fetchone()[0]


def cluster_members(conn: sqlite3.Connection, cluster_id: int) -> list[tuple]:
    """(site, published, url, is_representative) of a cluster's articles, earliest first."""
    return conn.execute(
        "select site, published, url, is_representative from cluster_members "
        "where cluster_id = ? order by coalesce(published, '9999'), article_id",
        (cluster_id,),
    ).fetchall()


def tag_counts(conn: sqlite3.Connection) -> list[tuple[str, int]]:
    """(tag, articles) for every tag in use, by tag."""
    return conn.execute("select tag, count(*) from article_tags group by tag order by tag").fetchall()


# Health and check ------------------------------------------------------------------


def run_sites(conn: sqlite3.Connection) -> list[str]:
    """Every site with a crawl run, sorted."""
    return [site for (site,) in conn.execute("select distinct site from crawl_runs order by site")]


def recent_runs(conn: sqlite3.Connection, site: str, limit: int = 20) -> list[dict]:
    """A site's last ``limit`` crawl_runs rows, newest first."""
    cursor = conn.execute("select * from crawl_runs where site = ? order by id desc limit ?", (site, limit))
    return list(dict_rows(cursor))


def discovery_times(conn: sqlite3.Connection, site: str) -> list[str]:
    """When each of a site's articles was first seen there."""
    rows = conn.execute(
        "select min(first_seen) from article_urls where site = ? group by article_id", (site,)
    )
    return [first_seen for (first_seen,) in rows]


def published_values(conn: sqlite3.Connection, site: str) -> list[str | None]:
    """The ``published`` value of each of a site's articles."""
    return [
        published for (published,) in conn.execute("select published from articles where site = ?", (site,))
    ]


def spider_articles(conn: sqlite3.Connection, spider: str) -> list[tuple]:
    """(title, published, author, text, extraction) of every article a spider stored."""
    return conn.execute(
        "select title, published, author, text, extraction from articles where spider = ?", (spider,)
    ).fetchall()


def last_run_stats(conn: sqlite3.Connection, spider: str) -> str | None:
    """The stats JSON of a spider's last run, None before any."""
    row = conn.execute(
        "select stats from crawl_runs where spider = ? order by id desc limit 1", (spider,)
    ).fetchone()
    return row[0] if row else None


# Canned queries of ``danvan serve`` (Datasette); ``consumers/browse.py`` registers the
# danvan_* functions they call. The search ranks like ``search_articles``.
BROWSE_SEARCH_SQL = """
select a.id, a.published, a.site, a.title, danvan_snippet(a.text, :q) as snippet, a.tags, a.url
from articles_search s join articles a on a.id = s.rowid
where articles_search match danvan_fts_query(:q)
order by bm25(articles_search, 5.0, 1.0)
limit 100"""

BROWSE_LATEST_DAN_VAN_SQL = """
select a.published, a.site, a.title, a.author, a.tags, a.url
from articles a join article_tags t on t.article_id = a.id and t.tag = 'dan_van'
order by a.published desc, a.id desc
limit 100"""

BROWSE_STORY_CLUSTER_SQL = """
select m.is_representative as first, m.published, m.site, m.title, m.url, m.article_id
from cluster_members m
where m.cluster_id = (select cluster_id from articles where id = :article_id)
order by coalesce(m.published, '9999'), m.article_id"""

BROWSE_SITE_COUNTS_SQL = """
select site, count(*) as articles, min(published) as first_published,
       max(published) as last_published, sum(tags like '%"dan_van"%') as dan_van_articles
from articles group by site order by articles desc"""
