"""Liferay portals (VNPT/Viettel "Cổng thông tin điện tử"): 6.2, 7 and the VNPT eportal variant.

Listing pages carry portlet parameters (``_<portlet>_cur=N``); the VNPT variant writes its
"Tiếp" link as ``javascript:`` (a trap from portals.md) and every variant has language links
that nest (``en/en/vi.html``) when followed.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from danvan_crawler.replicas.templates.base import Template, esc, others

# variant -> (portlet id, parameter prefix)
PORTLETS = {
    "6.2": ("101_INSTANCE_k3Xq", "_101_INSTANCE_k3Xq_"),
    "7": (
        "com_liferay_asset_publisher_web_portlet_AssetPublisherPortlet_INSTANCE_x9Ab",
        "_com_liferay_asset_publisher_web_portlet_AssetPublisherPortlet_INSTANCE_x9Ab_",
    ),
    "vnpt": (
        "dsnews_WAR_vnpteportalnewsportlet_INSTANCE_Tn5e",
        "_dsnews_WAR_vnpteportalnewsportlet_INSTANCE_Tn5e_",
    ),
}


def liferay_date(when) -> str:
    """``30/08/2016 | 3:17 PM``."""
    hour = when.hour % 12 or 12
    return f"{when:%d/%m/%Y} | {hour}:{when.minute:02d} {'AM' if when.hour < 12 else 'PM'}"


class LiferayTemplate(Template):
    platform = "liferay"
    robots_disallow = "/c/"

    def __init__(self, variant: str = "6.2"):
        self.variant = variant
        self.portlet, self.prefix = PORTLETS[variant]

    def listing_path(self, site, page: int) -> str:
        if page == 1:
            return site.section_path
        return (
            f"{site.section_path}?p_p_id={self.portlet}&p_p_lifecycle=0&p_p_state=normal"
            f"&{self.prefix}delta={site.page_size}&{self.prefix}cur={page}"
        )

    def listing(self, site, path: str):
        parts = urlsplit(path)
        if parts.path != site.section_path:
            return None
        pages = site.pages()
        number = 1
        if parts.query:
            cur = parse_qs(parts.query).get(f"{self.prefix}cur")
            if not cur or not cur[0].isdigit():
                return None
            number = int(cur[0])
        if not 1 <= number <= len(pages):
            return None
        following = self.listing_path(site, number + 1) if number < len(pages) else None
        return pages[number - 1], number, following

    def article_path(self, site, article_id: int, slug: str) -> str:
        if self.variant == "7":
            return f"/web/guest/-/{slug}"
        if self.variant == "vnpt":
            return f"/-/asset_publisher/Tn5e/content/{slug}"
        return f"{site.section_path}/-/view_content/{article_id}-{slug}.html"

    def _head(self, site, title) -> str:
        js = (
            "/o/frontend-js-web/liferay/global.bundle.js"
            if self.variant == "7"
            else "/html/js/liferay/modules.js"
        )
        return (
            "<!DOCTYPE html><html class='ltr' dir='ltr' lang='vi-VN'><head>"
            f"<title>{esc(title)} - {esc(site.title)}</title>"
            "<meta content='text/html; charset=UTF-8' http-equiv='content-type'>"
            f"<script src='{js}'></script>"
            "<script>Liferay.currentURL='/';Liferay.Portlet.ready(function(){});</script></head>"
            "<body class='yui3-skin-sam controls-visible signed-out public-page site'>"
            f"<header id='banner'><a class='logo' href='/'><img alt='{esc(site.title)}' src='/image/logo.png'></a>"
            # Relative language links: followed, they nest (/en/en/vi.html).
            "<div class='lang'><a href='en/vi.html'>English</a> <a href='vi/vi.html'>Tiếng Việt</a></div>"
            "<nav class='navigation'><ul><li><a href='/'>Trang chủ</a></li>"
            f"<li><a href='{site.section_path}'>{esc(site.section_name)}</a></li>"
            "<li><a href='/web/guest/van-ban'>Văn bản</a></li></ul></nav></header><div id='content'>"
        )

    def _bottom(self, site) -> str:
        return (
            "</div><footer id='footer'><p>Cơ quan chủ quản: Ủy ban nhân dân tỉnh</p>"
            "<p>Đơn vị phát triển: VNPT</p><p>Lượt truy cập: 2.345.678</p></footer></body></html>"
        )

    def _pager(self, site, number, following) -> str:
        pages = len(site.pages())
        first, last = self.listing_path(site, 1), self.listing_path(site, pages)
        prev = self.listing_path(site, number - 1) if number > 1 else "javascript:;"
        if following and self.variant == "vnpt":
            # The eportal's "Tiếp" is a script call; the page number only sits in the onclick.
            nxt = f"<a href='javascript:;' onclick=\"location.href='{esc(following)}'\">Tiếp</a>"
        elif following:
            nxt = f"<a href='{esc(following)}'>Tiếp</a>"
        else:
            nxt = "<a href='javascript:;'>Tiếp</a>"
        start = (number - 1) * site.page_size + 1
        end = min(number * site.page_size, len(site.articles))
        return (
            "<div class='taglib-page-iterator'><div class='search-results'>"
            f"Hiển thị {start} - {end} of {len(site.articles)} kết quả.</div>"
            "<ul class='pager lfr-pagination-buttons'>"
            f"<li class='first'><a href='{esc(first)}'>Đầu tiên</a></li>"
            f"<li class='previous'><a href='{esc(prev)}'>Trước</a></li>"
            f"<li class='{'next' if following else 'next disabled'}'>{nxt}</li>"
            f"<li class='last'><a href='{esc(last)}'>Cuối cùng</a></li></ul></div>"
        )

    def render_listing(self, site, items, number, following, base_url) -> str:
        rows = "".join(
            "<div class='asset-abstract'><div class='asset-content'>"
            f"<h3 class='asset-title'><a href='{a.path}'>{esc(a.title)}</a></h3>"
            f"<div class='assetPublishDate'>Ngày đăng {liferay_date(a.published_dt)} | Lượt xem: {a.views}</div>"
            f"<div class='asset-summary'>{esc(a.paragraphs[0][:150])}…</div></div></div>"
            for a in items
        )
        return (
            self._head(site, site.section_name)
            + f"<section class='portlet' id='portlet_{self.portlet}'>"
            + f"<h1 class='portlet-title'><span class='portlet-title-text'>{esc(site.section_name)}</span></h1>"
            + f"<div class='portlet-content'>{rows}{self._pager(site, number, following)}</div></section>"
            + self._bottom(site)
        )

    def render_article(self, site, article, base_url) -> str:
        lead, *rest = article.paragraphs
        # The lead repeated as a heading; a one-paragraph notice is all body.
        blocks = [f"<h3>{esc(lead)}</h3>" if rest else f"<p>{esc(lead)}</p>"]
        for index, paragraph in enumerate(rest, start=1):
            blocks.append(f"<p style='text-align:justify'>{esc(paragraph)}</p>")
            for src, caption, after in article.images:
                if after == index:
                    blocks.append(f"<p style='text-align:center'><img src='{src}' alt=''></p>")
                    if caption:
                        blocks.append(f"<p style='text-align:center'><em>{esc(caption)}</em></p>")
        if article.author:
            pad = "&nbsp;" * 40
            blocks.append(f"<p style='text-align:right'>{pad}<strong>{esc(article.author)}</strong></p>")
        related = "".join(f"<li><a href='{a.path}'>{esc(a.title)}</a></li>" for a in others(site, article, 5))
        return (
            self._head(site, site.section_name)
            + f"<section class='portlet' id='portlet_{self.portlet}'>"
            + f"<h1 class='portlet-title'><span class='portlet-title-text'>{esc(site.section_name)}</span></h1>"
            + "<div class='portlet-content'><div class='news-detail'>"
            + f"<div class='title-news'><h1>{esc(article.title)}</h1></div>"
            + f"<div class='date-news'>{liferay_date(article.published_dt)}</div>"
            + f"<p class='sapo'>{esc(lead)}</p>"
            + f"<div class='journal-content-article'>{''.join(blocks)}</div>"
            + "<p class='view-content-author'>Pho Ban bien tap</p>"
            + "<div class='taglib-social-bookmarks'><a href='javascript:;'>Chia sẻ</a></div>"
            + f"<div class='other-news'><h4>Tin cùng chuyên mục</h4><ul>{related}</ul></div>"
            + "</div></div></section>"
            + self._bottom(site)
        )
