"""The five seed portals as replica sites: the seed article plus generated neighbours."""

from __future__ import annotations

import json
import random
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from importlib import resources

from danvan_crawler.extract.dates import VN_TZ
from danvan_crawler.replicas.model import ReplicaArticle, ReplicaSite
from danvan_crawler.replicas.templates.base import Template
from danvan_crawler.replicas.templates.custom import CustomTemplate
from danvan_crawler.replicas.templates.dnn import DnnTabTemplate, DnnTemplate
from danvan_crawler.replicas.templates.drupal import Drupal7Template, Drupal8Template
from danvan_crawler.replicas.templates.liferay import LiferayTemplate
from danvan_crawler.replicas.templates.php import PhpTemplate
from danvan_crawler.replicas.templates.sharepoint import SharePointListTemplate, SharePointTemplate
from danvan_crawler.replicas.templates.wordpress import WordPressTemplate
from danvan_crawler.replicas.textgen import TextGen

ARTICLES_PER_SITE = 30
SEED_POSITION = 4  # the seed article sits on the first listing page, not at its top


@dataclass(frozen=True)
class PortalSpec:
    """How one replica portal is built."""

    name: str
    seed_file: str
    title: str
    section_name: str
    section_path: str
    template: Template
    page_size: int
    byline_style: str
    shows_time: bool  # False: no header date; the lead opens with "Ngày d/m/yyyy"
    image_captions: bool = True
    min_images: int = 0


SPECS = [
    PortalSpec(
        "la34",
        "000_7e6dbdb05537f7bd.txt",
        "Đài Phát thanh và Truyền hình Long An",
        "Dân vận",
        "/category/dan-van/",
        WordPressTemplate(),
        10,
        "pair",
        True,
    ),
    PortalSpec(
        "thoaison_angiang",
        "001_f2c9cdfe691f1ed6.txt",
        "Cổng thông tin điện tử huyện Thoại Sơn",
        "Hoạt động Đảng - Đoàn thể",
        "/vi/chuyen-muc/hoat-dong-dang-doan-the",
        Drupal7Template(),
        10,
        "single",
        True,
        image_captions=False,
        min_images=1,
    ),
    PortalSpec(
        "langson",
        "002_ef43287c4973310c.txt",
        "Ban Dân vận Tỉnh ủy Lạng Sơn",
        "Tin hoạt động dân vận",
        "/tin-tuc/hoat-dong-dan-van",
        Drupal8Template(),
        10,
        "single",
        False,
    ),
    PortalSpec(
        "quan11_hcm",
        "003_04f70a9c28b4bc3c.txt",
        "Cổng thông tin điện tử Quận 11",
        "Hoạt động Đảng - Đoàn thể",
        "/Lists/Posts/AllPosts.aspx?CategoryId=16",
        SharePointTemplate(),
        8,
        "single",
        True,
    ),
    PortalSpec(
        "longdien_brvt",
        "004_83323420a70d540f.txt",
        "Cổng thông tin điện tử huyện Long Điền",
        "Chính trị - Xã hội",
        "/chinh-tri-xa-hoi/",
        CustomTemplate(),
        10,
        "source",
        False,
    ),
]
# Portals on the other platforms of portals.md: no seed capture, generated articles only.
# Their live URLs are modelled on portals.md and have not been checked against the live sites.
PLATFORM_SPECS = [
    PortalSpec(
        "dongthap",
        "",
        "Cổng thông tin điện tử tỉnh Đồng Tháp",
        "Chính trị - Xã hội",
        "/chinh-tri-xa-hoi",
        LiferayTemplate("6.2"),
        10,
        "single",
        True,
    ),
    PortalSpec(
        "quangtri",
        "",
        "Cổng thông tin điện tử tỉnh Quảng Trị",
        "Hoạt động Đảng - Đoàn thể",
        "/web/guest/hoat-dong-dang-doan-the",
        LiferayTemplate("7"),
        10,
        "pair",
        True,
    ),
    PortalSpec(
        "binhdinh",
        "",
        "Cổng thông tin điện tử tỉnh Bình Định",
        "Công tác dân vận",
        "/tin-tuc/cong-tac-dan-van",
        LiferayTemplate("vnpt"),
        8,
        "single",
        True,
    ),
    PortalSpec(
        "quangnam_tinhuy",
        "",
        "Tỉnh ủy Quảng Nam",
        "Hoạt động Đảng - Đoàn thể",
        "/vi-vn/bai-viet/nhom/id/359/key/hoat-dong-dang-doan-the",
        DnnTemplate(),
        10,
        "single",
        True,
    ),
    PortalSpec(
        "vinhlong_danvan",
        "",
        "Ban Dân vận Tỉnh ủy Vĩnh Long",
        "Tin hoạt động",
        "/Default.aspx?tabid=119",
        DnnTabTemplate(),
        10,
        "single",
        True,
    ),
    PortalSpec(
        "krongno_daknong",
        "",
        "Cổng thông tin điện tử huyện Krông Nô",
        "Dân vận",
        "/Trang/TinDanVan.aspx",
        SharePointListTemplate(),
        8,
        "single",
        True,
    ),
    PortalSpec(
        "camlo_quangtri",
        "",
        "Cổng thông tin điện tử huyện Cam Lộ",
        "Mặt trận - Đoàn thể",
        "/index.php?com=danhmuc_tin&id_category=22",
        PhpTemplate(),
        10,
        "source",
        True,
    ),
]
# Where the seed pages put their photos: (caption index, after paragraph index).
SEED_IMAGES = {
    "la34": [(0, 0)],
    "thoaison_angiang": [(None, 0)],
    "langson": [(0, 0), (1, 2)],
    "quan11_hcm": [(0, 0)],
    "longdien_brvt": [],
}


