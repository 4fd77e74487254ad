"""Custom PHP CMSs: ``index.php?com=danhmuc_tin&id_category=N``, ``&page=N`` paging."""

from danvan_crawler.platforms.base import PortalSpider


class CustomPhpSpider(PortalSpider):
    """A ``com=danhmuc_tin`` category with ``com=tin_ct`` article links."""

    platform = "custom_php"
