"""Progress against a goal and the board's arrow (the "pilsystem"), for all five kinds of goal.

``evaluate(goal, facts, today)`` is pure: storage gathers the facts, the caller passes the day.
Days are whole days; ``today`` counts as gone for a count goal (as in ``elapsed_fraction``).

All thresholds live here, in this table:

count      ↑ done ≥ expected (the target × the share of the period gone)
           → done ≥ expected × (1 − SLIGHTLY_BEHIND)          ↓ otherwise
cadence    N (= target, 1 when missing) events per window of window_days, windows counted from
           period_start; a remainder shorter than a window joins the last window (a period shorter
           than a window is one window). A window is met with ≥ N events. The current window is on
           track when met, or when its events reach what a straight pace called for half a window
           (CADENCE_GRACE) ago: events ≥ N × (days gone before today / window length − ½). Today is
           still to go, as an event can come any day. So "once a week" is on track until half the
           week is gone, and nothing in the first two weeks of a three-week window is behind.
           ↑ every passed window met and the current one on track
           → only the current window behind, or at most SLIGHTLY_BEHIND of the passed windows missed
           ↓ otherwise
level      the latest report (per day the last one; none after today or period_end) against the
           straight path from the first report's value on its date to the target at period_end. A
           report is judged on its own date while it is at most LEVEL_FRESH (a quarter) of the period
           old, later on the day a quarter-period before today, so a level nobody reports on sinks.
           ↑ target reached, or the climb since the first report ≥ the path's climb by that day
           → ≥ (1 − SLIGHTLY_BEHIND) of it                   ↓ otherwise
           No report yet: ↑ before the period starts, → until LEVEL_FRESH of it is gone, then ↓.
sla        a case is due ``target`` whole days after it opened (0 when missing); on time when done by
           then; late when done after, or still open after it. Share on time = on time / (on time + late).
           ↑ no case due yet, or every due case on time (the plan promises each member)
           → share ≥ 1 − SLIGHTLY_BEHIND                       ↓ otherwise
milestone  the time allowed runs from period_start to the deadline (period_end when there is none).
           ↑ done; ↓ the deadline passed and not done
           under way: ↑, → when the deadline is MILESTONE_CLOSE_DAYS (14) days away or closer (but
           never below what "not started" would get: starting a goal never lowers its arrow)
           not started: ↓ when less than MILESTONE_LAST_SHARE (10 %) of the time is left,
           → when more than MILESTONE_HALF (half) of it is gone, else ↑

A missing target reads as 0 (nothing to fall behind on), except for cadence as said above.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from domain.goals import GoalKind, GoalSpec, MilestoneStatus

SLIGHTLY_BEHIND = 0.10
CADENCE_GRACE = 0.5  # of a window
LEVEL_FRESH = 0.25  # of the period
MILESTONE_CLOSE_DAYS = 14
MILESTONE_HALF = 0.5
MILESTONE_LAST_SHARE = 0.10


class Arrow(StrEnum):
    UP = "↑"
    FLAT = "→"
    DOWN = "↓"


def elapsed_fraction(start: date, end: date, today: date) -> float:
    """Share of the period gone by the end of ``today`` (0 before it starts, 1 after it ends)."""
    if today < start:
        return 0.0
    if today >= end:
        return 1.0
    return ((today - start).days + 1) / ((end - start).days + 1)


def arrow(done: float, expected: float) -> Arrow:
    if done >= expected:
        return Arrow.UP
    if done >= expected * (1 - SLIGHTLY_BEHIND):
        return Arrow.FLAT
    return Arrow.DOWN


@dataclass(frozen=True)
class CountProgress:
    done: float
    target: float
    expected: float  # what the date says should be done by now
    percent: float
    arrow: Arrow
    remaining_days: int

    @property
    def reached(self) -> bool:
        return self.done >= self.target


def count_progress(done: float, target: float, start: date, end: date, today: date) -> CountProgress:
    expected = target * elapsed_fraction(start, end, today)
    percent = 100.0 * done / target if target else 100.0
    remaining = max(0, (end - max(today, start)).days + (0 if today >= start else 1))
    return CountProgress(done, target, expected, percent, arrow(done, expected), remaining)


@dataclass(frozen=True)
class Case:
    """One new member's step in the welcome chain (an sla goal measures these)."""

    opened: date
    done: date | None = None


@dataclass(frozen=True)
class GoalFacts:
    """What storage gathers for one goal; only the field for the goal's kind matters."""

    total: float = 0  # count: the sum over the period so far
    events_per_day: tuple[tuple[date, int], ...] = ()  # cadence: (day, how many matching events that day)
    reports: tuple[tuple[date, float], ...] = ()  # level: dated reported values
    cases: tuple[Case, ...] = ()  # sla
    status: MilestoneStatus = MilestoneStatus.NOT_STARTED  # milestone


