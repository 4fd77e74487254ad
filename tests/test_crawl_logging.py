"""A crawl's loggers build no record its log would drop (crawl/slots.py ``_log_at``)."""

from __future__ import annotations

import logging

import pytest

from danvan_crawler.crawl.slots import _log_at


@pytest.fixture
def scrapy_levels():
    """The levels Scrapy's logging setup leaves: root NOTSET, "scrapy" DEBUG; restored after."""
    root, scrapy_logger = logging.getLogger(), logging.getLogger("scrapy")
    saved = root.level, scrapy_logger.level
    root.setLevel(logging.NOTSET)
    scrapy_logger.setLevel(logging.DEBUG)
    yield
    root.setLevel(saved[0])
    scrapy_logger.setLevel(saved[1])


@pytest.mark.usefixtures("scrapy_levels")
def test_debug_calls_below_the_log_level_build_no_record():
    trafilatura_logger = logging.getLogger("trafilatura.main_extractor")
    assert trafilatura_logger.isEnabledFor(logging.DEBUG)  # Scrapy's setup: every record built
    before = _log_at("INFO")
    assert not trafilatura_logger.isEnabledFor(logging.DEBUG)
    assert not logging.getLogger("scrapy.core.scraper").isEnabledFor(logging.DEBUG)
    assert trafilatura_logger.isEnabledFor(logging.INFO)
    assert logging.getLogger("danvan_crawler.platforms.base").isEnabledFor(logging.WARNING)
    assert before == {"": logging.NOTSET, "scrapy": logging.DEBUG}


@pytest.mark.usefixtures("scrapy_levels")
def test_a_debug_log_level_changes_nothing():
    assert _log_at("DEBUG") == {"": logging.NOTSET}  # the root's NOTSET passes DEBUG the same
    assert logging.getLogger("scrapy.core.scraper").isEnabledFor(logging.DEBUG)
    assert _log_at(logging.DEBUG) == {}
    assert _log_at("NO-SUCH-LEVEL") == {}
