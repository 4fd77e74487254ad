"""Shared parts of randomised pages: a site's identity and skin, date formats, page chrome."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from html import escape

VN = timezone(timedelta(hours=7))
WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]
FAMILIES = ["generic", "generic", "generic", "wordpress", "drupal", "sharepoint", "liferay", "dnn", "php"]

# (province, host label, districts as (name, host label))
PROVINCES = [
    ("Long An", "longan", [("Thủ Thừa", "thuthua"), ("Bến Lức", "benluc"), ("Cần Giuộc", "cangiuoc")]),
    ("An Giang", "angiang", [("Thoại Sơn", "thoaison"), ("Chợ Mới", "chomoi"), ("Tri Tôn", "triton")]),
    ("Hậu Giang", "haugiang", [("Vị Thủy", "vithuy"), ("Phụng Hiệp", "phunghiep")]),
    ("Quảng Trị", "quangtri", [("Cam Lộ", "camlo"), ("Gio Linh", "giolinh"), ("Hải Lăng", "hailang")]),
    ("Bình Định", "binhdinh", [("Phù Cát", "phucat"), ("Tây Sơn", "tayson")]),
    ("Yên Bái", "yenbai", [("Văn Chấn", "vanchan"), ("Lục Yên", "lucyen")]),
    ("Kon Tum", "kontum", [("Đăk Hà", "dakha"), ("Sa Thầy", "sathay")]),
    ("Thái Bình", "thaibinh", [("Kiến Xương", "kienxuong"), ("Vũ Thư", "vuthu")]),
    ("Sóc Trăng", "soctrang", [("Mỹ Tú", "mytu"), ("Kế Sách", "kesach")]),
    ("Phú Yên", "phuyen", [("Tuy An", "tuyan"), ("Sơn Hòa", "sonhoa")]),
    ("Tây Ninh", "tayninh", [("Gò Dầu", "godau"), ("Châu Thành", "chauthanh")]),
    ("Hà Giang", "hagiang", [("Bắc Mê", "bacme"), ("Quản Bạ", "quanba")]),
]
SECTIONS = [
    ("Hoạt động Đảng - Đoàn thể", "hoat-dong-dang-doan-the"),
    ("Công tác dân vận", "cong-tac-dan-van"),
    ("Tin hoạt động", "tin-hoat-dong"),
    ("Mặt trận - Đoàn thể", "mat-tran-doan-the"),
    ("Dân vận khéo", "dan-van-kheo"),
    ("Tin tức - Sự kiện", "tin-tuc-su-kien"),
    ("Chính trị - Xã hội", "chinh-tri-xa-hoi"),
]
MENU = ["Trang chủ", "Giới thiệu", "Tin tức - Sự kiện", "Hệ thống chính trị", "Văn bản chỉ đạo điều hành",
        "Thủ tục hành chính", "Chuyển đổi số", "Liên hệ"]  # fmt: skip
CITIZEN_MENU = ["Lịch tiếp công dân của lãnh đạo", "Kết quả giải quyết khiếu nại, tố cáo",
                "Công khai thủ tục tiếp công dân", "Hỏi đáp trực tuyến với chính quyền"]  # fmt: skip
DOCS = ["Kế hoạch triển khai phong trào thi đua “Dân vận khéo”",
        "Quyết định kiện toàn Ban Chỉ đạo thực hiện quy chế dân chủ ở cơ sở",
        "Hướng dẫn tổ chức Ngày hội Đại đoàn kết toàn dân tộc",
        "Thông báo kết luận của Ban Thường vụ về công tác dân vận"]  # fmt: skip
LINKS = [
    "Cổng thông tin điện tử Chính phủ",
    "Báo điện tử Đảng Cộng sản Việt Nam",
    "Trang tin Ban Dân vận Trung ương",
]

# Class names per page role; sites pick one, or an opaque build name.
POOLS = {
    "wrap": ["wrapper", "container", "page-wrap", "main-wrap", "khung", "bao-ngoai"],
    "header": ["header", "top", "head-site", "dau-trang", "top-banner"],
    "menu": ["menu", "main-menu", "nav-top", "menutop", "mainnav", "danh-muc"],
    "main": ["main", "col-md-8", "col-left", "cot-trai", "main-col", "span9", "left-content"],
    "side": ["sidebar", "col-md-4", "col-right", "cot-phai", "right-col", "span3"],
    "footer": ["footer", "bottom", "chan-trang", "site-info", "foot"],
    "title": ["title", "news-title", "detail-title", "tieude", "title-detail", "article-title", "ttl"],
    "date": ["date", "news-date", "ngay-dang", "time", "post-date", "ngaydang", "publish-date"],
    "body": ["content", "detail-content", "news-content", "noidung", "article-body", "chitiet", "ndtin"],
    "lead": ["sapo", "lead", "summary", "tomtat", "mota", "news-sapo"],
    "meta": ["meta", "info", "thong-tin", "post-meta", "tin-meta"],
    "related": ["related", "tin-lien-quan", "other-news", "tinkhac", "box-related", "list-other"],
    "tools": ["tools", "print", "share", "chia-se", "tien-ich"],
    "box": ["box", "widget", "block", "module", "khoi", "panel"],
    "author": ["author", "tacgia", "tac-gia", "byline", "news-author"],
    "item": ["item", "news-item", "tin", "post", "list-item", "row-news"],
    "list": ["list-news", "news-list", "danh-sach", "view-content", "list"],
    "pager": ["pager", "paging", "pagination", "phan-trang", "page-nav"],
}
# Names that say "article text": a related-news block or sidebar wearing one misleads extractors.
CONTENT_LIKE = ["content", "news-detail", "news-content", "detail-content", "article-content", "noidung"]

# Platform skins: head markup (the signatures detection reads) and the platform's own class names.
SKINS = {
    "generic": {
        "head": "<link rel='stylesheet' href='/Content/css/site.css'>"
        "<script src='/Scripts/jquery.min.js'></script>"
    },
    "wordpress": {
        "head": "<meta name='generator' content='WordPress 5.8.3'>"
        "<link rel='stylesheet' href='/wp-content/themes/tintuc/style.css'>"
        "<script src='/wp-includes/js/jquery/jquery.min.js'></script>",
        "classes": {
            "title": "entry-title",
            "body": "entry-content",
            "date": "posted-on",
            "meta": "entry-meta",
        },
    },
    "drupal": {
        "head": "<meta name='Generator' content='Drupal 7 (http://drupal.org)'>"
        "<link rel='stylesheet' href='/sites/all/themes/portal/css/style.css'>"
        "<script src='/misc/drupal.js'></script>",
        "classes": {"title": "post-title", "body": "post-body", "date": "post-created"},
    },
    "sharepoint": {
        "head": "<meta name='GENERATOR' content='Microsoft SharePoint'>"
        "<link rel='stylesheet' href='/_layouts/1033/styles/Themable/corev4.css'>"
        "<script src='/_CONTROLTEMPLATES/LacViet.CMS.Portal/js/lv_news.js'></script>",
        "classes": {"title": "Title", "date": "Time"},
    },
    "liferay": {
        "head": "<script src='/html/js/liferay/modules.js'></script>"
        "<script>Liferay.currentURL='/';Liferay.Portlet.ready(function(){});</script>",
        "classes": {
            "title": "title-news",
            "date": "date-news",
            "lead": "sapo",
            "body": "journal-content-article",
        },
    },
    "dnn": {
        "head": "<!-- DotNetNuke - http://www.dotnetnuke.com -->"
        "<link href='/Portals/_default/default.css' rel='stylesheet'><script src='/js/dnn.js'></script>",
        "classes": {"title": "title-news", "date": "news-date", "body": "news-content"},
    },
    "php": {
        "head": "<link rel='stylesheet' href='/templates/default/css/style.css'>",
        "classes": {"title": "title", "date": "date", "body": "content"},
    },
}


# Article URL schemes per family; a site keeps one. Some match no "article URL" heuristic.
ARTICLE_PATHS = {
    "generic": [
        "/tin-tuc/{slug}-{id}.html",
        "/{section}/{slug}",
        "/news/detail/{id}",
        "/chi-tiet-tin?id={id}",
        "/tin/{id}",
        "/{section}/{slug}-{id}.aspx",
    ],
    "wordpress": ["/{slug}/", "/?p={id}", "/{section}/{slug}.html"],
    "drupal": ["/vi/tin-tuc/{slug}", "/node/{id}", "/tin-tuc/{section}/{slug}"],
    "sharepoint": [
        "/Lists/Posts/Post.aspx?ItemID={id}",
        "/Trang/ChiTietTinTuc.aspx?nid={id}",
        "/Pages/{slug}.aspx",
    ],
    "liferay": [
        "/{section}/-/view_content/{id}-{slug}.html",
        "/web/guest/-/{slug}",
        "/-/asset_publisher/Tn5e/content/{slug}",
    ],
    "dnn": ["/vi-vn/bai-viet/chi-tiet/{slug}", "/Default.aspx?tabid=119&ItemID={id}", "/tin-tuc/{slug}-{id}"],
    "php": ["/index.php?com=tin_ct&id={id}", "/?com=tin_ct&id={id}&lang=vi"],
}


@dataclass
class RandomPage:
    """One randomised page, its URL and gold, and the layout choices that made it."""

    seed: int
    kind: str  # "article" or "listing"
    url: str
    html: str
    family: str
    gold: object
    layout: dict[str, object] = field(default_factory=dict)


def esc(text: str | None) -> str:
    """HTML-escaped text (quotes too)."""
    return escape(text or "", quote=True)


@dataclass
class Site:
    """One randomised portal: who publishes it, its platform family and its class names."""

    rng: random.Random
    family: str
    name: str
    province: str
    district: str
    host: str
    section: str
    section_slug: str
    canonical: bool  # the platform's own class names, not a re-themed variant
    classes: dict[str, str] = field(default_factory=dict)
    article_scheme: int = 0
    listing_date_style: str = "dmy"
    chrome: list[str] = field(default_factory=list)  # texts printed as page furniture

    def article_path(self, article_id: int, title: str) -> str:
        """Path of an article, in this site's URL scheme."""
        pattern = ARTICLE_PATHS[self.family][self.article_scheme]
        return pattern.format(id=article_id, slug=slug(title), section=self.section_slug)

    def cls(self, role: str) -> str:
        """The class name this site uses for ``role``."""
        if role not in self.classes:
            rng = self.rng
            if rng.random() < 0.2:
                self.classes[role] = f"{rng.choice('cmxb')}{rng.randrange(16**4):04x}"
            else:
                self.classes[role] = rng.choice(POOLS[role])
        return self.classes[role]

    def main_column(self, inner: str) -> str:
        """The main column; many portals give it an id such as "content" whatever it holds."""
        if "main_id" not in self.classes:
            self.classes["main_id"] = self.rng.choice(
                ["", "", "content", "main-content", "ctl00_divCenter", "center"]
            )
        main_id = self.classes["main_id"]
        return (
            f"<div class='{self.cls('main')}'" + (f" id='{main_id}'" if main_id else "") + f">{inner}</div>"
        )

    def url(self, path: str) -> str:
        """Absolute URL of a site path."""
        return self.host + path


