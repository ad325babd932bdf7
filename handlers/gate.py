"""The gate every update passes first: a flood from one user and oversized messages stop here.

A flood gets one friendly refusal, then silence until the window has passed: nothing of it is
parsed or stored, and other users notice nothing. The count is kept in this process's memory,
so with several replicas each one counts on its own: a limit per replica, which is enough to
keep one user's script from crowding out everyone else's updates.
"""

from __future__ import annotations

from collections import deque

from telegram import Update
from telegram.ext import ApplicationHandlerStop, ContextTypes, TypeHandler

from bot import metrics
from handlers.common import reply, services, texts

FLOOD_WINDOW = 10.0  # seconds
FLOOD_LIMIT = 30  # updates per window: a quick volunteer pressing buttons stays far below
MAX_TEXT = 4096  # Telegram's own limit for a message; a Bot-API-compatible server may allow more
MAX_UPLOAD = 5 * 1024 * 1024  # the largest file the bot reads (a plan)


class FloodGate:
    def __init__(self) -> None:
        self._seen: dict[int, deque[float]] = {}
        self._refused: set[int] = set()

    def check(self, user_id: int, now: float) -> str:
        """'pass', 'refuse' (the first update over the limit) or 'drop' (the rest of the flood)."""
        seen = self._seen.setdefault(user_id, deque())
        while seen and seen[0] <= now - FLOOD_WINDOW:
            seen.popleft()
        if len(seen) < FLOOD_LIMIT:
            seen.append(now)
            self._refused.discard(user_id)
            return "pass"
        if user_id in self._refused:
            return "drop"
        self._refused.add(user_id)
        return "refuse"


async def gate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    user = update.effective_user
    if user is None:
        return
    flood: FloodGate = context.bot_data.setdefault("flood_gate", FloodGate())
    verdict = flood.check(user.id, services(context).clock().timestamp())
    if verdict == "drop":
        raise ApplicationHandlerStop
    t = texts(update)
    if verdict != "pass":
        metrics.REFUSALS.labels("flood").inc()
    if verdict == "refuse":
        text = t._("Lugn, lugn – du skickar fler meddelanden än jag hinner med. Vänta en stund och försök igen.")
        await _tell(update, text)
        raise ApplicationHandlerStop
    message = update.effective_message
    if message is None:
        return
    if len(message.text or message.caption or "") > MAX_TEXT:
        metrics.REFUSALS.labels("too_long").inc()
        await _tell(
            update,
            t._(
                "Det meddelandet är för långt för mig (högst {limit} tecken). Skriv till exempel /knack 40 12 Ektorp.",
                limit=t.num(MAX_TEXT),
            ),
        )
        raise ApplicationHandlerStop
    if message.document and (message.document.file_size or 0) > MAX_UPLOAD:
        metrics.REFUSALS.labels("too_big").inc()
        await _tell(update, t._("Filen är för stor (högst 5 MB). Verksamhetsplanen skickar du efter /plan."))
        raise ApplicationHandlerStop


async def _tell(update: Update, text: str) -> None:
    if update.callback_query:
        await update.callback_query.answer(text, show_alert=True)
    else:
        await reply(update, text)


def handler() -> TypeHandler:
    return TypeHandler(Update, gate)
