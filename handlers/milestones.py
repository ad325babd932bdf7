"""/klar and /paborjad: the board marks a milestone done or under way."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler, ContextTypes

from domain.activities import type_key
from domain.goals import GoalKind, MilestoneStatus
from domain.roles import BOARD
from handlers.common import reply, requires, services, texts
from storage import goals
from storage.goals import StoredGoal
from storage.orgs import Member

STATUS_MARK = {MilestoneStatus.NOT_STARTED: "○", MilestoneStatus.UNDER_WAY: "◐", MilestoneStatus.DONE: "●"}


def _matches(goal: StoredGoal, words: list[str]) -> bool:
    text = type_key(goal.spec.text)
    return all(type_key(w) in text for w in words)


async def _mark(update: Update, context: ContextTypes.DEFAULT_TYPE, member: Member, status: MilestoneStatus) -> None:
    svc = services(context)
    t = texts(update)
    args = context.args or []
    milestones = [g for g in await goals.list_goals(svc.db, member.org_id) if g.spec.kind is GoalKind.MILESTONE]
    if len(args) == 1 and args[0].isdigit():
        found = [g for g in milestones if g.id == int(args[0])]
    else:
        found = [g for g in milestones if args and _matches(g, args)]
    if len(found) != 1:
        await reply(update, _choices(t, milestones, status))
        return
    [goal] = found
    await goals.set_status(svc.db, member.org_id, goal.id, status)
    if status is MilestoneStatus.DONE:
        await reply(update, t._("● Klart: {goal}", goal=goal.spec.text))
    else:
        await reply(update, t._("◐ Påbörjat: {goal}", goal=goal.spec.text))


def _choices(t, milestones: list[StoredGoal], status: MilestoneStatus) -> str:
    if not milestones:
        return t._("Planen har inga milstolpar ännu. De kommer in med /plan.")
    command = "/klar" if status is MilestoneStatus.DONE else "/paborjad"
    lines = [t._("Vilken milstolpe? Skriv {command} och numret:", command=command)]
    lines += [f"{g.id}. {STATUS_MARK[g.status]} {g.spec.text}" for g in milestones]
    return "\n".join(lines)


@requires(BOARD)
async def done(update: Update, context: ContextTypes.DEFAULT_TYPE, member: Member) -> None:
    await _mark(update, context, member, MilestoneStatus.DONE)


@requires(BOARD)
async def started(update: Update, context: ContextTypes.DEFAULT_TYPE, member: Member) -> None:
    await _mark(update, context, member, MilestoneStatus.UNDER_WAY)


def handlers() -> list:
    return [CommandHandler(["klar", "done"], done), CommandHandler(["paborjad", "started"], started)]
