"""Seeded layout randomiser: article and listing pages with gold fields, unlike the replica portals.

Each page is built from the replica prose generator (``textgen``) in a layout drawn at
random from the seed: a platform skin (WordPress, Drupal, SharePoint/Lạc Việt, Liferay,
DotNetNuke, custom PHP, or none), class names (some misleading, such as a related-news
block called "content"), the title element and ``<title>`` form, the date's place and
format, chrome order, bylines, captions and source links; listings add sidebar menus,
featured blocks, pagers in several styles, stale "Xem tiếp" cursors and pagers whose
"next" goes home.

Seeds: ``TRAIN_SEEDS`` (0-999) are for looking at and tuning the extractor against;
``TEST_SEEDS`` (10000-10999) are for measuring it (benchmarks/quality.py and the
quality gate in tests/test_quality.py) and must not be looked at while tuning.
The same seed and ``today`` always give the same page; ``today`` (default: the real
date) only feeds the banner's "date of the visit", a trap for date extractors.
"""

from __future__ import annotations

from datetime import date

from danvan_crawler.replicas.randomise.article import ArticleGold, RandomPage, build_article
from danvan_crawler.replicas.randomise.listing import ListingGold, build_listing

TRAIN_SEEDS = range(0, 1000)
TEST_SEEDS = range(10_000, 11_000)


def seeds(split: str, count: int) -> list[int]:
    """The first ``count`` seeds of the "train" or "test" split."""
    pool = {"train": TRAIN_SEEDS, "test": TEST_SEEDS}[split]
    if count > len(pool):
        raise ValueError(f"the {split} split has {len(pool)} seeds, not {count}")
    return list(pool[:count])


def article_page(seed: int, today: date | None = None) -> RandomPage:
    """The randomised article page of ``seed``, its gold an ``ArticleGold``."""
    return build_article(seed, today or date.today())


def listing_page(seed: int, today: date | None = None) -> RandomPage:
    """The randomised listing page of ``seed``, its gold a ``ListingGold``."""
    return build_listing(seed, today or date.today())


__all__ = [
    "TEST_SEEDS",
    "TRAIN_SEEDS",
    "ArticleGold",
    "ListingGold",
    "RandomPage",
    "article_page",
    "listing_page",
    "seeds",
]
