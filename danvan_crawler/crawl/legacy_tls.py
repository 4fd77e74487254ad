"""Portals whose servers need a lower OpenSSL security level (1024-bit DH groups, old ciphers).

Scrapy's TLS settings take a cipher list that Twisted expands cipher by cipher, which drops
OpenSSL's ``@SECLEVEL=N`` directive, and Scrapy 2.19 deprecates custom context factories.
OpenSSL lets a whole process lower its level through a config file (``OPENSSL_CONF``), so a
spider with ``tls_security_level`` is crawled in a child process configured that way, while
every other site keeps the default level (see subcrawl.py).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from danvan_crawler.crawl.events import SiteQueue
from danvan_crawler.crawl.subcrawl import ChildCrawls

OPENSSL_CONF = """openssl_conf = openssl_init

[openssl_init]
ssl_conf = ssl_sect

[ssl_sect]
system_default = system_default_sect

[system_default_sect]
CipherString = DEFAULT:@SECLEVEL={level}
"""


def level_needed(spider_cls, current: int | None) -> int | None:
    """The security level a spider needs and this process (at ``current``) does not have, or None."""
    level = getattr(spider_cls, "tls_security_level", None)
    if level is None or int(level) == current:
        return None
    return int(level)


def tls_children(names_by_level: dict[int, list[str]], **kwargs) -> list[ChildCrawls]:
    """One child process per security level, crawling that level's sites (``kwargs``: ChildCrawls')."""
    children = []
    for level, names in names_by_level.items():
        folder = tempfile.TemporaryDirectory(prefix="danvan-tls-")
        conf = Path(folder.name) / "openssl.cnf"
        conf.write_text(OPENSSL_CONF.format(level=level), encoding="utf-8")
        child = ChildCrawls(
            1,
            SiteQueue(names),
            **{
                **kwargs,
                # The child knows it runs at this level (DANVAN_TLS_SECLEVEL) and crawls them itself.
                "settings": {**kwargs.get("settings", {}), "DANVAN_TLS_SECLEVEL": level},
            },
            env={"OPENSSL_CONF": str(conf)},
        )
        child.config_folder = folder  # removed with the ChildCrawls, once the child is done
        children.append(child)
    return children
