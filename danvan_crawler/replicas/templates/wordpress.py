"""WordPress (la34.com.vn style): category listings with /page/N/, entry-* markup."""

from __future__ import annotations

from danvan_crawler.replicas.templates.base import Template, body_blocks, esc, others

LICENCE = [
    "Website Đài Phát Thanh và Truyền Hình Long An: Giấy phép số: 47/GP-TTĐT",
    "do cục Quản lý Phát thanh, Truyền hình và Thông tin Điện tử cấp ngày 11/05/2016.",
    "Bản quyền của Đài Phát thanh và Truyền hình Long An.",
    "Tổng biên tập: Ông Phạm Văn Dũng.",
    "Địa chỉ: 125 QL1A, Phường 4, TP. Tân An, Tỉnh Long An",
    "ĐT: 0272. 3826244 - Fax: 0272.3823225 - Email: ttdt@la34.com.vn",
]


class WordPressTemplate(Template):
    platform = "wordpress"
    robots_disallow = "/wp-admin/"

    def listing_path(self, site, page: int) -> str:
        return site.section_path if page == 1 else f"{site.section_path}page/{page}/"

    def article_path(self, site, article_id: int, slug: str) -> str:
        return f"/{slug}/"

    def _head(self, site, title: str) -> str:
        return (
            "<!DOCTYPE html><html lang='vi'><head><meta charset='UTF-8'>"
            f"<title>{esc(title)} – {esc(site.title)}</title>"
            "<meta name='generator' content='WordPress 5.2.2'>"
            "<link rel='stylesheet' href='/wp-content/themes/la34/style.css?ver=1.0'>"
            "<script src='/wp-includes/js/jquery/jquery.js?ver=1.12.4'></script>"
            '<script>window._wpemojiSettings={"baseUrl":"https://s.w.org/images/core/emoji/12.0.0-1/72x72/"};'
            "gtag('config','UA-1234','2019-06-27');</script></head>"
        )

    def _chrome_top(self, site) -> str:
        return (
            "<body class='archive category'><header id='masthead' class='site-header'>"
            f"<div class='site-branding'><a href='/' rel='home'>{esc(site.title)}</a></div>"
            "<nav id='site-navigation' class='main-navigation'><ul id='primary-menu' class='menu'>"
            "<li><a href='/'>Trang chủ</a></li><li><a href='/category/thoi-su/'>Thời sự</a></li>"
            f"<li><a href='{site.section_path}'>Dân vận</a></li><li><a href='/category/kinh-te/'>Kinh tế</a></li>"
            "<li><a href='/truyen-hinh-truc-tuyen/'>Truyền hình trực tuyến</a></li></ul></nav></header>"
        )

    def _sidebar(self, site, current=None) -> str:
        items = "".join(f"<li><a href='{a.path}'>{esc(a.title)}</a></li>" for a in others(site, current, 5))
        return (
            "<aside id='secondary' class='widget-area'><section class='widget widget_recent_entries'>"
            f"<h2 class='widget-title'>Tin mới</h2><ul>{items}</ul></section>"
            "<section class='widget'><h2 class='widget-title'>Lịch phát sóng</h2>"
            "<p>06:00 Chào buổi sáng</p><p>19:00 Thời sự Long An</p></section></aside>"
        )

    def _footer(self) -> str:
        lines = "".join(f"<p>{esc(line)}</p>" for line in LICENCE)
        return f"<footer id='colophon' class='site-footer'><div class='site-info'>{lines}</div></footer>"

    def render_listing(self, site, items, number, following, base_url) -> str:
        posts = "".join(
            f"<article class='post type-post status-publish'><header class='entry-header'>"
            f"<h2 class='entry-title'><a href='{a.path}' rel='bookmark'>{esc(a.title)}</a></h2>"
            f"<div class='entry-meta'><time class='entry-date published' datetime='{a.published_dt.isoformat()}'>"
            f"{a.published_dt:%d/%m/%Y}</time></div></header>"
            f"<div class='entry-summary'><p>{esc(a.paragraphs[0][:160])}…</p></div></article>"
            for a in items
        )
        pages = len(site.pages())
        links = "".join(
            f"<span aria-current='page' class='page-numbers current'>{n}</span>"
            if n == number
            else f"<a class='page-numbers' href='{self.listing_path(site, n)}'>{n}</a>"
            for n in range(1, pages + 1)
        )
        if following:
            links += f"<a class='next page-numbers' href='{following}'>Trang sau »</a>"
        return (
            self._head(site, site.section_name)
            + self._chrome_top(site)
            + "<div id='content' class='site-content'><main id='main' class='site-main'>"
            + f"<header class='page-header'><h1 class='page-title'>Chuyên mục: {esc(site.section_name)}</h1></header>"
            + posts
            + f"<nav class='navigation pagination'><div class='nav-links'>{links}</div></nav></main>"
            + self._sidebar(site)
            + "</div>"
            + self._footer()
            + "</body></html>"
        )

    def render_article(self, site, article, base_url) -> str:
        def image(src, caption):
            return (
                f"<div class='wp-caption aligncenter' style='width: 610px'><img class='size-full' src='{src}' "
                f"alt='{esc(caption)}' width='600' height='400'><p class='wp-caption-text'>{esc(caption)}</p></div>"
            )

        blocks = body_blocks(article, image)
        # The ad sits between paragraphs, as the theme injects it.
        blocks.insert(
            min(2, len(blocks)),
            "<div class='code-block code-block-2'><p>Quảng cáo</p>"
            "<a href='/lien-he-quang-cao/'><img src='/wp-content/uploads/ads/banner-728.jpg' alt='Quảng cáo'></a></div>",
        )
        if article.author:
            blocks.append("<p>&nbsp;</p>")
            blocks.append(f"<p style='text-align: right;'><strong>{esc(article.author)}</strong></p>")
        related = "".join(f"<li><a href='{a.path}'>{esc(a.title)}</a></li>" for a in others(site, article, 3))
        return (
            self._head(site, article.title)
            + self._chrome_top(site)
            + "<div id='content' class='site-content'><main id='main' class='site-main'>"
            + f"<article id='post-{article.id}' class='post-{article.id} post type-post status-publish'>"
            + "<header class='entry-header'>"
            + f"<h1 class='entry-title'>{esc(article.title)}</h1>"
            + f"<div class='entry-meta'><span class='posted-on'>Đã đăng vào {article.published_dt:%d/%m/%Y} lúc "
            + f"{article.published_dt:%H:%M}</span></div></header>"
            + f"<div class='entry-content'>{''.join(blocks)}</div>"
            + "<div class='sharedaddy'><h3>Chia sẻ:</h3><a href='#'>Facebook</a> <a href='#'>Zalo</a></div>"
            + f"<div class='jp-relatedposts'><h3>Tin liên quan</h3><ul>{related}</ul></div></article>"
            + "<div id='respond' class='comment-respond'><h3 id='reply-title' class='comment-reply-title'>Trả lời</h3>"
            + "<form action='/wp-comments-post.php' method='post' id='commentform' class='comment-form'>"
            + "<p class='comment-notes'>Email của bạn sẽ không được hiển thị công khai. Các trường bắt buộc được đánh dấu *</p>"
            + "<p class='comment-form-comment'><label for='comment'>Bình luận</label><textarea id='comment' name='comment'></textarea></p>"
            + "<p class='form-submit'><input type='submit' value='Phản hồi'></p></form></div>"
            + "</main>"
            + self._sidebar(site, article)
            + "</div>"
            + self._footer()
            + "</body></html>"
        )
