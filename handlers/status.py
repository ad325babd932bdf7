"""/status: every goal against the pace the date calls for, then the user's own week."""

from __future__ import annotations

import asyncio
from itertools import groupby

from telegram import Update
from telegram.ext import CommandHandler, ContextTypes

from bot.i18n import Texts
from domain.goals import GoalKind, MilestoneStatus, Unit
from domain.metrics import display_name
from domain.roles import LOGGERS
from handlers.common import local_today, reply, requires, services, texts, week_bounds
from handlers.messages import period_label, window_phrase
from storage import entries, orgs
from storage.entries import Figures
from storage.orgs import Member
from storage.progress import GoalStatus, count_series, goal_statuses


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
    names = dict(await orgs.foreningar(svc.db, member.org_id))
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
        lines.extend(_goal_line(t, s, names) for s in group)
    start, end, week = week_bounds(member, now)
    mine = await entries.figures(svc.db, member, start, end)
    lines += ["", _week_line(t, week, mine)]
    await reply(update, "\n".join(lines))


def _goal_line(t: Texts, status: GoalStatus, foreningar: dict[int, str]) -> str:
    spec, p = status.goal.spec, status.progress
    scope = f" ({foreningar[status.goal.forening_id]})" if status.goal.forening_id in foreningar else ""
    name = (display_name(spec.metric, t.language).capitalize() if spec.metric else _short(spec.text)) + scope
    match spec.kind:
        case GoalKind.COUNT:
            detail = t._(
                "{done} av {target} ({percent}), borde vara {expected} nu · {period}",
                done=t.num(p.done),
                target=t.num(p.target),
                percent=t.percent((p.percent or 0) / 100),
                expected=t.num(p.expected),
                period=period_label(t, spec.period_start, spec.period_end),
            )
        case GoalKind.CADENCE:
            detail = t._(
                "{per} per {window}: {met} av {passed} perioder klara, nu {events} av {per}",
                per=t.num(p.per_window or 0),
                window=window_phrase(t, spec.window_days),
                met=t.num(p.done or 0),
                passed=t.num(p.target or 0),
                events=t.num(p.window_events or 0),
            )
        case GoalKind.LEVEL:
            detail = _level_detail(t, spec, p)
        case GoalKind.SLA:
            detail = t._(
                "inom {days} dagar: {on_time} av {due} i tid, {open} pågår",
                days=t.num(spec.target or 0),
                on_time=t.num(p.on_time or 0),
                due=t.num(p.target or 0),
                open=t.num(p.open or 0),
            )
        case _:
            detail = _milestone_detail(t, p)
    return f"{p.arrow.value} {name}: {detail}"


def _level_detail(t: Texts, spec, p) -> str:
    unit = "\xa0%" if spec.unit is Unit.PERCENT else ""
    if p.latest_date is None:
        return t._("mål {target}{unit}, ingen rapport ännu (/rapportera)", target=t.num(spec.target or 0), unit=unit)
    return t._(
        "{value}{unit} av {target}{unit} ({day})",
        value=t.num(p.done or 0, 1),
        target=t.num(spec.target or 0),
        unit=unit,
        day=t.day(p.latest_date),
    )


def _milestone_detail(t: Texts, p) -> str:
    state = {
        MilestoneStatus.NOT_STARTED: t._("inte påbörjad"),
        MilestoneStatus.UNDER_WAY: t._("pågår"),
        MilestoneStatus.DONE: t._("klar"),
    }[p.status]
    if p.status is MilestoneStatus.DONE or p.deadline is None:
        return state
    return t._("{state}, senast {day}", state=state, day=t.day(p.deadline, with_year=True))


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


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
    from bot.charts import ChartSeries, progress_chart  # matplotlib (~40 MB) loads on the first chart

    svc = services(context)
    t = texts(update)
    today = local_today(member, svc.clock())
    series = [
        ChartSeries(
            display_name(goal.spec.metric, t.language).capitalize(),
            goal.spec.target or 0,
            goal.spec.period_start,
            goal.spec.period_end,
            cumulative,
        )
        for goal, cumulative in await count_series(svc.db, member.org_id, member.timezone, today)
    ]
    if not series:
        await reply(
            update, t._("Det finns inga räknemål att rita än. Sätt ett med /mal eller läs in planen med /plan.")
        )
        return
    title = t._("{org} – mot målen", org=member.org_name)
    png = await asyncio.to_thread(progress_chart, series, today, title)
    await update.effective_message.reply_photo(
        photo=png, caption=t._("Heldragen linje: gjort hittills. Streckad: takten som når målet.")
    )


def handlers() -> list:
    return [CommandHandler("status", status)]
