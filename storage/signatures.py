"""Callback data signed for the chat and the person a button is sent to (HMAC keyed from the data
key): handlers and the scheduler both sign; handlers/button_guard.py checks every press."""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache

from storage import crypto

SEPARATOR = "~"
TAG_CHARS = 11  # 8 bytes of the HMAC, base64url without padding: 64 bits to guess
MAX_DATA = 64  # Telegram's limit for callback_data, in bytes
MAX_PAYLOAD = MAX_DATA - TAG_CHARS - len(SEPARATOR)


@lru_cache(maxsize=8)
def _keyed(key: bytes) -> hmac.HMAC:
    # Setting a key up is most of an HMAC's cost with OpenSSL 3 (about 10 µs): once per key, then copied.
    return hmac.new(key, digestmod=hashlib.sha256)


def _tag(key: bytes, chat_id: int, user_id: int, payload: str) -> str:
    mac = _keyed(key).copy()
    mac.update(f"{chat_id}:{user_id}:{payload}".encode())
    return base64.urlsafe_b64encode(mac.digest()[:8]).rstrip(b"=").decode()


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
