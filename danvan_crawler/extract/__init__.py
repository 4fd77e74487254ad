"""Field extraction from article pages: plain functions, testable without Scrapy."""

from .article import ExtractedArticle, extract_article
from .detect import detect_platform

__all__ = ["ExtractedArticle", "detect_platform", "extract_article"]
