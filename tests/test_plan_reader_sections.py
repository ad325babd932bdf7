"""Nothing dropped silently: per section of the plan, how many goals the reader found there,
in `verksam plan import --dry-run` and in the /plan review, and a goal the reader missed
added without leaving the review."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from bot.cli import main
from domain.plan_reader import PlanSection, read_sections
from storage.models import Goal
from tests.conftest import BOARD_MEMBER
from tests.harness import buttons_of, text_of

PLAN = [
    "Verksamhetsplan 2025",
    "Medlemsvärvning",
    "Mål:",
    "- Värva 42 nya medlemmar",
    "- Genomföra 6 medlemsmöten",
    "Studier",
    "Studier är viktiga för oss alla.",
    "Kommunikation",
    "Mål:",
    "- Ta fram en kommunikationsplan",
]


def test_sections_count_their_goals_and_an_empty_one_shows_zero() -> None:
    found, sections = read_sections("\n".join(PLAN), today=date(2025, 1, 1))
    assert len(found) == 3
    assert sections == [
        PlanSection("Medlemsvärvning", 2),
        PlanSection("Studier", 0),
        PlanSection("Kommunikation", 1),
    ]


def test_goals_before_any_heading_have_a_section_of_their_own() -> None:
    _, sections = read_sections("Mål:\n- Värva 5 nya medlemmar\n", today=date(2025, 1, 1))
    assert sections == [PlanSection(None, 1)]


@pytest.fixture
def plan_file(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'verksam.db'}")
    monkeypatch.setenv("VERKSAM_KEY_FILE", str(tmp_path / "data.key"))
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    path = tmp_path / "plan.txt"
    path.write_text("\n".join(PLAN), encoding="utf-8")
    return path


def test_dry_run_prints_the_goals_per_section(plan_file, capsys) -> None:
    assert main(["plan", "import", str(plan_file), "--dry-run"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Medlemsvärvning: 2 goals"
    assert "new_members 42" in lines[1] and "member_meetings 6" in lines[2]
    assert lines[3] == "Studier: 0 goals   <- no goals found here"
    assert lines[4] == "Kommunikation: 1 goal"
    assert "milestone" in lines[5]


async def test_the_review_shows_each_sections_count_and_takes_a_missed_goal(team, db):
    await team.send(BOARD_MEMBER, "/plan")
    sent = await team.send(BOARD_MEMBER, "\n".join(PLAN))
    overview = text_of(sent[:1])
    assert "Jag hittade 3 mål för 2025" in overview
    assert "• Medlemsvärvning: 2 mål" in overview
    assert "• Studier: inga mål ⚠️" in overview
    assert "• Kommunikation: 1 mål" in overview
    card = sent[-1]
    assert "plan:add:0" in buttons_of(card)
    ask = await team.press(BOARD_MEMBER, card, "plan:add:0")
    assert "som i /mal" in text_of(ask)
    refused = await team.send(BOARD_MEMBER, "studiecirklar många")
    assert await goals_in(db) == []
    assert "Mål 1 av" not in text_of(refused)
    added = await team.send(BOARD_MEMBER, "studiecirklar 4 2025")
    assert "Tillagt sist i genomgången: 4 studiecirklar" in text_of(added)
    assert "Mål 1 av 4" in text_of(added[-1:])
    summary = await team.press(BOARD_MEMBER, added[-1], "plan:rest:0")
    assert "4 av 4 mål behålls" in text_of(summary)
    await team.press(BOARD_MEMBER, summary[-1], "plan:save:-")
    stored = await goals_in(db)
    assert [(g.kind, g.metric, g.target) for g in stored][-1] == ("count", "study_circles", 4)
    assert str(stored[-1].period_end) == "2025-12-31"


async def goals_in(db) -> list[Goal]:
    async with db.session() as s:
        return list(await s.scalars(select(Goal).order_by(Goal.id)))