def make_site(rng: random.Random, family: str | None = None) -> Site:
    """A portal with a random publisher, platform family and class names."""
    family = family or rng.choice(FAMILIES)
    province, province_host, districts = rng.choice(PROVINCES)
    district, district_host = rng.choice(districts)
    kind = rng.randrange(4)
    if kind == 0:
        name, host = f"Ban Dân vận Tỉnh ủy {province}", f"bandanvan.{province_host}.gov.vn"
    elif kind == 1:
        name, host = f"Cổng thông tin điện tử tỉnh {province}", f"{province_host}.gov.vn"
    else:
        name, host = f"Cổng thông tin điện tử huyện {district}", f"{district_host}.{province_host}.gov.vn"
    section, section_slug = rng.choice(SECTIONS)
    canonical = family != "generic" and rng.random() < 0.65
    scheme = rng.choice(["https", "http"])
    site = Site(rng, family, name, province, district, f"{scheme}://{host}", section, section_slug, canonical)
    site.article_scheme = rng.randrange(len(ARTICLE_PATHS[family]))
    if canonical:
        site.classes.update(SKINS[family].get("classes", {}))
    return site


# Publication dates never depend on the day the pages are built, so a seed's page only
# changes in the banner's date of the visit.
FIRST_DAY, LAST_DAY = date(2016, 1, 1), date(2025, 12, 31)


