"""Sends one organisation's weekly digest to one chat: the text, then the chart as a photo."""

from __future__ import annotations

import asyncio
from datetime import datetime
from zoneinfo import ZoneInfo

from telegram import Bot

from bot.i18n import Texts
from storage import orgs
from storage.database import Database


async def send(bot: Bot, db: Database, org_id: int, chat_id: int, now: datetime, t: Texts) -> None:
    org = await orgs.organisation(db, org_id)
    if org is None:
        return
    name, timezone = org
    from scheduler.digest import build_digest  # its queries and the chart are only needed weekly

    digest = await build_digest(db, org_id, name, timezone, now, t)
    await bot.send_message(chat_id, digest.text)
    if digest.chart:
        from bot.charts import progress_chart  # matplotlib loads on the first chart

        title = t._("{org} – mot målen", org=name)
        today = now.astimezone(ZoneInfo(timezone)).date()
        png = await asyncio.to_thread(progress_chart, digest.chart, today, title)
        await bot.send_photo(chat_id, png)
