"""Two replicas on one database, in one test process: any replica can take any update.

Behind a load balancer the steps of one conversation land on different processes: a guided flow
must carry on wherever its next step lands, a card's button must work on the replica that did not
send the card, and a member removed on one replica must not keep writing on another for long.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from sqlalchemy import select

from bot.app import build_application
from domain.roles import Role
from scheduler.sweep import sweep
from storage import orgs, volunteers
from storage.database import Database
from storage.models import Entry, NewMember, WelcomeCase
from tests.conftest import ADMIN, BOARD_MEMBER, VOLUNTEER, join
from tests.fakebot import TOKEN, FakeBotApi, FakeRequest
from tests.harness import FakeClock, Harness, Person, text_of

OFFICER = Person(404, "Maja")


@asynccontextmanager
async def replica_of(first: Harness, db_url: str) -> AsyncIterator[Harness]:
    """A second Application with its own engine on the same database, seen by the same Telegram."""
    db = Database(db_url)
    app = build_application(TOKEN, db, request=FakeRequest(first.api), clock=first.clock, shared_flows=True)
    await app.initialize()
    second = Harness(app, first.api, first.clock)
    second._ids, second._callbacks = first._ids, first._callbacks  # one Telegram: ids never repeat
    yield second
    await app.shutdown()
    await db.dispose()


@pytest.fixture
async def team_on(any_db: Database, clock: FakeClock) -> AsyncIterator[tuple[Harness, Harness, int]]:
    """Replica A and replica B on SQLite and PostgreSQL, with a team that joined through A."""
    api = FakeBotApi()
    app = build_application(TOKEN, any_db, request=FakeRequest(api), clock=clock, shared_flows=True)
    await app.initialize()
    first = Harness(app, api, clock)
    org = await orgs.create_org(any_db, "Partille AK", ["Ektorp"], "Europe/Stockholm", clock())
    for person, role in [(ADMIN, Role.ADMIN), (BOARD_MEMBER, Role.STYRELSE), (VOLUNTEER, Role.VOLONTAR)]:
        await join(first, any_db, org, person, role)
    async with replica_of(first, any_db.url) as second:
        yield first, second, org
    await app.shutdown()


async def test_a_new_member_flow_whose_steps_alternate_between_replicas_completes(team_on, any_db):
    a, b, _org = team_on
    assert "Vad heter" in text_of(await a.send(VOLUNTEER, "/nymedlem"))
    assert "telefon" in text_of(await b.send(VOLUNTEER, "Anna Andersson")).lower()
    ask_forening = await a.send(VOLUNTEER, "070-123 45 67")
    assert "förening" in text_of(ask_forening).lower()
    ask_channel = await b.press(VOLUNTEER, ask_forening[0], "nymedlem:forening:-")
    ask_union = await a.press(VOLUNTEER, ask_channel[0], "nymedlem:channel:dorr")
    done = await b.press(VOLUNTEER, ask_union[0], "nymedlem:union:yes")
    assert text_of(done).startswith("✅ Sparat: En ny medlem")
    async with any_db.session() as s:
        kinds = (await s.scalars(select(Entry.kind))).all()
        details = (await s.scalars(select(NewMember))).all()
    assert kinds == ["member"] and len(details) == 1
    assert details[0].name == "Anna Andersson"  # the name typed on B, saved by B, asked for by A


async def test_a_flow_cancelled_on_one_replica_is_over_on_the_other(team_on, any_db):
    a, b, _org = team_on
    await a.send(VOLUNTEER, "/nymedlem")
    assert "Avbrutet" in text_of(await b.send(VOLUNTEER, "/avbryt"))
    answer = text_of(await a.send(VOLUNTEER, "Anna Andersson"))  # no flow asks for a name now
    assert "telefon" not in answer.lower()
    async with any_db.session() as s:
        assert (await s.scalars(select(NewMember))).all() == []


async def test_a_card_sent_by_replica_a_is_answered_on_replica_b(team_on, any_db):
    a, b, org = team_on
    await join(a, any_db, org, OFFICER, Role.MEDLEMSANSVARIG)
    await a.send(VOLUNTEER, "/nymedlem")
    await a.send(VOLUNTEER, "Anna Andersson")
    ask = await a.send(VOLUNTEER, "0701234567")
    ask = await a.press(VOLUNTEER, ask[0], "nymedlem:forening:-")
    ask = await a.press(VOLUNTEER, ask[0], "nymedlem:channel:dorr")
    await a.press(VOLUNTEER, ask[0], "nymedlem:union:no")
    before = len(a.api.calls)
    await sweep(a.app)  # replica A's clock sends the card
    card = next(c for c in a.api.calls[before:] if c.method == "sendMessage" and "case:done:" in str(c.params))
    async with any_db.session() as s:
        case = await s.scalar(select(WelcomeCase))
    pressed = await b.press(OFFICER, card, f"case:done:{case.id}")  # pressed on replica B
    assert "Klart" in text_of(pressed)
    async with any_db.session() as s:
        assert (await s.get(WelcomeCase, case.id)).closed_reason is not None


async def test_a_member_removed_on_one_replica_stops_writing_on_the_other_within_seconds(
    team_on, any_db, monkeypatch
):
    a, b, _org = team_on
    assert "Sparat" in text_of(await b.send(VOLUNTEER, "/knack 10 2 Ektorp"))  # B now knows the volunteer
    member = await orgs.member_for(any_db, VOLUNTEER.id)
    await volunteers.leave(any_db, member.id, a.clock())  # removed through replica A's engine
    now = orgs.time.monotonic()
    monkeypatch.setattr(orgs.time, "monotonic", lambda: now + orgs.MEMBER_TTL + 0.1)
    answer = text_of(await b.send(VOLUNTEER, "/knack 10 2 Ektorp"))
    assert "Sparat" not in answer and "inbjudningslänk" in answer
    assert orgs.MEMBER_TTL <= 5
