"""The danvan CLI: every command, and a one-line error with a meaningful exit code on bad input."""

from __future__ import annotations

import json
import socket
import subprocess
import sys

import pytest
from conftest import PLATFORM_SPIDERS, SPIDERS, fetch, run_danvan


def _one_line_error(result):
    err = result.stderr.strip().splitlines()
    assert err, "no error message"
    assert "Traceback" not in result.stderr
    assert err[-1].startswith(("error:", "Error:")), err
    return err[-1]


def test_list_shows_every_spider():
    result = run_danvan("list")
    assert result.returncode == 0
    for name in SPIDERS + PLATFORM_SPIDERS:
        assert name in result.stdout
    assert "https://la34.com.vn/category/dan-van/" in result.stdout


def test_scrapy_list_still_works():
    import subprocess
    import sys

    from conftest import REPO

    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "list"], cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert sorted(result.stdout.split()) == sorted(SPIDERS + PLATFORM_SPIDERS)


@pytest.mark.parametrize("name", SPIDERS)
def test_extract_seed_page_prints_gold_json(farm, seed_gold, name, tmp_path):
    article = next(a for a in farm.sites[name].articles if a.is_seed)
    url = farm.base_url(name) + article.path
    by_url = run_danvan("extract", url)
    assert by_url.returncode == 0, by_url.stderr
    data = json.loads(by_url.stdout)
    gold = seed_gold[name]
    assert data["title"] == gold["title"]
    assert data["published"] == gold["published"]
    assert data["author"] == gold["author"]
    assert list(data)[:7] == ["title", "published", "author", "section", "text", "images", "content_hash"]
    saved = tmp_path / "page.html"
    saved.write_text(fetch(url), encoding="utf-8")
    by_file = run_danvan("extract", str(saved), "--url", url, "--spider", name)
    assert by_file.returncode == 0, by_file.stderr
    assert json.loads(by_file.stdout)["content_hash"] == data["content_hash"]


def test_extract_unreadable_file():
    result = run_danvan("extract", "/nonexistent/page.html")
    assert result.returncode == 3
    assert "cannot read /nonexistent/page.html" in _one_line_error(result)


def test_extract_binary_file_is_one_line_error():
    result = run_danvan("extract", "/bin/ls")
    assert result.returncode == 3
    assert len(result.stderr.strip().splitlines()) == 1
    assert "(undecodable)" in _one_line_error(result)


def test_extract_not_found_page_is_one_line_error(tmp_path):
    page = tmp_path / "p.html"
    page.write_text("<html><head><title>Không tìm thấy trang</title></head><body><h1>Lỗi 404</h1></body>")
    result = run_danvan("extract", str(page))
    assert result.returncode == 3
    assert "(soft_404)" in _one_line_error(result)


def test_extract_unknown_spider(tmp_path):
    page = tmp_path / "p.html"
    page.write_text("<html><body><h1>x</h1></body></html>")
    result = run_danvan("extract", str(page), "--spider", "nope")
    assert result.returncode == 2
    assert "unknown spider 'nope'" in _one_line_error(result)


def test_extract_dead_url():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = run_danvan("extract", f"http://127.0.0.1:{port}/x")
    assert result.returncode == 1
    assert "cannot fetch" in _one_line_error(result)


def test_crawl_unknown_spider(tmp_path):
    result = run_danvan("crawl", "nope", "--db", str(tmp_path / "x.db"))
    assert result.returncode == 2
    assert "unknown spider(s): nope" in _one_line_error(result)


def test_crawl_without_spiders(tmp_path):
    result = run_danvan("crawl", "--db", str(tmp_path / "x.db"))
    assert result.returncode == 2
    _one_line_error(result)


def test_crawl_bad_db_path(tmp_path):
    result = run_danvan("crawl", "la34", "--db", str(tmp_path))  # a directory
    assert result.returncode in (2, 3)
    _one_line_error(result)
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    result = run_danvan("crawl", "la34", "--db", str(blocked / "sub" / "x.db"))
    assert result.returncode == 3
    _one_line_error(result)


