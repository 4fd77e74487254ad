"""Liferay 6.2/7 and the VNPT eportal: portlet ``_cur``/``_delta`` paging, ``javascript:`` next links."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from parsel import SelectorList

from danvan_crawler.extract.listing_page import absolute, same_site
from danvan_crawler.extract.pager import SCRIPT_URL
from danvan_crawler.platforms.base import STATS, PortalSpider

_CUR = re.compile(r"_cur$")


def _with_cur(url: str, param: str, value: int) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != param]
    query.append((param, str(value)))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


class LiferaySpider(PortalSpider):
    """An asset publisher (or VNPT news portlet) section."""

    platform = "liferay"

    def find_next_page(self, response, page: int) -> str | None:
        link = super().find_next_page(response, page)
        if link:
            return link
        # The "Tiếp" link is javascript: here. Its URL may sit in an onclick; otherwise the
        # pager's other links show the portlet's _cur parameter, and the "last" link its limit.
        pager = ", ".join(self.profile.pager)
        anchors = self.listing_selector(response).css(pager) if pager else SelectorList()
        for onclick in anchors.xpath("@onclick").getall():
            match = SCRIPT_URL.search(onclick)
            if not match:
                continue
            url = absolute(response.url, match.group(1))
            cur = self._cur(url)
            if url and same_site(url, response.url) and cur and cur[1] == page + 1:
                self.crawler.stats.inc_value(f"{STATS}/liferay_script_next")
                return url
        hrefs = (absolute(response.url, h) for h in anchors.xpath("@href").getall())
        links = [u for u in hrefs if u and same_site(u, response.url)]
        curs = [c for c in map(self._cur, links) if c]
        if not curs:
            return None
        param = curs[0][0]
        last = max(value for _, value in curs)
        if page + 1 > last:
            return None
        self.crawler.stats.inc_value(f"{STATS}/liferay_script_next")
        template = next(u for u in links if self._cur(u))
        return _with_cur(template, param, page + 1)

    @staticmethod
    def _cur(url: str | None) -> tuple[str, int] | None:
        """(the ``..._cur`` parameter name, its value) of a Liferay page URL."""
        if not url:
            return None
        for key, value in parse_qsl(urlsplit(url).query):
            if _CUR.search(key) and value.isdigit():
                return key, int(value)
        return None
