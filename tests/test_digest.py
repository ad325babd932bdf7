"""The weekly digest: content at fixed dates with its chart, where it goes, when, and only once a week."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.app import build_application
from domain.goals import GoalKind, GoalSpec
from domain.roles import Role
from scheduler.planning import plan
from scheduler.sweep import sweep
from storage import goals, orgs
from tests.conftest import ADMIN, BOARD_MEMBER, VOLUNTEER, join
from tests.fakebot import TOKEN, FakeRequest
from tests.harness import Person, text_of
from tests.test_welcome_chain import register

PNG = b"\x89PNG\r\n\x1a\n"
YEAR = (date(2025, 1, 1), date(2025, 12, 31))
SECOND_VOLUNTEER = Person(212, "Valter")


def stockholm(month: int, day: int, hour: int, minute: int = 0, year: int = 2025) -> datetime:
    """Local Stockholm time in 2025 as UTC (summer time from 30 March to 26 October)."""
    summer = (month, day) >= (3, 30) and (month, day) < (10, 26)
    return datetime(year, month, day, hour, minute, tzinfo=UTC) - timedelta(hours=2 if summer else 1)


async def tick(team, when: datetime, app=None) -> list:
    """What one minute of the clock sends at ``when``: plan, then sweep."""
    app = app or team.app
    team.clock.now = when
    before = len(team.api.calls)
    await plan(app)
    await sweep(app)
    return [c for c in team.api.calls[before:] if c.method in {"sendMessage", "sendPhoto"}]


def digests_in(calls) -> list:
    return [c for c in calls if c.method == "sendMessage" and "Veckorapport" in c.params["text"]]


async def plan_goals(db, org) -> None:
    await goals.add_goals(
        db,
        org,
        [
            GoalSpec(kind=GoalKind.COUNT, metric="new_members", target=42, period_start=YEAR[0], period_end=YEAR[1]),
            GoalSpec(
                kind=GoalKind.COUNT, metric="conversations", target=4215, period_start=YEAR[0], period_end=YEAR[1]
            ),
            GoalSpec(
                kind=GoalKind.CADENCE,
                metric="door_knocking_sessions",
                target=1,
                window_days=14,
                period_start=YEAR[0],
                period_end=YEAR[1],
            ),
        ],
        datetime(2025, 1, 1, tzinfo=UTC),
    )


async def log_week(team, ektorp: int) -> None:
    """Monday 17 to Sunday 23 March 2025: two sessions, a square, a new member; one the week before."""
    await team.send(VOLUNTEER, "/knack 30 9 Ektorp", sent=stockholm(3, 12, 18))
    await team.send(VOLUNTEER, "/knack 40 12 Ektorp", sent=stockholm(3, 17, 18))
    await team.send(SECOND_VOLUNTEER, "/knack 20 6 Ektorp", sent=stockholm(3, 22, 11))
    await team.send(SECOND_VOLUNTEER, "/samtal 25 torg", sent=stockholm(3, 22, 13))
    await register(team, ektorp, stockholm(3, 22, 14))  # Anna Andersson, 070-123 45 67


async def board_group(team) -> dict:
    group = team.group(-100_500, "Styrelsen Partille")
    assert "kommer hit" in text_of(await team.send(BOARD_MEMBER, "/rapportchatt", chat=group))
    return group


async def test_monday_digest_reports_last_week_with_the_chart_and_no_personal_data(team, db, org):
    ektorp, _ = await orgs.find_forening(db, org, "Ektorp")
    await join(team, db, org, SECOND_VOLUNTEER, Role.VOLONTAR, forening_id=ektorp)
    await plan_goals(db, org)
    await log_week(team, ektorp)
    group = await board_group(team)
    assert digests_in(await tick(team, stockholm(3, 24, 7, 59))) == []
    sent = await tick(team, stockholm(3, 24, 8))
    to_group = [c for c in sent if int(c.params["chat_id"]) == group["id"]]
    assert [c.method for c in to_group] == ["sendMessage", "sendPhoto"]
    text = to_group[0].params["text"]
    assert text.startswith("📬 Veckorapport för Partille AK\nVecka 12 (17 mars – 23 mars 2025)")
    lines = text.splitlines()
    # 1 of 42 by 23 March (9.4 expected), 283 days left: 41 × 7 / 283 = 1.01 a week, so 2 whole members.
    assert "↓ Nya medlemmar: 1 denna vecka · 1 av 42 · behöver 2 i veckan" in lines
    assert "↓ Samtal: 43 denna vecka · 52 av 4\xa0215 · behöver 103 i veckan" in lines
    assert "↓ Dörrknackningar: 1 per två veckor: 0 av 5 perioder klara, nu 3 av 1" in lines
    assert "📞 Välkomstsamtal 2025: 0 i tid, 0 sena, 1 pågår" in lines
    assert "🚪 Dörrknackning denna vecka: 2 pass, 60 dörrar, 18 samtal" in lines
    assert "🏆 Mest aktiva föreningar: Ektorp (4)" in lines  # Vera has no förening, but her area names Ektorp
    assert not any("Flitigast" in line for line in lines)  # names only if the organisation turns it on
    assert "Anna" not in text and "070" not in text and "+46" not in text
    assert to_group[1].files["photo"][1].startswith(PNG)
    assert digests_in(await tick(team, stockholm(3, 24, 8, 1))) == []  # once
    assert digests_in(await tick(team, stockholm(3, 27, 12))) == []  # and not again that week


async def test_named_volunteers_only_when_turned_on(team, db, org):
    ektorp, _ = await orgs.find_forening(db, org, "Ektorp")
    await join(team, db, org, SECOND_VOLUNTEER, Role.VOLONTAR, forening_id=ektorp)
    await log_week(team, ektorp)
    assert "✅ Sparat." in text_of(await team.send(ADMIN, "/installningar namn på"))
    team.clock.now = stockholm(3, 23, 12)
    report = text_of(await team.send(BOARD_MEMBER, "/rapport"))
    assert "🙌 Flitigast: Valter (2), Vera (2)" in report or "🙌 Flitigast: Vera (2), Valter (2)" in report


async def test_private_digest_respects_quiet_hours_and_can_be_turned_off(team, db, org):
    assert "privat" in text_of(await team.send(BOARD_MEMBER, "/rapportchatt"))
    assert "✅ Sparat." in text_of(await team.send(ADMIN, "/installningar rapport söndag 22"))
    assert digests_in(await tick(team, stockholm(3, 23, 22))) == []  # 22:00 is inside the quiet hours
    sent = digests_in(await tick(team, stockholm(3, 24, 8)))
    assert [int(c.params["chat_id"]) for c in sent] == [BOARD_MEMBER.id]
    assert "Vecka 12" not in sent[0].params["text"] and "16 mars – 22 mars 2025" in sent[0].params["text"]
    assert "inte längre" in text_of(await team.send(BOARD_MEMBER, "/rapportchatt av"))
    assert digests_in(await tick(team, stockholm(3, 31, 8))) == []


async def test_each_week_has_one_digest_across_both_dst_changes(team, db, org):
    assert "privat" in text_of(await team.send(BOARD_MEMBER, "/rapportchatt"))
    await board_group(team)
    for first, days in ((stockholm(3, 21, 0), 12), (stockholm(10, 17, 0), 12)):
        moments = [first + timedelta(minutes=30 * step) for step in range(days * 48)]
        sent_at = []
        for moment in moments:
            for call in digests_in(await tick(team, moment)):
                sent_at.append((int(call.params["chat_id"]), moment))
        mondays = sorted({m.date() for _, m in sent_at})
        assert len(sent_at) == 4, sent_at  # two Mondays, two chats each
        for chat in (BOARD_MEMBER.id, -100_500):
            local = [m.astimezone(_zone()).strftime("%a %H:%M") for c, m in sent_at if c == chat]
            assert local == ["Mon 08:00", "Mon 08:00"], (chat, local, mondays)


def _zone():
    from zoneinfo import ZoneInfo

    return ZoneInfo("Europe/Stockholm")


async def test_a_restart_across_the_digest_time_sends_it_once(team, db, org):
    await board_group(team)
    assert digests_in(await tick(team, stockholm(3, 24, 7, 30))) == []
    # Down from 07:45 to 10:00; a new process (a fresh Application, same database) starts.
    restarted = build_application(TOKEN, db, request=FakeRequest(team.api), clock=team.clock)
    await restarted.initialize()
    try:
        assert len(digests_in(await tick(team, stockholm(3, 24, 10), restarted))) == 1
        assert digests_in(await tick(team, stockholm(3, 24, 10, 1), restarted)) == []
        assert digests_in(await tick(team, stockholm(3, 24, 10, 2))) == []  # nor the old one, were it alive
    finally:
        await restarted.shutdown()


async def test_rapport_and_settings_are_for_the_board(team, db, org):
    await plan_goals(db, org)
    team.clock.now = stockholm(3, 20, 12)
    sent = await team.send(BOARD_MEMBER, "/rapport")
    assert [c.method for c in sent] == ["sendMessage", "sendPhoto"]
    assert "14 mars – 20 mars 2025" in sent[0].params["text"]
    assert "kan bara" in text_of(await team.send(VOLUNTEER, "/rapport"))
    assert "kan bara" in text_of(await team.send(VOLUNTEER, "/installningar rapport fredag 9"))
    overview = text_of(await team.send(ADMIN, "/installningar"))
    assert "måndagar kl. 08:00" in overview and "21:00–08:00" in overview
    for bad in ("/installningar rapport fredag 25", "/installningar rapport fraedag 9", "/installningar tyst 21"):
        assert "/installningar rapport måndag 8" in text_of(await team.send(ADMIN, bad))
    assert "fredagar kl. 09:00" in text_of(await team.send(ADMIN, "/installningar rapport fredag 9"))
    assert "22:00–07:00" in text_of(await team.send(ADMIN, "/installningar tyst 22 7"))
    assert "raderas 30 dagar efter" in text_of(await team.send(ADMIN, "/installningar gallring 30"))
    assert "gallring 90" in text_of(await team.send(ADMIN, "/installningar gallring 0"))
