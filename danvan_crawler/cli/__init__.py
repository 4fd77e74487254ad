"""The ``danvan`` command: thin click wrappers over the library, one module per audience."""

from danvan_crawler.cli import crawling, operating, reading  # noqa: F401  (registers the commands)
from danvan_crawler.cli.app import main

__all__ = ["main"]
