"""Issue 14, item 3: a district's own goals. Its admin pastes the district's plan (/plan) or sets a
goal (/mal); their progress is the branches' logged work put together, in /distrikt and the digest.
Only the district's admin sets them; a branch's board never reaches them; district roles choose
their language, and the district's scheduled messages use it.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, func, select, update

from domain.district_facts import summed_facts, summed_levels
from domain.goals import GoalKind, GoalSpec, MilestoneStatus, Unit
from domain.progress import GoalFacts
from domain.roles import Role
from handlers import button_guard
from storage import district_goals, districts
from storage.models import DistrictGoal, DistrictMembership, Goal
from tests.conftest import ADMIN, BOARD_MEMBER, join
from tests.harness import Call, Person, buttons_of, text_of
from tests.test_digest import stockholm, tick
from tests.test_districts import (
    DANA,
    DISA,
    OLLE,
    assert_nothing_personal,
    district_with_people,
    to_district,
    two_branches,
)
from tests.test_memberships import code_of
from tests.test_plan_paste import PLANS, paste_job, split_like_telegram

TODAY = date(2025, 3, 14)  # the harness's clock: Friday

PLAN = "\n".join(
    [
        "Verksamhetsplan 2025 för S i Exempellän",
        "Mål:",
        "- Värva 100 nya medlemmar",
        "- Föra 5 000 samtal med väljare",
        "- Ta fram en kommunikationsplan för valåret",  # a milestone ("Knacka dörr varannan vecka" is a cadence)
    ]
)


async def count(db, table) -> int:
    async with db.session() as s:
        return await s.scalar(select(func.count()).select_from(table))


async def paste_and_keep_two(team):
    """Dana, the district's admin: /plan, the paste, keep the two counts, drop the milestone, save."""
    assert "Distriktets mål, för S i Exempellän." in text_of(await team.send(DANA, "/plan"))
    sent = await team.send(DANA, PLAN)
    assert "Jag hittade 3 mål för 2025" in text_of(sent)
    second = await team.press(DANA, sent[-1], "plan:keep:0")
    third = await team.press(DANA, second[-1], "plan:keep:1")
    summary = await team.press(DANA, third[-1], "plan:drop:2")
    assert "2 av 3 mål behålls" in text_of(summary)
    saved = await team.press(DANA, summary[-1], "plan:save:-")
    assert "Sparat 2 mål för distriktet. Följ dem med /distrikt." in text_of(saved)
    return summary[-1]


async def test_a_district_plan_is_kept_and_its_progress_is_the_branches_work(team, db, org):
    lerum = await two_branches(team, db, org)
    await district_with_people(team, db, org, lerum)
    branch_goals = await count(db, Goal)
    first = len(team.api.calls)
    summary = await paste_and_keep_two(team)
    async with db.session() as s:
        kept = [(g.kind, g.metric, g.target) for g in await s.scalars(select(DistrictGoal).order_by(DistrictGoal.id))]
    assert kept == [("count", "new_members", 100), ("count", "conversations", 5000)]
    assert await count(db, Goal) == branch_goals  # no branch got the district's goals

    # Saved once: the summary's 💾 pressed again (a double tap) stores nothing more.
    await team.press(DANA, summary, "plan:save:-")
    assert await count(db, DistrictGoal) == 2

    listed = text_of(await team.send(DANA, "/mal"))
    assert "🎯 Distriktets mål (S i Exempellän):" in listed and "100 nya medlemmar (2025)" in listed
    said = text_of(await team.send(DANA, "/mal oppna_moten 6 2025"))
    assert "🎯 Distriktets mål 3:" in said and "Följ det med /distrikt" in said
    assert "Det målet finns redan (mål 3)" in text_of(await team.send(DANA, "/mal oppna_moten 6 2025"))
    assert "Mål 3 är borttaget" in text_of(await team.send(DANA, "/mal bort 3"))

    # The branches' work put together: Partille 1 new member and 12 conversations, Lerum 8.
    overview = text_of(await team.send(DISA, "/distrikt"))
    assert "Distriktets mål (kommunernas arbete tillsammans):" in overview
    assert "Nya medlemmar: 1 av 100" in overview and "Samtal: 20 av 5\xa0000" in overview
    assert "summan av kommunernas" not in overview  # its own plan, not the branches' goals summed
    sent = await tick(team, stockholm(3, 17, 9))
    digest = text_of([c for c in sent if int(c.params["chat_id"]) == DISA.id])
    assert "Veckorapport för S i Exempellän" in digest
    assert "Nya medlemmar: 1 av 100" in digest and "Samtal: 20 av 5\xa0000" in digest
    assert_nothing_personal(to_district(team.api.calls[first:]))


