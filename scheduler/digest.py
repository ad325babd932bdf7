"""The weekly digest: every goal with the week's figure, the total, the arrow and the pace still needed;
the welcome calls, door-knocking and the most active föreningar. No personal data of members.

Every figure comes from day totals and case rows, so an organisation with a million logged
entries gets its digest in milliseconds (`python -m bench clock` measures it).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import groupby

from telegram import Bot

from bot import metrics
from bot.i18n import Texts
from domain.counting import CountRule, count_rule
from domain.entries import EntryKind
from domain.goals import GoalKind, GoalNames, GoalSpec, MilestoneStatus
from domain.progress import evaluate
from domain.weekly import reported_days
from storage import day_totals, digests, entries, orgs
from storage.cases import DEFAULT_LIMIT_DAYS, WELCOME_CALL
from storage.database import Database
from storage.digests import ClockSettings
from storage.goals import StoredGoal
from storage.progress import GoalStatus, count_series, goal_facts, goal_statuses, local_period
from views.goal_chart import chart_caption, chart_png
from views.goal_lines import goal_line, goal_name, pace, period_label

TOP = 3
KNACK_SESSIONS = CountRule((EntryKind.KNACK,))
KNACK_DOORS = CountRule((EntryKind.KNACK,), "doors")
KNACK_TALKS = CountRule((EntryKind.KNACK,), "conversations")


@dataclass(frozen=True)
class Week:
    first: date
    last: date  # the digest speaks as of the end of this day

    @classmethod
    def ending(cls, last: date) -> Week:
        return cls(last - timedelta(days=6), last)


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
    statuses = await goal_statuses(db, org.org_id, org.timezone, week.last)
    names = await orgs.goal_names(db, org.org_id)
    logged = _Logged(db, org.org_id, week, await day_totals.sums(db, org.org_id, week.first, week.last))
    lines = [t._("📬 Veckorapport för {org}", org=org.name), _week_label(t, week)]
    for area, group in groupby(statuses, key=lambda s: s.goal.spec.area or ""):
        lines.append("")
        if area:
            lines.append(f"▸ {area}")
        lines.extend([await _goal_line(t, s, names, logged) for s in group])
    if not statuses:
        lines += ["", t._("Inga mål ännu: läs in verksamhetsplanen med /plan.")]
    lines += ["", await _welcome_calls(db, org, statuses, week, t), await _door_knocking(db, org, logged, t)]
    lines += await _most_active(db, org, logged, t, names)
    lines += ["", t._("Hela läget: /status · Diagrammet: /status graf")]
    return "\n".join(lines)


@dataclass(frozen=True)
class _Logged:
    """The week's work, summed once for every line that needs it."""

    db: Database
    org_id: int
    week: Week
    rows: list[day_totals.Sums]

    async def total(self, rule: CountRule, forening_id: int | None = None, spec: GoalSpec | None = None) -> float:
        first, last = self.week.first, self.week.last
        if spec is None or (spec.period_start <= first and last <= spec.period_end):
            return day_totals.summed(self.rows, rule, forening_id)
        first, last = max(first, spec.period_start), min(last, spec.period_end)  # a period ends mid-week
        return await day_totals.total(self.db, self.org_id, rule, first, last, forening_id) if first <= last else 0.0


def _week_label(t: Texts, week: Week) -> str:
    span = period_label(t, week.first, week.last)
    if week.first.weekday() == 0:
        return t._("Vecka {number} ({span})", number=week.first.isocalendar().week, span=span)
    return span


async def _goal_line(t: Texts, status: GoalStatus, names: GoalNames, logged: _Logged) -> str:
    goal, p = status.goal, status.progress
    rule = count_rule(goal.spec.metric or "")
    if goal.spec.kind is not GoalKind.COUNT or rule is None:
        return goal_line(t, goal.spec, p, names, goal.forening_id)
    this_week = await logged.total(rule, goal.forening_id, goal.spec)
    parts = [t._("{n} denna vecka", n=t.num(this_week))]
    if goal.spec.target:
        parts.append(t._("{done} av {target}", done=t.num(p.done or 0), target=t.num(goal.spec.target)))
        parts.append(pace(t, p))
    else:
        parts.append(t._("{done} totalt", done=t.num(p.done or 0)))
    return f"{p.arrow.value} {goal_name(t, goal.spec, names, goal.forening_id)}: " + " · ".join(x for x in parts if x)


async def _welcome_calls(db: Database, org: ClockSettings, statuses: list[GoalStatus], week: Week, t: Texts) -> str:
    """The plan's welcome-call goal if it has one, else the default limit over the calendar year."""
    goal = next(
        (s.goal for s in statuses if s.goal.spec.kind is GoalKind.SLA and s.goal.spec.metric == WELCOME_CALL), None
    )
    if goal is None:
        year = week.last.year
        spec = GoalSpec(
            kind=GoalKind.SLA,
            metric=WELCOME_CALL,
            target=DEFAULT_LIMIT_DAYS[WELCOME_CALL],
            period_start=date(year, 1, 1),
            period_end=date(year, 12, 31),
        )
        goal = StoredGoal(0, org.org_id, None, spec, MilestoneStatus.NOT_STARTED)
    p = evaluate(goal.spec, await goal_facts(db, goal, org.timezone, week.last), week.last)
    text = t._(
        "📞 Välkomstsamtal {period}: {on_time} i tid, {late} sena, {open} pågår",
        period=period_label(t, goal.spec.period_start, goal.spec.period_end),
        on_time=t.num(p.on_time or 0),
        late=t.num(p.late or 0),
        open=t.num(p.open or 0),
    )
    if p.overdue:
        text += t.n_(" – {n} försenat väntar fortfarande", " – {n} försenade väntar fortfarande", p.overdue)
    return text


async def _door_knocking(db: Database, org: ClockSettings, logged: _Logged, t: Texts) -> str:
    week = logged.week
    sessions = await logged.total(KNACK_SESSIONS)
    if sessions:
        return t._(
            "🚪 Dörrknackning denna vecka: {sessions}, {doors} dörrar, {talks} samtal",
            sessions=t.n_("{n} pass", "{n} pass", int(sessions)),
            doors=t.num(await logged.total(KNACK_DOORS)),
            talks=t.num(await logged.total(KNACK_TALKS)),
        )
    last = await day_totals.last_day(db, org.org_id, KNACK_SESSIONS, week.last)
    if last is None:
        return t._("🚪 Ingen dörrknackning loggad ännu.")
    return t._(
        "🚪 Ingen dörrknackning denna vecka (senast {day}).", day=t.day(last, with_year=last.year != week.last.year)
    )


async def _most_active(db: Database, org: ClockSettings, logged: _Logged, t: Texts, names: GoalNames) -> list[str]:
    lines = []
    per_forening = Counter()
    for row in logged.rows:
        if row.forening_id in names.foreningar:
            per_forening[names.foreningar[row.forening_id]] += row.entries
    active = [(name, n) for name, n in sorted(per_forening.items(), key=lambda x: (-x[1], x[0])) if n > 0]
    if active:
        listed = ", ".join(f"{name} ({t.num(n)})" for name, n in active[:TOP])
        lines.append(t._("🏆 Mest aktiva föreningar: {listed}", listed=listed))
    if org.digest_names:  # the organisation chose to name volunteers (/installningar namn på)
        start, end = local_period(org.timezone, logged.week.first, logged.week.last)
        people = await entries.most_active(db, org.org_id, start, end, TOP)
        if people:
            listed = ", ".join(f"{name} ({t.num(n)})" for name, n in people)
            lines.append(t._("🙌 Flitigast: {listed}", listed=listed))
    return lines
