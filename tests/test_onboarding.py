"""Joining with an invite, inviting others, and what strangers see."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from domain.roles import Role
from storage import orgs
from storage.models import Membership
from tests.conftest import ADMIN, BOARD_MEMBER, STRANGER, VOLUNTEER
from tests.harness import Person, text_of


async def memberships(db) -> list[Membership]:
    async with db.session() as s:
        return list(await s.scalars(select(Membership).order_by(Membership.id)))


async def test_invite_joins_with_role_and_forening(harness, db, org):
    [(ektorp_id, _), _] = await orgs.foreningar(db, org)
    code = await orgs.create_invite(
        db, org, Role.VOLONTAR, harness.clock(), ttl=timedelta(days=7), forening_id=ektorp_id
    )
    sent = await harness.send(VOLUNTEER, f"/start {code}")
    assert "Välkommen till Partille AK, Ektorp! Du är med som volontär." in text_of(sent)
    assert "/knack 40 12 Ektorp" in text_of(sent)  # the help follows the welcome
    [m] = await memberships(db)
    assert (m.telegram_user_id, m.role, m.forening_id) == (VOLUNTEER.id, "volontar", ektorp_id)


async def test_wrong_expired_and_reused_codes_are_refused(harness, db, org):
    assert "känner jag inte igen" in text_of(await harness.send(VOLUNTEER, "/start not-a-real-code"))
    code = await orgs.create_invite(db, org, Role.VOLONTAR, harness.clock(), ttl=timedelta(days=7))
    harness.clock.advance(days=7, seconds=1)
    assert "gått ut" in text_of(await harness.send(VOLUNTEER, f"/start {code}"))
    code = await orgs.create_invite(db, org, Role.VOLONTAR, harness.clock(), ttl=timedelta(days=7))
    await harness.send(VOLUNTEER, f"/start {code}")
    assert "redan använd" in text_of(await harness.send(STRANGER, f"/start {code}"))
    assert [m.telegram_user_id for m in await memberships(db)] == [VOLUNTEER.id]


async def test_same_code_twice_by_the_same_person_is_harmless(harness, db, org):
    code = await orgs.create_invite(db, org, Role.VOLONTAR, harness.clock(), ttl=timedelta(days=7))
    await harness.send(VOLUNTEER, f"/start {code}")
    assert "redan med" in text_of(await harness.send(VOLUNTEER, f"/start {code}"))
    assert len(await memberships(db)) == 1


async def test_stranger_gets_explanation_and_nothing_is_stored(harness, db, org):
    for text in ("hej", "/knack 40 12 Ektorp", "/status", "/start"):
        assert "inbjudningslänk" in text_of(await harness.send(STRANGER, text))
    assert await memberships(db) == []


async def test_board_invites_volunteer_who_joins_through_the_link(team, db):
    sent = await team.send(BOARD_MEMBER, "/bjudin volontär Ektorp")
    text = text_of(sent)
    assert "Inbjudan för en person (volontär, Ektorp), giltig i 7 dagar" in text
    link = text.split()[-1]
    assert link.startswith("https://t.me/verksam_test_bot?start=")
    newcomer = Person(404, "Nils")
    welcome = await team.send(newcomer, f"/start {link.split('=', 1)[1]}")
    assert "Du är med som volontär" in text_of(welcome)


async def test_team_invite_is_multi_use(team, db):
    link = text_of(await team.send(ADMIN, "/bjudin volontar lag")).split()[-1]
    code = link.split("=", 1)[1]
    for i in range(3):
        assert "Välkommen" in text_of(await team.send(Person(500 + i), f"/start {code}"))
    async with db.session() as s:
        assert await s.scalar(select(func.count()).select_from(Membership)) == 6


async def test_roles_are_checked(team):
    assert "bara styrelsen eller en admin" in text_of(await team.send(VOLUNTEER, "/bjudin volontär"))
    assert "bara styrelsen eller en admin" in text_of(await team.send(VOLUNTEER, "/mal samtal 100 2025"))
    assert "Bara en admin" in text_of(await team.send(BOARD_MEMBER, "/bjudin admin"))
    assert "Okänd roll" in text_of(await team.send(ADMIN, "/bjudin kung"))
    assert "ingen förening" in text_of(await team.send(ADMIN, "/bjudin volontär Atlantis"))


async def test_new_invite_changes_role(team, db):
    link = text_of(await team.send(ADMIN, "/bjudin medlemsansvarig")).split()[-1]
    sent = await team.send(VOLUNTEER, f"/start {link.split('=', 1)[1]}")
    assert "Din roll i Partille AK är nu medlemsansvarig" in text_of(sent)
    roles = {m.telegram_user_id: m.role for m in await memberships(db)}
    assert roles[VOLUNTEER.id] == "medlemsansvarig"
