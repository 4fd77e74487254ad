"""Sites as a work queue: at most N in progress at once, in one process or shared by --jobs."""

from __future__ import annotations

import sqlite3

import pytest
from conftest import run_danvan

from danvan_crawler.replicas import build_all_sites

pytestmark = pytest.mark.crawl
SIX = ("la34", "langson", "dongthap", "quangtri", "binhdinh", "camlo_quangtri")


def _peak(lines, opened, closed) -> int:
    """The most sites in progress at once, from lines saying when each opened and closed."""
    now = peak = 0
    for line in lines:
        if opened(line):
            now += 1
            peak = max(peak, now)
        elif closed(line):
            now -= 1
    assert now == 0
    return peak


def _stored(db) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return sorted(conn.execute("select site, content_hash, title, published from articles"))


def _crawl(db, *args):
    return run_danvan(
        "crawl", *SIX, "--replicas", "--replica-delay", "0.01", "-v", "--db", str(db),
        "--log-file", str(db.with_suffix(".log")), *args,
    )  # fmt: skip


@pytest.fixture(scope="module")
def two_at_once(tmp_path_factory):
    db = tmp_path_factory.mktemp("queue") / "two.db"
    result = _crawl(db, "--sites-at-once", "2")
    assert result.returncode == 0, result.stdout + result.stderr
    return db, result


def test_never_more_sites_in_progress_than_slots(two_at_once):
    db, result = two_at_once
    assert ", 2 at once" in result.stdout
    # What the crawl reports as sites start and end...
    lines = result.stdout.splitlines()
    assert _peak(lines, lambda s: s.endswith("queued)"), lambda s: " - ok" in s) == 2
    # ...and what each site's Scrapy engine logs.
    log = db.with_suffix(".log").read_text(encoding="utf-8").splitlines()
    assert _peak(log, lambda s: "Spider opened" in s, lambda s: "Spider closed" in s) == 2
    assert "  langson: started (4 queued)" in result.stdout  # the first two leave four waiting


def test_every_article_stored_once(two_at_once):
    db, _ = two_at_once
    sites = build_all_sites()
    stored = _stored(db)
    assert len({row[1] for row in stored}) == len(stored)
    for name in SIX:
        assert sum(row[0] == name for row in stored) == len(sites[name].articles)
    with sqlite3.connect(db) as conn:
        runs = conn.execute("select spider, finish_reason from crawl_runs").fetchall()
    assert sorted(runs) == sorted((name, "finished") for name in SIX)


def test_jobs_share_the_queue(two_at_once, tmp_path):
    """--jobs 2 with two slots: each process one site at a time, pulling from one queue."""
    one_db, _ = two_at_once
    db = tmp_path / "jobs.db"
    result = _crawl(db, "--sites-at-once", "2", "--jobs", "2")
    assert result.returncode == 0, result.stdout + result.stderr
    assert _stored(db) == _stored(one_db)
    lines = result.stdout.splitlines()
    assert _peak(lines, lambda s: s.endswith("queued)"), lambda s: " - ok" in s) <= 2
    for name in SIX:
        assert f"  {name}: started" in result.stdout and f"  {name}: 30 new" in result.stdout


FREED = """
import gc, sys, tempfile
from scrapy.crawler import Crawler
from danvan_crawler.crawl.events import CrawlEvents, SiteQueue
from danvan_crawler.crawl.project import project_settings, spider_classes
from danvan_crawler.crawl.runner import REPLICA_SETTINGS
from danvan_crawler.crawl.slots import SlotCrawl
from danvan_crawler.replicas import ReplicaFarm, build_all_sites

def alive():
    gc.collect()
    return sum(isinstance(o, Crawler) for o in gc.get_objects())

class Count(CrawlEvents):
    most = 0
    def done(self, result):
        Count.most = max(Count.most, alive())

sites = {n: s for n, s in build_all_sites().items() if n in sys.argv[1:]}
with ReplicaFarm(sites) as farm:
    settings = project_settings({**REPLICA_SETTINGS, "DANVAN_DB": tempfile.mktemp(), "LOG_LEVEL": "ERROR"})
    base_urls = {n: farm.base_url(n) for n in sites}
    SlotCrawl(SiteQueue(list(sites)), spider_classes(settings), settings=settings, base_urls=base_urls,
              events=Count(), slots=2).run()
print(Count.most, alive())
"""


