"""Scrapy components a crawl of many sites must not start, whatever Scrapy's defaults."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from scrapy.exceptions import NotConfigured

from danvan_crawler.crawl.project import project_settings


def _crawler():
    # What an extension reads first (its switch) is all these need: the project's settings.
    return SimpleNamespace(settings=project_settings())


def test_no_remote_control_server_per_site():
    """Scrapy 2.19's RemoteControl would open a code-execution HTTP server and write a job
    file (its token) for every site's crawler; the project's settings keep it off."""
    remote_control = pytest.importorskip(
        "scrapy.extensions.remote_control", reason="this Scrapy has no RemoteControl extension"
    )
    with pytest.raises(NotConfigured):
        remote_control.RemoteControl.from_crawler(_crawler())


def test_no_telnet_console_per_site():
    from scrapy.extensions.telnet import TelnetConsole

    with pytest.raises(NotConfigured):
        TelnetConsole.from_crawler(_crawler())


# A crawler's component lists, as Scrapy builds them, and what that imported: in a fresh
# process, since the test process may hold any module already.
COMPONENTS = """
import json, sys
from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.utils.conf import build_component_list
from danvan_crawler.crawl.project import project_settings

class Portal(Spider):
    name = "portal"
    custom_settings = json.loads(sys.argv[1])

crawler = Crawler(Portal, project_settings())
crawler.addons.load_settings(crawler.settings)  # what Crawler._apply_settings does first
names = ("EXTENSIONS", "DOWNLOADER_MIDDLEWARES")
components = [c for n in names for c in build_component_list(crawler.settings.getwithbase(n))]
print(json.dumps({"components": components, "imported": sorted(sys.modules)}))
"""


def _components(custom_settings: dict) -> tuple[set[str], set[str]]:
    import json
    import subprocess
    import sys

    command = [sys.executable, "-c", COMPONENTS, json.dumps(custom_settings)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    return set(found["components"]), set(found["imported"])


COOKIES = "scrapy.downloadermiddlewares.cookies.CookiesMiddleware"


def test_switched_off_components_are_not_even_imported():
    """RemoteControl imports aiohttp and CookiesMiddleware tldextract, ~0.2 s of every
    crawl process's start-up, to find their switches off."""
    components, imported = _components({})
    assert not {c for c in components if "remote_control" in c or "telnet" in c or c == COOKIES}
    assert "scrapy.downloadermiddlewares.retry.RetryMiddleware" in components  # the others stay
    assert "danvan_crawler.crawl.context.CrawlContext" in components
    assert not {"aiohttp", "tldextract", "twisted.conch", "scrapy.extensions.remote_control"} & imported


def test_a_spider_that_switches_cookies_on_gets_the_middleware():
    components, _ = _components({"COOKIES_ENABLED": True})
    assert COOKIES in components
    assert "scrapy.extensions.remote_control.RemoteControl" not in components
