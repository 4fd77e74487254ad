"""Selector skipping never changes what a CSS selector returns."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest
from parsel import Selector

from danvan_crawler.extract.pagesel import PageSelector, anchored_query, parse_html, required_tokens
from danvan_crawler.extract.profiles import PROFILES
from danvan_crawler.replicas.randomise import article_page, listing_page, seeds

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


# Selectors started from the elements carrying their first compound's class or id must
# give parsel's nodes in parsel's order, on markup the profiles were and were not written for.
FIXTURES = Path(__file__).parent / "fixtures"
STARTED = [
    # several starts, one inside another: their matches would repeat and interleave
    ".a .b",
    ".a",
    ".a > .b::text",
    # sibling combinators leave the start: several starts are evaluated over the page
    ".a + p",
    ".a ~ p",
    "#x + .a",
    "div.a:not(.b) span",
    ".b:first-child",
    "#x .a::attr(class)",
    ".a ::text",
    "p.a.b",
    # head tags, started from their common parent or from each
    "title::text",
    "base::attr(href)",
    "link[rel=canonical]::attr(href)",
    "meta[property='og:url']::attr(content)",
    "meta + meta::attr(content)",
    "meta ~ title",
    "div meta::attr(content)",
    "body",
    "article time[datetime]::attr(datetime)",
    "article .b",
    "time::attr(datetime)",
]
NESTED = """<html><body><div class="a" id="x"><p class="b">1</p><div class="a">
<span class="b">2</span><p>3</p></div><p>4</p></div><p class="a b">5</p><p>6</p>
<div class="a"><span>7</span></div><article><p class="b">8</p><article class="a">
<time datetime="2024-01-02">2/1</time><p class="b">9</p></article></article></body></html>"""
# Head tags in the body too: microdata's <meta>, a second <title> inside an SVG.
BODY_META = """<html><head><meta name="a" content="1"><title>T</title><meta property="og:url"
content="http://h/x"></head><body><div itemscope><meta itemprop="x" content="2"><meta content="3">
</div><svg><title>S</title></svg><meta property="og:url" content="u"><title>B</title></body></html>"""
# Two starts apart whose following siblings interleave: 8, 10 from the first, 9 from the second.
SIBLINGS = """<html><body><div class="a"></div><p>8</p><div><div class="a"></div><p>9</p></div>
<p>10</p></body></html>"""


def _profile_selectors() -> list[str]:
    found = set()
    for profile in PROFILES.values():
        for field in fields(profile):
            value = getattr(profile, field.name)
            if (
                isinstance(value, tuple)
                and all(isinstance(v, str) for v in value)
                and field.name != "signatures"
            ):
                found.update(value)
    return sorted(found)


def _pages() -> list[str]:
    pages = [p.read_text("utf-8", errors="replace") for p in sorted(FIXTURES.rglob("*.html"))]
    pages += [p.html for p in map(article_page, seeds("test", 30))]
    pages += [p.html for p in map(listing_page, seeds("train", 10))]
    return [*pages, NESTED, SIBLINGS, BODY_META, PAGE]


def _nodes(selected) -> list:
    return [node.root for node in selected]


def test_started_selectors_give_parsels_nodes_on_every_page():
    selectors = _profile_selectors() + STARTED + SELECTORS
    assert sum(anchored_query(css) is not None for css in selectors) > 40  # the path is taken
    for html in _pages():
        sel = parse_html(html, "http://pagesel.test/a")
        page = PageSelector(sel)
        for css in selectors:
            try:
                expected = sel.css(css)
            except Exception:  # a selector parsel rejects is skipped by ``matches``
                continue
            assert _nodes(page.css(css)) == _nodes(expected), css
            for limit in (1, 3):
                assert _nodes(page.css(css, limit)) == _nodes(expected)[:limit], (css, limit)


def test_a_limit_keeps_the_first_matches_in_document_order():
    many = "".join(f"<li class='date'>{n}/01/2024</li>" for n in range(1, 60))
    sel = parse_html(
        f"<html><body><ul class='side'>{many}</ul><p class='date'>x</p></body></html>", "http://t/"
    )
    page = PageSelector(sel)
    assert page.css(".date", 3).getall() == sel.css(".date").getall()[:3]
    assert page.css(".side .date::text", 2).getall() == ["1/01/2024", "2/01/2024"]
    assert len(page.css(".date")) == 60


def test_selectors_rooted_at_an_element_stay_inside_it():
    sel = parse_html(NESTED, "http://pagesel.test/a")
    container = sel.css("#x > div.a")[0]
    for css in STARTED:
        assert _nodes(PageSelector(container).css(css)) == _nodes(container.css(css)), css
    assert PageSelector(container).css(".a .b::text").getall() == ["2"]


def test_anchored_query():
    query = anchored_query("table#tableforprint p.Title")
    assert (query.kind, query.name, query.siblings) == ("#", "tableforprint", False)
    assert query.relative.startswith("self::table[")
    assert query.whole.startswith("descendant-or-self::table[")
    assert anchored_query(".title-news h1")[:2] == (".", "title-news")
    assert anchored_query(".a ~ p").siblings is True
    assert anchored_query("meta[property='og:url']::attr(content)")[:2] == ("<", "meta")
    # The class inside :not() is not the start; a selector with no class or id has none.
    assert anchored_query("div:not(.x) span") is None
    assert anchored_query("span.y:not(.x)")[:2] == (".", "y")
    assert anchored_query("span .x") is None
    assert anchored_query(".a, .b") is None
    assert anchored_query("div[") is None


BODIES = [
    "<html><body><p>Hội nghị</p></body></html>".encode(),
    b"  \n<html><body><p>a</p></body></html>\n\n",
    "\u00a0<html><body><p>a</p></body></html>\u00a0".encode(),  # no-break spaces: str.strip takes them
    "<html><body>x</body></html>\u3000".encode(),
    "<html><body>x</body></html>\u2028\n".encode(),
    b"\x0c<html><body>" + b"x" * 200 + b"</body></html>\x0b",  # controls: taken out of the text
    b"<p>x</p> tail text",
    b"\xef\xbb\xbf<html><body>bom</body></html>",
    b"<html><body>\xff\xfe not utf-8</body></html>",
    "<html><body>Hoa\u0300 bi\u0300nh</body></html>".encode(),  # decomposed: noted "nfc", kept
    b'<html><head><meta charset="windows-1258"></head><body>Ho\xe0 b\xecnh</body></html>',  # the meta's
]


@pytest.mark.parametrize("body", BODIES)
def test_parsing_the_fetched_bytes_gives_the_texts_tree(body):
    # read_page parses a UTF-8 page's own bytes when its text is their exact decoding.
    from lxml import etree

    from danvan_crawler.extract.page import decode_page, exact_utf8

    text, notes = decode_page(body, "text/html; charset=utf-8")
    exact = exact_utf8(body, text, notes)
    assert exact == (text.encode("utf-8") == body)
    url = "http://example.vn/a.html"
    plain = parse_html(text, url).root
    from_bytes = parse_html(text, url, utf8=body if exact else None).root
    assert etree.tostring(from_bytes, encoding="unicode") == etree.tostring(plain, encoding="unicode")


def test_pages_are_parsed_from_their_bytes():
    # Guards the saving itself: a plain UTF-8 page does not go through parsel's text path.
    from unittest import mock

    from danvan_crawler.extract import pagesel
    from danvan_crawler.extract.page import read_page

    body = "<html><head><title>Tin</title></head><body><h1>Tin</h1><p>Nội dung bài viết.</p></body></html>"
    with mock.patch.object(pagesel, "create_root_node", wraps=pagesel.create_root_node) as made:
        read_page(body.encode(), "http://example.vn/a.html", content_type="text/html; charset=utf-8")
    assert made.call_args_list[0].args[0] == ""
    assert made.call_args_list[0].kwargs["body"] == body.encode()


def test_class_index_holds_each_tokens_elements_in_document_order():
    # _ClassIndex reads the tokens from the joined attribute values and a token's elements
    # on first need: the same as splitting every element's class attribute.
    from danvan_crawler.extract.pagesel import _CLASS_TOKEN, _ClassIndex

    odd = '<div class=" a\tb\nc  a "><p class="b">x</p><span class="ab a-b">y</span><i class="">z</i></div>'
    for html in [odd, *_pages()]:
        root = parse_html(html, "http://pagesel.test/a").root
        plain: dict[str, list] = {}
        for element in root.iter():
            for token in dict.fromkeys(_CLASS_TOKEN.findall(element.get("class") or "")):
                plain.setdefault(token, []).append(element)
        index = _ClassIndex(root)
        assert set(index.tokens) == set(plain)
        for token, elements in plain.items():
            assert token in index and index.get(token) == elements, token
        assert "no-such-token" not in index and index.get("no-such-token") == ()
    # A token written twice in one attribute starts the selector once (parsel's nodes).
    sel = parse_html(odd, "http://pagesel.test/a")
    for css in (".a", ".a p", ".b", "div.a > span.ab"):
        assert _nodes(PageSelector(sel).css(css)) == _nodes(sel.css(css)), css
