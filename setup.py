# scrapyd-deploy builds the project egg with `setup.py bdist_egg`; all metadata is in
# pyproject.toml (including the `scrapy` settings entry point scrapyd reads).
from setuptools import setup

setup()
