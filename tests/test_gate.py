"""The gate: a flood gets one friendly refusal and is dropped; oversized messages and files are refused."""

from __future__ import annotations

from sqlalchemy import func, select

from handlers.gate import FLOOD_LIMIT
from storage.models import Entry
from tests.conftest import BOARD_MEMBER, VOLUNTEER
from tests.harness import text_of


async def entries_of(db) -> int:
    async with db.session() as s:
        return await s.scalar(select(func.count()).select_from(Entry))


async def test_a_flood_gets_one_refusal_and_is_dropped_others_are_served(team, db):
    team.clock.advance(seconds=11)  # joining was an update too
    replies = [text_of(await team.send(VOLUNTEER, f"/knack {n + 1} 1 Ektorp")) for n in range(FLOOD_LIMIT + 70)]
    assert all(r.startswith("✅ Sparat") for r in replies[:FLOOD_LIMIT])
    assert replies[FLOOD_LIMIT].startswith("Lugn, lugn")
    assert set(replies[FLOOD_LIMIT + 1 :]) == {""}  # silence for the rest of the flood
    assert await entries_of(db) == FLOOD_LIMIT  # nothing of the flood stored
    assert text_of(await team.send(BOARD_MEMBER, "/knack 5 1 Ektorp")).startswith("✅ Sparat")  # others go on
    since = len(team.api.calls)
    await team.press(VOLUNTEER, team.api.sent(VOLUNTEER.id)[0], "undo:1")  # a button counts too
    assert team.answers(since) == []
    team.clock.advance(seconds=11)
    assert text_of(await team.send(VOLUNTEER, "/knack 7 1 Ektorp")).startswith("✅ Sparat")


async def test_a_five_megabyte_message_is_refused_with_the_right_form(team, db):
    answer = text_of(await team.send(VOLUNTEER, "/knack 40 12 " + "Ektorp " * 750_000))
    assert "för långt" in answer and "/knack 40 12 Ektorp" in answer
    assert await entries_of(db) == 0


async def test_an_oversized_file_is_refused_without_downloading_it(team, db):
    answer = text_of(await team.send_document(BOARD_MEMBER, "plan.pdf", b"%PDF-1.4", size=50 * 1024 * 1024))
    assert "för stor" in answer
    assert not any(c.method == "getFile" for c in team.api.calls)
