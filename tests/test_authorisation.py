"""Who may press a button now (issue 9, item 1), on SQLite and PostgreSQL: the forged hand-over of the
issue, and the storage layer's own checks for a button that is genuinely signed but no longer yours."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select

from bot.app import build_application
from domain.roles import Role
from handlers import button_guard
from scheduler.sweep import sweep
from storage import orgs, volunteers
from storage.models import Entry, Membership, WelcomeCase
from tests.conftest import ADMIN, BOARD_MEMBER, UTC_NOON, VOLUNTEER, join
from tests.fakebot import TOKEN, FakeBotApi, FakeRequest
from tests.harness import FakeClock, Harness, Person, buttons_of, text_of
from tests.test_button_guard import OFFICER, OUTSIDER, REFUSED, SECOND, snapshot

NOT_YOURS = "Det ärendet är inte ditt (längre), så knappen gör ingenting."
NO_TAKER = "Den personen kan inte ta över ärendet: bara medlemsansvariga och styrelsen kan det."


@pytest.fixture
async def world(any_db) -> AsyncIterator[tuple[Harness, object, int, object]]:
    """Partille AK (admin, board, volunteer, two medlemsansvariga) and Göteborg AK (one), with a case
    held by the Ektorp officer, whose card she has been sent."""
    api, clock = FakeBotApi(), FakeClock(UTC_NOON)
    app = build_application(TOKEN, any_db, request=FakeRequest(api), clock=clock)
    await app.initialize()
    h = Harness(app, api, clock)
    org = await orgs.create_org(any_db, "Partille AK", ["Ektorp", "Sävedalen"], "Europe/Stockholm", UTC_NOON)
    other = await orgs.create_org(any_db, "Göteborg AK", ["Majorna"], "Europe/Stockholm", UTC_NOON)
    ektorp, _ = await orgs.find_forening(any_db, org, "Ektorp")
    savedalen, _ = await orgs.find_forening(any_db, org, "Sävedalen")
    for person, role, forening in [
        (ADMIN, Role.ADMIN, None),
        (BOARD_MEMBER, Role.STYRELSE, None),
        (VOLUNTEER, Role.VOLONTAR, None),
        (OFFICER, Role.MEDLEMSANSVARIG, ektorp),
        (SECOND, Role.MEDLEMSANSVARIG, savedalen),
    ]:
        await join(h, any_db, org, person, role, forening_id=forening)
    await join(h, any_db, other, OUTSIDER, Role.MEDLEMSANSVARIG)
    await h.send(VOLUNTEER, "/nymedlem")
    await h.send(VOLUNTEER, "Anna Andersson")
    ask_forening = await h.send(VOLUNTEER, "0701234567")
    ask_channel = await h.press(VOLUNTEER, ask_forening[0], f"nymedlem:forening:{ektorp}")
    ask_union = await h.press(VOLUNTEER, ask_channel[0], "nymedlem:channel:dorr")
    await h.press(VOLUNTEER, ask_union[0], "nymedlem:union:no")
    h.clock.advance(minutes=1)
    api.calls.clear()
    await sweep(app)
    [card] = [c for c in api.calls if c.method == "sendMessage"]
    assert int(card.params["chat_id"]) == OFFICER.id
    yield h, any_db, org, card
    await app.shutdown()


async def membership_id(db, person: Person, org_id: int | None = None) -> int:
    async with db.session() as s:
        query = select(Membership.id).where(Membership.telegram_user_id == person.id)
        return await s.scalar(query.where(Membership.org_id == org_id) if org_id else query)


async def the_case(db) -> WelcomeCase:
    async with db.session() as s:
        return (await s.scalars(select(WelcomeCase).order_by(WelcomeCase.id))).first()


async def sent_to(h: Harness, person: Person) -> list[str]:
    """What a sweep now sends to ``person``."""
    h.api.calls.clear()
    await sweep(h.app)
    return [c.params["text"] for c in h.api.calls if c.method == "sendMessage" and int(c.params["chat_id"]) == person.id]


async def test_the_forged_hand_over_of_the_issue_is_refused_and_sends_nothing(world):
    h, db, _org, _card = world
    case_id = (await the_case(db)).id
    before = await snapshot(db)
    for attacker in (VOLUNTEER, SECOND, OUTSIDER):
        forged = f"case:to:{case_id}:{await membership_id(db, attacker)}"
        mark = len(h.api.calls)
        await h.press_raw(attacker, h.last_message(attacker.id), forged)
        assert h.answers(mark) == [REFUSED]
        assert [c.method for c in h.api.calls[mark:]] == ["answerCallbackQuery"]
    assert await snapshot(db) == before
    for attacker in (VOLUNTEER, SECOND, OUTSIDER):
        assert await sent_to(h, attacker) == []  # no card with Anna's name and phone, ever
    assert (await the_case(db)).assignee_id == await membership_id(db, OFFICER)


async def test_even_a_validly_signed_forgery_is_refused_by_the_storage_layer(world):
    """Defence in depth: were a signature ever made for the attacker, the case is still not theirs."""
    h, db, _org, _card = world
    case_id = (await the_case(db)).id
    before = await snapshot(db)
    expected = {
        SECOND: NOT_YOURS,  # an officer of the same organisation who does not hold the case
        OUTSIDER: "Ärendet finns inte längre.",  # another organisation's: not even there
        VOLUNTEER: "Det här kan bara en medlemsansvarig, styrelsen eller en admin göra.",
    }
    for attacker, answer in expected.items():
        own = await membership_id(db, attacker)
        for payload in (f"case:to:{case_id}:{own}", f"case:done:{case_id}", f"case:drop:{case_id}"):
            mark = len(h.api.calls)
            await h.press_raw(attacker, h.last_message(attacker.id), button_guard.sign(payload, attacker.id, attacker.id))
            assert h.answers(mark) == [answer], (attacker, payload)
        mark = len(h.api.calls)
        await h.press_raw(attacker, h.last_message(attacker.id), button_guard.sign(f"case:handover:{case_id}", attacker.id, attacker.id))
        assert "Vem tar över" not in text_of(h.api.calls[mark:])  # the officers' names are not listed either
    assert await snapshot(db) == before
    for attacker in expected:
        assert await sent_to(h, attacker) == []


async def test_a_signed_button_of_a_case_handed_over_since_is_refused(world):
    h, db, _org, card = world
    case_id = (await the_case(db)).id
    offered = await h.press(OFFICER, card, f"case:handover:{case_id}")
    second = await membership_id(db, SECOND)
    assert f"case:to:{case_id}:{second}" in buttons_of(offered[-1])
    assert "Överlämnat" in text_of(await h.press(OFFICER, offered[-1], f"case:to:{case_id}:{second}"))
    assert "Anna Andersson" in "\n".join(await sent_to(h, SECOND))
    for action in ("done", "drop", "noanswer", "handover"):
        mark = len(h.api.calls)
        await h.press(OFFICER, card, f"case:{action}:{case_id}")  # her own, genuinely signed, old card
        assert h.answers(mark) == [NOT_YOURS], action
    case = await the_case(db)
    assert (case.assignee_id, case.closed_reason) == (second, None)


async def test_hand_over_only_to_an_officer_of_the_same_organisation_who_is_still_a_member(world):
    h, db, _org, card = world
    case_id = (await the_case(db)).id
    sign = lambda payload: button_guard.sign(payload, OFFICER.id, OFFICER.id)  # noqa: E731
    second = await membership_id(db, SECOND)
    await volunteers.leave(db, second, h.clock())
    for target in (await membership_id(db, VOLUNTEER), await membership_id(db, OUTSIDER), second, 2**31 - 1):
        mark = len(h.api.calls)
        await h.press_raw(OFFICER, card, sign(f"case:to:{case_id}:{target}"))
        assert h.answers(mark) == [NO_TAKER], target
    mark = len(h.api.calls)
    await h.press_raw(OFFICER, card, sign(f"case:to:{case_id}:{10**30}"))  # no id the database could hold
    assert h.answers(mark) == ["Den knappen känner jag inte igen."]
    assert (await the_case(db)).assignee_id == await membership_id(db, OFFICER)
    board = await membership_id(db, BOARD_MEMBER)
    assert "Överlämnat" in text_of(await h.press_raw(OFFICER, card, sign(f"case:to:{case_id}:{board}")))


async def test_an_admin_may_act_on_any_case_of_the_organisation(world):
    h, db, _org, _card = world
    case_id = (await the_case(db)).id
    await h.press_raw(ADMIN, h.last_message(ADMIN.id), button_guard.sign(f"case:drop:{case_id}", ADMIN.id, ADMIN.id))
    assert (await the_case(db)).closed_reason == "not_relevant"


async def test_undo_only_by_the_entrys_author_even_with_a_signed_button(world):
    h, db, _org, _card = world
    saved = await h.send(VOLUNTEER, "/knack 40 12 Ektorp")
    [undo] = [b for b in buttons_of(saved[0]) if b.startswith("undo:")]
    mark = len(h.api.calls)
    await h.press_raw(ADMIN, h.last_message(ADMIN.id), button_guard.sign(undo, ADMIN.id, ADMIN.id))
    assert h.answers(mark) == ["Du kan bara ångra dina egna poster."]
    async with db.session() as s:
        assert (await s.scalars(select(Entry.undone_at).where(Entry.kind == "knack"))).all() == [None]
