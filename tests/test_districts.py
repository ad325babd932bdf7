"""Issue 14: a district looks across its branches — counts and arrows, never a member's data.

The walk-through: two branches log work, the district board reads /distrikt and its digest, one
branch goes quiet and the ombudsman is told once; nothing personal reaches any district role.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from bot.cli import main
from domain.district import BranchLine, Family, WeekFigures, needs_help_first
from domain.progress import Arrow
from domain.roles import Role
from storage import districts, orgs
from storage.models import AuditEvent, DistrictBranch, DistrictMembership
from tests.conftest import ADMIN, BOARD_MEMBER, VOLUNTEER, join
from tests.harness import Person, text_of
from tests.test_cli_plan_export import create_org, database_url  # noqa: F401 - the fixture
from tests.test_digest import plan_goals, stockholm, tick
from tests.test_memberships import code_of
from tests.test_welcome_chain import register

DANA = Person(601, "Dana")  # the district's admin
OLLE = Person(602, "Olle")  # ombudsman
DISA = Person(603, "Disa")  # distriktsstyrelse
LENA = Person(505, "Lena")  # a volunteer in Lerum
DISTRICT_PEOPLE = {DANA.id, OLLE.id, DISA.id}
# What must never reach a district role: the new member (register() types these), the volunteers' names.
PERSONAL = ("Anna", "Andersson", "0701234567", "070-123", "701234567", "Vera", "Aino", "Lena")
GROUP = -100_900


def to_district(calls) -> str:
    return text_of([c for c in calls if int(c.params.get("chat_id", 0)) in DISTRICT_PEOPLE | {GROUP}])


def assert_nothing_personal(text: str) -> None:
    leaked = [word for word in PERSONAL if word in text]
    assert not leaked, f"personal data reached a district role: {leaked}"


async def two_branches(team, db, org) -> int:
    """Partille (the team) and Lerum (Lena), each with the same three goals, each logging work."""
    lerum = await orgs.create_org(db, "Lerum AK", ["Centrum"], "Europe/Stockholm", team.clock())
    await join(team, db, lerum, LENA, Role.VOLONTAR)
    await plan_goals(db, org)
    await plan_goals(db, lerum)
    await team.send(VOLUNTEER, "/knack 40 12 Ektorp")
    await register(team, (await orgs.find_forening(db, org, "Ektorp"))[0], team.clock())
    await team.send(LENA, "/knack 30 8 Centrum")
    return lerum


async def district_with_people(team, db, org, lerum) -> int:
    district = await districts.create(db, "S i Exempellän", [org, lerum], "Europe/Stockholm", team.clock())
    code = await districts.create_invite(db, district, districts.DistrictRole.ADMIN, team.clock())
    said = text_of(await team.send(DANA, f"/start {code}"))
    assert "Välkommen till S i Exempellän! Du är med som distriktsadmin." in said
    for person, role in ((OLLE, "ombudsman"), (DISA, "distriktsstyrelse")):
        invite = await team.send(DANA, f"/bjudin {role}")
        assert f"({role}, S i Exempellän)" in text_of(invite)
        assert f"Du är med som {role}" in text_of(await team.send(person, f"/start {code_of(invite)}"))
    return district


async def test_a_district_walk_through(team, db, org):
    lerum = await two_branches(team, db, org)
    district = await district_with_people(team, db, org, lerum)
    async with db.session() as s:
        roles = {(m.telegram_user_id, m.role) for m in await s.scalars(select(DistrictMembership))}
    assert roles == {(DANA.id, "admin"), (OLLE.id, "ombudsman"), (DISA.id, "distriktsstyrelse")}
    first = len(team.api.calls)

    overview = text_of(await team.send(DISA, "/distrikt"))
    assert "🗺 S i Exempellän" in overview and "Partille AK:" in overview and "Lerum AK:" in overview
    assert "1 pass, 40 dörrar, 12 samtal, 1 nya" in overview  # Partille's week, from the day totals
    assert "Nya medlemmar: 1 av 84" in overview  # the district's goal: both branches' 42, and their work
    assert "Samtal: 20 av 8" in overview  # 12 + 8 of 4 215 + 4 215 ...
    one = text_of(await team.send(DISA, "/distrikt partille"))
    assert "Partille AK" in one and "läsvy för S i Exempellän" in one and "Nya medlemmar: 1 av 42" in one
    now = text_of(await team.send(DISA, "/distrikt rapport"))
    assert "📬 Veckorapport för S i Exempellän" in now
    assert team.api.calls[-1].method == "sendPhoto"

    # Every district look at a branch is in that branch's own audit log (/logg), by whom and how.
    async with db.session() as s:
        query = select(AuditEvent.org_id, AuditEvent.reason).where(AuditEvent.actor.contains("Disa"))
        seen = set((await s.execute(query)).all())
    overview_seen = {(org, "/distrikt: översikten"), (lerum, "/distrikt: översikten")}
    assert overview_seen | {(org, "/distrikt: kommunens läge")} <= seen
    assert "Disa (S i Exempellän)" in text_of(await team.send(ADMIN, "/logg"))

    # The weekly digest: Monday 09:00, to the district board privately (nobody chose a group), once.
    sent = await tick(team, stockholm(3, 17, 9))
    digests = [c for c in sent if "Veckorapport för S i Exempellän" in (c.params.get("text") or "")]
    assert sorted(int(c.params["chat_id"]) for c in digests) == [DANA.id, DISA.id]
    assert [c.method for c in sent if int(c.params["chat_id"]) == DISA.id] == ["sendMessage", "sendPhoto"]
    assert not [c for c in await tick(team, stockholm(3, 17, 9, 5)) if int(c.params["chat_id"]) in DISTRICT_PEOPLE]

    # Partille keeps logging; Lerum goes quiet after 14 March. Three weeks on the ombudsman hears, once.
    team.clock.now = stockholm(4, 1, 12)
    await team.send(VOLUNTEER, "/knack 10 3 Ektorp")
    told = [c for c in await tick(team, stockholm(4, 4, 12)) if int(c.params["chat_id"]) == OLLE.id]
    assert len(told) == 1
    assert "💤 Lerum AK (S i Exempellän) har inte loggat något sedan 14 mars" in told[0].params["text"]
    again = await tick(team, stockholm(4, 5, 12)) + await tick(team, stockholm(4, 6, 12))
    assert not [c for c in again if int(c.params["chat_id"]) == OLLE.id]
    digest = text_of([c for c in await tick(team, stockholm(4, 7, 9)) if int(c.params["chat_id"]) == DISA.id])
    assert "💤 Inget loggat på 21 dagar: Lerum AK" in digest
    assert digest.index("Lerum AK") < digest.index("Partille AK")  # the branch that needs help first

    assert_nothing_personal(to_district(team.api.calls[first:]))
    assert await districts.branches(db, district)


async def test_branch_roles_see_no_district_and_a_district_role_no_members(team, db, org):
    lerum = await two_branches(team, db, org)
    await district_with_people(team, db, org, lerum)
    for person in (ADMIN, BOARD_MEMBER, VOLUNTEER):
        for command in ("/distrikt", "/distrikt Lerum", "/distrikt rapport"):
            said = text_of(await team.send(person, command))
            assert "för distriktsstyrelsen och ombudsmän" in said and "Lerum AK" not in said
    said = text_of(await team.send(ADMIN, "/bjudin ombudsman"))
    assert "Bara distriktets admin" in said
    # A district role has no branch role: no /status, no /ringlista, no /nymedlem of a branch.
    for command in ("/status", "/ringlista", "/logg", "/glom 070-123 45 67"):
        assert_nothing_personal(text_of(await team.send(DISA, command)))
        assert "Partille AK" not in text_of(await team.send(OLLE, command))
    # The group: only the report chat may be set there, and the views stay private.
    group = team.group(GROUP, "Distriktsstyrelsen")
    assert "bara i privat chatt" in text_of(await team.send(DISA, "/distrikt", chat=group))
    assert "kommer hit till gruppen" in text_of(await team.send(DISA, "/distrikt rapportchatt", chat=group))
    assert "bara distriktsstyrelsen" in text_of(await team.send(OLLE, "/distrikt rapportchatt", chat=group))
    await orgs.create_org(db, "Mölndal AK", [], "Europe/Stockholm", team.clock())  # in no district of Disa's
    said = text_of(await team.send(DISA, "/distrikt Mölndal"))
    assert "Ingen kommun i distriktet heter" in said and "Mölndal AK" not in said
    assert_nothing_personal(to_district(team.api.calls))


async def test_a_district_code_is_used_once_and_an_admin_keeps_the_role(team, db, org):
    district = await districts.create(db, "S i Exempellän", [org], "Europe/Stockholm", team.clock())
    code = await districts.create_invite(db, district, districts.DistrictRole.ADMIN, team.clock())
    await team.send(DANA, f"/start {code}")
    assert "redan använd" in text_of(await team.send(DISA, f"/start {code}"))
    board = code_of(await team.send(DANA, "/bjudin distriktsstyrelse"))
    assert "och det förblir du" in text_of(await team.send(DANA, f"/start {board}"))
    assert "Välkommen tillbaka till S i Exempellän" in text_of(await team.send(DANA, "/start"))
    said = text_of(await team.send(DANA, "/bjudin distriktsfolk"))
    assert "Skriv /bjudin distriktsstyrelse eller /bjudin ombudsman" in said


def line(name: str, last: date | None, *arrows: Arrow) -> BranchLine:
    return BranchLine(0, name, dict(zip(Family, arrows, strict=False)), WeekFigures(), last, None)


def test_the_branches_that_need_help_come_first():
    today = date(2025, 4, 4)
    lines = [
        line("Ale", today, Arrow.UP, Arrow.UP),
        line("Borås", today, Arrow.DOWN, Arrow.FLAT),
        line("Kungälv", date(2025, 3, 1), Arrow.UP),  # quiet for five weeks
        line("Lerum", today, Arrow.DOWN, Arrow.DOWN),
    ]
    assert [x.name for x in needs_help_first(lines, today)] == ["Kungälv", "Lerum", "Borås", "Ale"]


def test_the_district_command_line(database_url, capsys):  # noqa: F811 - the fixture
    partille, lerum = create_org(database_url), create_org(database_url)
    assert main(["district", "create", "S i Exempellän", "--org", str(partille)]) == 0
    out = capsys.readouterr().out
    assert "Created district 1: S i Exempellän with 1 branches" in out and "/start " in out
    assert main(["district", "add", "--district", "1", "--org", str(lerum)]) == 0
    assert main(["district", "remove", "--district", "1", "--org", str(partille)]) == 0
    assert main(["district", "remove", "--district", "1", "--org", str(partille)]) == 1
    assert main(["district", "schedule", "--district", "1", "--weekday", "4", "--hour", "15"]) == 0
    capsys.readouterr()
    assert main(["district", "list"]) == 0
    assert "1  S i Exempellän  (1 branches, 0 people): Partille AK" in capsys.readouterr().out
    assert DistrictBranch.__tablename__ == "district_branches"
