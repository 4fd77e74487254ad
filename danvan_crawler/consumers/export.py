"""Streaming exports of articles: JSON Lines or CSV, UTF-8, one article per line/row."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import TextIO

# Stable field order: consumers may rely on it; new fields are only ever appended.
FIELDS = (
    "id",
    "site",
    "site_name",
    "section",
    "title",
    "published",
    "author",
    "url",
    "canonical_url",
    "urls",
    "tags",
    "cluster_id",
    "content_hash",
    "fetched_at",
    "images",
    "text",
)


def iter_articles(
    conn, *, since: str | None = None, site: str | None = None, tag: str | None = None
) -> Iterator[dict]:
    """Articles in publication order (undated last), one dict at a time."""
    sql = (
        "select a.id, a.site, a.site_name, a.section, a.title, a.published, a.author, a.url, "
        "a.canonical_url, "
        "(select json_group_array(u.url) from article_urls u where u.article_id = a.id) as urls, "
        "a.tags, a.cluster_id, a.content_hash, a.fetched_at, a.images, a.text from articles a where 1"
    )
    params: list = []
    if since:
        sql += " and a.published >= ?"
        params.append(since)
    if site:
        sql += " and a.site = ?"
        params.append(site)
    if tag:
        sql += " and exists (select 1 from article_tags t where t.article_id = a.id and t.tag = ?)"
        params.append(tag)
    sql += " order by a.published is null, a.published, a.id"
    cursor = conn.execute(sql, params)
    for row in cursor:
        item = dict(zip(FIELDS, row, strict=True))
        for key in ("urls", "tags", "images"):
            item[key] = json.loads(item[key]) if item[key] else []
        yield item


def write_jsonl(rows: Iterator[dict], out: TextIO) -> int:
    """One JSON object per line; the number written."""
    count = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(rows: Iterator[dict], out: TextIO) -> int:
    """A header row, then one row per article (lists as JSON); the number written."""
    writer = csv.DictWriter(out, fieldnames=FIELDS)
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow(
            {k: json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v for k, v in row.items()}
        )
        count += 1
    return count
