"""Pieces every guided flow shares: typed answers, pressed buttons, /avbryt."""

from __future__ import annotations

import warnings
from contextlib import suppress

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import CommandHandler, ContextTypes, ConversationHandler, filters
from telegram.warnings import PTBUserWarning

from domain.errors import InputError
from domain.grammar import parse_count
from handlers.common import answer_input_error, reply, texts

# A typed answer: new text that is no command (an edit of an earlier answer is not a new answer).
ANSWER = filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND


async def pressed(update: Update) -> str | None:
    """The value of a pressed button ("knack:doors:40" -> "40"), or None for typed text.

    The buttons are taken off the message, so a second press cannot answer twice.
    """
    query = update.callback_query
    if query is None:
        return None
    await query.answer()
    # The message may be gone or already without buttons: the answer still counts once.
    with suppress(BadRequest):
        await query.edit_message_reply_markup(reply_markup=None)
    return (query.data or "").rsplit(":", 1)[-1]


async def answered_number(update: Update, limit: int) -> int | None:
    """The number a button carried or the user typed; None, after a friendly answer, if it is none."""
    try:
        return parse_count(await pressed(update) or update.effective_message.text, limit)
    except InputError as error:
        await answer_input_error(update, error)
        return None


def cancel_handler(*keys: str) -> CommandHandler:
    async def cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
        for key in keys:
            context.user_data.pop(key, None)
        await reply(update, texts(update)._("Avbrutet. Inget sparat."))
        return ConversationHandler.END

    return CommandHandler(["avbryt", "cancel"], cancel)


def guided_flow(name: str, entry_points: list, states: dict) -> ConversationHandler:
    """A guided flow per chat and user; a new command restarts it, /avbryt ends it, a restart resumes it."""
    with warnings.catch_warnings():
        # Typed answers and buttons are tracked per chat and user, by design, not per message.
        warnings.simplefilter("ignore", PTBUserWarning)
        return ConversationHandler(
            entry_points=entry_points,
            states=states,
            fallbacks=[cancel_handler(name)],
            allow_reentry=True,
            name=name,
            persistent=True,  # kept in the database (bot/persistence.py): a restart resumes the flow
        )
