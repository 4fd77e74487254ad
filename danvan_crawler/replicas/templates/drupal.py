"""Drupal portals: a Drupal 7 "post-title" theme (Thoại Sơn) and a Drupal 8 theme (Lạng Sơn)."""

from __future__ import annotations

from danvan_crawler.replicas.templates.base import Template, body_blocks, esc, others

NBSP_PAD = "&nbsp;" * 60


class Drupal7Template(Template):
    """Drupal 7 with a bootstrap theme: ``h3.post-title``, ``span.post-created``, ``div.post-body``."""

    platform = "drupal"
    robots_disallow = "/user/"

    def listing_path(self, site, page: int) -> str:
        return site.section_path if page == 1 else f"{site.section_path}?page={page - 1}"

    def article_path(self, site, article_id: int, slug: str) -> str:
        return f"/vi/tin-tuc/{slug}"

    def _head(self, site, title) -> str:
        return (
            "<!DOCTYPE html><html lang='vi' dir='ltr'><head><meta charset='utf-8'>"
            "<meta name='Generator' content='Drupal 7 (http://drupal.org)'>"
            f"<title>{esc(title)} | {esc(site.title)}</title>"
            "<link rel='stylesheet' href='/sites/all/themes/thoaison/css/bootstrap.min.css'>"
            "<script src='/misc/drupal.js?v=7.67'></script>"
            '<script>jQuery.extend(Drupal.settings, {"basePath":"\\/","pathPrefix":"vi\\/"});</script>'
            "</head><body class='html not-front'>"
        )

    def _top(self, site) -> str:
        return (
            "<div id='header'><div class='logo'><a href='/vi'>"
            f"<img src='/sites/default/files/logo.png' alt='{esc(site.title)}'></a></div>"
            "<nav class='navbar'><ul class='menu nav'><li><a href='/vi'>Trang chủ</a></li>"
            "<li><a href='/vi/chuyen-muc/tin-tuc-su-kien'>Tin tức - Sự kiện</a></li>"
            f"<li><a href='{site.section_path}'>{esc(site.section_name)}</a></li>"
            "<li><a href='/vi/chuyen-muc/van-ban'>Văn bản</a></li></ul></nav></div>"
        )

    def _bottom(self, site) -> str:
        return (
            "<div id='footer' class='footer'><p>Cổng thông tin điện tử huyện Thoại Sơn - tỉnh An Giang</p>"
            "<p>Địa chỉ: Thị trấn Núi Sập, huyện Thoại Sơn, tỉnh An Giang</p>"
            "<p>Lượt truy cập: 1.254.367</p></div></body></html>"
        )

    def render_listing(self, site, items, number, following, base_url) -> str:
        rows = "".join(
            "<div class='views-row'><div class='post'>"
            f"<h3 class='post-title'><a href='{a.path}' rel='bookmark'>{esc(a.title)}</a></h3>"
            f"<span class='post-created'>{a.published_dt:%H:%M %d/%m/%Y}</span>"
            f"<div class='post-teaser'>{esc(a.paragraphs[0][:150])}…</div></div></div>"
            for a in items
        )
        pages = len(site.pages())
        pager = "".join(
            f"<li class='pager-current'>{n}</li>"
            if n == number
            else f"<li class='pager-item'><a href='{self.listing_path(site, n)}'>{n}</a></li>"
            for n in range(1, pages + 1)
        )
        if following:
            pager += f"<li class='pager-next'><a href='{following}'>sau ›</a></li>"
            pager += f"<li class='pager-last'><a href='{self.listing_path(site, pages)}'>cuối »</a></li>"
        return (
            self._head(site, site.section_name)
            + self._top(site)
            + f"<div class='main-container container'><h1 class='page-header'>{esc(site.section_name)}</h1>"
            + f"<div class='view-content'>{rows}</div><ul class='pager'>{pager}</ul></div>"
            + self._bottom(site)
        )

    def render_article(self, site, article, base_url) -> str:
        def image(src, caption):
            return (
                f"<p><img class='img-responsive' src='{src}' alt='Responsive image'></p>"
                "<p><span class='image-alt'>Responsive image</span></p>"
            )

        blocks = body_blocks(article, image)
        if article.author:
            blocks.append(f"<p style='text-align:right'>{NBSP_PAD}<strong>{esc(article.author)}</strong></p>")
        other = "".join(f"<li><a href='{a.path}'>{esc(a.title)}</a></li>" for a in others(site, article, 6))
        return (
            self._head(site, article.title)
            + self._top(site)
            + "<div class='main-container container'><div class='row'><section class='col-sm-9'>"
            + f"<h2 class='block-title'>{esc(site.section_name)}</h2>"
            + f"<div class='post'><h1 class='post-title'>{esc(article.title)}</h1>"
            + f"<span class='post-created'>{article.published_dt:%H:%M %d/%m/%Y}</span>"
            + f"<div class='post-body'>{''.join(blocks)}</div></div>"
            + f"<div class='other-news'><h3>các tin khác</h3><ul>{other}</ul>"
            + "<ul class='pagination'><li><a href='#'>&lt;&lt;</a></li><li><a href='#'>&lt;</a></li>"
            + "<li class='active'><a href='#'>1</a></li><li><a href='#'>&gt;</a></li>"
            + "<li><a href='#'>&gt;&gt;</a></li></ul></div></section>"
            + "<aside class='col-sm-3 sidebar'><h3>Liên kết</h3><ul><li>Cổng TTĐT tỉnh An Giang</li></ul></aside>"
            + "</div></div>"
            + self._bottom(site)
        )


