"""The article writer: a new text becomes a row, a known text adds its URL, an edit keeps a version."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

from danvan_crawler.extract.urls import canonical_url
from danvan_crawler.store.indexing import index_article, retag_all
from danvan_crawler.store.schema import ARTICLE_COLUMNS, utc_now
from danvan_crawler.store.tags import TagRules, load_rules

if TYPE_CHECKING:  # numpy comes with it: imported when an article is first prepared
    from danvan_crawler.store.clusters import NearCopies

# Columns of ``article_versions`` taken from the article row they keep.
VERSION_COLUMNS = ("content_hash", "title", "text", "published", "author", "fetched_at")
# Columns an edit replaces in ``articles`` (the article keeps its id, site, URL and section).
EDITED_COLUMNS = (
    "content_hash",
    "title",
    "text",
    "published",
    "author",
    "images",
    "fetched_at",
    "extraction",
)


def insert_article(conn: sqlite3.Connection, row: dict) -> int:
    """Insert one ``articles`` row (keys: ``ARTICLE_COLUMNS``); its id."""
    marks = ", ".join("?" * len(ARTICLE_COLUMNS))
    cursor = conn.execute(
        f"insert into articles ({', '.join(ARTICLE_COLUMNS)}) values ({marks})",
        [row.get(key) for key in ARTICLE_COLUMNS],
    )
    return cursor.lastrowid


def add_url(
    conn: sqlite3.Connection,
    article_id: int,
    url: str,
    *,
    site: str,
    first_seen: str,
    run_id: int | None,
    canonical: str | None = None,
) -> bool:
    """Record a URL an article was seen at; False when it was already known."""
    cursor = conn.execute(
        "insert or ignore into article_urls "
        "(article_id, url, site, first_seen, run_id, canonical_url) values (?, ?, ?, ?, ?, ?)",
        (article_id, url, site, first_seen, run_id, canonical or canonical_url(url)),
    )
    return cursor.rowcount > 0


def insert_version(
    conn: sqlite3.Connection, article_id: int, version: dict, *, replaced_at: str, run_id
) -> None:
    """Keep an earlier text of an article in ``article_versions``."""
    names = ("article_id", *VERSION_COLUMNS, "replaced_at", "run_id")
    conn.execute(
        f"insert into article_versions ({', '.join(names)}) values ({', '.join('?' * len(names))})",
        (article_id, *(version[key] for key in VERSION_COLUMNS), replaced_at, run_id),
    )


def _article_row(item: dict, run_id: int | None) -> dict:
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
    return row


def _replace_text(conn: sqlite3.Connection, article_id: int, row: dict, run_id: int | None) -> None:
    """The article's current text moves to ``article_versions``; ``row``'s becomes current."""
    current = conn.execute(
        f"select {', '.join(VERSION_COLUMNS)} from articles where id = ?", (article_id,)
    ).fetchone()
    insert_version(
        conn,
        article_id,
        dict(zip(VERSION_COLUMNS, current, strict=True)),
        replaced_at=utc_now(),
        run_id=run_id,
    )
    conn.execute(
        f"update articles set {', '.join(f'{key} = ?' for key in EDITED_COLUMNS)} where id = ?",
        (*(row[key] for key in EDITED_COLUMNS), article_id),
    )


@dataclass
class PreparedArticle:
    """An article ready for the write transaction (``ArticleWriter.prepare_article``)."""

    row: dict
    canonical: str
    tags: list[str]
    near: NearCopies
    cap: int  # near-duplicate candidates compared at most
    run_id: int | None


def _write_article(conn: sqlite3.Connection, article: PreparedArticle, rules: TagRules) -> str:
    """Store one prepared article inside the caller's write transaction; its outcome."""
    row, canonical = article.row, article.canonical
    found = conn.execute("select id from articles where content_hash = ?", (row["content_hash"],)).fetchone()
    seen_at = conn.execute(
        "select u.article_id from article_urls u where u.site = ? and u.canonical_url = ? "
        "order by u.first_seen desc limit 1",
        (row["site"], canonical),
    ).fetchone()
    if found:
        article_id, outcome = found[0], "duplicate"
    elif seen_at:
        article_id, outcome = seen_at[0], "updated"
        _replace_text(conn, article_id, row, article.run_id)
    else:
        article_id, outcome = insert_article(conn, row), "new"
    if outcome != "duplicate":
        index_article(conn, article_id, row["title"], row["text"], rules, (article.tags, article.near))
    add_url(
        conn,
        article_id,
        row["url"],
        site=row["site"],
        first_seen=row["fetched_at"],
        run_id=article.run_id,
        canonical=canonical,
    )
    return outcome


class ArticleWriter:
    """Article writes of :class:`~danvan_crawler.store.database.Database` (mixed into it)."""

    _tag_rules: TagRules | None
    near_dup_candidates: int  # LSH candidates compared per article at most
    near_dup_capped: int  # articles that had more candidates than that

    @property
    def tag_rules(self) -> TagRules:
        """The tag rule set (the packaged one unless given)."""
        if self._tag_rules is None:
            self._tag_rules = load_rules()
        return self._tag_rules

    def prepare_article(self, item: dict, *, run_id: int | None = None) -> PreparedArticle:
        """What storing ``item`` needs that takes CPU and no lock: its row, tags, fingerprint.

        ValueError when ``item`` lacks a field every article has.
        """
        from danvan_crawler.store.clusters import fingerprint

        row = _article_row(item, run_id)
        tags = self.tag_rules.tags_for(row["title"], row["text"])
        return PreparedArticle(
            row, canonical_url(row["url"]), tags, fingerprint(row["text"]), self.near_dup_candidates, run_id
        )

    def store_article(self, item: dict, *, run_id: int | None = None) -> str:
        """Store one fetched article page; returns what happened.

        "new": a text never seen. "duplicate": a known text (its URL is added to that
        article). "updated": a known URL whose text changed: the new text becomes
        current and the old one moves to ``article_versions``.
        """
        return self.store_articles([self.prepare_article(item, run_id=run_id)])[0]

    def store_articles(self, articles: list[PreparedArticle]) -> list[str]:
        """Store prepared articles in one write transaction, in order; what happened to each
        (``store_article``'s outcomes). On an error nothing of them is stored."""
        from danvan_crawler.store.clusters import find_copies

        # Near-duplicate copies are looked up before the write lock, all in one read
        # snapshot: another process writing the same file waits only for these writes.
        # What was stored after the snapshot (by another process, or earlier in this list)
        # ``assign_cluster`` checks inside the transaction.
        self.conn.execute("BEGIN")
        try:
            for article in articles:
                find_copies(self.conn, article.near, article.cap)
                self.near_dup_capped += article.near.capped
        finally:
            self.conn.execute("COMMIT")
        with self.transaction() as conn:
            return [_write_article(conn, article, self.tag_rules) for article in articles]

    def retag(self, rules: TagRules | None = None) -> int:
        """Recompute every article's tags (after a rule change); the number of articles."""
        with self.transaction() as conn:
            return retag_all(conn, rules or self.tag_rules)
