"""Vietnamese full-text search that matches with or without diacritics, đ/Đ included.

SQLite's ``remove_diacritics`` leaves "đ" alone ("dang uy" does not find "Đảng ủy"),
so we index a folded copy of title and text (``articles_search``, kept in sync by
triggers that call ``danvan_fold()``) and fold the query the same way.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_TOKEN = re.compile(r"\w+")


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char in "đĐ":
        return "d"
    base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    return base.lower()


class _FoldTable(dict):
    """``str.translate`` table filled on first sight of each character: the folding
    runs in C instead of one Python call per character."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()


@lru_cache(maxsize=64)  # tags, the FTS triggers and search fold the same strings
def fold(text: str | None) -> str:
    """Lowercase, every diacritic removed, đ -> d: "Đảng ủy" -> "dang uy"."""
    if not text:
        return ""
    return unicodedata.normalize("NFC", text).translate(_FOLD_TABLE)


def register(conn) -> None:
    """Make ``danvan_fold()`` available to SQL on this connection (triggers use it)."""
    conn.create_function("danvan_fold", 1, fold, deterministic=True)


def fts_query(query: str) -> str:
    """A safe FTS5 MATCH expression: every folded word of ``query``, each quoted."""
    return " ".join(f'"{token}"' for token in _TOKEN.findall(fold(query)))


def snippet(text: str, query: str, width: int = 160) -> str:
    """A window of the original text around the first query word, matches in [brackets]."""
    words = _TOKEN.findall(fold(query))
    if not text or not words:
        return (text or "")[:width]
    folded_chars = [_fold_char(c) for c in unicodedata.normalize("NFC", text)]
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
    sql = (
        "select a.id, a.site, a.published, a.title, a.url, a.text "
        "from articles_search s join articles a on a.id = s.rowid "
        "where articles_search match ?"
    )
    params: list = [match]
    if site:
        sql += " and a.site = ?"
        params.append(site)
    if since:
        sql += " and a.published >= ?"
        params.append(since)
    sql += " order by bm25(articles_search, 5.0, 1.0) limit ?"
    params.append(limit)
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    results = []
    for row in cursor:
        item = dict(zip(names, row, strict=True))
        item["snippet"] = snippet(item.pop("text"), query)
        results.append(item)
    return results
