"""Pieces every guided flow shares: typed answers, pressed buttons, /avbryt."""

from __future__ import annotations

import warnings
from contextlib import suppress

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import (
    ApplicationHandlerStop,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    filters,
)
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


def _open_flows(update: Update, context: ContextTypes.DEFAULT_TYPE) -> list[ConversationHandler]:
    """The guided flows this user has open in this chat that would not take this update as their answer."""
    key = (update.effective_chat.id, update.effective_user.id)  # guided flows are per chat and user
    found = []
    for flow in _flows(context.application):
        # python-telegram-bot has no public way to read or end another handler's conversation.
        state = flow._conversations.get(key)
        if state is not None and not any(h.check_update(update) for h in flow.states.get(state, [])):
            found.append(flow)
    return found


def _flows(application) -> list[ConversationHandler]:
    """The application's guided flows, found once: every command asks (reset), and handlers are
    registered before the first update."""
    flows = application.bot_data.get(_FLOWS)
    if flows is None:
        flows = [h for group in application.handlers.values() for h in group if isinstance(h, ConversationHandler)]
        application.bot_data[_FLOWS] = flows
    return flows


_FLOWS = "guided_flows"  # bot_data key


def end_flows(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """End the user's open flows in this chat and forget their drafts; how many there were."""
    flows = _open_flows(update, context)
    key = (update.effective_chat.id, update.effective_user.id)
    for flow in flows:
        flow._update_state(ConversationHandler.END, key)  # the change is persisted like any other
        _forget_drafts(context.user_data, flow.name)
    return len(flows)


def end_flow(context: ContextTypes.DEFAULT_TYPE, name: str, chat_id: int, user_id: int) -> None:
    """End one guided flow and forget its drafts, from its handlers or from a job (whose answer
    python-telegram-bot does not take as the flow's next state)."""
    for group in context.application.handlers.values():
        for flow in group:
            if isinstance(flow, ConversationHandler) and flow.name == name:
                flow._update_state(ConversationHandler.END, (chat_id, user_id))
    _forget_drafts(context.user_data, name)


def _forget_drafts(user_data: dict, name: str) -> None:
    for draft in [k for k in user_data if k == name or str(k).startswith(f"{name}:")]:
        del user_data[draft]


async def _new_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A new command ends the flows left open, so their questions cannot catch later answers."""
    if update.effective_chat and update.effective_user:
        end_flows(update, context)


async def _cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    t = texts(update)
    if update.effective_chat and update.effective_user and end_flows(update, context):
        await reply(update, t._("Avbrutet. Inget sparat."))
    else:
        await reply(update, t._("Det finns inget att avbryta just nu. Skriv /hjalp för att se vad jag kan."))
    raise ApplicationHandlerStop


_CANCEL = CommandHandler(["avbryt", "cancel"], _cancel, filters=filters.UpdateType.MESSAGE)
_NEW_COMMAND = filters.UpdateType.MESSAGE & filters.COMMAND


async def reset(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Before the flows (handlers/pipeline.py): /avbryt ends every open flow; any other command ends
    the flows it does not answer. New messages only: an edit of an old command changes nothing."""
    if _CANCEL.check_update(update):
        await _cancel(update, context)
    elif _NEW_COMMAND.check_update(update):
        await _new_command(update, context)


def guided_flow(name: str, entry_points: list, states: dict) -> ConversationHandler:
    """A guided flow per chat and user; a new command ends it (reset), a restart resumes it."""
    with warnings.catch_warnings():
        # Typed answers and buttons are tracked per chat and user, by design, not per message.
        warnings.simplefilter("ignore", PTBUserWarning)
        return ConversationHandler(
            entry_points=entry_points,
            states=states,
            fallbacks=[],  # /avbryt and new commands: reset()
            allow_reentry=True,
            name=name,
            persistent=True,  # kept in the database (bot/persistence.py): a restart resumes the flow
        )