async def test_only_the_district_admin_sets_district_goals(team, db, org):
    lerum = await two_branches(team, db, org)
    await district_with_people(team, db, org, lerum)
    # The district's readers read its goals, and are refused when they would set one.
    for person in (DISA, OLLE):
        assert "sätts av distriktets admin" in text_of(await team.send(person, "/plan"))
        assert "sätts av distriktets admin" in text_of(await team.send(person, "/mal samtal 10 2025"))
        assert "sätts av distriktets admin" in text_of(await team.send(person, "/mal bort 1"))
        assert "Inga mål ännu" in text_of(await team.send(person, "/mal"))
    # A branch's admin and board set their branch's goals, never the district's.
    said = text_of(await team.send(ADMIN, "/mal samtal 10 2025"))
    assert "Följ det med /status" in said
    assert "Distriktets" not in text_of(await team.send(ADMIN, "/mal"))
    assert await count(db, DistrictGoal) == 0
    # A district role has no föreningar to set a goal for.
    said = text_of(await team.send(DANA, "/mal samtal 10 2025 Ektorp"))
    assert "hela distriktet" in said and await count(db, DistrictGoal) == 0


async def test_org_chooses_the_district_and_buttons_are_checked(team, db, org):
    lerum = await two_branches(team, db, org)
    district = await district_with_people(team, db, org, lerum)
    # Bo, on Partille's board, joins the district's board too: his /mal stays Partille's until /org.
    invite = await team.send(DANA, "/bjudin distriktsstyrelse")
    await team.send(BOARD_MEMBER, f"/start {code_of(invite)}")
    assert "Distriktets" not in text_of(await team.send(BOARD_MEMBER, "/mal"))
    menu = await team.send(BOARD_MEMBER, "/org")
    assert "Du är med i 2 organisationer" in text_of(menu)
    [to_branch, to_district_button] = buttons_of(menu[-1])
    assert to_district_button.startswith("org:d")

    # Someone else replaying Bo's button, or a payload naming another's district role, changes nothing.
    before = len(team.api.calls)
    await team.press_raw(DISA, menu[-1], buttons_of(menu[-1], signed=True)[1])
    assert team.answers(before) == ["Den knappen gäller inte längre."]
    async with db.session() as s:
        dana_role = await s.scalar(select(DistrictMembership.id).where(DistrictMembership.telegram_user_id == DANA.id))
    aimed = button_guard.sign(f"org:d{dana_role}", BOARD_MEMBER.id, BOARD_MEMBER.id)
    before = len(team.api.calls)
    await team.press_raw(BOARD_MEMBER, menu[-1], aimed)
    assert team.answers(before) == ["Du är inte med i den organisationen längre."]
    assert (await districts.in_scope(db, BOARD_MEMBER.id)) is None

    chosen = await team.press(BOARD_MEMBER, menu[-1], to_district_button)
    assert "Nu gäller S i Exempellän" in text_of(chosen)
    assert "Inga mål ännu" in text_of(await team.send(BOARD_MEMBER, "/mal"))  # the district has none yet
    assert "sätts av distriktets admin" in text_of(await team.send(BOARD_MEMBER, "/mal samtal 10 2025"))
    assert "sätts av distriktets admin" in text_of(await team.send(BOARD_MEMBER, "/plan"))
    assert "Nu gäller Partille AK" in text_of(await team.press(BOARD_MEMBER, menu[-1], to_branch))
    assert "Följ det med /status" in text_of(await team.send(BOARD_MEMBER, "/mal samtal 10 2025"))
    assert await count(db, DistrictGoal) == 0 and district


async def test_a_role_taken_mid_review_saves_nothing_and_milestones_are_marked(team, db, org):
    lerum = await two_branches(team, db, org)
    await district_with_people(team, db, org, lerum)
    await team.send(DANA, "/plan")
    summary = await team.press(DANA, (await team.send(DANA, PLAN))[-1], "plan:rest:0")
    await set_role(db, DANA, "distriktsstyrelse")  # the role checked again at each press, not at /plan only
    before = len(team.api.calls)
    await team.press(DANA, summary[-1], "plan:save:-")
    assert "sätts av distriktets admin" in team.answers(before)[0] and await count(db, DistrictGoal) == 0
    await set_role(db, DANA, "admin")
    await team.send(DANA, "/plan")
    summary = await team.press(DANA, (await team.send(DANA, PLAN))[-1], "plan:rest:0")
    assert "Sparat 3 mål för distriktet" in text_of(await team.press(DANA, summary[-1], "plan:save:-"))
    assert "sätts av distriktets admin" in text_of(await team.send(DISA, "/klar kommunikationsplan"))
    assert "● Klart: Ta fram en kommunikationsplan" in text_of(await team.send(DANA, "/klar kommunikationsplan"))
    async with db.session() as s:
        status = await s.scalar(select(DistrictGoal.status).where(DistrictGoal.kind == "milestone"))
    assert status == "done"


