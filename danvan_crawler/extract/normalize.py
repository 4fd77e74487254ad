"""Text clean-up for storage, and the normalised form behind ``content_hash``."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

# Invisible characters portals leave behind (Word pastes, CMS editors).
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_HAS_INVISIBLE = re.compile("[" + "".join(map(chr, _INVISIBLE)) + "]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")

# The five Vietnamese tone marks as combining characters (NFD). Vowel-quality marks
# (circumflex, breve, horn) are not tones and stay where they are.
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")

_QUOTES = dict.fromkeys(map(ord, "“”„‟«»″‘’‚‛`´′'"), '"')
_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−"), "-")
# The hash key's one-to-one replacements (invisibles dropped, quotes, dashes, "…"). None
# of them is a letter, a mark or changed by casefold/NFD, so they are done first, in one
# regex pass: str.translate with a dict costs ~50 µs per KB of Vietnamese text, and
# most paragraphs hold none of these characters.
_MARK_FOLDS = {chr(k): v or "" for k, v in {**_INVISIBLE, **_QUOTES, **_DASHES}.items()} | {"…": "..."}
_FOLDABLE = re.compile("[" + re.escape("".join(_MARK_FOLDS)) + "]")


def squash(text: str | None) -> str:
    """One line: NFC, every whitespace run a single space, stripped."""
    # str.split() splits at exactly the characters \s matches (every code point checked),
    # at a fraction of the regex substitution's cost.
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def _fold_mark(match: re.Match[str]) -> str:
    return _MARK_FOLDS[match.group(0)]


def clean_text(text: str) -> str:
    """Stored form: NFC, invisible characters dropped, spaces collapsed, one paragraph per line.

    Blank lines are dropped, so paragraphs are separated by a single "\\n".
    The author's tone-mark convention is kept.
    """
    # Most texts hold no invisible character; str.translate with a mapping costs ~50 ns a
    # character of a whole article, the regex test a tenth of that.
    if _HAS_INVISIBLE.search(text):
        text = text.translate(_INVISIBLE)
    text = unicodedata.normalize("NFC", text)
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


# From a word's first tone mark to the word's end: the only part of a word whose marks
# can need moving. Words without a tone, or with it already last (open syllables),
# do not match, so most words cost no Python call.
# One capturing group: ``split`` returns the text between tails and the tails alternately.
_TONED_TAIL = re.compile(r"([\u0300\u0301\u0303\u0309\u0323](?:[^\W\d_]|[\u0300-\u036f])+)")


@lru_cache(maxsize=8192)  # a few thousand syllable endings cover Vietnamese text
def _tail_tones_last(tail: str) -> str:
    # Old ("hoà", "thuỷ") and new ("hòa", "thủy") conventions differ only in which
    # vowel carries the tone mark; moving every syllable's mark to its end makes them
    # one string. The result is not orthography, only a hashing key.
    tones = sorted(ch for ch in tail if ch in _TONE_MARKS)
    return "".join(ch for ch in tail if ch not in _TONE_MARKS) + "".join(tones)


def normalize_for_hash(text: str) -> str:
    """The form two copies of one article share: see ``content_hash``."""
    if _FOLDABLE.search(text):
        text = _FOLDABLE.sub(_fold_mark, text)
    # Word by word, each word through a cache: casefolding, both normalisations and the
    # tone marks' moves never cross whitespace (no whitespace character composes,
    # decomposes to or from anything else, or moves a mark; tests/test_normalize.py checks
    # every code point), so the words of the whole text's form are the forms of its words.
    # A text repeats a few hundred distinct words; each cached one costs no Python call,
    # a quarter of normalising the whole text at once.
    return " ".join(map(_word_for_hash, text.split()))


def token_for_hash(token: str) -> str:
    """``normalize_for_hash`` of one whitespace-free token: the text's form is its tokens'
    forms joined by spaces (the folds neither make nor take whitespace)."""
    if _FOLDABLE.search(token):
        token = _FOLDABLE.sub(_fold_mark, token)
    return _word_for_hash(token)


@lru_cache(maxsize=8192)  # a language's common words, a few MB at most
def _word_for_hash(word: str) -> str:
    """One word's hash form: casefolded, each syllable's tone mark moved last, NFC."""
    word = unicodedata.normalize("NFD", word.casefold())
    # Split at the toned tails and map them through the cache: a cached tail costs no
    # Python call, where re.sub with a function made one per toned syllable.
    parts = _TONED_TAIL.split(word)
    parts[1::2] = map(_tail_tones_last, parts[1::2])
    return unicodedata.normalize("NFC", "".join(parts))


def content_hash(text: str) -> str:
    """``"sha256:"`` + hex SHA-256 of the UTF-8 bytes of ``normalize_for_hash(text)``.

    The normalised form is: Unicode casefolded; each word's tone marks moved to
    its end (so "hoà"/"hòa" and "thuỷ"/"thủy" agree) before NFC composition; every
    quote variant folded to '"', every dash variant to "-", "…" to "..."; invisible
    characters removed; any run of whitespace (newlines included) one space.
    """
    digest = hashlib.sha256(normalize_for_hash(text).encode("utf-8")).hexdigest()
    return f"sha256:{digest}"
