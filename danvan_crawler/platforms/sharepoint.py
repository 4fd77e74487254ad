"""SharePoint 2010 + Lạc Việt CMS portals: "Xem tiếp" date-cursor listings, list web parts by postback."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from danvan_crawler.platforms.base import PortalSpider
from danvan_crawler.platforms.postback import PostbackPagingMixin


class SharePointSpider(PostbackPagingMixin, PortalSpider):
    """A Lạc Việt ``AllPosts.aspx?CategoryId=N`` section (``PublishedDate`` cursor) or a list web part."""

    platform = "sharepoint"

    def find_next_page(self, response, page: int) -> str | None:
        """The "Xem tiếp" cursor link, refusing a cursor that does not move back in time."""
        link = super().find_next_page(response, page)
        if not link:
            return None
        # A cursor equal to or newer than the current one would loop ("Xem theo ngày" pages
        # can point anywhere); stop rather than walk the calendar.
        current = parse_qs(urlsplit(response.url).query).get("PublishedDate", [None])[0]
        following = parse_qs(urlsplit(link).query).get("PublishedDate", [None])[0]
        if current and following and following >= current:
            self.crawler.stats.inc_value("danvan/cursor_not_older")
            return None
        return link
