"""Near-duplicate stories: the same story republished with other chrome, captions or edits.

Exact content hashes keep such copies apart. Each article gets a MinHash of its
5-word shingles; LSH buckets of that signature, stored in SQLite, find candidate
copies cheaply, and the candidates are confirmed exactly by shingle containment. Copies
share a ``cluster_id``; every member stays, with its own site, URL and date.

The thresholds were chosen on the labelled variant set in
``tests/test_clusters.py`` (same story with other chrome, captions, bylines, a
changed sentence, a dropped paragraph, the other tone-mark convention; and
different stories on the same topic that must not merge).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain

import numpy as np

from danvan_crawler.extract.normalize import token_for_hash
from danvan_crawler.store.indexing import MAX_CANDIDATES

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

# Each whitespace-separated token's words' 64-bit hashes (the first 8 bytes of each word's
# BLAKE2b, little-endian), remembered by the token as written: portals repeat a few
# thousand tokens, so nearly every token of a text is found here, with no normalising
# and no regex pass over the text. Emptied when full (~150 bytes an entry).
_TOKEN_HASHES: dict[str, tuple[int, ...]] = {}
_MAX_TOKEN_HASHES = 1 << 16
# A shingle's hash: its words' hashes as the digits of a polynomial (mod 2^64), so that
# a shingle is hashed by a few numpy operations over the whole text rather than as a
# string of its own; then MurmurHash3's 64-bit finaliser spreads every bit over all 64.
_RADIX = np.uint64(0x9E3779B97F4A7C15)
_FMIX64 = tuple(map(np.uint64, (33, 0xFF51AFD7ED558CCD, 0xC4CEB53FE1A85EC9)))


def _token_hashes(token: str) -> tuple[int, ...]:
    """The hashes of the words of one token's hash form (``normalize_for_hash``)."""
    return tuple(
        int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")
        for word in _WORDS.findall(token_for_hash(token))
    )


def _word_hashes(text: str) -> np.ndarray:
    """The hash of every word of the text's hash form, in order."""
    tokens = text.split()
    known = _TOKEN_HASHES
    found = list(map(known.get, tokens))
    if None in found:
        if len(known) > _MAX_TOKEN_HASHES:
            known.clear()
        for i in [i for i, value in enumerate(found) if value is None]:
            found[i] = known[tokens[i]] = _token_hashes(tokens[i])
    return np.fromiter(chain.from_iterable(found), dtype=np.uint64)


def shingle_hashes(text: str) -> np.ndarray:
    """The sorted distinct 64-bit hashes of the text's 5-word shingles, over the words of its
    hash form (``normalize_for_hash``: tone conventions and quotes folded); a text of 5
    words or fewer is one shingle.

    Until schema version 9 the shingles were strings hashed by SHA-1 one by one (the
    scheme of datasketch's MinHash): 0.5 ms an article, over half of its fingerprint.
    """
    hashes = _word_hashes(text)
    if not len(hashes):
        return hashes
    width = min(SHINGLE_WORDS, len(hashes))
    count = len(hashes) - width + 1
    shingles = hashes[:count].copy()
    for i in range(1, width):
        shingles *= _RADIX
        shingles += hashes[i : i + count]
    shift, m1, m2 = _FMIX64
    shingles ^= shingles >> shift
    shingles *= m1
    shingles ^= shingles >> shift
    shingles *= m2
    shingles ^= shingles >> shift
    return np.unique(shingles)


SEED = 20261122
# Containment estimated from the MinHash Jaccard and the two set sizes; candidates below
# this skip the exact check (margin under MIN_CONTAINMENT for the estimate's noise).
MIN_ESTIMATED_CONTAINMENT = 0.6


def _permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``num_perm`` affine permutations (odd a, any b) of 32-bit values, drawn from ``seed``."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    return a, gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)


_A, _B = _permutations(NUM_PERM, SEED)


def _containment_keys(hashes: np.ndarray) -> np.ndarray:
    """Sorted distinct 32-bit keys of a shingle set for the exact containment check.

    The high half of each shingle's hash (the MinHash uses the low half). They are stored
    with the fingerprint (``article_fingerprints.shingle_keys``), and confirming a copy
    reads them instead of re-reading and re-shingling the other article's text. 32 bits
    suffice: two texts of 3,000 shingles share a false key once in ~500 comparisons, one
    shingle of 3,000 against a threshold of 85 %.
    """
    return np.unique((hashes >> np.uint64(32)).astype(np.uint32))


def signature(hashes: np.ndarray) -> np.ndarray:
    """The MinHash signature (NUM_PERM values, as uint64) of a set of shingle hashes: per
    permutation, the least (a * h + b) mod 2^32 over the low 32 bits h of each hash."""
    if not len(hashes):
        return np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint64)
    low = hashes.astype(np.uint32).reshape(-1, 1)
    return (low * _A + _B).min(axis=0).astype(np.uint64)


# What each band's key hashes: the band number (int32) and its ROWS values (uint64),
# little-endian and unpadded, the bytes of struct.pack(f"<i{ROWS}Q", band, *values).
_BAND_RECORD = np.dtype([("band", "<i4"), ("rows", "<u8", (ROWS,))])


