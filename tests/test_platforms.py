"""Every platform of portals.md: a replica, its base spider, a real crawl through the pipeline."""

from __future__ import annotations

import ast
import json
import sqlite3
import unicodedata
from pathlib import Path

import pytest
from conftest import PLATFORM_SPIDERS, REPO, generated_site, mirror_args, run_danvan, write_spider

pytestmark = pytest.mark.crawl


def _nfc(text):
    return unicodedata.normalize("NFC", " ".join((text or "").split()))


def _rows(db, sql, *params):
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(sql, params)]


@pytest.mark.parametrize("name", PLATFORM_SPIDERS)
def test_every_article_stored_once_with_correct_fields(platform_crawled, platform_farm, name):
    db, _ = platform_crawled
    site = platform_farm.sites[name]
    rows = _rows(db, "select * from articles where site = ?", name)
    assert len(rows) == len(site.articles) == 30
    by_title = {_nfc(r["title"]): r for r in rows}
    for article in site.articles:
        row = by_title[_nfc(article.title)]
        assert row["published"] == article.published_iso
        assert (row["author"] and _nfc(row["author"])) == (article.author and _nfc(article.author))
        text = _nfc(row["text"])
        for paragraph in article.paragraphs:
            assert _nfc(paragraph) in text
        lead = _nfc(article.paragraphs[0])
        assert text.count(lead) == _nfc(" ".join(article.paragraphs)).count(lead)  # lead kept once
        assert "Pho Ban bien tap" not in text and "Chia sẻ" not in text
        assert row["url"].endswith(article.path)
        assert json.loads(row["extraction"])["fallbacks"] == []


@pytest.mark.parametrize("name", PLATFORM_SPIDERS)
def test_pagination_walked_to_the_end(platform_crawled, platform_farm, name):
    db, _ = platform_crawled
    site = platform_farm.sites[name]
    run = _rows(db, "select * from crawl_runs where spider = ? order by id desc limit 1", name)[0]
    assert run["listing_pages"] == len(site.pages()) >= 3
    assert run["failures"] == 0 and run["finish_reason"] == "finished"
    stats = json.loads(run["stats"])["scrapy"]
    posts = [path for method, path in site.request_log if method == "POST"]
    if name in ("quangnam_tinhuy", "krongno_daknong"):
        assert len(posts) == len(site.pages()) - 1  # every later page by postback
        assert stats.get("danvan/postback_pages") == len(posts)
    else:
        assert posts == []
    if name == "binhdinh":  # "Tiếp" is javascript: on the VNPT eportal
        assert stats.get("danvan/liferay_script_next") == len(site.pages()) - 1
    # The nested-language trap is never followed.
    assert not [p for _, p in site.request_log if "/en/" in p or p.endswith("vi.html")]


def test_rerun_is_incremental_on_postback_and_portlet_sites(platform_crawled, platform_farm):
    db, _ = platform_crawled
    for site in platform_farm.sites.values():
        site.clear_log()
    again = run_danvan(
        "crawl", *PLATFORM_SPIDERS, "--db", str(db), *mirror_args(platform_farm, PLATFORM_SPIDERS)
    )
    assert again.returncode == 0, again.stdout + again.stderr
    for name in PLATFORM_SPIDERS:
        site = platform_farm.sites[name]
        requests = [(m, p) for m, p in site.request_log if p != "/robots.txt"]
        assert requests == [("GET", site.template.listing_path(site, 1))], name


def _code_lines(path: Path) -> int:
    """Lines of a module that are not blank, comments or its docstring."""
    tree = ast.parse(path.read_text("utf-8"))
    doc = ast.get_docstring(tree, clean=False)
    lines = [
        line
        for line in path.read_text("utf-8").splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]
    doc_lines = len(doc.splitlines()) if doc else 0
    return len(lines) - doc_lines


def test_every_portal_module_is_a_few_lines():
    modules = [p for p in (REPO / "spiders").glob("*.py") if p.name != "__init__.py"]
    assert len(modules) >= 11
    for module in modules:
        assert _code_lines(module) <= 12, module.name


def _generic_project(tmp_path: Path, farm, names) -> Path:
    """A project whose spiders are GenericSpider on the farm's sections (platform unknown)."""
    project = tmp_path / "project"
    for name in names:
        write_spider(project, name, farm.section_url(name), base="GenericSpider")
    return project


SCRIPT_PAGED = ("binhdinh", "quangnam_tinhuy", "krongno_daknong")


def test_generic_spider_reads_every_platform_replica_as_its_platform_spider(
    platform_farm, platform_crawled, tmp_path
):
    # Platform detection off: GenericSpider on every platform replica. Liferay's "Tiếp" sets
    # location.href in an onclick, DotNetNuke and SharePoint list pagers post the form back:
    # it read page 1 of those and called the run fine, and kept the Liferay lead twice.
    project = _generic_project(tmp_path, platform_farm, PLATFORM_SPIDERS)
    db = tmp_path / "g.db"
    result = run_danvan("crawl", *PLATFORM_SPIDERS, "--db", str(db), cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    fields = "title, published, author, text"
    for name in PLATFORM_SPIDERS:
        site = platform_farm.sites[name]
        run = _rows(db, "select * from crawl_runs where spider = ?", name)[0]
        assert run["listing_pages"] == len(site.pages()) and run["failures"] == 0, name
        stats = json.loads(run["stats"])["scrapy"]
        if name in SCRIPT_PAGED:
            way = "danvan/script_next" if name == "binhdinh" else "danvan/postback_pages"
            assert stats.get(way) == len(site.pages()) - 1, (name, stats)
        generic = _rows(db, f"select {fields} from articles where site = ? order by title", name)
        profiled = _rows(
            platform_crawled[0], f"select {fields} from articles where site = ? order by title", name
        )
        assert len(generic) == len(site.articles) == 30, name
        assert generic == profiled, name


def test_a_scripted_next_no_spider_can_follow_is_a_failure(tmp_path):
    # The onclick names no URL and posts nothing back: the section ends at page 1, and the
    # run says why instead of calling the site fine.
    from danvan_crawler.replicas import ReplicaFarm

    site = generated_site("binhdinh")
    site.rewrite = [*site.rewrite, ("onclick=\"location.href='", "onclick=\"goToPage('")]
    with ReplicaFarm({"binhdinh": site}) as farm:
        project = _generic_project(tmp_path, farm, ["binhdinh"])
        result = run_danvan("crawl", "binhdinh", "--db", str(tmp_path / "g.db"), cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    failures = _rows(tmp_path / "g.db", "select reason, detail from failures")
    assert [f["reason"] for f in failures] == ["pager_script"]
    assert "'Tiếp'" in failures[0]["detail"] and "goToPage" in failures[0]["detail"]
    assert len(_rows(tmp_path / "g.db", "select id from articles")) == len(site.pages()[0])
