"""Listing pages read by ``read_listing``; learned site templates (extract/template.py, store/templates.py)"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from danvan_crawler.extract.listing import read_listing
from danvan_crawler.extract.profiles import get_profile
from danvan_crawler.extract.template import MIN_PAGES, SiteTemplate
from danvan_crawler.store.database import Database
from danvan_crawler.store.templates import load_template, save_template, template_blocks

FIXTURES = Path(__file__).parent / "fixtures" / "listings"
TRAPS = sorted(p.name for p in FIXTURES.iterdir() if (p / "expected.json").exists())


def _fixture(name: str) -> tuple[str, dict]:
    folder = FIXTURES / name
    return (folder / "page.html").read_text(encoding="utf-8"), json.loads(
        (folder / "expected.json").read_text(encoding="utf-8")
    )


@pytest.mark.parametrize("name", TRAPS)
def test_trap_article_links(name):
    html, expected = _fixture(name)
    result = read_listing(html, expected["url"], get_profile(expected["profile"]))
    assert result.article_links == expected["article_links"]


@pytest.mark.parametrize("name", TRAPS)
def test_trap_next_page(name):
    html, expected = _fixture(name)
    result = read_listing(html, expected["url"], get_profile(expected["profile"]))
    assert result.next_page == expected["next_page"]


def test_stale_cursor_is_rejected_with_its_reason():
    html, expected = _fixture("stale_cursor")
    result = read_listing(html, expected["url"])
    assert any("stale date cursor" in why for why in result.rejected)


def test_home_pager_is_rejected():
    html, expected = _fixture("home_pager")
    result = read_listing(html, expected["url"])
    assert result.next_page == expected["next_page"]
    # The retired pager's "Sau" is never followed, even without the real pager.
    without_pager = html.split("<ul class='pg'>")[0] + "</div></body></html>"
    assert read_listing(without_pager, expected["url"]).next_page is None


def test_wrong_platform_selector_does_not_stop_heuristics():
    html, expected = _fixture("wrong_selector")
    result = read_listing(html, expected["url"], get_profile("sharepoint"))
    assert "heuristic" in result.how["article_links"]
    assert "/Pages/lien-he.aspx" not in " ".join(result.article_links)


def test_items_keep_anchor_text_and_listing_date():
    html, expected = _fixture("citizen_menu")
    item = read_listing(html, expected["url"]).items[0]
    assert item.text == "Huyện ủy tổng kết 10 năm thực hiện Chỉ thị 49 về công tác dân vận"
    assert item.date == "2024-03-05"


def test_json_form():
    html, expected = _fixture("home_pager")
    data = read_listing(html, expected["url"]).to_dict()
    assert data["article_links"] == expected["article_links"]
    assert set(data["how"]) == {"article_links", "next_page"}
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


def test_platform_selector_with_enough_links_wins():
    items = "".join(
        f"<li><h3 class='asset-title'><a href='/-/view_content/{n}-tin-{n}.html'>Tin số {n}</a></h3></li>"
        for n in range(1, 5)
    )
    html = f"<html><body><ul>{items}</ul></body></html>"
    result = read_listing(html, "http://p.gov.vn/tin", get_profile("liferay"))
    assert result.how["article_links"] == "selector h3.asset-title a"
    assert len(result.article_links) == 4


def _last_page_with_sidebar(sidebar_items: int) -> str:
    """A section's last listing page: two items, and a sidebar of ``sidebar_items`` dated titles."""
    items = "".join(
        f"<tr><td><a href='/Lists/Posts/Post.aspx?ItemID={n}'>Hội nghị tổng kết công tác dân vận năm {n}</a>"
        f" <span>(0{n}/05/2020)</span></td></tr>"
        for n in (1, 2)
    )
    sidebar = "".join(
        f"<li><a href='/tin-tuc/tin-khac-{n}'>Tin khác số {n} về phong trào thi đua dân vận khéo</a>"
        f" <span class='date'>(12/03/2019)</span></li>"
        for n in range(sidebar_items)
    )
    return (
        "<html><head><title>Tin hoạt động</title></head><body><table class='ms-listviewtable'>"
        f"{items}</table><aside class='sidebar'><h3>Tin mới</h3><ul>{sidebar}</ul></aside></body></html>"
    )


