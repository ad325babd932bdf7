"""A goal's line as /status and the weekly digest show it, and the progress chart they share."""

from __future__ import annotations

import asyncio
from datetime import date

from bot.i18n import Texts
from domain.goals import GoalKind, MilestoneStatus, Unit
from domain.metrics import display_name
from handlers.messages import period_label, window_phrase
from storage.goals import StoredGoal
from storage.progress import GoalStatus


def goal_name(t: Texts, status: GoalStatus, foreningar: dict[int, str]) -> str:
    spec = status.goal.spec
    scope = f" ({foreningar[status.goal.forening_id]})" if status.goal.forening_id in foreningar else ""
    return (display_name(spec.metric, t.language).capitalize() if spec.metric else _short(spec.text)) + scope


def goal_line(t: Texts, status: GoalStatus, foreningar: dict[int, str]) -> str:
    spec, p = status.goal.spec, status.progress
    name = goal_name(t, status, foreningar)
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


async def chart_png(
    t: Texts, org_name: str, today: date, found: list[tuple[StoredGoal, tuple[tuple[date, float], ...]]]
) -> bytes:
    """The count goals' running totals against their pace, as a PNG (drawn in a worker thread)."""
    from bot.charts import ChartSeries, progress_chart  # matplotlib (~40 MB) loads on the first chart

    series = [
        ChartSeries(
            display_name(goal.spec.metric, t.language).capitalize(),
            goal.spec.target or 0,
            goal.spec.period_start,
            goal.spec.period_end,
            cumulative,
        )
        for goal, cumulative in found
    ]
    title = t._("{org} – mot målen", org=org_name)
    return await asyncio.to_thread(progress_chart, series, today, title)


def chart_caption(t: Texts) -> str:
    return t._("Heldragen linje: gjort hittills. Streckad: takten som når målet.")
