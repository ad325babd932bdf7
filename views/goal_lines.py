"""A goal in one line: the one renderer /mal, /status, the digest, the /plan review, the nudges and
the evaluation share, so they cannot disagree about what a goal is or how it stands.

Figures in, text out: a goal's spec, its progress and the names it needs (föreningar, activity types
as their admin wrote them). No database, no update, no job.
"""

from __future__ import annotations

import math

from domain.goals import GoalKind, GoalNames, GoalSpec, MilestoneStatus, Unit
from domain.metrics import display_name, is_activity, singular_name
from domain.progress import Progress
from views.i18n import Texts

NO_NAMES = GoalNames()
TITLE_LIMIT = 70


def metric_name(t: Texts, metric: str, names: GoalNames = NO_NAMES) -> str:
    """'nya medlemmar', 'Seniorträff' (an activity type's name as written)."""
    return display_name(metric, t.language, names.activities)


def goal_name(t: Texts, spec: GoalSpec, names: GoalNames = NO_NAMES, forening_id: int | None = None) -> str:
    """The goal's name as a line starts with it: 'Samtal', 'Seniorträff (Ektorp)', a milestone's own words."""
    name = _capital(metric_name(t, spec.metric, names)) if spec.metric else short(spec.text) or t._("Milstolpe")
    return name + scope(names, forening_id, " ({})")


def _capital(name: str) -> str:
    return name[:1].upper() + name[1:]  # not str.capitalize(): "A-radio/Pod" keeps its capital P


def scope(names: GoalNames, forening_id: int | None, form: str) -> str:
    """The förening a goal is scoped to, in ``form``, or nothing for the whole organisation."""
    return form.format(names.foreningar[forening_id]) if forening_id in names.foreningar else ""


def short(text: str, limit: int = TITLE_LIMIT) -> str:
    """A plan's sentence as a title: no closing full stop (it would read '….:'), at most ``limit`` characters."""
    text = " ".join(text.split()).rstrip(" .;:,")
    return text if len(text) <= limit else text[: limit - 1].rstrip(" .;:,") + "…"


def _counted(t: Texts, metric: str, n: float, names: GoalNames) -> str:
    """'42 nya medlemmar', '1 dörrknackning'; an activity type: 'Workshop 2 gånger' (its plural is unknown)."""
    if is_activity(metric):
        return t.n_("{name} {n} gång", "{name} {n} gånger", n, name=_capital(metric_name(t, metric, names)))
    name = singular_name(metric, t.language) if n == 1 else metric_name(t, metric, names)
    return f"{t.num(n)} {name}"


def unit(spec: GoalSpec) -> str:
    return "\xa0%" if spec.unit is Unit.PERCENT else ""


def goal_summary(t: Texts, spec: GoalSpec, names: GoalNames = NO_NAMES) -> str:
    """What a goal asks for: '42 nya medlemmar', '1 dörrknackning per vecka', 'Välkomstsamtal inom 14 dagar'."""
    target = spec.target or 0
    match spec.kind:
        case GoalKind.COUNT if spec.target is None:
            return goal_name(t, spec, names)  # a plan's count without a figure: what it counts
        case GoalKind.COUNT:
            return _counted(t, spec.metric, target, names)
        case GoalKind.CADENCE:
            return t._(
                "{count} per {window}",
                count=_counted(t, spec.metric, 1 if spec.target is None else target, names),
                window=window_phrase(t, spec.window_days),
            )
        case GoalKind.LEVEL:
            return t._(
                "{name}: {target}{unit} senast {day}",
                name=goal_name(t, spec, names),
                target=t.num(target),
                unit=unit(spec),
                day=t.day(spec.period_end, with_year=True),
            )
        case GoalKind.SLA:
            return t._("{name} inom {days} dagar", name=goal_name(t, spec, names), days=t.num(target))
    title = short(spec.text) or t._("Milstolpe")
    return title + (t._(", senast {day}", day=t.day(spec.deadline, with_year=True)) if spec.deadline else "")


def goal_summary_line(t: Texts, spec: GoalSpec, names: GoalNames = NO_NAMES, forening_id: int | None = None) -> str:
    """A goal as /mal lists and confirms it: '42 nya medlemmar (2026) · Ektorp'."""
    period = period_label(t, spec.period_start, spec.period_end)
    return f"{goal_summary(t, spec, names)} ({period})" + scope(names, forening_id, " · {}")


def goal_target(t: Texts, spec: GoalSpec, names: GoalNames = NO_NAMES) -> str:
    """The target alone, as the evaluation's column shows it: '42 nya medlemmar', '25 %', 'inom 5 dagar'."""
    match spec.kind:
        case GoalKind.COUNT:
            return _counted(t, spec.metric, spec.target or 0, names)
        case GoalKind.CADENCE:
            per = 1 if spec.target is None else spec.target
            return t._("{per} per {window}", per=t.num(per), window=window_phrase(t, spec.window_days))
        case GoalKind.LEVEL:
            return t.num(spec.target or 0) + unit(spec)
        case GoalKind.SLA:
            return t._("inom {days} dagar", days=t.num(spec.target or 0))
    return t._("senast {day}", day=t.day(spec.deadline, with_year=True)) if spec.deadline else ""


