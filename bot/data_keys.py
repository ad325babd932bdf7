"""Where the data key comes from: VERKSAM_DATA_KEY, else a key file only its owner can read.

A first run with neither creates the file (outside the repository and the database) and says so
once; losing it means losing the members' contact details, so the message says to back it up.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from bot.settings import Settings
from storage import crypto


class MissingKey(crypto.DataKeyError):
    """No key configured, and making one is not allowed (the database already holds sealed data)."""


def load(settings: Settings, may_create: bool = True) -> tuple[crypto.Keyring, str | None]:
    """The keyring, and a note to print when a key file was just created."""
    if settings.verksam_data_key is not None:
        keys = [k for k in settings.verksam_data_key.get_secret_value().split(",") if k.strip()]
        return crypto.Keyring(keys), None
    path = settings.verksam_key_file
    if path.exists():
        return crypto.Keyring(read_key_file(path)), None
    if not may_create:
        raise MissingKey(f"neither VERKSAM_DATA_KEY nor the key file {path}")
    write_key_file(path, [crypto.new_key()])
    note = (
        f"Created a data key in {path} (readable only by you). Members' contact details are sealed "
        "with it: back it up in a secret store, or set VERKSAM_DATA_KEY instead."
    )
    return crypto.Keyring(read_key_file(path)), note


def read_key_file(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text().splitlines() if line.strip() and not line.startswith("#")]


def write_key_file(path: Path, keys: list[str]) -> None:
    """Write atomically, mode 0600, in a directory only the owner can enter."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = path.with_suffix(".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write("\n".join(keys) + "\n")
    os.replace(temporary, path)


def webhook_secret(settings: Settings) -> tuple[str, str | None]:
    """WEBHOOK_SECRET, else the one kept in webhook_secret_file (made on the first webhook run).

    Replicas started together race to make it: a complete file is linked into place, so the first
    one wins and the others read it, never a half-written one.
    """
    if settings.webhook_secret is not None:
        return settings.webhook_secret.get_secret_value(), None
    path = settings.webhook_secret_file
    note = None
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_urlsafe(32) + "\n")
        try:
            os.link(temporary, path)
            note = f"Created the webhook's secret token in {path} (readable only by you)."
        except FileExistsError:
            pass
        finally:
            os.unlink(temporary)
    return read_key_file(path)[0], note