async def set_role(db, person, role: str) -> None:
    async with db.session() as s:
        await s.execute(
            update(DistrictMembership).where(DistrictMembership.telegram_user_id == person.id).values(role=role)
        )


MOVED = "Din roll eller organisation har ändrats sedan du skrev /plan, så inget sparades. Börja om med /plan."


async def bo_on_both_boards(team, db, org) -> tuple[str, str, Call]:
    """Bo, on Partille's board, is the district's admin too; his /org menu: (to branch, to district, menu)."""
    lerum = await two_branches(team, db, org)
    await district_with_people(team, db, org, lerum)
    invite = await team.send(DANA, "/bjudin distriktsstyrelse")
    await team.send(BOARD_MEMBER, f"/start {code_of(invite)}")
    await set_role(db, BOARD_MEMBER, "admin")
    menu = await team.send(BOARD_MEMBER, "/org")
    return *buttons_of(menu[-1]), menu[-1]


async def test_a_district_review_whose_role_is_taken_saves_nowhere(team, db, org):
    """Reviewer's case (a): without the district role his scope falls back to Partille, where his board
    role would pass; the district's plan must not be saved into the branch."""
    _, to_district_button, menu = await bo_on_both_boards(team, db, org)
    await team.press(BOARD_MEMBER, menu, to_district_button)
    assert "Distriktets mål" in text_of(await team.send(BOARD_MEMBER, "/plan"))
    summary = await team.press(BOARD_MEMBER, (await team.send(BOARD_MEMBER, PLAN))[-1], "plan:rest:0")
    branch_goals = await count(db, Goal)
    async with db.session() as s:
        await s.execute(delete(DistrictMembership).where(DistrictMembership.telegram_user_id == BOARD_MEMBER.id))
    assert text_of(await team.press(BOARD_MEMBER, summary[-1], "plan:save:-")) == MOVED
    assert await count(db, Goal) == branch_goals and await count(db, DistrictGoal) == 0


async def test_an_old_org_button_mid_review_saves_nowhere(team, db, org):
    """Reviewer's case (b): a branch review, then the district chosen with an older /org button
    (a press ends no flow); the branch's plan must not become the district's goals."""
    _, to_district_button, menu = await bo_on_both_boards(team, db, org)
    assert "Distriktets mål" not in text_of(await team.send(BOARD_MEMBER, "/plan"))
    summary = await team.press(BOARD_MEMBER, (await team.send(BOARD_MEMBER, PLAN))[-1], "plan:rest:0")
    branch_goals = await count(db, Goal)
    assert "Nu gäller S i Exempellän" in text_of(await team.press(BOARD_MEMBER, menu, to_district_button))
    assert text_of(await team.press(BOARD_MEMBER, summary[-1], "plan:save:-")) == MOVED
    assert await count(db, Goal) == branch_goals and await count(db, DistrictGoal) == 0


async def test_a_paste_read_after_another_scope_was_chosen_ends_the_flow(team, db, org):
    """The paste job reads the text later: it is checked against the scope /plan began in too, and
    ends the flow itself (python-telegram-bot takes no state from a job)."""
    _, to_district_button, menu = await bo_on_both_boards(team, db, org)
    plan = (PLANS / "partille-2022.txt").read_text(encoding="utf-8")
    await team.send(BOARD_MEMBER, "/plan")
    assert await team.send(BOARD_MEMBER, split_like_telegram(plan)[0]) == []  # waits for the rest
    await team.press(BOARD_MEMBER, menu, to_district_button)
    before = len(team.api.calls)
    await paste_job(team).run(team.app)
    assert text_of([c for c in team.api.calls[before:] if c.method == "sendMessage"]) == MOVED
    assert not [k for k in team.app.user_data[BOARD_MEMBER.id] if str(k).startswith("plan")]
    assert "Jag hittade" not in text_of(await team.send(BOARD_MEMBER, PLAN))  # no flow waits for a plan
    assert await count(db, DistrictGoal) == 0


