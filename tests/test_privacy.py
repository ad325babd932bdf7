"""Members' personal data: sealed at rest, found by a keyed hash, erased on request or after retention,
every view audited; a volunteer's own data shown and removed on request."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select, text

from domain.roles import Role
from scheduler.planning import plan
from storage import orgs
from storage.models import AuditEvent, Entry, Membership, NewMember, WelcomeCase
from tests.conftest import ADMIN, BOARD_MEMBER, VOLUNTEER, join, utc
from tests.harness import text_of
from tests.test_welcome_chain import OFFICER, SECOND, at, only_case, register, sweep_at

NAME, PHONE = "Anna Andersson", "0701234567"
PHONE_FORMS = (b"0701234567", b"+46701234567", b"701234567", b"070-123")


def database_bytes(tmp_path: Path) -> bytes:
    """The SQLite file and its write-ahead log: everything on disk."""
    return b"".join(p.read_bytes() for p in tmp_path.glob("verksam.db*"))


async def officers(team, db, org) -> int:
    ektorp, _ = await orgs.find_forening(db, org, "Ektorp")
    await join(team, db, org, OFFICER, Role.MEDLEMSANSVARIG, forening_id=ektorp)
    await join(team, db, org, SECOND, Role.MEDLEMSANSVARIG)
    return ektorp


async def test_the_database_file_holds_no_name_or_phone_in_plaintext(team, db, org, tmp_path):
    ektorp = await officers(team, db, org)
    await register(team, ektorp, at(14, 12))
    card = (await sweep_at(team, at(14, 12, 1)))[0].params["text"]
    assert NAME in card and "+46701234567" in card  # the officer reads them: sealed, not lost
    on_disk = database_bytes(tmp_path)
    assert b"Ektorp" in on_disk  # the check can see plaintext where there is some
    assert NAME.encode() not in on_disk and b"Andersson" not in on_disk
    assert not any(form in on_disk for form in PHONE_FORMS)


async def test_a_known_phone_number_is_pointed_out_without_showing_whose(team, db, org):
    ektorp = await officers(team, db, org)
    await register(team, ektorp, at(14, 12))
    team.clock.now = at(15, 12)
    await team.send(VOLUNTEER, "/nymedlem")
    await team.send(VOLUNTEER, "Bertil Berg")
    warned = text_of(await team.send(VOLUNTEER, "070-123 45 67"))
    assert "redan 14 mars 2025" in warned and NAME not in warned
    await team.send(VOLUNTEER, "/nymedlem")
    await team.send(VOLUNTEER, "Cecilia Ceder")
    assert "redan" not in text_of(await team.send(VOLUNTEER, "0709999999"))


async def test_glom_erases_at_once_keeps_the_counts_and_is_audited(team, db, org):
    ektorp = await officers(team, db, org)
    await register(team, ektorp, at(14, 12))
    [card] = await sweep_at(team, at(14, 12, 1))
    assert "kan bara" in text_of(await team.send(VOLUNTEER, f"/glom {PHONE}"))
    group = team.group()
    refused = await team.send(OFFICER, f"/glom {PHONE}", chat=group)
    assert "privat" in text_of(refused)
    assert any(c.method == "deleteMessage" for c in team.api.calls)  # the number does not stay in the group
    assert "070-123 45 67" in text_of(await team.send(OFFICER, "/glom 07O-12"))  # a typo: the right form
    assert "Ingen medlem" in text_of(await team.send(OFFICER, "/glom 0709999999"))
    assert "Raderat" in text_of(await team.send(OFFICER, "/glom 070-123 45 67"))
    async with db.session() as s:
        assert await s.scalar(select(func.count()).select_from(NewMember)) == 0
        assert await s.scalar(select(func.count()).select_from(Entry).where(Entry.kind == "member")) == 1
        actions = [(a.action, a.reason) for a in await s.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert actions == [("view", "välkomstkedjan: kortet till ansvarig"), ("erase", "/glom")]
    # Nobody can be called any more: the case closes, no reminder follows, the old card's buttons go.
    assert [(c.step, c.closed_reason) for c in await only_case(db)] == [("welcome_call", "erased")]
    assert text_of(await team.send(OFFICER, "/ringlista")) == "Inga öppna ärenden. Bra jobbat!"
    assert await sweep_at(team, at(19, 12, 1)) == []  # neither the due-day reminder nor an escalation
    since = len(team.api.calls)
    await team.press(OFFICER, card, f"case:done:{(await only_case(db))[0].id}")
    assert team.answers(since) == ["Medlemmens uppgifter är raderade, så ärendet är stängt."]
    assert any(c.method == "editMessageReplyMarkup" for c in team.api.calls[since:])
    team.clock.now = at(14, 13)
    assert "1 ny medlem" in text_of(await team.send(VOLUNTEER, "/status"))


async def test_contact_details_go_90_days_after_the_chain_ends(team, db, org):
    ektorp = await officers(team, db, org)
    await register(team, ektorp, at(14, 12))
    card = (await sweep_at(team, at(14, 12, 1)))[0]
    case_id = (await only_case(db))[0].id
    await team.press(OFFICER, card, f"case:drop:{case_id}")  # ✖ Inte aktuellt: the chain ends here
    team.clock.now = at(14, 12, 5) + timedelta(days=89)
    await plan(team.app)
    async with db.session() as s:
        assert await s.scalar(select(func.count()).select_from(NewMember)) == 1
    team.clock.now = at(14, 12, 5) + timedelta(days=90, minutes=1)
    await plan(team.app)
    async with db.session() as s:
        assert await s.scalar(select(func.count()).select_from(NewMember)) == 0
        assert await s.scalar(select(func.count()).select_from(WelcomeCase)) == 1  # the statistics stay
    log = text_of(await team.send(ADMIN, "/logg"))
    assert "gallrade" in log and "ny medlem" in log and NAME not in log


async def test_an_open_chain_keeps_its_details(team, db, org):
    ektorp = await officers(team, db, org)
    await register(team, ektorp, at(14, 12))
    team.clock.now = at(14, 12) + timedelta(days=400)
    await plan(team.app)
    async with db.session() as s:
        assert await s.scalar(select(func.count()).select_from(NewMember)) == 1


async def test_logg_is_for_admins_and_names_no_member(team, db, org):
    ektorp = await officers(team, db, org)
    await register(team, ektorp, at(14, 12))
    assert "tom" in text_of(await team.send(ADMIN, "/logg"))
    await sweep_at(team, at(14, 12, 1))
    await team.send(OFFICER, "/ringlista")
    log = text_of(await team.send(ADMIN, "/logg"))
    assert "Maja · visade · ny medlem" in log and "/ringlista" in log and NAME not in log
    for person in (BOARD_MEMBER, OFFICER, VOLUNTEER):
        assert "kan bara" in text_of(await team.send(person, "/logg"))


async def test_minadata_shows_what_is_kept_and_lamna_removes_me_but_not_my_counts(team, db, org):
    await team.send(VOLUNTEER, "/knack 40 12 Ektorp")
    mine = text_of(await team.send(VOLUNTEER, "/minadata"))
    assert "Roll: volontär" in mine and f"Telegram-id: {VOLUNTEER.id}" in mine and "dörrknackningar 1" in mine
    asked = await team.send(VOLUNTEER, "/lamna")
    assert "Vill du lämna Partille AK?" in text_of(asked)
    await team.press(VOLUNTEER, asked[0], "lamna:no")
    assert await orgs.member_for(db, VOLUNTEER.id) is not None
    await team.press(VOLUNTEER, asked[0], "lamna:yes")
    assert await orgs.member_for(db, VOLUNTEER.id) is None
    async with db.session() as s:
        entry = await s.scalar(select(Entry))
        assert entry.membership_id is None and entry.doors == 40  # counted, anonymous
    assert "inbjudningslänk" in text_of(await team.send(VOLUNTEER, "/status"))


async def test_minadata_names_the_local_day_one_joined_on(harness, db, org):
    """Joined at 00:30 in Stockholm on New Year's Day, which is still 31 December in UTC."""
    harness.clock.now = utc(2025, 12, 31, 23, 30)
    await join(harness, db, org, VOLUNTEER, Role.VOLONTAR)
    mine = text_of(await harness.send(VOLUNTEER, "/minadata"))
    assert "Med sedan: 1 januari 2026" in mine


