"""Field extraction from article pages: plain functions, testable without Scrapy."""

from danvan_crawler.extract.article import ExtractedArticle, extract_article
from danvan_crawler.extract.detect import detect_platform
from danvan_crawler.extract.page import PageFailure, read_page

__all__ = ["ExtractedArticle", "PageFailure", "detect_platform", "extract_article", "read_page"]
