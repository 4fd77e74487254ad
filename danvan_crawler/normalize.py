"""Text clean-up for storage, and the normalised form behind ``content_hash``."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

# Invisible characters portals leave behind (Word pastes, CMS editors).
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ALL_SPACE = re.compile(r"\s+")

# The five Vietnamese tone marks as combining characters (NFD). Vowel-quality marks
# (circumflex, breve, horn) are not tones and stay where they are.
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_WORD = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f])+")  # NFD: marks are not \w

_QUOTES = dict.fromkeys(map(ord, "“”„‟«»″‘’‚‛`´′'"), '"')
_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−"), "-")


def clean_text(text: str) -> str:
    """Stored form: NFC, invisible characters dropped, spaces collapsed, one paragraph per line.

    Blank lines are dropped, so paragraphs are separated by a single "\\n".
    The author's tone-mark convention is kept.
    """
    text = unicodedata.normalize("NFC", text.translate(_INVISIBLE))
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _tones_last(match: re.Match[str]) -> str:
    # Old ("hoà", "thuỷ") and new ("hòa", "thủy") conventions differ only in which
    # vowel carries the tone mark; moving every syllable's mark to its end makes them
    # one string. The result is not orthography, only a hashing key.
    word = match.group(0)
    tones = [ch for ch in word if ch in _TONE_MARKS]
    if not tones:
        return word
    return "".join(ch for ch in word if ch not in _TONE_MARKS) + "".join(sorted(tones))


@lru_cache(maxsize=64)  # the hash and the near-duplicate shingles both need it per article
def normalize_for_hash(text: str) -> str:
    """The form two copies of one article share: see ``content_hash``."""
    text = unicodedata.normalize("NFD", text.translate(_INVISIBLE).casefold())
    text = _WORD.sub(_tones_last, text)
    text = text.translate(_QUOTES).translate(_DASHES).replace("…", "...")
    return _ALL_SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def content_hash(text: str) -> str:
    """``"sha256:"`` + hex SHA-256 of the UTF-8 bytes of ``normalize_for_hash(text)``.

    The normalised form is: Unicode casefolded; each word's tone marks moved to
    its end (so "hoà"/"hòa" and "thuỷ"/"thủy" agree) before NFC composition; every
    quote variant folded to '"', every dash variant to "-", "…" to "..."; invisible
    characters removed; any run of whitespace (newlines included) one space.
    """
    digest = hashlib.sha256(normalize_for_hash(text).encode("utf-8")).hexdigest()
    return f"sha256:{digest}"
