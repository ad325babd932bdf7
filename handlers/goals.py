"""/mal: the board sets, lists and removes count goals."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler, ContextTypes

from domain.errors import InputError
from domain.goals import GoalKind, GoalSpec
from domain.grammar import parse_goal
from domain.ids import parse_id
from domain.roles import BOARD
from handlers.common import answer_input_error, local_today, reply, requires, services, texts
from storage import goals, orgs
from storage.orgs import Member
from views.goal_lines import goal_summary, goal_summary_line

REMOVE_WORDS = {"bort", "ta", "radera", "remove", "delete"}


@requires(BOARD)
async def goal(update: Update, context: ContextTypes.DEFAULT_TYPE, member: Member) -> None:
    args = context.args or []
    if not args:
        await _list(update, context, member)
    elif args[0].lower() in REMOVE_WORDS:
        await _remove(update, context, member, args)
    else:
        await _add(update, context, member, " ".join(args))


async def _add(update: Update, context: ContextTypes.DEFAULT_TYPE, member: Member, text: str) -> None:
    svc = services(context)
    t = texts(update)
    names = await orgs.goal_names(svc.db, member.org_id)
    try:
        command = parse_goal(text, local_today(member, svc.clock()), dict(names.activities))
    except InputError as error:
        await answer_input_error(update, error)
        return
    forening_id = None
    if command.forening:
        found = await orgs.find_forening(svc.db, member.org_id, command.forening)
        if found is None:
            await reply(
                update,
                t._("Jag hittar ingen förening som heter \u201c{name}\u201d.", name=command.forening[:40]),
            )
            return
        forening_id = found[0]
    spec = GoalSpec(
        kind=GoalKind.COUNT,
        metric=command.metric,
        target=command.target,
        period_start=command.period_start,
        period_end=command.period_end,
    )
    spec = spec.model_copy(update={"text": goal_summary(t, spec, names)})
    [goal_id] = await goals.add_goals(svc.db, member.org_id, [spec], svc.clock(), forening_id)
    await reply(
        update,
        t._(
            "🎯 Mål {id}: {goal}. Följ det med /status.",
            id=goal_id,
            goal=goal_summary_line(t, spec, names, forening_id),
        ),
    )


async def _list(update: Update, context: ContextTypes.DEFAULT_TYPE, member: Member) -> None:
    svc = services(context)
    t = texts(update)
    stored = await goals.list_goals(svc.db, member.org_id)
    if not stored:
        await reply(update, t._("Inga mål ännu. Lägg till ett: /mal nya_medlemmar 42 2026"))
        return
    names = await orgs.goal_names(svc.db, member.org_id)
    lines = [t._("🎯 Mål:")]
    lines += [f"{g.id}. {goal_summary_line(t, g.spec, names, g.forening_id)}" for g in stored]
    lines.append(t._("Ta bort ett mål: /mal bort <nummer>"))
    await reply(update, "\n".join(lines))


async def _remove(update: Update, context: ContextTypes.DEFAULT_TYPE, member: Member, args: list[str]) -> None:
    t = texts(update)
    number = next((a for a in args[1:] if parse_id(a)), None)
    if number is None:
        await reply(update, t._("Skriv vilket mål som ska bort: /mal bort 3"))
        return
    removed = await goals.delete_goal(services(context).db, member.org_id, parse_id(number))
    if removed:
        await reply(update, t._("Mål {id} är borttaget.", id=number))
    else:
        await reply(update, t._("Det finns inget mål {id}. Se listan med /mal.", id=number))


def handlers() -> list:
    return [CommandHandler(["mal", "goal", "goals"], goal)]
