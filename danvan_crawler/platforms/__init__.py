"""Platform base spiders: the logic lives here, site modules in ``spiders/`` are data."""

from .base import PortalSpider
from .drupal import DrupalSpider
from .generic import GenericSpider
from .sharepoint import SharePointSpider
from .wordpress import WordPressSpider

__all__ = ["DrupalSpider", "GenericSpider", "PortalSpider", "SharePointSpider", "WordPressSpider"]
