"""Moved to views/i18n.py; kept for modules that still import it here."""

from views.i18n import *  # noqa: F403
