"""/samtal: conversations with citizens, by channel."""

from __future__ import annotations

from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
)

from domain.entries import MAX_CONVERSATIONS, EntryKind, Talk, TalkChannel
from domain.errors import InputError
from domain.grammar import TalkDraft, parse_talk
from domain.roles import LOGGERS
from handlers.common import answer_input_error, buttons, local_today, reply, requires, texts
from handlers.flow import ANSWER, answered_number, guided_flow, pressed
from handlers.recording import Origin, save
from storage.orgs import Member
from views.messages import channel_phrase

COUNT, CHANNEL = range(2)
KEY = "samtal"


@requires(LOGGERS)
async def start(update: Update, context: ContextTypes.DEFAULT_TYPE, member: Member) -> int:
    message = update.effective_message
    try:
        draft = parse_talk(" ".join(context.args or []), local_today(member, message.date))
    except InputError as error:
        await answer_input_error(update, error)
        return ConversationHandler.END
    origin = Origin.of(message)
    if draft.count is not None and draft.channel is not None:
        return await _finish(update, context, member, draft, origin)
    if update.edited_message:
        return ConversationHandler.END
    context.user_data[KEY] = (draft, origin)
    if draft.count is None:
        await reply(update, texts(update)._("Hur många samtal? Skriv ett tal, till exempel 25."))
        return COUNT
    return await _ask_channel(update)


async def _ask_channel(update: Update) -> int:
    t = texts(update)
    labels = [(channel_phrase(t, c.value).capitalize(), f"samtal:channel:{c.value}") for c in TalkChannel]
    await reply(update, t._("Var blev samtalen av?"), reply_markup=buttons([labels[:3], labels[3:]]))
    return CHANNEL


@requires(LOGGERS)
async def count(update: Update, context: ContextTypes.DEFAULT_TYPE, member: Member) -> int:
    draft, origin = context.user_data[KEY]
    draft.count = await answered_number(update, MAX_CONVERSATIONS)
    if draft.count is None:
        return COUNT
    if draft.count == 0:
        await reply(update, texts(update)._("Minst ett samtal, annars finns inget att spara."))
        return COUNT
    return await (_finish(update, context, member, draft, origin) if draft.channel else _ask_channel(update))


@requires(LOGGERS)
async def channel(update: Update, context: ContextTypes.DEFAULT_TYPE, member: Member) -> int:
    draft, origin = context.user_data[KEY]
    value = await pressed(update)
    if value not in {c.value for c in TalkChannel}:
        return CHANNEL
    draft.channel = TalkChannel(value)
    return await _finish(update, context, member, draft, origin)


async def _finish(update: Update, context, member: Member, draft: TalkDraft, origin: Origin) -> int:
    talk = Talk(count=draft.count, channel=draft.channel, day=draft.day)
    fields = {"conversations": talk.count, "channel": talk.channel.value}
    await save(update, context, member, EntryKind.SAMTAL, fields, talk.day, origin)
    context.user_data.pop(KEY, None)
    return ConversationHandler.END


def handler():
    return guided_flow(
        KEY,
        [CommandHandler(["samtal", "talk"], start)],
        {
            COUNT: [MessageHandler(ANSWER, count)],
            CHANNEL: [CallbackQueryHandler(channel, pattern=r"^samtal:channel:")],
        },
    )
