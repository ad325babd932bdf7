"""/org: a person in several organisations — or in a district too — chooses which one their private
chat acts in. A district chosen is where /plan and /mal act (handlers.goal_scope); what the person
logs still goes to their organisation.

In a group the group decides (storage.orgs.member_for): the organisation whose report goes there.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes

from domain.ids import parse_id
from handlers.common import ROLE_NAMES, buttons, explain_not_member, is_private, member_of, reply, services, texts
from storage import districts, orgs
from storage.districts import DistrictMember
from storage.orgs import Member
from views.district import ROLE_NAMES as DISTRICT_ROLE_NAMES

ORG_PREFIX = "org:"
DISTRICT_MARK = "d"  # org:d<district membership id>: the person's own district role, checked again on press


def _label(t, member: Member, current: Member | None) -> str:
    mark = "✓ " if current is not None and member.id == current.id else ""
    return f"{mark}{member.org_name} ({t._(ROLE_NAMES[member.role])})"


def _district_label(t, who: DistrictMember) -> str:
    mark = "✓ " if who.chosen else ""
    return f"{mark}{who.district_name} ({t._(DISTRICT_ROLE_NAMES[who.role])})"


async def choose(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    t, db = texts(update), services(context).db
    member = await member_of(update, context)
    if not is_private(update):
        if member is None:
            await explain_not_member(update)
            return
        group = t._(
            "Här i gruppen gäller {org}. Vilken organisation din privata chatt gäller väljer du med /org där.",
            org=member.org_name,
        )
        await reply(update, group)
        return
    mine = await orgs.memberships_of(db, update.effective_user.id)
    roles = await districts.memberships_of(db, update.effective_user.id)
    if not mine and not roles:
        await explain_not_member(update)
        return
    if len(mine) + len(roles) < 2:
        only = mine[0].org_name if mine else roles[0].district_name
        await reply(update, t._("Du är med i en organisation, {org}: det finns inget att välja.", org=only))
        return
    current = None if any(r.chosen for r in roles) else member
    rows = [[(_label(t, m, current), f"{ORG_PREFIX}{m.id}")] for m in mine[:10]]
    rows += [[(_district_label(t, r), f"{ORG_PREFIX}{DISTRICT_MARK}{r.id}")] for r in roles[:5]]
    question = t._("Du är med i {n} organisationer. Vilken gäller här?", n=len(mine) + len(roles))
    await reply(update, question, reply_markup=buttons(rows))


async def chosen(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    t = texts(update)
    choice = query.data.removeprefix(ORG_PREFIX)
    if choice.startswith(DISTRICT_MARK):
        said = await _district_chosen(update, context, choice.removeprefix(DISTRICT_MARK))
    else:
        said = await _org_chosen(update, context, choice)
    if said is None:  # left that organisation since the list was sent, or never had it
        await query.answer(t._("Du är inte med i den organisationen längre."), show_alert=True)
        return
    await query.answer(said)
    await query.edit_message_text(said)


async def _picked(update: Update, context: ContextTypes.DEFAULT_TYPE, choose, choice: str):
    """What `choose` (an organisation's or a district's) made current for this person, or None."""
    svc = services(context)
    ident = parse_id(choice)
    return await choose(svc.db, update.effective_user.id, ident, svc.clock()) if ident else None


async def _org_chosen(update: Update, context: ContextTypes.DEFAULT_TYPE, choice: str) -> str | None:
    if (picked := await _picked(update, context, orgs.choose, choice)) is None:
        return None
    t = texts(update)
    return t._("Nu gäller {org}, där du är {role}.", org=picked.org_name, role=t._(ROLE_NAMES[picked.role]))


async def _district_chosen(update: Update, context: ContextTypes.DEFAULT_TYPE, choice: str) -> str | None:
    if (picked := await _picked(update, context, districts.choose, choice)) is None:
        return None
    t = texts(update)
    return t._(
        "Nu gäller {district}, där du är {role}: /plan och /mal gäller distriktets mål. "
        "Det du loggar går som förut till din organisation.",
        district=picked.district_name,
        role=t._(DISTRICT_ROLE_NAMES[picked.role]),
    )


def handlers() -> list:
    return [
        CommandHandler(["org", "organisation"], choose),
        CallbackQueryHandler(chosen, pattern=rf"^{ORG_PREFIX}"),
    ]
