"""The welcome chain on the clock: reminders, quiet hours, buttons, escalation, hand-over, blocked officers."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from domain.roles import Role
from scheduler.sweep import sweep
from storage import orgs
from storage.models import Membership, Outbox, WelcomeCase
from tests.conftest import ADMIN, BOARD_MEMBER, VOLUNTEER, join
from tests.harness import Person, text_of

OFFICER = Person(404, "Maja")
SECOND = Person(505, "Olle")
THURSDAY_2230 = datetime(2025, 3, 13, 21, 30, tzinfo=UTC)  # 22:30 in Stockholm


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A time in March 2025, Stockholm (UTC+1 until the 30th)."""
    return datetime(2025, 3, day, hour - 1, minute, tzinfo=UTC)


async def officers(team, db, org) -> int:
    ektorp, _name = await orgs.find_forening(db, org, "Ektorp")
    await join(team, db, org, OFFICER, Role.MEDLEMSANSVARIG, forening_id=ektorp)
    await join(team, db, org, SECOND, Role.MEDLEMSANSVARIG)
    return ektorp


async def register(team, ektorp: int, when: datetime) -> None:
    team.clock.now = when
    await team.send(VOLUNTEER, "/nymedlem")
    await team.send(VOLUNTEER, "Anna Andersson")
    ask_forening = await team.send(VOLUNTEER, "0701234567")
    ask_channel = await team.press(VOLUNTEER, ask_forening[0], f"nymedlem:forening:{ektorp}")
    ask_union = await team.press(VOLUNTEER, ask_channel[0], "nymedlem:channel:dorr")
    await team.press(VOLUNTEER, ask_union[0], "nymedlem:union:no")


async def sweep_at(team, when: datetime) -> list:
    team.clock.now = when
    team.api.calls.clear()
    await sweep(team.app)
    return [c for c in team.api.calls if c.method == "sendMessage"]


def to(calls, person: Person) -> list:
    return [c for c in calls if int(c.params["chat_id"]) == person.id]


async def only_case(db) -> WelcomeCase:
    async with db.session() as s:
        return (await s.scalars(select(WelcomeCase).order_by(WelcomeCase.id))).all()


async def test_registered_thursday_night_reminded_friday_at_eight_once(team, db, org):
    ektorp = await officers(team, db, org)
    await register(team, ektorp, THURSDAY_2230)
    assert await sweep_at(team, at(13, 22, 31)) == []
    assert await sweep_at(team, at(14, 7, 59)) == []
    sent = await sweep_at(team, at(14, 8, 0))
    assert [int(c.params["chat_id"]) for c in sent] == [OFFICER.id]  # the förening's own officer
    card = sent[0].params["text"]
    assert "Anna Andersson" in card and "+46701234567" in card and "Ektorp" in card
    assert "Senast 18 mars" in card  # five days, the default without an sla goal
    assert "case:done:" in str(sent[0].params["reply_markup"])
    assert await sweep_at(team, at(14, 8, 1)) == []  # exactly once


async def test_done_pressed_twice_counts_once_and_opens_the_invitation(team, db, org):
    ektorp = await officers(team, db, org)
    await register(team, ektorp, at(14, 12))
    card = (await sweep_at(team, at(14, 12, 1)))[0]
    case_id = (await only_case(db))[0].id
    first = await team.press(OFFICER, card, f"case:done:{case_id}")
    assert "Klart" in text_of(first)
    since = len(team.api.calls)
    assert await team.press(OFFICER, card, f"case:done:{case_id}") == []
    assert team.answers(since) == ["Redan gjort."]
    steps = [(c.step, c.closed_reason) for c in await only_case(db)]
    assert steps == [("welcome_call", "done"), ("activity_invitation", None)]
    invitation = await sweep_at(team, at(14, 12, 2))
    assert "Bjud in en ny medlem till en aktivitet" in to(invitation, OFFICER)[0].params["text"]


