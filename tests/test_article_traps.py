"""Article traps of pages no profile was written for (hand-written fixtures in fixtures/traps).

Each page carries one or more traps named in issue 11: a Lạc Việt variant with the title in
``div.gtTitle p`` and the text in ``div.img``, a related-news block with a content-like class,
a title containing " - ", a banner with today's date, a footer licence date, a trailing
"Xem chi tiết tại đây" line and a byline closed by a full stop.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from conftest import generated_site

from danvan_crawler.extract.article import extract_article
from danvan_crawler.extract.candidates import ListingHint, PageFacts
from danvan_crawler.extract.dates import VN_TZ
from danvan_crawler.extract.pagesel import PageSelector, parse_html
from danvan_crawler.extract.profiles import get_profile
from danvan_crawler.extract.title import title_problem

TRAPS = Path(__file__).resolve().parent / "fixtures" / "traps"
NOW = datetime(2026, 3, 12, 9, 0, tzinfo=VN_TZ)


def _read(name: str, **kwargs):
    html = (TRAPS / f"{name}.html").read_text("utf-8")
    return extract_article(html, f"http://portal.gov.vn/tin/{name}", now=NOW, **kwargs)


def test_lacviet_variant_title_and_text_found():
    got = _read("lacviet_gttitle")
    assert got.platform == "sharepoint"
    assert got.title == "Hướng dẫn tổ chức hội nghị cán bộ, công chức, viên chức năm 2026"
    assert got.text.startswith("Thực hiện chỉ đạo của Ủy ban nhân dân tỉnh")
    assert got.text.endswith("báo cáo Ủy ban nhân dân tỉnh theo quy định.")
    assert got.published is None  # neither the banner's day nor the licence's
    assert got.author is None
    assert "text" in got.fallbacks  # the platform's body selectors missed: counted


def test_related_block_with_content_class_is_not_the_body():
    got = _read("related_content_class", profile=get_profile("generic"))
    assert got.title == "Hội Nông dân huyện ra quân làm đường giao thông nông thôn - đợt 2"
    assert got.published == "2025-11-04T08:15:00+07:00"
    assert got.text.startswith("Sáng ngày 3/11/2025, Hội Nông dân huyện")
    assert got.text.endswith("tham gia tích cực phong trào.")
    assert "Xem chi tiết tại đây" not in got.text
    assert "Hội Phụ nữ huyện sơ kết" not in got.text
    assert got.author == "Lê Xuân."
    rejected = [c for c in got.choices["text"] if c["verdict"].startswith("rejected")]
    assert rejected and "link-dense" in rejected[0]["verdict"]


def test_detected_profile_reads_the_same_fields():
    got = _read("related_content_class")
    assert got.title == "Hội Nông dân huyện ra quân làm đường giao thông nông thôn - đợt 2"
    assert got.author == "Lê Xuân."


def test_banner_and_licence_dates_lose_to_the_lead():
    got = _read("banner_and_licence_dates")
    assert got.title == "Khối Dân vận huyện gặp mặt người có uy tín trong đồng bào dân tộc thiểu số"
    assert got.published == "2024-02-14"
    assert got.methods["published"] == "lead"
    assert got.author == "Theo Báo Đắk Lắk"
    assert "Hôm nay" not in got.text and "Giấy phép" not in got.text


def test_no_date_is_better_than_a_banner_or_licence_date():
    got = _read("no_date_anywhere")
    assert got.title == "Thông báo lịch tiếp công dân của Chủ tịch Ủy ban nhân dân xã"
    assert got.published is None
    assert got.warnings == ["published:missing"]


def test_listing_date_is_the_last_resort():
    hint = ListingHint("Thông báo lịch tiếp công dân của Chủ tịch Ủy ban nhân dân xã", "(05/03/2026)")
    got = _read("no_date_anywhere", listing=hint)
    assert got.published == "2026-03-05"
    assert got.methods["published"] == "listing"


def test_title_cut_only_at_the_site_name_separator():
    html = (
        "<html><head><title>Đại hội Hội Nông dân xã nhiệm kỳ 2025 - 2030 - Cổng TTĐT huyện Cư Jút</title>"
        "</head><body><div class='logo'><a href='/'><img alt='Cổng TTĐT huyện Cư Jút' src='/l.png'></a></div>"
        "<div class='nd'><p>Sáng 5/3/2025, Hội Nông dân xã tổ chức Đại hội đại biểu lần thứ VII, nhiệm kỳ "
        "2025 - 2030 với sự tham gia của 120 đại biểu đại diện cho hơn 2.000 hội viên.</p></div>"
        "</body></html>"
    )
    got = extract_article(html, "http://cujut.gov.vn/tin/1", profile=get_profile("generic"), now=NOW)
    assert got.title == "Đại hội Hội Nông dân xã nhiệm kỳ 2025 - 2030"


class _Template:
    """A learned template that knows one recurring heading."""

    def is_template_text(self, text: str) -> bool:
        return text == "Chào mừng kỷ niệm 95 năm ngày thành lập Đảng Cộng sản Việt Nam"


def test_template_heading_is_not_the_title():
    html = (
        "<html><head><title>Tin tức</title></head><body><div class='x'>"
        "<h2>Hội Cựu chiến binh xã tổng kết công tác năm 2025</h2>"
        "<h2>Chào mừng kỷ niệm 95 năm ngày thành lập Đảng Cộng sản Việt Nam</h2>"
        "<div class='y'><p>Ngày 20/12/2025, Hội Cựu chiến binh xã tổ chức hội nghị tổng kết công tác hội "
        "và phong trào cựu chiến binh năm 2025, triển khai nhiệm vụ năm 2026.</p></div></div></body></html>"
    )
    got = extract_article(html, "http://x.gov.vn/tin/2", template=_Template(), now=NOW)
    assert got.title == "Hội Cựu chiến binh xã tổng kết công tác năm 2025"
    without = extract_article(html, "http://x.gov.vn/tin/2", now=NOW)
    assert without.title == "Chào mừng kỷ niệm 95 năm ngày thành lập Đảng Cộng sản Việt Nam"


def _facts(html: str, url: str = "http://portal.gov.vn/tin/bai-1.html") -> PageFacts:
    return PageFacts(PageSelector(parse_html(html, url)), url)


_LABELS_PAGE = (
    "<html><head><title>{title}</title><meta property='og:title' content='{title}'></head><body>"
    "<ul><li><a href='/tin-tuc.html'>Tin tức sự kiện</a></li><li><a href='/x.html'>{title}</a></li></ul>"
    "<h1>{title}</h1><p>Nội dung bài viết.</p></body></html>"
)


def test_link_label_check_reads_the_links_only_when_it_can_reject():
    long_title = "Hội nghị triển khai công tác dân vận năm 2026 của huyện"
    # A long heading the page confirms (og:title) stands even when a sidebar links it:
    # the page's link labels are not worked out for it.
    facts = _facts(_LABELS_PAGE.format(title=long_title))
    assert title_problem(facts, long_title) is None
    assert "link_labels" not in facts.__dict__
    # A short label is a menu item when a link carries it, and is rejected as one.
    facts = _facts(_LABELS_PAGE.format(title=long_title))
    assert title_problem(facts, "Tin tức sự kiện") == (
        "the label of a link to another page (menu, breadcrumb, related list)"
    )
    assert "link_labels" in facts.__dict__
    # A long heading the page does not confirm is rejected when a link carries it.
    facts = _facts(
        _LABELS_PAGE.format(title=long_title).replace("og:title", "og:x").replace("<title>", "<title>X")
    )
    assert title_problem(facts, long_title).startswith("the label of a link")


def test_a_lead_printed_above_the_body_and_again_in_it_is_kept_once():
    # The VNPT eportal (the Liferay replicas) prints the lead as p.sapo under the date and
    # again as the body's first paragraph. The Liferay profile reads the sapo as the lead;
    # the generic reading (a site whose CMS was not recognised) kept the first paragraph
    # twice on 29 of these 30 pages.
    site = generated_site("binhdinh")
    for article in site.articles:
        html = site.template.render_article(site, article, "http://portal.gov.vn")
        for profile in ("generic", "liferay"):
            text = extract_article(
                html, "http://portal.gov.vn" + article.path, profile=get_profile(profile)
            ).text
            lead = article.paragraphs[0]
            assert text.count(lead) == " ".join(article.paragraphs).count(lead) == 1, (profile, article.path)
