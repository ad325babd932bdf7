"""The gate: a backlog is all saved, a flood of commands is slowed not lost, only junk is dropped;
oversized messages and files are refused."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot.update_processor import PerUserUpdateProcessor
from handlers.gate import FloodGate
from storage.models import Entry, Membership
from tests.conftest import BOARD_MEMBER, VOLUNTEER
from tests.harness import text_of


async def entries_of(db) -> int:
    async with db.session() as s:
        return await s.scalar(select(func.count()).select_from(Entry))


def replies_to(team, person) -> list[str]:
    return [c.params["text"] for c in team.api.sent(person.id)]


async def doors_logged(db, person) -> list[int]:
    async with db.session() as s:
        rows = await s.scalars(
            select(Entry.doors).join(Membership).where(Membership.telegram_user_id == person.id).order_by(Entry.id)
        )
        return list(rows)


async def test_a_backlog_after_downtime_is_all_saved(team, db):
    """45 /knack written one a second while the bot was down, delivered at once when it is back."""
    written = team.clock() + timedelta(seconds=11)
    backlog = [
        {"message": team.message(VOLUNTEER, f"/knack {n + 1} 1 Ektorp", sent=written + timedelta(seconds=n))}
        for n in range(45)
    ]
    team.clock.advance(hours=2)
    await team.deliver_all(backlog)
    replies = replies_to(team, VOLUNTEER)
    assert len(replies) == 45 and all(r.startswith("✅ Sparat") for r in replies)
    assert await doors_logged(db, VOLUNTEER) == list(range(1, 46))  # all of it, in the order written


@pytest.fixture
def quick_gate(team) -> FloodGate:
    """The production rule (limit per window, then one every window/limit seconds) on a short window."""
    gate = team.app.bot_data["flood_gate"] = FloodGate(limit=5, window=0.5)
    team.clock.advance(seconds=11)  # joining was an update too
    return gate


async def test_a_flood_of_commands_is_slowed_not_lost_and_others_are_served(team, db, quick_gate):
    flood = [{"message": team.message(VOLUNTEER, f"/knack {n + 1} 1 Ektorp")} for n in range(20)]  # one second
    loop = asyncio.get_running_loop()
    began = loop.time()
    flooding = asyncio.create_task(team.deliver_all(flood))
    await asyncio.sleep(0.2)
    other = loop.time()
    await team.deliver_all([{"message": team.message(BOARD_MEMBER, "/knack 5 1 Ektorp")}])
    assert loop.time() - other < 0.5  # others are not held up by the flood
    assert replies_to(team, BOARD_MEMBER)[0].startswith("✅ Sparat")
    assert not flooding.done()
    await flooding
    assert loop.time() - began >= 14 * 0.1 - 0.05  # 15 over the limit: one at once, then one every 0.1 s
    replies = replies_to(team, VOLUNTEER)
    assert [r for r in replies if r.startswith("Lugn, lugn")] == [replies[5]]  # told once
    assert sum(r.startswith("✅ Sparat") for r in replies) == 20
    assert await doors_logged(db, VOLUNTEER) == list(range(1, 21))
    assert quick_gate.slowed == 15


async def test_a_paced_flood_takes_no_place_others_need(team, db):
    """Even with a single place to run in, an update the gate makes wait steps aside meanwhile."""
    team.app.bot_data["flood_gate"] = FloodGate(limit=2, window=1.0)  # then one every 0.5 s
    team.clock.advance(seconds=11)
    processor = PerUserUpdateProcessor(max_running=1)
    flood = [{"message": team.message(VOLUNTEER, f"/knack {n + 1} 1 Ektorp")} for n in range(4)]
    flooding = asyncio.create_task(team.deliver_all(flood, processor))
    await asyncio.sleep(0.2)  # the fourth is waiting its 0.5 s
    loop = asyncio.get_running_loop()
    began = loop.time()
    await team.deliver_all([{"message": team.message(BOARD_MEMBER, "/knack 5 1 Ektorp")}], processor)
    assert loop.time() - began < 0.25
    assert not flooding.done()
    await flooding
    assert await doors_logged(db, VOLUNTEER) == [1, 2, 3, 4]


async def test_in_a_flood_only_junk_is_dropped(team, db, quick_gate):
    sticker = {"file_id": "s", "file_unique_id": "s", "width": 1, "height": 1}
    sticker |= {"is_animated": False, "is_video": False, "type": "regular"}

    def sticker_message() -> dict:
        message = team.message(VOLUNTEER, "")
        del message["text"]
        return {"message": {**message, "sticker": sticker}}

    updates = [{"message": team.message(VOLUNTEER, f"/knack {n + 1} 1 Ektorp")} for n in range(5)]
    updates += [sticker_message() for _ in range(3)]
    updates += [{"message": team.message(VOLUNTEER, "hej")} for _ in range(3)]  # the first is answered
    updates += [{"message": team.message(VOLUNTEER, "/knack 6 1 Ektorp")}]
    await team.deliver_all(updates)
    since = len(team.api.calls)
    await team.press(VOLUNTEER, team.api.sent(VOLUNTEER.id)[0], "undo:1")  # button spam: dropped
    assert team.answers(since) == []
    replies = replies_to(team, VOLUNTEER)
    assert sum(r.startswith("✅ Sparat") for r in replies) == 6
    assert sum(r.startswith("Skriv /hjalp") for r in replies) == 1  # one "hej", the repeats dropped
    assert await doors_logged(db, VOLUNTEER) == [1, 2, 3, 4, 5, 6]
    await asyncio.sleep(0.6)  # the flood has passed: a button works again
    team.clock.advance(seconds=11)
    await team.press(VOLUNTEER, team.api.sent(VOLUNTEER.id)[0], "undo:1")
    assert team.answers(since) == ["Ångrat."]


async def test_a_five_megabyte_message_is_refused_with_the_right_form(team, db):
    answer = text_of(await team.send(VOLUNTEER, "/knack 40 12 " + "Ektorp " * 750_000))
    assert "för långt" in answer and "/knack 40 12 Ektorp" in answer
    assert await entries_of(db) == 0


async def test_an_oversized_file_is_refused_without_downloading_it(team, db):
    answer = text_of(await team.send_document(BOARD_MEMBER, "plan.pdf", b"%PDF-1.4", size=50 * 1024 * 1024))
    assert "för stor" in answer
    assert not any(c.method == "getFile" for c in team.api.calls)
