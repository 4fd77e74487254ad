"""Scheduled runs: incremental crawling, edits kept as versions, one crawl per database."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta

import pytest
from conftest import REPO, SPIDERS, mirror_args, run_danvan

from danvan_crawler.extract.dates import VN_TZ
from danvan_crawler.replicas import ReplicaFarm

pytestmark = pytest.mark.crawl


def _rows(db, sql, *params):
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


def _last_run(db, spider):
    return _rows(db, "select * from crawl_runs where spider = ? order by id desc limit 1", spider)[0]


def _article_requests(site):
    paths = {a.path for a in site.articles}
    return [path for _, path in site.request_log if path in paths]


def _listing_requests(site):
    paths = {a.path for a in site.articles}
    return [path for _, path in site.request_log if path not in paths and path != "/robots.txt"]


@pytest.fixture
def own_farm():
    """A farm these tests may change (the session farm stays pristine)."""
    with ReplicaFarm() as farm:
        yield farm


def _crawl(farm, db, *extra):
    for site in farm.sites.values():
        site.clear_log()
    result = run_danvan("crawl", *SPIDERS, "--db", str(db), *mirror_args(farm), *extra)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def test_unchanged_recrawl_makes_one_listing_request_per_section(own_farm, tmp_path):
    db = tmp_path / "inc.db"
    _crawl(own_farm, db)
    _crawl(own_farm, db)
    for name, site in own_farm.sites.items():
        assert len(_listing_requests(site)) == 1, site.request_log
        assert _article_requests(site) == []
        assert [p for _, p in site.request_log].count("/robots.txt") <= 1
        run = _last_run(db, name)
        stats = json.loads(run["stats"])
        assert (run["listing_pages"], run["article_pages"], run["articles_new"]) == (1, 0, 0)
        assert stats["listing_not_modified"] == 1
        assert run["finish_reason"] == "finished"


def test_new_articles_are_the_only_articles_fetched(own_farm, tmp_path):
    db = tmp_path / "inc.db"
    _crawl(own_farm, db)
    site = own_farm.sites["langson"]
    added = site.add_articles(3)
    _crawl(own_farm, db)
    assert sorted(_article_requests(site)) == sorted(a.path for a in added)
    assert _last_run(db, "langson")["articles_new"] == 3
    stored = {r["title"] for r in _rows(db, "select title from articles where site = 'langson'")}
    assert {a.title for a in added} <= stored
    for name in set(SPIDERS) - {"langson"}:
        assert _article_requests(own_farm.sites[name]) == []


def test_edited_recent_article_gets_a_new_version(own_farm, tmp_path):
    db = tmp_path / "inc.db"
    site = own_farm.sites["la34"]
    recent = site.add_articles(1, published=datetime.now(VN_TZ) - timedelta(days=2))[0]
    _crawl(own_farm, db)
    old_text = _rows(db, "select text from articles where title = ?", recent.title)[0]["text"]
    site.edit_article(
        recent.id, [*recent.paragraphs[:-1], "Đoạn kết đã được biên tập viên sửa lại sau khi đăng."]
    )
    _crawl(own_farm, db)
    assert _article_requests(site) == [recent.path]  # old articles are not re-fetched
    row = _rows(db, "select id, text from articles where title = ?", recent.title)
    assert len(row) == 1 and "biên tập viên sửa lại" in row[0]["text"]
    versions = _rows(db, "select * from article_versions where article_id = ?", row[0]["id"])
    assert len(versions) == 1 and versions[0]["text"] == old_text
    assert _last_run(db, "la34")["articles_updated"] == 1


# The CLI in a fresh process that names, on exiting, which of the libraries only storing an
# article needs it had imported.
_IMPORTED_AT_EXIT = """
import atexit, sys
heavy = ("numpy", "sqlite_utils")
atexit.register(lambda: print("IMPORTED:", *sorted(set(heavy) & set(sys.modules)), file=sys.stderr))
sys.argv[0] = "danvan"
from danvan_crawler.cli import main
main()
"""


def _heavy_imports(farm, db) -> list[str]:
    command = [
        sys.executable,
        "-c",
        _IMPORTED_AT_EXIT,
        "crawl",
        *SPIDERS,
        "--db",
        str(db),
        *mirror_args(farm),
    ]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    line = next(x for x in done.stderr.splitlines() if x.startswith("IMPORTED:"))
    return line.split()[1:]


def test_an_unchanged_recrawl_imports_neither_numpy_nor_sqlite_utils(farm, tmp_path):
    """A re-crawl that stores nothing skips the near-duplicate code's numpy and sqlite-utils
    (which imports numpy too): ~0.3 s of a ~0.9 s re-crawl of a dozen sites."""
    db = tmp_path / "inc.db"
    assert _heavy_imports(farm, db) == ["numpy", "sqlite_utils"]  # a new file: migrated, articles stored
    assert _heavy_imports(farm, db) == []


def test_second_concurrent_crawl_exits_at_once(own_farm, tmp_path):
    db = tmp_path / "locked.db"
    for site in own_farm.sites.values():
        site.delay = 0.05  # the first crawl takes a while
    first = subprocess.Popen(
        [sys.executable, "-m", "danvan_crawler", "crawl", *SPIDERS, "--db", str(db), *mirror_args(own_farm)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while not any(site.request_log for site in own_farm.sites.values()):
            assert time.monotonic() < deadline and first.poll() is None
            time.sleep(0.05)
        started = time.monotonic()
        second = run_danvan("crawl", *SPIDERS, "--db", str(db), *mirror_args(own_farm), timeout=60)
        assert time.monotonic() - started < 15  # at once, not after the first finished
        assert first.poll() is None, "the first crawl should still be running"
        assert second.returncode == 4
        assert "Traceback" not in second.stderr
        assert second.stderr.strip().splitlines()[-1] == (
            f"error: another crawl (pid {first.pid}) is already writing {db}"
        )
    finally:
        out, err = first.communicate(timeout=300)
    assert first.returncode == 0, out + err
