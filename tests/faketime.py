"""Run the whole suite at another wall-clock moment: ``VERKSAM_TEST_NOW="2026-12-31 22:59:30" pytest``.

The moment is UTC. pytest starts again under libfaketime (Debian's ``faketime`` package), which moves
the clock of this process and of every process it starts (``verksam run`` in the subprocess tests)
by one fixed offset, so the clock still ticks and all processes agree on the time. The monotonic
clock moves by the same offset (durations and asyncio's timers are unchanged): Debian's libfaketime
0.9.10 breaks time.sleep with FAKETIME_DONT_FAKE_MONOTONIC=1.
"""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime
from pathlib import Path

NOW_VARIABLE = "VERKSAM_TEST_NOW"
LIBRARIES = [
    Path("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"),
    Path("/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1"),
    Path("/usr/local/lib/faketime/libfaketime.so.1"),
]


def wanted() -> bool:
    """Asked for, and not yet under libfaketime."""
    return bool(os.environ.get(NOW_VARIABLE)) and "FAKETIME" not in os.environ


def restart_at_moment() -> None:
    """Replace this pytest process with the same command run at ``$VERKSAM_TEST_NOW``."""
    moment = datetime.fromisoformat(os.environ[NOW_VARIABLE]).replace(tzinfo=UTC)
    library = next((path for path in LIBRARIES if path.exists()), None)
    if library is None:
        sys.exit(f"{NOW_VARIABLE} needs libfaketime: apt-get install faketime")
    offset = round(moment.timestamp() - datetime.now(UTC).timestamp())
    env = {
        **os.environ,
        "LD_PRELOAD": " ".join(filter(None, [str(library), os.environ.get("LD_PRELOAD")])),
        "FAKETIME": f"{offset:+d}s",  # an offset, not "@start": a child process then sees the same time
        "TZ": "UTC",
    }
    os.execve(sys.executable, sys.orig_argv, env)
