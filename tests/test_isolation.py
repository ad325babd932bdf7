"""Nothing of one organisation is visible to, or changeable by, a user of another: every command and button."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import func, select

from domain.goals import GoalKind, GoalSpec
from domain.roles import Role
from storage import goals, orgs
from storage.models import Entry, Goal, Invite, NewMember, Outbox, WelcomeCase
from tests.conftest import VOLUNTEER, join
from tests.harness import Person
from tests.test_welcome_chain import OFFICER, at, officers, register, sweep_at

OTHER_ADMIN = Person(701, "Britt")
OTHER_OFFICER = Person(702, "Bengt")
# What org A holds that must never reach org B: its name, föreningar, people, the member's details.
SECRETS = ("Partille", "Ektorp", "Sävedalen", "Anna", "Andersson", "0701234567", "+46701234567", "Vera", "Maja", "Olle")


async def org_a_state(db) -> tuple:
    async with db.session() as s:
        goals_ = [(g.id, g.status) for g in await s.scalars(select(Goal).order_by(Goal.id))]
        cases = [(c.id, c.closed_reason, c.assignee_id) for c in await s.scalars(select(WelcomeCase))]
        undone = await s.scalar(select(func.count()).select_from(Entry).where(Entry.undone_at.is_not(None)))
        details = await s.scalar(select(func.count()).select_from(NewMember))
        return goals_, cases, undone, details


async def test_another_organisation_sees_and_changes_nothing(team, db, org):
    await officers(team, db, org)
    ektorp, _ = await orgs.find_forening(db, org, "Ektorp")
    await register(team, ektorp, at(14, 12))
    await sweep_at(team, at(14, 12, 1))
    year = {"period_start": date(2025, 1, 1), "period_end": date(2025, 12, 31)}
    goal_ids = await goals.add_goals(
        db,
        org,
        [
            GoalSpec(kind=GoalKind.COUNT, metric="new_members", target=42, **year),
            GoalSpec(kind=GoalKind.MILESTONE, text="Ny hemsida", **year),
        ],
        datetime(2025, 1, 1, tzinfo=UTC),
    )
    await team.send(VOLUNTEER, "/knack 40 12 Ektorp")
    async with db.session() as s:
        case_id = await s.scalar(select(WelcomeCase.id))
        entry_ids = list(await s.scalars(select(Entry.id)))
        officer_id = await s.scalar(select(WelcomeCase.assignee_id))
    before = await org_a_state(db)
    outbox_before = await _count(db, Outbox)
    invites_before = await _count(db, Invite, Invite.org_id == org)

    other = await orgs.create_org(db, "Lerums AK", ["Gråbo"], "Europe/Stockholm", team.clock())
    await join(team, db, other, OTHER_ADMIN, Role.ADMIN)
    await join(team, db, other, OTHER_OFFICER, Role.MEDLEMSANSVARIG)
    since = len(team.api.calls)
    commands = [
        "/status", "/status graf", "/mal", f"/mal bort {goal_ids[0]}", f"/klar {goal_ids[1]}",
        f"/paborjad {goal_ids[1]}", "/utvardering 2025", "/rapport", "/installningar", "/ringlista",
        "/glom 070-123 45 67", "/logg", "/minadata", "/angra", "/bjudin volontär Ektorp", "/rapportchatt",
    ]  # fmt: skip
    for person in (OTHER_ADMIN, OTHER_OFFICER):
        for command in commands:
            await team.send(person, command)
    anchor = team.api.calls[-1]  # a message in the other user's own chat, to press buttons on
    presses = [f"case:{action}:{case_id}" for action in ("done", "drop", "noanswer", "handover")]
    presses += [f"case:to:{case_id}:{officer_id}", *(f"undo:{entry}" for entry in entry_ids)]
    for person in (OTHER_ADMIN, OTHER_OFFICER):
        for data in presses:
            await team.press(person, anchor, data)

    seen = [
        str(c.params.get("text") or c.params.get("caption") or "")
        for c in team.api.calls[since:]
        if c.method in {"sendMessage", "sendPhoto", "sendDocument", "editMessageText", "answerCallbackQuery"}
    ]
    assert seen, "the other organisation's users got answers"
    # Echoing back what the user typed ("no förening called “Ektorp”") tells them nothing.
    leaks = [(secret, text) for text in seen for secret in SECRETS if secret in text.replace(f"“{secret}”", "")]
    assert leaks == []
    assert await org_a_state(db) == before
    assert await _count(db, Outbox) == outbox_before  # no card, reminder or digest for the other side
    assert await _count(db, Invite, Invite.org_id == org) == invites_before  # no invite into Partille's Ektorp
    # ... and org A still works for its own people.
    assert "Anna Andersson" in str(await team.send(OFFICER, "/ringlista"))


async def _count(db, model, *where) -> int:
    async with db.session() as s:
        return await s.scalar(select(func.count()).select_from(model).where(*where))