def random_when(rng: random.Random) -> datetime:
    """A publication time between 2016 and 2025, in Vietnam's time zone."""
    day = FIRST_DAY + timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days))
    hour = rng.choice([6, 7, 8, 9, 10, 11, 13, 14, 15, 16, 17, 20])
    return datetime(day.year, day.month, day.day, hour, rng.randrange(60), tzinfo=VN)


DATE_STYLES = ["dmy", "weekday", "dash", "words", "iso", "time_first", "posted", "updated", "pipe", "short"]


def format_date(when: datetime, style: str) -> str:
    """``when`` written the way one of the portals writes it."""
    d, m, y, hm = when.day, when.month, when.year, f"{when:%H:%M}"
    weekday = WEEKDAYS[when.weekday()]
    return {
        "dmy": f"{when:%d/%m/%Y}",
        "weekday": f"{weekday}, {when:%d/%m/%Y} - {hm}",
        "dash": f"{when:%d-%m-%Y} {hm}",
        "words": f"ngày {d} tháng {m} năm {y}",
        "iso": f"{when:%Y-%m-%d}",
        "time_first": f"{hm} {when:%d/%m/%Y}",
        "posted": f"Ngày đăng: {when:%d/%m/%Y} {hm}",
        "updated": f"Cập nhật lúc {hm} ngày {when:%d/%m/%Y}",
        "pipe": f"{when:%d/%m/%Y} | {when.hour % 12 or 12}:{when:%M} {'AM' if when.hour < 12 else 'PM'}",
        "short": f"{d}/{m}/{y}",
    }[style]


