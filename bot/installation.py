"""Which databases this machine has run Verksam with: a vanished one is refused, never replaced.

`verksam run` on a fresh machine makes its SQLite database (the README's `make run`). Once a
database has been used, a marker beside the key file (`<key file's folder>/databases/`) remembers
it; if that database is later missing or empty (its folder removed, a volume not mounted, a
PostgreSQL database dropped), `run` refuses with exit code 2 instead of starting a new, empty one
that would tell every volunteer they need an invite. `verksam db upgrade` is the explicit way to
start over.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import make_url

from bot.settings import Settings, SettingsError


def is_postgresql(settings: Settings) -> bool:
    return make_url(settings.database_url).get_backend_name() == "postgresql"


def _identity(settings: Settings) -> str:
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite":
        return f"sqlite:{Path(url.database or ':memory:').resolve()}"
    return url.render_as_string(hide_password=True)


def _marker(settings: Settings) -> Path:
    name = hashlib.sha256(_identity(settings).encode()).hexdigest()[:24]
    return settings.verksam_key_file.parent / "databases" / name


def remember(settings: Settings) -> None:
    """After a successful start: this database is in use here."""
    marker = _marker(settings)
    if not marker.exists():
        marker.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        marker.write_text(_identity(settings) + "\n")


def refuse_if_vanished(settings: Settings) -> None:
    """Called when the database is missing or empty: fine the first time, refused after earlier use."""
    marker = _marker(settings)
    if marker.exists():
        raise SettingsError(
            f"DATABASE_URL: the database {_identity(settings)} is missing or empty, but Verksam has used it "
            f"on this machine before ({marker}). Restore it from a backup; nothing was created. To start "
            "over with an empty database on purpose, run `verksam db upgrade` first."
        )
