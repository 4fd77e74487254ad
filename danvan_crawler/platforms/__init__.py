"""Platform base spiders: the logic lives here, site modules in ``spiders/`` are data."""

from .base import PortalSpider
from .dotnetnuke import DotNetNukeSpider
from .drupal import DrupalSpider
from .generic import GenericSpider
from .liferay import LiferaySpider
from .php import CustomPhpSpider
from .sharepoint import SharePointListSpider, SharePointSpider
from .wordpress import WordPressSpider

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
