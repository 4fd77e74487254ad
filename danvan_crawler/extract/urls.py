"""Canonical URL forms, so one article reached by different URLs is known once.

w3lib's ``canonicalize_url`` sorts the query and normalises escapes; on top of it
we fold what these portals vary without changing the page: http/https, ``www.``,
trailing slashes, letter case of SharePoint/ASP.NET paths, tracking and session
parameters. Also the two rewritings a crawl makes: onto a mirror's base URL, onto plain http.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

_TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|zarsrc|_ga|mc_cid|mc_eid|ref|source|"
    r"phpsessid|jsessionid|sid|sessionid|asp\.net_sessionid|__cf\w*)$",
    re.IGNORECASE,
)
# Paths of ASP.NET/SharePoint sites are case-insensitive on the server.
_CASELESS_PATH = re.compile(r"\.(aspx|asp|ashx)$", re.IGNORECASE)
# A session id embedded in the path: /(S(abc123))/ (ASP.NET cookieless sessions), ;jsessionid=...
_PATH_SESSION = re.compile(r"/\([A-Z]\([^)]*\)\)|;jsessionid=[^/?#]*", re.IGNORECASE)


# Each article URL is canonicalised when its listing is read (is it known?) and again when
# it is stored, a few hundred URLs later; w3lib's canonicalize_url is the costly part.
@lru_cache(maxsize=4096)
def canonical_url(url: str) -> str:
    """The form two URLs of the same page share (not meant to be fetched)."""
    parts = urlsplit(canonicalize_url(url.strip(), keep_fragments=False))
    host = (parts.hostname or "").lower().removeprefix("www.")
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    path = _PATH_SESSION.sub("", parts.path) or "/"
    if _CASELESS_PATH.search(path):
        path = path.lower()
    if len(path) > 1:
        path = path.rstrip("/")
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)]
    return urlunsplit(("http", host, path, urlencode(sorted(query)), ""))


def rebase(url: str, base_url: str) -> str:
    """``url`` with its scheme and host replaced by ``base_url``'s (a replica or mirror)."""
    target = urlsplit(base_url)
    parts = urlsplit(url)
    return urlunsplit((target.scheme, target.netloc, parts.path, parts.query, ""))


def http_url(url: str, fallback: bool | str) -> str:
    """``url`` over plain http: same host (default port), or rebased onto a fallback base URL."""
    if isinstance(fallback, str):
        return rebase(url, fallback)
    parts = urlsplit(url)
    return urlunsplit(("http", parts.hostname or "", parts.path, parts.query, ""))
