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

from danvan_crawler.crawl.counters import SiteResult
from danvan_crawler.crawl.subcrawl import crawl_in_children

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


def crawl_in_child(names, level: int, *, db_path, base_urls, settings, on_site_done=None) -> list[SiteResult]:
    """Crawl ``names`` in a child process at OpenSSL security ``level``; their SiteResults."""
    with tempfile.TemporaryDirectory(prefix="danvan-tls-") as tmp:
        conf = Path(tmp) / "openssl.cnf"
        conf.write_text(OPENSSL_CONF.format(level=level), encoding="utf-8")
        return crawl_in_children(
            [list(names)],
            db_path=db_path,
            base_urls=base_urls,
            # The child knows it runs at this level (DANVAN_TLS_SECLEVEL) and crawls them itself.
            settings={**(settings or {}), "DANVAN_TLS_SECLEVEL": level},
            on_site_done=on_site_done,
            env={"OPENSSL_CONF": str(conf)},
        )
