"""/plan in the chat: a board member sends the plan, reviews each goal, saves; bad files refused."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import Goal
from tests.conftest import BOARD_MEMBER, VOLUNTEER
from tests.documents import make_docx, make_pdf
from tests.harness import buttons_of, text_of

PLAN = [
    "Verksamhetsplan 2025",
    "Medlemsvärvning",
    "Mål:",
    "- Värva 42 nya medlemmar",
    "- Genomföra 6 medlemsmöten",
    "- Ta fram en facklig-politisk handlingsplan tillsammans med LO-facken.",
]


async def goals_in(db) -> list[Goal]:
    async with db.session() as s:
        return list(await s.scalars(select(Goal).order_by(Goal.id)))


async def test_upload_docx_review_change_drop_and_save(team, db):
    assert "Skicka verksamhetsplanen" in text_of(await team.send(BOARD_MEMBER, "/plan"))
    sent = await team.send_document(BOARD_MEMBER, "verksamhetsplan.docx", make_docx(PLAN))
    assert "Jag hittade 3 mål för 2025" in text_of(sent)
    card = sent[-1]
    assert "Mål 1 av 3 · Medlemsvärvning" in text_of([card]) and "42 nya medlemmar" in text_of([card])
    ask = await team.press(BOARD_MEMBER, card, "plan:change:0")
    assert "nya värdet" in text_of(ask)
    card = (await team.send(BOARD_MEMBER, "50"))[-1]
    assert "50 nya medlemmar" in text_of([card])
    second = await team.press(BOARD_MEMBER, card, "plan:keep:0")
    assert "Mål 2 av 3" in text_of(second)
    third = await team.press(BOARD_MEMBER, second[-1], "plan:drop:1")
    assert "Milstolpe" in text_of(third)
    stale = len(team.api.calls)
    await team.press(BOARD_MEMBER, second[-1], "plan:drop:1")  # the old card's button, pressed again
    assert team.answers(stale) == ["Redan besvarat."]
    summary = await team.press(BOARD_MEMBER, third[-1], "plan:keep:2")
    assert "2 av 3 mål behålls" in text_of(summary)
    saved = await team.press(BOARD_MEMBER, summary[-1], "plan:save:-")
    assert "Sparat 2 mål" in text_of(saved)
    stored = await goals_in(db)
    assert [(g.kind, g.metric, g.target) for g in stored] == [("count", "new_members", 50), ("milestone", None, None)]
    assert stored[0].area == "Medlemsvärvning" and str(stored[0].period_end) == "2025-12-31"


async def test_upload_pdf_and_keep_the_rest(team, db):
    await team.send(BOARD_MEMBER, "/plan")
    sent = await team.send_document(BOARD_MEMBER, "plan.pdf", make_pdf(PLAN))
    summary = await team.press(BOARD_MEMBER, sent[-1], "plan:rest:0")
    assert "3 av 3 mål behålls" in text_of(summary)
    await team.press(BOARD_MEMBER, summary[-1], "plan:save:-")
    assert len(await goals_in(db)) == 3


async def test_pasted_text_and_cancel(team, db):
    await team.send(BOARD_MEMBER, "/plan")
    sent = await team.send(BOARD_MEMBER, "\n".join(PLAN))
    assert "Jag hittade 3 mål" in text_of(sent)
    summary = await team.press(BOARD_MEMBER, sent[-1], "plan:rest:0")
    assert "Inga mål sparade" in text_of(await team.press(BOARD_MEMBER, summary[-1], "plan:cancel:-"))
    assert await goals_in(db) == []


async def test_bad_files_get_clear_refusals(team, db):
    await team.send(BOARD_MEMBER, "/plan")
    assert "ingen läsbar text" in text_of(await team.send_document(BOARD_MEMBER, "plan.txt", bytes(range(256)) * 40))
    assert "för stor" in text_of(await team.send_document(BOARD_MEMBER, "plan.pdf", b"%PDF", size=6 * 1024 * 1024))
    assert "Jag läser .docx" in text_of(await team.send_document(BOARD_MEMBER, "plan.xls", b"x"))
    assert "tom" in text_of(await team.send_document(BOARD_MEMBER, "plan.txt", b""))
    assert "kunde inte läsa" in text_of(await team.send_document(BOARD_MEMBER, "plan.docx", b"not a zip at all"))
    assert "inga mål" in text_of(await team.send(BOARD_MEMBER, "Vi ses på årsmötet. Ta med kaffe."))
    assert await goals_in(db) == []


async def test_only_the_board_and_only_in_private(team, db):
    assert "bara styrelsen eller en admin" in text_of(await team.send(VOLUNTEER, "/plan"))
    assert "privat" in text_of(await team.send(BOARD_MEMBER, "/plan", chat=team.group()))


async def test_review_buttons_survive_nothing_twice(team, db):
    await team.send(BOARD_MEMBER, "/plan")
    sent = await team.send(BOARD_MEMBER, "\n".join(PLAN))
    summary = await team.press(BOARD_MEMBER, sent[-1], "plan:rest:0")
    await team.press(BOARD_MEMBER, summary[-1], "plan:save:-")
    await team.press(BOARD_MEMBER, summary[-1], "plan:save:-")  # pressed twice
    assert len(await goals_in(db)) == 3
    assert "plan:save:-" in buttons_of(summary[-1])
