"""Guided flows left open: a new command ends them, /avbryt ends them all (issue 10, item 7)."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import Entry, FlowState
from tests.conftest import VOLUNTEER
from tests.harness import buttons_of, text_of


async def entries_in(db) -> list[Entry]:
    async with db.session() as s:
        return list(await s.scalars(select(Entry).order_by(Entry.id)))


async def open_flows(db) -> list[str]:
    async with db.session() as s:
        return sorted(await s.scalars(select(FlowState.name)))


async def test_an_abandoned_flow_does_not_catch_the_next_flows_answer(team, db):
    assert "Hur många dörrar" in text_of(await team.send(VOLUNTEER, "/knack"))  # left unanswered
    assert "Hur många samtal" in text_of(await team.send(VOLUNTEER, "/samtal"))
    asked = await team.send(VOLUNTEER, "6")
    assert "Var blev samtalen av" in text_of(asked)  # the 6 is conversations, not doors
    assert "Hur många samtal blev det" not in text_of(asked)
    done = await team.press(VOLUNTEER, asked[0], "samtal:channel:torg")
    assert text_of(done).startswith("✅ Sparat: 6 samtal på torget")
    [entry] = await entries_in(db)
    assert (entry.kind, entry.conversations) == ("samtal", 6)
    await team.app.update_persistence()
    assert await open_flows(db) == []


async def test_any_other_command_ends_an_open_flow(team, db):
    await team.send(VOLUNTEER, "/knack")
    await team.send(VOLUNTEER, "/status")
    answer = await team.send(VOLUNTEER, "40")
    assert "Hur många samtal" not in text_of(answer)
    assert "/hjalp" in text_of(answer)  # plain text again, not an answer to /knack
    assert await entries_in(db) == []


async def test_cancel_ends_every_open_flow_and_says_so(team, db):
    await team.send(VOLUNTEER, "/knack")
    await team.send(VOLUNTEER, "40")
    await team.app.update_persistence()
    assert await open_flows(db) == ["knack"]
    assert text_of(await team.send(VOLUNTEER, "/avbryt")) == "Avbrutet. Inget sparat."
    await team.app.update_persistence()
    assert await open_flows(db) == []
    assert "knack" not in team.app.user_data[VOLUNTEER.id]  # the draft is gone too
    assert "Hur många samtal" not in text_of(await team.send(VOLUNTEER, "12"))
    assert await entries_in(db) == []


async def test_cancel_with_nothing_open_says_so_kindly(team):
    said = text_of(await team.send(VOLUNTEER, "/avbryt"))
    assert said.startswith("Det finns inget att avbryta")
    assert "känner jag inte" not in said
    assert text_of(await team.send(VOLUNTEER, "/cancel")).startswith("Det finns inget att avbryta")


async def test_a_flows_own_buttons_still_answer_it(team, db):
    """Only commands end a flow: a button of the open flow still counts."""
    ask = await team.send(VOLUNTEER, "/knack")
    ask_talks = await team.press(VOLUNTEER, ask[0], "knack:doors:30")
    assert "Hur många samtal" in text_of(ask_talks)
    ask_area = await team.send(VOLUNTEER, "7")
    assert "knack:area:-" in buttons_of(ask_area[0])
    assert "✅ Sparat" in text_of(await team.press(VOLUNTEER, ask_area[0], "knack:area:-"))