def test_crawl_not_a_database(tmp_path):
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(b"this is not sqlite" * 100)
    result = run_danvan("crawl", "la34", "--db", str(bogus))
    assert result.returncode == 3
    _one_line_error(result)


def test_crawl_dead_site_fails_loudly(tmp_path):
    """A site that cannot be reached: its cause printed and counted once, exit 1, no traceback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    db = tmp_path / "dead.db"
    result = run_danvan("crawl", "la34", "--db", str(db), "--base-url", f"la34=http://127.0.0.1:{port}")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    cause = "FAILED: 1 section(s) could not be fetched; connection_refused x1"
    assert result.stdout.count(cause) == 1 and cause not in result.stderr  # as the site ends, once
    assert result.stderr.startswith("1 of 1 site(s) failed; details in ")
    assert len(result.stderr.splitlines()) == 1
    import sqlite3

    conn = sqlite3.connect(db)
    failures = conn.execute("select reason from failures").fetchall()
    counted = conn.execute("select failures from crawl_runs").fetchone()[0]
    conn.close()
    # The section is empty because its listing failed: one failure, not a second "section_empty".
    assert failures == [("connection_refused",)] and counted == 1
    quiet = run_danvan("crawl", "la34", "-q", "--db", str(db), "--base-url", f"la34=http://127.0.0.1:{port}")
    assert quiet.returncode == 1 and quiet.stderr.count(cause.removeprefix("FAILED: ")) == 1
    # Its reader gone (`crawl | head -1` in a pipefail script), the crawl still exits 1.
    piped = subprocess.run(
        f"set -o pipefail; {sys.executable} -m danvan_crawler crawl la34 --db {db} "
        f"--base-url la34=http://127.0.0.1:{port} | head -1",
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert piped.returncode == 1 and "Traceback" not in piped.stderr


def test_stats(crawled):
    db, _ = crawled
    result = run_danvan("stats", "--db", str(db))
    assert result.returncode == 0, result.stderr
    for name in SPIDERS:
        assert name in result.stdout


def test_stats_missing_db(tmp_path):
    result = run_danvan("stats", "--db", str(tmp_path / "missing.db"))
    assert result.returncode == 3
    _one_line_error(result)


def test_every_command_has_help():
    for command in ("crawl", "extract", "list", "stats", "replicas"):
        result = run_danvan(command, "--help")
        assert result.returncode == 0
        assert "Usage:" in result.stdout


def test_crawl_bad_setting_override(tmp_path):
    result = run_danvan("crawl", "la34", "--db", str(tmp_path / "x.db"), "-s", "download_timeout")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "error: -s takes NAME=VALUE with an upper-case Scrapy setting name, got 'download_timeout'"
    )


_IMPORTS_OF = """
import sys
from click.testing import CliRunner
from danvan_crawler.cli import main
result = CliRunner().invoke(main, sys.argv[1:])
assert result.exit_code == 0, result.output
print(" ".join(sorted(m for m in ("scrapy", "twisted", "trafilatura") if m in sys.modules)))
"""


@pytest.mark.parametrize(
    "command", [["search", "dân vận"], ["export"], ["stats"], ["duplicates"], ["health"]]
)
def test_reading_commands_load_neither_scrapy_nor_trafilatura(command, tmp_path):
    """Commands that only read the file start without the crawler's libraries (a search
    took 0.8 s, 0.4 s of it importing Scrapy, Twisted and trafilatura it never used)."""
    from danvan_crawler.store.database import Database

    db = tmp_path / "read.db"
    with Database(db) as store:
        store.store_article(
            {"content_hash": "sha256:1", "url": "http://a.vn/1", "site": "a", "title": "Dân vận",
             "text": "Ban Dân vận huyện ủy họp.", "fetched_at": "2024-01-01T00:00:00+00:00"}
        )  # fmt: skip
    found = subprocess.run(
        [sys.executable, "-c", _IMPORTS_OF, *command, "--db", str(db)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert found == "", f"{command[0]} imported {found}"
