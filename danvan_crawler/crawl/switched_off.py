"""A Scrapy add-on that leaves out the components whose own setting switches them off.

Scrapy imports every component of its ``*_BASE`` lists before the component reads its
switch and declines (``NotConfigured``). Three of them cost a crawl process's start-up
more than their switch suggests: RemoteControl imports aiohttp (~170 ms of CPU),
CookiesMiddleware imports tldextract (~55 ms) and TelnetConsole Twisted's conch. Every
``crawl --jobs`` child, legacy-TLS child and scrapyd job pays the start-up again.

An add-on runs after the spider's ``custom_settings`` were applied, so a spider that
switches cookies on (a portal that needs its session cookie) still gets the middleware.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scrapy.settings import Settings

# (switch, component priority setting, component): the component is dropped while its
# switch is off. Only components whose import is costly: the others decline cheaply.
SWITCHED = (
    ("REMOTE_CONTROL_ENABLED", "EXTENSIONS", "scrapy.extensions.remote_control.RemoteControl"),
    ("TELNETCONSOLE_ENABLED", "EXTENSIONS", "scrapy.extensions.telnet.TelnetConsole"),
    ("COOKIES_ENABLED", "DOWNLOADER_MIDDLEWARES", "scrapy.downloadermiddlewares.cookies.CookiesMiddleware"),
)


class SkipSwitchedOff:
    """Take each switched-off component of ``SWITCHED`` out of Scrapy's base list."""

    def update_settings(self, settings: Settings) -> None:
        for switch, name, component in SWITCHED:
            if settings.getbool(switch):
                continue
            # Out of ``{name}_BASE``, not set to None in ``{name}``: Scrapy imports every key
            # of the latter to compare it with the base's, a None one included. A project
            # or spider that lists the component in ``{name}`` itself still gets it.
            base = settings.getdict(f"{name}_BASE")
            if base.pop(component, None) is not None:
                settings.set(f"{name}_BASE", base, priority="addon")
