"""Moved to views/evaluation.py; kept for modules that still import it here."""

from views.evaluation import *  # noqa: F403
