"""Moved to views/charts.py; kept for modules that still import it here."""

from views.charts import *  # noqa: F403
