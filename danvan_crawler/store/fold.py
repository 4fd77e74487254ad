"""Vietnamese folding: lowercase, diacritics removed, đ -> d; how tags and search match text.

The full-text index folds the same way inside SQLite (``schema.py``): its tokenizer
removes case and diacritics, and the index triggers turn đ/Đ into d/D with the builtin
``replace()``, which the tokenizer leaves alone. ``tests/test_storage.py`` checks that
the two agree on every Vietnamese letter.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=4096)
def fold_char(char: str) -> str:
    """One character folded: "Ậ" -> "a", "Đ" -> "d"."""
    if char in "đĐ":
        return "d"
    base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    return base.lower()


class _FoldTable(dict):
    """``str.translate`` table filled on first sight of each character: the folding
    runs in C instead of one Python call per character."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = fold_char(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()


@lru_cache(maxsize=64)  # tags and search fold the same strings
def fold(text: str | None) -> str:
    """Lowercase, every diacritic removed, đ -> d: "Đảng ủy" -> "dang uy"."""
    if not text:
        return ""
    return unicodedata.normalize("NFC", text).translate(_FOLD_TABLE)