def seed_gold() -> dict[str, dict]:
    """gold.json of the seed captures (shipped in the package)."""
    raw = resources.files(__package__).joinpath("data/seed_gold.json").read_text("utf-8")
    return json.loads(raw)


def slugify(text: str) -> str:
    """ASCII slug of a Vietnamese title, as the CMSs make them."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:80].rstrip("-")


def _lead_prefix(when: datetime) -> str:
    return f"Ngày {when.day}/{when.month}/{when.year}, "


class _Builder:
    """Makes a portal's articles, deterministic per portal."""

    def __init__(self, spec: PortalSpec):
        self.spec = spec
        self.gen = TextGen(spec.name)
        self.rng = random.Random(spec.name + "/dates")
        self.next_id = 1200
        self.slugs: set[str] = set()

    def slug(self, title: str) -> str:
        """A slug no other article of the portal has (CMSs append a counter on clashes)."""
        base = slug = slugify(title)
        counter = 0
        while slug in self.slugs:
            counter += 1
            slug = f"{base}-{counter}"
        self.slugs.add(slug)
        return slug

    def published(self, when: datetime) -> str:
        return when.isoformat() if self.spec.shows_time else when.date().isoformat()

    def article(self, when: datetime, *, notice: bool = False) -> ReplicaArticle:
        spec, gen = self.spec, self.gen
        self.next_id += self.rng.randint(1, 9)
        if notice:
            title = f"Thông báo lịch tiếp công dân tháng {when.month}/{when.year} của Ban Dân vận Huyện ủy"
            gen.used_titles.add(title)
            paragraphs = [gen.notice(when.month, when.year, "" if spec.shows_time else _lead_prefix(when))]
            author, images = None, []
        else:
            title = gen.title(when.year)
            paragraphs = gen.body(when.year)
            if not spec.shows_time:
                first = paragraphs[0]
                paragraphs[0] = _lead_prefix(when) + first[0].lower() + first[1:]
            author = gen.byline(spec.byline_style)
            images = []
            for _ in range(self.rng.randint(spec.min_images, 2)):
                after = self.rng.randrange(0, len(paragraphs) - 1)
                caption = gen.caption() if spec.image_captions else ""
                src = f"/upload/images/{when:%Y/%m}/{self.next_id}-{len(images) + 1}.jpg"
                images.append((src, caption, after))
        slug = self.slug(title)
        return ReplicaArticle(
            id=self.next_id,
            slug=slug,
            path=spec.template.article_path(spec, self.next_id, slug),
            title=title,
            published_iso=self.published(when),
            published_dt=when,
            author=author,
            paragraphs=paragraphs,
            captions=[c for _, c, _ in images if c],
            images=images,
            is_notice=notice,
            views=self.rng.randint(120, 4000),
        )

    def seed(self, gold: dict) -> ReplicaArticle:
        spec = self.spec
        value = gold["published"]
        when = (
            datetime.fromisoformat(value)
            if "T" in value
            else datetime.fromisoformat(value + "T08:00:00+07:00")
        )
        images = []
        for caption_index, after in SEED_IMAGES[spec.name]:
            caption = gold["captions"][caption_index] if caption_index is not None else ""
            images.append((f"/upload/images/seed/{spec.name}-{len(images) + 1}.jpg", caption, after))
        self.next_id += 1
        slug = self.slug(gold["title"])
        return ReplicaArticle(
            id=self.next_id,
            slug=slug,
            path=spec.template.article_path(spec, self.next_id, slug),
            title=gold["title"],
            published_iso=gold["published"],
            published_dt=when,
            author=gold["author"],
            paragraphs=list(gold["paragraphs"]),
            captions=list(gold["captions"]),
            images=images,
            is_seed=True,
            views=2275,
        )

    def times(self, seed_when: datetime, count: int) -> list[datetime]:
        """``count`` datetimes, newest first, around the seed (seed at SEED_POSITION)."""
        newer, older = [], []
        when = seed_when
        for _ in range(SEED_POSITION):
            when = self._clock(when + timedelta(days=self.rng.randint(6, 16)))
            newer.append(when)
        when = seed_when
        for _ in range(count - SEED_POSITION - 1):
            when = self._clock(when - timedelta(days=self.rng.randint(6, 16)))
            older.append(when)
        return [*reversed(newer), seed_when, *older]

    def _clock(self, day: datetime) -> datetime:
        hour = self.rng.choice([0, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 20])
        return day.replace(hour=hour, minute=self.rng.randint(0, 59), second=0, tzinfo=VN_TZ)


