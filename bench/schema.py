"""The benchmarks' databases get their schema as an operator's does: `verksam db upgrade`'s work, in a
process of its own. The measured process then starts on a current schema, as `verksam run` does on
every start after the first, and never loads Alembic (storage/migrate.py): its peak RSS is the bot's.
The upgrade runs once per benchmark; each further SQLite database is a copy of the first, empty one."""

from __future__ import annotations

import atexit
import shutil
import subprocess
import sys
import tempfile
from functools import cache
from pathlib import Path

from sqlalchemy import make_url

UPGRADE = "import sys; from storage import migrate; migrate.upgrade(sys.argv[1])"


@cache
def _upgraded() -> Path:
    """An empty database at the newest schema, made once (about 2.5 s: a process that loads Alembic)."""
    directory = tempfile.mkdtemp(prefix="verksam-schema-")
    atexit.register(shutil.rmtree, directory, ignore_errors=True)
    path = Path(directory) / "schema.db"
    subprocess.run([sys.executable, "-c", UPGRADE, f"sqlite+aiosqlite:///{path}"], check=True, timeout=300)
    return path


def make(url: str) -> None:
    """A new SQLite database at ``url`` with the production schema, indexes included."""
    shutil.copyfile(_upgraded(), make_url(url).database)
