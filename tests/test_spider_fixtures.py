"""Every saved page of every spider still extracts to what was recorded (``danvan snapshot``)."""

from __future__ import annotations

import json

import pytest
from conftest import REPO

from danvan_crawler.crawl.project import spider_classes
from danvan_crawler.operators.fixtures import discover, expected_fields, listing_links

ROOT = REPO / "tests" / "fixtures" / "spiders"
FIXTURES = discover(ROOT)
SPIDER_CLASSES = spider_classes()


def test_every_spider_has_a_fixture():
    covered = {folder.parent.name for folder in FIXTURES}
    assert set(SPIDER_CLASSES) <= covered


@pytest.mark.parametrize("folder", FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture_extracts_as_recorded(folder):
    meta = json.loads((folder / "expected.json").read_text("utf-8"))
    html = (folder / "page.html").read_text("utf-8")
    spider = SPIDER_CLASSES[meta["spider"]]
    if meta["kind"] == "listing":
        assert listing_links(html, meta["url"], spider) == meta["expected"]["article_links"]
        return
    got = expected_fields(html, meta["url"], spider)
    for name, value in meta["expected"].items():
        assert got[name] == value, f"{name} changed"
    assert got["title"] and got["text"] and got["published"]
