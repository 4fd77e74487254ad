"""A site template learned from sibling pages: chrome goes, recurring content stays."""

from __future__ import annotations

import json

from conftest import run_danvan

from danvan_crawler.extract.article import extract_article
from danvan_crawler.extract.template import SiteTemplate

SITE = "http://xa-demo.gov.vn"
TITLES = [
    "Ban Dân vận Huyện ủy tổ chức hội nghị sơ kết công tác dân vận quý I năm 2024",
    "Hội Nông dân xã ra mắt mô hình “Dân vận khéo” trong xây dựng nông thôn mới",
    "Đoàn Thanh niên huyện tổ chức ngày hội tình nguyện hè năm 2024 tại các xã",
    "Mặt trận Tổ quốc xã trao nhà Đại đoàn kết cho hộ nghèo ở ấp Phú Lợi",
    "Hội Liên hiệp Phụ nữ huyện tập huấn kỹ năng tuyên truyền cho cán bộ cơ sở",
]


def _page(n: int) -> str:
    """One article page of the demo site: its own story amid the site's chrome."""
    sidebar = "".join(f"<li><a href='/tin-tuc/bai-{i}.html'>{t}</a></li>" for i, t in enumerate(TITLES))
    story = [
        f"Ngày {n + 3}/4/2024, {TITLES[n][0].lower()}{TITLES[n][1:]} với sự tham dự của đông đảo đoàn viên.",
        f"Tại buổi lễ, đại diện lãnh đạo địa phương đã ghi nhận những kết quả nổi bật số {n}.",
        "Qua đó góp phần củng cố niềm tin của Nhân dân đối với cấp ủy, chính quyền địa phương.",
    ]
    paragraphs = "".join(f"<p>{p}</p>" for p in story)
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>{TITLES[n]} - Cổng thông tin điện tử xã Demo</title></head><body>
<div class="top"><span>Thứ Ba, 26/11/2026</span><span>Lượt truy cập: 1.234.{n}</span></div>
<ul class="mainmenu"><li><a href="/">Trang chủ</a></li><li><a href="/tin-tuc">Tin tức</a></li>
<li><a href="/tiep-cong-dan">Tiếp công dân</a></li></ul>
<div class="wrap"><div class="col-main">
<h2 class="cat">Hoạt động Đảng - Đoàn thể</h2>
<h1 class="tieu-de">{TITLES[n]}</h1>
<div class="noi-dung">{paragraphs}<p>Tin: Thu Trang</p></div>
</div><div class="col-side"><h3>Tin mới</h3><ul>{sidebar}</ul></div></div>
<div class="bottom"><p>Bản quyền © 2024 UBND xã Demo. Giấy phép số 12/GP-TTĐT ngày 05/01/2024.</p></div>
</body></html>"""


def _template(pages: range) -> SiteTemplate:
    template = SiteTemplate("xa-demo")
    for n in pages:
        template.learn(_page(n), f"{SITE}/tin-tuc/bai-{n}.html")
    return template


def test_sidebar_titles_do_not_make_an_articles_own_title_template():
    template = _template(range(5))
    # The chrome is learned: the banner date's line, the footer, the menu.
    assert template.is_template_text(
        "Bản quyền © 2024 UBND xã Demo. Giấy phép số 12/GP-TTĐT ngày 05/01/2024."
    )
    for n in (0, 3):
        url = f"{SITE}/tin-tuc/bai-{n}.html"
        result = extract_article(_page(n), url, template=template)
        # The newest titles sit in the sidebar of every page, as links: still each page's title.
        assert result.title == TITLES[n]
        # A byline on every page is content, not template.
        assert result.author == "Tin: Thu Trang"
        assert result.published.startswith(f"2024-04-{n + 3:02d}")
        assert "Bản quyền" not in result.text and "Tiếp công dân" not in result.text
        assert result.text.splitlines()[-1].startswith("Qua đó góp phần")


def test_extract_learns_a_template_from_sibling_pages(tmp_path):
    files = []
    for n in range(4):
        path = tmp_path / f"bai-{n}.html"
        path.write_text(_page(n), encoding="utf-8")
        files.append(path)
    also = [arg for path in files[1:] for arg in ("--also", str(path))]
    result = run_danvan("extract", str(files[0]), "--url", f"{SITE}/tin-tuc/bai-0.html", *also)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["title"] == TITLES[0] and data["author"] == "Tin: Thu Trang"
    assert "title" in data["choices"]


def test_a_sidebar_linking_this_story_under_another_url_keeps_its_title():
    # The page is read at another URL form than the sidebar's link to the same story.
    result = extract_article(_page(2), f"{SITE}/chinh-tri/2024/04/bai-2.html")
    assert result.title == TITLES[2]


def test_trafilatura_metadata_is_the_title_of_last_resort():
    # No heading; <title> is only the site name; the headline is in JSON-LD, which trafilatura reads.
    html = """<html><head><meta charset='utf-8'><title>Cổng thông tin điện tử xã Demo</title>
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
"headline": "Hội Nông dân xã tập huấn kỹ thuật trồng lúa cho hội viên"}</script></head><body><div>
<p>Sáng ngày 5/4, Hội Nông dân xã phối hợp với Trạm khuyến nông tổ chức lớp tập huấn cho 60 hội viên.</p>
<p>Tại lớp tập huấn, các hội viên được hướng dẫn kỹ thuật chăm sóc lúa và phòng trừ sâu bệnh hại.</p>
</div></body></html>"""
    result = extract_article(html, f"{SITE}/tin/1.html", site_name="Cổng thông tin điện tử xã Demo")
    assert result.title == "Hội Nông dân xã tập huấn kỹ thuật trồng lúa cho hội viên"
    assert result.methods["title"] == "trafilatura" and "title" in result.fallbacks
    assert [c["from"] for c in result.choices["title"]] == ["<title>", "trafilatura's metadata"]