def today_line(today: date, rng: random.Random) -> str:
    """The banner's date of the visit: every page shows it, none is published on it."""
    weekday = WEEKDAYS[today.weekday()]
    return rng.choice(
        [
            f"{weekday}, ngày {today:%d/%m/%Y}",
            f"Hôm nay: {weekday}, {today:%d/%m/%Y}",
            f"{weekday}, {today.day} tháng {today.month} năm {today.year}",
        ]
    )


def head(site: Site, title: str, extra: str = "") -> str:
    """``<!DOCTYPE>`` to ``<body>``: charset, the page title, the platform's assets."""
    return (
        "<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{esc(title)}</title>{SKINS[site.family]['head']}{extra}</head><body>"
    )


def top(site: Site, today: date, chrome: list[str], *, logo_h1: bool) -> str:
    """Banner (site name, the visit's date), menu and a search box; their texts go to ``chrome``."""
    rng = site.rng
    stamp = today_line(today, rng)
    items = rng.sample(MENU[1:], rng.randint(4, 6))
    chrome += [stamp, *[i for i in items if " " in i and len(i) > 12]]
    tag = "h1" if logo_h1 else "div"
    links = "".join(f"<li><a href='/{slug(i)}'>{esc(i)}</a></li>" for i in ["Trang chủ", *items])
    menu_tag = rng.choice(["nav", "div"])
    return (
        f"<div class='{site.cls('header')}'><{tag} class='logo'><a href='/'>"
        f"<img src='/images/logo.png' alt='{esc(site.name)}'>{esc(site.name)}</a></{tag}>"
        f"<div class='ngay-thang'>{esc(stamp)}</div>"
        "<div class='search'><input type='text' name='keyword' placeholder='Tìm kiếm'>"
        "<a href='/tim-kiem'>Tìm</a></div></div>"
        f"<{menu_tag} class='{site.cls('menu')}'><ul>{links}</ul></{menu_tag}>"
    )


