"""Platform base spiders: the logic lives here, site modules in ``spiders/`` are data."""

from danvan_crawler.platforms.base import PortalSpider
from danvan_crawler.platforms.dotnetnuke import DotNetNukeSpider
from danvan_crawler.platforms.drupal import DrupalSpider
from danvan_crawler.platforms.generic import GenericSpider
from danvan_crawler.platforms.liferay import LiferaySpider
from danvan_crawler.platforms.php import CustomPhpSpider
from danvan_crawler.platforms.sharepoint import SharePointSpider
from danvan_crawler.platforms.wordpress import WordPressSpider

BASE_SPIDERS = (
    WordPressSpider,
    DrupalSpider,
    SharePointSpider,
    LiferaySpider,
    DotNetNukeSpider,
    CustomPhpSpider,
    GenericSpider,
)
# Platform name (as in extract/profiles.py) -> its base spider; genspider writes these.
SPIDER_FOR_PLATFORM = {cls.platform: cls for cls in BASE_SPIDERS}

__all__ = [
    "BASE_SPIDERS",
    "SPIDER_FOR_PLATFORM",
    "CustomPhpSpider",
    "DotNetNukeSpider",
    "DrupalSpider",
    "GenericSpider",
    "LiferaySpider",
    "PortalSpider",
    "SharePointSpider",
    "WordPressSpider",
]
