"""The hardened surface: invite codes that cannot be guessed, buttons that cannot be replayed or forged."""

from __future__ import annotations

import secrets
import string
from datetime import timedelta

from sqlalchemy import func, select

from domain.roles import Role
from storage import orgs
from storage.models import Entry, Membership
from storage.orgs import JoinOutcome
from tests.conftest import BOARD_MEMBER, VOLUNTEER
from tests.harness import Person

GUESSER = Person(777, "Gustav")


async def test_ten_thousand_guessed_invite_codes_are_all_refused(db, org, clock):
    real = await orgs.create_invite(db, org, Role.ADMIN, clock(), ttl=timedelta(days=7))
    assert len(real) >= 22  # 128 random bits, URL-safe
    alphabet = string.ascii_letters + string.digits + "-_"
    near = [real[:i] + c + real[i + 1 :] for i in range(len(real)) for c in "aZ0" if real[i] != c]
    guesses = near + ["".join(secrets.choice(alphabet) for _ in range(len(real))) for _ in range(10_000 - len(near))]
    assert len(guesses) == 10_000
    outcomes = [(await orgs.redeem_invite(db, guess, GUESSER.id, "Gustav", clock()))[0] for guess in guesses]
    assert set(outcomes) == {JoinOutcome.UNKNOWN}
    async with db.session() as s:
        assert await s.scalar(select(func.count()).select_from(Membership)) == 0


async def test_a_leave_button_pressed_again_after_leaving_does_nothing(team, db, org):
    asked = await team.send(VOLUNTEER, "/lamna")
    await team.press(VOLUNTEER, asked[0], "lamna:yes")
    since = len(team.api.calls)
    await team.press(VOLUNTEER, asked[0], "lamna:yes")  # replayed: a stranger now
    assert team.answers(since) == ["Du är inte med i någon organisation ännu."]


async def test_a_forged_undo_of_someone_elses_entry_is_refused(team, db, org):
    saved = await team.send(VOLUNTEER, "/knack 40 12 Ektorp")
    async with db.session() as s:
        entry_id = await s.scalar(select(Entry.id))
    since = len(team.api.calls)
    await team.press(BOARD_MEMBER, saved[0], f"undo:{entry_id}")  # not their entry
    await team.press(VOLUNTEER, saved[0], "undo:not-a-number")
    assert team.answers(since) == ["Den knappen gäller inte längre."] * 2  # signed for the volunteer; unsigned
    async with db.session() as s:
        assert (await s.get(Entry, entry_id)).undone_at is None
