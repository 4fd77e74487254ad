"""A real Scrapy crawl of every replica through the whole pipeline into SQLite."""

from __future__ import annotations

import sqlite3
import sys
import unicodedata

import pytest
from conftest import SPIDERS, generated_site, mirror_args, run_danvan

pytestmark = pytest.mark.crawl


def _nfc(text):
    return unicodedata.normalize("NFC", " ".join((text or "").split()))


def _rows(db, sql, *params):
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


@pytest.mark.parametrize("name", SPIDERS)
def test_every_replica_article_stored_once(crawled, farm, name):
    db, _ = crawled
    site = farm.sites[name]
    rows = _rows(db, "select * from articles where site = ?", name)
    assert len(rows) == len(site.articles) >= 25
    by_title = {_nfc(r["title"]): r for r in rows}
    assert len(by_title) == len(rows), "duplicate articles stored"
    for article in site.articles:
        row = by_title[_nfc(article.title)]
        assert row["published"] == article.published_iso
        assert (row["author"] and _nfc(row["author"])) == (article.author and _nfc(article.author))
        for paragraph in article.paragraphs:
            assert _nfc(paragraph) in _nfc(row["text"])
        assert row["url"].endswith(article.path)


@pytest.mark.parametrize("name", SPIDERS)
def test_pagination_walked_to_the_end(crawled, farm, name):
    db, _ = crawled
    site = farm.sites[name]
    listing_requests = {
        path
        for method, path in site.request_log
        if path != "/robots.txt" and not any(path == a.path for a in site.articles)
    }
    run = _rows(db, "select * from crawl_runs where spider = ? order by id desc limit 1", name)[0]
    pages = -(-len(site.articles) // site.page_size)
    assert run["listing_pages"] == pages >= 3
    assert run["failures"] == 0
    assert run["finish_reason"] == "finished"
    assert len(listing_requests) >= pages


def test_seed_rows_match_gold(crawled, seed_gold):
    db, _ = crawled
    for name, gold in seed_gold.items():
        row = _rows(db, "select * from articles where site = ? and title = ?", name, gold["title"])
        assert row, f"{name}: seed article not stored"
        row = row[0]
        assert row["published"] == gold["published"]
        assert row["author"] == gold["author"]
        text_lines = {_nfc(line) for line in row["text"].splitlines()}
        for chrome in gold["chrome"]:
            assert _nfc(chrome) not in text_lines


def test_summary_printed_and_no_failures_recorded(crawled):
    db, result = crawled
    for name in SPIDERS:
        assert name in result.stdout
    assert "FAILED" not in result.stdout
    assert _rows(db, "select count(*) as n from failures")[0]["n"] == 0


def test_second_crawl_adds_no_duplicates(crawled, farm):
    db, _ = crawled
    before = _rows(db, "select count(*) as n from articles")[0]["n"]
    urls_before = _rows(db, "select count(*) as n from article_urls")[0]["n"]
    again = run_danvan("crawl", *SPIDERS, "--db", str(db), *mirror_args(farm))
    assert again.returncode == 0, again.stderr
    assert _rows(db, "select count(*) as n from articles")[0]["n"] == before
    assert _rows(db, "select count(*) as n from article_urls")[0]["n"] == urls_before
    full = run_danvan("crawl", *SPIDERS, "--db", str(db), "--full", *mirror_args(farm))
    assert full.returncode == 0, full.stderr
    assert _rows(db, "select count(*) as n from articles")[0]["n"] == before
    last_runs = _rows(
        db,
        "select spider, articles_new, articles_duplicate from crawl_runs "
        "where id in (select max(id) from crawl_runs group by spider)",
    )
    assert all(r["articles_new"] == 0 and r["articles_duplicate"] >= 25 for r in last_runs)


def test_same_text_at_two_urls_is_one_article_with_two_urls(farm, tmp_path):
    """A second portal republishing an article verbatim adds a URL, not a row."""
    from dataclasses import replace

    db = tmp_path / "dup.db"
    site = farm.sites["la34"]
    original = site.articles[3]
    copy = replace(
        original, id=99_999, slug=original.slug + "-ban-sao", path=original.path.rstrip("/") + "-ban-sao/"
    )
    site.articles.insert(0, copy)
    try:
        result = run_danvan("crawl", "la34", "--db", str(db), *mirror_args(farm, ["la34"]))
    finally:
        site.articles.remove(copy)
    assert result.returncode == 0, result.stderr
    rows = _rows(
        db,
        "select a.id, count(u.url) as urls from articles a "
        "join article_urls u on u.article_id = a.id where a.title = ? group by a.id",
        original.title,
    )
    assert len(rows) == 1 and rows[0]["urls"] == 2


def test_jobs_two_processes_store_what_one_process_stores(crawled, tmp_path):
    """--jobs 2: this process and one child share the sites and write one database."""
    from danvan_crawler.replicas import ReplicaFarm

    one_db, _ = crawled
    db = tmp_path / "jobs.db"
    with ReplicaFarm() as own_farm:  # its own servers: the shared farm's request logs stay clean
        result = run_danvan("crawl", *SPIDERS, "--jobs", "2", "--db", str(db), *mirror_args(own_farm))
    assert result.returncode == 0, result.stdout + result.stderr
    for name in SPIDERS:  # every site reported, whichever process crawled it
        assert f"  {name}: " in result.stdout

    def articles(path):
        with sqlite3.connect(path) as conn:
            return sorted(conn.execute("select site, content_hash, title, published from articles"))

    stored = articles(db)
    assert stored == articles(one_db)
    assert len({row[1] for row in stored}) == len(stored)  # each text once
    with sqlite3.connect(db) as conn:
        runs = conn.execute("select spider, finish_reason, stats from crawl_runs").fetchall()
        orphans = conn.execute(
            "select count(*) from articles a "
            "where not exists (select 1 from article_urls u where u.article_id = a.id)"
        ).fetchone()[0]
    assert sorted(r[0] for r in runs) == sorted(SPIDERS)
    assert all(r[1] == "finished" for r in runs)
    assert all("danvan/db_lock_wait_ms" in r[2] for r in runs)
    assert orphans == 0


def test_articles_in_transactions_of_their_own_store_what_batches_store(tmp_path):
    """DANVAN_STORE_BATCH=1 (each article its own transaction) against the default batches:
    the same rows, URLs, versions, tags and clusters (crawl/write_batch.py)."""
    from conftest import REPO

    from danvan_crawler.replicas import ReplicaFarm

    sys.path.insert(0, str(REPO / "tests" / "tools"))
    from export_snapshot import snapshot

    snapshots = []
    with ReplicaFarm() as own_farm:  # its own servers: the shared farm's request logs stay clean
        for name, batch in (("one.db", "1"), ("batched.db", "32")):
            db = tmp_path / name
            settings = ("--set", f"DANVAN_STORE_BATCH={batch}")
            result = run_danvan("crawl", *SPIDERS, "--db", str(db), *settings, *mirror_args(own_farm))
            assert result.returncode == 0, result.stdout + result.stderr
            snapshots.append(snapshot(str(db)))
    assert len(snapshots[0]) >= 5 * 20
    assert snapshots[0] == snapshots[1]


def test_a_site_that_has_nothing_left_to_fetch_writes_its_batch_without_waiting(tmp_path):
    """A batch that would wait 600 s (and hold 1,000 articles) is written as the site's last
    pages arrive: the crawl ends long before, every article stored."""
    import time

    from danvan_crawler.replicas import ReplicaFarm

    name = SPIDERS[0]
    db = tmp_path / "one.db"
    settings = ("--set", "DANVAN_STORE_BATCH=1000", "--set", "DANVAN_STORE_BATCH_SECONDS=600")
    with ReplicaFarm() as own_farm:  # its own servers: the shared farm's request logs stay clean
        started = time.monotonic()
        result = run_danvan("crawl", name, "--db", str(db), *settings, *mirror_args(own_farm, [name]))
        took = time.monotonic() - started
        expected = len(own_farm.sites[name].articles)
    assert result.returncode == 0, result.stdout + result.stderr
    assert took < 300, took
    assert len(_rows(db, "select id from articles")) == expected


def test_last_listing_page_beside_a_long_sidebar_takes_only_its_posts(tmp_path):
    # Seen on the benchmark farm: sites of 10 articles whose pages carry a "Tin mới" sidebar
    # of hundreds of dated titles (the farm's padding). The last listing page held two
    # posts; the sidebar outscored them, and the crawl fetched ~500 sidebar links (404s)
    # and missed the two posts.
    from danvan_crawler.replicas import ReplicaFarm

    names = ["quan11_hcm", "binhdinh"]
    sites = {name: generated_site(name, count=10) for name in names}
    for site in sites.values():
        site.pad_to = (60_000, 90_000)
    with ReplicaFarm(sites) as farm:
        db = tmp_path / "t.db"
        result = run_danvan("crawl", *names, "--db", str(db), *mirror_args(farm, names))
    assert result.returncode == 0, result.stdout + result.stderr
    for name in names:
        stored = [r["url"] for r in _rows(db, "select url from articles where site = ?", name)]
        assert len(stored) == len(sites[name].articles) == 10, name
        assert all(any(url.endswith(a.path) for url in stored) for a in sites[name].articles), name
    assert _rows(db, "select url, reason from failures") == []
