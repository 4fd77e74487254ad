"""What is derived from a stored article's text: its topic tags and its near-duplicate cluster."""

from __future__ import annotations

import json
import sqlite3

from danvan_crawler.store.tags import TagRules

# LSH candidates compared per article at most (DANVAN_NEAR_DUP_CANDIDATES): a portal of
# near-identical notices would otherwise make every new one compare with all earlier ones.
MAX_CANDIDATES = 100

# ``store.clusters`` (and numpy with it, ~0.1 s of start-up) is imported by the functions
# below when an article is first indexed: a re-crawl that finds nothing new never needs it.


def prepare_index(title: str, text: str, rules: TagRules) -> tuple:
    """What ``index_article`` needs that takes CPU: tags and fingerprint."""
    from danvan_crawler.store.clusters import fingerprint

    return rules.tags_for(title, text), fingerprint(text)


def write_tags(conn: sqlite3.Connection, article_id: int, tags: list[str]) -> None:
    """Set one article's tags: the JSON column and its ``article_tags`` rows."""
    conn.execute("update articles set tags = ? where id = ?", (json.dumps(tags), article_id))
    conn.execute("delete from article_tags where article_id = ?", (article_id,))
    conn.executemany(
        "insert into article_tags (article_id, tag) values (?, ?)", [(article_id, t) for t in tags]
    )


def index_article(
    conn: sqlite3.Connection, article_id: int, title: str, text: str, rules: TagRules, prepared=None
) -> None:
    """Tags and near-duplicate cluster of one stored article (inside the caller's transaction)."""
    from danvan_crawler.store.clusters import assign_cluster

    tags, fingerprint_ = prepared or prepare_index(title, text, rules)
    write_tags(conn, article_id, tags)
    assign_cluster(conn, article_id, text, fingerprint_)


def retag_all(conn: sqlite3.Connection, rules: TagRules) -> int:
    """Recompute every article's tags (inside the caller's transaction); the number of articles."""
    rows = conn.execute("select id, title, text from articles").fetchall()
    conn.execute("delete from article_tags")  # rows of deleted articles go too
    for article_id, title, text in rows:
        write_tags(conn, article_id, rules.tags_for(title, text))
    return len(rows)
