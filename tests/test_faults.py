"""A crawl of a replica that fails in every way a small government server fails."""

from __future__ import annotations

import sqlite3
import time
import unicodedata

import pytest
from conftest import mirror_args, run_danvan

from danvan_crawler.replicas import ReplicaFarm, build_seed_sites
from danvan_crawler.replicas.faults import ALL_FAULTS, ATTACHMENT_PATH, TRANSIENT, plan_faults

pytestmark = pytest.mark.crawl

# Fault kind -> the failure reason the run must record for it.
EXPECTED_REASON = {
    "http_503_burst": "http_503",
    "http_502_burst": "http_502",
    "http_500": "http_500",
    "reset": "connection_lost",
    "stall": "timeout",
    "truncated": "truncated",
    "empty": "empty_page",
    "soft_404": "soft_404",
    "redirect_loop": "redirect_loop",
    "offsite_redirect": "offsite_redirect",
    "pdf": "not_html",
    "huge": "too_large",
}


def _nfc(text):
    return unicodedata.normalize("NFC", " ".join((text or "").split()))


@pytest.fixture(scope="module")
def fault_crawl(tmp_path_factory):
    site = build_seed_sites()["la34"]
    plan = plan_faults(site, ALL_FAULTS, seed=7)
    db = tmp_path_factory.mktemp("faults") / "faults.db"
    with ReplicaFarm({"la34": site}) as farm:
        started = time.monotonic()
        result = run_danvan(
            "crawl", "la34", "--db", str(db), *mirror_args(farm, ["la34"]),
            "-s", "DOWNLOAD_TIMEOUT=1.5", "-s", "RETRY_TIMES=2",
            timeout=300,
        )  # fmt: skip
        seconds = time.monotonic() - started
        base = farm.base_url("la34")
    with sqlite3.connect(db) as conn:
        failures = conn.execute("select reason, url, detail from failures").fetchall()
        rows = conn.execute("select title, text, url from articles").fetchall()
        run = conn.execute("select finish_reason, failures from crawl_runs").fetchone()
    return site, plan, base, result, seconds, failures, rows, run


def test_plan_is_reproducible_by_seed():
    one = plan_faults(build_seed_sites()["la34"], ALL_FAULTS, seed=7)
    two = plan_faults(build_seed_sites()["la34"], ALL_FAULTS, seed=7)
    other = plan_faults(build_seed_sites()["la34"], ALL_FAULTS, seed=8)
    assert one == two != other
    assert sorted(one.values()) == sorted(EXPECTED_REASON)


def test_no_crash_no_hang(fault_crawl):
    _, _, _, result, seconds, _, _, run = fault_crawl
    assert result.returncode == 0, result.stdout + result.stderr  # the site still yields articles
    assert "Traceback" not in result.stderr
    assert run[0] == "finished"
    assert seconds < 120


@pytest.mark.parametrize("kind", sorted(EXPECTED_REASON))
def test_each_article_fault_is_recorded_with_its_cause(fault_crawl, kind):
    _, plan, base, _, _, failures, rows, _ = fault_crawl
    path = next(p for p, k in plan.items() if k == kind)
    reasons = {reason for reason, url, _ in failures if url.startswith(base + path)}
    assert EXPECTED_REASON[kind] in reasons, failures
    stored = [url for _, _, url in rows if url == base + path]
    assert len(stored) == (1 if kind in TRANSIENT else 0)


def test_listing_faults_are_recorded(fault_crawl):
    _, _, base, _, _, failures, _, _ = fault_crawl
    reasons = {(reason, url) for reason, url, _ in failures}
    assert ("attachment_link", base + ATTACHMENT_PATH) in reasons
    # The out-of-range page repeats the last one: paging ends there, before the calendar.
    loops = [url for reason, url in reasons if reason == "pagination_loop"]
    assert len(loops) == 1 and loops[0].endswith("/category/dan-van/page/99/")


def test_every_reachable_article_stored_once_with_clean_text(fault_crawl):
    site, plan, base, _, _, _, rows, _ = fault_crawl
    broken = {p for p, k in plan.items() if k not in TRANSIENT}
    reachable = [a for a in site.articles if a.path not in broken]
    by_title = {}
    for title, text, url in rows:
        by_title.setdefault(_nfc(title), []).append((text, url))
    assert len(rows) == len(reachable)
    for article in reachable:
        (text, url), *more = by_title[_nfc(article.title)]
        assert not more and url == base + article.path
        for paragraph in article.paragraphs:
            assert _nfc(paragraph) in _nfc(text)
        assert "Không tìm thấy" not in text and text == unicodedata.normalize("NFC", text)
