"""python-telegram-bot's rate limiter, counting the 429s it waits out (views/metrics.py holds the counters)."""

from __future__ import annotations

from telegram.error import RetryAfter
from telegram.ext import AIORateLimiter

from views.metrics import SENDS_429


class CountingRateLimiter(AIORateLimiter):
    """python-telegram-bot's rate limiter, counting each request Telegram answered 429 (which the
    limiter then waits out and retries)."""

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):  # type: ignore[override]
        async def counted(*call_args, **call_kwargs):
            try:
                return await callback(*call_args, **call_kwargs)
            except RetryAfter:
                SENDS_429.inc()
                raise

        return await super().process_request(counted, args, kwargs, endpoint, data, rate_limit_args)
