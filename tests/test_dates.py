"""Vietnamese portal dates: every format in portals.md, every month name, SA/CH, bad input."""

from __future__ import annotations

import unicodedata
from datetime import datetime

import pytest

from danvan_crawler.extract.dates import VN_TZ, DateError, find_lead_date, parse_date

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=VN_TZ)

FORMATS = [
    ("27/06/2019 lúc 15:04", "2019-06-27T15:04:00+07:00"),
    ("Đã đăng vào 27/06/2019 lúc 15:04", "2019-06-27T15:04:00+07:00"),
    ("01:53 11/01/2020", "2020-01-11T01:53:00+07:00"),
    ("Thứ Năm, 27/06/2019 - 15:04", "2019-06-27T15:04:00+07:00"),
    ("25 Tháng Mười 2018 11:05:00 SA", "2018-10-25T11:05:00+07:00"),
    ("Hoạt động Đảng - Đoàn thể 25 Tháng Mười 2018 11:05:00 SA", "2018-10-25T11:05:00+07:00"),
    ("Ngày 11/7/2018", "2018-07-11"),
    ("ngày 11 tháng 7 năm 2018", "2018-07-11"),
    ("15:04 | 27/06/2019", "2019-06-27T15:04:00+07:00"),
    ("15h04 ngày 27/6/2019", "2019-06-27T15:04:00+07:00"),
    ("15h ngày 27/6/2019", "2019-06-27T15:00:00+07:00"),
    ("Cập nhật lúc 15:04 ngày 27/06/2019", "2019-06-27T15:04:00+07:00"),
    ("Ngày đăng: 03/02/2020 09:15", "2020-02-03T09:15:00+07:00"),
    ("22:45, ngày 22-11-2020", "2020-11-22T22:45:00+07:00"),
    ("Thứ năm, 27/6/2019 | 15:04 GMT+7", "2019-06-27T15:04:00+07:00"),
    ("27/06/2019 3:04 chiều", "2019-06-27T15:04:00+07:00"),
    ("27/06/2019 9:04 sáng", "2019-06-27T09:04:00+07:00"),
    ("(22/01/2020)", "2020-01-22"),
    ("29/09/2012 | 12:00 AM", "2012-09-29T00:00:00+07:00"),
    ("Ngày đăng 06/01/2016 | 03:30 PM | Lượt xem: 426", "2016-01-06T15:30:00+07:00"),
    ("30/08/2016 | 3:17 PM", "2016-08-30T15:17:00+07:00"),
    ("27.06.2019", "2019-06-27"),
    ("2019-06-27T15:04:00+07:00", "2019-06-27T15:04:00+07:00"),
    ("2019-06-27T08:04:00Z", "2019-06-27T15:04:00+07:00"),
    ("2019-06-27 15:04:00", "2019-06-27T15:04:00+07:00"),
    ("2019-06-27", "2019-06-27"),
    ("Ngày\xa0đăng:\xa0 03/02/2020   09:15", "2020-02-03T09:15:00+07:00"),
]


@pytest.mark.parametrize(("text", "expected"), FORMATS)
def test_portal_formats(text, expected):
    parsed = parse_date(text, now=NOW)
    assert parsed.isoformat() == expected
    assert parsed.method == "rules"


@pytest.mark.parametrize(("text", "expected"), FORMATS)
def test_decomposed_input(text, expected):
    assert parse_date(unicodedata.normalize("NFD", text), now=NOW).isoformat() == expected


MONTHS = [
    ("Giêng", 1), ("Một", 1), ("Hai", 2), ("Ba", 3), ("Tư", 4), ("Bốn", 4), ("Năm", 5),
    ("Sáu", 6), ("Bảy", 7), ("Tám", 8), ("Chín", 9), ("Mười", 10), ("Mười Một", 11),
    ("Mười Hai", 12), ("Chạp", 12),
]  # fmt: skip


@pytest.mark.parametrize(("name", "month"), MONTHS)
def test_every_month_name(name, month):
    assert parse_date(f"25 Tháng {name} 2018", now=NOW).isoformat() == f"2018-{month:02d}-25"
    assert parse_date(f"ngày 25 tháng {name.lower()} năm 2018", now=NOW).isoformat() == f"2018-{month:02d}-25"
    assert (
        parse_date(f"Hoạt động Đảng 3 Tháng {name} 2018 01:15:00 CH", now=NOW).isoformat()
        == f"2018-{month:02d}-03T13:15:00+07:00"
    )


@pytest.mark.parametrize("month", range(1, 13))
def test_numeric_months(month):
    assert parse_date(f"ngày 9 tháng {month} năm 2019", now=NOW).isoformat() == f"2019-{month:02d}-09"


@pytest.mark.parametrize(
    ("clock", "expected"),
    [
        ("12:05:00 SA", "00:05"),
        ("12:30:00 CH", "12:30"),
        ("01:15:00 CH", "13:15"),
        ("11:59:00 SA", "11:59"),
        ("11:00:00 CH", "23:00"),
    ],
)
def test_sa_ch(clock, expected):
    parsed = parse_date(f"25 Tháng Mười 2018 {clock}", now=NOW)
    assert parsed.value.strftime("%H:%M") == expected


def test_day_first_never_month_first():
    assert parse_date("03/02/2020", now=NOW).isoformat() == "2020-02-03"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("Lượt xem: 426", "unparseable"),
        ("abc", "unparseable"),
        ("31/02/2019", "unparseable"),
        ("27/06/2099 lúc 15:04", "future"),
        ("25 Tháng Mười 2030", "future"),
    ],
)
def test_bad_and_future_dates_raise(text, reason):
    with pytest.raises(DateError) as err:
        parse_date(text, now=NOW)
    assert err.value.reason == reason
    assert "\n" not in str(err.value)


def test_dateparser_fallback_when_rules_find_nothing():
    parsed = parse_date("June 27, 2019", now=NOW)
    assert parsed.isoformat() == "2019-06-27"
    assert parsed.method == "dateparser"


@pytest.mark.parametrize(
    ("lead", "expected"),
    [
        ("Ngày 28/3/2019, Ban Dân vận Tỉnh uỷ tổ chức Hội nghị", "2019-03-28"),
        ("Ngày 11/7/2018, Ban Dân vận Huyện ủy Long Điền", "2018-07-11"),
        ("Sáng nay, 27/6/2019, Ủy viên Ban Thường vụ", "2019-06-27"),
        ("Chiều 5-12-2019, Hội Nông dân huyện", "2019-12-05"),
        ("Ngày 11 tháng 7 năm 2018, Ban Dân vận", "2018-07-11"),
    ],
)
def test_lead_date(lead, expected):
    assert find_lead_date(lead, now=NOW).isoformat() == expected


def test_lead_date_ignores_dates_inside_the_paragraph():
    text = (
        "Ban Dân vận Huyện ủy tổ chức hội nghị sơ kết công tác dân vận, thực hiện Kết luận ngày 31/01/2020."
    )
    assert find_lead_date(text, now=NOW) is None
