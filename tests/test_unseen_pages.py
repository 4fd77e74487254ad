"""``danvan extract`` on pages of known platforms from portals we have no spider or replica for.

The fixtures reproduce the traps in portals.md: a ``<title>`` of "Home", a
portlet title before the article title, a header row with the page build date,
a sapo outside the body and repeated inside it, a padded byline, a portal
account name that is not the byline, an entity followed by a loose combining
mark, and a view counter script after ``</html>``.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from conftest import run_danvan

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "unseen"
CASES = sorted(p.stem for p in FIXTURES.glob("*.html"))


def _nfc(text):
    return unicodedata.normalize("NFC", text or "")


@pytest.mark.parametrize("case", CASES)
def test_extract_unseen_page(case):
    expected = json.loads((FIXTURES / f"{case}.json").read_text("utf-8"))
    result = run_danvan("extract", str(FIXTURES / f"{case}.html"), "--url", "http://portal.gov.vn/tin/1")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["platform"] == expected["platform"]
    assert data["title"] == expected["title"]
    assert data["published"] == expected["published"]
    assert data["author"] == expected["author"]
    if "section" in expected:
        assert data["section"] == expected["section"]
    text = _nfc(data["text"])
    position = 0
    for fragment in expected["paragraphs"]:
        found = text.find(_nfc(fragment), position)
        assert found >= 0, fragment
        position = found
    lines = text.splitlines()
    for chrome in expected["absent"]:
        assert chrome not in lines
    assert text.count(expected["lead_once"]) == 1