@dataclass(frozen=True)
class Progress:
    """Where one goal stands: the first six fields for every kind (None where meaningless), the rest for one."""

    kind: GoalKind
    arrow: Arrow
    done: float | None  # count: total; cadence: windows met; level: latest value; sla: cases on time
    target: float | None  # count/level: target; cadence: windows passed; sla: cases due (on time + late)
    expected: float | None  # count: due by now; level: the path's value the latest report is judged against
    percent: float | None  # done / target in %
    days_left: int | None = None  # count: to period_end; milestone: to the deadline (not when done)
    # cadence: the current window (None when today is outside the period)
    per_window: float | None = None  # N
    window_events: int | None = None
    window_on_track: bool | None = None
    window_last_day: date | None = None
    # level
    latest_date: date | None = None
    # sla: late includes overdue, the cases still open past their due day
    on_time: int | None = None
    late: int | None = None
    open: int | None = None
    overdue: int | None = None
    # milestone
    status: MilestoneStatus | None = None
    deadline: date | None = None  # the plan's deadline, or period_end when it gives none

    def needed_per_week(self) -> float | None:
        """Count goals: what each remaining week must bring to reach the target (all of it in a last short week)."""
        if self.kind is not GoalKind.COUNT or self.target is None or self.done is None or self.days_left is None:
            return None
        missing = max(0.0, self.target - self.done)
        if missing == 0:
            return 0.0
        if self.days_left == 0:
            return None
        return missing * min(1.0, 7 / self.days_left)


def evaluate(goal: GoalSpec, facts: GoalFacts, today: date) -> Progress:
    judge = {
        GoalKind.COUNT: _count,
        GoalKind.CADENCE: _cadence,
        GoalKind.LEVEL: _level,
        GoalKind.SLA: _sla,
        GoalKind.MILESTONE: _milestone,
    }[goal.kind]
    return judge(goal, facts, today)


def _percent(done: float, target: float) -> float:
    return 100.0 * done / target if target else 100.0


# --- count -------------------------------------------------------------------------------------------


def _count(goal: GoalSpec, facts: GoalFacts, today: date) -> Progress:
    p = count_progress(facts.total, goal.target or 0, goal.period_start, goal.period_end, today)
    has_target = goal.target is not None
    return Progress(
        kind=GoalKind.COUNT,
        arrow=p.arrow,
        done=p.done,
        target=goal.target,
        expected=p.expected if has_target else None,
        percent=p.percent if has_target else None,
        days_left=p.remaining_days,
    )


# --- cadence: whole-day ordinals, so windows near date.max cannot overflow ---------------------------