async def test_late_case_is_reminded_then_escalated_once_without_contact_details(team, db, org):
    ektorp = await officers(team, db, org)
    await register(team, ektorp, at(14, 12))
    await sweep_at(team, at(14, 12, 1))
    due_day = await sweep_at(team, at(19, 8))
    assert "Påminnelse" in to(due_day, OFFICER)[0].params["text"]
    escalated = await sweep_at(team, at(19, 12, 1))  # five days after 14 March 12:00
    assert {int(c.params["chat_id"]) for c in escalated} == {ADMIN.id}
    warning = escalated[0].params["text"]
    assert "Försenat" in warning and "Ektorp" in warning
    assert "Anna" not in warning and "070" not in warning and "+46" not in warning
    day_after = await sweep_at(team, at(20, 8))
    assert [int(c.params["chat_id"]) for c in day_after] == [OFFICER.id]
    assert await sweep_at(team, at(25, 8)) == []


async def test_no_answer_and_hand_over(team, db, org):
    ektorp = await officers(team, db, org)
    await register(team, ektorp, at(14, 12))
    card = (await sweep_at(team, at(14, 12, 1)))[0]
    case_id = (await only_case(db))[0].id
    await team.press(OFFICER, card, f"case:noanswer:{case_id}")
    retry = await sweep_at(team, at(16, 12, 1))
    assert "försöka igen" in to(retry, OFFICER)[0].params["text"]

    choose = await team.press(OFFICER, card, f"case:handover:{case_id}")
    whom = next(c for c in choose if c.method == "sendMessage")
    assert "Vem tar över?" in whom.params["text"]
    async with db.session() as s:
        second_id = await s.scalar(select(Membership.id).where(Membership.telegram_user_id == SECOND.id))
    await team.press(OFFICER, whom, f"case:to:{case_id}:{second_id}")
    assert (await only_case(db))[0].assignee_id == second_id
    handed = await sweep_at(team, at(16, 12, 2))
    assert "Anna Andersson" in to(handed, SECOND)[0].params["text"]


async def test_an_officer_who_blocked_the_bot_hands_the_case_on(team, db, org):
    ektorp = await officers(team, db, org)
    team.api.blocked_chats.add(OFFICER.id)
    await register(team, ektorp, at(14, 12))
    sent = await sweep_at(team, at(14, 12, 1))
    # The attempt to the blocked chat fails (403); the next officer gets the case in the same sweep.
    assert [int(c.params["chat_id"]) for c in sent] == [OFFICER.id, SECOND.id]
    assert "Anna Andersson" in sent[1].params["text"]
    async with db.session() as s:
        blocked = await s.scalar(select(Membership).where(Membership.telegram_user_id == OFFICER.id))
    assert blocked.unreachable_since is not None


async def test_downtime_across_due_times_sends_one_message_per_case(team, db, org):
    ektorp = await officers(team, db, org)
    await register(team, ektorp, at(14, 12))
    # The bot was down from before the first message until after the due day's reminder.
    sent = await sweep_at(team, at(19, 9))
    assert len(to(sent, OFFICER)) == 1
    assert await sweep_at(team, at(19, 9, 1)) == []
    async with db.session() as s:
        pending = await s.scalar(select(func.count()).select_from(Outbox).where(Outbox.sent_at.is_(None)))
    assert pending == 2  # the escalation at 12:00 and the day-after reminder are still to come


async def test_only_officers_press_case_buttons_and_ringlista_lists_mine(team, db, org):
    ektorp = await officers(team, db, org)
    await register(team, ektorp, at(14, 12))
    card = (await sweep_at(team, at(14, 12, 1)))[0]
    case_id = (await only_case(db))[0].id
    since = len(team.api.calls)
    await team.press(VOLUNTEER, card, f"case:done:{case_id}")  # the officer's button, signed for the officer
    assert team.answers(since) == ["Den knappen gäller inte längre."]
    assert (await only_case(db))[0].closed_reason is None
    listed = await team.send(OFFICER, "/ringlista")
    assert "1 öppet ärende" in text_of(listed) and "Anna Andersson" in text_of(listed)
    assert "Inga öppna ärenden" in text_of(await team.send(BOARD_MEMBER, "/ringlista"))
