"""The site template's shortcuts give the answers of the plain computations they replace.

Stored templates hold block hashes: normalising a text or hashing a block some other way
than before would make every stored template forget its site.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree, html

from danvan_crawler.extract import template as template_module
from danvan_crawler.extract.listing_page import page_base, resolver
from danvan_crawler.extract.pagesel import parse_html
from danvan_crawler.extract.template import BLOCK_TAGS, MAX_TEXT, SiteTemplate, _text, block_hash, normalise
from danvan_crawler.replicas.randomise import article_page, listing_page, seeds

MENU_LINK = "http://xa-demo.gov.vn/tin-tuc\x00html/body/ul.mainmenu/li/a"


def test_block_text_is_the_normalised_text_of_all_its_text_nodes():
    page = html.fromstring(
        "<div><p>  Trang   CHỦ </p><p></p><p>Tin<!-- x -->tức<b>mới</b> nhất</p>"
        "<span>2023</span><span>Hoa\u0300 bi\u0300nh</span><li><a href='/'>Liên hệ</a></li></div>"
    )
    for node in page.iter(etree.Element):  # blocks and links are elements
        assert _text(node) == normalise(" ".join(node.itertext())), html.tostring(node)
    assert [_text(p) for p in page.iter("p")] == ["trang chủ", "", "tin tức mới nhất"]


def test_hashes_are_those_stored_templates_hold():
    # Digests written by the first release: the stored templates' rows.
    assert block_hash("text", "trang chủ") == 6359263592542673761
    assert block_hash("link", MENU_LINK) == -2279701682848074555
    assert normalise("  Trang\u00a0 CHU\u0309 ") == normalise("trang chủ") == "trang chủ"


def _page(n: int) -> str:
    return f"""<html><body><ul class="mainmenu"><li><a href="/">Trang chủ</a></li>
<li><a href="/tin-tuc">Tin tức</a></li></ul><div><h1>Bài số {n}</h1><p>Nội dung riêng {n}.</p></div>
<p>Bản quyền © 2024 UBND xã Demo.</p></body></html>"""


def test_learned_blocks_are_the_menu_links_and_the_footer():
    template = SiteTemplate("xa-demo")
    for n in range(4):
        assert template.learn(_page(n), f"http://xa-demo.gov.vn/tin-tuc/bai-{n}.html")
    recurring = {template.samples[d] for d, seen in template.blocks.items() if seen == 4}
    menu = {"http://xa-demo.gov.vn/", "http://xa-demo.gov.vn/tin-tuc"}
    assert recurring == menu | {"bản quyền © 2024 ubnd xã demo."}
    assert template.recurring(block_hash("link", MENU_LINK))
    assert template.is_template_text("Bản quyền © 2024 UBND xã Demo.")
    assert not template.is_template_text("Bài số 1")


def _plain_blocks(sel, url: str) -> list[tuple[str, str, str]]:
    """(kind, key, sample) of every block of a page, computed plainly: every element visited,
    every place worked out from the root, every text joined from its text nodes."""
    resolve = resolver(page_base(sel, url))
    blocks, holders, order = [], set(), []
    for node in sel.root.iter():
        if node.tag == "a":
            link = resolve(node.get("href"))
            if link:
                steps = []
                for el in [node, *node.iterancestors()]:
                    cls = " ".join((el.get("class") or "").split())
                    steps.append(f"{el.tag}.{cls}" if cls and el.getparent() is not None else el.tag)
                order.append(("link", f"{link}\x00{'/'.join(reversed(steps))}", link[:80]))
        if node.tag in BLOCK_TAGS:
            order.append(node)
            holders.update(node.iterancestors())
    for item in order:
        if isinstance(item, tuple):
            blocks.append(item)
        elif item not in holders:
            text = normalise(" ".join(item.itertext()))
            linked = sum(len(normalise(" ".join(a.itertext()))) for a in item.iter("a"))
            if text and len(text) <= MAX_TEXT and not (linked >= 0.8 * len(text)):
                blocks.append(("text", text, text[:80]))
    return blocks


def _learning_pages() -> list[tuple[str, str]]:
    pages = [(p.url, p.html) for p in map(article_page, seeds("test", 25))]
    pages += [(p.url, p.html) for p in map(listing_page, seeds("train", 8))]
    pages += [(f"http://fixture.test/{p.name}", p.read_text("utf-8", errors="replace")) for p in FIXTURES]
    # Whitespace-only and spaced classes on links, a link as a list's only child, a link
    # straight under <body>, nested blocks, links inside a text block, a <base>.
    pages.append(
        (
            "http://edge.test/tin/a.html",
            "<html><head><base href='http://edge.test/goc/'></head><body><a href='x'>Gốc</a>"
            "<ul class=' menu  top '><li><a class='  ' href='/1'>Một</a></li>"
            "<li><a class=' on\tactive ' href='2'>Hai</a></li></ul>"
            "<div><p>Chữ <a href='/3'>liên kết dài hơn cả chữ</a></p><span>Hoa\u0300</span></div>"
            "<td><a href='#top'>Lên</a></td><a>không href</a><a href='javascript:void(0)'>js</a>"
            "</body></html>",
        )
    )
    return pages


FIXTURES = sorted((Path(__file__).parent / "fixtures").rglob("*.html"))


def test_learning_walk_gives_the_blocks_of_a_plain_walk():
    """Learning keys each link block by its digest, remembered per site, with the link's first
    place step written out: the counted blocks, their kinds, samples and order are a plain
    walk's."""
    template = SiteTemplate("identity")
    for url, text in _learning_pages():
        sel = parse_html(text, url)
        expected: dict[int, tuple[str, str]] = {}
        for kind, key, sample in _plain_blocks(sel, url):
            expected.setdefault(block_hash(kind, key), (kind, sample))
        # Twice: the second time every link's digest comes from the site's memory.
        assert list(template._page_blocks(sel, url).items()) == list(expected.items()), url
        assert list(template._page_blocks(sel, url).items()) == list(expected.items()), url
    assert template._link_digests


def test_site_link_digest_memory_is_bounded(monkeypatch):
    monkeypatch.setattr(template_module, "_MAX_LINK_DIGESTS", 5)
    template = SiteTemplate("bounded")
    for n in range(12):
        key = f"http://xa-demo.gov.vn/{n}\x00html/body/a"
        assert template._new_link_digest(key) == block_hash("link", key)
        assert len(template._link_digests) <= 5
    assert template._link_digests[key] == block_hash("link", key)
