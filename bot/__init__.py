"""The composition root and the entry points: `verksam` (bot/cli.py) and what `python -m bench` drives."""

import sys

# httpx imports its command-line client (click, rich, pygments: about 4 MB and 0.1 s) whenever they are
# installed, as in a development venv; nothing here runs it. None in sys.modules makes that import fail,
# which httpx expects (its `httpx` command then says what is missing). Here, before anything imports httpx.
sys.modules.setdefault("httpx._main", None)
