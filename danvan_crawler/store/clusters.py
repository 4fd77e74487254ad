"""Near-duplicate stories: the same story republished with other chrome, captions or edits.

Exact content hashes keep such copies apart. Each article gets a MinHash of its
5-word shingles (datasketch); LSH buckets of that signature, stored in SQLite,
find candidate copies cheaply, and the candidates are confirmed exactly by
shingle containment. Copies share a ``cluster_id``; every member stays, with its
own site, URL and date.

The thresholds were chosen on the labelled variant set in
``tests/test_clusters.py`` (same story with other chrome, captions, bylines, a
changed sentence, a dropped paragraph, the other tone-mark convention; and
different stories on the same topic that must not merge).
"""

from __future__ import annotations

import hashlib
import re
import struct
from collections import OrderedDict

import numpy as np
from datasketch import MinHash

from danvan_crawler.extract.normalize import normalize_for_hash

SHINGLE_WORDS = 5
NUM_PERM = 64
BANDS = 32  # 32 bands of 2 rows: pairs with Jaccard >= 0.3 become candidates ~95% of the time
ROWS = NUM_PERM // BANDS
MIN_CONTAINMENT = 0.85  # share of the shorter text's shingles found in the other
# A text much shorter than the other (a copy with paragraphs dropped) must be almost
# wholly inside it: different stories sharing stock sentences reach ~0.88 there.
UNEVEN_RATIO = 0.5
MIN_CONTAINMENT_UNEVEN = 0.95
MIN_SIZE_RATIO = 0.2  # below this, a short quote inside a long article, not the same story
_WORDS = re.compile(r"\w+")


def shingles(text: str) -> set[str]:
    """5-word shingles of the normalised text (tone conventions and quotes folded)."""
    words = _WORDS.findall(normalize_for_hash(text))
    if len(words) <= SHINGLE_WORDS:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


# Built once: datasketch draws its permutations at every MinHash() otherwise.
_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=20261122)
# Containment estimated from the MinHash Jaccard and the two set sizes; candidates below
# this skip the exact check (margin under MIN_CONTAINMENT for the estimate's noise).
MIN_ESTIMATED_CONTAINMENT = 0.6
_CACHE_SIZE = 2048


def signature(shingle_set: set[str]) -> np.ndarray:
    """The MinHash signature (NUM_PERM uint64 values) of a shingle set."""
    minhash = _TEMPLATE.copy()
    minhash.update_batch([s.encode("utf-8") for s in shingle_set])
    return minhash.hashvalues.astype(np.uint64)


def band_keys(values: np.ndarray) -> list[int]:
    """One signed 64-bit bucket key per LSH band of a signature."""
    keys = []
    for band in range(BANDS):
        chunk = values[band * ROWS : (band + 1) * ROWS]
        digest = hashlib.blake2b(struct.pack(f"<i{ROWS}Q", band, *map(int, chunk)), digest_size=8).digest()
        keys.append(struct.unpack("<q", digest)[0])
    return keys


# Shingle sets of recently compared articles, by content hash (an edited article gets a
# new hash, so it is re-shingled). Held as hashes of the shingles: a set of ints takes a
# fraction of the memory of the strings, and these sets never leave the process.
_SHINGLE_CACHE: OrderedDict[str, frozenset[int]] = OrderedDict()


def _shingle_keys(shingle_set: set[str]) -> frozenset[int]:
    return frozenset(map(hash, shingle_set))


def _cached_shingles(content_hash: str, text: str) -> frozenset[int]:
    keys = _SHINGLE_CACHE.get(content_hash)
    if keys is None:
        keys = _SHINGLE_CACHE[content_hash] = _shingle_keys(shingles(text))
        if len(_SHINGLE_CACHE) > _CACHE_SIZE:
            _SHINGLE_CACHE.popitem(last=False)
    else:
        _SHINGLE_CACHE.move_to_end(content_hash)
    return keys


