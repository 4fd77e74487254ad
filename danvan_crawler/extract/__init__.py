"""Field extraction from article pages: plain functions, testable without Scrapy."""

from __future__ import annotations

import importlib

# Name -> the module that defines it, imported on first use (PEP 562): importing any
# module of this package runs this file, and the storage and reading commands need only
# extract.urls and extract.normalize, not trafilatura behind extract.article.
_EXPORTS = {
    "ExtractedArticle": "article",
    "extract_article": "article",
    "detect_platform": "detect",
    "PageFailure": "page",
    "read_page": "page",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