@pytest.mark.parametrize("profile", ["sharepoint", None])
@pytest.mark.parametrize("sidebar_items", [5, 40, 500])
def test_last_page_items_beat_a_long_dated_sidebar(sidebar_items, profile):
    # Seen on the benchmark farm: page 2 of a SharePoint section held two posts, and a
    # "Tin mới" box of 500 dated titles outscored them; the crawl fetched all 500.
    url = "http://q11.gov.vn/Lists/Posts/AllPosts.aspx?CategoryId=16&PublishedDate=2020-05-19T05:53:00Z"
    html = _last_page_with_sidebar(sidebar_items)
    result = read_listing(html, url, get_profile(profile) if profile else None)
    assert result.article_links == [f"http://q11.gov.vn/Lists/Posts/Post.aspx?ItemID={n}" for n in (1, 2)]


def test_undated_last_page_items_beat_a_sidebar_with_the_platform_selector():
    # Without dates the two posts score less than a sidebar of dated titles; the platform's
    # selector found them outside every menu, and the sidebar's links are none of them.
    html = re.sub(r" <span>\(0\d/05/2020\)</span>", "", _last_page_with_sidebar(500))
    url = "http://q11.gov.vn/Lists/Posts/AllPosts.aspx?CategoryId=16"
    result = read_listing(html, url, get_profile("sharepoint"))
    assert result.article_links == [f"http://q11.gov.vn/Lists/Posts/Post.aspx?ItemID={n}" for n in (1, 2)]
    assert "not the heuristic's" in result.how["article_links"]


# Templates ---------------------------------------------------------------------------


def _sibling(n: int) -> str:
    """A page of one site: the same menu and stale cursor, its own items."""
    html, _ = _fixture("stale_cursor")
    html = html.replace("ItemID=23", f"ItemID={n}3").replace("page/6", f"page/{n}")
    return html.replace("sơ kết công tác", f"sơ kết lần {n} công tác")


def test_template_learns_recurring_blocks_only():
    template = SiteTemplate("tanthanh")
    for n in range(MIN_PAGES + 1):
        assert template.learn(_sibling(n), f"https://tanthanh.longan.gov.vn/dan-van/page/{n}")
    assert not template.learn(_sibling(0), "https://tanthanh.longan.gov.vn/dan-van/page/0")
    assert template.pages == MIN_PAGES + 1
    assert template.is_template_text("Thứ Tư, ngày 11/03/2026")
    assert template.is_template_text("Giấy phép số 12/GP-TTĐT cấp ngày 02/05/2016")
    own_item = "Ban Dân vận huyện ủy sơ kết lần 1 công tác dân vận chính quyền quý IV"
    assert not template.is_template_text(own_item)
    assert not template.is_template_text("Một câu không có trên trang nào")


def test_template_link_is_never_the_next_page():
    template = SiteTemplate("tanthanh")
    for n in range(MIN_PAGES + 1):
        template.learn(_sibling(n), f"https://tanthanh.longan.gov.vn/dan-van/page/{n}")
    # Undated items: only the template can tell that the cursor is stale.
    html = _sibling(9).replace("(2", "(").replace("/2020)", ")")
    url = "https://tanthanh.longan.gov.vn/dan-van/page/9"
    assert read_listing(html, url).next_page is not None
    result = read_listing(html, url, template=template)
    assert result.next_page is None
    assert any("template" in why for why in result.rejected)


def test_template_fewer_pages_than_minimum_knows_nothing():
    template = SiteTemplate("x")
    template.learn(_sibling(1), "https://tanthanh.longan.gov.vn/a")
    assert not template.is_template_text("Thứ Tư, ngày 11/03/2026")


def test_template_saved_and_loaded(tmp_path):
    db = Database(tmp_path / "t.db")
    template = load_template(db.conn, "tanthanh")
    assert template.pages == 0
    for n in range(MIN_PAGES):
        template.learn(_sibling(n), f"https://tanthanh.longan.gov.vn/dan-van/page/{n}")
    with db.transaction() as conn:
        save_template(conn, template)
    # A second process learns one more page; the counts add up.
    other = load_template(db.conn, "tanthanh")
    other.learn(_sibling(7), "https://tanthanh.longan.gov.vn/dan-van/page/7")
    with db.transaction() as conn:
        save_template(conn, other)
    again = load_template(db.conn, "tanthanh")
    assert again.pages == MIN_PAGES + 1
    assert again.is_template_text("Thứ Tư, ngày 11/03/2026")
    top = template_blocks(db.conn, "tanthanh", limit=5)
    assert top[0]["pages"] == MIN_PAGES + 1 and top[0]["kind"] in {"text", "link"}
    db.close()


