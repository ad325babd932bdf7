"""Quiet hours: nothing reaches a person between, by default, 21:00 and 08:00 local time."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def is_quiet(hour: int, start: int, end: int) -> bool:
    if start == end:
        return False
    return (hour >= start or hour < end) if start > end else start <= hour < end


def at_local(day: date, hour: int, zone: ZoneInfo) -> datetime:
    """`hour`:00 on `day` in `zone`, as UTC; zoneinfo settles the DST days."""
    return datetime.combine(day, time(hour), tzinfo=zone).astimezone(UTC)


def outside_quiet_hours(moment: datetime, zone: ZoneInfo, start: int = 21, end: int = 8) -> datetime:
    """The moment itself, or the morning that ends the quiet hours it falls in."""
    local = moment.astimezone(zone)
    if not is_quiet(local.hour, start, end):
        return moment
    morning = local.date() if local.hour < end else local.date() + timedelta(days=1)
    return at_local(morning, end, zone)
