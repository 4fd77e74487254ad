"""Merge crawl databases (one per scrapyd node or per machine) into one, by content hash.

Idempotent: merging the same source again changes nothing. Provenance is kept:
every URL an article was seen at, every crawl run (matched by spider, site and
start time), every failure, every kept version.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from danvan_crawler.store.articles import add_url, insert_article, insert_version
from danvan_crawler.store.database import Database, StorageError
from danvan_crawler.store.indexing import index_article
from danvan_crawler.store.queries import dict_rows
from danvan_crawler.store.runs import insert_failure
from danvan_crawler.store.schema import ARTICLE_COLUMNS, RUN_COUNTERS


@dataclass
class MergeReport:
    """What one source added to the target."""

    source: str
    runs: int = 0
    articles: int = 0
    urls: int = 0
    failures: int = 0
    versions: int = 0


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"pragma table_info({table})")]


def _rows(conn: sqlite3.Connection, sql: str) -> list[dict]:
    return list(dict_rows(conn.execute(sql)))


def merge_into(target: Database, source_path: str | Path) -> MergeReport:
    """Merge one source database into ``target`` in a single transaction."""
    source_path = Path(source_path)
    if source_path.resolve() == target.path.resolve():
        raise StorageError(f"{source_path} is the output database itself")
    with Database(source_path, readonly=True) as source:
        src = source.conn
        report = MergeReport(source=str(source_path))
        with target.transaction() as conn:
            run_map = _merge_runs(conn, src, report)
            article_map = _merge_articles(conn, src, run_map, report, target.tag_rules)
            _merge_failures(conn, src, run_map, report)
            if "article_versions" in source.db.table_names():
                _merge_versions(conn, src, article_map, run_map, report)
    return report


def _merge_runs(conn, src, report) -> dict[int, int]:
    run_map: dict[int, int] = {}
    counters = [c for c in RUN_COUNTERS if c in _columns(src, "crawl_runs")]
    for run in _rows(src, "select * from crawl_runs order by id"):
        found = conn.execute(
            "select id from crawl_runs where spider is ? and site is ? and started_at is ?",
            (run["spider"], run["site"], run["started_at"]),
        ).fetchone()
        if found:
            run_map[run["id"]] = found[0]
            continue
        names = ["spider", "site", "started_at", "finished_at", "finish_reason", *counters, "stats"]
        cursor = conn.execute(
            f"insert into crawl_runs ({', '.join(names)}) values ({', '.join('?' for _ in names)})",
            [run[n] for n in names],
        )
        run_map[run["id"]] = cursor.lastrowid
        report.runs += 1
    return run_map


def _merge_articles(conn, src, run_map, report, tag_rules) -> dict[int, int]:
    article_map: dict[int, int] = {}
    for article in _rows(src, "select * from articles order by id"):
        found = conn.execute(
            "select id from articles where content_hash = ?", (article["content_hash"],)
        ).fetchone()
        if found:
            article_map[article["id"]] = found[0]
        else:
            row = {c: article.get(c) for c in ARTICLE_COLUMNS}
            row["first_run_id"] = run_map.get(article.get("first_run_id"))
            article_map[article["id"]] = article_id = insert_article(conn, row)
            index_article(conn, article_id, row["title"], row["text"], tag_rules)
            report.articles += 1
    for url in _rows(src, "select * from article_urls"):
        report.urls += add_url(
            conn,
            article_map[url["article_id"]],
            url["url"],
            site=url["site"],
            first_seen=url["first_seen"],
            run_id=run_map.get(url["run_id"]),
            canonical=url.get("canonical_url"),
        )
    return article_map


def _merge_failures(conn, src, run_map, report) -> None:
    for failure in _rows(src, "select * from failures order by id"):
        run_id = run_map.get(failure["run_id"])
        exists = conn.execute(
            "select 1 from failures where run_id is ? and url is ? and reason is ? and created_at is ?",
            (run_id, failure["url"], failure["reason"], failure["created_at"]),
        ).fetchone()
        if not exists:
            insert_failure(conn, failure | {"run_id": run_id})
            report.failures += 1


def _merge_versions(conn, src, article_map, run_map, report) -> None:
    for version in _rows(src, "select * from article_versions order by id"):
        article_id = article_map.get(version["article_id"])
        exists = conn.execute(
            "select 1 from article_versions where article_id = ? and content_hash = ?",
            (article_id, version["content_hash"]),
        ).fetchone()
        if article_id is None or exists:
            continue
        insert_version(
            conn,
            article_id,
            version,
            replaced_at=version["replaced_at"],
            run_id=run_map.get(version["run_id"]),
        )
        report.versions += 1


def merge_databases(sources: list[str | Path], output: str | Path) -> list[MergeReport]:
    """Merge every source into ``output`` (created if missing); one report per source."""
    with Database(output) as target:
        return [merge_into(target, source) for source in sources]