async def test_an_officer_who_leaves_hands_their_cases_on(team, db, org):
    ektorp = await officers(team, db, org)
    await register(team, ektorp, at(14, 12))
    await sweep_at(team, at(14, 12, 1))
    asked = await team.send(OFFICER, "/lamna")
    await team.press(OFFICER, asked[0], "lamna:yes")
    handed = await sweep_at(team, at(14, 12, 2))
    assert [int(c.params["chat_id"]) for c in handed] == [SECOND.id]
    async with db.session() as s:
        assert (
            await s.scalar(
                select(func.count()).select_from(Membership).where(Membership.telegram_user_id == OFFICER.id)
            )
            == 0
        )


async def test_an_unfinished_flow_is_kept_sealed_and_forgotten_after_a_day(team, db, org):
    await team.send(VOLUNTEER, "/nymedlem")
    await team.send(VOLUNTEER, NAME)
    await team.send(VOLUNTEER, PHONE)
    await team.app.update_persistence()
    async with db.session() as s:
        [sealed] = (await s.execute(text("SELECT sealed FROM flow_data"))).scalars().all()
    assert "Anna" not in sealed and "701234567" not in sealed
    team.clock.advance(hours=25)
    await plan(team.app)
    async with db.session() as s:
        assert (await s.execute(text("SELECT count(*) FROM flow_data"))).scalar() == 0


async def test_after_erasure_no_trace_is_left_on_disk(team, db, org, tmp_path):
    ektorp = await officers(team, db, org)
    await register(team, ektorp, at(14, 12))
    async with db.session() as s:
        sealed = [t.encode() for t in (await s.execute(text("SELECT name, phone FROM new_members"))).one()]
    assert all(token in database_bytes(tmp_path) for token in sealed)  # the check sees the stored tokens
    await team.send(OFFICER, "/glom 070-123 45 67")
    on_disk = database_bytes(tmp_path)
    assert not any(token in on_disk for token in sealed)  # not even sealed, not in free pages or the WAL
    assert NAME.encode() not in on_disk