def sidebar(site: Site, chrome: list[str], dates: list[datetime], extra: str = "") -> str:
    """Boxes: "Tiếp công dân", new documents with their dates, links, a visitor counter (and ``extra``)."""
    rng = site.rng
    boxes = [extra] if extra else []
    citizen = rng.sample(CITIZEN_MENU, 3)
    chrome.append(citizen[0])
    heading = rng.choice(["h2", "h3", "div"])
    box = site.cls("box")
    boxes.append(
        f"<div class='{box}'><{heading} class='box-title'>Tiếp công dân</{heading}><ul>"
        + "".join(f"<li><a href='/tiep-cong-dan/{slug(c)}'>{esc(c)}</a></li>" for c in citizen)
        + "</ul></div>"
    )
    if rng.random() < 0.7:
        docs = rng.sample(DOCS, 2)
        chrome.append(docs[0])
        rows = "".join(
            f"<li><a href='/van-ban/{slug(doc)}-{rng.randrange(100, 999)}'>{esc(doc)}</a>"
            f"<span class='ngay'>{when:%d/%m/%Y}</span></li>"
            for doc, when in zip(docs, dates, strict=False)
        )
        boxes.append(
            f"<div class='{box}'><{heading} class='box-title'>Văn bản mới</{heading}><ul>{rows}</ul></div>"
        )
    if rng.random() < 0.5:
        links = "".join(f"<option>{esc(link)}</option>" for link in LINKS)
        boxes.append(
            f"<div class='{box}'><{heading}>Liên kết website</{heading}><select>{links}</select></div>"
        )
    total = f"{rng.randint(100_000, 9_999_999):,}".replace(",", ".")
    counter = rng.choice(
        [f"Tổng lượt truy cập: {total}", f"Lượt truy cập: {total}", f"Số lượt truy cập: {total}"]
    )
    chrome.append(counter)
    boxes.append(
        f"<div class='{rng.choice(['thong-ke', 'counter', box])}'><{heading}>Thống kê truy cập</{heading}>"
        f"<p>Đang online: {rng.randint(3, 90)}</p><p>Hôm nay: {rng.randint(100, 3000)}</p>"
        f"<p>{counter}</p></div>"
    )
    rng.shuffle(boxes)
    tag = rng.choice(["div", "div", "aside"])
    return f"<{tag} class='{site.cls('side')}'>{''.join(boxes)}</{tag}>"


def footer(site: Site, chrome: list[str]) -> str:
    """Publisher, address and the licence line, which carries a date of its own."""
    rng = site.rng
    issued = date(rng.randint(2012, 2021), rng.randint(1, 12), rng.randint(1, 28))
    licence = (
        f"Giấy phép số {rng.randint(10, 250)}/GP-TTĐT do Sở Thông tin và Truyền thông tỉnh {site.province} "
        f"cấp ngày {issued:%d/%m/%Y}"
    )
    street = rng.choice(["Hùng Vương", "Trần Phú", "30/4", "Lê Lợi"])
    address = f"Địa chỉ: số {rng.randint(1, 300)} đường {street}, huyện {site.district}, tỉnh {site.province}"
    chrome += [licence, address]
    lines = [
        f"Bản quyền thuộc {site.name}",
        licence,
        address,
        "Ghi rõ nguồn khi phát hành lại thông tin từ website này",
    ]
    tag = rng.choice(["div", "footer"])
    return (
        f"<{tag} class='{site.cls('footer')}'>"
        + "".join(f"<p>{esc(line)}</p>" for line in lines)
        + f"</{tag}>"
    )


def page(
    site: Site, today: date, page_title: str, head_extra: str, main: str, side: str, crumbs: str = ""
) -> str:
    """The whole page: banner and menu, main column and sidebar in a random order, footer.

    Chrome texts of the banner, menu and footer are added to ``site.chrome``.
    """
    rng = site.rng
    columns = [site.main_column(main), side]
    if rng.random() < 0.4:
        columns.reverse()  # a left sidebar written before the main column
    return (
        head(site, page_title, head_extra)
        + f"<div class='{site.cls('wrap')}'>"
        + top(site, today, site.chrome, logo_h1=rng.random() < 0.3)
        + crumbs
        + "<div class='row'>"
        + "".join(columns)
        + "</div>"
        + footer(site, site.chrome)
        + "</div></body></html>"
    )


def slug(text: str) -> str:
    """ASCII slug of Vietnamese text, as the CMSs make them."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return "-".join("".join(ch if ch.isalnum() else " " for ch in text).split())[:70].strip("-")
