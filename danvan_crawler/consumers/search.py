"""Vietnamese full-text search that matches with or without diacritics, đ/Đ included.

SQLite's tokenizer removes most diacritics but leaves "đ" ("dang uy" would not find
"Đảng ủy"), so the index holds đ as d (see ``store/schema.py``) and the query is
folded the same way before it reaches FTS5.
"""

from __future__ import annotations

import re
import unicodedata

from danvan_crawler.store.fold import fold, fold_char
from danvan_crawler.store.queries import search_articles

_TOKEN = re.compile(r"\w+")


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
