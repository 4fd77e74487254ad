"""Drupal 7/8+ portals: ``?page=N`` from 0, ``post-title`` or ``views-row`` listings."""

from danvan_crawler.platforms.base import PortalSpider


class DrupalSpider(PortalSpider):
    """A Drupal portal's taxonomy or views sections."""

    platform = "drupal"
