"""The weekly digest's figures: every goal with its week, the welcome calls, door-knocking and the
most active föreningar. Writing them is views/digest.py's; /rapport and the weekly job call both.

Every figure comes from day totals and case rows, so an organisation with a million logged
entries gets its digest in milliseconds (`python -m bench clock` measures it).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from domain.case_steps import WELCOME_CALL
from domain.counting import CountRule, count_rule
from domain.entries import EntryKind
from domain.goals import GoalKind, GoalNames, GoalSpec, MilestoneStatus
from domain.progress import Progress, evaluate
from storage import day_totals, entries, orgs
from storage.cases import DEFAULT_LIMIT_DAYS
from storage.database import Database
from storage.digests import ClockSettings
from storage.goals import StoredGoal
from storage.progress import GoalStatus, goal_facts, goal_statuses, local_period

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


@dataclass(frozen=True)
class GoalWeek:
    goal: StoredGoal
    progress: Progress
    this_week: float | None  # a count goal's figure for the week; None: the goal's own line says it


@dataclass(frozen=True)
class WelcomeCalls:
    spec: GoalSpec  # the plan's welcome-call goal, or the default limit over the calendar year
    progress: Progress


@dataclass(frozen=True)
class Knocking:
    sessions: float
    doors: float  # doors and talks: counted only in a week with sessions
    talks: float
    last_day: date | None  # in a week without sessions: the last day with one, if any


@dataclass(frozen=True)
class DigestFigures:
    org_name: str
    week: Week
    names: GoalNames
    goals: list[GoalWeek]  # in the order of storage.progress.goal_statuses: by area
    welcome: WelcomeCalls
    knocking: Knocking
    active_foreningar: list[tuple[str, int]]  # (name, entries), the TOP most active
    active_people: list[tuple[str, int]]  # only if the organisation chose to name volunteers


async def digest_figures(db: Database, org: ClockSettings, week: Week) -> DigestFigures:
    statuses = await goal_statuses(db, org.org_id, org.timezone, week.last)
    names = await orgs.goal_names(db, org.org_id)
    logged = _Logged(db, org.org_id, week, await day_totals.sums(db, org.org_id, week.first, week.last))
    return DigestFigures(
        org_name=org.name,
        week=week,
        names=names,
        goals=[await _goal_week(s, logged) for s in statuses],
        welcome=await _welcome_calls(db, org, statuses, week),
        knocking=await _knocking(db, org, logged),
        active_foreningar=_active_foreningar(logged, names),
        active_people=await _active_people(db, org, week),
    )


@dataclass(frozen=True)
class _Logged:
    """The week's work, summed once for every figure that needs it."""

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


async def _goal_week(status: GoalStatus, logged: _Logged) -> GoalWeek:
    goal = status.goal
    rule = count_rule(goal.spec.metric or "")
    if goal.spec.kind is not GoalKind.COUNT or rule is None:
        return GoalWeek(goal, status.progress, None)
    return GoalWeek(goal, status.progress, await logged.total(rule, goal.forening_id, goal.spec))


async def _welcome_calls(db: Database, org: ClockSettings, statuses: list[GoalStatus], week: Week) -> WelcomeCalls:
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
    return WelcomeCalls(goal.spec, evaluate(goal.spec, await goal_facts(db, goal, org.timezone, week.last), week.last))


async def _knocking(db: Database, org: ClockSettings, logged: _Logged) -> Knocking:
    sessions = await logged.total(KNACK_SESSIONS)
    if sessions:
        return Knocking(sessions, await logged.total(KNACK_DOORS), await logged.total(KNACK_TALKS), None)
    return Knocking(0.0, 0.0, 0.0, await day_totals.last_day(db, org.org_id, KNACK_SESSIONS, logged.week.last))


def _active_foreningar(logged: _Logged, names: GoalNames) -> list[tuple[str, int]]:
    per_forening = Counter()
    for row in logged.rows:
        if row.forening_id in names.foreningar:
            per_forening[names.foreningar[row.forening_id]] += row.entries
    return [(name, n) for name, n in sorted(per_forening.items(), key=lambda x: (-x[1], x[0])) if n > 0][:TOP]


async def _active_people(db: Database, org: ClockSettings, week: Week) -> list[tuple[str, int]]:
    if not org.digest_names:  # the organisation chose to name volunteers (/installningar namn på)
        return []
    start, end = local_period(org.timezone, week.first, week.last)
    return list(await entries.most_active(db, org.org_id, start, end, TOP))
