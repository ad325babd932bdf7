"""/status: every goal against the pace the date calls for, then the user's own week."""

from __future__ import annotations

from itertools import groupby

from telegram import Update
from telegram.ext import CommandHandler, ContextTypes

from bot.i18n import Texts
from domain.roles import LOGGERS
from handlers.common import local_today, reply, requires, services, texts, week_bounds
from handlers.goal_lines import chart_caption, chart_png, goal_line
from storage import entries, orgs
from storage.entries import Figures
from storage.orgs import Member
from storage.progress import count_series, goal_statuses


@requires(LOGGERS)
async def status(update: Update, context: ContextTypes.DEFAULT_TYPE, member: Member) -> None:
    if (context.args or [""])[0].lower() in {"graf", "chart"}:
        await _chart(update, context, member)
        return
    svc = services(context)
    t = texts(update)
    now = svc.clock()
    today = local_today(member, now)
    statuses = await goal_statuses(svc.db, member.org_id, member.timezone, today)
    names = await orgs.goal_names(svc.db, member.org_id)
    lines = [t._("📊 {org}, {day}", org=member.org_name, day=t.day(today, with_year=True))]
    if not statuses:
        lines.append(
            t._(
                "Inga mål ännu. Styrelsen lägger in dem med /mal, till exempel /mal nya_medlemmar 42 {year}.",
                year=today.year,
            )
        )
    for area, group in groupby(statuses, key=lambda s: s.goal.spec.area or ""):
        lines.append("")
        if area:
            lines.append(f"▸ {area}")
        lines.extend(goal_line(t, s, names) for s in group)
    start, end, week = week_bounds(member, now)
    mine = await entries.figures(svc.db, member, start, end)
    lines += ["", _week_line(t, week, mine)]
    await reply(update, "\n".join(lines))


def _week_line(t: Texts, week: int, mine: Figures) -> str:
    parts = [
        t.n_("{n} dörrknackning", "{n} dörrknackningar", mine.sessions),
        t.n_("{n} dörr", "{n} dörrar", mine.doors),
        t.n_("{n} samtal", "{n} samtal", mine.conversations),
        t.n_("{n} ny medlem", "{n} nya medlemmar", mine.new_members),
        t.n_("{n} aktivitet", "{n} aktiviteter", mine.activities),
    ]
    return t._("Din vecka (v. {week}): {parts}", week=week, parts=" · ".join(parts))


async def _chart(update: Update, context: ContextTypes.DEFAULT_TYPE, member: Member) -> None:
    svc = services(context)
    t = texts(update)
    today = local_today(member, svc.clock())
    found = await count_series(svc.db, member.org_id, member.timezone, today)
    if not found:
        await reply(
            update, t._("Det finns inga räknemål att rita än. Sätt ett med /mal eller läs in planen med /plan.")
        )
        return
    png = await chart_png(t, member.org_name, today, found, await orgs.goal_names(svc.db, member.org_id))
    await update.effective_message.reply_photo(photo=png, caption=chart_caption(t))


def handlers() -> list:
    return [CommandHandler("status", status)]
