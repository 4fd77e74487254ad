"""The site template's shortcuts give the answers of the plain computations they replace.

Stored templates hold block hashes: normalising a text or hashing a block some other way
than before would make every stored template forget its site.
"""

from __future__ import annotations

from lxml import etree, html

from danvan_crawler.extract.template import SiteTemplate, _text, block_hash, normalise

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
