"""Learned site templates in the database: ``site_templates`` and ``template_blocks`` (schema 6).

Saving adds what a process learned since its last save to the stored counts, so that
parallel crawls of one site (``crawl --jobs``) add up instead of overwriting each other.
"""

from __future__ import annotations

import sqlite3

from danvan_crawler.extract.template import MAX_BLOCKS, SiteTemplate
from danvan_crawler.store.schema import utc_now


def load_template(conn: sqlite3.Connection, site: str) -> SiteTemplate:
    """The stored template of ``site`` (empty when none was learned yet)."""
    template = SiteTemplate(site)
    row = conn.execute("select pages from site_templates where site = ?", (site,)).fetchone()
    if row is None:
        return template
    template.pages = row[0] or 0
    template.blocks = dict(
        conn.execute("select hash, pages from template_blocks where site = ?", (site,)).fetchall()
    )
    return template


def save_template(conn: sqlite3.Connection, template: SiteTemplate) -> None:
    """Add the template's pending counts to the stored ones, keep the ``MAX_BLOCKS`` most seen.

    Runs in the caller's transaction.
    """
    if not template.pending_pages and not template.pending:
        return
    site = template.site
    conn.execute(
        "insert into site_templates (site, pages, updated_at) values (?, ?, ?) "
        "on conflict(site) do update set pages = pages + excluded.pages, updated_at = excluded.updated_at",
        (site, template.pending_pages, utc_now()),
    )
    conn.executemany(
        "insert into template_blocks (site, hash, kind, pages, sample) values (?, ?, ?, ?, ?) "
        "on conflict(site, hash) do update set pages = pages + excluded.pages",
        [
            (site, digest, template.kinds.get(digest), count, template.samples.get(digest))
            for digest, count in template.pending.items()
        ],
    )
    conn.execute(
        "delete from template_blocks where site = ? and hash not in "
        "(select hash from template_blocks where site = ? order by pages desc limit ?)",
        (site, site, MAX_BLOCKS),
    )
    template.saved()


def template_blocks(conn: sqlite3.Connection, site: str, limit: int = 50) -> list[dict]:
    """The most seen blocks of ``site``: kind, pages seen on, sample text or URL."""
    rows = conn.execute(
        "select kind, pages, sample from template_blocks where site = ? order by pages desc limit ?",
        (site, limit),
    ).fetchall()
    return [{"kind": kind, "pages": pages, "sample": sample} for kind, pages, sample in rows]
