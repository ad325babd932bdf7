"""Moved to views/messages.py; kept for modules that still import it here."""

from views.messages import *  # noqa: F403
