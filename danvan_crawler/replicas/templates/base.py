"""What every platform template shares: routing of listing pages and the body layout."""

from __future__ import annotations

from html import escape
from urllib.parse import urlencode


def esc(text: str | None) -> str:
    """HTML-escaped text (quotes too)."""
    return escape(text or "", quote=True)


class Template:
    """A platform's URL scheme and markup; subclasses render the pages."""

    platform = ""
    robots_disallow = "/admin/"

    def listing_path(self, site, page: int) -> str:
        """Path of listing page ``page`` (1-based)."""
        raise NotImplementedError

    def article_path(self, site, article_id: int, slug: str) -> str:
        """Path of an article page."""
        raise NotImplementedError

    def listing(self, site, path: str):
        """(articles, page number, next page path or None) for a listing path, or None."""
        pages = site.pages()
        for number in range(1, len(pages) + 1):
            if self.listing_path(site, number) == path:
                following = self.listing_path(site, number + 1) if number < len(pages) else None
                return pages[number - 1], number, following
        return None

    def robots(self, site) -> str:
        """robots.txt: everything but the admin area."""
        return f"User-agent: *\nDisallow: {self.robots_disallow}\n"

    def render_listing(self, site, items, number: int, following: str | None, base_url: str) -> str:
        raise NotImplementedError

    def render_article(self, site, article, base_url: str) -> str:
        raise NotImplementedError

    def not_found(self, site) -> str:
        """The platform's 404 page."""
        return (
            f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Không tìm thấy trang - "
            f"{esc(site.title)}</title></head><body><h1>Không tìm thấy trang</h1>"
            "<p>Trang bạn yêu cầu không tồn tại.</p></body></html>"
        )


def body_blocks(article, image_html, caption_html=None) -> list[str]:
    """Paragraph and image blocks of an article in order (images after their paragraph)."""
    blocks = []
    for index, paragraph in enumerate(article.paragraphs):
        blocks.append(f"<p>{esc(paragraph)}</p>")
        for src, caption, after in article.images:
            if after == index:
                blocks.append(image_html(src, caption))
                if caption_html:
                    blocks.append(caption_html(caption))
    return blocks


def query(**params) -> str:
    """``?a=1&b=2`` (empty string without params)."""
    return "?" + urlencode(params) if params else ""


def others(site, article, count: int = 5):
    """Other articles of the site, for sidebars and related blocks."""
    return [a for a in site.articles if a is not article][:count]
