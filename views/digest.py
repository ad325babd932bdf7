"""The weekly digest's text, from its figures (storage/digest_figures.py). No personal data of
members; volunteers are named only if the organisation chose so."""

from __future__ import annotations

from itertools import groupby
from typing import TYPE_CHECKING

from domain.goals import GoalKind
from views.goal_lines import goal_line, goal_name, pace, period_label
from views.i18n import Texts

if TYPE_CHECKING:
    from storage.digest_figures import DigestFigures, GoalWeek, Knocking, Week, WelcomeCalls


def digest_text(t: Texts, figures: DigestFigures) -> str:
    lines = [t._("📬 Veckorapport för {org}", org=figures.org_name), _week_label(t, figures.week)]
    for area, group in groupby(figures.goals, key=lambda g: g.goal.spec.area or ""):
        lines.append("")
        if area:
            lines.append(f"▸ {area}")
        lines.extend([_goal_line(t, g, figures) for g in group])
    if not figures.goals:
        lines += ["", t._("Inga mål ännu: läs in verksamhetsplanen med /plan.")]
    lines += ["", _welcome_calls(t, figures.welcome), _door_knocking(t, figures.knocking, figures.week)]
    lines += _most_active(t, figures)
    lines += ["", t._("Hela läget: /status · Diagrammet: /status graf")]
    return "\n".join(lines)


def _week_label(t: Texts, week: Week) -> str:
    span = period_label(t, week.first, week.last)
    if week.first.weekday() == 0:
        return t._("Vecka {number} ({span})", number=week.first.isocalendar().week, span=span)
    return span


def _goal_line(t: Texts, figure: GoalWeek, figures: DigestFigures) -> str:
    goal, p = figure.goal, figure.progress
    if goal.spec.kind is not GoalKind.COUNT or figure.this_week is None:
        return goal_line(t, goal.spec, p, figures.names, goal.forening_id)
    parts = [t._("{n} denna vecka", n=t.num(figure.this_week))]
    if goal.spec.target:
        parts.append(t._("{done} av {target}", done=t.num(p.done or 0), target=t.num(goal.spec.target)))
        parts.append(pace(t, p))
    else:
        parts.append(t._("{done} totalt", done=t.num(p.done or 0)))
    name = goal_name(t, goal.spec, figures.names, goal.forening_id)
    return f"{p.arrow.value} {name}: " + " · ".join(x for x in parts if x)


def _welcome_calls(t: Texts, welcome: WelcomeCalls) -> str:
    p = welcome.progress
    text = t._(
        "📞 Välkomstsamtal {period}: {on_time} i tid, {late} sena, {open} pågår",
        period=period_label(t, welcome.spec.period_start, welcome.spec.period_end),
        on_time=t.num(p.on_time or 0),
        late=t.num(p.late or 0),
        open=t.num(p.open or 0),
    )
    if p.overdue:
        text += t.n_(" – {n} försenat väntar fortfarande", " – {n} försenade väntar fortfarande", p.overdue)
    return text


def _door_knocking(t: Texts, knocking: Knocking, week: Week) -> str:
    if knocking.sessions:
        return t._(
            "🚪 Dörrknackning denna vecka: {sessions}, {doors} dörrar, {talks} samtal",
            sessions=t.n_("{n} pass", "{n} pass", int(knocking.sessions)),
            doors=t.num(knocking.doors),
            talks=t.num(knocking.talks),
        )
    last = knocking.last_day
    if last is None:
        return t._("🚪 Ingen dörrknackning loggad ännu.")
    return t._(
        "🚪 Ingen dörrknackning denna vecka (senast {day}).", day=t.day(last, with_year=last.year != week.last.year)
    )


def _most_active(t: Texts, figures: DigestFigures) -> list[str]:
    lines = []
    if figures.active_foreningar:
        listed = ", ".join(f"{name} ({t.num(n)})" for name, n in figures.active_foreningar)
        lines.append(t._("🏆 Mest aktiva föreningar: {listed}", listed=listed))
    if figures.active_people:
        listed = ", ".join(f"{name} ({t.num(n)})" for name, n in figures.active_people)
        lines.append(t._("🙌 Flitigast: {listed}", listed=listed))
    return lines
