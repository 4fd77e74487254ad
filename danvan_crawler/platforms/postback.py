"""ASP.NET postback paging (SharePoint list web parts, DotNetNuke/Telerik grids).

The "next" control is ``javascript:__doPostBack('<target>','<argument>')``: there is no URL
to follow. Scrapy's ``FormRequest.from_response`` sends the page's form back with every
hidden field (``__VIEWSTATE``, ``__EVENTVALIDATION``, ...) plus the event target, as the
browser would. ``form2request`` builds that request (Scrapy deprecated
``FormRequest.from_response`` in its favour).
"""

from __future__ import annotations

import re

import scrapy
from form2request import form2request
from parsel import Selector

from danvan_crawler.extract.pagesel import PageSelector
from danvan_crawler.platforms.base import STATS, PortalSpider

_DO_POSTBACK = re.compile(r"__doPostBack\(\s*'([^']+)'\s*,\s*'([^']*)'\s*\)")


def _postback_of(nodes, css: str) -> tuple[str, str] | None:
    for node in nodes:
        script = " ".join(filter(None, (node.attrib.get("href"), node.attrib.get("onclick"))))
        match = _DO_POSTBACK.search(script)
        if match:
            return match.group(1), match.group(2)
    return None


def postback_target(sel: Selector, selectors: tuple[str, ...]) -> tuple[str, str] | None:
    """(event target, argument) of the first "next" control found by ``selectors``."""
    found = PageSelector(sel).first(selectors, _postback_of)
    return found[0] if found else None


class PostbackPagingMixin:
    """Page a section by posting its ASP.NET form back; URL paging when the page has links."""

    def next_listing_request(self, response, section: str, page: int):
        posted = self.postback_request(response, section, page)
        if posted is not None:
            return posted
        return PortalSpider.next_listing_request(self, response, section, page)

    def postback_request(self, response, section: str, page: int) -> scrapy.Request | None:
        """The form posted back for listing page ``page + 1``, or None without a postback "next"."""
        sel = self.listing_selector(response)
        target = postback_target(sel, self.profile.next_page + self.profile.postback_next)
        if target is None:
            return None
        # form2request reads the form as lxml.html's FormElement: the page parsed by lxml.html
        # (the listing's own parse is libxml2's plain one), on the pages that post back only.
        as_html = scrapy.Selector(response)
        forms = as_html.xpath("//form[.//input[@name='__VIEWSTATE']]") or as_html.xpath("//form")
        if not forms:
            self.crawler.stats.inc_value(f"{STATS}/postback_without_form")
            self.logger.warning("postback next control on %s but no form to post", response.url)
            return None
        event_target, argument = target
        self.crawler.stats.inc_value(f"{STATS}/postback_pages")
        form_request = form2request(
            forms[0], {"__EVENTTARGET": event_target, "__EVENTARGUMENT": argument}, click=False
        )
        return form_request.to_scrapy(
            callback=self.parse_listing,
            errback=self.on_error,
            cb_kwargs={"section": section, "page": page + 1},
            meta={"danvan_kind": "listing", "danvan_section": section},
        )
