"""The digest and nudge jobs (outbox rows, which the sweep then sends) and retention of contact details.

Planning is idempotent (unique outbox keys), so it runs often and on every replica alike.
"""

from __future__ import annotations

from telegram.ext import Application, ContextTypes

from scheduler.nudges import plan_nudges
from storage import flows, members
from storage.digests import plan_weekly
from storage.services import Services

PLAN_SECONDS = 60


async def plan(app: Application) -> None:
    svc: Services = app.bot_data["services"]
    now = svc.clock()
    await plan_weekly(svc.db, now)
    await plan_nudges(svc.db, now)
    await members.expire(svc.db, now)  # retention: contact details go when their time is up
    await flows.forget_stale(svc.db, now)  # a flow abandoned for a day may hold a half-typed phone


async def plan_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    await plan(context.application)