def band_keys(values: np.ndarray) -> list[int]:
    """One signed 64-bit bucket key per LSH band of a signature."""
    # All bands packed by numpy in one go rather than a struct.pack per band.
    records = np.empty(BANDS, dtype=_BAND_RECORD)
    records["band"] = np.arange(BANDS)
    records["rows"] = np.asarray(values, dtype=np.uint64).reshape(BANDS, ROWS)
    packed, size = records.tobytes(), _BAND_RECORD.itemsize
    blake2b = hashlib.blake2b
    digests = b"".join(
        [blake2b(packed[i : i + size], digest_size=8).digest() for i in range(0, len(packed), size)]
    )
    return np.frombuffer(digests, dtype="<i8").tolist()


def _is_copy(size_a: int, size_b: int, common: int) -> bool:
    """Whether two texts of that many shingles, ``common`` of them shared, are one story."""
    if not size_a or not size_b:
        return False
    small, large = sorted((size_a, size_b))
    ratio = small / large
    if ratio < MIN_SIZE_RATIO:
        return False
    needed = MIN_CONTAINMENT if ratio >= UNEVEN_RATIO else MIN_CONTAINMENT_UNEVEN
    return common / small >= needed


def _likely_copies(own_size: int, values: np.ndarray, candidates: list[tuple]) -> list[int]:
    """Candidates whose containment, estimated from the signatures, may reach the threshold.

    One vectorised pass: text that shares stock phrasing with many earlier articles
    (the same portal's boilerplate) can bring hundreds of LSH candidates.
    """
    if not candidates or not own_size:
        return []
    article_ids, blobs, counts = zip(*candidates, strict=True)
    ids = np.fromiter(article_ids, dtype=np.int64, count=len(candidates))
    sizes = np.fromiter(counts, dtype=np.float64, count=len(candidates))
    signatures = np.frombuffer(b"".join(blobs), dtype="<u8").reshape(len(candidates), -1)
    jaccard = (signatures == values).mean(axis=1)
    small, large = np.minimum(sizes, own_size), np.maximum(sizes, own_size)
    with np.errstate(divide="ignore", invalid="ignore"):
        # |A∩B| = J(|A|+|B|)/(1+J); containment divides that by the smaller set.
        containment = jaccard * (small + large) / ((1 + jaccard) * small)
        keep = (small > 0) & (small / large >= MIN_SIZE_RATIO) & (containment >= MIN_ESTIMATED_CONTAINMENT)
    return ids[keep].tolist()


@dataclass
class NearCopies:
    """One article's fingerprint and the copies of it found before the write lock."""

    size: int  # distinct shingles of the text
    values: np.ndarray
    keys: list[int]
    shingle_keys: np.ndarray  # sorted distinct containment keys (_containment_keys)
    # (last article id, last article_versions id) when the copies were looked up; None: not yet.
    snapshot: tuple[int, int] | None = None
    copies: set[int] = field(default_factory=set)  # confirmed copies among the snapshot's articles
    capped: bool = False  # more LSH candidates than the cap: the least similar were not checked


def fingerprint(text: str) -> NearCopies:
    """Shingles, MinHash signature, LSH band keys and containment keys: the CPU-heavy part."""
    hashes = shingle_hashes(text)
    values = signature(hashes)
    return NearCopies(len(hashes), values, band_keys(values), _containment_keys(hashes))


def _candidates(conn, near: NearCopies, cap: int) -> tuple[list[tuple], bool]:
    """(article_id, signature, shingles) of at most ``cap`` articles sharing an LSH bucket,
    and whether there were more.

    Bounded whatever the database holds: per band the most recent ``cap // 4 + 1``
    bucket members, then those sharing the most bands (the most similar), newest first.
    """
    per_band = cap // 4 + 1
    # Since schema version 7 the index on (bucket, id, article_id) answers this alone (id is
    # the row id); "rowid" keeps it valid for the migrations of older files, which cluster.
    # One row per band, its members joined by SQLite: hundreds of members an article, and
    # a Python tuple for each cost more than the lookup.
    band = "select (select group_concat(article_id) from (select article_id from lsh_buckets "
    band += "where bucket = ? order by rowid desc limit ?))"
    joined = [
        row[0]
        for row in conn.execute(
            " union all ".join([band] * len(near.keys)),
            [v for key in near.keys for v in (key, per_band + 1)],
        )
    ]
    listed = [members for members in joined if members]
    shared = Counter(map(int, ",".join(listed).split(","))) if listed else Counter()
    # Sorting (count, id) pairs orders as the key (shared count, article id) would.
    chosen = [a for _, a in sorted(zip(shared.values(), shared, strict=True), reverse=True)[:cap]]
    # Each band was asked for one more member than it is read for, to tell one that holds more.
    capped = len(shared) > cap or any(members.count(",") >= per_band for members in listed)
    rows = conn.execute(
        "select article_id, signature, shingles from article_fingerprints "
        f"where article_id in ({', '.join('?' * len(chosen))})",
        chosen,
    ).fetchall()
    order = {a: i for i, a in enumerate(chosen)}
    return sorted(rows, key=lambda row: order[row[0]]), capped


