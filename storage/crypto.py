"""Members' names and phone numbers sealed at rest (Fernet), and a keyed hash to find a phone number.

The keyring is process configuration, like logging: `bot/cli.py` loads it from the settings
before anything touches the database, and the `Sealed` column type seals and opens values with
it, so no query or handler sees ciphertext and none can forget to encrypt. The first key seals;
every key opens (MultiFernet), which is what lets `verksam keys rotate` move to a new key.
"""

from __future__ import annotations

import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import Text, TypeDecorator


class DataKeyError(RuntimeError):
    """No key configured, or none that opens what is stored: the bot must not start like this."""


def fingerprint(key: str) -> str:
    """A key's name, safe to print and to store: 16 hex digits of an HMAC under the key itself."""
    return hmac.new(key.strip().encode(), b"verksam data key fingerprint", hashlib.sha256).hexdigest()[:16]


class Keyring:
    def __init__(self, keys: list[str]) -> None:
        if not keys:
            raise DataKeyError("no data key")
        self._keys = [key.strip() for key in keys]
        try:
            self._fernets = [Fernet(key.strip().encode()) for key in keys]
        except (ValueError, TypeError) as exc:
            raise DataKeyError("a data key is not a Fernet key (make one with `verksam keys new`)") from exc
        self._multi = MultiFernet(self._fernets)
        # The phone hash has a key of its own, derived from the sealing key: one secret to keep.
        self._hash_key = hmac.new(keys[0].strip().encode(), b"verksam phone lookup", hashlib.sha256).digest()
        # Inline buttons are signed with another derived key; every key's checks them, as with MultiFernet.
        self._button_keys = [hmac.new(k.strip().encode(), b"verksam buttons", hashlib.sha256).digest() for k in keys]

    @property
    def fingerprints(self) -> list[str]:
        """The keys' fingerprints, the sealing key's first."""
        return [fingerprint(key) for key in self._keys]

    def with_active(self, wanted: str) -> Keyring:
        """The same keys, the one with this fingerprint sealing: the database names the active key."""
        keys = sorted(self._keys, key=lambda key: fingerprint(key) != wanted)
        if fingerprint(keys[0]) != wanted:
            raise DataKeyError(f"no configured key has the fingerprint {wanted}")
        return Keyring(keys)

    def seal(self, value: str) -> str:
        return self._multi.encrypt(value.encode()).decode()

    def open(self, token: str) -> str:
        try:
            return self._multi.decrypt(token.encode()).decode()
        except InvalidToken as exc:
            raise DataKeyError("the data key does not open the stored contact details") from exc

    def seal_bytes(self, value: bytes) -> str:
        return self._multi.encrypt(value).decode()

    def open_bytes(self, token: str) -> bytes:
        try:
            return self._multi.decrypt(token.encode())
        except InvalidToken as exc:
            raise DataKeyError("the data key does not open a stored flow") from exc

    def reseal(self, token: str) -> str:
        """The same value sealed under the first key (for rotation)."""
        return self._multi.rotate(token.encode()).decode()

    def button_keys(self) -> list[bytes]:
        """Keys for the buttons' signatures: the first signs, every one verifies."""
        return self._button_keys

    def lookup_hash(self, normalised_phone: str) -> str:
        return hmac.new(self._hash_key, normalised_phone.encode(), hashlib.sha256).hexdigest()


def new_key() -> str:
    return Fernet.generate_key().decode()


_current: Keyring | None = None


def use(keyring: Keyring | None) -> None:
    global _current
    _current = keyring


def keyring() -> Keyring:
    if _current is None:
        raise DataKeyError("no data key configured: set VERKSAM_DATA_KEY or let `verksam run` create a key file")
    return _current


class Sealed(TypeDecorator):
    """A string stored as a Fernet token under the process keyring."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect) -> str | None:
        return None if value is None else keyring().seal(value)

    def process_result_value(self, value: str | None, dialect) -> str | None:
        return None if value is None else keyring().open(value)
