"""Bad input gets one line and a documented exit code, and nothing half-written."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import mirror_args, one_line_error, run_danvan

pytestmark = pytest.mark.crawl


def _sqlite_fault(fault: str) -> dict[str, str]:
    """Environment that makes a danvan process's SQLite fail (see sqlite_faults/sitecustomize.py)."""
    path = [str(Path(__file__).parent / "sqlite_faults"), os.environ.get("PYTHONPATH", "")]
    return {"SQLITE_FAULT": fault, "PYTHONPATH": os.pathsep.join(filter(None, path))}


_one_line_error = one_line_error


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["crawl"], "name at least one spider"),
        (["crawl", "la34", "langson", "--all"], "give spider names or --all"),
        (["crawl", "nope"], "unknown spider"),
        (["crawl", "la34", "--base-url", "la34"], "--base-url takes"),
        (["crawl", "la34", "-s", "x=1"], "-s takes NAME=VALUE"),
        (["search", "dan van", "--since", "2019-13-45"], "--since takes a date"),
        (["export", "--since", "hôm qua"], "--since takes a date"),
        (["check", "nope"], "unknown spider"),
        (["genspider", "Tên", "http://127.0.0.1:9/"], "spider name must be"),
        (["genspider", "ok_name", "ftp://x/"], "SECTION_URL must be"),
    ],
)
def test_bad_arguments(tmp_path, args, message):
    result = run_danvan(*args, "--db", str(tmp_path / "x.db")) if args[0] in ("search", "export") else None
    if result is None:
        result = run_danvan(*args, cwd=tmp_path if args[0] == "genspider" else None)
    line = _one_line_error(result, 2)
    assert message in line


def test_newer_schema(tmp_path):
    db = tmp_path / "new.db"
    with sqlite3.connect(db) as conn:
        conn.execute("pragma user_version = 99")
    line = _one_line_error(run_danvan("crawl", "la34", "--db", str(db)), 3)
    assert "schema version 99" in line and "upgrade danvan-crawler" in line
    line = _one_line_error(run_danvan("stats", "--db", str(db)), 3)
    assert "schema version 99" in line


def test_corrupt_database(crawled, tmp_path):
    db = tmp_path / "corrupt.db"
    shutil.copy(crawled[0], db)
    with db.open("r+b") as handle:  # keep the header, wreck the pages after it
        handle.seek(4096)
        handle.write(b"\xde\xad\xbe\xef" * 4096)
    for command in (["stats"], ["crawl", "la34"], ["search", "dan van"], ["export"]):
        result = run_danvan(*command, "--db", str(db))
        line = _one_line_error(result, 3)
        assert str(db) in line, command


def test_read_only_database(crawled, tmp_path):
    db = tmp_path / "ro.db"
    shutil.copy(crawled[0], db)
    result = run_danvan("crawl", "la34", "--db", str(db), env=_sqlite_fault("readonly"))
    line = _one_line_error(result, 3)
    assert "readonly" in line or "read-only" in line
    # Readers still work on it.
    assert run_danvan("stats", "--db", str(db), env=_sqlite_fault("readonly")).returncode == 0


def test_full_disk_stops_the_crawl_and_leaves_no_half_row(farm, tmp_path):
    db = tmp_path / "full.db"
    assert run_danvan("crawl", "la34", "--db", str(db), *mirror_args(farm, ["la34"])).returncode == 0
    with sqlite3.connect(db) as conn:
        pages = conn.execute("pragma page_count").fetchone()[0]
        before = conn.execute("select count(*) from articles").fetchone()[0]
    result = run_danvan(
        "crawl", "langson", "--db", str(db), *mirror_args(farm, ["langson"]),
        env=_sqlite_fault(f"max_pages:{pages + 8}"),
    )  # fmt: skip
    line = _one_line_error(result, 3)
    assert "database or disk is full" in line
    with sqlite3.connect(db) as conn:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        after = conn.execute("select count(*) from articles").fetchone()[0]
        orphans = conn.execute(
            "select count(*) from articles a "
            "where not exists (select 1 from article_urls u where u.article_id = a.id)"
        ).fetchone()[0]
    assert before <= after < before + 30 and orphans == 0


def test_spider_module_with_a_syntax_error(tmp_path):
    (tmp_path / "spiders").mkdir()
    (tmp_path / "spiders" / "__init__.py").write_text("")
    (tmp_path / "spiders" / "broken.py").write_text("class Broken(:\n    name = 'broken'\n")
    for command in (["list"], ["crawl", "--all", "--db", str(tmp_path / "x.db")], ["check", "broken"]):
        line = _one_line_error(run_danvan(*command, cwd=tmp_path), 3)
        assert "syntax error in" in line and "broken.py:1" in line
