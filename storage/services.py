"""What the composition root (bot/app.py) builds once and keeps in ``bot_data``: the database and
the clock, for handlers and the scheduler alike (neither imports the other)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from storage.database import Database

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass
class Services:
    """Built once by the composition root (bot/app.py) and kept in ``bot_data``."""

    db: Database
    clock: Clock = system_clock
    invite_ttl: timedelta = timedelta(days=7)
    default_timezone: str = "Europe/Stockholm"
