"""Print every reading of the extractor on a fixed set of pages, as JSON lines.

Used to show that a change to extraction or listing code leaves every result untouched:
run it before and after the change, compare the two files byte for byte.

    python3 tests/tools/extraction_record.py > before.jsonl

The pages: randomised article and listing pages of both splits (test and train) of the
layouts the quality gate draws from, each read with the generic profile and with
platform detection, and every HTML fixture under tests/fixtures read both ways (the seed
captures are text: the seed gold tests cover them). Article readings include every
field's candidates and verdicts (``choices``), so a change in the reasoning shows even
where the chosen value stays the same.

Pages are read alone, with no site template and no listing hint; what those change is
covered by a replica crawl's export (``export_snapshot.py``), compared the same way.
"""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from pathlib import Path

from danvan_crawler.extract.article import extract_article
from danvan_crawler.extract.dates import VN_TZ
from danvan_crawler.extract.detect import detect_platform
from danvan_crawler.extract.listing import read_listing
from danvan_crawler.extract.profiles import get_profile
from danvan_crawler.replicas.randomise import article_page, listing_page, seeds

ROOT = Path(__file__).resolve().parents[2]
# Fixed, so that dates relative to "now" read the same on any day.
TODAY = date(2026, 11, 1)
NOW = datetime(2026, 11, 1, 12, 0, tzinfo=VN_TZ)
ARTICLES, LISTINGS = 350, 120  # per split


def _line(kind: str, key: str, data) -> str:
    record = {"kind": kind, "key": key, "data": data}
    return json.dumps(record, ensure_ascii=False, sort_keys=True, default=str)


def _article_lines(html: str, url: str, key: str):
    for name, profile in (("generic", get_profile("generic")), ("detect", None)):
        result = extract_article(html, url, profile=profile, now=NOW)
        yield _line(f"article-{name}", key, {**result.to_dict(), "choices": result.choices})


def _listing_lines(html: str, url: str, page: int, key: str):
    for name in ("generic", "detect"):
        profile = get_profile("generic") if name == "generic" else detect_platform(html).profile
        result = read_listing(html, url, profile, page_number=page)
        data = {"links": result.article_links, "next": result.next_page, "how": result.how}
        yield _line(f"listing-{name}", key, data)


def records():
    """Every reading, one JSON text each, in a fixed order."""
    for split in ("test", "train"):
        for seed in seeds(split, ARTICLES):
            page = article_page(seed, TODAY)
            yield from _article_lines(page.html, page.url, f"{split}/{seed}")
        for seed in seeds(split, LISTINGS):
            page = listing_page(seed, TODAY)
            yield from _listing_lines(page.html, page.url, int(page.layout["page"]), f"{split}/{seed}")
    fixtures = ROOT / "tests" / "fixtures"
    for path in sorted(fixtures.rglob("*.html")):
        html = path.read_bytes().decode("utf-8", "replace")
        # Keyed by the path under tests/fixtures: the spider fixtures are all "page.html".
        key = path.relative_to(fixtures).as_posix()
        yield from _article_lines(html, f"http://example.vn/{key}", key)


def main() -> None:
    for line in records():
        sys.stdout.write(line + "\n")


if __name__ == "__main__":
    main()
