"""An invite adds a role, never takes one away (issue 9, item 2); a person in several organisations
acts in the group's organisation, or in a private chat in the one chosen with /org (item 3)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from domain.roles import Role, adds_to
from storage import orgs
from storage.models import Entry, Membership
from tests.conftest import ADMIN, BOARD_MEMBER, VOLUNTEER, join
from tests.harness import Person, buttons_of, text_of

MULTI = Person(707, "Mona")
GROUP = -100_300


async def roles(db) -> dict[tuple[int, int], str]:
    async with db.session() as s:
        return {(m.telegram_user_id, m.org_id): m.role for m in await s.scalars(select(Membership))}


def code_of(sent) -> str:
    return text_of(sent).split()[-1].split("=", 1)[1]


async def test_a_team_volunteer_link_keeps_the_board_member_and_the_only_admin(team, db, org):
    code = code_of(await team.send(ADMIN, "/bjudin volontär lag"))
    for person, role in ((BOARD_MEMBER, "styrelse"), (ADMIN, "admin")):
        said = text_of(await team.send(person, f"/start {code}"))
        assert f"Du är redan med i Partille AK som {role}, och det förblir du" in said
    assert await roles(db) == {
        (ADMIN.id, org): "admin",
        (BOARD_MEMBER.id, org): "styrelse",
        (VOLUNTEER.id, org): "volontar",
    }
    assert "Det här kan bara" not in text_of(await team.send(ADMIN, "/bjudin admin"))  # still an admin


async def test_a_single_use_link_that_would_demote_is_not_used_up(team, db, org):
    code = code_of(await team.send(BOARD_MEMBER, "/bjudin volontär"))
    assert "det förblir du" in text_of(await team.send(ADMIN, f"/start {code}"))
    newcomer = Person(404, "Nils")
    assert "Välkommen till Partille AK" in text_of(await team.send(newcomer, f"/start {code}"))


async def test_an_invite_that_adds_changes_the_role_and_one_that_would_trade_does_not(team, db, org):
    code = code_of(await team.send(ADMIN, "/bjudin styrelse"))
    assert "Din roll i Partille AK är nu styrelse" in text_of(await team.send(VOLUNTEER, f"/start {code}"))
    assert adds_to(Role.VOLONTAR, Role.MEDLEMSANSVARIG) and adds_to(Role.STYRELSE, Role.ADMIN)
    assert not adds_to(Role.MEDLEMSANSVARIG, Role.STYRELSE)  # the board may not /glom: that is no step up
    assert not adds_to(Role.ADMIN, Role.STYRELSE) and not adds_to(Role.STYRELSE, Role.VOLONTAR)


async def two_orgs(h, db, org) -> int:
    """Mona is on the board of Partille AK, then joins Göteborg AK as a volunteer."""
    other = await orgs.create_org(db, "Göteborg AK", ["Majorna"], "Europe/Stockholm", h.clock())
    await join(h, db, org, MULTI, Role.STYRELSE)
    h.clock.advance(minutes=1)
    code = await orgs.create_invite(db, other, Role.VOLONTAR, h.clock(), ttl=timedelta(days=7))
    joined = text_of(await h.send(MULTI, f"/start {code}"))
    assert "Välkommen till Göteborg AK" in joined and "Byt med /org" in joined
    return other


async def test_joining_a_second_organisation_keeps_the_role_in_the_first(team, db, org):
    other = await two_orgs(team, db, org)
    assert (await roles(db))[(MULTI.id, org)] == "styrelse"
    assert (await roles(db))[(MULTI.id, other)] == "volontar"


async def test_org_chooses_the_organisation_of_the_private_chat(team, db, org):
    other = await two_orgs(team, db, org)
    assert "bara styrelsen eller en admin" in text_of(await team.send(MULTI, "/bjudin volontär"))  # Göteborg: volunteer
    ask = await team.send(MULTI, "/org")
    assert "Du är med i 2 organisationer" in text_of(ask)
    labels = [b["text"] for row in ask[0].params["reply_markup"]["inline_keyboard"] for b in row]
    assert labels == ["✓ Göteborg AK (volontär)", "Partille AK (styrelse)"]  # ✓: the one in use
    assert buttons_of(ask[0]) == [f"org:{await _mid(db, MULTI, other)}", f"org:{await _mid(db, MULTI, org)}"]
    partille = buttons_of(ask[0])[1]
    assert "Nu gäller Partille AK, där du är styrelse" in text_of(await team.press(MULTI, ask[0], partille))
    assert "Inbjudan för en person" in text_of(await team.send(MULTI, "/bjudin volontär"))
    await team.send(MULTI, "/knack 40 12 Ektorp")
    assert await _entry_orgs(db) == [org]


async def test_a_group_acts_in_the_organisation_whose_report_goes_there(team, db, org):
    other = await two_orgs(team, db, org)
    group = team.group(GROUP, "Partilles styrelse")
    await team.send(ADMIN, "/rapportchatt", chat=group)
    await team.send(MULTI, "/knack 40 12 Ektorp", chat=group)  # the group is Partille AK's
    await team.send(MULTI, "/knack 10 2 Majorna")  # the private chat: Göteborg AK, joined last
    assert await _entry_orgs(db) == [org, other]
    assert "Här i gruppen gäller Partille AK" in text_of(await team.send(MULTI, "/org", chat=group))
    other_group = team.group(GROUP - 1, "Något annat")
    await team.send(MULTI, "/knack 5 1 Ektorp", chat=other_group)  # no organisation's group: as in private
    assert await _entry_orgs(db) == [org, other, other]


async def test_one_organisation_has_nothing_to_choose(team):
    assert "det finns inget att välja" in text_of(await team.send(VOLUNTEER, "/org"))


async def test_a_choice_of_someone_elses_membership_is_refused(team, db, org):
    from handlers import button_guard

    await two_orgs(team, db, org)
    admins = await _mid(db, ADMIN, org)
    mark = len(team.api.calls)
    await team.press_raw(MULTI, team.last_message(MULTI.id), button_guard.sign(f"org:{admins}", MULTI.id, MULTI.id))
    assert team.answers(mark) == ["Du är inte med i den organisationen längre."]
    assert "bara styrelsen eller en admin" in text_of(await team.send(MULTI, "/bjudin volontär"))  # still Göteborg


async def _mid(db, person: Person, org_id: int) -> int:
    async with db.session() as s:
        return await s.scalar(
            select(Membership.id).where(Membership.telegram_user_id == person.id, Membership.org_id == org_id)
        )


async def _entry_orgs(db) -> list[int]:
    async with db.session() as s:
        return list(await s.scalars(select(Entry.org_id).order_by(Entry.id)))


async def test_member_for_per_chat_on_both_databases(any_db, clock):
    """The lookup itself (and its cache per user and chat) on SQLite and PostgreSQL."""
    from storage import digests

    first = await orgs.create_org(any_db, "Partille AK", [], "Europe/Stockholm", clock())
    second = await orgs.create_org(any_db, "Göteborg AK", [], "Europe/Stockholm", clock())
    for org_id, role in ((first, Role.STYRELSE), (second, Role.VOLONTAR)):
        code = await orgs.create_invite(any_db, org_id, role, clock(), ttl=timedelta(days=7))
        await orgs.redeem_invite(any_db, code, MULTI.id, "Mona", clock())
    assert (await orgs.member_for(any_db, MULTI.id)).org_id == second  # joined last (same instant: the newer)
    await digests.set_report_chat(any_db, first, GROUP)
    assert (await orgs.member_for(any_db, MULTI.id, GROUP)).org_id == first
    assert (await orgs.member_for(any_db, MULTI.id, GROUP - 1)).org_id == second
    chosen = await orgs.choose(any_db, MULTI.id, (await orgs.member_for(any_db, MULTI.id, GROUP)).id, clock())
    assert (chosen.org_id, chosen.role) == (first, Role.STYRELSE)
    assert (await orgs.member_for(any_db, MULTI.id)).org_id == first
    assert (await orgs.member_for(any_db, MULTI.id, GROUP)).org_id == first
    assert await orgs.choose(any_db, VOLUNTEER.id, chosen.id, clock()) is None  # not theirs
    assert [m.org_name for m in await orgs.memberships_of(any_db, MULTI.id)] == ["Göteborg AK", "Partille AK"]


async def test_undo_of_an_entry_logged_before_switching_organisation(team, db, org):
    await two_orgs(team, db, org)
    saved = await team.send(MULTI, "/knack 10 2 Majorna")  # Göteborg AK, joined last
    ask = await team.send(MULTI, "/org")
    await team.press(MULTI, ask[0], buttons_of(ask[0])[1])  # Partille AK
    [undo] = [b for b in buttons_of(saved[0]) if b.startswith("undo:")]
    assert "Ångrat" in text_of(await team.press(MULTI, saved[0], undo))
    async with db.session() as s:
        assert (await s.scalars(select(Entry.undone_at))).all() != [None]
