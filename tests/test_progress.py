"""evaluate() for every kind of goal, at fixed dates, with the expectations worked out by hand."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.goals import GoalKind, GoalSpec, MilestoneStatus
from domain.progress import Arrow, Case, GoalFacts, Progress, count_progress, evaluate

UP, FLAT, DOWN = Arrow.UP, Arrow.FLAT, Arrow.DOWN
Y_START, Y_END = date(2025, 1, 1), date(2025, 12, 31)  # 365 days; 1 January 2025 is a Wednesday


def spec(kind: GoalKind, target: float | None = None, **fields) -> GoalSpec:
    metric = None if kind is GoalKind.MILESTONE else "m"
    fields.setdefault("period_start", Y_START)
    fields.setdefault("period_end", Y_END)
    return GoalSpec(kind=kind, metric=metric, target=target, **fields)


def days(first: date, *offsets: int) -> tuple[date, ...]:
    return tuple(first + timedelta(days=n) for n in offsets)


# --- count: target 365 over 365 days, so 'expected' is the number of days gone, today included -------


def count(total: float, today: date, target: float | None = 365) -> Progress:
    return evaluate(spec(GoalKind.COUNT, target), GoalFacts(total=total), today)


@pytest.mark.parametrize(
    ("total", "expected_arrow"),
    [(10, UP), (9, FLAT), (8.99, DOWN)],  # 9 is exactly 10 × (1 − 10 %)
)
def test_count_arrow_at_the_thresholds(total: float, expected_arrow: Arrow) -> None:
    p = count(total, date(2025, 1, 10))
    assert (p.expected, p.arrow) == (10, expected_arrow)


def test_count_fields_and_the_weekly_need() -> None:
    p = count(10, date(2025, 1, 10))
    assert (p.kind, p.done, p.target, p.days_left) == (GoalKind.COUNT, 10, 365, 355)
    assert p.percent == pytest.approx(100 * 10 / 365)
    assert p.needed_per_week() == pytest.approx(355 * 7 / 355)


def test_count_agrees_with_count_progress() -> None:
    today = date(2025, 7, 2)
    old = count_progress(20, 42, Y_START, Y_END, today)
    new = count(20, today, target=42)
    assert (new.done, new.expected, new.percent, new.arrow, new.days_left) == (
        old.done,
        old.expected,
        old.percent,
        old.arrow,
        old.remaining_days,
    )


def test_count_in_a_last_short_week_needs_all_that_is_missing() -> None:
    assert count(360, date(2025, 12, 28)).needed_per_week() == 5


def test_count_before_the_period_starts() -> None:
    p = count(0, date(2024, 12, 20))
    assert (p.expected, p.arrow, p.days_left) == (0, UP, 365)


def test_count_after_the_period_ended() -> None:
    behind = count(300, date(2026, 1, 5))
    assert (behind.expected, behind.arrow, behind.days_left, behind.needed_per_week()) == (365, DOWN, 0, None)
    assert count(365, date(2026, 1, 5)).needed_per_week() == 0


def test_count_with_empty_facts_mid_year_is_behind() -> None:
    assert evaluate(spec(GoalKind.COUNT, 42), GoalFacts(), date(2025, 6, 1)).arrow is DOWN


def test_count_without_a_target_has_nothing_to_fall_behind_on() -> None:
    p = count(3, date(2025, 6, 1), target=None)
    assert (p.arrow, p.target, p.expected, p.percent) == (UP, None, None, None)


# --- cadence -----------------------------------------------------------------------------------------


def cadence(event_days: tuple[date, ...], today: date, n: float | None = 1, window: int = 7, **period) -> Progress:
    return evaluate(
        spec(GoalKind.CADENCE, n, window_days=window, **period),
        GoalFacts(events_per_day=tuple(Counter(event_days).items())),
        today,
    )


def test_cadence_every_window_met_and_current_on_track() -> None:
    p = cadence(days(Y_START, 1, 8), date(2025, 1, 15))  # windows 1–7 and 8–14 January met
    assert (p.arrow, p.done, p.target, p.percent) == (UP, 2, 2, 100)
    assert (p.per_window, p.window_events, p.window_on_track, p.window_last_day) == (1, 0, True, date(2025, 1, 21))


def test_cadence_one_of_two_windows_missed_is_behind() -> None:
    p = cadence(days(Y_START, 1), date(2025, 1, 15))
    assert (p.arrow, p.done, p.target, p.percent) == (DOWN, 1, 2, 50)


@pytest.mark.parametrize(
    ("today", "on_track", "expected_arrow"),
    [(date(2025, 1, 18), True, UP), (date(2025, 1, 19), False, FLAT)],  # 3 and 4 of 7 days gone
)
def test_cadence_only_the_current_window_behind(today: date, on_track: bool, expected_arrow: Arrow) -> None:
    p = cadence(days(Y_START, 1, 8), today)
    assert (p.window_on_track, p.arrow) == (on_track, expected_arrow)


@pytest.mark.parametrize(
    ("today", "on_track", "expected_arrow"),
    [(date(2025, 1, 8), True, UP), (date(2025, 1, 9), False, FLAT)],  # exactly half of 14 days gone, then 8
)
def test_cadence_before_any_window_passed_judges_the_current_one(
    today: date, on_track: bool, expected_arrow: Arrow
) -> None:
    p = cadence((), today, window=14)
    assert (p.target, p.percent, p.window_on_track, p.arrow) == (0, None, on_track, expected_arrow)


def test_cadence_nothing_in_two_weeks_of_three_is_not_on_track() -> None:
    assert cadence((), date(2025, 1, 15), window=21).window_on_track is False


def test_cadence_a_window_met_early_stays_on_track() -> None:
    p = cadence(days(Y_START, 0, 0), date(2025, 1, 7), n=2)  # two events on one day count twice
    assert (p.window_events, p.window_on_track) == (2, True)


@pytest.mark.parametrize(("missed", "expected_arrow"), [(0, UP), (1, FLAT), (2, DOWN)])  # 1 of 10 is exactly 10 %
def test_cadence_share_of_missed_windows_after_the_period(missed: int, expected_arrow: Arrow) -> None:
    ten_weeks = {"period_end": date(2025, 3, 11)}  # 70 days
    events = days(Y_START, *(7 * k for k in range(missed, 10)))
    p = cadence(events, date(2025, 3, 20), **ten_weeks)
    assert (p.done, p.target, p.arrow, p.window_events, p.window_on_track) == (
        10 - missed,
        10,
        expected_arrow,
        None,
        None,
    )


def test_cadence_a_remainder_joins_the_last_window() -> None:
    fifteen_days = {"period_end": date(2025, 1, 15)}
    p = cadence(days(Y_START, 14), date(2025, 1, 10), **fifteen_days)
    assert p.window_last_day == date(2025, 1, 15)
    assert cadence(days(Y_START, 0, 14), date(2025, 1, 20), **fifteen_days).done == 2


def test_cadence_a_period_shorter_than_a_window_is_one_window() -> None:
    p = cadence((), date(2025, 1, 3), window=30, period_end=date(2025, 1, 10))
    assert (p.window_last_day, p.window_on_track) == (date(2025, 1, 10), True)


def test_cadence_ignores_events_outside_the_period_and_after_today() -> None:
    p = cadence((date(2024, 12, 31), date(2025, 1, 16)), date(2025, 1, 15))
    assert (p.done, p.window_events) == (0, 0)


def test_cadence_before_the_period_starts() -> None:
    p = cadence((), date(2024, 12, 1))
    assert (p.arrow, p.done, p.target, p.window_events) == (UP, 0, 0, None)


def test_cadence_without_a_target_means_once_per_window() -> None:
    assert cadence((), date(2025, 1, 15), n=None).arrow is DOWN


# --- level: 1000 on 1 January, target 1364 at 31 December, so the path climbs one a day ---------------

MARCH_2 = date(2025, 3, 2)  # day 60: the path stands at 1060


def level(reports: tuple[tuple[date, float], ...], today: date, target: float = 1364, **period) -> Progress:
    return evaluate(spec(GoalKind.LEVEL, target, **period), GoalFacts(reports=reports), today)


@pytest.mark.parametrize(
    ("value", "expected_arrow"),
    [(1060, UP), (1054, FLAT), (1053.9, DOWN)],  # a climb of 54 is exactly 90 % of the path's 60
)
def test_level_against_the_path_at_the_thresholds(value: float, expected_arrow: Arrow) -> None:
    p = level(((Y_START, 1000), (MARCH_2, value)), MARCH_2)
    assert (p.expected, p.arrow, p.done, p.latest_date) == (1060, expected_arrow, value, MARCH_2)


def test_level_reached_is_up_with_its_percent() -> None:
    p = level(((MARCH_2, 1364),), MARCH_2)
    assert (p.arrow, p.percent) == (UP, 100)


def test_level_a_single_report_is_on_the_path() -> None:
    assert level(((MARCH_2, 900),), date(2025, 4, 1)).arrow is UP


@pytest.mark.parametrize(
    ("days_later", "expected", "expected_arrow"),
    [(91, 1060, UP), (95, 1063.75, FLAT), (100, 1068.75, DOWN)],  # a report stays current for 91.25 days
)
def test_level_a_stale_report_sinks(days_later: int, expected: float, expected_arrow: Arrow) -> None:
    p = level(((Y_START, 1000), (MARCH_2, 1060)), MARCH_2 + timedelta(days=days_later))
    assert (p.expected, p.arrow) == (pytest.approx(expected), expected_arrow)


def test_level_the_last_report_of_a_day_counts_and_future_ones_do_not() -> None:
    reports = ((Y_START, 1000), (MARCH_2, 1000), (MARCH_2, 1060), (date(2025, 3, 3), 5000))
    assert level(reports, MARCH_2).done == 1060
    assert level(((MARCH_2, 1060), (MARCH_2, 1000)), MARCH_2).done == 1000


def test_level_after_the_period_is_judged_at_its_end() -> None:
    reports = ((Y_START, 1000), (date(2025, 12, 31), 1300), (date(2026, 1, 15), 1400))
    p = level(reports, date(2026, 2, 1))
    assert (p.done, p.expected, p.arrow) == (1300, 1364, DOWN)


@pytest.mark.parametrize(
    ("today", "expected_arrow"),
    [(date(2024, 12, 1), UP), (date(2025, 1, 25), FLAT), (date(2025, 1, 26), DOWN)],  # 25 of 100 days
)
def test_level_without_reports(today: date, expected_arrow: Arrow) -> None:
    p = level((), today, period_end=date(2025, 4, 10))
    assert (p.arrow, p.done, p.expected, p.percent) == (expected_arrow, None, None, None)


# --- sla: within 14 days, so a case opened 1 January is due 15 January --------------------------------


def sla(cases: tuple[Case, ...], today: date, target: float = 14) -> Progress:
    return evaluate(spec(GoalKind.SLA, target), GoalFacts(cases=cases), today)


def test_sla_on_time_late_open_and_overdue() -> None:
    cases = (
        Case(Y_START, date(2025, 1, 15)),  # on time, on the last day
        Case(Y_START, date(2025, 1, 16)),  # late
        Case(date(2025, 1, 2)),  # still open, due 16 January
        Case(Y_START),  # overdue
        Case(date(2025, 1, 17)),  # not opened yet as of today
    )
    p = sla(cases, date(2025, 1, 16))
    assert (p.on_time, p.late, p.open, p.overdue) == (1, 2, 1, 1)
    assert (p.done, p.target, p.percent, p.arrow) == (1, 3, pytest.approx(100 / 3), DOWN)


@pytest.mark.parametrize(
    ("on_time", "late", "expected_arrow"),
    [(10, 0, UP), (9, 1, FLAT), (8, 1, DOWN)],  # 90 % is the edge of "on the way"
)
def test_sla_share_on_time(on_time: int, late: int, expected_arrow: Arrow) -> None:
    cases = (Case(Y_START, Y_START),) * on_time + (Case(Y_START),) * late
    assert sla(cases, date(2025, 2, 1)).arrow is expected_arrow


def test_sla_with_no_case_due_yet_is_up() -> None:
    assert sla((Case(date(2025, 1, 10)),), date(2025, 1, 11)).arrow is UP
    p = sla((), date(2025, 6, 1))
    assert (p.arrow, p.done, p.target, p.percent) == (UP, 0, 0, None)


def test_sla_counts_whole_days_of_the_limit() -> None:
    assert sla((Case(Y_START, date(2025, 1, 4)),), date(2025, 2, 1), target=3.5).arrow is UP
    assert sla((Case(Y_START, date(2025, 1, 5)),), date(2025, 2, 1), target=3.5).arrow is DOWN  # 4 days > 3.5


# --- milestone ---------------------------------------------------------------------------------------

HUNDRED_DAYS = {"period_end": date(2025, 4, 10)}


def milestone(status: MilestoneStatus, today: date, **fields) -> Progress:
    return evaluate(spec(GoalKind.MILESTONE, **fields), GoalFacts(status=status), today)


def test_milestone_done_is_up_even_after_the_deadline() -> None:
    p = milestone(MilestoneStatus.DONE, date(2026, 3, 1), deadline=date(2025, 2, 28))
    assert (p.arrow, p.days_left, p.status, p.done) == (UP, None, MilestoneStatus.DONE, None)


@pytest.mark.parametrize("status", [MilestoneStatus.NOT_STARTED, MilestoneStatus.UNDER_WAY])
def test_milestone_past_its_deadline_is_down(status: MilestoneStatus) -> None:
    p = milestone(status, date(2025, 3, 1), deadline=date(2025, 2, 28))
    assert (p.arrow, p.days_left, p.deadline) == (DOWN, 0, date(2025, 2, 28))


@pytest.mark.parametrize(
    ("today", "days_left", "expected_arrow"),
    [(date(2025, 2, 13), 15, UP), (date(2025, 2, 14), 14, FLAT), (date(2025, 2, 28), 0, FLAT)],
)
def test_milestone_under_way_near_its_deadline(today: date, days_left: int, expected_arrow: Arrow) -> None:
    p = milestone(MilestoneStatus.UNDER_WAY, today, deadline=date(2025, 2, 28))
    assert (p.days_left, p.arrow) == (days_left, expected_arrow)


@pytest.mark.parametrize(
    ("today", "expected_arrow"),
    [
        (date(2024, 12, 1), UP),  # not started, the period neither
        (date(2025, 2, 19), UP),  # day 50 of 100: exactly half gone
        (date(2025, 2, 20), FLAT),
        (date(2025, 3, 31), FLAT),  # day 90: exactly 10 % left
        (date(2025, 4, 1), DOWN),
    ],
)
def test_milestone_not_started_by_the_time_gone(today: date, expected_arrow: Arrow) -> None:
    p = milestone(MilestoneStatus.NOT_STARTED, today, **HUNDRED_DAYS)
    assert (p.arrow, p.deadline) == (expected_arrow, date(2025, 4, 10))


def test_milestone_with_empty_facts_is_not_started() -> None:
    p = evaluate(spec(GoalKind.MILESTONE), GoalFacts(), date(2025, 3, 1))
    assert (p.status, p.days_left, p.arrow) == (MilestoneStatus.NOT_STARTED, 305, UP)


# --- any goal, any facts, any day --------------------------------------------------------------------

any_day = st.dates()


@st.composite
def goal_specs(draw: st.DrawFn) -> GoalSpec:
    kind = draw(st.sampled_from(GoalKind))
    start, end = sorted((draw(any_day), draw(any_day)))
    return GoalSpec(
        kind=kind,
        metric=None if kind is GoalKind.MILESTONE else "m",
        target=draw(st.none() | st.floats(min_value=0, allow_nan=False)),
        window_days=draw(st.integers(min_value=1, max_value=10**9)) if kind is GoalKind.CADENCE else None,
        period_start=start,
        period_end=end,
        deadline=draw(st.none() | any_day),
    )


goal_facts = st.builds(
    GoalFacts,
    total=st.floats(min_value=0, max_value=1e12),
    events_per_day=st.lists(st.tuples(any_day, st.integers(min_value=0, max_value=1000)), max_size=20).map(tuple),
    reports=st.lists(st.tuples(any_day, st.floats(min_value=0, max_value=1e12)), max_size=10).map(tuple),
    cases=st.lists(st.builds(Case, any_day, st.none() | any_day), max_size=10).map(tuple),
    status=st.sampled_from(MilestoneStatus),
)


@settings(max_examples=500, deadline=None)
@given(goal_specs(), goal_facts, any_day)
def test_evaluate_never_raises_and_always_gives_an_arrow(goal: GoalSpec, facts: GoalFacts, today: date) -> None:
    p = evaluate(goal, facts, today)
    assert p.kind is goal.kind
    assert p.arrow in (UP, FLAT, DOWN)
    p.needed_per_week()


# --- one more event never hurts: issue 10, item 1 -----------------------------------------------------

RANK = {DOWN: 0, FLAT: 1, UP: 2}
year_day = st.dates(min_value=Y_START, max_value=Y_END)
targets = st.integers(min_value=1, max_value=60).map(float)


def not_worse(before: Progress, after: Progress) -> bool:
    return RANK[after.arrow] >= RANK[before.arrow]


@settings(max_examples=300, deadline=None)
@given(st.floats(min_value=0, max_value=1e6), targets, year_day, st.floats(min_value=0.5, max_value=100))
def test_count_one_more_never_lowers_progress_or_arrow(total: float, target: float, today: date, more: float) -> None:
    before, after = count(total, today, target), count(total + more, today, target)
    assert after.done > before.done and not_worse(before, after)
    assert before.target == after.target == target


cadence_events = st.lists(st.tuples(year_day, st.integers(min_value=1, max_value=5)), max_size=30)


@settings(max_examples=500, deadline=None)
@given(cadence_events, targets, st.sampled_from([1, 7, 14, 30, 365]), year_day, year_day)
def test_cadence_one_more_event_never_lowers_progress_or_arrow(
    events: list[tuple[date, int]], n: float, window: int, today: date, extra: date
) -> None:
    goal = spec(GoalKind.CADENCE, n, window_days=window)
    extra = min(extra, today)  # an event logged for a day already come
    before = evaluate(goal, GoalFacts(events_per_day=tuple(events)), today)
    after = evaluate(goal, GoalFacts(events_per_day=(*events, (extra, 1))), today)
    assert (after.done or 0) >= (before.done or 0) and not_worse(before, after)
    assert (after.window_events or 0) >= (before.window_events or 0)
    assert before.per_window == after.per_window == n  # the target shown is the goal's


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(year_day, st.integers(min_value=0, max_value=2000).map(float)), min_size=1, max_size=8),
    st.integers(min_value=1, max_value=3000).map(float),
    year_day,
    st.floats(min_value=0.5, max_value=500),
)
def test_level_a_higher_report_never_lowers_progress_or_arrow(
    reports: list[tuple[date, float]], target: float, today: date, more: float
) -> None:
    goal = spec(GoalKind.LEVEL, target)
    latest_day = max(day for day, _ in reports)
    latest = [value for day, value in reports if day == latest_day][-1]
    before = evaluate(goal, GoalFacts(reports=tuple(reports)), today)
    after = evaluate(goal, GoalFacts(reports=(*reports, (latest_day, latest + more))), today)
    assert (after.done or 0) >= (before.done or 0) and not_worse(before, after)
    assert before.target == after.target == target


@settings(max_examples=300, deadline=None)
@given(st.lists(st.builds(Case, year_day, st.none() | year_day), min_size=1, max_size=10), targets, year_day)
def test_sla_one_more_call_made_never_lowers_progress_or_arrow(cases: list[Case], limit: float, today: date) -> None:
    goal = spec(GoalKind.SLA, limit)
    open_ = next((i for i, c in enumerate(cases) if c.done is None and c.opened <= today), None)
    if open_ is None:
        return
    made = [*cases]
    made[open_] = Case(cases[open_].opened, today)
    before = evaluate(goal, GoalFacts(cases=tuple(cases)), today)
    after = evaluate(goal, GoalFacts(cases=tuple(made)), today)
    assert (after.on_time or 0) >= (before.on_time or 0) and not_worse(before, after)


@settings(max_examples=300, deadline=None)
@given(year_day, year_day, st.none() | year_day)
def test_milestone_a_step_forward_never_lowers_its_arrow(start: date, today: date, deadline: date | None) -> None:
    goal = spec(GoalKind.MILESTONE, period_start=start, deadline=deadline)
    steps = [evaluate(goal, GoalFacts(status=s), today) for s in MilestoneStatus]  # not started, under way, done
    assert all(not_worse(a, b) for a, b in pairwise(steps))


def test_cadence_judges_the_goal_target_not_a_day_count() -> None:
    """Issue 10: three sessions on one Saturday made the per-window target 3 for the whole year."""
    fortnightly = days(Y_START, *range(0, 365, 14))
    p = cadence(fortnightly, date(2025, 12, 31), n=1, window=14)
    assert (p.arrow, p.done, p.target, p.per_window) == (UP, 25, 25, 1)
    saturday = date(2025, 6, 14)
    busy = evaluate(
        spec(GoalKind.CADENCE, 1, window_days=14),
        GoalFacts(events_per_day=(*Counter(fortnightly).items(), (saturday, 3))),
        date(2025, 12, 31),
    )
    assert (busy.arrow, busy.done, busy.per_window) == (UP, 25, 1)
