"""Portals on an unknown CMS: site selectors where given, heuristics elsewhere."""

from danvan_crawler.platforms.base import PortalSpider


class GenericSpider(PortalSpider):
    """Any portal: article links and pagination found by heuristics unless configured."""

    platform = "generic"
