"""/org: a person in several organisations chooses which one their private chat acts in.

In a group the group decides (storage.orgs.member_for): the organisation whose report goes there.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes

from domain.ids import parse_id
from domain.roles import LOGGERS
from handlers.common import ROLE_NAMES, buttons, is_private, reply, requires, services, texts
from storage import orgs
from storage.orgs import Member

ORG_PREFIX = "org:"


def _label(t, member: Member, current: Member) -> str:
    mark = "✓ " if member.id == current.id else ""
    return f"{mark}{member.org_name} ({t._(ROLE_NAMES[member.role])})"


@requires(LOGGERS)
async def choose(update: Update, context: ContextTypes.DEFAULT_TYPE, member: Member) -> None:
    t = texts(update)
    if not is_private(update):
        await reply(
            update,
            t._(
                "Här i gruppen gäller {org}. Vilken organisation din privata chatt gäller väljer du med /org där.",
                org=member.org_name,
            ),
        )
        return
    mine = await orgs.memberships_of(services(context).db, update.effective_user.id)
    if len(mine) < 2:
        await reply(update, t._("Du är med i en organisation, {org}: det finns inget att välja.", org=member.org_name))
        return
    rows = [[(_label(t, m, member), f"{ORG_PREFIX}{m.id}")] for m in mine[:10]]
    question = t._("Du är med i {n} organisationer. Vilken gäller här?", n=len(mine))
    await reply(update, question, reply_markup=buttons(rows))


@requires(LOGGERS)
async def chosen(update: Update, context: ContextTypes.DEFAULT_TYPE, member: Member) -> None:
    query = update.callback_query
    t = texts(update)
    choice = query.data.removeprefix(ORG_PREFIX)
    svc = services(context)
    picked = None
    if org_id := parse_id(choice):
        picked = await orgs.choose(svc.db, update.effective_user.id, org_id, svc.clock())
    if picked is None:  # left that organisation since the list was sent
        await query.answer(t._("Du är inte med i den organisationen längre."), show_alert=True)
        return
    said = t._("Nu gäller {org}, där du är {role}.", org=picked.org_name, role=t._(ROLE_NAMES[picked.role]))
    await query.answer(said)
    await query.edit_message_text(said)


def handlers() -> list:
    return [
        CommandHandler(["org", "organisation"], choose),
        CallbackQueryHandler(chosen, pattern=rf"^{ORG_PREFIX}"),
    ]
