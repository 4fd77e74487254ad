"""A custom PHP CMS: ``index.php?com=danhmuc_tin&id_category=N`` listings, ``com=tin_ct`` articles."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from danvan_crawler.replicas.templates.base import Template, body_blocks, esc, others


class PhpTemplate(Template):
    platform = "custom_php"
    robots_disallow = "/admin/"

    def listing_path(self, site, page: int) -> str:
        return site.section_path if page == 1 else f"{site.section_path}&page={page}"

    def listing(self, site, path: str):
        parts, section = urlsplit(path), urlsplit(site.section_path)
        if parts.path != section.path:
            return None
        params, wanted = parse_qs(parts.query), parse_qs(section.query)
        if any(params.get(k) != v for k, v in wanted.items()):
            return None
        pages = site.pages()
        page = params.get("page", ["1"])[0]
        number = int(page) if page.isdigit() else 0
        if not 1 <= number <= len(pages):
            return None
        return pages[number - 1], number, self.listing_path(site, number + 1) if number < len(pages) else None

    def article_path(self, site, article_id: int, slug: str) -> str:
        return f"/index.php?com=tin_ct&id={article_id}"

    def _head(self, site, title) -> str:
        return (
            "<!DOCTYPE html><html><head><meta http-equiv='Content-Type' content='text/html; charset=utf-8'>"
            f"<title>{esc(title)}</title><link rel='stylesheet' href='/templates/default/style.css'></head><body>"
            f"<div id='banner'><img src='/images/banner.jpg' alt='{esc(site.title)}'></div>"
            "<div id='menu'><a href='/index.php'>Trang chủ</a> "
            f"<a href='{site.section_path}'>{esc(site.section_name)}</a> "
            "<a href='/index.php?com=lienhe'>Liên hệ</a></div><div id='main'>"
        )

    def _bottom(self) -> str:
        return "</div><div id='footer'>Ủy ban nhân dân huyện · Thiết kế bởi TTCNTT</div></body></html>"

    def render_listing(self, site, items, number, following, base_url) -> str:
        rows = "".join(
            f"<div class='tin'><a class='tieude' href='{a.path}'>{esc(a.title)}</a>"
            f"<span class='ngay'>({a.published_dt:%d/%m/%Y})</span><p>{esc(a.paragraphs[0][:150])}…</p></div>"
            for a in items
        )
        pages = len(site.pages())
        links = " ".join(
            f"<b>{n}</b>" if n == number else f"<a href='{self.listing_path(site, n)}'>{n}</a>"
            for n in range(1, pages + 1)
        )
        if following:
            links += f" <a class='next' href='{following}'>Tiếp »</a>"
        return (
            self._head(site, site.section_name)
            + f"<h2 class='danhmuc'>{esc(site.section_name)}</h2>{rows}<div class='phantrang'>{links}</div>"
            + self._bottom()
        )

    def render_article(self, site, article, base_url) -> str:
        blocks = body_blocks(
            article, lambda src, caption: f"<p align='center'><img src='{src}'><br>{esc(caption)}</p>"
        )
        if article.author:
            blocks.append(f"<p align='right'><b>{esc(article.author)}</b></p>")
        other = "".join(f"<li><a href='{a.path}'>{esc(a.title)}</a></li>" for a in others(site, article, 5))
        return (
            self._head(site, article.title)
            + f"<div class='chitiet'><h1 class='title'>{esc(article.title)}</h1>"
            + f"<div class='ngaydang'>Ngày đăng: {article.published_dt:%d/%m/%Y %H:%M}</div>"
            + f"<div class='content'>{''.join(blocks)}</div></div>"
            + f"<div class='tinkhac'><b>Các tin khác</b><ul>{other}</ul></div>"
            + self._bottom()
        )