def goal_result(t: Texts, spec: GoalSpec, p: Progress) -> str:
    """The result alone, in the same unit as the target: '37', '12 av 14 i tid', '23 %', 'pågår'."""
    match spec.kind:
        case GoalKind.COUNT:
            return t.num(p.done or 0)
        case GoalKind.CADENCE:
            return t._("{met} av {passed} perioder", met=t.num(p.done or 0), passed=t.num(p.target or 0))
        case GoalKind.LEVEL:
            return "–" if p.latest_date is None else t.num(p.done or 0, 1) + unit(spec)
        case GoalKind.SLA:
            return t._("{on_time} av {due} i tid", on_time=t.num(p.on_time or 0), due=t.num(p.target or 0))
    return milestone_state(t, p.status)


def milestone_state(t: Texts, status: MilestoneStatus | None) -> str:
    return {
        MilestoneStatus.NOT_STARTED: t._("inte påbörjad"),
        MilestoneStatus.UNDER_WAY: t._("pågår"),
        MilestoneStatus.DONE: t._("klar"),
    }[status or MilestoneStatus.NOT_STARTED]


def goal_line(
    t: Texts, spec: GoalSpec, p: Progress, names: GoalNames = NO_NAMES, forening_id: int | None = None
) -> str:
    """'↓ Samtal (Ektorp): 37 av 4 215 (1 %), borde vara 843 nu · 2025' — how a goal stands, in /status."""
    return f"{p.arrow.value} {goal_name(t, spec, names, forening_id)}: {progress_detail(t, spec, p)}"


def progress_detail(t: Texts, spec: GoalSpec, p: Progress) -> str:
    match spec.kind:
        case GoalKind.COUNT:
            return t._(
                "{done} av {target} ({percent}), borde vara {expected} nu · {period}",
                done=t.num(p.done or 0),
                target=t.num(p.target or 0),
                percent=t.percent((p.percent or 0) / 100),
                expected=t.num(p.expected or 0),
                period=period_label(t, spec.period_start, spec.period_end),
            )
        case GoalKind.CADENCE:
            return t._(
                "{per} per {window}: {met} av {passed} perioder klara, nu {events} av {per}",
                per=t.num(p.per_window or 0),
                window=window_phrase(t, spec.window_days),
                met=t.num(p.done or 0),
                passed=t.num(p.target or 0),
                events=t.num(p.window_events or 0),
            )
        case GoalKind.LEVEL:
            return _level_detail(t, spec, p)
        case GoalKind.SLA:
            return t._(
                "inom {days} dagar: {on_time} av {due} i tid, {open} pågår",
                days=t.num(spec.target or 0),
                on_time=t.num(p.on_time or 0),
                due=t.num(p.target or 0),
                open=t.num(p.open or 0),
            )
    return _milestone_detail(t, p)


def _level_detail(t: Texts, spec: GoalSpec, p: Progress) -> str:
    if p.latest_date is None:
        return t._(
            "mål {target}{unit}, ingen rapport ännu (/rapportera)", target=t.num(spec.target or 0), unit=unit(spec)
        )
    return t._(
        "{value}{unit} av {target}{unit} ({day})",
        value=t.num(p.done or 0, 1),
        target=t.num(spec.target or 0),
        unit=unit(spec),
        day=t.day(p.latest_date),
    )


def _milestone_detail(t: Texts, p: Progress) -> str:
    state = milestone_state(t, p.status)
    if p.status is MilestoneStatus.DONE or p.deadline is None:
        return state
    return t._("{state}, senast {day}", state=state, day=t.day(p.deadline, with_year=True))


def pace(t: Texts, p: Progress) -> str:
    """'behöver 5 i veckan': whole events (sessions, members, meetings), so rounded up, never 4,7."""
    if p.done is not None and p.target is not None and p.done >= p.target:
        return t._("målet nått 🎉")
    needed = p.needed_per_week()
    if needed is None:
        return ""
    return t._("behöver {n} i veckan", n=t.num(math.ceil(needed - 1e-9)))


def period_label(t: Texts, start, end) -> str:
    """'2025', '2023–2024', or '1 mars – 30 juni 2025' for a part of a year."""
    whole_years = (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)
    if whole_years:
        return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
    return f"{t.day(start, with_year=start.year != end.year)} – {t.day(end, with_year=True)}"


def window_phrase(t: Texts, days: int | None) -> str:
    named = {7: t._("vecka"), 14: t._("två veckor"), 21: t._("tre veckor"), 30: t._("månad"), 365: t._("år")}
    days = days or 1
    if days in named:
        return named[days]
    if 28 <= days <= 31:
        return named[30]
    if 182 <= days <= 183:
        return t._("halvår")
    return t._("{days} dagar", days=days)
