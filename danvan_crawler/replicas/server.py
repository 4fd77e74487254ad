"""Serve replica portals on loopback, each on its own port, like separate hosts.

A front door on one more port is a forward proxy for all of them: a crawl that sends
``GET http://la34.replica.test/...`` through it stores URLs that name the portal, not
whichever loopback port happened to be free, so reruns stay incremental.
"""

from __future__ import annotations

import hashlib
import socket
import struct
import threading
import time
import unicodedata
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from danvan_crawler.replicas import faults as fault_modes
from danvan_crawler.replicas.model import ReplicaSite
from danvan_crawler.replicas.sites import build_seed_sites

# A 1x1 GIF: image URLs answer with a real (tiny) image.
PIXEL = bytes.fromhex(
    "47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b"
)
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif")


_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


_PAD_LINE = (
    "<li><a href='/tin-tuc/lien-ket-{n}'>Hội nghị sơ kết công tác dân vận chính quyền "
    "năm {n} tại các xã, thị trấn trên địa bàn huyện</a> <span class='date'>(12/03/2019)</span></li>"
)


def pad_page(html: str, path: str, size_range: tuple[int, int]) -> str:
    """``html`` grown with sidebar and footer chrome to a size chosen from ``path`` (benchmarks)."""
    low, high = size_range
    target = low + int(hashlib.sha1(path.encode()).hexdigest()[:8], 16) % max(1, high - low)
    missing = target - len(html.encode("utf-8"))
    if missing <= 0:
        return html
    lines, size, n = [], 0, 0
    while size < missing:
        line = _PAD_LINE.format(n=n)
        lines.append(line)
        size += len(line.encode("utf-8"))
        n += 1
    block = "<aside class='sidebar box-tin-khac'><h3>Tin mới</h3><ul>" + "".join(lines) + "</ul></aside>"
    return html.replace("</body>", block + "</body>", 1) if "</body>" in html else html + block


def encode_page(html: str, encoding: str) -> bytes:
    """The page's bytes; windows-1258 the way Vietnamese Windows wrote it.

    cp1258 has "â", "ơ", "ư", ... but not their toned forms: a tone is a separate combining
    mark after the letter, so the decoded text is not NFC.
    """
    if encoding.lower().replace("-", "") in ("cp1258", "windows1258"):
        out = []
        for char in unicodedata.normalize("NFC", html):
            parts = unicodedata.normalize("NFD", char)
            tones = "".join(c for c in parts if c in _TONE_MARKS)
            out.append(
                unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONE_MARKS)) + tones
            )
        return "".join(out).encode("cp1258", errors="xmlcharrefreplace")
    return html.encode(encoding, errors="xmlcharrefreplace")


CALENDAR_PATH = "/xem-theo-ngay?ngay="
DUPLICATE_PATH = "/category/dan-van/page/99/"
LOOP_SUFFIX = "?vong=1"
ATTACHMENT_ITEM = (
    "<article class='post type-post'><h2 class='entry-title'>"
    f"<a href='{fault_modes.ATTACHMENT_PATH}'>Kế hoạch công tác dân vận năm 2019 (tải về)</a></h2></article>"
)


# Host names of the replicas behind the front door: ``<site>.replica.test`` (RFC 6761
# reserves .test, so these names can never reach a real host).
REPLICA_DOMAIN = "replica.test"


class _Routed(BaseHTTPRequestHandler):
    """A request handler that hands a proxied request to the handler of the site it names."""

    farm: ReplicaFarm
    # Base URL the request reached the site by: links in the pages it gets are built on it.
    base_url = ""
    # Keep-alive is decided while the request line is parsed, before the request is
    # re-routed to its site's handler: the front door must speak HTTP/1.1 itself, or it
    # closes every proxied connection after one response (real portals keep them open).
    protocol_version = "HTTP/1.1"

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        if not self.path.startswith("http://"):
            site = getattr(self, "site", None)
            if site is None:
                self.send_error(400, f"a proxy: ask for http://<site>.{REPLICA_DOMAIN}/...")
                return False
            self.base_url = self.farm.base_url(site.name)
            return True
        target = urlsplit(self.path)
        handler = self.farm.handler_for_host(target.hostname or "")
        if handler is None:
            self.send_error(502, f"no replica portal at {target.hostname}")
            return False
        # The site's handler answers the rest of this request (and re-routes the next one
        # on a kept-alive connection the same way): no second socket, no copied request.
        self.__class__ = handler
        self.path = target.path + (f"?{target.query}" if target.query else "")
        self.base_url = f"http://{target.netloc}"
        return True


