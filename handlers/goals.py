"""/mal: the board sets, lists and removes count goals and level goals — of its organisation, or of
the district in scope (handlers.goal_scope: set by the district's admin, listed by its readers too)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler, ContextTypes

from domain.errors import InputError
from domain.goals import GoalSpec
from domain.grammar import parse_goal
from domain.ids import parse_id
from handlers import goal_scope
from handlers.common import answer_input_error, local_today, reply, services, texts
from handlers.goal_scope import Scope, refuse_reader, requires_goal_scope
from storage import orgs
from storage.goals import goal_key
from views.goal_lines import goal_summary, goal_summary_line

REMOVE_WORDS = {"bort", "ta", "radera", "remove", "delete"}


@requires_goal_scope(setting=False)
async def goal(update: Update, context: ContextTypes.DEFAULT_TYPE, scope: Scope) -> None:
    args = context.args or []
    if not args:
        await _list(update, context, scope)
    elif not scope.may_set:
        await refuse_reader(update)
    elif args[0].lower() in REMOVE_WORDS:
        await _remove(update, context, scope, args)
    else:
        await _add(update, context, scope, " ".join(args))


async def _forening(update: Update, context: ContextTypes.DEFAULT_TYPE, scope: Scope, name: str | None):
    """The förening a goal is for: (True, None) for the whole organisation; (False, None) refused."""
    if not name:
        return True, None
    t = texts(update)
    if scope.district_id is not None:
        await reply(update, t._("Distriktets mål gäller hela distriktet, inte en förening."))
        return False, None
    found = await orgs.find_forening(services(context).db, scope.org_id, name)
    if found is None:
        await reply(update, t._("Jag hittar ingen förening som heter \u201c{name}\u201d.", name=name[:40]))
        return False, None
    return True, found[0]


async def _add(update: Update, context: ContextTypes.DEFAULT_TYPE, scope: Scope, text: str) -> None:
    svc = services(context)
    t = texts(update)
    names = await goal_scope.goal_names(svc.db, scope)
    try:
        command = parse_goal(text, local_today(scope, svc.clock()), dict(names.activities))
    except InputError as error:
        await answer_input_error(update, error)
        return
    found, forening_id = await _forening(update, context, scope, command.forening)
    if not found:
        return
    spec = GoalSpec(
        kind=command.kind,
        unit=command.unit,
        metric=command.metric,
        target=command.target,
        period_start=command.period_start,
        period_end=command.period_end,
    )
    spec = spec.model_copy(update={"text": goal_summary(t, spec, names)})
    same = (await goal_scope.existing_goals(svc.db, scope)).get(goal_key(spec, forening_id))
    if same is not None:
        await reply(update, t._("Det målet finns redan (mål {id}).", id=same))
        return
    [goal_id] = await goal_scope.add_goals(svc.db, scope, [spec], svc.clock(), forening_id)
    line = goal_summary_line(t, spec, names, forening_id)
    if scope.district_id is None:
        await reply(update, t._("🎯 Mål {id}: {goal}. Följ det med /status.", id=goal_id, goal=line))
    else:
        await reply(update, t._("🎯 Distriktets mål {id}: {goal}. Följ det med /distrikt.", id=goal_id, goal=line))


async def _list(update: Update, context: ContextTypes.DEFAULT_TYPE, scope: Scope) -> None:
    svc = services(context)
    t = texts(update)
    stored = await goal_scope.list_goals(svc.db, scope)
    if not stored:
        await reply(update, t._("Inga mål ännu. Lägg till ett: /mal nya_medlemmar 42 2026"))
        return
    names = await goal_scope.goal_names(svc.db, scope)
    head = t._("🎯 Mål:") if scope.district_id is None else t._("🎯 Distriktets mål ({district}):", district=scope.name)
    lines = [head]
    lines += [f"{g.id}. {goal_summary_line(t, g.spec, names, g.forening_id)}" for g in stored]
    if scope.may_set:
        lines.append(t._("Ta bort ett mål: /mal bort <nummer>"))
    await reply(update, "\n".join(lines))


async def _remove(update: Update, context: ContextTypes.DEFAULT_TYPE, scope: Scope, args: list[str]) -> None:
    t = texts(update)
    number = next((a for a in args[1:] if parse_id(a)), None)
    if number is None:
        await reply(update, t._("Skriv vilket mål som ska bort: /mal bort 3"))
        return
    removed = await goal_scope.delete_goal(services(context).db, scope, parse_id(number))
    if removed:
        await reply(update, t._("Mål {id} är borttaget.", id=number))
    else:
        await reply(update, t._("Det finns inget mål {id}. Se listan med /mal.", id=number))


def handlers() -> list:
    return [CommandHandler(["mal", "goal", "goals"], goal)]
