"""A district's level goal: the sum of its branches' levels moves only when a branch's level moves.

A branch's first report is where it stands, never growth, whether it reports first or last; a
share (percent) is the branches' unweighted mean, read the same way.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from domain.district_facts import summed_facts, summed_levels
from domain.goals import GoalKind, GoalSpec, MilestoneStatus, Unit
from domain.progress import Arrow, GoalFacts, evaluate

START = date(2025, 1, 1)
YEAR = GoalSpec(
    kind=GoalKind.LEVEL, metric="members_total", target=1000, period_start=START, period_end=date(2025, 12, 31)
)

values = st.integers(min_value=0, max_value=10_000).map(float)
days = st.integers(min_value=0, max_value=364).map(lambda n: START + timedelta(days=n))
reports = st.lists(st.tuples(days, values), min_size=1, max_size=6).map(lambda r: tuple(sorted(r, key=lambda x: x[0])))
branches = st.lists(reports, min_size=1, max_size=5)


def last_of_day(one: tuple[tuple[date, float], ...]) -> list[tuple[date, float]]:
    return sorted(dict(one).items())


@given(st.lists(st.tuples(st.lists(days, min_size=1, max_size=5), values), min_size=1, max_size=5))
def test_flat_branches_give_a_flat_district(flat):
    series = [tuple((day, value) for day in sorted(when)) for when, value in flat]
    assert {v for _, v in summed_levels(series)} == {sum(value for _, value in flat)}
    assert len({v for _, v in summed_levels(series, mean=True)}) == 1


@given(branches)
def test_a_branchs_first_report_is_never_growth(series):
    summed = summed_levels(series)
    climbs = sum(last_of_day(one)[-1][1] - last_of_day(one)[0][1] for one in series)
    assert summed[-1][1] - summed[0][1] == climbs


@given(branches, st.data(), st.integers(min_value=-500, max_value=500).map(float))
def test_one_branch_rising_by_x_raises_the_sum_by_x(series, data, x):
    k = data.draw(st.integers(min_value=0, max_value=len(series) - 1))
    later = max(day for one in series for day, _ in one) + timedelta(days=1)
    risen = list(series)
    risen[k] = series[k] + ((later, last_of_day(series[k])[-1][1] + x),)
    before, after = summed_levels(series), summed_levels(risen)
    assert after[-1] == (later, before[-1][1] + x)
    assert after[:-1] == before  # nothing earlier changes


@given(branches, st.lists(days, min_size=1, max_size=4))
def test_a_flat_branch_joining_late_changes_no_climb(series, joiner_days):
    joiner = tuple((day, 123.0) for day in sorted(joiner_days))
    summed, joined = summed_levels(series), summed_levels([*series, joiner])
    assert joined[-1][1] - joined[0][1] == summed[-1][1] - summed[0][1]


def test_two_flat_branches_are_no_rise_in_the_district():
    """The reviewer's case: 300 then 300, and 400 then 400 a month later. Each branch alone is ↓; so is
    the district, whose level stays 700 (it used to read as a climb from 300 to 700, ↑)."""
    a = GoalFacts(reports=((date(2025, 2, 1), 300.0), (date(2025, 4, 1), 300.0)))
    b = GoalFacts(reports=((date(2025, 3, 1), 400.0), (date(2025, 4, 1), 400.0)))
    today = date(2025, 4, 2)
    assert [evaluate(YEAR, one, today).arrow for one in (a, b)] == [Arrow.DOWN, Arrow.DOWN]
    district = summed_facts([a, b], Unit.COUNT, MilestoneStatus.NOT_STARTED)
    assert district.reports == ((date(2025, 2, 1), 700.0), (date(2025, 3, 1), 700.0), (date(2025, 4, 1), 700.0))
    judged = evaluate(YEAR, district, today)
    assert (judged.arrow, judged.done) == (Arrow.DOWN, 700.0)


def test_a_day_reads_its_last_report_and_shares_are_averaged():
    a = ((date(2025, 1, 10), 30.0), (date(2025, 1, 10), 20.0), (date(2025, 3, 1), 40.0))  # corrected the same day
    b = ((date(2025, 2, 1), 60.0),)
    assert summed_levels([a, b], mean=True) == (
        (date(2025, 1, 10), 40.0),
        (date(2025, 2, 1), 40.0),
        (date(2025, 3, 1), 50.0),
    )


def test_a_quiet_branch_keeps_its_level_and_adds_no_climb():
    """A branch gone quiet adds nothing to the climb: the district's climb is the active branch's
    alone, judged on the latest report's day, so it falls behind the path as the quiet branch does."""
    quiet = GoalFacts(reports=((date(2025, 1, 5), 400.0),))
    active = GoalFacts(reports=((date(2025, 1, 5), 100.0), (date(2025, 11, 1), 300.0)))
    district = summed_facts([quiet, active], Unit.COUNT, MilestoneStatus.NOT_STARTED)
    judged = evaluate(YEAR, district, date(2025, 11, 2))
    assert (judged.done, judged.latest_date, judged.arrow) == (700.0, date(2025, 11, 1), Arrow.DOWN)
    assert evaluate(YEAR, quiet, date(2025, 11, 2)).arrow is Arrow.DOWN