class Drupal8Template(Template):
    """Drupal 8 (Lạng Sơn style): ``views-row`` listings, ``field--name-body``, no header date."""

    platform = "drupal"
    robots_disallow = "/user/"

    def listing_path(self, site, page: int) -> str:
        return site.section_path if page == 1 else f"{site.section_path}?page={page - 1}"

    def article_path(self, site, article_id: int, slug: str) -> str:
        return f"/tin-tuc/{slug}"

    def _head(self, site, title) -> str:
        return (
            "<!DOCTYPE html><html lang='vi' dir='ltr'><head><meta charset='utf-8'>"
            "<meta name='Generator' content='Drupal 8 (https://www.drupal.org)'>"
            f"<title>{esc(title)} | {esc(site.title)}</title>"
            "<link rel='stylesheet' href='/themes/custom/langson/css/style.css'>"
            "<script type='application/json' data-drupal-selector='drupal-settings-json'>"
            '{"path":{"baseUrl":"\\/"},"build":"2019-04-02"}</script></head>'
            "<body class='path-node page-node-type-article'>"
            "<a href='#main-content' class='visually-hidden focusable skip-link'>Skip to main content</a>"
        )

    def _top(self, site) -> str:
        return (
            "<header role='banner'><div class='site-name'>"
            f"<a href='/' rel='home'>{esc(site.title)}</a></div>"
            "<nav role='navigation' class='menu--main'><ul><li><a href='/'>Trang chủ</a></li>"
            "<li><a href='/gioi-thieu'>Giới thiệu</a></li>"
            f"<li><a href='{site.section_path}'>Tin hoạt động</a></li></ul></nav></header>"
        )

    def _bottom(self) -> str:
        return (
            "<footer role='contentinfo'><p>© 2019 Ban Dân vận Tỉnh ủy Lạng Sơn</p>"
            "<p>Cập nhật: 02/04/2019</p><p>Địa chỉ: Đường Hùng Vương, thành phố Lạng Sơn</p></footer>"
            "</body></html>"
        )

    def render_listing(self, site, items, number, following, base_url) -> str:
        rows = "".join(
            f"<div class='views-row'><h3><a href='{a.path}' hreflang='vi'>{esc(a.title)}</a></h3>"
            f"<div class='views-field-body'>{esc(a.paragraphs[0][:140])}…</div></div>"
            for a in items
        )
        nav = ""
        if following:
            nav = (
                "<nav class='pager' role='navigation'><ul class='pager__items'>"
                f"<li class='pager__item pager__item--next'><a href='{following}' rel='next'>›</a></li></ul></nav>"
            )
        return (
            self._head(site, site.section_name)
            + self._top(site)
            + f"<main role='main'><a id='main-content' tabindex='-1'></a><h1 class='page-title'>{esc(site.section_name)}</h1>"
            + f"<div class='view-content'>{rows}</div>{nav}</main>"
            + self._bottom()
        )

    def render_article(self, site, article, base_url) -> str:
        def image(src, caption):
            return f"<p style='text-align:center'><img src='{src}' alt='' width='600'></p>"

        def caption_html(caption):
            return f"<p style='text-align:center'><em>{esc(caption)}</em></p>"

        blocks = body_blocks(article, image, caption_html)
        if article.author:
            blocks.append(f"<p style='text-align:right'><strong>{esc(article.author)}</strong></p>")
        latest = "".join(f"<li><a href='{a.path}'>{esc(a.title)}</a></li>" for a in others(site, article, 5))
        return (
            self._head(site, article.title)
            + self._top(site)
            + "<main role='main'><a id='main-content' tabindex='-1'></a>"
            + f"<article role='article' class='node node--type-article node--view-mode-full' data-history-node-id='{article.id}'>"
            + f"<h1 class='page-title'><span>{esc(article.title)}</span></h1>"
            + f"<div class='field field--name-body field--type-text-with-summary'>{''.join(blocks)}</div></article>"
            + f"<aside class='sidebar'><h2>Tin mới</h2><ul>{latest}</ul></aside></main>"
            + self._bottom()
        )
