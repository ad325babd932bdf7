"""When the weekly digest is due, and which week it reports: pure, so the DST weeks can be checked alone.

A digest is keyed by the ISO week it is sent in: a week has one digest however the clocks move.
It reports the seven days before its day (Monday's digest reports Monday to Sunday just gone).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from domain.quiet import at_local


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def digest_day(week: str, weekday: int) -> date:
    """The day of ``week`` ("2025-W13") the digest falls on; weekday 0 is Monday."""
    year, _, number = week.partition("-W")
    return date.fromisocalendar(int(year), int(number), weekday + 1)


def digest_moment(now: datetime, zone: ZoneInfo, weekday: int, hour: int) -> tuple[datetime, str]:
    """This local week's digest time (UTC) and the week's key."""
    week = iso_week(now.astimezone(zone).date())
    return at_local(digest_day(week, weekday), hour, zone), week


def reported_days(week: str, weekday: int) -> tuple[date, date]:
    """The seven days a digest sent in ``week`` reports: [first, last]."""
    last = digest_day(week, weekday) - timedelta(days=1)
    return last - timedelta(days=6), last
