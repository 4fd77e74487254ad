"""`danvan serve`: Datasette on a crawled database, driven by headless Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from urllib.parse import urlencode

import pytest
from conftest import REPO, SPIDERS, run_danvan
from parsel import Selector

from danvan_crawler.consumers.search import search
from danvan_crawler.store.database import Database

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")


# CI installs Chromium and sets this, so that there a missing browser fails the run instead
# of skipping the tests; a user's machine without a browser skips them with the reason.
REQUIRE_BROWSER = os.environ.get("DANVAN_REQUIRE_BROWSER") == "1"


@pytest.fixture(scope="module")
def chromium():
    """Debian's chromium; `.ci/install-chromium` installs it on a clean machine."""
    path = next(filter(None, map(shutil.which, CHROMIUM_NAMES)), None)
    if path is None:
        reason = "browser test: no Chromium on PATH (`bash .ci/install-chromium` installs it)"
        if REQUIRE_BROWSER:
            pytest.fail(reason)
        pytest.skip(reason)
    return path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def served(crawled):
    """`danvan serve` on the replica crawl; yields its base URL."""
    db_path, _ = crawled
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "danvan_crawler", "serve", "--db", str(db_path), "--port", str(port)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}/{db_path.stem}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(base + ".json", timeout=2):
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail("danvan serve did not come up:\n" + process.stdout.read())
            time.sleep(0.3)
    yield base
    process.terminate()
    process.wait(timeout=20)


def browse(chromium, url: str, tmp_path) -> Selector:
    """The page's DOM after Chromium has loaded it and run its scripts."""
    result = subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",  # CI runs as root
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'chromium-profile'}",
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "LANG": "C.UTF-8"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return Selector(text=result.stdout)


def _column(page: Selector, name: str) -> list[str]:
    return [" ".join(td.css("::text").getall()).strip() for td in page.css(f"td.col-{name}")]


def test_search_in_the_browser_folds_diacritics(chromium, served, crawled, tmp_path):
    with Database(crawled[0], readonly=True) as db:
        expected = search(db.conn, "dang uy", limit=100)
    page = browse(chromium, f"{served}/search?{urlencode({'q': 'dang uy'})}", tmp_path)
    assert page.css("h1::text").get().strip() == "Search articles"
    titles = _column(page, "title")
    assert titles == [r["title"] for r in expected]  # same articles, same rank as `danvan search`
    assert "Đảng ủy" in titles[0]
    snippets = _column(page, "snippet")
    assert snippets == [r["snippet"] for r in expected]
    assert sum("[" in s for s in snippets) > len(snippets) // 2


def test_canned_queries_in_the_browser(chromium, served, tmp_path):
    counts = browse(chromium, f"{served}/site_counts", tmp_path)
    rows = dict(zip(_column(counts, "site"), _column(counts, "articles"), strict=True))
    assert rows == {name: "30" for name in SPIDERS}

    latest = browse(chromium, f"{served}/latest_dan_van", tmp_path)
    assert latest.css("h1::text").get().strip() == "Latest dân vận articles"
    published = _column(latest, "published")
    assert len(published) == 100 and published == sorted(published, reverse=True)
    assert all("dan_van" in tags for tags in _column(latest, "tags"))

    cluster = browse(chromium, f"{served}/story_cluster?article_id=1", tmp_path)
    assert cluster.css("h1::text").get().strip() == "Where else did this story appear?"
    assert _column(cluster, "article_id") == ["1"]


def test_table_page_has_facets_and_metadata(chromium, served, tmp_path):
    page = browse(chromium, f"{served}/articles", tmp_path)
    facets = {f.attrib.get("data-column") for f in page.css("[data-column]")}
    assert {"site", "section", "tags", "year"} <= facets
    tag_facet = " ".join(page.css('[data-column="tags"] ::text').getall())
    assert "dan_van" in tag_facet and "mat_tran" in tag_facet
    home = browse(chromium, served.rsplit("/", 1)[0] + "/", tmp_path)
    assert "công tác dân vận" in " ".join(home.css("::text").getall())


def test_serve_without_a_database(tmp_path):
    result = run_danvan("serve", "--db", str(tmp_path / "none.db"))
    assert result.returncode == 2
    assert result.stderr.strip() == f"error: no database at {tmp_path / 'none.db'}; run 'danvan crawl' first"
