"""Portals on an unknown CMS: site selectors where given, heuristics elsewhere."""

from danvan_crawler.platforms.base import STATS, PortalSpider
from danvan_crawler.platforms.postback import PostbackPagingMixin


class GenericSpider(PostbackPagingMixin, PortalSpider):
    """Any portal: article links and pagination found by heuristics unless configured."""

    platform = "generic"

    def next_listing_request(self, response, section: str, page: int):
        """A link to the next page first; else the ASP.NET postback of a "next" control, or
        the URL a scripted "next" goes to (``onclick="location.href='...'"``).

        Platform spiders know which their portals use; a site whose CMS was not recognised
        may use any, and a link, where there is one, is the surest.
        """
        following = PortalSpider.next_listing_request(self, response, section, page)
        if following is None:
            following = self.postback_request(response, section, page)
        if following is None:
            scripted = self.read_listing(response, page).script_next
            if scripted is not None and scripted.url:
                self.crawler.stats.inc_value(f"{STATS}/script_next")
                following = self.listing_request(scripted.url, section, page + 1)
        return following
