"""The body's trafilatura call with options built once reads what the keyword call reads."""

from __future__ import annotations

from copy import deepcopy
from pathlib import Path

from lxml import html as lxml_html

from danvan_crawler.extract.body import _trafilatura, paragraph_lines
from danvan_crawler.extract.pagesel import parse_html
from danvan_crawler.replicas.randomise import article_page, seeds

FIXTURES = Path(__file__).parent / "fixtures"


def _keyword_call(container) -> list[str]:
    """What paragraph_lines read before its options were built once: extract()'s keywords."""
    from trafilatura import extract

    wrapper, body = lxml_html.Element("html"), lxml_html.Element("body")
    wrapper.append(body)
    body.append(container)
    text = extract(
        wrapper,
        config=_trafilatura()[1].config,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        favor_recall=True,
        deduplicate=False,
        with_metadata=False,
    )
    return (text or "").splitlines()


def _containers():
    pages = [p.read_text("utf-8", errors="replace") for p in sorted(FIXTURES.rglob("*.html"))[:30]]
    pages += [p.html for p in map(article_page, seeds("test", 15))]
    for html in pages:
        root = parse_html(html, "http://body.test/a").root
        for container in (root.find(".//body"), *root.iter("article"), *root.iterfind(".//div[@id]")):
            if container is not None:
                yield container


def test_options_built_once_read_as_the_keywords_do():
    compared = 0
    for container in _containers():
        assert paragraph_lines(deepcopy(container)) == _keyword_call(deepcopy(container))
        compared += 1
    assert compared > 50


def test_a_short_notice_is_kept():
    # The config's minimum sizes are 1: a two-line notice is an article too.
    container = lxml_html.fragment_fromstring("<div><p>Thông báo lịch họp.</p><p>Chiều nay.</p></div>")
    assert paragraph_lines(container) == ["Thông báo lịch họp.", "Chiều nay."]