def _changed_candidates(conn, near: NearCopies) -> list[tuple]:
    """Candidates among the articles stored or edited since ``near.snapshot`` (few)."""
    last_id, last_version = near.snapshot
    marks = ", ".join("?" for _ in near.keys)
    return conn.execute(
        "select f.article_id, f.signature, f.shingles from article_fingerprints f where f.article_id in "
        "(select id from articles where id > ? union select article_id from article_versions where id > ?) "
        "and exists (select 1 from lsh_buckets b where b.article_id = f.article_id "
        f"and b.bucket in ({marks}))",
        (last_id, last_version, *near.keys),
    ).fetchall()


def _stored_keys(conn, article_ids: list[int]) -> list[tuple[int, np.ndarray]]:
    """(article id, containment keys) of stored articles, read from their fingerprints.

    Articles deleted by a reader's own SQL leave their fingerprints behind; the join skips them.
    """
    rows = conn.execute(
        "select f.article_id, f.shingle_keys from article_fingerprints f "
        "join articles a on a.id = f.article_id "
        f"where f.article_id in ({', '.join('?' for _ in article_ids)})",
        article_ids,
    ).fetchall()
    return [(article_id, np.frombuffer(blob, dtype="<u4")) for article_id, blob in rows]


def _confirm(conn, near: NearCopies, candidates: list[tuple]) -> set[int]:
    """The candidates that are copies, by exact shingle containment."""
    likely = _likely_copies(near.size, near.values, candidates)
    if not likely:
        return set()
    stored = _stored_keys(conn, likely)
    own_keys = near.shingle_keys
    common = _common_counts(own_keys, [keys for _, keys in stored])
    return {
        other
        for (other, other_keys), shared in zip(stored, common, strict=True)
        if _is_copy(len(own_keys), len(other_keys), shared)
    }


def _common_counts(own_keys: np.ndarray, others: list[np.ndarray]) -> list[int]:
    """How many of each array's keys are in ``own_keys`` (all sorted and distinct).

    One searchsorted over every candidate's keys at once, instead of an
    ``np.intersect1d`` (a concatenate and a sort) per candidate.
    """
    sizes = np.fromiter(map(len, others), dtype=np.int64, count=len(others))
    if not own_keys.size or not sizes.sum():
        return [0] * len(others)
    every = np.concatenate(others)
    at = np.minimum(np.searchsorted(own_keys, every), own_keys.size - 1)
    found = np.concatenate(([0], np.cumsum(own_keys[at] == every)))
    ends = np.cumsum(sizes)
    return (found[ends] - found[ends - sizes]).tolist()


def _last_ids(conn) -> tuple[int, int]:
    return conn.execute(
        "select (select coalesce(max(id), 0) from articles), "
        "(select coalesce(max(id), 0) from article_versions)"
    ).fetchone()


def find_copies(conn, near: NearCopies, cap: int = MAX_CANDIDATES) -> NearCopies:
    """Look up ``near``'s copies in the caller's transaction (fills it in): a read snapshot
    before the write lock (``ArticleWriter.store_articles``), or the write transaction.

    Only the rows stored or edited after the snapshot are left for ``assign_cluster`` to
    check inside the write transaction.
    """
    near.snapshot = _last_ids(conn)
    candidates, near.capped = _candidates(conn, near, cap)
    near.copies = _confirm(conn, near, candidates)
    return near


def write_fingerprint(conn, article_id: int, near: NearCopies) -> None:
    """Store an article's fingerprint and LSH buckets (its earlier buckets deleted already)."""
    conn.execute(
        "insert or replace into article_fingerprints (article_id, signature, shingles, shingle_keys) "
        "values (?, ?, ?, ?)",
        (article_id, near.values.astype("<u8").tobytes(), near.size, near.shingle_keys.tobytes()),
    )
    conn.executemany(
        "insert into lsh_buckets (bucket, article_id) values (?, ?)", [(k, article_id) for k in near.keys]
    )


def assign_cluster(conn, article_id: int, text: str, prepared: NearCopies | None = None) -> int:
    """Index one article's fingerprint and give it a cluster (its own id when it has no copy).

    Inside the caller's write transaction. With ``prepared`` from ``find_copies``, only
    the articles stored or edited since its snapshot are compared here.
    """
    near = prepared or fingerprint(text)
    if near.snapshot is None:
        find_copies(conn, near)
        copies = near.copies
    else:
        candidates = _changed_candidates(conn, near)
        changed = {c[0] for c in candidates}
        copies = (near.copies - changed) | _confirm(conn, near, candidates)
    copies.discard(article_id)
    conn.execute("delete from lsh_buckets where article_id = ?", (article_id,))
    write_fingerprint(conn, article_id, near)
    marks = ", ".join("?" for _ in copies)
    clusters = {
        cluster or other
        for other, cluster in conn.execute(
            f"select id, cluster_id from articles where id in ({marks})", (*copies,)
        )
    }
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
