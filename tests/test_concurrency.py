"""Updates from different people run side by side; one person's run in order; the counts stay exact."""

from __future__ import annotations

import asyncio
import random

import pytest
from sqlalchemy import func, select
from telegram import Update
from telegram.ext import TypeHandler

from domain.roles import Role
from storage.database import Database
from storage.models import DayTotal, Entry, Membership, Organisation
from tests.conftest import BOARD_MEMBER, VOLUNTEER, join
from tests.harness import UTC_NOON, Harness, Person


async def test_a_slow_update_holds_up_only_its_own_sender(team, db):
    """User 1's first update is stuck; user 2's /knack is answered meanwhile; user 1's second waits its turn."""
    stuck, release = asyncio.Event(), asyncio.Event()
    first = team.message(VOLUNTEER, "/knack 1 1 Ektorp")

    async def slow(update: Update, _context) -> None:
        if update.effective_message and update.effective_message.message_id == first["message_id"]:
            stuck.set()
            await release.wait()  # slow work: a plan being read, a chart being drawn

    team.app.add_handler(TypeHandler(Update, slow), group=-10)  # before every other group
    second = team.message(VOLUNTEER, "/knack 2 1 Ektorp")
    volunteer = asyncio.create_task(team.deliver_all([{"message": first}, {"message": second}]))
    await stuck.wait()
    await asyncio.wait_for(team.deliver_all([{"message": team.message(BOARD_MEMBER, "/knack 7 1 Ektorp")}]), 2)
    assert team.api.sent(BOARD_MEMBER.id)[0].params["text"].startswith("✅ Sparat")
    await asyncio.sleep(0.05)
    assert team.api.sent(VOLUNTEER.id) == []  # the second waits for the first
    release.set()
    await volunteer
    said = [c.params["text"] for c in team.api.sent(VOLUNTEER.id)]
    assert [s.split(":")[2].split(",")[0].strip() for s in said] == ["1 dörr", "2 dörrar"]
    async with db.session() as s:
        assert list(await s.scalars(select(Entry.doors).order_by(Entry.id))) == [7, 1, 2]


USERS = 40
EACH = 5


async def test_many_people_logging_at_once_are_counted_exactly(any_harness: Harness, any_db: Database, any_org):
    people = [Person(10_000 + n, f"V{n}") for n in range(USERS)]
    for person in people:
        await join(any_harness, any_db, any_org, person, Role.VOLONTAR)
    any_harness.clock.advance(seconds=11)
    rng = random.Random(9)
    sent = {p.id: [(rng.randint(31, 90), rng.randint(0, 30)) for _ in range(EACH)] for p in people}
    rounds = [
        {"message": any_harness.message(p, f"/knack {doors} {talks} Ektorp")}
        for i in range(EACH)
        for p in people
        for doors, talks in [sent[p.id][i]]
    ]
    before = len(any_harness.api.calls)
    await any_harness.deliver_all(rounds)
    replies = [c.params["text"] for c in any_harness.api.calls[before:] if c.method == "sendMessage"]
    assert len(replies) == USERS * EACH and all(r.startswith("✅ Sparat") for r in replies)
    async with any_db.session() as s:
        for person in people:  # each person's entries, exact and in the order sent
            rows = await s.execute(
                select(Entry.doors, Entry.conversations)
                .join(Membership)
                .where(Membership.telegram_user_id == person.id)
                .order_by(Entry.id)
            )
            assert [tuple(r) for r in rows] == sent[person.id]
        totals = (await s.execute(select(func.sum(DayTotal.entries), func.sum(DayTotal.doors)))).one()
        doors = sum(d for logged in sent.values() for d, _ in logged)
        assert tuple(totals) == (USERS * EACH, doors)
        assert (await s.execute(select(func.sum(DayTotal.conversations)))).scalar() == sum(
            t for logged in sent.values() for _, t in logged
        )


@pytest.mark.parametrize("path", ["file", ":memory:"])
async def test_sqlite_units_of_work_never_share_a_transaction(tmp_path, path):
    """One connection, many concurrent units of work: each one commits or rolls back alone."""
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'v.db' if path == 'file' else ':memory:'}")
    await db.create_all()

    async def write(name: str, fail: bool) -> None:
        async with db.session() as s:
            s.add(Organisation(name=name, created_at=UTC_NOON))
            await s.flush()
            await asyncio.sleep(0.01)  # a unit of work that waits on something mid-way
            if fail:
                raise RuntimeError("rolled back")

    results = await asyncio.gather(*(write(f"org{n}", fail=n % 2 == 1) for n in range(10)), return_exceptions=True)
    assert sum(isinstance(r, RuntimeError) for r in results) == 5
    async with db.session() as s:
        names = set(await s.scalars(select(Organisation.name)))
    assert names == {f"org{n}" for n in range(0, 10, 2)}
    await db.dispose()
