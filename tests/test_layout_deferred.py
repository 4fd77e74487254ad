"""The layout's deferred furniture gives the answers of a full walk of the page.

``Layout`` numbers a furniture subtree (menu, sidebar, footer) without reading its blocks
and reads them when a reader asks. Every question a reader can ask must get the answer
the plain walk of the whole page gives: document order, the blocks inside an element,
the first block from a position, the full block list.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from danvan_crawler.extract.layout import Layout
from danvan_crawler.extract.pagesel import parse_html
from danvan_crawler.replicas.randomise import article_page, listing_page, seeds

FIXTURES = Path(__file__).parent / "fixtures"


def _pages() -> list[tuple[str, str]]:
    files = sorted(FIXTURES.rglob("*.html"))
    pages = [(f"http://fixture.test/{p.name}", p.read_text("utf-8", errors="replace")) for p in files]
    pages += [(p.url, p.html) for p in map(article_page, seeds("test", 40))]
    pages += [(p.url, p.html) for p in map(listing_page, seeds("test", 10))]
    # Furniture inside a link, an inline furniture element holding blocks, a select in a
    # sidebar (walked but unnumbered inside), comments and a furniture <body>.
    pages.append(
        (
            "http://edge.test/a",
            "<html><body><div id='main'><p>Đoạn một của bài viết, đủ dài để là văn xuôi thực sự.</p>"
            "<a href='/x'><div class='share'>Chia sẻ <b>ngay</b></div></a>"
            "<span class='menu'><div>Trang chủ</div><p>Tin tức</p></span><!-- c -->tail"
            "<aside><select><option>Một</option></select><ul><li><a href='/1'>Tin 1</a></li></ul></aside>"
            "<header><h1>Tiêu đề</h1></header><footer>Bản quyền</footer></div></body></html>",
        )
    )
    furniture_body = "<html><body class='sidebar-left'><p>Một đoạn.</p><nav>x</nav></body></html>"
    pages.append(("http://edge.test/b", furniture_body))
    # Comments and a processing instruction in furniture with no skipped element inside
    # (counted apart from furniture that holds one), then blocks whose order follows them.
    pages.append(
        (
            "http://edge.test/c",
            "<html><body><div class='sidebar'><!-- quảng cáo --><ul><li>Tin 1</li></ul><?php x ?>"
            "<div><!-- c --></div></div><p>Đoạn văn của bài viết, đủ dài để là văn xuôi thực sự.</p>"
            "<div class='footer'><script>x()</script><!-- d --><p>Bản quyền</p></div>"
            "<p>Cuối.</p></body></html>",
        )
    )
    return pages


def _full(layout: Layout):
    """The answers of one plain walk of the whole page (nothing set aside)."""
    body = layout.root.find(".//body")
    top = body if body is not None else layout.root
    reference = Layout.__new__(Layout)
    reference.root = layout.root
    reference._order = {}
    reference._regions, reference._region_of, reference._furniture = [], {}, {}
    blocks, size = reference._walk(top, 0, 0, set_aside=False)
    # In a plain walk a block's furniture flag is what ``in_furniture`` says of its element.
    for block in blocks:
        block.furniture = layout.in_furniture(block.el)
    return reference._order, blocks, size


def _key(block) -> tuple:
    return (block.order, block.text, block.link_chars, block.furniture, id(block.el))


def _page_id(value) -> str:
    return value if isinstance(value, str) and value.startswith("http") else ""


@pytest.mark.parametrize("url,html", _pages(), ids=_page_id)
def test_deferred_furniture_answers_as_a_full_walk(url, html):
    root = parse_html(html, url).root
    layout = Layout(root)
    order, blocks, size = _full(Layout(root))
    elements = list(root.iter())
    random.Random(url).shuffle(elements)
    # Questions in a random order, so that regions are read lazily, some by one question,
    # some by another; then everything at once.
    for el in elements[:40]:
        assert layout.order_of(el) == order.get(el, -1)
    for el in elements[40:80]:
        first, last = order.get(el, -1), -1
        end = el
        while len(end):
            end = end[-1]
        last = order.get(end, -1)
        expected = [_key(b) for b in blocks if first <= b.order <= last]
        assert [_key(b) for b in layout.blocks_in(el)] == expected
    for start in (0, 3, 40, 200, size - 1, size):
        expected = next((b for b in blocks if b.order >= start), None)
        found = layout.first_block_from(start)
        assert (found and _key(found)) == (expected and _key(expected))
    assert layout.size == size
    assert [_key(b) for b in layout.blocks] == [_key(b) for b in blocks]
    assert all(layout.order_of(el) == order.get(el, -1) for el in elements)
    assert [_key(b) for b in layout.content_blocks] == [_key(b) for b in blocks if not b.furniture]
    assert [_key(b) for b in layout.prose] == [_key(b) for b in blocks if b.is_prose and not b.furniture]


def test_furniture_is_set_aside_until_asked():
    html = _pages()[-3][1]
    layout = Layout(parse_html(html, "http://edge.test/a").root)
    assert layout._regions and all(region.blocks is None for region in layout._regions)
    assert [b.text for b in layout.prose] == ["Đoạn một của bài viết, đủ dài để là văn xuôi thực sự."]
    assert all(region.blocks is None for region in layout._regions)  # prose needs no furniture
    assert "Tin 1" in [b.text for b in layout.blocks]
    assert all(region.blocks is not None for region in layout._regions)
