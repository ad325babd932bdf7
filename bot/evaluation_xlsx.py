"""Moved to views/evaluation_xlsx.py; kept for modules that still import it here."""

from views.evaluation_xlsx import *  # noqa: F403
