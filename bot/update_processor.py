"""Updates from different people side by side; one person's updates in the order they were sent.

python-telegram-bot handles one update at a time by default, so one slow command (a plan being
read, a chart) holds everyone up. With this processor each person has a lane: a lane runs its
updates one after the other (a guided flow sees its answers in order, and the user_data that flows
keep per person is never written by two updates at once), and different lanes run concurrently.

Waiting for one's lane costs nothing but a task; at most ``max_running`` updates run at once (an
update that only waits steps aside, see handlers/pacing.py).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Hashable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from handlers.pacing import running_place

# python-telegram-bot's own semaphore is taken before ours: it must never make an update wait,
# or the arrival order of one person's updates could be lost. Ours bounds the running work.
UNBOUNDED = 1_000_000
MAX_RUNNING = 64


def lane_of(update: object) -> Hashable:
    """One lane per person (by Telegram user id); an update without a sender, per chat."""
    if not isinstance(update, Update):
        return None
    if update.effective_user is not None:
        return ("user", update.effective_user.id)
    return ("chat", update.effective_chat.id if update.effective_chat else None)


class _Lane:
    __slots__ = ("lock", "queued")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()  # FIFO: waiters are woken in the order they came
        self.queued = 0


class PerUserUpdateProcessor(BaseUpdateProcessor):
    def __init__(self, max_running: int = MAX_RUNNING) -> None:
        super().__init__(UNBOUNDED)
        self._lanes: dict[Hashable, _Lane] = {}
        self._running = asyncio.Semaphore(max_running)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = lane_of(update)
        lane = self._lanes.get(key) or self._lanes.setdefault(key, _Lane())
        lane.queued += 1
        try:
            # Tasks start in the order updates arrived and nothing before this line suspends,
            # so each update queues for its lane in arrival order.
            async with lane.lock, self._running:
                running_place.set(self._running)  # this update's own task: the context is its copy
                await coroutine
        finally:
            lane.queued -= 1
            if lane.queued == 0:
                del self._lanes[key]

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass
