"""Waiting on purpose without holding others up.

The update processor (bot/update_processor.py) lets a bounded number of updates run at once. An
update that only waits (the flood gate pacing a flood) steps aside for that time, so a few floods
cannot take every place while everyone else's updates queue behind them.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar

# The place the running update holds, set by the processor for the update's own task.
running_place: ContextVar[asyncio.Semaphore | None] = ContextVar("running_place", default=None)


@asynccontextmanager
async def stepping_aside() -> AsyncIterator[None]:
    place = running_place.get()
    if place is None:  # processed directly (tests, the benchmark): nothing to give up
        yield
        return
    place.release()
    try:
        yield
    finally:
        await place.acquire()


async def pause(seconds: float) -> None:
    async with stepping_aside():
        await asyncio.sleep(seconds)
