"""Bounded caches of the readers: short texts are remembered, long ones pass through."""

from __future__ import annotations

import tracemalloc

from danvan_crawler.extract.candidates import norm_key
from danvan_crawler.extract.memo import LONGEST, short_texts


def test_short_texts_remembers_short_texts_only():
    calls = []

    @short_texts()
    def upper(text: str) -> str:
        calls.append(text)
        return text.upper()

    short, long = "Tin tức", "Tin tức " * (LONGEST // 4)
    assert [upper(short), upper(short)] == ["TIN TỨC", "TIN TỨC"]
    assert [upper(long), upper(long)] == [long.upper(), long.upper()]
    assert calls == [short, long, long]


def test_norm_key_keeps_no_paragraphs():
    """The body's first lines go through norm_key on every page (trim.py); cached, their
    text stayed in memory until the cache filled (~4 MB by a 2,000-article crawl)."""
    paragraphs = [f"Đoạn văn số {i}: " + "cán bộ, đảng viên học tập và làm theo " * 40 for i in range(300)]
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        keys = [norm_key(p) for p in paragraphs]
        assert keys[7] == paragraphs[7].casefold().strip()
        del keys
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert kept < 64 * 1024, f"{kept} bytes kept after 300 paragraphs"
