"""The page reader: a fetched page's bytes in, an article or the reason it is none out.

Every path that reads an article page goes through ``read_page``: the spiders' article
callback, ``danvan extract``, ``snapshot``, ``genspider`` and the fixtures. Decoding
(the Content-Type charset checked against the page's meta, see ``textfix.decode_html``)
happens here and nowhere else.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from datetime import datetime
from typing import TypedDict, Unpack
from urllib.parse import urlsplit

from danvan_crawler.extract.article import ExtractedArticle, extract_article
from danvan_crawler.extract.candidates import ListingHint, Template
from danvan_crawler.extract.pagesel import parse_html
from danvan_crawler.extract.profiles import PlatformProfile
from danvan_crawler.extract.textfix import decode_html


class ReadingOptions(TypedDict, total=False):
    """``read_page``'s keywords passed on to ``extract_article``."""

    profile: PlatformProfile | None
    section: str | None
    site_name: str | None
    now: datetime | None
    template: Template | None
    listing: ListingHint | None


# Links to files, not articles: counted as failures, never fetched.
_ATTACHMENT = re.compile(r"\.(pdf|docx?|xlsx?|pptx?|zip|rar|7z|mp3|mp4|jpe?g|png|gif)$", re.IGNORECASE)
# What "page not found" pages served with status 200 say (portals.md, replica 404 pages).
_SOFT_404 = re.compile(
    r"không tìm thấy trang|trang bạn yêu cầu không tồn tại|không tồn tại hoặc đã bị xóa|"
    r"page not found|404 not found|lỗi 404",
    re.IGNORECASE,
)
# C0 controls other than tab, LF and CR: no HTML text holds them, and lxml refuses them.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Every byte but those controls: what ``bytes.translate`` deletes to leave only the controls.
_NOT_CONTROL_BYTES = bytes(b for b in range(256) if not _CONTROL.match(chr(b)))
# A text page may carry a few stray controls (Word pastes); binary files decode to 11% and more.
_BINARY_SHARE = 0.05
_SAMPLE = 65_536


class PageFailure(Exception):
    """Why a fetched page is not an article: a reason code and a one-line detail.

    ``read_page`` returns it (a crawl counts it and goes on); one-off commands raise it.
    """

    def __init__(self, reason: str, detail: str):
        super().__init__(f"{detail} ({reason})")
        self.reason = reason
        self.detail = detail


def is_attachment(url: str) -> bool:
    """Whether ``url`` names a file (PDF, office document, archive, media), not a page."""
    return bool(_ATTACHMENT.search(urlsplit(url).path))


def decode_page(body: bytes, content_type: str | None = None, *, kind: str = "page") -> tuple[str, list[str]]:
    """(text, decoding notes) of a fetched page; PageFailure when it is not a text page.

    ``kind`` ("article", "listing") names the page in the failure's detail.
    """
    media = (content_type or "").lower()
    if media and not any(t in media for t in ("html", "xml", "text/")):
        raise PageFailure("not_html", f"{kind} is {media!r}")
    if not body.strip():
        raise PageFailure("empty_page", f"{kind} page is an empty 200 response")
    text, notes = decode_html(body, content_type)
    # In UTF-8 (and ASCII) a C0 control is its own byte and no other character holds that
    # byte: a body without one decodes to a text without one. The byte check is C over the
    # bytes; the regex scan of the text cost three times the decoding itself. decode_html
    # notes every other encoding ("charset:<name>"), and those are scanned as before.
    if not body.translate(None, _NOT_CONTROL_BYTES) and not any(n.startswith("charset:") for n in notes):
        return text, notes
    controls = len(_CONTROL.findall(text, 0, _SAMPLE))
    if controls > _BINARY_SHARE * min(len(text), _SAMPLE):
        raise PageFailure("undecodable", f"{kind} is binary data, not text ({controls} control characters)")
    if controls or _CONTROL.search(text, _SAMPLE):
        text = _CONTROL.sub("", text)
        notes.append("control_chars")
    return text, notes


def exact_utf8(body: bytes, text: str, notes: list[str]) -> bool:
    """Whether ``text`` (``decode_page(body)`` with its ``notes``) is exactly ``body``'s UTF-8
    decoding, so that ``text.encode("utf-8") == body``.

    decode_page notes every other charset, the meta's charset taking over and a control
    character removed; w3lib drops a byte-order mark and replaces bytes that are not
    UTF-8 with U+FFFD.
    """
    if any(note.startswith(("charset", "control_chars")) for note in notes):
        return False
    return not body.startswith(b"\xef\xbb\xbf") and "\ufffd" not in text


def _is_soft_404(result: ExtractedArticle) -> bool:
    """A page whose title or short body says the page does not exist."""
    if len(result.text or "") > 600:
        return False
    return bool(_SOFT_404.search(result.title or "") or _SOFT_404.search(result.text or ""))


def read_page(
    body: bytes,
    url: str,
    *,
    content_type: str | None = None,
    timings: Counter | None = None,
    learn_template: bool = False,
    **reading: Unpack[ReadingOptions],
) -> ExtractedArticle | PageFailure:
    """The article on a fetched page, or why there is none (not_html, empty_page, undecodable,
    soft_404). ``profile`` None recognises the platform from the page.

    ``timings``, when given, collects CPU nanoseconds of "decode" and of the extraction
    stages (see ``extract_article``), and of "template_learning". ``learn_template`` counts
    an article page's blocks into ``template`` (the crawl's site template) from the parse
    the extraction used, rather than parsing the page a second time. The other keywords
    (profile, section, site_name, now, template, listing) are ``extract_article``'s.
    """
    timings = Counter() if timings is None else timings
    started = time.process_time_ns()
    try:
        html, notes = decode_page(body, content_type, kind="article")
    except PageFailure as failure:
        return failure.with_traceback(None)  # a value from here on (see published._parse)
    timings["decode"] += time.process_time_ns() - started
    parsed = parse_html(html, url, utf8=body if exact_utf8(body, html, notes) else None)
    result = extract_article(html, url, timings=timings, parsed=parsed, **reading)
    if _is_soft_404(result):
        return PageFailure("soft_404", f"200 response is a 'not found' page: {result.title!r}")
    template = reading.get("template")
    if learn_template and template is not None:
        started = time.process_time_ns()
        template.learn(parsed, url)
        timings["template_learning"] += time.process_time_ns() - started
    result.conversions = sorted({*notes, *result.conversions})
    return result
