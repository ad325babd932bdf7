"""Read a verksamhetsplan's text into goals: deterministic, Swedish-aware, no network.

The package's modules are the pipeline, in order: ``segment`` (lines to blocks),
``recognise`` (is this sentence a goal?), ``quantities`` (numbers, windows, time limits,
dates), ``metrics`` (nouns to the metric catalog), ``measure`` (what a sentence
measures) and ``assemble`` (the walk that makes GoalSpecs); ``text`` and ``defaults``
hold what they share.

The plan is read the way a board member reads it:

1. layout: lines become blocks — headings, goal-list labels ("Mål:", "Aktiviteter:"),
   list items, "Ansvarig:" lines and prose — with wrapped lines joined again;
2. walk: headings give each goal its ``area``, "Ansvarig:" lines give ``responsible``,
   and sections that evaluate an earlier year are skipped;
3. classify: each goal sentence becomes one or more GoalSpec — an sla, a cadence, a
   level or a count when the sentence measures something, else a milestone.

Every list item under a goal label becomes a goal (a milestone at least); prose only
when it reads as a goal ("Genomföra …", or "ska" with something measurable), since
prose is mostly background. Defaults the text does not state:

- a welcome call with no time limit: ``WELCOME_CALL_DEFAULT_DAYS`` (14, Norrköping's
  limit, the laxer of the two real plans);
- "kort efter" with no number: 14 days for a welcome call, 30 for an invitation or a
  course offer;
- "omgående"/"direkt": ``AT_ONCE_DAYS`` (2);
- an ongoing activity with no number ("Bedriva dörrknackning … även i
  mellanvalsperioder"): once per ``ONGOING_WINDOW_DAYS`` (30) — a month is the
  shortest window a volunteer branch plans around, so the goal is not failed weekly;
- no year in the title: the year of ``today``.
"""


from domain.plan_reader.assemble import PlanSection, read_plan, read_sections
from domain.plan_reader.defaults import (
    AT_ONCE_DAYS,
    COURSE_OFFER_DEFAULT_DAYS,
    INVITATION_DEFAULT_DAYS,
    ONGOING_WINDOW_DAYS,
    WELCOME_CALL_DEFAULT_DAYS,
)

__all__ = [
    "AT_ONCE_DAYS",
    "COURSE_OFFER_DEFAULT_DAYS",
    "INVITATION_DEFAULT_DAYS",
    "ONGOING_WINDOW_DAYS",
    "WELCOME_CALL_DEFAULT_DAYS",
    "PlanSection",
    "read_plan",
    "read_sections",
]
