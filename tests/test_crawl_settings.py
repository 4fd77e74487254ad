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
