"""WordPress portals: ``/category/<slug>/page/N/`` listings, ``.entry-title`` links."""

from danvan_crawler.platforms.base import PortalSpider


class WordPressSpider(PortalSpider):
    """A WordPress portal's category sections."""

    platform = "wordpress"
