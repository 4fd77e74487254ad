"""ASP.NET postback paging, as SharePoint list web parts and DotNetNuke/Telerik grids do it.

Page 1 is a GET. Its "next" control is ``javascript:__doPostBack('<target>','')``; the browser
POSTs the form back with ``__EVENTTARGET`` and the page's ``__VIEWSTATE`` (which page it
shows) and ``__EVENTVALIDATION``. The replica checks them like ASP.NET does: a missing or
foreign validation token is an error page, not page 2.
"""

from __future__ import annotations

import base64
import hashlib

from danvan_crawler.replicas.templates.base import esc


def _token(site, page: int, kind: str) -> str:
    digest = hashlib.sha1(f"{site.name}/{kind}/{page}".encode()).digest()
    return base64.b64encode(digest + f"|{page}".encode()).decode()


def page_of(site, viewstate: str) -> int | None:
    """The page number a __VIEWSTATE value was issued for, or None if it is not ours."""
    try:
        raw = base64.b64decode(viewstate, validate=True)
        page = int(raw[20:].decode().lstrip("|"))
    except (ValueError, UnicodeDecodeError):
        return None
    return page if _token(site, page, "viewstate") == viewstate else None


class PostbackPaging:
    """Mixin for a Template whose section pages after the first are reached by postback."""

    next_target = "ctl00$m$g_3f1c$ctl00$lbtnNext"

    def listing_path(self, site, page: int) -> str:
        return site.section_path  # every page has the section's URL; only the form differs

    def listing(self, site, path: str):
        if path != site.section_path:
            return None
        pages = site.pages()
        return pages[0], 1, "postback" if len(pages) > 1 else None

    def listing_post(self, site, path: str, form: dict[str, str]):
        """(items, number, following) for a postback, or (None, reason) when it is refused."""
        if path != site.section_path:
            return None
        page = page_of(site, form.get("__VIEWSTATE", ""))
        if page is None or form.get("__EVENTVALIDATION") != _token(site, page, "validation"):
            return "Invalid postback or callback argument"
        if form.get("__EVENTTARGET") != self.next_target:
            page -= 1  # any other control: the same page again
        pages = site.pages()
        number = page + 1
        if not 1 <= number <= len(pages):
            return "Index was out of range"
        return pages[number - 1], number, "postback" if number < len(pages) else None

    def form_state(self, site, number: int) -> str:
        """The hidden fields ASP.NET writes into the form."""
        return (
            "<input type='hidden' name='__EVENTTARGET' id='__EVENTTARGET' value=''>"
            "<input type='hidden' name='__EVENTARGUMENT' id='__EVENTARGUMENT' value=''>"
            f"<input type='hidden' name='__VIEWSTATE' id='__VIEWSTATE' value='{_token(site, number, 'viewstate')}'>"
            f"<input type='hidden' name='__EVENTVALIDATION' id='__EVENTVALIDATION' "
            f"value='{_token(site, number, 'validation')}'>"
            "<script>function __doPostBack(t,a){var f=document.forms[0];f.__EVENTTARGET.value=t;"
            "f.__EVENTARGUMENT.value=a;f.submit();}</script>"
        )

    def next_control(self, following, css_class: str = "next", label: str = "Trang sau") -> str:
        if not following:
            return f"<span class='{css_class} aspNetDisabled'>{esc(label)}</span>"
        return f"<a class='{css_class}' href=\"javascript:__doPostBack('{self.next_target}','')\">{esc(label)}</a>"
