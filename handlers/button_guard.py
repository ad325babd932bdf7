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

import base64
import hashlib
import hmac
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from telegram import Update
from telegram.ext import ApplicationHandlerStop, ContextTypes, TypeHandler

from bot.i18n import texts_for
from storage import crypto

log = logging.getLogger(__name__)

SEPARATOR = "~"
TAG_CHARS = 11  # 8 bytes of the HMAC, base64url without padding: 64 bits to guess
MAX_DATA = 64  # Telegram's limit for callback_data, in bytes
MAX_PAYLOAD = MAX_DATA - TAG_CHARS - len(SEPARATOR)

# Who the buttons built while handling this update are for: (chat id, user id). Set by the guard
# for every update (each update runs in one task), or by `addressed_to` outside an update.
_audience: ContextVar[tuple[int, int] | None] = ContextVar("button_audience", default=None)


def _tag(key: bytes, chat_id: int, user_id: int, payload: str) -> str:
    mac = hmac.new(key, f"{chat_id}:{user_id}:{payload}".encode(), hashlib.sha256).digest()[:8]
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


def sign(payload: str, chat_id: int, user_id: int) -> str:
    if len(payload.encode()) > MAX_PAYLOAD:
        raise ValueError(f"button payload longer than {MAX_PAYLOAD} bytes")
    return f"{payload}{SEPARATOR}{_tag(crypto.keyring().button_keys()[0], chat_id, user_id, payload)}"


def verify(data: str | None, chat_id: int, user_id: int) -> str | None:
    """The payload, if ``data`` was signed for this chat and user; else None."""
    if not data or len(data.encode()) > MAX_DATA or len(data) <= TAG_CHARS:
        return None
    payload, separator, tag = data[: -TAG_CHARS - 1], data[-TAG_CHARS - 1], data[-TAG_CHARS:]
    if separator != SEPARATOR:
        return None
    keys = crypto.keyring().button_keys()
    ok = [hmac.compare_digest(tag, _tag(key, chat_id, user_id, payload)) for key in keys]
    return payload if any(ok) else None


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
        await query.answer(texts_for(user.language_code if user else None)._("Den knappen gäller inte längre."))
        raise ApplicationHandlerStop
    # python-telegram-bot's own callback-data cache swaps the data in the same way.
    with query._unfrozen():
        query.data = payload


def handler() -> TypeHandler:
    return TypeHandler(Update, guard)
