"""views/goal_lines.py on its own: whatever a goal and its facts, the line shows the goal's own target."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.goals import GoalKind, GoalNames, GoalSpec, MilestoneStatus, Unit
from domain.progress import Case, GoalFacts, evaluate
from views.goal_lines import goal_line, goal_result, goal_summary, goal_target, pace
from views.i18n import Texts

T = Texts("sv")
START, END = date(2025, 1, 1), date(2025, 12, 31)
days = st.dates(min_value=START, max_value=END)
METRICS = {
    GoalKind.COUNT: ["new_members", "door_knocking_sessions", "activity:seniortraff"],
    GoalKind.CADENCE: ["door_knocking_sessions", "member_meetings", "activity:a_radio_pod"],
    GoalKind.LEVEL: ["members_total", "autogiro_share"],
    GoalKind.SLA: ["welcome_call"],
}
PERCENT = "\xa0%"
NAMES = GoalNames({1: "Ektorp"}, {"seniortraff": "Seniorträff", "a_radio_pod": "A-radio/Pod"})


@st.composite
def goals(draw: st.DrawFn) -> GoalSpec:
    kind = draw(st.sampled_from([k for k in GoalKind if k is not GoalKind.MILESTONE]))
    metric = draw(st.sampled_from(METRICS[kind]))
    return GoalSpec(
        kind=kind,
        metric=metric,
        target=draw(st.integers(min_value=1, max_value=5000)),
        unit=Unit.PERCENT if metric == "autogiro_share" else Unit.COUNT,
        window_days=draw(st.sampled_from([7, 14, 30, 365])) if kind is GoalKind.CADENCE else None,
        period_start=START,
        period_end=END,
    )


facts = st.builds(
    GoalFacts,
    total=st.integers(min_value=0, max_value=10_000),
    events_per_day=st.lists(st.tuples(days, st.integers(min_value=1, max_value=9)), max_size=20).map(tuple),
    reports=st.lists(st.tuples(days, st.integers(min_value=0, max_value=5000).map(float)), max_size=5).map(tuple),
    cases=st.lists(st.builds(Case, days, st.none() | days), max_size=5).map(tuple),
)


@settings(max_examples=300, deadline=None)
@given(goals(), facts, days, st.sampled_from([None, 1]))
def test_the_target_shown_is_the_goals_target(goal: GoalSpec, found: GoalFacts, today: date, forening) -> None:
    p = evaluate(goal, found, today)
    target = T.num(goal.target)
    line, summary = goal_line(T, goal, p, NAMES, forening), goal_summary(T, goal, NAMES)
    shown = {
        GoalKind.COUNT: f" av {target} (",
        GoalKind.CADENCE: f"{target} per ",
        GoalKind.LEVEL: target + (PERCENT if goal.unit is Unit.PERCENT else ""),
        GoalKind.SLA: f"inom {target} dagar",
    }[goal.kind]
    assert shown in line and target in summary and target in goal_target(T, goal, NAMES)
    assert ("(Ektorp)" in line) == (forening == 1)
    assert "seniortraff" not in line + summary and "a radio pod" not in (line + summary).lower()
    if goal.unit is Unit.PERCENT and p.latest_date is not None:
        assert goal_result(T, goal, p).endswith(PERCENT)
    assert "," not in pace(T, p)  # whole events a week, never 4,7


def test_a_milestone_reads_as_its_own_words() -> None:
    goal = GoalSpec(kind=GoalKind.MILESTONE, text="Ta fram en kommunikationsplan.", period_start=START, period_end=END)
    p = evaluate(goal, GoalFacts(status=MilestoneStatus.UNDER_WAY), date(2025, 3, 1))
    assert goal_line(T, goal, p).startswith("↑ Ta fram en kommunikationsplan: pågår")
    assert goal_summary(T, goal) == "Ta fram en kommunikationsplan"
