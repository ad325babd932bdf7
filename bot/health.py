"""Is the bot alive: the sweep's start and end, noted for GET /healthz (bot/web.py)."""

from __future__ import annotations

from datetime import datetime, timedelta

from telegram.ext import ContextTypes

from scheduler.sweep import SWEEP_SECONDS, sweep_job

SWEEP_STALE = timedelta(seconds=3 * SWEEP_SECONDS)  # three sweeps missed: the clock has stopped
OVERDUE = timedelta(seconds=2 * SWEEP_SECONDS)  # an outbox row still unsent two sweeps after it fell due
# A sweep sends everything due before it ends: 25 000 messages at Telegram's pace take 15 minutes.
LONG_SWEEP = timedelta(minutes=15)


async def observed_sweep_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """The sweep, with its start and end noted for /healthz."""
    data, now = context.bot_data, context.bot_data["services"].clock
    data["sweep_started"] = now()
    try:
        await sweep_job(context)
        data["sweep_finished"] = now()
    finally:
        data.pop("sweep_started", None)


def sweep_trouble(bot_data: dict, now: datetime) -> str | None:
    """Why the clock looks stopped, or None. A long sweep (thousands of reminders at Telegram's
    pace) is no trouble while it runs."""
    started = bot_data.get("sweep_started")
    if started is not None and now - started <= LONG_SWEEP:
        return None
    finished = bot_data.get("sweep_finished") or bot_data.get("started_at")
    if finished is None or now - finished > SWEEP_STALE:
        seconds = "never" if finished is None else f"{(now - finished).total_seconds():.0f} s ago"
        return f"the last sweep finished {seconds}"
    return None
