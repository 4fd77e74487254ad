"""What `danvan crawl` prints while it works: live progress, heartbeats, -q/-v, Ctrl-C."""

from __future__ import annotations

import io
import re
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from conftest import REPO, run_danvan

from danvan_crawler.cli.crawling import _summary_table
from danvan_crawler.crawl.counters import RunCounters, SiteResult
from danvan_crawler.crawl.progress import HeartbeatProgress, LiveProgress
from danvan_crawler.crawl.runner import process_slots

crawl = pytest.mark.crawl
STAMP = r"\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\+07:00\]"
SLOW = ("--replicas", "--replica-delay", "0.02", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1")


def _result(name: str, n: int = 12345, failed: bool = False) -> SiteResult:
    counters = RunCounters(
        listing_pages=n, article_pages=n, articles_new=n, articles_duplicate=n, articles_updated=n,
        articles_skipped_known=n, failures=n, fallbacks=n,
    )  # fmt: skip
    return SiteResult(spider=name, finish_reason="shutdown" if failed else "finished", seconds=3725.0,
                      counters=counters)  # fmt: skip


def test_slots_shared_among_processes():
    assert process_slots(32, 1, 1000) == [32]
    assert process_slots(32, 2, 12) == [6, 6]  # no process takes more than its share of the sites
    assert process_slots(2, 2, 6) == [1, 1]
    assert process_slots(3, 2, 100) == [2, 1]
    assert process_slots(1, 4, 10) == [1]  # fewer slots than processes: fewer processes


def test_summary_table_fits_100_columns():
    table = _summary_table([_result("thoaison_angiang"), _result("a_portal_with_a_long_name", failed=True)])
    assert max(len(line) for line in table.splitlines()) <= 100
    assert "1h02m" in table and "FAILED" in table


def test_live_display_shows_sites_in_progress_and_queue():
    out = io.StringIO()
    display = LiveProgress(5, out=out)
    display.console.width, display.console.height = 100, 30
    display.started("la34")
    display.started("langson")
    display.progress("la34", RunCounters(listing_pages=4, article_pages=37, articles_new=35, failures=1))
    display.done(_result("langson", 3))
    display.console.print(display._render())
    text = out.getvalue()
    assert "5 site(s): 1 in progress, 3 queued, 1 done, 0 failed" in text
    assert re.search(r"la34\s+4\s+35\s+0\s+1\s+\d+\.\d\s+\d+s", text)
    assert "  langson: 3 new" in text  # a site that ended, printed above the live table


def test_heartbeat_lines_in_vietnam_time():
    out = io.StringIO()
    with HeartbeatProgress(2, interval=0.05, out=out) as display:
        display.started("la34")
        display.progress("la34", RunCounters(listing_pages=2, article_pages=10, articles_new=9))
        time.sleep(0.2)
    lines = out.getvalue().splitlines()
    site = STAMP + r" la34: 2 listing pages, 9 new, 0 known, 0 failures, .*"
    counts = STAMP + r" 2 site\(s\): 1 in progress, 1 queued, 0 done, 0 failed"
    assert any(re.fullmatch(site, s) for s in lines) and any(re.fullmatch(counts, s) for s in lines)


@crawl
def test_heartbeat_in_a_log(tmp_path):
    """Not a terminal (cron): a heartbeat line per site in progress every DANVAN_HEARTBEAT seconds.

    Beats 0.3 s apart: the crawl of 150 replica articles takes about 2 s.
    """
    db = tmp_path / "beat.db"
    result = run_danvan(
        "crawl", "la34", *SLOW, "--replica-articles", "150", "-s", "DANVAN_HEARTBEAT=0.3", "--db", str(db)
    )
    assert result.returncode == 0, result.stdout + result.stderr
    beats = [s for s in result.stdout.splitlines() if re.match(STAMP + " la34: ", s)]
    assert len(beats) >= 2, result.stdout
    assert re.fullmatch(
        STAMP + r" la34: \d+ listing pages, \d+ new, 0 known, 0 failures, \d+\.\d articles/s, \d+s", beats[-1]
    )
    assert "1 site(s): 1 in progress, 0 queued, 0 done, 0 failed" in result.stdout
    assert "\x1b[" not in result.stdout  # no terminal codes in a log


@crawl
def test_quiet_prints_only_the_summary_and_the_log_has_no_warning(tmp_path):
    log = tmp_path / "q.log"
    result = run_danvan(
        "crawl", "la34", "--replicas", "-q", "--db", str(tmp_path / "q.db"), "--log-file", str(log),
        env={"PYTHONWARNINGS": "default"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith("site ")
    assert "crawling" not in result.stdout and "  la34:" not in result.stdout
    assert result.stderr == ""  # Python warnings shown (PYTHONWARNINGS=default) land here: none
    text = log.read_text(encoding="utf-8")
    assert "Spider closed (finished)" in text
    assert "WARNING" not in text and "Warning" not in text  # e.g. ScrapyDeprecationWarning


@crawl
def test_unknown_spider_said_before_anything_starts(tmp_path):
    started = time.monotonic()
    result = run_danvan("crawl", "nosuch", "la34", "--replicas", "--db", str(tmp_path / "x.db"))
    assert result.returncode == 2
    assert result.stdout == ""  # no "crawling N site(s) ... (log: ...)"
    assert result.stderr.strip().startswith("error: unknown spider(s): nosuch (known: ")
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "logs").exists() and not (tmp_path / "x.db").exists()
    assert time.monotonic() - started < 30


def _interrupt(db, *args, sites: int = 1) -> subprocess.CompletedProcess:
    """Start a slow crawl, send SIGINT once it has stored articles of ``sites`` sites, wait for it."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "danvan_crawler", "crawl", *args, *SLOW, "--replica-articles", "400",
         "--db", str(db)],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with sqlite3.connect(db) as conn:
                if conn.execute("select count(distinct site) from articles").fetchone()[0] >= sites:
                    break
        except sqlite3.OperationalError:  # not created yet
            pass
        time.sleep(0.1)
    assert proc.poll() is None, "the crawl ended before it could be interrupted"
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


HALF_WRITTEN = (
    "select count(*) from articles a where a.text = '' or a.title = '' "
    "or a.id not in (select article_id from article_urls)"
)


def _check_clean(db, spiders) -> None:
    with sqlite3.connect(db) as conn:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        runs = conn.execute("select spider, finish_reason, finished_at from crawl_runs").fetchall()
        assert conn.execute(HALF_WRITTEN).fetchone()[0] == 0
    assert sorted(r[0] for r in runs) == sorted(spiders)
    assert all(reason == "shutdown" and finished for _, reason, finished in runs)  # every run closed


@crawl
def test_ctrl_c_exits_130_with_one_line(tmp_path):
    db = tmp_path / "int.db"
    result = _interrupt(db, "la34")
    assert result.returncode == 130, result.stdout + result.stderr
    assert result.stderr.startswith("interrupted: 0 of 1 site(s) finished")
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr
    assert "  la34: " in result.stdout and "- stopped; the next run carries on" in result.stdout
    _check_clean(db, ["la34"])
    again = run_danvan("crawl", "la34", "--replicas", "--replica-articles", "400", "--db", str(db))
    assert again.returncode == 0, again.stdout + again.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from articles").fetchone()[0] == 400


@crawl
def test_ctrl_c_with_jobs_stops_every_process(tmp_path):
    db = tmp_path / "jobs.db"
    result = _interrupt(db, "la34", "langson", "--jobs", "2", sites=2)  # a site in each process
    assert result.returncode == 130, result.stdout + result.stderr
    assert len(result.stderr.splitlines()) == 1
    _check_clean(db, ["la34", "langson"])
