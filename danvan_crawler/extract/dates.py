"""Vietnamese portal dates: our own rules first, dateparser only as a fallback.

We parse the formats in ``shared/docs/portals.md`` ourselves because dateparser
1.5 (``languages=["vi"]``) returns None for "Tháng Giêng", fails on "Tháng Năm"
without a comma and returns a wrong date for "Tháng Sáu". Always day first;
local time is Asia/Ho_Chi_Minh (UTC+7, no daylight saving).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

VN_TZ = timezone(timedelta(hours=7), name="Asia/Ho_Chi_Minh")

# Longest names first so "mười một" wins over "mười".
_MONTHS = {
    "giêng": 1,
    "một": 1,
    "hai": 2,
    "ba": 3,
    "tư": 4,
    "bốn": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "bẩy": 7,
    "tám": 8,
    "chín": 9,
    "mười một": 11,
    "mười hai": 12,
    "chạp": 12,
    "mười": 10,
}
_MONTH_ALT = "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True))

_ISO = re.compile(
    r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?)?(?!\d)"
)
_DMY = re.compile(r"(?<![\d/.-])(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4})(?!\d)")
_NAMED = re.compile(
    rf"(?<!\d)(\d{{1,2}})\s*(?:,\s*)?tháng\s+({_MONTH_ALT}|\d{{1,2}})\s*,?\s*(?:năm\s+)?(\d{{4}})(?!\d)",
    re.IGNORECASE,
)
_MERIDIEM = r"(?:\s*(sa|ch|am|pm|a\.m\.|p\.m\.|sáng|chiều|tối|trưa|đêm)(?![^\W\d_]))?"
_TIME_COLON = re.compile(rf"(?<![\d:])(\d{{1,2}}):(\d{{2}})(?::(\d{{2}}))?(?![\d:]){_MERIDIEM}", re.I)
_TIME_H = re.compile(rf"(?<![\d:])(\d{{1,2}})\s*h\s*(\d{{2}})?(?![^\W_]){_MERIDIEM}", re.I)
_LEAD = re.compile(
    r"^\W{0,3}(?:[^\W\d_]+\W{1,3}){0,4}?"
    rf"((\d{{1,2}})\s*([/.-])\s*(\d{{1,2}})\s*\3\s*(\d{{4}})"
    rf"|(\d{{1,2}})\s+tháng\s+({_MONTH_ALT}|\d{{1,2}})\s*,?\s*(?:năm\s+)?(\d{{4}}))(?!\d)",
    re.IGNORECASE,
)
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class ParsedDate:
    """A date read from a page: aware datetime (+07:00) when a time was shown, else a date."""

    value: datetime | date
    has_time: bool
    method: str
    matched: str

    def isoformat(self) -> str:
        """``2019-06-27T15:04:00+07:00`` or ``2019-03-28``."""
        return self.value.isoformat()


class DateError(ValueError):
    """A date that is missing, unparseable or in the future; ``reason`` says which."""

    def __init__(self, reason: str, text: str):
        self.reason = reason
        shown = text if len(text) <= 80 else text[:77] + "..."
        super().__init__(f"{reason} date: {shown!r}")


def _prepare(text: str) -> str:
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text or "").replace("\xa0", " ")).strip()


def _month(token: str) -> int:
    token = _SPACE.sub(" ", token.lower())
    return int(token) if token.isdigit() else _MONTHS[token]


def _hour24(hour: int, meridiem: str | None) -> int:
    if not meridiem:
        return hour
    m = meridiem.lower().replace(".", "")
    if m in ("sa", "am"):
        return 0 if hour == 12 else hour
    if m in ("ch", "pm", "chiều", "tối"):
        return hour if hour == 12 else hour + 12 if hour < 12 else hour
    if m == "trưa":
        return hour + 12 if 1 <= hour <= 5 else hour
    if m == "đêm":
        return 0 if hour == 12 else hour
    return hour  # sáng


def _time_near(text: str, start: int, end: int) -> tuple[int, int, int] | None:
    """The time of day closest to the date span, if any."""
    best = None
    for pattern in (_TIME_COLON, _TIME_H):
        for m in pattern.finditer(text):
            if start <= m.start() < end:
                continue
            distance = start - m.end() if m.end() <= start else m.start() - end
            hour = int(m.group(1))
            minute = int(m.group(2) or 0)
            second = int(m.group(3) or 0) if pattern is _TIME_COLON else 0
            meridiem = m.group(4) if pattern is _TIME_COLON else m.group(3)
            hour = _hour24(hour, meridiem)
            if hour > 23 or minute > 59 or second > 59:
                continue
            if best is None or distance < best[0]:
                best = (distance, (hour, minute, second))
    return best[1] if best else None


def _candidates(text: str):
    """(start, end, year, month, day, iso_match) for every date expression, in text order."""
    found = []
    for m in _ISO.finditer(text):
        found.append((m.start(), m.end(), int(m.group(1)), int(m.group(2)), int(m.group(3)), m))
    for m in _DMY.finditer(text):
        found.append((m.start(), m.end(), int(m.group(4)), int(m.group(3)), int(m.group(1)), None))
    for m in _NAMED.finditer(text):
        found.append((m.start(), m.end(), int(m.group(3)), _month(m.group(2)), int(m.group(1)), None))
    return sorted(found, key=lambda c: c[0])


def _from_iso(m: re.Match[str]) -> ParsedDate:
    year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if m.group(4) is None:
        return ParsedDate(date(year, month, day), False, "rules", m.group(0))
    value = datetime(year, month, day, int(m.group(4)), int(m.group(5)), int(m.group(6) or 0))
    offset = m.group(7)
    if offset:
        if offset == "Z":
            tz = UTC
        else:
            sign = -1 if offset[0] == "-" else 1
            digits = offset[1:].replace(":", "")
            tz = timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
        value = value.replace(tzinfo=tz).astimezone(VN_TZ)
    else:
        value = value.replace(tzinfo=VN_TZ)
    return ParsedDate(value, True, "rules", m.group(0))


def _check(parsed: ParsedDate, now: datetime, original: str) -> ParsedDate:
    value = parsed.value
    moment = (
        value if isinstance(value, datetime) else datetime(value.year, value.month, value.day, tzinfo=VN_TZ)
    )
    if moment > now + timedelta(days=1):
        raise DateError("future", original)
    if moment.year < 1990:
        raise DateError("unparseable", original)
    return parsed


def parse_date(text: str, *, now: datetime | None = None, use_dateparser: bool = True) -> ParsedDate:
    """The first date (with its nearby time) in ``text``; DateError if none, or in the future."""
    now = now or datetime.now(VN_TZ)
    prepared = _prepare(text)
    if not prepared:
        raise DateError("empty", text or "")
    for start, end, year, month, day, iso in _candidates(prepared):
        try:
            if iso is not None:
                return _check(_from_iso(iso), now, text)
            day_value = date(year, month, day)
        except ValueError:
            continue
        clock = _time_near(prepared, start, end)
        if clock is None:
            return _check(ParsedDate(day_value, False, "rules", prepared[start:end]), now, text)
        value = datetime(year, month, day, *clock, tzinfo=VN_TZ)
        return _check(ParsedDate(value, True, "rules", prepared[start:end]), now, text)
    if use_dateparser:
        fallback = _dateparser(prepared)
        if fallback is not None:
            return _check(fallback, now, text)
    raise DateError("unparseable", text)


def _dateparser(text: str) -> ParsedDate | None:
    # Imported lazily: dateparser takes about a second to import and is rarely needed.
    import dateparser

    value = dateparser.parse(
        text,
        languages=["vi", "en"],
        settings={
            "DATE_ORDER": "DMY",
            "TIMEZONE": "Asia/Ho_Chi_Minh",
            "RETURN_AS_TIMEZONE_AWARE": True,
            "REQUIRE_PARTS": ["day", "month", "year"],
            "PREFER_DATES_FROM": "past",
        },
    )
    if value is None:
        return None
    value = value.astimezone(VN_TZ)
    if (value.hour, value.minute, value.second) == (0, 0, 0):
        return ParsedDate(value.date(), False, "dateparser", text)
    return ParsedDate(value, True, "dateparser", text)


def parse_date_or_none(text: str, *, now: datetime | None = None) -> ParsedDate | None:
    """``parse_date`` that returns None instead of raising."""
    try:
        return parse_date(text, now=now)
    except DateError:
        return None


def find_lead_date(text: str, *, now: datetime | None = None) -> ParsedDate | None:
    """The date a lead paragraph opens with ("Ngày 28/3/2019, ...", "Sáng nay, 27/6/2019"), if any."""
    head = _prepare(text)[:120]
    m = _LEAD.match(head)
    if not m:
        return None
    try:
        if m.group(2):
            value = date(int(m.group(5)), int(m.group(4)), int(m.group(2)))
        else:
            value = date(int(m.group(8)), _month(m.group(7)), int(m.group(6)))
        return _check(ParsedDate(value, False, "rules", m.group(1)), now or datetime.now(VN_TZ), text)
    except (ValueError, DateError):
        return None
