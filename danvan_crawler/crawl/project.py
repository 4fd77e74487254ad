"""The project's Scrapy settings and spider classes, wherever a command is run from."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scrapy.settings import Settings

SETTINGS_MODULE = "danvan_crawler.settings"


class SpiderLoadError(Exception):
    """A spider module that cannot be imported (syntax error, bad import); one-line message."""


def project_settings(overrides: dict | None = None) -> Settings:
    """The project's Scrapy settings, with ``overrides`` at command-line priority."""
    # Scrapy is imported by the commands that use it, not by this module: every command
    # imports it for SpiderLoadError, and a search need not pay Scrapy's 0.3 s import.
    from scrapy.utils.project import get_project_settings

    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", SETTINGS_MODULE)
    settings = get_project_settings()
    if overrides:
        settings.setdict(overrides, priority="cmdline")
    return settings


def spider_classes(settings: Settings | None = None) -> dict[str, type]:
    """Spider name -> class, from ``SPIDER_MODULES``; SpiderLoadError names a broken module."""
    from scrapy.spiderloader import SpiderLoader

    try:
        loader = SpiderLoader.from_settings(settings or project_settings())
    except SyntaxError as err:
        where = f"{err.filename}:{err.lineno}" if err.filename else "a spider module"
        raise SpiderLoadError(f"cannot load spiders: syntax error in {where}: {err.msg}") from None
    except ImportError as err:
        raise SpiderLoadError(f"cannot load spiders: {err}") from None
    return {name: loader.load(name) for name in sorted(loader.list())}


def platform_label(spider_cls: type) -> str:
    """The platform a spider is written for, as ``danvan list`` and ``danvan replicas`` print it."""
    from danvan_crawler.extract.profiles import get_profile

    return get_profile(spider_cls.platform).label
