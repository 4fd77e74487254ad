"""Times as the commands print them: local time of the portals, Asia/Ho_Chi_Minh (+07:00).

The database stores run and fetch times in UTC (docs/schema.md) and article dates in
+07:00; a reader compares them, so every time a command prints is shown in +07:00.
"""

from __future__ import annotations

from datetime import UTC, datetime

from danvan_crawler.extract.dates import VN_TZ

# Said once in a table's header, not in every cell.
LOCAL_LABEL = "+07:00"


def to_local(value: str | datetime) -> datetime:
    """``value`` (ISO 8601 text or a datetime; naive means UTC) in +07:00."""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(VN_TZ)


def local_time(value: str | datetime | None, *, with_zone: bool = False) -> str | None:
    """``2024-05-01 14:03`` in +07:00 (with `` +07:00`` when ``with_zone``); None stays None."""
    if value is None or value == "":
        return None
    text = to_local(value).strftime("%Y-%m-%d %H:%M")
    return f"{text} {LOCAL_LABEL}" if with_zone else text
