"""Why a download failed: a short reason code and a one-line detail for the failures table."""

from __future__ import annotations

from OpenSSL import SSL
from scrapy import exceptions as scrapy_exceptions
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import (
    ConnectionLost,
    ConnectionRefusedError,
    DNSLookupError,
    TCPTimedOutError,
    TimeoutError,
)
from twisted.web._newclient import ResponseFailed


def _scrapy_errors(*names: str) -> tuple:
    """Those of Scrapy's own download exceptions (raised instead of Twisted's) this release has."""
    return tuple(getattr(scrapy_exceptions, n) for n in names if hasattr(scrapy_exceptions, n))


_DNS = (DNSLookupError, *_scrapy_errors("CannotResolveHostError"))
_TIMEOUTS = (TimeoutError, TCPTimedOutError, *_scrapy_errors("DownloadTimeoutError"))
_REFUSED = (ConnectionRefusedError, *_scrapy_errors("DownloadConnectionRefusedError"))
_LOST = (ConnectionLost, ResponseFailed, *_scrapy_errors("DownloadFailedError"))


def tls_error(exc, depth: int = 0) -> str | None:
    """The TLS error behind a download exception (Twisted nests them in ``reasons``)."""
    if exc is None or depth > 5:
        return None
    name = type(exc).__name__
    if isinstance(exc, SSL.Error) or "SSL" in name:
        return str(exc) or name
    for inner in getattr(exc, "reasons", None) or ():
        found = tls_error(getattr(inner, "value", inner), depth + 1)
        if found:
            return found
    return tls_error(exc.__cause__ or exc.__context__, depth + 1)


def failure_reason(failure) -> tuple[str, str]:
    """A short reason code and one-line detail for a download failure."""
    exc = failure.value
    if failure.check(HttpError):
        status = exc.response.status
        return f"http_{status}", f"HTTP {status}"
    if failure.check(*_DNS):
        return "dns", f"DNS lookup failed: {exc}"[:200]
    if failure.check(*_TIMEOUTS):
        return "timeout", "timed out"
    if failure.check(*_REFUSED):
        return "connection_refused", "connection refused"
    tls = tls_error(exc)
    if tls:
        return "tls", f"TLS handshake failed: {tls}"[:200]
    if failure.check(*_LOST):
        return "connection_lost", "connection lost or response broken"
    name = type(exc).__name__
    if "SSL" in name or "TLS" in name or "Certificate" in name:
        return "tls", f"{name}: {exc}"[:200]
    message = str(exc)
    if "DataLoss" in name:
        return "truncated", "response shorter than its Content-Length"
    if "redirect loop" in message.lower():
        return "redirect_loop", message[:200]
    if "offsite redirect" in message.lower():
        return "offsite_redirect", message[:200]
    if "max size" in message.lower() or "maxsize" in message.lower():
        return "too_large", message[:200]
    if name == "IgnoreRequest":
        return "ignored", message[:200] or "request ignored (robots.txt or offsite)"
    return name.lower(), str(exc)[:200]
