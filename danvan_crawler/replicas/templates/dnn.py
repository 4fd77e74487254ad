"""DotNetNuke portals: friendly ``/vi-vn/bai-viet/...`` URLs, a Telerik grid paged by postback."""

from __future__ import annotations

from danvan_crawler.replicas.templates.base import Template, body_blocks, esc, others
from danvan_crawler.replicas.templates.postback import PostbackPaging


class DnnTemplate(PostbackPaging, Template):
    """Friendly URLs and a Telerik grid paged by postback."""

    platform = "dotnetnuke"
    robots_disallow = "/admin/"
    next_target = "dnn$ctr812$NewsList$grdNews$ctl00$ctl03$ctl01$ctl28"

    def article_path(self, site, article_id: int, slug: str) -> str:
        return f"/vi-vn/bai-viet/chi-tiet/id/{article_id}/key/{slug}"

    def pager(self, site, number, following) -> str:
        pages = len(site.pages())
        return (
            f"<div class='rgPager'><span class='rgInfoPart'>Trang {number} / {pages}</span> "
            + self.next_control(following, "rgPageNext", "Trang sau")
            + "</div>"
        )

    def _head(self, site, title, number: int = 1) -> str:
        return (
            "<!DOCTYPE html><html lang='vi-VN'><head><meta charset='utf-8'>"
            "<meta id='MetaGenerator' name='GENERATOR' content='DotNetNuke '>"
            f"<title>{esc(title)} &gt; {esc(site.title)}</title>"
            "<link href='/Portals/0/skins/tinhuy/skin.css' rel='stylesheet'>"
            "<script src='/Resources/Shared/Scripts/jquery/jquery.min.js'></script></head><body id='Body'>"
            f"<form method='post' action='{site.section_path}' id='Form'>"
            + self.form_state(site, number)
            + "<div id='dnn_HeaderPane'><a href='/Default.aspx?tabid=36'>Trang chủ</a> "
            f"<a href='{site.section_path}'>{esc(site.section_name)}</a> "
            "<a href='/vi-vn/bai-viet/nhom/id/360/key/van-ban-chi-dao'>Văn bản chỉ đạo</a></div>"
        )

    def _bottom(self) -> str:
        return (
            "<div id='dnn_FooterPane'><p>Bản quyền thuộc Văn phòng Tỉnh ủy</p>"
            "<p>Số lượt truy cập: 987.654</p></div></form></body></html>"
        )

    def render_listing(self, site, items, number, following, base_url) -> str:
        rows = "".join(
            "<tr class='rgRow'><td>"
            f"<a class='news-title' href='{a.path}'>{esc(a.title)}</a>"
            f"<span class='news-date'>{a.published_dt:%d/%m/%Y}</span>"
            f"<div class='news-summary'>{esc(a.paragraphs[0][:150])}…</div></td></tr>"
            for a in items
        )
        return (
            self._head(site, site.section_name, number)
            + f"<div id='dnn_ctr812_ContentPane' class='DnnModule-NewsList'><h2>{esc(site.section_name)}</h2>"
            + f"<table class='rgMasterTable' id='dnn_ctr812_NewsList_grdNews_ctl00'>{rows}</table>"
            + self.pager(site, number, following)
            + "</div>"
            + self._bottom()
        )

    def render_article(self, site, article, base_url) -> str:
        def image(src, caption):
            return f"<div class='image'><img src='{src}' alt=''><p class='caption'>{esc(caption)}</p></div>"

        blocks = body_blocks(article, image)
        if article.author:
            blocks.append(f"<p style='text-align:right'><b>{esc(article.author)}</b></p>")
        other = "".join(f"<li><a href='{a.path}'>{esc(a.title)}</a></li>" for a in others(site, article, 5))
        return (
            self._head(site, article.title)
            + "<div id='dnn_ctr813_ContentPane' class='DnnModule-NewsDetail'><div class='news-detail'>"
            + f"<h1 class='title-news'><span id='dnn_ctr813_NewsDetail_lblTitle'>{esc(article.title)}</span></h1>"
            + f"<span id='dnn_ctr813_NewsDetail_lblDate'>Ngày đăng: {article.published_dt:%d/%m/%Y %H:%M}</span>"
            + f"<div id='dnn_ctr813_NewsDetail_pnlContent'>{''.join(blocks)}</div></div>"
            + f"<div class='other-news'><h3>Tin khác</h3><ul>{other}</ul></div></div>"
            + self._bottom()
        )


class DnnTabTemplate(DnnTemplate):
    """Older DNN sites: ``Default.aspx?tabid=N`` pages, ``&p=N`` paging links, ``ItemID`` articles."""

    def listing_path(self, site, page: int) -> str:
        return site.section_path if page == 1 else f"{site.section_path}&p={page}"

    def listing(self, site, path: str):
        return Template.listing(self, site, path)

    def listing_post(self, site, path, form):
        return None  # no postback grid here

    def article_path(self, site, article_id: int, slug: str) -> str:
        return f"/Default.aspx?tabid=120&ItemID={article_id}"

    def pager(self, site, number, following) -> str:
        pages = len(site.pages())
        links = " ".join(
            f"<b>{n}</b>" if n == number else f"<a href='{esc(self.listing_path(site, n))}'>{n}</a>"
            for n in range(1, pages + 1)
        )
        nxt = f" <a class='next' href='{esc(following)}'>Trang sau</a>" if following else ""
        return f"<div class='PagingTable'>{links}{nxt}</div>"
