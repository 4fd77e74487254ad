"""Vietnamese full-text search that matches with or without diacritics, đ/Đ included.

SQLite's tokenizer removes most diacritics but leaves "đ" ("dang uy" would not find
"Đảng ủy"), so the index holds đ as d (see ``store/schema.py``) and the query is
folded the same way before it reaches FTS5.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from danvan_crawler.consumers.filters import filter_warnings
from danvan_crawler.store.fold import fold, fold_char
from danvan_crawler.store.queries import count_matches, search_articles

_TOKEN = re.compile(r"\w+")


class QueryError(ValueError):
    """A query with no word to search for; one-line message."""


@dataclass
class SearchReport:
    """The best ``results`` of a search, how many articles match in all, and filter warnings."""

    results: list[dict]
    total: int
    warnings: list[str] = field(default_factory=list)

    @property
    def footer(self) -> str | None:
        """The "20 of 57 matches" line when the results were cut, else None."""
        if self.total <= len(self.results):
            return None
        return f"{len(self.results)} of {self.total} matches; --limit N shows more"


def fts_query(query: str) -> str:
    """A safe FTS5 MATCH expression: every folded word of ``query``, each quoted."""
    return " ".join(f'"{token}"' for token in _TOKEN.findall(fold(query)))


def snippet(text: str, query: str, width: int = 160) -> str:
    """A window of the original text around the first query word, matches in [brackets]."""
    words = _TOKEN.findall(fold(query))
    if not text or not words:
        return (text or "")[:width]
    folded_chars = [fold_char(c) for c in unicodedata.normalize("NFC", text)]
    original = unicodedata.normalize("NFC", text)
    folded = "".join(c if len(c) == 1 else (c[:1] or " ") for c in folded_chars)
    pattern = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, words)) + r")(?!\w)")
    matches = list(pattern.finditer(folded))
    if not matches:
        return original[:width]
    start = max(0, matches[0].start() - width // 3)
    end = min(len(original), start + width)
    out, cursor = [], start
    for m in matches:
        if m.start() < start or m.end() > end:
            continue
        out.append(original[cursor : m.start()])
        out.append(f"[{original[m.start() : m.end()]}]")
        cursor = m.end()
    out.append(original[cursor:end])
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(original) else ""
    return prefix + "".join(out).replace("\n", " ") + suffix


def search(
    conn,
    query: str,
    *,
    site: str | None = None,
    since: str | None = None,
    limit: int = 20,
) -> list[dict]:
    """Articles matching ``query`` (diacritics optional), best first, with snippets."""
    match = fts_query(query)
    if not match:
        return []
    results = search_articles(conn, match, site=site, since=since, limit=limit)
    for item in results:
        item["snippet"] = snippet(item.pop("text"), query)
    return results


def search_report(
    conn,
    query: str,
    *,
    site: str | None = None,
    since: str | None = None,
    limit: int = 20,
) -> SearchReport:
    """``search`` with the number of matches and warnings; QueryError when ``query`` has no word."""
    match = fts_query(query)
    if not match:
        raise QueryError(f"nothing to search for in {query!r}: give at least one word")
    warnings = filter_warnings(conn, site=site)
    results = search(conn, query, site=site, since=since, limit=limit)
    total = count_matches(conn, match, site=site, since=since) if len(results) == limit else len(results)
    return SearchReport(results, total, warnings)
