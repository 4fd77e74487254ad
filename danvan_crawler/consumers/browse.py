"""Browse the database in Datasette: metadata, canned queries and the SQL functions they use.

``danvan serve`` starts Datasette with :func:`metadata` and this module registered as a
plugin (also through the ``datasette`` entry point, so a plain ``datasette output/danvan.db``
gets the functions too). Datasette's own table search passes the query to FTS5 as typed;
FTS5's tokenizer strips most diacritics but not "đ", so the ``search`` canned query folds
the query with :func:`danvan_crawler.store.fold.fold` first, like ``danvan search`` does.
"""

from __future__ import annotations

from pathlib import Path

from datasette import hookimpl

from danvan_crawler.consumers.search import fts_query, snippet
from danvan_crawler.store.queries import (
    BROWSE_LATEST_DAN_VAN_SQL,
    BROWSE_SEARCH_SQL,
    BROWSE_SITE_COUNTS_SQL,
    BROWSE_STORY_CLUSTER_SQL,
)


def metadata(db_path: Path) -> dict:
    """Datasette metadata for one danvan database (keyed by its file stem, as Datasette names it)."""
    return {
        "title": "danvan-crawler",
        "description": (
            "News of Party and mass-organisation work (công tác dân vận) from Vietnamese "
            "provincial and district portals. Search works with or without diacritics."
        ),
        "databases": {
            db_path.stem: {
                "description": "One row per article (deduplicated by content); schema: docs/schema.md.",
                "tables": {
                    "articles": {
                        "title": "Articles",
                        "description": "One row per distinct article text; tags and near-duplicate cluster.",
                        "facets": ["site", "section", {"array": "tags"}, "year"],
                        "sort_desc": "published",
                        "fts_table": "articles_search",
                        "fts_pk": "id",
                        "hidden": False,
                    },
                    "article_urls": {"description": "Every URL an article was found at."},
                    "article_tags": {
                        "description": "One row per (article, tag); rules in danvan_crawler/data/tags.toml.",
                        "facets": ["tag"],
                    },
                    "crawl_runs": {"description": "One row per spider run with its counters."},
                    "failures": {"description": "Every page that failed, with its cause."},
                    "latest_articles": {"description": "The 20 newest articles of each site."},
                    "clusters": {
                        "description": "Near-duplicate clusters: the same story on several portals.",
                        "sort_desc": "size",
                    },
                    "site_monthly_counts": {
                        "description": "Articles per site and month.",
                        "facets": ["site"],
                    },
                    "articles_search": {"hidden": True},
                    "lsh_buckets": {"hidden": True},
                    "article_fingerprints": {"hidden": True},
                },
                "queries": {
                    "search": {
                        "title": "Search articles",
                        "description": (
                            'Full-text search, diacritics optional: "dan van", "dang uy", "Dân vận".'
                        ),
                        "sql": BROWSE_SEARCH_SQL.strip(),
                    },
                    "latest_dan_van": {
                        "title": "Latest dân vận articles",
                        "description": "The 100 newest articles tagged dan_van.",
                        "sql": BROWSE_LATEST_DAN_VAN_SQL.strip(),
                    },
                    "story_cluster": {
                        "title": "Where else did this story appear?",
                        "description": "Every copy of an article's story, earliest first.",
                        "sql": BROWSE_STORY_CLUSTER_SQL.strip(),
                    },
                    "site_counts": {
                        "title": "Articles per site",
                        "description": "Article counts and date range per site.",
                        "sql": BROWSE_SITE_COUNTS_SQL.strip(),
                    },
                },
            }
        },
    }


@hookimpl
def prepare_connection(conn):
    conn.create_function("danvan_fts_query", 1, lambda q: fts_query(q or "") or '""', deterministic=True)
    conn.create_function(
        "danvan_snippet", 2, lambda text, q: snippet(text or "", q or ""), deterministic=True
    )
