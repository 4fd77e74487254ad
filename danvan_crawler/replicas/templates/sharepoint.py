"""SharePoint 2010 + Lạc Việt CMS (District 11 style): "Xem tiếp" date-cursor listings."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

from danvan_crawler.replicas.templates.base import Template, esc, others
from danvan_crawler.replicas.templates.postback import PostbackPaging

MONTHS = [
    "Giêng", "Hai", "Ba", "Tư", "Năm", "Sáu", "Bảy", "Tám", "Chín", "Mười", "Mười Một", "Mười Hai",
]  # fmt: skip
COUNTER_DIGITS = "37412221"


def lacviet_date(when: datetime) -> str:
    """``25 Tháng Mười 2018 11:05:00 SA``: 12-hour clock, SA before noon, CH after."""
    hour = when.hour % 12 or 12
    meridiem = "SA" if when.hour < 12 else "CH"
    month = MONTHS[when.month - 1]
    return f"{when.day} Tháng {month} {when.year} {hour:02d}:{when.minute:02d}:{when.second:02d} {meridiem}"


def _entities(text: str) -> str:
    """Escape, then write some Vietnamese letters as entities, as the CMS editor does."""
    out = esc(text)
    for char, entity in (("à", "&agrave;"), ("ạ", "&#7841;"), ("ô", "&ocirc;"), ("é", "&eacute;")):
        out = out.replace(char, entity)
    return out


def cursor(when: datetime) -> str:
    """A PublishedDate cursor: UTC with Z."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class SharePointTemplate(Template):
    platform = "sharepoint"
    robots_disallow = "/_layouts/"
    category_id = 16

    def listing_path(self, site, page: int) -> str:
        return site.section_path

    def article_path(self, site, article_id: int, slug: str) -> str:
        return f"/Lists/Posts/Post.aspx?ItemID={article_id}"

    def listing(self, site, path: str):
        parts = urlsplit(path)
        if parts.path != urlsplit(site.section_path).path:
            return None
        params = parse_qs(parts.query)
        if params.get("CategoryId") != [str(self.category_id)]:
            return None
        items = site.articles
        if "PublishedDate" in params:
            try:
                limit = datetime.strptime(params["PublishedDate"][0], "%Y-%m-%dT%H:%M:%SZ").replace(
                    tzinfo=UTC
                )
            except ValueError:
                return None
            items = [a for a in items if a.published_dt.astimezone(UTC) < limit]
        page = items[: site.page_size]
        following = None
        if len(items) > site.page_size:
            following = f"{site.section_path}&PublishedDate={cursor(page[-1].published_dt)}"
        number = (len(site.articles) - len(items)) // site.page_size + 1
        return page, number, following

    def _head(self, site, title, base_url) -> str:
        return (
            "<!DOCTYPE html PUBLIC '-//W3C//DTD XHTML 1.0 Strict//EN'><html dir='ltr'><head>"
            "<meta http-equiv='Content-Type' content='text/html; charset=utf-8'>"
            "<meta name='GENERATOR' content='Microsoft SharePoint'>"
            f"<base href='{base_url}/'>"
            f"<title>{esc(title)}</title>"
            "<link rel='stylesheet' href='/_layouts/1033/styles/Themable/corev4.css'>"
            "<script src='/_layouts/1033/init.js'></script>"
            "<script src='/_CONTROLTEMPLATES/LacViet.CMS.Portal/js/lv_news.js'></script></head>"
            "<body scroll='yes'><form name='aspnetForm' method='post' id='aspnetForm'>"
            "<input type='hidden' name='__VIEWSTATE' id='__VIEWSTATE' value='/wEPDwUBMA9kFgJmD2QWAgIBD2QWAg=='>"
        )

    def _top(self, site) -> str:
        digits = "".join(f"<div class='digit'>{d}</div>" for d in COUNTER_DIGITS)
        return (
            f"<div id='header'><a href='/'><img src='/PublishingImages/banner.jpg' alt='{esc(site.title)}'></a></div>"
            "<div id='menu'><ul><li><a href='/'>Trang chủ</a></li><li><a href='/Pages/gioithieu.aspx'>Giới thiệu</a></li>"
            f"<li><a href='{site.section_path}'>Hoạt động Đảng - Đoàn thể</a></li></ul></div>"
            f"<div class='visitor'><div class='visitor-title'>SỐ LƯỢT TRUY CẬP</div><div class='visitor-digits'>{digits}</div></div>"
        )

    def _sidebar(self, site) -> str:
        return (
            "<div class='sidebar'><div class='search'><div>Tìm kiếm</div>"
            "<input type='text' name='k'><a href='/_layouts/OSSSearchResults.aspx'>Tìm</a></div>"
            "<ul class='thongdiep'><li>• Thông điệp Tay chân miệng 2015</li>"
            "<li>• Thông điệp Sốt xuất huyết 2015</li></ul></div>"
        )

    def _bottom(self, article=None) -> str:
        script = ""
        if article is not None:
            script = f"<script>lvCounter({article.id});</script>"
        return (
            "<div id='footer'><p>Cổng thông tin điện tử Quận 11 - Thành phố Hồ Chí Minh</p>"
            "<p>Địa chỉ: 270 Bình Thới, Phường 10, Quận 11</p></div></form></body></html>" + script
        )

    def render_listing(self, site, items, number, following, base_url) -> str:
        rows = "".join(
            "<tr><td class='news-item'>"
            f"<a class='news-title' href='{a.path}'>{esc(a.title)}</a> "
            f"<span class='news-date'>({a.published_dt:%d/%m/%Y})</span>"
            f"<div class='news-summary'>{esc(a.paragraphs[0][:150])}…</div></td></tr>"
            for a in items
        )
        more = ""
        if following:
            more = f"<a href='{esc(following)}'><img alt='Xem tiếp' src='/_layouts/images/LacViet/xemtiep.gif'></a>"
        built = datetime(2020, 2, 10, 9, 30)
        return (
            self._head(site, site.section_name, base_url)
            + self._top(site)
            + "<table class='news-list'><tr class='ms-news-header'>"
            + f"<td class='FolderTitle'>{esc(site.section_name)}</td><td class='Time'>{lacviet_date(built)}</td></tr>"
            + rows
            + f"</table><div class='xemtiep'>{more}</div>"
            + self._sidebar(site)
            + self._bottom()
        )

    def render_article(self, site, article, base_url) -> str:
        blocks = []
        for index, paragraph in enumerate(article.paragraphs):
            if index == 0 and getattr(article, "lead", False):
                blocks.append(f"<p><b class='lv_description'>{_entities(paragraph)}</b></p>")
            else:
                blocks.append(f"<p style='text-align: justify'>{_entities(paragraph)}</p>")
            for src, caption, after in article.images:
                if after == index:
                    blocks.append(f"<p style='text-align: center'><img src='{src}' alt='' border='0'></p>")
                    blocks.append(f"<p style='text-align: center'><em>{_entities(caption)}</em></p>")
        if article.author:
            blocks.append(f"<p style='text-align: right'><strong>{esc(article.author)}</strong></p>")
        guid = f"{article.id * 7919:032X}"[-32:]
        newer = "".join(f"<li><a href='{a.path}'>{esc(a.title)}</a></li>" for a in others(site, article, 3))
        older = "".join(
            f"<li><a href='{a.path}'>{esc(a.title)}</a> <span>({a.published_dt:%d/%m/%Y})</span></li>"
            for a in others(site, article, 6)[3:]
        )
        # A doubled and trailing space in the title, as the CMS stores it.
        title_markup = esc(article.title).replace(" ", "  ", 1) + " "
        summary = re.sub(r"[\"\\\n]", " ", article.paragraphs[0][:120])
        return (
            self._head(site, article.title, base_url)
            + self._top(site)
            + "<div class='news-detail'><table id='tableforprint' width='100%'>"
            + "<tr class='ms-news-header'>"
            + f"<td class='FolderTitle'>{esc(site.section_name)}</td>"
            + f"<td class='Time'>{lacviet_date(article.published_dt)}</td></tr>"
            + f"<tr><td colspan='2'><p class='Title'>{title_markup}</p></td></tr>"
            + f"<tr><td colspan='2'><div class='ExternalClass{guid}'><div id='content-print'>{''.join(blocks)}</div></div></td></tr>"
            + "</table>"
            + f"<div class='counter'><span class='css_readCounter'>Số lượt người xem: {article.views}</span>&nbsp;&nbsp;&nbsp;&nbsp;</div>"
            + "<div class='tools'><a href='javascript:printPage()'>Bản in</a> <a href='javascript:sendMail()'>Gửi email</a></div>"
            + f'<script>function printPage(){{var t="{esc(article.title)}";var s="{esc(summary)}";lvPrint(t,s);}}</script>'
            + f"<div class='newer'><p class='NewerTitle'>TIN MỚI HƠN</p><ul>{newer}</ul></div>"
            + f"<div class='OtherNews'><p class='OtherTitle'>TIN ĐÃ ĐƯA</p><ul>{older}</ul></div>"
            + f"<div class='xemtiep'><a href='{site.section_path}'>Xem tiếp</a></div>"
            + "<div class='xemtheongay'><img alt='Xem theo ngày' src='/_layouts/images/LacViet/calendar.gif'>"
            + "<span>Xem theo ngày</span> <span>Xem theo ngày</span></div></div>"
            + self._sidebar(site)
            + self._bottom(article)
        )