async def test_a_district_role_chooses_english_and_reads_the_digest_in_english(team, db, org):
    lerum = await two_branches(team, db, org)
    await district_with_people(team, db, org, lerum)
    said = text_of(await team.send(DISA, "/language en"))
    assert "I'll speak English with you now" in said
    assert "Weekly digest for S i Exempellän" in text_of(await team.send(DISA, "/distrikt rapport"))
    sent = await tick(team, stockholm(3, 17, 9))
    assert "Weekly digest for S i Exempellän" in text_of([c for c in sent if int(c.params["chat_id"]) == DISA.id])
    assert "Veckorapport för S i Exempellän" in text_of([c for c in sent if int(c.params["chat_id"]) == DANA.id])
    # The ombudsman chose English too: the note that Lerum went quiet comes in English.
    await team.send(OLLE, "/sprak en")
    told = [c for c in await tick(team, stockholm(4, 4, 12)) if int(c.params["chat_id"]) == OLLE.id]
    assert next(c.params["text"] for c in told if "Lerum AK" in c.params["text"]).startswith(
        "💤 Lerum AK (S i Exempellän) has logged nothing since"
    )


def test_levels_add_up_and_shares_are_averaged():
    a = ((date(2025, 1, 10), 100.0), (date(2025, 3, 1), 120.0))
    b = ((date(2025, 2, 1), 50.0),)
    # b counts at its first report from the start: joining the sum is not growth.
    assert summed_levels([a, b]) == ((date(2025, 1, 10), 150.0), (date(2025, 2, 1), 150.0), (date(2025, 3, 1), 170.0))
    assert summed_levels([a, b], mean=True)[-1] == (date(2025, 3, 1), 85.0)
    facts = summed_facts(
        [
            GoalFacts(total=3, events_per_day=((date(2025, 1, 2), 1),)),
            GoalFacts(total=4, events_per_day=((date(2025, 1, 2), 2),)),
        ],
        Unit.COUNT,
        MilestoneStatus.DONE,
    )
    assert (
        facts.total == 7 and facts.events_per_day == ((date(2025, 1, 2), 3),) and facts.status is MilestoneStatus.DONE
    )


LARS = Person(506, "Lars")  # on Lerum's board


async def test_levels_cadences_and_welcome_calls_add_up_across_branches(team, db, org):
    lerum = await two_branches(team, db, org)
    district = await district_with_people(team, db, org, lerum)
    await join(team, db, lerum, LARS, Role.STYRELSE)
    await team.send(BOARD_MEMBER, "/rapportera medlemsantal 1250")
    await team.send(LARS, "/rapportera medlemsantal 750")
    assert "Distriktets mål" in text_of(await team.send(DANA, "/mal medlemsantal 2500 2025"))
    year = {"period_start": date(2025, 1, 1), "period_end": date(2025, 12, 31)}
    await district_goals.add_goals(
        db,
        district,
        [
            GoalSpec(kind=GoalKind.CADENCE, metric="door_knocking_sessions", target=2, window_days=7, **year),
            GoalSpec(kind=GoalKind.SLA, metric="welcome_call", target=5, **year),
        ],
        team.clock(),
    )
    [level, cadence, sla] = await district_goals.progress(db, district, await districts.branches(db, district), TODAY)
    assert level.progress.done == 2000  # Partille's 1 250 and Lerum's 750
    assert cadence.progress.window_events == 2  # one session in each branch this week: two, as asked
    assert cadence.progress.window_on_track is True
    assert (sla.progress.open, sla.progress.overdue) == (1, 0)  # Partille's new member's call, not yet late
    overview = text_of(await team.send(DISA, "/distrikt"))
    assert "Distriktets mål (kommunernas arbete tillsammans):" in overview and "2\xa0000" in overview


async def test_a_district_goal_keeps_no_name_written_in_its_line(team, db, org):
    """A plan line may name who answers for it ("Ansvarig: Anna Svensson"); district goals reach the
    district's report chat, so the name is not kept — neither as ``responsible`` nor in the text."""
    district = await district_with_people(team, db, org, await two_branches(team, db, org))
    year = {"period_start": date(2025, 1, 1), "period_end": date(2025, 12, 31)}
    line = "Genomföra en medlemsutbildning i maj. Ansvarig: Anna Svensson"
    spec = GoalSpec(kind=GoalKind.MILESTONE, text=line, responsible="Anna Svensson", **year)
    await district_goals.add_goals(db, district, [spec], team.clock())
    async with db.session() as s:
        kept = (await s.execute(select(DistrictGoal.text))).scalars().all()
    assert kept == ["Genomföra en medlemsutbildning i maj."]
    assert "Anna" not in text_of(await team.send(DANA, "/mal"))
