"""Moved to views/goal_status.py (and views/goal_chart.py); kept for modules that still import it here."""

from views.goal_chart import chart_caption, chart_png  # noqa: F401
from views.goal_status import goal_line, goal_name  # noqa: F401
