"""The `verksam` command's entry point: bot/cli.py, imported with the cyclic garbage collector paused.

Importing the bot (python-telegram-bot, SQLAlchemy, pydantic, the ORM models, every handler) makes
a few hundred thousand objects, none of them garbage; the collector would walk them all again and
again while they are made, a quarter of the import time. Frozen afterwards, they stay out of later
full collections too, which keeps those short while the bot runs.
"""

from __future__ import annotations

import gc


def main() -> int:
    gc.disable()
    try:
        from bot.cli import main as cli_main
    finally:
        gc.freeze()
        gc.enable()
    return cli_main()
