"""The benchmarks' databases get their schema as an operator's does: `verksam db upgrade`'s work, in a
process of its own. The measured process then starts on a current schema, as `verksam run` does on
every start after the first, and never loads Alembic (storage/migrate.py): its peak RSS is the bot's."""

from __future__ import annotations

import subprocess
import sys

UPGRADE = "import sys; from storage import migrate; migrate.upgrade(sys.argv[1])"


def make(url: str) -> None:
    subprocess.run([sys.executable, "-c", UPGRADE, url], check=True, timeout=300)
