"""Children of ``crawl --jobs N`` started ahead (crawl/subcrawl.prestart): the crawl's
children are those processes, and one nobody needs exits without a word."""

from __future__ import annotations

import time

import pytest
from conftest import REPO, one_line_error, run_danvan

from danvan_crawler.crawl import subcrawl
from danvan_crawler.crawl.events import SiteQueue


@pytest.fixture
def in_repo(monkeypatch):
    monkeypatch.chdir(REPO)  # the child finds the project (scrapy.cfg) from its directory
    yield
    subcrawl.dismiss_prestarted()


def test_the_crawl_takes_the_child_started_ahead(in_repo):
    subcrawl.prestart(1)
    ahead = subcrawl._PRESTARTED[0]
    children = subcrawl.ChildCrawls(1, SiteQueue([]), settings={"LOG_LEVEL": "ERROR"})
    assert children._children[0].popen is ahead
    assert not subcrawl._PRESTARTED
    assert children.wait() == []  # asked for a site, got none, ended its crawl
    assert ahead.returncode == 0


def test_a_child_nobody_needs_exits_quietly(in_repo, capfd):
    subcrawl.prestart(1)
    ahead = subcrawl._PRESTARTED[0]
    subcrawl.dismiss_prestarted()
    assert not subcrawl._PRESTARTED
    assert ahead.wait(timeout=120) == 0
    assert "Traceback" not in capfd.readouterr().err


def test_a_usage_error_does_not_wait_for_the_children(tmp_path):
    started = time.monotonic()
    result = run_danvan("crawl", "--jobs", "2", "--db", str(tmp_path / "x.db"), "no_such_spider")
    one_line_error(result, 2)
    assert "Traceback" not in result.stderr
    # The run returns when its output closes, which the child holds until it exits: its
    # imports done, it reads end-of-file and ends, well within the budget of a usage error.
    assert time.monotonic() - started < 30


def test_a_child_that_died_ahead_is_replaced(in_repo):
    subcrawl.prestart(1)
    ahead = subcrawl._PRESTARTED[0]
    ahead.kill()
    ahead.wait(timeout=30)
    children = subcrawl.ChildCrawls(1, SiteQueue([]), settings={"LOG_LEVEL": "ERROR"})
    assert children._children[0].popen is not ahead
    assert children.wait() == []
    assert children._children[0].popen.returncode == 0


@pytest.mark.parametrize(
    ("args", "started"),
    [
        (["--jobs", "4", "la34"], 0),  # one site: one process
        (["--jobs", "4", "la34", "langson", "dongthap"], 2),
        (["--jobs", "4", "--sites-at-once", "2", "la34", "langson", "dongthap"], 1),
        (["--jobs", "3", "--all"], 2),
    ],
)
def test_no_more_children_started_ahead_than_the_crawl_can_use(in_repo, tmp_path, args, started):
    from click.testing import CliRunner

    from danvan_crawler.cli import main

    # A file that is no database: the crawl stops at its database check, before any site.
    db = tmp_path / "not-a-database.db"
    db.write_bytes(b"not SQLite " * 200)
    result = CliRunner().invoke(main, ["crawl", "--db", str(db), *args])
    assert result.exit_code == 3, result.output
    assert len(subcrawl._PRESTARTED) == started
