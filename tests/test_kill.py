"""A crawl killed with SIGKILL at any point loses nothing: the next run completes it."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from conftest import REPO, SPIDERS, mirror_args, run_danvan

from danvan_crawler import settings as project
from danvan_crawler.replicas import ReplicaFarm

pytestmark = pytest.mark.crawl
TESTS = REPO / "tests"


def _articles(db) -> set[tuple[str, str]]:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        orphans = conn.execute(
            "select count(*) from articles a where not exists "
            "(select 1 from article_urls u where u.article_id = a.id) or a.text = '' or a.title = ''"
        ).fetchone()[0]
        assert orphans == 0, "half-written article rows"
        rows = conn.execute("select site, content_hash from articles").fetchall()
        assert len(rows) == len(set(rows))
        return set(rows)
    finally:
        conn.close()


@pytest.fixture(scope="module")
def slow_farm():
    with ReplicaFarm() as farm:
        for site in farm.sites.values():
            site.delay = 0.01
        yield farm


@pytest.fixture(scope="module")
def uninterrupted(slow_farm, tmp_path_factory):
    db = tmp_path_factory.mktemp("kill") / "whole.db"
    result = run_danvan("crawl", *SPIDERS, "--db", str(db), *mirror_args(slow_farm))
    assert result.returncode == 0, result.stderr
    return _articles(db)


def _requests(farm) -> int:
    return sum(len(site.request_log) for site in farm.sites.values())


@pytest.mark.parametrize("after_requests", [3, 40, 120])
def test_kill_while_fetching(slow_farm, uninterrupted, tmp_path, after_requests):
    db = tmp_path / "killed.db"
    start = _requests(slow_farm)
    proc = subprocess.Popen(
        [sys.executable, "-m", "danvan_crawler", "crawl", *SPIDERS, "--db", str(db), *mirror_args(slow_farm)],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while _requests(slow_farm) - start < after_requests and proc.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.005)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = _articles(db) if db.exists() else set()
    assert partial < uninterrupted
    rerun = run_danvan("crawl", *SPIDERS, "--db", str(db), *mirror_args(slow_farm))
    assert rerun.returncode == 0, rerun.stderr
    assert _articles(db) == uninterrupted


@pytest.mark.parametrize("nth_write", [1, 17, 30])
def test_kill_inside_a_write_transaction(slow_farm, uninterrupted, tmp_path, nth_write):
    db, note = tmp_path / "killed.db", tmp_path / "note.json"
    # The project's extensions plus the test-only one that kills the N-th write (kill_in_write.py).
    extensions = json.dumps({**project.EXTENSIONS, "kill_in_write.KillInWrite": 900})
    killed = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "la34", "-s", f"DANVAN_DB={db}",
         "-s", f"EXTENSIONS={extensions}", "-s", f"KILL_IN_WRITE={nth_write}",
         "-s", f"KILL_IN_WRITE_NOTE={note}",
         "-a", f"base_url={slow_farm.base_url('la34')}", "-s", "LOG_LEVEL=ERROR", "-s", "DOWNLOAD_DELAY=0"],
        cwd=REPO, capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")])},
    )  # fmt: skip
    if nth_write <= 30:
        assert killed.returncode == -signal.SIGKILL
        # The killed transaction (the N-th article's batch) left nothing behind; the earlier
        # ones are whole.
        committed = json.loads(note.read_text())["committed"]
        assert committed < nth_write
        assert len(_articles(db) if db.exists() else ()) == committed
    rerun = run_danvan("crawl", *SPIDERS, "--db", str(db), *mirror_args(slow_farm))
    assert rerun.returncode == 0, rerun.stderr
    assert _articles(db) == uninterrupted