def build_site(spec: PortalSpec, gold: dict) -> ReplicaSite:
    """One replica portal: 30 articles around its seed, one of them a short notice."""
    builder = _Builder(spec)
    seed = builder.seed(gold)
    articles = []
    for index, when in enumerate(builder.times(seed.published_dt, ARTICLES_PER_SITE)):
        if index == SEED_POSITION:
            articles.append(seed)
        else:
            articles.append(builder.article(when, notice=index == 12))

    return _replica_site(spec, builder, articles, seed.published_dt)


def _replica_site(spec: PortalSpec, builder: _Builder, articles, fallback_date: datetime) -> ReplicaSite:
    """The ReplicaSite of ``spec``; new articles (``add_articles``) come from ``builder``."""

    def make_article(site: ReplicaSite, published: datetime | None = None) -> ReplicaArticle:
        if published is None:
            newest = site.articles[0].published_dt if site.articles else fallback_date
            published = builder._clock(newest + timedelta(days=1))
        return builder.article(published)

    return ReplicaSite(
        name=spec.name,
        platform=spec.template.platform,
        title=spec.title,
        section_name=spec.section_name,
        section_path=spec.section_path,
        articles=articles,
        page_size=spec.page_size,
        template=spec.template,
        make_article=make_article,
    )


def build_generated_site(
    spec: PortalSpec, anchor: datetime | None = None, count: int = ARTICLES_PER_SITE
) -> ReplicaSite:
    """A replica portal without a seed capture: ``count`` generated articles, one a short notice."""
    builder = _Builder(spec)
    anchor = anchor or datetime(2020, 6, 15, 9, 30, tzinfo=VN_TZ)
    articles = [
        builder.article(when, notice=index == 12) for index, when in enumerate(builder.times(anchor, count))
    ]

    return _replica_site(spec, builder, articles, anchor)


def build_platform_sites() -> dict[str, ReplicaSite]:
    """Replicas of the platforms the seeds do not cover (Liferay, DotNetNuke, postback, PHP)."""
    return {spec.name: build_generated_site(spec) for spec in PLATFORM_SPECS}


# Stories a portal republishes from another, as district portals republish province news:
# (source portal, target portal, index of the target's article the copy replaces). The copy
# is of the source's newest story published before the replaced article, so the source
# comes first. Targets are neither a seed nor a notice, and sit on the first listing page.
REPUBLISHED = [
    ("dongthap", "quangtri", 2),
    ("dongthap", "vinhlong_danvan", 3),
    ("quangtri", "camlo_quangtri", 1),
    ("binhdinh", "krongno_daknong", 2),
]


def _republished(story: ReplicaArticle, target: ReplicaArticle, source: ReplicaSite, edit: int):
    """``story`` as another portal republishes it: its own URL, date and byline, small edits."""
    paragraphs = list(story.paragraphs)
    if edit % 2:  # an editor's touch: the last paragraph cut to its first sentence
        paragraphs[-1] = paragraphs[-1].split(". ")[0].rstrip(".") + "."
    else:  # or a paragraph dropped
        del paragraphs[len(paragraphs) // 2]
    return replace(
        target,
        title=story.title,
        paragraphs=[*paragraphs, f"(Theo {source.title})"],
        captions=[],
        images=[],
    )


def build_all_sites() -> dict[str, ReplicaSite]:
    """Every replica portal: the five seed portals, then the other platforms, some stories shared."""
    sites = {**build_seed_sites(), **build_platform_sites()}
    for edit, (source, target, index) in enumerate(REPUBLISHED):
        replaced = sites[target].articles[index]
        story = next(
            a
            for a in sites[source].articles
            if a.published_dt < replaced.published_dt and not a.is_notice and not a.is_seed
        )
        sites[target].articles[index] = _republished(story, replaced, sites[source], edit)
    return sites


def build_seed_sites() -> dict[str, ReplicaSite]:
    """The five seed portals' replicas, keyed by spider name."""
    gold = seed_gold()
    return {spec.name: build_site(spec, gold[spec.seed_file]) for spec in SPECS}
