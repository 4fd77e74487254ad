"""Memoising pure functions of short texts: the one bounded-cache rule the readers share.

Menus, footers, dates and labels recur on every page of a site, so their normalised
forms are worth caching; article text and whole item texts rarely recur. Only texts up
to ``LONGEST`` characters enter a cache of ``maxsize`` entries, which bounds what the
caches can hold however long the crawl (a crawl's peak memory must not grow with it).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps
from typing import TypeVar

T = TypeVar("T")

LONGEST = 200


def short_texts(maxsize: int = 4096) -> Callable[[Callable[[str], T]], Callable[[str], T]]:
    """Decorator: cache ``func(text)`` for texts of at most ``LONGEST`` characters.

    ``func`` must be a pure function of the string's value (a cached answer is the answer).
    """

    def decorate(func: Callable[[str], T]) -> Callable[[str], T]:
        cached = lru_cache(maxsize=maxsize)(func)

        @wraps(func)
        def call(text: str) -> T:
            if text and len(text) <= LONGEST:
                return cached(text)
            return func(text)

        return call

    return decorate
