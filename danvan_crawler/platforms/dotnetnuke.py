"""DotNetNuke portals: ``tabid`` or friendly ``/bai-viet/`` URLs, Telerik grids paged by postback."""

from danvan_crawler.platforms.base import PortalSpider
from danvan_crawler.platforms.postback import PostbackPagingMixin


class DotNetNukeSpider(PostbackPagingMixin, PortalSpider):
    """A DNN news module's section; ``?TabID=N&p=2`` links when present, else the grid's postback."""

    platform = "dotnetnuke"
