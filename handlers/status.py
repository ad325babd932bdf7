"""/status: the user's own week and their förening's goals against the pace the date calls for."""

from __future__ import annotations

from collections import Counter
from itertools import groupby

from telegram import Update
from telegram.ext import CommandHandler, ContextTypes

from domain.goals import GoalKind, MilestoneStatus
from domain.roles import LOGGERS
from handlers.common import local_today, reply, requires, services, texts, week_bounds
from storage import entries, orgs
from storage.entries import Figures
from storage.orgs import Member
from storage.progress import GoalStatus, count_series, goal_statuses
from views.goal_status import chart_caption, chart_png, goal_line
from views.i18n import Texts

ALL = {"alla", "all"}
MILESTONES = {"milstolpar", "milestones"}
SHORT_KINDS = (GoalKind.COUNT, GoalKind.CADENCE)  # what a volunteer's own work moves


@requires(LOGGERS)
async def status(update: Update, context: ContextTypes.DEFAULT_TYPE, member: Member) -> None:
    """/status: my week, then my förening's counts and cadences and the milestones in one line;
    /status alla: every goal, grouped by the plan's areas; /status milstolpar: the milestones."""
    view = (context.args or [""])[0].lower()
    if view in {"graf", "chart"}:
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
    start, end, week = week_bounds(member, now)
    week_line = _week_line(t, week, await entries.figures(svc.db, member, start, end))
    if view in ALL:
        lines += [*_all_goals(t, statuses, names), "", week_line]
    elif view in MILESTONES:
        lines += _milestones(t, [s for s in statuses if _ours(s, member)], names)
    else:
        lines += ["", week_line, *_short(t, [s for s in statuses if _ours(s, member)], names, len(statuses))]
    await reply(update, "\n".join(lines))


def _ours(status: GoalStatus, member: Member) -> bool:
    """Goals of the whole organisation, and those of the member's own förening."""
    return status.goal.forening_id in (None, member.forening_id)


def _all_goals(t: Texts, statuses: list[GoalStatus], names: dict[int, str]) -> list[str]:
    lines = []
    for area, group in groupby(statuses, key=lambda s: s.goal.spec.area or ""):
        lines.append("")
        if area:
            lines.append(f"▸ {area}")
        lines.extend(goal_line(t, s, names) for s in group)
    return lines


def _short(t: Texts, ours: list[GoalStatus], names: dict[int, str], total: int) -> list[str]:
    """One line per count and cadence, the milestones in one line, and where the rest is."""
    lines = [goal_line(t, s, names) for s in ours if s.goal.spec.kind in SHORT_KINDS]
    milestones = Counter(s.progress.status for s in ours if s.goal.spec.kind is GoalKind.MILESTONE)
    if milestones:
        lines.append(
            t._(
                "Milstolpar: {done} klara, {under_way} pågår, {not_started} ej påbörjade – /status milstolpar",
                done=t.num(milestones[MilestoneStatus.DONE]),
                under_way=t.num(milestones[MilestoneStatus.UNDER_WAY]),
                not_started=t.num(milestones[MilestoneStatus.NOT_STARTED]),
            )
        )
    shown = len(lines) - bool(milestones) + sum(milestones.values())
    if total > shown:
        lines.append(t._("Hela bilden, med nivåer, välkomstsamtal och alla föreningar: /status alla"))
    return ["", *lines] if lines else []


def _milestones(t: Texts, ours: list[GoalStatus], names: dict[int, str]) -> list[str]:
    found = [goal_line(t, s, names) for s in ours if s.goal.spec.kind is GoalKind.MILESTONE]
    return ["", t._("Milstolpar:"), *found] if found else ["", t._("Inga milstolpar i planen.")]


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
