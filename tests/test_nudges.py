"""Cadence nudges: one nudge when a window is about to close unmet, to the right people, never at night."""

from __future__ import annotations

from datetime import date

from domain.goals import GoalKind, GoalSpec
from domain.roles import Role
from storage import goals, orgs
from tests.conftest import ADMIN, BOARD_MEMBER, VOLUNTEER, join, utc
from tests.harness import Person
from tests.test_digest import board_group, stockholm, tick

KNACKER = Person(414, "Kari")


async def every_three_weeks(db, org, forening_id=None) -> None:
    """Door-knocking once per three weeks from Monday 3 March: windows 3–23 March, 24 March–13 April, …"""
    spec = GoalSpec(
        kind=GoalKind.CADENCE,
        metric="door_knocking_sessions",
        target=1,
        window_days=21,
        period_start=date(2025, 3, 3),
        period_end=date(2025, 12, 31),
    )
    await goals.add_goals(db, org, [spec], utc(2025, 3, 1), forening_id=forening_id)


def nudges_in(calls) -> list:
    return [c for c in calls if c.method == "sendMessage" and c.params["text"].startswith("⏰")]


def chats(calls) -> set[int]:
    return {int(c.params["chat_id"]) for c in calls}


async def test_two_weeks_without_a_session_nudge_the_board_once_in_the_morning(team, db, org):
    await every_three_weeks(db, org)
    assert nudges_in(await tick(team, stockholm(3, 16, 12))) == []  # eight days left: not yet
    assert nudges_in(await tick(team, stockholm(3, 17, 0, 30))) == []  # the last third, but night
    sent = nudges_in(await tick(team, stockholm(3, 17, 8)))
    assert chats(sent) == {ADMIN.id, BOARD_MEMBER.id}  # no report chat: the board, privately
    text = sent[0].params["text"]
    assert "Dörrknackningar (1 per tre veckor): 0 hittills i perioden som slutar 23 mars" in text
    assert "/knack" in text
    assert nudges_in(await tick(team, stockholm(3, 18, 12))) == []  # once per window
    await team.send(VOLUNTEER, "/knack 30 9 Ektorp", sent=stockholm(3, 25, 18))
    assert nudges_in(await tick(team, stockholm(4, 8, 12))) == []  # the next window is met
    assert chats(nudges_in(await tick(team, stockholm(4, 28, 12)))) == {ADMIN.id, BOARD_MEMBER.id}


async def test_a_report_chat_gets_it_instead_and_a_session_in_time_cancels_it(team, db, org):
    await every_three_weeks(db, org)
    group = await board_group(team)
    assert chats(nudges_in(await tick(team, stockholm(3, 17, 0, 30)))) == {group["id"]}  # a group has no night
    ektorp, _ = await orgs.find_forening(db, org, "Ektorp")
    await join(team, db, org, KNACKER, Role.VOLONTAR, forening_id=ektorp)
    await every_three_weeks(db, org, forening_id=ektorp)
    assert nudges_in(await tick(team, stockholm(3, 17, 1))) == []  # planned for Kari at 08:00
    await team.send(KNACKER, "/knack 20 4 Ektorp", sent=stockholm(3, 17, 7))
    assert nudges_in(await tick(team, stockholm(3, 17, 8))) == []  # met before it was sent: dropped


async def test_nudges_stay_within_the_goal_period(team, db, org):
    await every_three_weeks(db, org)
    assert nudges_in(await tick(team, stockholm(1, 5, 12, year=2026))) == []