def test_ended_sites_free_their_crawlers():
    """Memory follows the sites in progress: a crawler is gone once its site has ended."""
    import subprocess
    import sys

    from conftest import REPO

    done = subprocess.run(
        [sys.executable, "-c", FREED, *SIX], cwd=REPO, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    most, left = map(int, done.stdout.split())
    assert most <= 2 and left == 0


FROZEN_AT_EXIT = """
import atexit, gc, sys, tempfile
from danvan_crawler.crawl.events import CrawlEvents, SiteQueue
from danvan_crawler.crawl.project import project_settings, spider_classes
from danvan_crawler.crawl.runner import REPLICA_SETTINGS
from danvan_crawler.crawl.slots import SlotCrawl
from danvan_crawler.replicas import ReplicaFarm, build_all_sites

# Registered first, so it runs after the crawl's own exit handlers.
atexit.register(lambda: print("frozen at exit:", gc.get_freeze_count() > 0, flush=True))
sites = {n: s for n, s in build_all_sites().items() if n == sys.argv[1]}
with ReplicaFarm(sites) as farm:
    settings = project_settings({**REPLICA_SETTINGS, "DANVAN_DB": tempfile.mktemp(), "LOG_LEVEL": "ERROR"})
    SlotCrawl(SiteQueue(list(sites)), spider_classes(settings), settings=settings,
              base_urls={n: farm.base_url(n) for n in sites}, events=CrawlEvents(), slots=1).run()
print("frozen after the crawl:", gc.get_freeze_count() > 0, flush=True)
"""


def test_a_crawl_process_exits_without_a_last_full_collection():
    """The crawl unfreezes its heap when it returns (it may run inside a longer process),
    and freezes what is left at exit: Python's last collection then skips it."""
    import subprocess
    import sys

    from conftest import REPO

    done = subprocess.run(
        [sys.executable, "-c", FROZEN_AT_EXIT, "la34"], cwd=REPO, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-2:] == ["frozen after the crawl: False", "frozen at exit: True"]


ONE_CONNECTION = """
import sqlite3, sys, tempfile
from danvan_crawler.crawl.events import CrawlEvents, SiteQueue
from danvan_crawler.crawl.project import project_settings, spider_classes
from danvan_crawler.crawl.runner import REPLICA_SETTINGS
from danvan_crawler.crawl.slots import SlotCrawl
from danvan_crawler.replicas import ReplicaFarm, build_all_sites

OPEN, MOST = set(), [0]

class Counted(sqlite3.Connection):
    def close(self):
        OPEN.discard(id(self))
        super().close()

real_connect = sqlite3.connect

def connect(*args, **kwargs):
    conn = real_connect(*args, factory=Counted, **kwargs)
    OPEN.add(id(conn))
    MOST[0] = max(MOST[0], len(OPEN))
    return conn

sqlite3.connect = connect
sites = {n: s for n, s in build_all_sites().items() if n in sys.argv[1:]}
with tempfile.TemporaryDirectory() as tmp, ReplicaFarm(sites) as farm:
    db = f"{tmp}/crawl.db"
    settings = project_settings({**REPLICA_SETTINGS, "DANVAN_DB": db, "LOG_LEVEL": "ERROR"})
    SlotCrawl(SiteQueue(list(sites)), spider_classes(settings), settings=settings,
              base_urls={n: farm.base_url(n) for n in sites}, events=CrawlEvents(), slots=3).run()
    with real_connect(db) as check:
        stored = check.execute("select count(distinct site), count(*) from articles").fetchone()
    check.close()
print(MOST[0], len(OPEN), *stored)
"""


def test_sites_in_progress_share_one_database_connection():
    """Three sites in progress write through one connection (store/database.py says why),
    and it is closed when the crawl ends."""
    import subprocess
    import sys

    from conftest import REPO

    done = subprocess.run(
        [sys.executable, "-c", ONE_CONNECTION, *SIX], cwd=REPO, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    most, left, sites, articles = map(int, done.stdout.split())
    assert (most, left) == (1, 0)
    assert sites == len(SIX) and articles == 30 * len(SIX)
