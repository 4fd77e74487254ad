"""Randomised section listing pages: a repeated group of items among menus, stale links and pagers."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from danvan_crawler.replicas.randomise.common import (
    RandomPage,
    Site,
    esc,
    format_date,
    make_site,
    page,
    random_when,
    sidebar,
)
from danvan_crawler.replicas.textgen import TextGen

# (page 1, page n) per family; {n0} counts from 0 as Drupal does.
LISTING_PATHS = {
    "generic": [
        ("/{section}", "/{section}?page={n}"),
        ("/{section}.html", "/{section}/trang-{n}.html"),
        ("/tin-tuc/{section}", "/tin-tuc/{section}?trang={n}"),
        ("/chuyen-muc/{section}", "/chuyen-muc/{section}/page/{n}"),
        ("/Category.aspx?cat={section}", "/Category.aspx?cat={section}&PageIndex={n}"),
    ],
    "wordpress": [("/category/{section}/", "/category/{section}/page/{n}/")],
    "drupal": [("/vi/chuyen-muc/{section}", "/vi/chuyen-muc/{section}?page={n0}")],
    "sharepoint": [
        ("/Lists/Posts/AllPosts.aspx?CategoryId=16", "cursor"),
        ("/{section}", "/{section}/page/{n}"),
    ],
    "liferay": [
        (
            "/{section}",
            "/{section}?p_p_id=101_INSTANCE_k3Xq&p_p_lifecycle=0&p_p_state=normal"
            "&_101_INSTANCE_k3Xq_delta=10&_101_INSTANCE_k3Xq_cur={n}",
        )
    ],
    "dnn": [
        ("/Default.aspx?tabid=119", "/Default.aspx?tabid=119&p={n}"),
        ("/vi-vn/bai-viet/nhom/id/359/key/{section}", "/vi-vn/bai-viet/nhom/id/359/key/{section}/page/{n}"),
    ],
    "php": [
        ("/index.php?com=danhmuc_tin&id_category=22", "/index.php?com=danhmuc_tin&id_category=22&page={n}")
    ],
}
SHAPES = ["card", "li", "li_date_inside", "table", "more", "platform"]
NEXT_STYLES = ["numbers", "trang_sau", "tiep", "raquo", "chevron", "sau"]


@dataclass
class ListingGold:
    """The listing's own article links (absolute, page order) and its next page (absolute or None)."""

    article_links: list[str]
    next_page: str | None


