"""Cadence nudges: when a cadence goal's window is about to close unmet, its people get one nudge.

"About to close" is the window's last third (at least its last day): for "every third week" that
is after two weeks without a session, for "every week" Saturday and Sunday.
"""

from __future__ import annotations

from datetime import date, datetime

from telegram import Bot

from domain.progress import Progress, evaluate
from storage import nudges, orgs
from storage.database import Database
from storage.digests import ClockSettings
from storage.goals import StoredGoal
from storage.progress import goal_facts
from views.i18n import Texts
from views.nudges import nudge_text


def closing_unmet(progress: Progress, window_days: int, today: date) -> bool:
    if progress.window_last_day is None or progress.window_events is None:
        return False
    days_left = (progress.window_last_day - today).days + 1  # today included
    return progress.window_events < (progress.per_window or 1) and days_left <= max(1, window_days // 3)


async def _progress(db: Database, org: ClockSettings, goal: StoredGoal, today: date) -> Progress:
    return evaluate(goal.spec, await goal_facts(db, goal, org.timezone, today), today)


async def plan_nudges(db: Database, now: datetime) -> None:
    for org, goal in await nudges.cadence_goals(db):
        today = now.astimezone(org.zone).date()
        if not goal.spec.period_start <= today <= goal.spec.period_end:
            continue
        progress = await _progress(db, org, goal, today)
        if closing_unmet(progress, goal.spec.window_days or 1, today):
            await nudges.plan(db, org, goal, progress.window_last_day, now)


async def send_nudge(bot: Bot, db: Database, key: str, chat_id: int, now: datetime, t: Texts) -> str:
    goal_id, window_last = nudges.parse_key(key)
    found = await nudges.goal(db, goal_id)
    if found is None:
        return "skipped"  # the goal was deleted
    org, goal = found
    today = now.astimezone(org.zone).date()
    progress = await _progress(db, org, goal, min(today, window_last))
    if progress.window_last_day != window_last or progress.window_events >= (progress.per_window or 1):
        return "skipped"  # met since it was planned, or the window is over
    text = nudge_text(t, goal, progress, await orgs.goal_names(db, org.org_id), window_last)
    await bot.send_message(chat_id, text)
    return "sent"
