"""Streaming exports of articles: JSON Lines or CSV, UTF-8, one article per line/row."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import TextIO

from danvan_crawler.store.queries import export_articles

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
    for item in export_articles(conn, FIELDS, since=since, site=site, tag=tag):
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


def write_csv(rows: Iterator[dict], out: TextIO, *, excel: bool = False) -> int:
    """A header row, then one row per article (lists as JSON); the number written.

    Rows end in CRLF, as RFC 4180 and Excel want. ``excel`` starts the file with a UTF-8
    byte-order mark, without which Excel reads the file as the local code page and garbles
    Vietnamese.
    """
    if excel:
        out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=FIELDS)
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow(
            {k: json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v for k, v in row.items()}
        )
        count += 1
    return count
