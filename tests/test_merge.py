"""``danvan merge``: partial databases merge into what one full crawl would have stored."""

from __future__ import annotations

import sqlite3

import pytest
from conftest import SPIDERS, mirror_args, run_danvan

pytestmark = pytest.mark.crawl


def _content(db):
    conn = sqlite3.connect(db)
    try:
        articles = set(
            conn.execute("select site, content_hash, title, published, author, text, images from articles")
        )
        urls = set(
            conn.execute(
                "select a.content_hash, u.url, u.site from article_urls u "
                "join articles a on a.id = u.article_id"
            )
        )
        runs = conn.execute("select count(*) from crawl_runs").fetchone()[0]
        return articles, urls, runs
    finally:
        conn.close()


def test_merge_equals_full_crawl_and_is_idempotent(farm, tmp_path):
    part_a, part_b, full, merged = (tmp_path / f"{n}.db" for n in ("a", "b", "full", "merged"))
    first, second = SPIDERS[:3], SPIDERS[3:]
    for db, spiders in ((part_a, first), (part_b, second), (full, SPIDERS)):
        result = run_danvan("crawl", *spiders, "--db", str(db), *mirror_args(farm, spiders))
        assert result.returncode == 0, result.stderr
    result = run_danvan("merge", str(part_a), str(part_b), "-o", str(merged))
    assert result.returncode == 0, result.stderr
    assert "+" in result.stdout
    articles, urls, runs = _content(merged)
    full_articles, full_urls, _ = _content(full)
    assert articles == full_articles
    assert urls == full_urls
    assert runs == len(SPIDERS)
    again = run_danvan("merge", str(part_a), str(part_b), "-o", str(merged))
    assert again.returncode == 0
    assert _content(merged) == (articles, urls, runs)
    assert "+0 articles, +0 URLs, +0 runs" in again.stdout


def test_merge_bad_inputs(tmp_path):
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(b"nope" * 500)
    result = run_danvan("merge", str(bogus), "-o", str(tmp_path / "out.db"))
    assert result.returncode == 3
    assert result.stderr.startswith("error:")
    result = run_danvan("merge", str(tmp_path / "missing.db"), "-o", str(tmp_path / "out.db"))
    assert result.returncode == 3
    assert "no database" in result.stderr
