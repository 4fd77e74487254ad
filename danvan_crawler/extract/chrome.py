"""Vietnamese portal chrome: page furniture that must never reach the stored text.

Two layers, because trafilatura alone keeps view counters, share bars and
"Tin liên quan" blocks on these portals:

* ``PRUNE_XPATH`` removes furniture *nodes* from the body container before
  text extraction (forms, scripts, share bars, related-news blocks, ads);
* ``is_chrome_line`` drops furniture *lines* that survive (counters, "Bản in",
  pager debris) from the extracted text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Class/id tokens of furniture nodes. Matched against whole tokens so that
# "ads" does not hit "heads" and "nav" does not hit "canvas".
_FURNITURE_TOKENS = (
    r"share|sharing|sharedaddy|social|addthis|a2a_kit|"
    r"related|relatedposts|other-?news|tin-?lien-?quan|tinlienquan|tinkhac|"
    r"comments?|respond|comment-respond|reply|"
    r"breadcrumbs?|pager|pagination|page-numbers|"
    r"ads?|advert\w*|advertisement|quangcao|quang-cao|banner|code-block|"
    r"widget|sidebar|menu|navbar|nav|navigation|footer|"
    r"counter|view-?count|luot-?xem|readcounter|css_readcounter|"
    r"print|btn-print|tags?|tag-?list|rating|toolbar|skip-link"
)
_TOKEN_RE = re.compile(rf"^(?:{_FURNITURE_TOKENS})$", re.IGNORECASE)

# Elements removed outright, whatever their class.
PRUNE_TAGS = ("script", "style", "noscript", "form", "iframe", "button", "select", "input", "nav")


# Compound names ("main-menu", "box-share") are furniture when one part is, unless another
# part says the node holds the article itself ("content-print", "post-body").
_CONTENT_PARTS = {"content", "body", "detail", "article", "entry", "text", "post"}


# A pure function of two strings, asked for every ancestor of every text block on every
# page: a site's class and id values recur page after page, and the answer is cached
# (values are short; a page's unique ids only pass through the LRU).
@lru_cache(maxsize=4096)
def is_furniture_node(class_attr: str | None, id_attr: str | None) -> bool:
    """Whether a node's class or id marks it as page furniture."""
    for attr in (class_attr, id_attr):
        if not attr:
            continue
        for token in re.split(r"[\s_]+", attr):
            if not token:
                continue
            if _TOKEN_RE.match(token):
                return True
            parts = token.lower().split("-")
            compound = len(parts) > 1 and not _CONTENT_PARTS & set(parts)
            if compound and any(_TOKEN_RE.match(part) for part in parts):
                return True
    return False


_LINE_PATTERNS = [
    r"(số )?lượt (xem|truy cập|người xem|đọc)\b.*",
    r"số người (đang )?(truy cập|online).*",
    r"(đang|trực) tuyến:?\s*\d*",
    r"(hôm nay|tổng( số)?|trong (tuần|tháng)):?\s*[\d.,]+",
    r"bản in|in bài( viết)?|in trang",
    r"gửi (email|e-mail|bài viết|cho bạn bè)",
    r"(chia sẻ|share)( bài viết| lên)?:?.*",
    r"(tweet|like|facebook|zalo)",
    r"(tin|bài) (liên quan|đã đưa|mới hơn|cũ hơn|khác|cùng chuyên mục|xem nhiều|mới)\b.*",
    r"các (tin|bài) (khác|đã đưa|liên quan|mới)\b.*",
    r"xem (tiếp|thêm|theo ngày)\b.*",
    r"trả lời",
    r"email của bạn sẽ không được hiển thị.*",
    r"(để lại|gửi) (bình luận|ý kiến|phản hồi).*",
    r"(bình luận|ý kiến bạn đọc)( của bạn)?",
    r"responsive image",
    r"quảng cáo",
    r"tìm kiếm",
    r"skip to main content",
    r"(về )?đầu trang|lên đầu trang",
    r"[<>«»‹›|\s\d.]+",  # pager debris such as "<< < 1 > >>"
    r"trang (chủ|trước|sau)",
    r"(từ khóa|tags?):.*",
]
_LINE_RE = re.compile(r"^(?:" + "|".join(_LINE_PATTERNS) + r")$", re.IGNORECASE)


def is_chrome_line(line: str) -> bool:
    """Whether an extracted text line is portal furniture rather than article text."""
    text = unicodedata.normalize("NFC", line).strip(" \t•·-*")
    if not text:
        return True
    # Real article lines are long; only short lines can be furniture (keeps this cheap).
    if len(text) > 120:
        return False
    return bool(_LINE_RE.match(text))
