"""Portals whose servers need a lower OpenSSL security level (1024-bit DH groups, old ciphers).

Scrapy's TLS settings take a cipher list that Twisted expands cipher by cipher, which drops
OpenSSL's ``@SECLEVEL=N`` directive, and Scrapy 2.19 deprecates custom context factories.
OpenSSL lets a whole process lower its level through a config file (``OPENSSL_CONF``), so a
spider with ``tls_security_level`` is crawled in a child process configured that way, while
every other site keeps the default level. The child writes to the same database and reports
each site's result back as one JSON line.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

ENV_LEVEL = "DANVAN_TLS_SECLEVEL"
RESULT_PREFIX = "DANVAN-RESULT "

OPENSSL_CONF = """openssl_conf = openssl_init

[openssl_init]
ssl_conf = ssl_sect

[ssl_sect]
system_default = system_default_sect

[system_default_sect]
CipherString = DEFAULT:@SECLEVEL={level}
"""


def level_needed(spider_cls) -> int | None:
    """The security level a spider needs and this process does not have, or None."""
    level = getattr(spider_cls, "tls_security_level", None)
    if level is None or os.environ.get(ENV_LEVEL) == str(level):
        return None
    return int(level)


def crawl_in_child(names, level: int, *, db_path, base_urls, settings, on_site_done=None) -> list:
    """Crawl ``names`` in a child process at OpenSSL security ``level``; their SiteResults."""
    from .runner import SiteResult

    payload = {
        "names": list(names),
        "db_path": str(db_path),
        "base_urls": {n: u for n, u in (base_urls or {}).items() if n in names},
        "settings": settings or {},
    }
    results = {}
    with tempfile.TemporaryDirectory(prefix="danvan-tls-") as tmp:
        conf = Path(tmp) / "openssl.cnf"
        conf.write_text(OPENSSL_CONF.format(level=level), encoding="utf-8")
        env = {**os.environ, "OPENSSL_CONF": str(conf), ENV_LEVEL: str(level)}
        child = subprocess.Popen(
            [sys.executable, "-m", "danvan_crawler.legacy_tls"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        child.stdin.write(json.dumps(payload))
        child.stdin.close()
        for line in child.stdout:
            if line.startswith(RESULT_PREFIX):
                result = SiteResult(**json.loads(line[len(RESULT_PREFIX) :]))
                results[result.spider] = result
                if on_site_done:
                    on_site_done(result)
        code = child.wait()
    for name in names:
        if name not in results:
            results[name] = SiteResult(spider=name, finish_reason=f"TLS child process failed (exit {code})")
    return [results[n] for n in names]


def main() -> None:
    from .runner import run_crawl

    payload = json.load(sys.stdin)

    def report(result) -> None:
        print(RESULT_PREFIX + json.dumps(asdict(result), ensure_ascii=False), flush=True)

    run_crawl(
        payload["names"],
        db_path=payload["db_path"],
        base_urls=payload["base_urls"],
        settings=payload["settings"],
        on_site_done=report,
    )


if __name__ == "__main__":
    main()