def _cursor(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _item(site: Site, shape: str, url: str, title: str, when: datetime, summary: str, number: int) -> str:
    t, u = esc(title), esc(url)
    d = format_date(when, site.listing_date_style)
    if shape == "platform":
        fam = site.family
        if fam == "wordpress":
            return (
                f"<article class='post type-post'><header class='entry-header'><h2 class='entry-title'>"
                f"<a href='{u}' rel='bookmark'>{t}</a></h2><time class='entry-date'>{d}</time></header>"
                f"<div class='entry-summary'><p>{esc(summary)}</p></div></article>"
            )
        if fam == "drupal":
            return (
                f"<div class='views-row'><h3 class='post-title'><a href='{u}' rel='bookmark'>{t}</a></h3>"
                f"<span class='post-created'>{d}</span></div>"
            )
        if fam == "liferay":
            return (
                "<div class='asset-abstract'><div class='asset-content'>"
                f"<h3 class='asset-title'><a href='{u}'>{t}</a></h3>"
                f"<div class='assetPublishDate'>Ngày đăng {d}</div>"
                f"<div class='asset-summary'>{esc(summary)}</div></div></div>"
            )
        if fam in ("sharepoint", "dnn"):
            return (
                f"<div class='news-item'><a class='news-title' href='{u}'>{t}</a> "
                f"<span class='news-date'>({d})</span></div>"
            )
        shape = "card"
    item = site.cls("item")
    if shape == "card":
        return (
            f"<div class='{item}'><a class='thumb' href='{u}'><img src='/uploads/thumb/{number}.jpg' alt=''>"
            f"</a><h3><a href='{u}'>{t}</a></h3><span class='{site.cls('date')}'>{d}</span>"
            f"<p>{esc(summary)}</p></div>"
        )
    if shape == "li":
        return f"<li class='{item}'><a href='{u}'>{t}</a> <span class='ngay'>({d})</span></li>"
    if shape == "li_date_inside":
        return f"<li><a href='{u}' title='{t}'>{t} ({when:%d.%m.%Y %H:%M})</a></li>"
    if shape == "table":
        return (
            f"<tr><td class='stt'>{number}</td><td><a href='{u}'>{t}</a></td><td class='ngay'>{d}</td></tr>"
        )
    return (
        f"<div class='{item}'><h2 class='title'><a href='{u}'>{t}</a></h2>"
        f"<div class='{site.cls('date')}'>{d}</div>"
        f"<div class='summary'>{esc(summary)}</div><a class='readmore' href='{u}'>Xem thêm</a></div>"
    )


def _wrap_items(site: Site, shape: str, items: list[str]) -> str:
    if shape in ("li", "li_date_inside"):
        return f"<ul class='{site.cls('list')}'>{''.join(items)}</ul>"
    if shape == "table":
        return (
            f"<table class='{site.cls('list')}'><tr><th>STT</th><th>Tiêu đề</th><th>Ngày đăng</th></tr>"
            + "".join(items)
            + "</table>"
        )
    return f"<div class='{site.cls('list')}'>{''.join(items)}</div>"


def _pager(site: Site, style: str, page: int, pages: int, path, rel_next: bool) -> str:
    """The real pager: page numbers around ``page`` and a next link in ``style`` unless on the last page."""
    rng = site.rng
    low, high = max(1, page - 2), min(pages, page + 2)
    parts = []
    if page > 1:
        prev_text = {
            "trang_sau": "Trang trước",
            "tiep": "Trước",
            "raquo": "«",
            "chevron": "‹",
            "sau": "Trước",
        }
        if style in prev_text:
            parts.append(f"<a href='{esc(path(page - 1))}'>{prev_text[style]}</a>")
    for n in range(low, high + 1):
        parts.append(
            f"<span class='current'>{n}</span>" if n == page else f"<a href='{esc(path(n))}'>{n}</a>"
        )
    next_text = {"trang_sau": "Trang sau", "tiep": "Tiếp", "raquo": "»", "chevron": "›", "sau": "Sau"}
    rel = " rel='next'" if rel_next else ""
    if page < pages and style in next_text:
        parts.append(f"<a href='{esc(path(page + 1))}'{rel}>{next_text[style]}</a>")
    elif style in next_text and rng.random() < 0.5:
        parts.append(f"<span class='disabled'>{next_text[style]}</span>")
    if style == "chevron":
        # "»" is the last page here, not the next: taken for "next" it skips to the end.
        parts.append(f"<a href='{esc(path(pages))}'>»</a>")
    if style == "tiep":
        parts.append(f"<a href='{esc(path(pages))}'>Cuối</a>")
    tag = rng.choice(["div", "ul"])
    inner = "".join(f"<li>{p}</li>" for p in parts) if tag == "ul" else " ".join(parts)
    return f"<{tag} class='{site.cls('pager')}'>{inner}</{tag}>"


def build_listing(seed: int, today: date) -> RandomPage:
    """The randomised listing page of ``seed``; ``today`` is the visit's date (banner)."""
    rng = random.Random(f"danvan/randomise/listing/{seed}")
    gen = TextGen(f"danvan/randomise/listing/{seed}")
    site = make_site(rng)
    site.listing_date_style = rng.choice(["dmy", "time_first", "short", "dash"])
    first_path, nth_path = rng.choice(LISTING_PATHS[site.family])
    cursor_paged = nth_path == "cursor"
    pages = rng.choice([1, *range(2, 40)])
    roll = rng.random()
    number = pages if roll < 0.25 else 1 if roll < 0.5 else rng.randint(1, pages)
    per_page = rng.randint(6, 15)
    count = rng.randint(1, per_page) if number == pages else per_page
    newest = random_when(rng)
    start = newest - timedelta(days=(number - 1) * per_page * rng.randint(2, 6))
    whens = []
    when = start
    for _ in range(count):
        whens.append(when)
        when = when - timedelta(days=rng.randint(1, 6), minutes=rng.randint(0, 600))
    ids = sorted(rng.sample(range(1000, 99999), count), reverse=True)
    titles, links = [], []
    for article_id, published in zip(ids, whens, strict=True):
        while True:
            # Slugs are cut at 70 characters: two titles can share one, and a CMS would not.
            title = gen.title(published.year)
            link = site.url(site.article_path(article_id, title))
            if link not in links:
                break
        titles.append(title)
        links.append(link)
    layout: dict[str, object] = {"family": site.family, "canonical": site.canonical}

    def path(n: int) -> str:
        fmt = first_path if n == 1 else nth_path
        return fmt.format(section=site.section_slug, n=n, n0=n - 1)

    if cursor_paged:
        # A date cursor: the page after this one starts below its oldest item.
        current = (
            first_path
            if number == 1
            else f"{first_path}&PublishedDate={_cursor(start + timedelta(minutes=1))}"
        )
        following = f"{first_path}&PublishedDate={_cursor(whens[-1])}" if number < pages else None
    else:
        current = path(number)
        following = path(number + 1) if number < pages else None
    url = site.url(current)
    gold = ListingGold(links, site.url(following) if following else None)

    shape = rng.choice(SHAPES if site.canonical else SHAPES[:-1])
    layout["shape"] = shape
    # Most portals write root-relative hrefs, some absolute ones.
    host = "" if rng.random() < 0.3 else site.host
    hrefs = [link.removeprefix(host) for link in links]
    rendered = [
        _item(site, shape, href, t, w, gen.paragraph(w.year)[:160] + "…", n + 1)
        for n, (href, t, w) in enumerate(zip(hrefs, titles, whens, strict=True))
    ]
    hero = ""
    if shape != "platform" and len(rendered) > 2 and rng.random() < 0.2:
        # A lead item drawn bigger than the rest, as many section pages do.
        summary = gen.paragraph(whens[0].year)[:200]
        hero = _item(site, "card", hrefs[0], titles[0], whens[0], summary, 1)
        rendered = rendered[1:]
        layout["hero"] = True
    items_html = hero + _wrap_items(site, shape, rendered)

    # Pagers: the real one, maybe a retired one whose "next" goes home, a stale date cursor.
    pager_html = ""
    if cursor_paged:
        if following:
            pager_html = (
                f"<div class='xemtiep'><a href='{esc(following)}'>"
                "<img alt='Xem tiếp' src='/_layouts/images/LacViet/xemtiep.gif'></a></div>"
            )
        layout["pager"] = "cursor"
    elif pages > 1:
        style = rng.choice(NEXT_STYLES)
        if site.canonical and site.family == "liferay":
            style = "tiep"
        rel_next = rng.random() < 0.15
        pager_html = _pager(site, style, number, pages, path, rel_next)
        layout.update(pager=style, rel_next=rel_next)
    traps = []
    if not cursor_paged and rng.random() < 0.2:
        # Left over from the older CMS: the same date cursor on every page of the site.
        stale = "/Lists/Posts/AllPosts.aspx?CategoryId=16&PublishedDate=2015-08-25T13:35:00Z"
        label = rng.choice(["<img alt='Xem tiếp' src='/images/xemtiep.gif'>", "Xem tiếp"])
        traps.append(f"<div class='xem-tiep'><a href='{stale}'>{label}</a></div>")
        layout["stale_cursor"] = True
    if rng.random() < 0.15:
        home = rng.choice(["/", "/index.html", "/Default.aspx"])
        word = rng.choice(["Trang sau", "Sau", "Tiếp"])
        traps.append(
            f"<div class='paging-old'><a href='{home}'>Trang trước</a> | <a href='{home}'>{word}</a></div>"
        )
        layout["home_pager"] = True
    rng.shuffle(traps)

    # Featured and most-read articles: real article links, but not this listing's.
    featured = ""
    if rng.random() < 0.35:
        other = [(rng.randint(1000, 99999), gen.title(newest.year)) for _ in range(rng.randint(3, 5))]
        heading = rng.choice(["Tin nổi bật", "Tin xem nhiều", "Tin mới nhất", "Tiêu điểm"])
        rows = "".join(f"<li><a href='{esc(site.article_path(i, t))}'>{esc(t)}</a></li>" for i, t in other)
        box = rng.choice(["hot-news", "tin-noi-bat", "box-hot", site.cls("box")])
        featured = f"<div class='{box}'><h3>{heading}</h3><ul>{rows}</ul></div>"
        layout["featured"] = True
    heading_tag = rng.choice(["h1", "h2", "div"])
    main = f"<{heading_tag} class='cat-title'>{esc(site.section)}</{heading_tag}>"
    featured_in_side = rng.random() < 0.5
    if featured and not featured_in_side:
        main += featured
    main += items_html + pager_html + "".join(traps)
    side_dates = [newest - timedelta(days=rng.randint(0, 20)) for _ in range(2)]
    side = sidebar(site, site.chrome, side_dates, featured if featured_in_side else "")
    head_extra = f"<link rel='next' href='{esc(following)}'>" if following and rng.random() < 0.1 else ""
    if site.family == "liferay":
        head_extra += "<script>var p_p_id='101_INSTANCE_k3Xq';</script>"
    html = page(site, today, f"{site.section} - {site.name}", head_extra, main, side)
    layout.update(pages=pages, page=number)
    return RandomPage(seed, "listing", url, html, site.family, gold, layout)
