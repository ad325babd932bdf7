"""Whose goals /plan and /mal act on: the organisation in scope, or the district.

In a private chat a person acts in their district when they chose it with /org, or hold no branch
role at all (storage.districts.in_scope); otherwise in their organisation, as every branch command.
A branch's board (styrelse, admin) sets its goals; a district's goals are set by its admin alone
(distriktsstyrelse and ombudsman read them). The check is made here, on every update of the flow.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime

from telegram import Update
from telegram.ext import ContextTypes, ConversationHandler

from domain.activities import BUILTIN
from domain.district import DistrictRole
from domain.goals import GoalNames, GoalSpec, MilestoneStatus
from domain.roles import BOARD
from handlers.common import is_private, reply, requires, services, texts
from storage import district_goals, districts, goals, orgs
from storage.districts import DistrictMember
from storage.goals import StoredGoal
from storage.orgs import Member

SETTERS = frozenset({DistrictRole.ADMIN})


@dataclass(frozen=True)
class Scope:
    """An organisation (org_id) or a district (district_id); ``timezone`` makes it a local_today's member."""

    name: str
    timezone: str
    may_set: bool
    org_id: int | None = None
    district_id: int | None = None

    @property
    def key(self) -> tuple[int | None, int | None]:
        """Which organisation or district: what a flow of several steps is pinned to when it begins."""
        return (self.org_id, self.district_id)

    @staticmethod
    def of_branch(member: Member) -> Scope:
        return Scope(member.org_name, member.timezone, True, org_id=member.org_id)

    @staticmethod
    def of_district(who: DistrictMember) -> Scope:
        return Scope(who.district_name, who.timezone, who.role in SETTERS, district_id=who.district_id)


def requires_goal_scope(*, setting: bool):
    """Like handlers.common.requires(BOARD), for the organisation or district in scope; ``setting``:
    the handler changes goals, so a district's readers are refused too."""

    def decorate(handler):
        branch = requires(BOARD)(lambda update, context, member: handler(update, context, Scope.of_branch(member)))

        @functools.wraps(handler)
        async def wrapper(update: Update, context: ContextTypes.DEFAULT_TYPE):
            user = update.effective_user
            who = await districts.in_scope(services(context).db, user.id) if user and is_private(update) else None
            if who is None:
                return await branch(update, context)
            scope = Scope.of_district(who)
            if setting and not scope.may_set:
                await refuse_reader(update)
                return ConversationHandler.END
            return await handler(update, context, scope)

        return wrapper

    return decorate


async def refuse_reader(update: Update) -> None:
    t = texts(update)
    text = t._("Distriktets mål sätts av distriktets admin. Du kan läsa dem med /mal och /distrikt.")
    if update.callback_query:
        await update.callback_query.answer(text, show_alert=True)
    else:
        await reply(update, text)


async def list_goals(db, scope: Scope) -> list[StoredGoal]:
    if scope.district_id is not None:
        return await district_goals.list_goals(db, scope.district_id)
    return await goals.list_goals(db, scope.org_id)


async def existing_goals(db, scope: Scope) -> dict[tuple, int]:
    if scope.district_id is not None:
        return await district_goals.existing_goals(db, scope.district_id)
    return await goals.existing_goals(db, scope.org_id)


async def add_goals(
    db, scope: Scope, specs: list[GoalSpec], now: datetime, forening_id: int | None = None
) -> list[int]:
    if scope.district_id is not None:
        return await district_goals.add_goals(db, scope.district_id, specs, now)
    return await goals.add_goals(db, scope.org_id, specs, now, forening_id)


async def delete_goal(db, scope: Scope, goal_id: int) -> bool:
    if scope.district_id is not None:
        return await district_goals.delete_goal(db, scope.district_id, goal_id)
    return await goals.delete_goal(db, scope.org_id, goal_id)


async def set_status(db, scope: Scope, goal_id: int, status: MilestoneStatus) -> bool:
    if scope.district_id is not None:
        return await district_goals.set_status(db, scope.district_id, goal_id, status)
    return await goals.set_status(db, scope.org_id, goal_id, status)


async def goal_names(db, scope: Scope) -> GoalNames:
    """A district has no föreningar and no activity types of its own: the built-in types' names."""
    if scope.district_id is not None:
        return GoalNames({}, {t.key: t.name_sv for t in BUILTIN})
    return await orgs.goal_names(db, scope.org_id)
