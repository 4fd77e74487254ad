"""Randomised article pages: replica prose in a random layout, with the fields a reader must find."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from danvan_crawler.replicas.randomise.common import (
    CONTENT_LIKE,
    DATE_STYLES,
    RandomPage,
    Site,
    esc,
    format_date,
    make_site,
    page,
    random_when,
    sidebar,
    slug,
)
from danvan_crawler.replicas.textgen import BYLINE_NAMES, PLACES, TextGen

NAMES = [*BYLINE_NAMES, "Lê Xuân", "Hồng Nhung", "Phương Nhi", "Thảo Vy", "Đức Anh", "Ngọc Hân"]
RELATED_HEADINGS = ["Tin liên quan", "Các tin khác", "Tin cùng chuyên mục", "Tin đã đưa", "Các bài viết khác"]
SOURCE_LINKS = ["https://baochinhphu.vn/", "https://dangcongsan.vn/", "https://danvan.vn/"]


@dataclass
class ArticleGold:
    """What a reader must get from an article page; ``chrome`` must not reach the body text."""

    title: str
    published: str | None  # YYYY-MM-DD, None when the page shows no date of publication
    author: str | None
    body_first: str
    body_last: str
    chrome: list[str]


def _title(rng: random.Random, gen: TextGen, year: int) -> str:
    title = gen.title(year)
    roll = rng.random()
    if roll < 0.18:
        start = year - year % 5
        title += f" nhiệm kỳ {start} - {start + 5}"
    elif roll < 0.28:
        place = rng.choice([p for p in PLACES if p.startswith("xã ")]).removeprefix("xã ")
        title = f"{place} - {title[0].lower()}{title[1:]}"
    elif roll < 0.36:
        title += f" giai đoạn {year - 4} - {year}"
    return title


def _byline(rng: random.Random, province: str) -> tuple[str, str | None, str | None]:
    """(kind, line printed at the body's end or None, gold author)."""
    name = rng.choice(NAMES)
    kind = rng.choices(
        ["none", "name", "name_dot", "pair", "credit", "source", "meta"], weights=[14, 24, 12, 10, 15, 13, 12]
    )[0]
    if kind == "none":
        return kind, None, None
    if kind == "name_dot":
        return kind, f"{name}.", name
    if kind == "pair":
        other = rng.choice([n for n in NAMES if n != name])
        line = f"{name} – {other}"
        return kind, line, line
    if kind == "credit":
        line = f"{rng.choice(['Tin, ảnh', 'Tin', 'Bài, ảnh', 'Tin và ảnh'])}: {name}"
        return kind, line, line
    if kind == "source":
        line = f"Theo {rng.choice(['Báo', 'Cổng TTĐT tỉnh', 'Đài PT-TH'])} {province}"
        return kind, line, line
    if kind == "meta":
        return kind, None, name
    return kind, name, name


def _lead_date(when: date | datetime, rng: random.Random) -> str:
    return rng.choice(
        [
            f"Ngày {when.day}/{when.month}/{when.year}, ",
            f"Sáng ngày {when.day}/{when.month}/{when.year}, ",
            f"Ngày {when.day} tháng {when.month} năm {when.year}, ",
        ]
    )


def _image(rng: random.Random, style: str, src: str, caption: str) -> str:
    cap = esc(caption)
    if style == "figure":
        return f"<figure class='image'><img src='{src}' alt='{cap}'><figcaption>{cap}</figcaption></figure>"
    if style == "table":
        return (
            "<table class='image' align='center'><tbody><tr><td><img src='" + src + "' alt=''></td></tr>"
            f"<tr><td class='image_desc'>{cap}</td></tr></tbody></table>"
        )
    return (
        f"<p style='text-align: center;'><img src='{src}' alt='' width='600'></p>"
        f"<p style='text-align: center;'><em>{cap}</em></p>"
    )


def _split_word(rng: random.Random, text: str) -> str:
    """Escaped text with one word split across two inline elements, as editors leave it."""
    words = text.split(" ")
    long_words = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if not long_words:
        return esc(text)
    i = rng.choice(long_words)
    w = words[i]
    words = [esc(x) for x in words]
    words[i] = f"<span>{esc(w[:2])}</span><span>{esc(w[2:])}</span>"
    return " ".join(words)


@dataclass
class _Draft:
    """One article page while it is drawn: its site, prose, random source and layout record."""

    seed: int
    rng: random.Random
    gen: TextGen
    site: Site
    fam: str  # the platform whose own markup the page uses, "generic" for any other layout
    when: datetime
    title: str
    paragraphs: list[str]
    layout: dict[str, object]
    article_id: int
    dnn: str  # DotNetNuke module id prefix


def build_article(seed: int, today: date) -> RandomPage:
    """The randomised article page of ``seed``; ``today`` is the visit's date (banner)."""
    rng = random.Random(f"danvan/randomise/article/{seed}")
    gen = TextGen(f"danvan/randomise/article/{seed}")
    site = make_site(rng)
    when = random_when(rng)
    a = _Draft(
        seed,
        rng,
        gen,
        site,
        site.family if site.canonical else "generic",
        when,
        _title(rng, gen, when.year),
        gen.body(when.year),
        {"family": site.family, "canonical": site.canonical},
        rng.randint(1000, 99999),
        f"dnn_ctr{rng.randint(400, 1500)}_NewsDetail",
    )
    position, date_text, published = _dates(a)
    kind, byline_line, author = _byline(rng, site.province)
    a.layout["byline"] = kind
    views = rng.randint(50, 9000)
    title_html = _title_html(a)
    page_title, head_extra = _head_extras(a, published)

    date_cls = site.cls("date")
    date_html = ""
    if a.fam == "dnn":
        date_html = f"<span id='{a.dnn}_lblDate' class='{date_cls}'>{esc(date_text)}</span>"
    elif position in ("before", "after"):
        tag = rng.choice(["div", "span", "p"])
        icon = "<i class='fa fa-calendar'></i> " if rng.random() < 0.3 else ""
        date_html = f"<{tag} class='{date_cls}'>{icon}{esc(date_text)}</{tag}>"
    meta_html = ""
    if position == "meta" or kind == "meta":
        # "Tác giả | Ngày | Lượt xem"
        parts = []
        if kind == "meta":
            parts.append(f"<span class='{site.cls('author')}'>Tác giả: {esc(author)}</span>")
        if position == "meta":
            parts.append(f"<span class='{date_cls}'>{esc(date_text)}</span>")
        parts.append(f"<span class='views'>Lượt xem: {views}</span>")
        meta_html = f"<div class='{site.cls('meta')}'>{' | '.join(parts)}</div>"
    site.chrome.append(f"Lượt xem: {views}")

    lead_html, body_html = _body(a, byline_line)
    related_html, related_place = _related(a)
    tools = (
        f"<div class='{site.cls('tools')}'><a href='javascript:window.print()'>Bản in</a> | "
        "<a href='mailto:?subject=Tin'>Gửi email</a> | <span>Chia sẻ:</span> "
        "<a href='https://www.facebook.com/sharer.php'>Facebook</a> <a href='https://zalo.me/share'>Zalo</a></div>"
    )
    site.chrome.append("Gửi email")
    if not meta_html:
        tools += f"<div class='luot-xem'>Lượt xem: {views}</div>"

    header_cell = ""
    if position == "cell" or a.fam == "sharepoint":
        sharepoint = a.fam == "sharepoint"
        header_cell = (
            f"<tr class='{'ms-news-header' if sharepoint else 'header-row'}'>"
            f"<td class='{'FolderTitle' if sharepoint else 'cat'}'>{esc(site.section)}</td>"
            f"<td class='{date_cls}'>{esc(date_text) if position == 'cell' else ''}</td></tr>"
        )
    if a.fam == "sharepoint":
        article_html = (
            f"<table id='tableforprint' width='100%'>{header_cell}{title_html}"
            f"<tr><td colspan='2'>{meta_html}{lead_html}{body_html}</td></tr></table>"
        )
    else:
        if header_cell:
            header_cell = f"<table class='{site.cls('meta')}' width='100%'>{header_cell}</table>"
        if position == "before" or (a.fam == "dnn" and rng.random() < 0.5):
            heading = date_html + title_html
        else:
            heading = title_html + date_html
        article_html = header_cell + heading + meta_html + lead_html
        if related_place == "before":
            article_html += related_html
        article_html += body_html
        if a.fam == "wordpress":
            article_html = f"<article class='post type-post status-publish'>{article_html}</article>"
        elif a.fam == "php":
            article_html = f"<div class='chitiet'>{article_html}</div>"

    main = article_html + tools + (related_html if related_place == "after" else "")
    if rng.random() < 0.5:
        tag = rng.choice(["h1", "h2", "div"])
        main = f"<{tag} class='cat-title'>{esc(site.section)}</{tag}>" + main
    side_dates = [a.when + timedelta(days=rng.randint(-30, 30)) for _ in range(2)]
    side = sidebar(site, site.chrome, side_dates, related_html if related_place == "side" else "")
    crumbs = ""
    if rng.random() < 0.5:
        crumbs = (
            f"<div class='{rng.choice(['breadcrumb', 'duong-dan', 'path'])}'><a href='/'>Trang chủ</a> » "
            f"<a href='/{site.section_slug}'>{esc(site.section)}</a></div>"
        )
    html = page(site, today, page_title, head_extra, main, side, crumbs)

    # Chrome to look for in the body: only texts the article itself does not contain.
    article_text = " ".join([a.title, *a.paragraphs]).casefold()
    chrome = [c for c in dict.fromkeys(site.chrome) if c.casefold() not in article_text]
    gold = ArticleGold(a.title, published, author, a.paragraphs[0], a.paragraphs[-1], chrome)
    return RandomPage(
        seed, "article", site.url(site.article_path(a.article_id, a.title)), html, site.family, gold, a.layout
    )


def _dates(a: _Draft) -> tuple[str, str, str | None]:
    """(where the date is, the date as printed, gold published); may date the lead."""
    rng = a.rng
    # A platform's own template fixes where the date is.
    fixed = {"wordpress": "meta", "sharepoint": "cell", "liferay": "after", "drupal": "after", "dnn": "after"}
    positions, weights = ["before", "after", "meta", "cell", "lead", "none"], [18, 25, 17, 12, 18, 10]
    position = fixed.get(a.fam) or rng.choices(positions, weights)[0]
    style = rng.choice(DATE_STYLES)
    a.layout.update(date_position=position, date_style=style)
    lead = a.paragraphs[0]
    if position == "lead":
        a.paragraphs[0] = _lead_date(a.when, rng) + lead[0].lower() + lead[1:]
    elif position != "none" and rng.random() < 0.3:
        # The event the lead dates came before the posting (portals.md).
        event = a.when - timedelta(days=rng.randint(1, 4))
        a.paragraphs[0] = _lead_date(event, rng) + lead[0].lower() + lead[1:]
        a.layout["lead_event_date"] = True
    if len(a.paragraphs) > 2 and rng.random() < 0.4:
        cited = a.when - timedelta(days=rng.randint(20, 400))
        a.paragraphs[1] += (
            f" Thực hiện Kế hoạch số {rng.randint(10, 150)}-KH/BDVTU ngày {cited:%d/%m/%Y} của "
            "Ban Thường vụ, các đơn vị đã xây dựng chương trình cụ thể để triển khai."
        )
    published = None if position == "none" else a.when.date().isoformat()
    return position, format_date(a.when, style), published


def _title_html(a: _Draft) -> str:
    """The title's element: the platform's, or h1/h2/h3, a div, or a p inside a div."""
    tag = a.rng.choices(["h1", "h2", "h3", "div", "p"], weights=[40, 15, 8, 20, 17])[0]
    if a.fam in ("wordpress", "drupal", "php"):
        tag = "h1"
    a.layout["title_tag"] = tag if a.fam in ("generic", "wordpress", "drupal", "php") else a.fam
    t = esc(a.title)
    if a.fam == "liferay":
        return f"<div class='title-news'><h1>{t}</h1></div>"
    if a.fam == "dnn":
        return f"<h1 class='title-news'><span id='{a.dnn}_lblTitle'>{t}</span></h1>"
    if a.fam == "sharepoint":
        # Doubled and trailing spaces, as the Lạc Việt CMS stores titles.
        return f"<tr><td colspan='2'><p class='Title'>{t.replace(' ', '  ', 1)} </p></td></tr>"
    if tag == "p":
        return f"<div class='{a.site.cls('title')}'><p>{t}</p></div>"
    return f"<{tag} class='{a.site.cls('title')}'>{t}</{tag}>"


def _head_extras(a: _Draft, published: str | None) -> tuple[str, str]:
    """The ``<title>`` (seldom the title alone) and optional meta tags."""
    rng, name = a.rng, a.site.name
    forms = {
        "title-site": f"{a.title} - {name}",
        "site-title": f"{name} | {a.title}",
        "title": a.title,
        "site": name,
        "detail": f"Chi tiết tin - {name}",
    }
    a.layout["page_title"] = rng.choices(list(forms), weights=[35, 25, 25, 10, 5])[0]
    extra = ""
    if rng.random() < 0.25:
        extra += f"<meta property='og:title' content='{esc(a.title)}'>"
    if published and rng.random() < 0.15:
        extra += f"<meta property='article:published_time' content='{a.when.isoformat()}'>"
    extra += f"<meta name='description' content='{esc(a.paragraphs[0][:150])}'>"
    return forms[a.layout["page_title"]], extra


def _body(a: _Draft, byline_line: str | None) -> tuple[str, str]:
    """(lead printed outside the body or "", body container): paragraphs, photos, byline, source link."""
    rng, site = a.rng, a.site
    lead_mode = "sapo" if a.fam == "liferay" else rng.choices(["plain", "bold", "outside"], [55, 25, 20])[0]
    a.layout["lead"] = lead_mode
    para_tag = "div" if rng.random() < 0.2 else "p"
    justify = " style='text-align: justify;'" if rng.random() < 0.5 else ""
    image_style = rng.choice(["figure", "table", "para"])
    images = {rng.randrange(0, len(a.paragraphs) - 1): a.gen.caption() for _ in range(rng.randint(0, 2))}
    split_at = rng.randrange(len(a.paragraphs)) if rng.random() < 0.1 else -1
    a.layout.update(paragraph_tag=para_tag, images=len(images), split_word=split_at >= 0)
    blocks = []
    for index, paragraph in enumerate(a.paragraphs):
        text = _split_word(rng, paragraph) if index == split_at else esc(paragraph)
        if index == 0 and lead_mode in ("outside", "sapo"):
            if lead_mode == "sapo" and rng.random() < 0.5:
                blocks.append(f"<h3>{text}</h3>")  # the sapo repeated inside the body
            continue
        if index == 0 and lead_mode == "bold":
            text = f"<strong>{text}</strong>"
        blocks.append(f"<{para_tag}{justify}>{text}</{para_tag}>")
        if index in images:
            src = f"/uploads/{a.when:%Y/%m}/{a.article_id}-{index}.jpg"
            blocks.append(_image(rng, image_style, src, images[index]))
    after = ""
    if byline_line:
        line = esc(byline_line)
        byline_html = rng.choice(
            [
                f"<p style='text-align: right;'><strong>{line}</strong></p>",
                f"<p><b>{line}</b></p>",
                f"<p style='text-align: right;'><em>{line}</em></p>",
                f"<div class='{site.cls('author')}'>{line}</div>",
            ]
        )
        if byline_html.startswith("<div"):
            after = byline_html  # below the body container, not in it
        else:
            blocks.append(byline_html)
    if rng.random() < 0.15:
        href = rng.choice(SOURCE_LINKS) + f"{slug(a.title)[:40]}.htm"
        blocks.append(
            rng.choice(
                [
                    f"<p><a href='{href}' target='_blank'>Xem chi tiết tại đây</a></p>",
                    f"<p><em>Xem chi tiết <a href='{href}'>tại đây</a></em></p>",
                ]
            )
        )
        site.chrome.append("Xem chi tiết tại đây")
        a.layout["source_link"] = True

    inner = "".join(blocks)
    if a.fam == "sharepoint":
        guid = f"{rng.getrandbits(128):032X}"
        body = f"<div class='ExternalClass{guid}'><div id='content-print'>{inner}</div></div>"
    elif a.fam == "dnn":
        body = f"<div id='{a.dnn}_pnlContent' class='{site.cls('body')}'>{inner}</div>"
    else:
        body_id = rng.choice(["", "", "noidung", "content-detail", "ctl00_PlaceHolderMain_lblContent"])
        body_id = f" id='{body_id}'" if body_id else ""
        if rng.random() < 0.3:
            inner = f"<div class='{rng.choice(['text', 'inner', 'clearfix'])}'>{inner}</div>"
        body = f"<div class='{site.cls('body')}'{body_id}>{inner}</div>"
    lead_html = ""
    if lead_mode == "sapo":
        lead_html = f"<p class='sapo'>{esc(a.paragraphs[0])}</p>"
    elif lead_mode == "outside":
        tag = rng.choice(["div", "h2", "p"])
        lead_html = f"<{tag} class='{site.cls('lead')}'><strong>{esc(a.paragraphs[0])}</strong></{tag}>"
    return lead_html, body + after


def _related(a: _Draft) -> tuple[str, str]:
    """(related-news block, where it goes): titles with their own dates, sometimes in a "content" block."""
    rng, site = a.rng, a.site
    dates = [a.when - timedelta(days=rng.randint(1, 60)) for _ in range(rng.randint(3, 6))]
    titles = [_title(rng, a.gen, when.year) for when in dates]
    site.chrome.extend(titles[:2])
    misleading = rng.random() < 0.3
    a.layout["misleading_related"] = misleading
    block_cls = rng.choice(CONTENT_LIKE) if misleading else site.cls("related")
    date_cls = rng.choice(["date", "ngay", "time", "news-date"])
    items = "".join(
        f"<li><a href='{site.article_path(rng.randint(1000, 99999), title)}'>{esc(title)}</a> "
        f"<span class='{date_cls}'>({when:%d/%m/%Y})</span></li>"
        for title, when in zip(titles, dates, strict=True)
    )
    tag = rng.choice(["h3", "div", "p"])
    heading = f"<{tag} class='heading'>{rng.choice(RELATED_HEADINGS)}</{tag}>"
    place = rng.choices(["after", "before", "side"], weights=[70, 10, 20])[0]
    if place == "before" and a.fam == "sharepoint":
        place = "after"  # the print table holds title and body together
    a.layout["related_place"] = place
    return f"<div class='{block_cls}'>{heading}<ul>{items}</ul></div>", place
