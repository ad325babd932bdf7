"""/klar and /paborjad: the board marks a milestone done or under way — of its organisation, or of the
district in scope (its admin; handlers.goal_scope)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler, ContextTypes

from domain.activities import type_key
from domain.goals import GoalKind, MilestoneStatus
from handlers.common import reply, services, texts
from handlers.goal_scope import Scope, list_goals, requires_goal_scope, set_status
from storage.goals import StoredGoal

STATUS_MARK = {MilestoneStatus.NOT_STARTED: "○", MilestoneStatus.UNDER_WAY: "◐", MilestoneStatus.DONE: "●"}


def _matches(goal: StoredGoal, words: list[str]) -> bool:
    text = type_key(goal.spec.text)
    return all(type_key(w) in text for w in words)


async def _mark(update: Update, context: ContextTypes.DEFAULT_TYPE, scope: Scope, status: MilestoneStatus) -> None:
    svc = services(context)
    t = texts(update)
    args = context.args or []
    milestones = [g for g in await list_goals(svc.db, scope) if g.spec.kind is GoalKind.MILESTONE]
    if len(args) == 1 and args[0].isdigit():
        found = [g for g in milestones if g.id == int(args[0])]
    else:
        found = [g for g in milestones if args and _matches(g, args)]
    if len(found) != 1:
        await reply(update, _choices(t, milestones, status))
        return
    [goal] = found
    await set_status(svc.db, scope, goal.id, status)
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


@requires_goal_scope(setting=True)
async def done(update: Update, context: ContextTypes.DEFAULT_TYPE, scope: Scope) -> None:
    await _mark(update, context, scope, MilestoneStatus.DONE)


@requires_goal_scope(setting=True)
async def started(update: Update, context: ContextTypes.DEFAULT_TYPE, scope: Scope) -> None:
    await _mark(update, context, scope, MilestoneStatus.UNDER_WAY)


def handlers() -> list:
    return [CommandHandler(["klar", "done"], done), CommandHandler(["paborjad", "started"], started)]
