"""Fault modes for replica portals: every way a small government server fails.

``plan_faults(site, kinds, seed)`` picks, reproducibly from ``seed``, which article of the
site suffers which fault; the server (``server.py``) answers those URLs accordingly.
Listing-level faults (calendar paging, duplicate pages, attachment links) change the
section's listing pages instead.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

# Per-article faults.
ARTICLE_FAULTS = (
    "http_503_burst",  # one 503 with Retry-After, then fine: reachable after a retry
    "http_502_burst",  # one 502 without Retry-After, then fine
    "http_500",  # always 500
    "reset",  # the connection is reset before any response
    "stall",  # no answer for longer than the download timeout
    "truncated",  # Content-Length promises more than is sent
    "empty",  # 200 with an empty body
    "soft_404",  # 200 with a "Không tìm thấy trang" page
    "redirect_loop",  # 302 between two URLs forever
    "offsite_redirect",  # 302 to another domain
    "pdf",  # a PDF where an article should be
    "huge",  # a page over the size limit
)
# Per-section faults.
LISTING_FAULTS = (
    "calendar",  # the last page links to "Xem theo ngày" pages, forever
    "duplicate_page",  # a page number past the end repeats the last page
    "attachment_link",  # the listing links to a .pdf as if it were an article
)
ALL_FAULTS = ARTICLE_FAULTS + LISTING_FAULTS
# Reachable after retries: the article must end up stored, once.
TRANSIENT = {"http_503_burst", "http_502_burst"}
STALL_SECONDS = 4.0  # tests crawl with a 1.5 s download timeout
HUGE_BYTES = 17 * 1024 * 1024  # over the crawler's DOWNLOAD_MAXSIZE (16 MiB)
ATTACHMENT_PATH = "/upload/files/ke-hoach-cong-tac-dan-van-nam-2019.pdf"
PDF_BYTES = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@dataclass
class Fault:
    kind: str
    remaining: int = 1  # for bursts: failing answers left


def plan_faults(site, kinds=ARTICLE_FAULTS, *, seed: int = 0) -> dict[str, str]:
    """Give each article fault of ``kinds`` to a different article (not the first page's
    first one); set ``site.faults`` and ``site.listing_faults``; article path -> kind."""
    rng = random.Random(f"{site.name}/{seed}")
    article_kinds = [k for k in kinds if k in ARTICLE_FAULTS]
    candidates = [a for a in site.articles[1:] if not a.is_seed]
    chosen = rng.sample(candidates, len(article_kinds))
    site.faults = {a.path: Fault(kind) for a, kind in zip(chosen, article_kinds, strict=True)}
    site.listing_faults = {k for k in kinds if k in LISTING_FAULTS}
    return {path: fault.kind for path, fault in site.faults.items()}