def same_story(a: set[str], b: set[str]) -> bool:
    """Whether two shingle sets are copies of one story."""
    if not a or not b:
        return False
    small, large = sorted((len(a), len(b)))
    ratio = small / large
    if ratio < MIN_SIZE_RATIO:
        return False
    needed = MIN_CONTAINMENT if ratio >= UNEVEN_RATIO else MIN_CONTAINMENT_UNEVEN
    return len(a & b) / small >= needed


def fingerprint(text: str) -> tuple[set[str], np.ndarray, list[int]]:
    """(shingles, MinHash signature, LSH band keys) of a text: the CPU-heavy part, which
    callers compute before taking the database's write lock."""
    own = shingles(text)
    values = signature(own)
    return own, values, band_keys(values)


def _likely_copies(own_size: int, values: np.ndarray, candidates: list[tuple]) -> list[int]:
    """Candidates whose containment, estimated from the signatures, may reach the threshold.

    One vectorised pass: text that shares stock phrasing with many earlier articles
    (the same portal's boilerplate) can bring hundreds of LSH candidates.
    """
    if not candidates or not own_size:
        return []
    ids = np.fromiter((c[0] for c in candidates), dtype=np.int64, count=len(candidates))
    sizes = np.fromiter((c[2] for c in candidates), dtype=np.float64, count=len(candidates))
    signatures = np.frombuffer(b"".join(c[1] for c in candidates), dtype="<u8").reshape(len(candidates), -1)
    jaccard = (signatures == values).mean(axis=1)
    small, large = np.minimum(sizes, own_size), np.maximum(sizes, own_size)
    with np.errstate(divide="ignore", invalid="ignore"):
        # |A∩B| = J(|A|+|B|)/(1+J); containment divides that by the smaller set.
        containment = jaccard * (small + large) / ((1 + jaccard) * small)
        keep = (small > 0) & (small / large >= MIN_SIZE_RATIO) & (containment >= MIN_ESTIMATED_CONTAINMENT)
    return ids[keep].tolist()


def assign_cluster(conn, article_id: int, text: str, prepared=None) -> int:
    """Index one article's fingerprint and give it a cluster (its own id when it has no copy)."""
    own, values, keys = prepared or fingerprint(text)
    conn.execute("delete from lsh_buckets where article_id = ?", (article_id,))
    conn.execute(
        "insert or replace into article_fingerprints (article_id, signature, shingles) values (?, ?, ?)",
        (article_id, values.astype("<u8").tobytes(), len(own)),
    )
    marks = ", ".join("?" for _ in keys)
    candidates = conn.execute(
        f"select f.article_id, f.signature, f.shingles from article_fingerprints f "
        f"where f.article_id in (select article_id from lsh_buckets where bucket in ({marks})) "
        f"and f.article_id != ?",
        (*keys, article_id),
    ).fetchall()
    conn.executemany(
        "insert into lsh_buckets (bucket, article_id) values (?, ?)", [(k, article_id) for k in keys]
    )
    clusters = set()
    own_keys = None
    for other in _likely_copies(len(own), values, candidates):
        other_hash, other_text, cluster = conn.execute(
            "select content_hash, text, cluster_id from articles where id = ?", (other,)
        ).fetchone()
        if own_keys is None:
            own_keys = _shingle_keys(own)
        if same_story(own_keys, _cached_shingles(other_hash, other_text)):
            clusters.add(cluster or other)
    cluster_id = min(clusters | {article_id})
    if clusters - {cluster_id}:
        # This article bridges clusters: they are one story.
        stale = sorted(clusters - {cluster_id})
        conn.execute(
            f"update articles set cluster_id = ? where cluster_id in ({', '.join('?' for _ in stale)})",
            (cluster_id, *stale),
        )
    conn.execute("update articles set cluster_id = ? where id = ?", (cluster_id, article_id))
    return cluster_id
