"""The HTTP clients that talk to the Bot API, all with one TLS context.

httpx makes a TLS context for each client and reads the whole CA bundle into it (40-60 ms); a bot has
two clients (getUpdates has its own), and each reading would be the same.
"""

from __future__ import annotations

import functools
import ssl

import httpx
from telegram import Bot
from telegram.request import HTTPXRequest


@functools.cache
def _tls() -> ssl.SSLContext:
    return httpx.create_ssl_context()  # what each httpx client would make for itself


def request(*, updates: bool = False) -> HTTPXRequest:
    """As python-telegram-bot's ApplicationBuilder makes them: one connection for getUpdates, 256 for the rest."""
    return HTTPXRequest(connection_pool_size=1 if updates else 256, httpx_kwargs={"verify": _tls()})


def bot(token: str, base_url: str) -> Bot:
    return Bot(token, base_url=base_url, request=request(), get_updates_request=request(updates=True))