def test_read_links_learns_template_from_sibling_files(tmp_path):
    from danvan_crawler.operators.links import read_links

    url = "https://tanthanh.longan.gov.vn/dan-van/page/9"
    page = tmp_path / "page.html"
    page.write_text(_sibling(9).replace("(2", "(").replace("/2020)", ")"), encoding="utf-8")
    siblings = []
    for n in range(MIN_PAGES):
        sibling = tmp_path / f"sibling{n}.html"
        sibling.write_text(_sibling(n), encoding="utf-8")
        siblings.append(str(sibling))
    assert read_links(str(page), url=url).next_page is not None
    result = read_links(str(page), url=url, also=tuple(siblings))
    assert result.next_page is None
    assert len(result.article_links) == 3


def test_links_command_prints_json():
    from click.testing import CliRunner

    from danvan_crawler.cli import main

    _, expected = _fixture("home_pager")
    page = str(FIXTURES / "home_pager" / "page.html")
    result = CliRunner().invoke(main, ["links", page, "--url", expected["url"]])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["article_links"] == expected["article_links"]
    assert data["next_page"] == expected["next_page"]
    missing = CliRunner().invoke(main, ["links", "/nonexistent/page.html"])
    assert missing.exit_code == 3


def _generated_listing_pages() -> list:
    from danvan_crawler.replicas.sites import PLATFORM_SPECS, SPECS, build_generated_site

    specs = [*SPECS, *PLATFORM_SPECS]
    return [pytest.param(build_generated_site(spec, count=25), id=spec.name) for spec in specs]


@pytest.mark.parametrize("site", _generated_listing_pages())
def test_generic_reading_of_every_template_with_and_without_a_long_sidebar(site):
    # Platform detection off, on every replica template's listing pages as served, and as the
    # benchmark farms serve them: padded with a "Tin mới" sidebar of hundreds of dated titles
    # (before, the generic reading took that sidebar on 36 of these 39 padded pages).
    from danvan_crawler.replicas.server import pad_page

    base = "http://xa-demo.gov.vn"
    pages = site.pages()
    for number, items in enumerate(pages, 1):
        path = site.template.listing_path(site, number)
        following = site.template.listing_path(site, number + 1) if number < len(pages) else None
        html = site.template.render_listing(site, items, number, following, base)
        for page in (html, pad_page(html, path, (60_000, 150_000))):
            links = read_listing(page, base + path).article_links
            assert len(links) == len(items), (number, len(page))
            assert all(link.endswith(article.path) for link, article in zip(links, items, strict=True))


# Scripted "next" controls ----------------------------------------------------------------

_ITEMS = "".join(
    f"<li><a href='/tin/{n}.html'>Hội nghị tổng kết công tác dân vận số {n}</a> <span>0{n}/05/2020</span>"
    "</li>"
    for n in range(1, 5)
)


def _with_next(control: str) -> str:
    return f"<html><body><ul class='news'>{_ITEMS}</ul><div class='pager'>{control}</div></body></html>"


@pytest.mark.parametrize(
    ("control", "label", "url"),
    [
        # The VNPT eportal (Liferay): the page's URL sits in the onclick.
        (
            "<a href='javascript:;' onclick=\"location.href='/tin?p=2'\">Tiếp</a>",
            "Tiếp",
            "http://x.gov.vn/tin?p=2",
        ),
        ("<a href='#' onclick=\"window.open('/tin?p=2', '_self')\">»</a>", "»", "http://x.gov.vn/tin?p=2"),
        # ASP.NET: a postback, no URL.
        ("<a href=\"javascript:__doPostBack('grd$ctl28','')\">Trang sau</a>", "Trang sau", None),
    ],
)
def test_a_scripted_next_control_is_reported_with_the_url_it_names(control, label, url):
    result = read_listing(_with_next(control), "http://x.gov.vn/tin")
    assert result.next_page is None
    assert (result.script_next.label, result.script_next.url) == (label, url)
    assert any("a script" in why for why in result.rejected)


@pytest.mark.parametrize(
    "control",
    [
        "<a href='javascript:;'>Tiếp</a>",  # a last page's disabled "next"
        "<a href='javascript:void(0)'>Sau</a>",
        "<a href='#'>Tiếp</a>",
        "<a href=\"javascript:__doPostBack('grd$ctl03','')\">3</a>",  # a page number, not "next"
        "<a href='/tin?p=2'>Tiếp</a>",  # a link: the next page itself
        # Scripts to where no "next" link may go: another site, the home page.
        "<a href='javascript:;' onclick=\"location.href='http://other.vn/tin?p=2'\">Sau</a>",
        "<a href='javascript:;' onclick=\"location.href='/'\">Tiếp</a>",
    ],
)
def test_no_scripted_next_for_disabled_controls_numbers_or_links(control):
    result = read_listing(_with_next(control), "http://x.gov.vn/tin")
    assert result.script_next is None
