"""Crawler for Vietnamese provincial and district news portals."""

__version__ = "0.1.0"
