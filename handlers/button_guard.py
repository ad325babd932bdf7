"""Inline buttons are signed for the chat and the person they were sent to; a press is checked
here, once, before any handler sees it.

The callback data a client sends back is the user's to change, and the ids in it are easy to
guess. So `handlers.common.buttons` appends a short HMAC tag over (chat, user, payload), keyed by a
secret derived from the data key, and the guard refuses every press whose tag does not match the
chat and the person pressing: forged, truncated, oversized, or replayed by someone else or in
another chat. Handlers then parse only the verified payload. A signature says who a button was
sent to, not what it may do now: that (is the case still yours?) the storage layer checks again.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from telegram import Update
from telegram.ext import ApplicationHandlerStop, ContextTypes

from storage.signatures import MAX_DATA, MAX_PAYLOAD, SEPARATOR, TAG_CHARS, sign, verify  # noqa: F401
from views.i18n import texts_for

log = logging.getLogger(__name__)

# Who the buttons built while handling this update are for: (chat id, user id). Set by the guard
# for every update (handlers/pipeline.py; each update runs in one task), or by `addressed_to` outside an update.
_audience: ContextVar[tuple[int, int] | None] = ContextVar("button_audience", default=None)


def sign_for_audience(payload: str) -> str:
    audience = _audience.get()
    if audience is None:
        raise RuntimeError("a button built outside an update: say whom it is for with addressed_to()")
    return sign(payload, *audience)


@contextmanager
def addressed_to(chat_id: int, user_id: int) -> Iterator[None]:
    """Buttons built in this block are for ``user_id`` in ``chat_id`` (a message sent by the scheduler)."""
    token = _audience.set((chat_id, user_id))
    try:
        yield
    finally:
        _audience.reset(token)


async def guard(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    chat, user = update.effective_chat, update.effective_user
    _audience.set((chat.id, user.id) if chat and user else None)
    query = update.callback_query
    if query is None:
        return
    payload = verify(query.data, chat.id, user.id) if chat and user else None
    if payload is None:
        log.info("update %s: a button press that was not signed for this chat and user, refused", update.update_id)
        try:
            await query.answer(texts_for(user.language_code if user else None)._("Den knappen gäller inte längre."))
        finally:  # refused even when the answer fails ("query is too old"): fail closed
            raise ApplicationHandlerStop
    # python-telegram-bot's own callback-data cache swaps the data in the same way.
    with query._unfrozen():
        query.data = payload

