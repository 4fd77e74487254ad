"""Recognise a page's platform from its own signatures (generator meta, CMS paths, ids)."""

from __future__ import annotations

import re
from functools import cache

from danvan_crawler.extract.profiles import GENERIC, PROFILES, Detection, PlatformProfile


@cache
def _compiled(profile: PlatformProfile) -> tuple[tuple[re.Pattern[str], float, str], ...]:
    return tuple((re.compile(rx, re.IGNORECASE), w, rx) for rx, w in profile.signatures)


def detect_platform(html: str, *, min_score: float = 2.0) -> Detection:
    """The platform whose signatures best match ``html``; GENERIC when none reaches ``min_score``."""
    # Signatures sit in the <head>, in asset paths and ids: the first 200 KB is plenty and
    # keeps this cheap on huge pages.
    sample = html[:200_000]
    best: tuple[float, PlatformProfile, tuple[str, ...]] = (0.0, GENERIC, ())
    for profile in PROFILES.values():
        if not profile.signatures:
            continue
        score = 0.0
        evidence = []
        for pattern, weight, source in _compiled(profile):
            if pattern.search(sample):
                score += weight
                evidence.append(source)
        if score > best[0]:
            best = (score, profile, tuple(evidence))
    score, profile, evidence = best
    if score < min_score:
        return Detection(GENERIC, 0.0 if score == 0 else round(score / (min_score * 2), 2), evidence)
    total = sum(w for _, w in profile.signatures)
    return Detection(profile, round(min(1.0, score / max(total * 0.6, min_score)), 2), evidence)
