"""Near-duplicate clustering gated on a labelled variant set: precision and recall over pairs."""

from __future__ import annotations

import itertools
import random

from danvan_crawler.extract.normalize import content_hash
from danvan_crawler.replicas import build_seed_sites
from danvan_crawler.store.database import Database

OLD_STYLE = {"hòa": "hoà", "Hòa": "Hoà", "ủy": "uỷ", "Ủy": "Uỷ", "thủy": "thuỷ", "khỏe": "khoẻ", "hóa": "hoá"}


def _variants(paragraphs: list[str], rng: random.Random) -> dict[str, str]:
    """The same story as another portal would publish it."""
    text = "\n".join(paragraphs)
    changed = list(paragraphs)
    sentences = changed[len(changed) // 2].split(". ")
    sentences[rng.randrange(len(sentences))] = "Hội nghị cũng đã thông qua nhiều nội dung quan trọng khác"
    changed[len(changed) // 2] = ". ".join(sentences)
    old_style = text
    for new, old in OLD_STYLE.items():
        old_style = old_style.replace(new, old)
    return {
        "other_chrome": "\n".join(
            ["Chia sẻ bài viết", "Cỡ chữ: A A A", *paragraphs, "Tin liên quan", "Xem thêm"]
        ),
        "captions": "\n".join([paragraphs[0], "Quang cảnh hội nghị", *paragraphs[1:], "Ảnh: Minh Tâm"]),
        "byline": text + "\nTin, ảnh: Hữu Nghĩa",
        "changed_sentence": "\n".join(changed),
        "dropped_paragraph": "\n".join(paragraphs[:-1]),
        "tone_marks": old_style,
    }


def test_clustering_precision_and_recall(tmp_path):
    rng = random.Random(7)
    stories = [a for site in build_seed_sites().values() for a in site.articles if not a.is_notice]
    rng.shuffle(stories)
    labelled: list[tuple[int, str]] = []  # (story index, text)
    for index, story in enumerate(stories[:60]):
        labelled.append((index, "\n".join(story.paragraphs)))
        for text in _variants(story.paragraphs, rng).values():
            labelled.append((index, text))
    # Different stories on the same topics: all generated about dân vận work, sharing phrasing.
    for index, story in enumerate(stories[60:], start=60):
        labelled.append((index, "\n".join(story.paragraphs)))
    rng.shuffle(labelled)

    with Database(tmp_path / "c.db") as db:
        for n, (_, text) in enumerate(labelled):
            db.store_article(
                {
                    "content_hash": content_hash(text),
                    "url": f"http://portal-{n % 5}.gov.vn/tin/{n}",
                    "site": f"portal{n % 5}",
                    "title": f"Bài {n}",
                    "text": text,
                }
            )
        cluster_of = dict(db.conn.execute("select content_hash, cluster_id from articles").fetchall())

    predicted_cluster = [(story, cluster_of[content_hash(text)]) for story, text in labelled]
    true_positive = false_positive = false_negative = 0
    for (story_a, cluster_a), (story_b, cluster_b) in itertools.combinations(predicted_cluster, 2):
        same = story_a == story_b
        predicted = cluster_a == cluster_b
        true_positive += same and predicted
        false_positive += predicted and not same
        false_negative += same and not predicted
    precision = true_positive / (true_positive + false_positive)
    recall = true_positive / (true_positive + false_negative)
    print(f"clustering on {len(labelled)} texts: precision={precision:.4f} recall={recall:.4f}")
    assert precision >= 0.98
    assert recall >= 0.95


def test_cluster_members_keep_provenance_and_earliest_is_representative(tmp_path):
    text = "Ngày 5/3/2019, Ban Dân vận Huyện ủy tổ chức hội nghị sơ kết công tác dân vận. " * 6
    with Database(tmp_path / "c.db") as db:
        for n, (site, published) in enumerate(
            [("b", "2019-03-06"), ("a", "2019-03-05"), ("c", "2019-03-07")]
        ):
            copy = text + f"\nTin: Phóng viên {n}"
            db.store_article(
                {"content_hash": content_hash(copy), "url": f"http://{site}.vn/1", "site": site,
                 "title": "Hội nghị", "text": copy, "published": published}
            )  # fmt: skip
        clusters = db.conn.execute("select size, first_site, first_published, sites from clusters").fetchall()
        members = db.conn.execute("select site, url from cluster_members order by published").fetchall()
    assert len(clusters) == 1 and clusters[0][:3] == (3, "a", "2019-03-05")
    assert set(clusters[0][3].split(",")) == {"a", "b", "c"}
    assert [m[0] for m in members] == ["a", "b", "c"]


def _notice(n: int) -> dict:
    text = "Thông báo lịch tiếp công dân định kỳ của Ban Dân vận Huyện ủy trong tháng. " * 8
    copy = text + f"\nSố {n}/TB-BDV"
    return {
        "content_hash": content_hash(copy),
        "url": f"http://a.vn/{n}",
        "site": "a",
        "title": "T",
        "text": copy,
    }


def test_candidates_per_article_are_capped_and_counted(tmp_path):
    """Near-identical notices: each compares with at most the cap, and still joins their cluster."""
    with Database(tmp_path / "c.db", near_dup_candidates=4) as db:
        for n in range(8):
            db.store_article(_notice(n))
        clusters = {c for (c,) in db.conn.execute("select cluster_id from articles")}
        assert clusters == {1}
        # Per LSH band the newest 4 // 4 + 1 = 2 members are read: from the 4th notice on,
        # a band holds more.
        assert db.near_dup_capped == 5


def test_copies_stored_after_the_snapshot_are_checked_in_the_write_lock(tmp_path, monkeypatch):
    """Another process stores a copy between the read snapshot and the write transaction."""
    import danvan_crawler.store.clusters as clusters

    with Database(tmp_path / "c.db") as db, Database(tmp_path / "c.db") as other:
        look_up = clusters.find_copies

        def racing_look_up(*args, **kwargs):
            found = look_up(*args, **kwargs)
            monkeypatch.setattr(clusters, "find_copies", look_up)
            other.store_article(_notice(1))  # after this process's snapshot
            return found

        monkeypatch.setattr(clusters, "find_copies", racing_look_up)
        db.store_article(_notice(2))  # its only copy is the one stored after its snapshot
        assert [c for (c,) in db.conn.execute("select cluster_id from articles order by id")] == [1, 1]


# Texts whose hash form differs from what they print: quotes, dashes, "…", invisible
# characters inside and between words, non-breaking spaces, both tone-mark conventions.
AWKWARD = [
    "",
    "một hai",
    "“Dân vận khéo” – phong trào…",
    "Hội\u200b nghị \u200b tổng\u00a0kết; công tác dân vận (năm 2024)",
    "Hoà Bình thuỷ lợi, hòa bình thủy lợi: UBND tỉnh-huyện 12/3/2024.",
]


def _stories() -> list[str]:
    return ["\n".join(a.paragraphs) for site in build_seed_sites().values() for a in site.articles][:40]


def test_shingle_hashes_are_the_hash_forms_5_word_shingles():
    """One hash per distinct 5-word shingle of ``normalize_for_hash``'s words, in the form's
    word order (cached per token as written, which must not change them)."""
    import hashlib
    import re

    import numpy as np

    from danvan_crawler.extract.normalize import normalize_for_hash
    from danvan_crawler.store.clusters import _word_hashes, shingle_hashes

    for text in [*AWKWARD, *_stories()]:
        words = re.findall(r"\w+", normalize_for_hash(text))
        expected = [
            int.from_bytes(hashlib.blake2b(w.encode(), digest_size=8).digest(), "little") for w in words
        ]
        for _ in range(2):  # computed, then from the cache
            assert _word_hashes(text).tolist() == expected
        shingles = {tuple(words[i : i + 5]) for i in range(max(1, len(words) - 4))} if words else set()
        hashes = shingle_hashes(text)
        assert len(hashes) == len(shingles)
        assert np.array_equal(hashes, np.unique(hashes))


def test_one_story_in_either_tone_mark_convention_has_one_fingerprint():
    from danvan_crawler.store.clusters import fingerprint

    old, new = (
        fingerprint("Hoà Bình thuỷ lợi “Dân vận khéo”"),
        fingerprint('hòa bình thủy lợi "dân vận khéo"'),
    )
    assert (old.size, old.values.tolist(), old.keys) == (new.size, new.values.tolist(), new.keys)


def test_minhash_estimates_the_jaccard_similarity_of_shingle_sets():
    """The share of equal signature values estimates |A∩B| / |A∪B| (what the LSH bands and
    the containment estimate rely on): within 4 standard errors of 64 permutations."""
    import numpy as np

    from danvan_crawler.store.clusters import NUM_PERM, shingle_hashes, signature

    rng = random.Random(3)
    errors = []
    for text in _stories()[:25]:
        paragraphs = text.split("\n")
        for variant in _variants(paragraphs, rng).values():
            a, b = shingle_hashes(text), shingle_hashes(variant)
            exact = len(np.intersect1d(a, b)) / len(np.union1d(a, b))
            estimate = float((signature(a) == signature(b)).mean())
            assert abs(estimate - exact) <= 4 * max(np.sqrt(exact * (1 - exact) / NUM_PERM), 0.02)
            errors.append(abs(estimate - exact))
    assert np.mean(errors) < 0.05


def test_fingerprints_are_the_same_in_every_process():
    """Stored fingerprints are compared across runs: nothing may depend on the process's
    string hash seed or on what its caches met before."""
    import json
    import os
    import subprocess
    import sys

    from danvan_crawler.store.clusters import fingerprint

    script = (
        "import json, sys\n"
        "from danvan_crawler.store.clusters import fingerprint\n"
        "near = [fingerprint(t) for t in json.load(sys.stdin)]\n"
        "print(json.dumps([[n.size, n.values.tolist(), n.keys, n.shingle_keys.tolist()] for n in near]))"
    )
    texts = [*AWKWARD, *_stories()[:5]]
    here = [[n.size, n.values.tolist(), n.keys, n.shingle_keys.tolist()] for n in map(fingerprint, texts)]
    for seed in ("1", "2"):
        done = subprocess.run(
            [sys.executable, "-c", script],
            input=json.dumps(texts[::-1]),
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        assert json.loads(done.stdout)[::-1] == here
