"""Filters of search and export that match nothing known: a warning naming the known values."""

from __future__ import annotations

from danvan_crawler.store.queries import article_sites, tag_counts


def _named(values: list[str]) -> str:
    return ", ".join(values) if values else "none yet"


def filter_warnings(conn, *, site: str | None = None, tag: str | None = None) -> list[str]:
    """One line per filter no article in the database can match (an unknown site or tag)."""
    warnings = []
    if site:
        sites = article_sites(conn)
        if site not in sites:
            warnings.append(f"no article from site {site!r} (sites: {_named(sites)})")
    if tag:
        tags = [name for name, _ in tag_counts(conn)]
        if tag not in tags:
            warnings.append(f"no article tagged {tag!r} (tags: {_named(tags)})")
    return warnings
