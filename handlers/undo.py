"""/angra and the Ångra button: undo one's own entry, once."""

from __future__ import annotations

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes, MessageHandler, filters

from domain.ids import parse_id
from domain.roles import LOGGERS
from handlers.common import reply, requires, services, texts
from handlers.recording import UNDO_PREFIX, undo_markup
from storage import edited, entries, orgs
from storage.entries import EntryView, UndoOutcome
from storage.orgs import Member
from views.messages import describe


def _summary(t, view: EntryView, custom: dict[str, str]) -> str:
    return describe(t, view.kind, view.fields(), custom)


@requires(LOGGERS)
async def undo_last(update: Update, context: ContextTypes.DEFAULT_TYPE, member: Member) -> None:
    svc = services(context)
    t = texts(update)
    outcome, view = await entries.undo(svc.db, member, svc.clock())
    if outcome is UndoOutcome.NOT_FOUND:
        await reply(update, t._("Du har inget att ångra."))
        return
    custom = await orgs.activity_types(svc.db, member.org_id)
    await reply(update, t._("↩ Ångrat: {summary}.", summary=_summary(t, view, custom)))


@requires(LOGGERS)
async def undo_button(update: Update, context: ContextTypes.DEFAULT_TYPE, member: Member) -> None:
    svc = services(context)
    t = texts(update)
    query = update.callback_query
    entry_id = parse_id(query.data.removeprefix(UNDO_PREFIX))
    if entry_id is None:
        await query.answer(t._("Den här knappen gäller inte längre."))
        return
    member = await orgs.author_of(svc.db, entry_id, update.effective_user.id) or member  # after an /org
    outcome, view = await entries.undo(svc.db, member, svc.clock(), entry_id)
    answers = {
        UndoOutcome.UNDONE: t._("Ångrat."),
        UndoOutcome.ALREADY: t._("Redan ångrat."),
        UndoOutcome.NOT_FOUND: t._("Den posten finns inte längre."),
        UndoOutcome.NOT_YOURS: t._("Du kan bara ångra dina egna poster."),
    }
    await query.answer(answers[outcome], show_alert=outcome is UndoOutcome.NOT_YOURS)
    if outcome is UndoOutcome.UNDONE:
        custom = await orgs.activity_types(svc.db, member.org_id)
        try:
            await query.edit_message_text(t._("↩ Ångrat: {summary}.", summary=_summary(t, view, custom)))
        except BadRequest:
            await reply(update, t._("↩ Ångrat: {summary}.", summary=_summary(t, view, custom)))


async def edited_into_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A logged line edited into plain text ("hej"): the entry stands, and saying so beats silence."""
    message = update.edited_message
    entry_id = await edited.standing_entry_of(services(context).db, message.chat_id, message.message_id)
    if entry_id is not None:
        t = texts(update)
        await reply(update, t._("Posten är oförändrad. Ångra den med /angra."), reply_markup=undo_markup(t, entry_id))


def handlers() -> list:
    return [
        MessageHandler(filters.UpdateType.EDITED_MESSAGE & filters.TEXT & ~filters.COMMAND, edited_into_text),
        CommandHandler(["angra", "undo"], undo_last),
        CallbackQueryHandler(undo_button, pattern=rf"^{UNDO_PREFIX}"),
    ]
