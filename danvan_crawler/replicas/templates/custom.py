"""An unknown custom CMS (Long Điền style): for the generic, heuristic spider."""

from __future__ import annotations

from danvan_crawler.replicas.templates.base import Template, body_blocks, esc, others

AUDIO = [
    "Album: Long Điền - Khúc tình ca Vol I",
    "Số bài hát: 8",
    "Long Điền - Khúc tình ca Vol I",
    "Long Điền - Khúc tình ca Vol II",
    "Bài ca vọng cổ về huyện Long Điền",
]


class CustomTemplate(Template):
    platform = "custom"

    def listing_path(self, site, page: int) -> str:
        return site.section_path if page == 1 else f"{site.section_path}trang-{page}/"

    def article_path(self, site, article_id: int, slug: str) -> str:
        return f"/tin-tuc/{slug}-{article_id}.html"

    def _head(self, site, title) -> str:
        return (
            "<!DOCTYPE html><html><head><meta charset='utf-8'>"
            f"<title>{esc(title)}</title><link rel='stylesheet' href='/templates/longdien/css/main.css'>"
            "<script src='/templates/longdien/js/site.js'></script></head><body>"
            f"<div class='top-banner'><a href='/'><img src='/upload/banner.png' alt='{esc(site.title)}'></a></div>"
            "<div class='main-menu'><ul><li><a href='/'>Trang chủ</a></li>"
            "<li><a href='/gioi-thieu/'>Giới thiệu</a></li>"
            f"<li><a href='{site.section_path}'>Chính trị - Xã hội</a></li>"
            "<li><a href='/kinh-te/'>Kinh tế</a></li></ul></div><div class='wrapper'>"
        )

    def _widgets(self, site) -> str:
        cats = "".join(
            f"<li><a href='{p}'>{esc(n)}</a></li>"
            for p, n in (
                (site.section_path, "Chính trị - Xã hội"),
                ("/kinh-te/", "Kinh tế"),
                ("/van-hoa/", "Văn hóa"),
            )
        )
        audio = "".join(f"<div class='audio-line'>{esc(line)}</div>" for line in AUDIO)
        return (
            "<div class='right-col'>"
            f"<div class='box'><div class='box-title'><span>Chuyên mục</span> <span>Chuyên mục</span></div><ul>{cats}</ul></div>"
            f"<div class='box'><div class='box-title'><span>Audio</span> <span>Audio</span></div>{audio}</div>"
            "<div class='box'><div class='box-title'><span>Thông Tin Thời Tiết</span> <span>Thông Tin Thời Tiết</span></div>"
            "<div class='weather'>Long Điền: 31°C</div></div></div>"
        )

    def _bottom(self) -> str:
        return (
            "</div><div class='bottom'><p>Bản quyền thuộc Ủy ban nhân dân huyện Long Điền</p>"
            "<p>Địa chỉ: Thị trấn Long Điền, huyện Long Điền, tỉnh Bà Rịa - Vũng Tàu</p></div></body></html>"
        )

    def render_listing(self, site, items, number, following, base_url) -> str:
        rows = "".join(
            f"<div class='item'><h3><a href='{a.path}'>{esc(a.title)}</a></h3><p>{esc(a.paragraphs[0][:150])}…</p></div>"
            for a in items
        )
        pages = len(site.pages())
        links = [f"<a href='{self.listing_path(site, 1)}'>«</a>"]
        for n in range(1, pages + 1):
            links.append(f"<b>{n}</b>" if n == number else f"<a href='{self.listing_path(site, n)}'>{n}</a>")
        if following:
            links.append(f"<a href='{following}'>Trang sau</a>")
        links.append(f"<a href='{self.listing_path(site, pages)}'>»</a>")
        return (
            self._head(site, site.section_name)
            + "<div class='left-col'>"
            + f"<div class='cat-title'><span>{esc(site.section_name)}</span> <span>{esc(site.section_name)}</span></div>"
            + f"<div class='list-news'>{rows}</div><div class='paging'>{' '.join(links)}</div></div>"
            + self._widgets(site)
            + self._bottom()
        )

    def render_article(self, site, article, base_url) -> str:
        def image(src, caption):
            return f"<p style='text-align:center'><img src='{src}' alt='{esc(caption)}'></p>"

        def caption_html(caption):
            return f"<p style='text-align:center'><i>{esc(caption)}</i></p>"

        blocks = body_blocks(article, image, caption_html)
        if article.author:
            blocks.append(f"<p><b>{esc(article.author)}</b></p>")
        other = "".join(f"<li><a href='{a.path}'>{esc(a.title)}</a></li>" for a in others(site, article, 5))
        return (
            self._head(site, article.title)
            + "<div class='left-col'>"
            + f"<div class='cat-title'><span>{esc(site.section_name)}</span> <span>{esc(site.section_name)}</span></div>"
            + f"<div class='news-detail'><h1>{esc(article.title)}</h1><div class='content'>{''.join(blocks)}</div></div>"
            + f"<div class='other'><div class='other-title'>Tin khác</div><ul>{other}</ul></div></div>"
            + self._widgets(site)
            + self._bottom()
        )
