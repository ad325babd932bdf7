"""The benchmarks: `python -m bench` (bench/__main__.py)."""

import bot  # noqa: F401 - first, as in `verksam run`: the bot's process measured as it is (bot/__init__.py)