class SharePointListTemplate(PostbackPaging, SharePointTemplate):
    """A SharePoint list web part paged by ASP.NET postback; pages in the Vietnamese ``Trang/`` folder."""

    next_target = "ctl00$m$g_3f1c5b2e_8d0a_4c1e_9f6b_2a7d9e0c4b11$ctl00$lbtnNext"

    def article_path(self, site, article_id: int, slug: str) -> str:
        return f"/Trang/ChiTietTinTuc.aspx?nid={article_id}"

    def render_listing(self, site, items, number, following, base_url) -> str:
        rows = "".join(
            "<tr><td class='news-item'>"
            f"<a class='news-title' href='{a.path}'>{esc(a.title)}</a> "
            f"<span class='news-date'>({a.published_dt:%d/%m/%Y})</span></td></tr>"
            for a in items
        )
        head = self._head(site, site.section_name, base_url)
        # The list's own form state replaces the static one of the article pages.
        head = re.sub(r"<input type='hidden' name='__VIEWSTATE'[^>]*>", self.form_state(site, number), head)
        head = head.replace(
            "<form name='aspnetForm'", f"<form action='{esc(site.section_path)}' name='aspnetForm'"
        )
        return (
            head
            + self._top(site)
            + f"<div id='ctl00_m_g_3f1c5b2e_8d0a_4c1e_9f6b_2a7d9e0c4b11'><h2>{esc(site.section_name)}</h2>"
            + f"<table class='news-list'>{rows}</table>"
            + f"<div class='paging'>Trang {number} "
            + self.next_control(following, "next", "Sau")
            + "</div></div>"
            + self._sidebar(site)
            + self._bottom()
        )