def _handler_for(site: ReplicaSite, farm: ReplicaFarm) -> type[BaseHTTPRequestHandler]:
    class Handler(_Routed):
        # Class attributes (not the closure) so that _Routed sees them after re-routing.
        server_version = "Microsoft-IIS/7.5" if site.platform in ("sharepoint", "dotnetnuke") else "Apache"

        def log_message(self, format, *args):  # replicas are quiet; request_log records
            pass

        def do_HEAD(self):
            self._serve(head=True)

        def do_GET(self):
            self._serve(head=False)

        def do_POST(self):
            """An ASP.NET postback to a listing (see templates/postback.py)."""
            length = int(self.headers.get("Content-Length") or 0)
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode("utf-8", "replace")).items()}
            with site.lock:
                site.request_log.append(("POST", self.path))
            if site.down:
                self._send(503, b"<html><body><h1>Service Unavailable</h1></body></html>")
                return
            handler = getattr(site.template, "listing_post", None)
            with site.lock:
                result = handler(site, self.path, form) if handler else None
                if isinstance(result, tuple):
                    items, number, following = result
                    html = site.template.render_listing(site, items, number, following, self.base_url)
            if result is None:
                self._send(404, site.template.not_found(site).encode())
            elif isinstance(result, str):
                body = f"<html><body><h1>Server Error in '/' Application.</h1><p>{result}</p></body></html>"
                self._send(500, body.encode())
            else:
                for old, new in site.rewrite:
                    html = html.replace(old, new)
                self._send(200, html.encode("utf-8"))

        def _send(self, status, body=b"", content_type="text/html; charset=utf-8", headers=None, head=False):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            if not head and body:
                self.wfile.write(body)

        def _serve(self, head: bool):
            path = self.path
            with site.lock:
                site.request_log.append((self.command, path))
            if site.delay:
                time.sleep(site.delay)
            if site.down:
                self._send(503, b"<html><body><h1>Service Unavailable</h1></body></html>", head=head)
                return
            base_url = self.base_url
            if path == "/robots.txt":
                self._send(200, site.template.robots(site).encode(), "text/plain; charset=utf-8", head=head)
                return
            if path.split("?")[0].lower().endswith(IMAGE_SUFFIXES):
                self._send(200, PIXEL, "image/gif", head=head)
                return
            if path == fault_modes.ATTACHMENT_PATH:
                self._send(200, fault_modes.PDF_BYTES, "application/pdf", head=head)
                return
            fault = self._fault_for(path)
            if fault is not None:
                self._answer_fault(fault, path, head)
                return
            cache_key = (base_url, path)
            cached = site.page_cache.get(cache_key) if site.page_cache is not None else None
            if cached is not None:
                body, content_type, headers, etag, newest = cached
                if etag is not None and self._not_modified(etag, newest):
                    self._send(304, headers=headers, head=True)
                    return
                self._send(200, body, content_type, headers=headers, head=head)
                return
            with site.lock:
                cache = site.page_cache  # the pages of the articles as they are now
                listing = self._listing(path)
                article = None if listing else site.by_path(path)
                if listing:
                    items, number, following = listing
                    html = site.template.render_listing(site, items, number, following, base_url)
                    if "attachment_link" in site.listing_faults and number == 1:
                        html = html.replace("<article", ATTACHMENT_ITEM + "<article", 1)
                    newest = max((a.published_dt for a in items), default=None)
                elif article:
                    html = site.template.render_article(site, article, base_url)
                    newest = article.published_dt
            if not listing and not article:
                self._send(404, site.template.not_found(site).encode(), head=head)
                return
            for old, new in site.rewrite:
                html = html.replace(old, new)
            if site.pad_to:
                html = pad_page(html, path, site.pad_to)
            body = encode_page(html, site.encoding)
            headers = {}
            if newest is not None:
                headers["Last-Modified"] = format_datetime(newest, usegmt=False)
            etag = None
            if listing:
                etag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
                headers["ETag"] = etag
            content_type = f"text/html; charset={site.header_charset or site.encoding}"
            if cache is not None:
                cache[cache_key] = (body, content_type, headers, etag, newest)
            if etag is not None and self._not_modified(etag, newest):
                self._send(304, headers=headers, head=True)
                return
            self._send(200, body, content_type, headers=headers, head=head)

        def _listing(self, path):
            """The template's listing, bent by the section's faults: after the last page comes
            a repeat of it (an out-of-range page number), then endless calendar pages."""
            listing = site.template.listing(site, path)
            pages = site.pages()
            lf = site.listing_faults
            calendar_start = CALENDAR_PATH + "1" if "calendar" in lf else None
            if listing and listing[2] is None and lf & {"duplicate_page", "calendar"}:
                following = DUPLICATE_PATH if "duplicate_page" in lf else calendar_start
                return listing[0], listing[1], following
            if path == DUPLICATE_PATH and "duplicate_page" in lf:
                return pages[-1], len(pages) + 1, calendar_start
            if calendar_start and path.startswith(CALENDAR_PATH) and path[len(CALENDAR_PATH) :].isdigit():
                day = int(path[len(CALENDAR_PATH) :])
                return pages[-1], len(pages) + 1 + day, CALENDAR_PATH + str(day + 1)
            return listing

        def _fault_for(self, path):
            if not site.faults:
                return None
            if path.endswith(LOOP_SUFFIX):
                fault = site.faults.get(path[: -len(LOOP_SUFFIX)])
                return fault if fault and fault.kind == "redirect_loop" else None
            return site.faults.get(path)

        def _answer_fault(self, fault, path, head):
            kind = fault.kind
            if kind in ("http_503_burst", "http_502_burst") and fault.remaining > 0:
                fault.remaining -= 1
                status = 503 if kind == "http_503_burst" else 502
                headers = {"Retry-After": "1"} if status == 503 else {}
                page = b"<html><body><h1>Service Unavailable</h1></body></html>"
                self._send(status, page, headers=headers)
                return
            if kind in ("http_503_burst", "http_502_burst"):
                article = site.by_path(path)
                html = site.template.render_article(site, article, self.base_url)
                self._send(200, html.encode("utf-8"), head=head)
                return
            if kind == "http_500":
                self._send(500, b"<html><body><h1>Runtime Error</h1></body></html>")
            elif kind == "reset":
                # SO_LINGER 0: close() sends a TCP reset instead of a clean end.
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.close_connection = True
                self.connection.close()
            elif kind == "stall":
                time.sleep(fault_modes.STALL_SECONDS)
                self.close_connection = True
            elif kind == "truncated":
                article = site.by_path(path)
                body = site.template.render_article(site, article, self.base_url).encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body) + 5000))
                self.end_headers()
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
            elif kind == "empty":
                self._send(200, b"")
            elif kind == "soft_404":
                self._send(200, site.template.not_found(site).encode("utf-8"))
            elif kind == "redirect_loop":
                target = path[: -len(LOOP_SUFFIX)] if path.endswith(LOOP_SUFFIX) else path + LOOP_SUFFIX
                self._send(302, headers={"Location": target})
            elif kind == "offsite_redirect":
                self._send(302, headers={"Location": "http://cong-thong-tin.example.invalid" + path})
            elif kind == "pdf":
                self._send(200, fault_modes.PDF_BYTES, "application/pdf", head=head)
            elif kind == "huge":
                padding = b"<p>" + b"x" * 1000 + b"</p>"
                body = (
                    b"<html><body>" + padding * (fault_modes.HUGE_BYTES // len(padding)) + b"</body></html>"
                )
                self._send(200, body, head=head)

        def _not_modified(self, etag, newest) -> bool:
            match = self.headers.get("If-None-Match")
            if match is not None:
                return etag in [m.strip() for m in match.split(",")]
            since = self.headers.get("If-Modified-Since")
            if since and newest is not None:
                try:
                    return parsedate_to_datetime(since) >= newest.replace(microsecond=0)
                except (TypeError, ValueError):
                    return False
            return False

    Handler.site = site
    Handler.farm = farm
    return Handler


class _Server(ThreadingHTTPServer):
    # socketserver's listen backlog is 5: a crawl with 40 sites in progress opens ~40
    # connections to the front door at once, and the overflow was refused (benchmark farms
    # counted "connection refused" and timeouts that no real portal caused).
    request_queue_size = 128
    daemon_threads = True


class ReplicaFarm:
    """Replica portals served on 127.0.0.1, one port each, plus a proxy front door; a context manager."""

    def __init__(self, sites: dict[str, ReplicaSite] | None = None, *, proxy_port: int = 0, tls=None):
        """``proxy_port``: the front door's preferred port (any free port when taken or 0).
        ``tls``: an ``ssl.SSLContext`` (server side) to serve every site over https with."""
        self.sites = sites if sites is not None else build_seed_sites()
        self.tls = tls
        self.preferred_proxy_port = proxy_port
        self._servers: dict[str, ThreadingHTTPServer] = {}
        self._handlers: dict[str, type[BaseHTTPRequestHandler]] = {}
        self._front: ThreadingHTTPServer | None = None
        self._threads: list[threading.Thread] = []

    def start(self) -> ReplicaFarm:
        """Bind every site to a free loopback port, and the front door, and serve in threads."""
        for name, site in self.sites.items():
            handler = self._handlers[name] = _handler_for(site, self)
            server = self._serve(name, _Server(("127.0.0.1", 0), handler))
            if self.tls is not None:
                server.socket = self.tls.wrap_socket(server.socket, server_side=True)
            self._servers[name] = server
        front = type("FrontDoor", (_Routed,), {"farm": self})
        try:
            self._front = _Server(("127.0.0.1", self.preferred_proxy_port), front)
        except OSError:
            self._front = _Server(("127.0.0.1", 0), front)  # taken: URLs do not depend on it
        self._serve("front-door", self._front)
        return self

    def _serve(self, name: str, server: ThreadingHTTPServer) -> ThreadingHTTPServer:
        server.daemon_threads = True
        thread = threading.Thread(target=server.serve_forever, name=f"replica-{name}", daemon=True)
        thread.start()
        self._threads.append(thread)
        return server

    @property
    def proxy_url(self) -> str:
        """``http://127.0.0.1:PORT`` of the front door (an HTTP forward proxy)."""
        return f"http://127.0.0.1:{self._front.server_address[1]}"

    def host_url(self, name: str) -> str:
        """``http://<site>.replica.test``: the site's stable URL through the front door."""
        # Host names allow no "_" (RFC 952), spider names do.
        return f"http://{name.replace('_', '-')}.{REPLICA_DOMAIN}"

    def handler_for_host(self, host: str) -> type[BaseHTTPRequestHandler] | None:
        """The request handler of the site named by a front-door host name."""
        label, _, domain = host.lower().partition(".")
        return self._handlers.get(label.replace("-", "_")) if domain == REPLICA_DOMAIN else None

    def base_url(self, name: str) -> str:
        """``http://127.0.0.1:PORT`` of a site (its own port)."""
        scheme = "https" if self.tls is not None else "http"
        return f"{scheme}://127.0.0.1:{self._servers[name].server_address[1]}"

    def section_url(self, name: str) -> str:
        """Full URL of a site's first listing page."""
        site = self.sites[name]
        return self.base_url(name) + site.template.listing_path(site, 1)

    def stop(self) -> None:
        """Stop serving and free the ports."""
        servers = [*self._servers.values(), *([self._front] if self._front else [])]
        # shutdown() waits until the server's loop next looks (every 0.5 s): asked of every
        # server at once, not one after another (the replicas' ~25 servers took ~6 s).
        stopping = [threading.Thread(target=server.shutdown) for server in servers]
        for thread in stopping:
            thread.start()
        for thread in stopping:
            thread.join()
        for server in servers:
            server.server_close()
        self._servers.clear()
        self._front = None

    def __enter__(self) -> ReplicaFarm:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
