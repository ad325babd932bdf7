"""The gate every update passes first: floods are slowed, junk and oversized messages stop here.

A flood is counted by when messages were *written* (``message.date``), not when they arrive: a
phone that was offline in a stairwell, or a bot that was down, delivers a day's backlog at once,
and every message of it is a doorstep someone stood on. Over the limit, work is slowed, never
lost: the sender is told once, and their messages wait their turn (in their own lane, see
bot/update_processor.py, without taking a place others need, see handlers/pacing.py). Only junk
is dropped during a flood: stickers and other non-text messages, a text identical to one just
sent, and button presses.

The count is kept in this process's memory, so with several replicas each one counts on its own.
"""

from __future__ import annotations

import asyncio
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum

from telegram import Message, Update
from telegram.ext import ApplicationHandlerStop, ContextTypes

from handlers.common import reply, services
from handlers.language import resolve
from handlers.pacing import pause
from views import metrics
from views.i18n import Texts

FLOOD_WINDOW = 10.0  # seconds of writing time
FLOOD_LIMIT = 30  # updates per window: a quick volunteer pressing buttons stays far below
MAX_TEXT = 4096  # Telegram's own limit for a message; a Bot-API-compatible server may allow more
MAX_UPLOAD = 5 * 1024 * 1024  # the largest file the bot reads (a plan)


class Verdict(Enum):
    PASS = "pass"
    SLOW = "slow"  # a flood: wait for a slot, then go on
    SLOW_FIRST = "slow_first"  # the same, and the sender is told once
    DROP = "drop"  # junk in a flood


@dataclass
class _Sender:
    written: deque[tuple[float, str | None]] = field(default_factory=deque)
    texts: Counter[str] = field(default_factory=Counter)  # the plain texts in the window
    next_slot: float = 0.0  # loop time at which the next slowed update may run
    told: bool = False


class FloodGate:
    """``limit`` updates per ``window`` seconds of writing time pass at once; more run one every
    window/limit seconds. ``slowed`` counts the updates made to wait (the benchmark reports it)."""

    def __init__(self, limit: int = FLOOD_LIMIT, window: float = FLOOD_WINDOW) -> None:
        self.limit = limit
        self.window = window
        self.slowed = 0
        self._senders: dict[int, _Sender] = {}

    def check(self, user_id: int, written: float, text: str | None, junk: bool, now: float) -> tuple[Verdict, float]:
        """The verdict for an update written at ``written`` (epoch seconds), and how long it must
        wait (seconds from ``now``, the event loop's time). ``text``: a plain text, not a command."""
        sender = self._senders.setdefault(user_id, _Sender())
        self._forget_before(sender, written - self.window)
        if len(sender.written) < self.limit:
            self._count(sender, written, text)
            sender.told = False
            return Verdict.PASS, 0.0
        if junk or (text is not None and sender.texts[text] > 0):
            return Verdict.DROP, 0.0
        self._count(sender, written, text)
        self.slowed += 1
        delay = max(0.0, sender.next_slot - now)
        sender.next_slot = max(sender.next_slot, now) + self.window / self.limit
        first, sender.told = not sender.told, True
        return (Verdict.SLOW_FIRST if first else Verdict.SLOW), delay

    @staticmethod
    def _count(sender: _Sender, written: float, text: str | None) -> None:
        sender.written.append((written, text))
        if text is not None:
            sender.texts[text] += 1

    @staticmethod
    def _forget_before(sender: _Sender, oldest: float) -> None:
        while sender.written and sender.written[0][0] <= oldest:
            _, text = sender.written.popleft()
            if text is not None:
                sender.texts[text] -= 1
                if not sender.texts[text]:
                    del sender.texts[text]


def _written_at(update: Update, message: Message | None, context: ContextTypes.DEFAULT_TYPE) -> float:
    """When the sender wrote it: Telegram's own time on a message (or its edit); a button press now."""
    if message is not None:
        return (message.edit_date or message.date).timestamp()
    return services(context).clock().timestamp()


async def gate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    user = update.effective_user
    if user is None:
        return
    message = update.message or update.edited_message  # written by the user (not the bot's, under a button)
    content = (message.text or message.caption or "") if message else ""
    flood: FloodGate = context.bot_data.setdefault("flood_gate", FloodGate())
    verdict, delay = flood.check(
        user.id,
        _written_at(update, message, context),
        text=content if message and message.text and not content.startswith("/") else None,
        junk=message is None or not (content or message.document),
        now=asyncio.get_running_loop().time(),
    )
    if verdict is Verdict.DROP:
        metrics.REFUSALS.labels("flood").inc()
        raise ApplicationHandlerStop
    if verdict is Verdict.SLOW_FIRST:
        await _say(
            update,
            context,
            lambda t: t._(
                "Lugn, lugn – du skickar fler meddelanden än jag hinner med. "
                "Jag tar dem i tur och ordning, det tar en stund."
            ),
        )
    if delay:
        await pause(delay)
    if message is None:
        return
    if len(content) > MAX_TEXT:
        metrics.REFUSALS.labels("too_long").inc()
        await _say(
            update,
            context,
            lambda t: t._(
                "Det meddelandet är för långt för mig (högst {limit} tecken). Skriv till exempel /knack 40 12 Ektorp.",
                limit=t.num(MAX_TEXT),
            ),
        )
        raise ApplicationHandlerStop
    if "\x00" in content:  # PostgreSQL cannot store it, and no keyboard types it
        metrics.REFUSALS.labels("nul").inc()
        await _say(
            update,
            context,
            lambda t: t._(
                "Det meddelandet innehåller ett osynligt tecken (NUL) som jag inte kan spara. "
                "Skriv om det med vanliga tecken – inget sparades."
            ),
        )
        raise ApplicationHandlerStop
    if message.document and (message.document.file_size or 0) > MAX_UPLOAD:
        metrics.REFUSALS.labels("too_big").inc()
        await _say(update, context, lambda t: t._("Filen är för stor (högst 5 MB). Verksamhetsplanen skickar du efter /plan."))
        raise ApplicationHandlerStop


async def _say(update: Update, context: ContextTypes.DEFAULT_TYPE, text: Callable[[Texts], str]) -> None:
    """Answer in the writer's language; resolved only here, since most updates pass without a word."""
    await reply(update, text(await resolve(update, context)))