@dataclass(frozen=True)
class _Windows:
    first: int  # ordinal of period_start
    last: int  # ordinal of period_end
    length: int  # window_days
    count: int  # how many windows the period holds

    def index(self, day: int) -> int:
        return min((day - self.first) // self.length, self.count - 1)

    def bounds(self, k: int) -> tuple[int, int]:
        start = self.first + k * self.length
        return start, self.last if k == self.count - 1 else start + self.length - 1


def _cadence(goal: GoalSpec, facts: GoalFacts, today: date) -> Progress:
    n = 1.0 if goal.target is None else goal.target
    first, last, now = goal.period_start.toordinal(), goal.period_end.toordinal(), today.toordinal()
    length = goal.window_days or 1
    windows = _Windows(first, last, length, max(1, (last - first + 1) // length))
    events: Counter[int] = Counter()
    for day, happened in facts.events_per_day:
        if first <= day.toordinal() <= min(now, last):
            events[windows.index(day.toordinal())] += happened
    passed = 0 if now < first else windows.count if now > last else windows.index(now)
    met = sum(1 for k in range(passed) if events[k] >= n)
    current = windows.index(now) if first <= now <= last else None
    on_track = None if current is None else _window_on_track(events[current], n, windows.bounds(current), now)
    return Progress(
        kind=GoalKind.CADENCE,
        arrow=_cadence_arrow(passed - met, passed, on_track),
        done=met,
        target=passed,
        expected=None,
        percent=100.0 * met / passed if passed else None,
        per_window=n,
        window_events=None if current is None else events[current],
        window_on_track=on_track,
        window_last_day=None if current is None else date.fromordinal(windows.bounds(current)[1]),
    )


def _window_on_track(events: int, n: float, bounds: tuple[int, int], now: int) -> bool:
    start, end = bounds
    gone = (now - start) / (end - start + 1)  # today is still to go: a Monday with no event is not behind
    return events >= n or events >= n * (gone - CADENCE_GRACE)


def _cadence_arrow(missed: int, passed: int, current_on_track: bool | None) -> Arrow:
    if missed == 0:
        return Arrow.FLAT if current_on_track is False else Arrow.UP
    if missed <= SLIGHTLY_BEHIND * passed:
        return Arrow.FLAT
    return Arrow.DOWN


# --- level -------------------------------------------------------------------------------------------


def _level(goal: GoalSpec, facts: GoalFacts, today: date) -> Progress:
    target = goal.target or 0.0
    reports = _daily_reports(facts.reports, min(today, goal.period_end))
    if not reports:
        return Progress(GoalKind.LEVEL, _unreported_arrow(goal, today), None, goal.target, None, None)
    (first_day, first_value), (latest_day, latest) = reports[0], reports[-1]
    expected = _path_value(first_day, first_value, goal.period_end, target, _judged_on(goal, latest_day, today))
    return Progress(
        kind=GoalKind.LEVEL,
        arrow=Arrow.UP if latest >= target else arrow(latest - first_value, expected - first_value),
        done=latest,
        target=goal.target,
        expected=expected,
        percent=_percent(latest, target),
        latest_date=latest_day,
    )


def _daily_reports(reports: tuple[tuple[date, float], ...], until: date) -> list[tuple[date, float]]:
    """One value per day (the last reported that day), oldest first, none after ``until``."""
    by_day = {day: value for day, value in reports if day <= until}
    return sorted(by_day.items())


def _unreported_arrow(goal: GoalSpec, today: date) -> Arrow:
    if today < goal.period_start:
        return Arrow.UP
    if elapsed_fraction(goal.period_start, goal.period_end, today) <= LEVEL_FRESH:
        return Arrow.FLAT
    return Arrow.DOWN


def _judged_on(goal: GoalSpec, latest_day: date, today: date) -> float:
    """The day (as an ordinal) a report is judged on: its own date, or a quarter-period before today once older."""
    fresh_days = LEVEL_FRESH * ((goal.period_end - goal.period_start).days + 1)
    return max(latest_day.toordinal(), today.toordinal() - fresh_days)


def _path_value(first_day: date, first_value: float, end: date, target: float, day: float) -> float:
    """The straight path from the first report to the target at the period's end."""
    span = end.toordinal() - first_day.toordinal()
    if span <= 0:
        return target
    share = min(1.0, (day - first_day.toordinal()) / span)
    return first_value + (target - first_value) * share


# --- sla ---------------------------------------------------------------------------------------------


def _sla(goal: GoalSpec, facts: GoalFacts, today: date) -> Progress:
    limit = int(min(goal.target or 0, date.max.toordinal()))  # whole days; "within 3.5 days" is by day 3
    now = today.toordinal()
    on_time = late = still_open = overdue = 0
    for case in facts.cases:
        if case.opened > today:
            continue
        due = case.opened.toordinal() + limit
        if case.done is not None:
            on_time, late = (on_time + 1, late) if case.done.toordinal() <= due else (on_time, late + 1)
        elif now > due:
            late, overdue = late + 1, overdue + 1
        else:
            still_open += 1
    due_cases = on_time + late
    return Progress(
        kind=GoalKind.SLA,
        arrow=_sla_arrow(on_time, due_cases),
        done=on_time,
        target=due_cases,
        expected=None,
        percent=100.0 * on_time / due_cases if due_cases else None,
        on_time=on_time,
        late=late,
        open=still_open,
        overdue=overdue,
    )


def _sla_arrow(on_time: int, due: int) -> Arrow:
    if on_time == due:
        return Arrow.UP
    if on_time >= (1 - SLIGHTLY_BEHIND) * due:
        return Arrow.FLAT
    return Arrow.DOWN


# --- milestone ---------------------------------------------------------------------------------------


def _milestone(goal: GoalSpec, facts: GoalFacts, today: date) -> Progress:
    deadline = goal.deadline or goal.period_end
    done = facts.status is MilestoneStatus.DONE
    return Progress(
        kind=GoalKind.MILESTONE,
        arrow=_milestone_arrow(facts.status, goal.period_start, deadline, today),
        done=None,
        target=None,
        expected=None,
        percent=None,
        days_left=None if done else max(0, (deadline - today).days),
        status=facts.status,
        deadline=deadline,
    )


def _milestone_arrow(status: MilestoneStatus, start: date, deadline: date, today: date) -> Arrow:
    if status is MilestoneStatus.DONE:
        return Arrow.UP
    if today > deadline:
        return Arrow.DOWN
    gone = elapsed_fraction(start, deadline, today)
    not_started = Arrow.DOWN if gone > 1 - MILESTONE_LAST_SHARE else Arrow.FLAT if gone > MILESTONE_HALF else Arrow.UP
    if status is MilestoneStatus.UNDER_WAY:
        # Starting never looks worse than not starting: a short milestone begun early stays ↑.
        close = (deadline - today).days <= MILESTONE_CLOSE_DAYS
        return Arrow.UP if not_started is Arrow.UP or not close else Arrow.FLAT
    return not_started
