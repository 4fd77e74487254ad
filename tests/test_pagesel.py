"""Selector skipping never changes what a CSS selector returns."""

from __future__ import annotations

import pytest
from parsel import Selector

from danvan_crawler.extract.pagesel import PageSelector, required_tokens

PAGE = """<html><head><meta property="og:title" content="T"></head><body>
<div id="main" class="  col   entry-meta
 x-1"><span class="posted-on">27/06/2019</span><a href="/a.html">a</a></div>
<p class="Title">Cased</p><div class="ad banner">ad</div></body></html>"""

SELECTORS = [
    ".entry-meta .posted-on",
    "div.entry-meta",
    ".post-date",
    "#main span",
    "#other span",
    "div#main.col",
    "a[href$='.html']",
    "a[href*='.missing']",
    "div:not(.nothing)",
    ".title",
    ".Title",
    ".posted-on::text",
    "meta[property='og:title']::attr(content)",
    ".missing, .posted-on",
    ".x-1",
    "span",
]


@pytest.mark.parametrize("css", SELECTORS)
def test_same_result_as_parsel(css):
    sel = Selector(text=PAGE)
    assert PageSelector(sel).css(css).getall() == sel.css(css).getall()


def test_misses_are_skipped_and_counted():
    page = PageSelector(Selector(text=PAGE))
    assert page.css(".post-date").getall() == []
    assert page.css("#other span").getall() == []
    assert page.css("div:not(.nothing)")  # a class inside :not() is not required
    assert page.skipped == 2


def test_required_tokens():
    assert required_tokens("div.a.b #c") == (frozenset({"a", "b"}), frozenset({"c"}))
    assert required_tokens("a[href$='.html']") is None
    assert required_tokens(".a, .b") is None
    assert required_tokens("span") is None


def test_first_skips_malformed_and_empty_picks():
    sel = PageSelector(Selector(text=PAGE))
    texts = lambda nodes, css: " ".join(nodes.css("::text").getall()).strip()  # noqa: E731
    assert sel.first(("div[", ".missing", ".posted-on", ".Title"), texts) == ("27/06/2019", ".posted-on")
    assert sel.first(("div[", ".missing"), texts) is None
    assert sel.first((), texts) is None
