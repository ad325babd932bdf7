"""Start-up: from launching `verksam run` to its first getUpdates at a Bot API server on loopback.

What an operator waits for after a deploy or a restart: the interpreter, the imports, the schema
check, the data key, the application. The database is made (`verksam db upgrade`'s work) and an
organisation created first (`verksam org create`, not timed), as an operator would have, and the
modules' bytecode is compiled, as installing the wheel does.
"""

from __future__ import annotations

import compileall
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from bench import schema
from tests.botapi_server import BotApiServer
from tests.fakebot import TOKEN

TIMEOUT = 30.0
ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "domain", "handlers", "scheduler", "storage", "views")


def compile_bytecode() -> None:
    """pip compiles every module of the wheel it installs; an editable install with PYTHONDONTWRITEBYTECODE
    set (as here) would instead compile some 120 modules from source at every start, ~0.2 s."""
    for package in PACKAGES:
        compileall.compile_dir(ROOT / package, quiet=1)


def run() -> dict:
    # pytest comes with these: imported only here, so the core benchmark's peak RSS is the bot's, not pytest's.
    from tests.test_e2e_subprocess import VERKSAM, clean_env

    compile_bytecode()
    with tempfile.TemporaryDirectory(prefix="verksam-startup-") as directory, BotApiServer() as server:
        env = clean_env(
            TELEGRAM_BOT_TOKEN=TOKEN,
            TELEGRAM_BASE_URL=server.base_url,
            DATABASE_URL=f"sqlite+aiosqlite:///{Path(directory) / 'verksam.db'}",
            VERKSAM_KEY_FILE=str(Path(directory) / "secrets" / "data.key"),
        )
        schema.make(env["DATABASE_URL"])  # as `verksam db upgrade` would have
        made = subprocess.run(
            [*VERKSAM, "org", "create", "Partille AK"], env=env, cwd=directory, capture_output=True, timeout=120
        )
        if made.returncode != 0:
            raise SystemExit(f"bench: verksam org create failed: {made.stderr.decode()[-500:]}")
        began = time.perf_counter()
        bot = subprocess.Popen([*VERKSAM, "run"], env=env, cwd=directory, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            while not server.calls("getUpdates"):
                if bot.poll() is not None or time.perf_counter() - began > TIMEOUT:
                    raise SystemExit(f"bench: verksam run never asked for updates: {bot.stderr.read().decode()[-500:]}")
                time.sleep(0.002)
            seconds = time.perf_counter() - began
        finally:
            bot.send_signal(signal.SIGTERM)
            bot.wait(timeout=TIMEOUT)
    return {"first_get_updates_s": round(seconds, 3)}
