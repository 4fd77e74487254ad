"""Platform base spiders: the logic lives here, site modules in ``spiders/`` are data."""

from danvan_crawler.platforms.base import PortalSpider
from danvan_crawler.platforms.dotnetnuke import DotNetNukeSpider
from danvan_crawler.platforms.drupal import DrupalSpider
from danvan_crawler.platforms.generic import GenericSpider
from danvan_crawler.platforms.liferay import LiferaySpider
from danvan_crawler.platforms.php import CustomPhpSpider
from danvan_crawler.platforms.sharepoint import SharePointListSpider, SharePointSpider
from danvan_crawler.platforms.wordpress import WordPressSpider

# Platform name (as in extract/profiles.py) -> its base spider; genspider writes these.
SPIDER_FOR_PLATFORM = {
    "wordpress": WordPressSpider,
    "drupal": DrupalSpider,
    "sharepoint": SharePointSpider,
    "sharepoint_list": SharePointListSpider,
    "liferay": LiferaySpider,
    "dotnetnuke": DotNetNukeSpider,
    "custom_php": CustomPhpSpider,
    "generic": GenericSpider,
}

__all__ = [
    "SPIDER_FOR_PLATFORM",
    "CustomPhpSpider",
    "DotNetNukeSpider",
    "DrupalSpider",
    "GenericSpider",
    "LiferaySpider",
    "PortalSpider",
    "SharePointListSpider",
    "SharePointSpider",
    "WordPressSpider",
]
