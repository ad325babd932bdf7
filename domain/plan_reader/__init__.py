"""Read a verksamhetsplan's text into goals: deterministic, Swedish-aware, no network.

The package's modules are the pipeline, in order: ``segment`` (lines to blocks),
``recognise`` (is this sentence a goal?), ``quantities`` (numbers, windows, time limits,
dates), ``metrics`` (nouns to the metric catalog), ``measure`` (what a sentence
measures), ``schedule`` (a line of meeting dates as a count) and ``assemble`` (the walk
that makes GoalSpecs); ``text`` and ``defaults``
hold what they share.

The plan is read the way a board member reads it:

1. segment: lines become blocks — headings, goal-list labels ("Mål:", "Aktiviteter:"),
   list items (with their bullet, so a sub-list is told from its siblings), "Ansvarig:"
   lines and prose — with wrapped lines joined again and page chrome left out;
2. walk: headings give each goal its ``area``, "Ansvarig:" lines give ``responsible``;
   sections that evaluate an earlier year are skipped, background sections
   ("Inledning", "Bakgrund", "Nuläge") give no goals from their prose;
3. recognise: a line that introduces a list ("Mål 2026", "Vi ska:", "Detta ska ske
   genom att:") makes each item below a goal; a list of duties ("… har till uppgift
   att") makes none; other items count when they read as goals (an infinitive, a modal
   — "ska", "bör", "kommer att", "vill" —, a passive verb, or a number);
4. measure: each goal sentence becomes one or more GoalSpec — an sla, a cadence, a
   level or a count when the sentence measures something, else a milestone.

A plan that labels its goals has background prose: there only a sentence that opens
with a goal verb, or promises ("ska") something measurable, is a goal. A plan written
as prose states its goals in prose: any promise there is one. Defaults the text does
not state:

- a welcome call with no time limit: ``WELCOME_CALL_DEFAULT_DAYS`` (14, Norrköping's
  limit, the laxer of the two real plans);
- "kort efter" with no number: 14 days for a welcome call, 30 for an invitation or a
  course offer;
- "omgående"/"direkt": ``AT_ONCE_DAYS`` (2);
- an ongoing activity with no number ("Bedriva dörrknackning … även i
  mellanvalsperioder"): once per ``ONGOING_WINDOW_DAYS`` (30) — a month is the
  shortest window a volunteer branch plans around, so the goal is not failed weekly;
- no year in the title: the first year in the first lines, else the year of ``today``;
- a relative target ("öka medlemsantalet med 5 %") is a milestone: the number it needs
  is the last reported level, which the board knows and the text does not;
- a line of meeting dates ("18/1, 15/2, 14/3 …") or a programme month by month ("Mars
  Månadsmöte …") counts its dates of the plan's years; months named in a sentence count
  one each; a title without a year takes the year of the first heading that names one.
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
