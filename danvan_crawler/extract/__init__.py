"""Field extraction from article pages: plain functions, testable without Scrapy."""

from danvan_crawler.extract.article import ExtractedArticle, extract_article
from danvan_crawler.extract.detect import detect_platform

__all__ = ["ExtractedArticle", "detect_platform", "extract_article"]
