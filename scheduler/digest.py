"""The weekly digest's outbox rows: its figures (storage/digest_figures.py) written by views/digest.py,
then the chart. /rapport (handlers/digest.py) calls the same two functions."""

from __future__ import annotations

from telegram import Bot

from domain.weekly import reported_days
from storage import digests, orgs
from storage.database import Database
from storage.digest_figures import Week, digest_figures
from storage.digests import ClockSettings
from storage.progress import count_series
from views import metrics
from views.digest import digest_text
from views.goal_chart import chart_caption, chart_png
from views.i18n import Texts

__all__ = ["Week", "build_digest", "send_digest"]


async def send_digest(bot: Bot, db: Database, kind: str, org_id: int, chat_id: int, week_key: str, t: Texts) -> str:
    """The outbox's digest rows: the text, or the chart (a second row, so it never repeats the text)."""
    org = await digests.settings(db, org_id)
    if org is None:
        return "skipped"
    week = Week(*reported_days(week_key, org.digest_weekday))
    if kind == digests.DIGEST:
        with metrics.DIGEST_SECONDS.time():
            await bot.send_message(chat_id, await build_digest(db, org, week, t))
        return "sent"
    found = await count_series(db, org.org_id, org.timezone, week.last)
    if not found:
        return "skipped"
    png = await chart_png(t, org.name, week.last, found, await orgs.goal_names(db, org.org_id))
    await bot.send_photo(chat_id, photo=png, caption=chart_caption(t))
    return "sent"


async def build_digest(db: Database, org: ClockSettings, week: Week, t: Texts) -> str:
    return digest_text(t, await digest_figures(db, org, week))
