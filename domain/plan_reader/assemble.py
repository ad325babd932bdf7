"""Walking the blocks in order and assembling GoalSpecs: section, period, deadline, responsible."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from domain.goals import GoalKind, GoalSpec
from domain.plan_reader.measure import _MILESTONE, _Draft, _drafts, _Sentence
from domain.plan_reader.quantities import _deadline, _plan_period
from domain.plan_reader.recognise import (
    Lead,
    cites_statutes,
    describes_an_activity,
    elaborates,
    is_background,
    is_goal_heading,
    is_question_or_calendar,
    lead_in,
    reads_as_dated_promise,
    reads_as_goal_item,
    reads_as_goal_prose,
    starts_with_verb,
    states_a_duty,
    states_no_goal,
)
from domain.plan_reader.schedule import (
    count_dates,
    count_rows,
    dated_events,
    is_date_list,
    names_a_meeting,
    programme_run,
    schedule_metric,
    table_rows,
)
from domain.plan_reader.segment import _Block, _blocks, _heading_shaped, _Role
from domain.plan_reader.text import _MONTHS, _fold, _stem

# --- Walk: sections, evaluation skipping, responsibility ----------------------------

_EVALUATION = _stem("utvärdering", "uppföljning", "verksamhetsberättelse", "årsberättelse")
# The meeting that adopts a plan is held the year before it: "Höstmötet 2022" heads the plan for 2023.
_ADOPTION = _stem("antagen", "antogs", "fastställd", "beslutad", "reviderad", "årsmöte", "höstmöte", "vårmöte")
_HEADING_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d|-\d\d-)")  # a year, not a date
# A full date's year dates a page ("13.12.2019 kl. 07:47", "15 oktober 2022"), not a section.
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_FULL_DATE = re.compile(rf"\b\d{{1,2}}(?:[./]\d{{1,2}}[./]|\s+(?:{_MONTH_NAMES})\s+)(?:19|20)\d\d\b")
_MAX_PLAN_YEARS = 4  # "2016-2020": a plan spans at most this many years past its first
_MAX_LIST_LINE = 200
_MAX_LEAD_PARAGRAPH = 3  # sentences of a paragraph a goal lead-in ("Mål:") can introduce  # longer lines under an unbulleted "Mål:" are prose again
_SENTENCE_END = re.compile(r"(?<=[.!?])(?<!\bkl\.)(?<!\bca\.)\s+(?=[A-ZÅÄÖ0-9])|(?<=[a-zåäö]{3}[.!?])(?=[A-ZÅÄÖ][a-zåäö])")
# "De ska bedriva …", "Detta sker …": a sentence that points back elaborates the goal before it.
_ANAPHOR = re.compile(r"^(?:de|dessa|detta|denna|den)\s")
_INLINE_BULLET = re.compile(r"(?<=[.!?])\s+[-–•·]\s+(?=[A-ZÅÄÖ])")


# A heading in capitals run into the text after it, as PDF transcripts do: "… FÖR PRO VÄRMLAND Erbjuda …".
_GLUED_HEADING = re.compile(r"(\b[A-ZÅÄÖ]{2,}(?:\s+[A-ZÅÄÖ:]{2,})*)\s+(?=[A-ZÅÄÖ][a-zåäö])")


def _sentences(text: str) -> list[str]:
    text = _GLUED_HEADING.sub(lambda m: m[1] + ".\n" if len(m[1]) > 8 else m[0], text)
    return [part for part in re.split(_SENTENCE_END.pattern + r"|\n", text) if part.strip()] or [text]


def _names_other_year(text: str, period: tuple[date, date]) -> bool | None:
    """True for a heading of another year's plan or evaluation, False for one naming
    this plan's years, None for a heading that names no year."""
    folded = _FULL_DATE.sub(" ", _fold(text))
    years = [int(y) for y in _HEADING_YEAR.findall(folded)]
    if not years or _ADOPTION.search(folded):
        return None
    if _EVALUATION.search(folded):
        return True
    if any(period[0].year <= y <= period[1].year for y in years):
        return False
    return True if all(y < period[0].year for y in years) else None


@dataclass
class _Walk:
    """The reading position: the section, whether it belongs to this plan, the list the
    reader is in and what introduced it, and the goals still waiting for an "Ansvarig:" line."""

    period: tuple[date, date]
    goals: list[GoalSpec] = field(default_factory=list)
    area: str | None = None
    background: bool = False  # the section's prose is background ("Inledning", "Bakgrund")
    lead: Lead | None = None  # what introduced the list being read
    lead_marker: str | None = None  # the bullet of the item that introduced it: a sibling ends it
    label_open: bool = False  # under "Mål:", unbulleted short lines are the list
    bulleted: bool = False
    skipping: bool = False
    goals_marked: bool = False  # the plan labels its goals, so its prose is background
    pending: list[int] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)  # the headings read, in order, for the overview
    period_guessed: bool = False  # no year in the title: the period is today's year until a heading names one
    lead_line: bool = False  # the last block was a line of prose ending "…:" that introduced goals
    duty_lines: bool = False  # the last block stated a duty: "Att …" lines right below go on listing duties
    naming: tuple[str, int] | None = None  # the last line read and the goal count before it: what a date list counts

    def read(self, block: _Block) -> None:
        text = block.text
        if self._skip_switch(block, text) or self.skipping:
            return
        if block.role is not _Role.RESPONSIBLE and self._schedule(text):  # a line of dates may look like a heading
            return
        before = len(self.goals)
        after_lead_line, self.lead_line = self.lead_line, False
        after_duty, self.duty_lines = self.duty_lines, False
        self._dispatch(block, text, after_lead_line, after_duty)
        if block.role in (_Role.HEADING, _Role.TEXT, _Role.LABEL):
            self.naming = (_sentences(text)[-1].strip(), before)

    def _dispatch(self, block: _Block, text: str, after_lead_line: bool, after_duty: bool) -> None:
        if block.role is _Role.HEADING:
            self._heading(text)
        elif block.role is _Role.LABEL:
            self._open(Lead.GOALS)
            self.label_open = True
        elif block.role is _Role.RESPONSIBLE:
            self._attach(text.rstrip(". "))
        elif block.role is _Role.ITEM:
            self._item(block, text)
        elif self.label_open and not self.bulleted and len(text) <= _MAX_LIST_LINE:
            if not text.endswith(":"):  # "… följande aktiviteter:" leads the lines below, it is none of them
                self._add_item(text, listed=True, bullet=False)
        elif _heading_shaped(text) and is_goal_heading(text):
            self._heading(text)
        elif after_duty and text.startswith("Att ") and not any(c.isdigit() for c in text):
            self.duty_lines = True  # "Distriktets roll är att …" and below it "Att ordna konferenser.": more duties
        else:
            self.lead_line = after_lead_line and not _heading_shaped(text)
            label_open = self.label_open and not self.bulleted
            self._prose(text)
            self.lead_line = self.lead is Lead.GOALS and text.rstrip().endswith(":")
            if label_open and self.lead is None:  # a long paragraph under "Målsättning" leaves the short lines after it listed
                self._open(Lead.GOALS)
                self.label_open = True

    def programme(self, end: int, event: str, count: int, text: str, once: list[str]) -> int:
        """A programme month by month: its recurring event is a count, each event held once a
        milestone the board can keep or drop; the reading goes on at ``end``."""
        if metric := schedule_metric(event):
            whole = _Sentence.of(text, self.area)
            self._add(whole, [_Draft(GoalKind.COUNT, metric=metric, target=float(count))])
        for line in once:
            self._add(_Sentence.of(line, self.area), [_MILESTONE])
        return end

    def date_table(self, end: int, rows: list[str]) -> bool:
        """A table of dates and topics counts what the line above it names ("Månadsmöten hålls
        följande datum:"); each row is one meeting, whatever its topic. False when no line names one."""
        if self.naming is None or not names_a_meeting(self.naming[0]):
            return False  # "Program:" over the topics of meetings counted already names none
        if (metric := schedule_metric(self.naming[0])) is None:
            return False
        count = count_rows(rows, range(self.period[0].year, self.period[1].year + 1))
        if not count:
            return False
        name, first = self.naming
        self.goals[first:] = [goal for goal in self.goals[first:] if goal.text != name]
        self._add(_Sentence.of(name, self.area), [_Draft(GoalKind.COUNT, metric=metric, target=float(count))])
        self.naming = None
        return True

    def _schedule(self, text: str) -> bool:
        """A line of dates counts what the line before it names ("Medlemsmöten: 12/1, 9/2, 8/3");
        the naming sentence's own reading, if any, gives way to the count."""
        label, colon, dates = text.partition(":")
        if colon and label.strip() and not is_date_list(label) and is_date_list(dates):
            name, first = label.strip(), None
        elif is_date_list(text) and self.naming is not None:
            (name, first), dates = self.naming, text
        else:
            return False
        metric = schedule_metric(name)
        count = count_dates(dates, range(self.period[0].year, self.period[1].year + 1))
        if metric is None or not count:
            return False
        if first is not None:
            self.goals[first:] = [goal for goal in self.goals[first:] if goal.text != name]
        whole = _Sentence.of(f"{name} {text.strip()}" if first is not None else text, self.area)
        self._add(whole, [_Draft(GoalKind.COUNT, metric=metric, target=float(count))])
        self.naming = None
        return True

    def _open(self, lead: Lead | None, marker: str | None = None) -> None:
        self.lead, self.lead_marker, self.label_open, self.bulleted, self.pending = lead, marker, False, False, []

    def _heading(self, text: str) -> None:
        lead = lead_in(text)
        if lead is None or is_goal_heading(text):  # "Vi skall", "År 2020 ska …" introduce, not name
            self.area, self.background = text, is_background(text)
            sentence = _Sentence.of(text, text)
            if lead is None and reads_as_goal_prose(sentence, drafts := _drafts(sentence), goals_marked=True):
                self._add(sentence, drafts)  # "VI SKA VÄRVA 30 NYA MEDLEMMAR": a measured promise as a heading
            folded = _fold(text)
            title = _TITLE.search(folded) or _ADOPTION.search(folded)
            if not self.background and not title and text not in self.sections:
                self.sections.append(text)
        self._open(lead)

    def _item(self, block: _Block, text: str) -> None:
        if self.lead_marker is not None and block.marker == self.lead_marker:
            self._open(None)  # a sibling of the item that introduced the sub-list
        self.bulleted = True
        *body, last = _sentences(text)
        lead = lead_in(last)
        if lead is not None:  # "Föreningen har till uppgift att främja … genom att"
            if body:
                self._add_item(" ".join(body), listed=False)
            self._open(lead, block.marker)
        elif self.lead is not Lead.DUTIES and not (self.background and self.lead is not Lead.GOALS):
            self._add_item(text, listed=self.lead is Lead.GOALS)

    def _prose(self, text: str) -> None:
        *body, last = _sentences(text)
        lead = lead_in(last)
        if self.lead_line and self.lead is Lead.GOALS and lead is None and len(body) < _MAX_LEAD_PARAGRAPH:
            for part in [*body, last]:  # "Övergripande mål:" and a short paragraph: each sentence a goal
                self._add_item(part, listed=True)
            self._open(None)
            return
        if not (body and cites_statutes(body[0])):
            after_goal = False  # the sentence before, in this paragraph, was a goal
            for part in body if lead is not None else [*body, last]:
                sentence = _Sentence.of(part, self.area)
                if not self.background and not states_no_goal(sentence) and (events := dated_events(part)):
                    for event in events:  # a programme in one sentence: each dated event one the board keeps
                        self._add(_Sentence.of(event, self.area), [_MILESTONE])
                    after_goal = True
                    continue
                drafts = _drafts(sentence)
                if after_goal and elaborates(sentence, drafts):
                    continue
                after_goal = self._reads_as_goal(sentence, drafts) or (
                    not self.background and not body and describes_an_activity(sentence)  # a line of its own
                )
                if after_goal:
                    self._add(sentence, drafts)
        self._open(lead)
        self.duty_lines = lead is None and states_a_duty(last)  # not a list's lead: bullets below are judged

    def _reads_as_goal(self, sentence: _Sentence, drafts: list[_Draft]) -> bool:
        if not self.background:
            return reads_as_goal_prose(sentence, drafts, self.goals_marked)
        deadline = _deadline(sentence.folded, self.period[0])
        dated = deadline is not None and self.period[0] <= deadline <= date(self.period[1].year + 1, 12, 31)
        return reads_as_dated_promise(sentence, dated)

    def _skip_switch(self, block: _Block, text: str) -> bool:
        """Enter or leave a stretch that is not this plan; True when the block is used up."""
        if not (block.role is _Role.HEADING or (block.role is _Role.TEXT and _heading_shaped(text))):
            return False
        if self.period_guessed and self._adopt_year(text):
            return False
        other = _names_other_year(text, self.period)
        if other:
            self.skipping, self.in_list, self.pending = True, False, []
            return True
        if other is False and block.role is _Role.HEADING:
            self.skipping = False
        return False

    def _adopt_year(self, heading: str) -> bool:
        """A plan whose title names no year is of the year its first heading with one names
        ("Sammanträdesdagar 2016"), not of today's: that heading is no other year's plan."""
        folded = _fold(heading)
        years = [int(y) for y in _HEADING_YEAR.findall(folded)]
        if not years or _EVALUATION.search(folded) or max(years) - min(years) > _MAX_PLAN_YEARS:
            return False
        self.period = (date(min(years), 1, 1), date(max(years), 12, 31))
        self.period_guessed = False
        return True

    def _add_item(self, text: str, listed: bool, bullet: bool = True) -> None:
        """A bulleted item is one goal; or several when more of its sentences open with a verb
        ("Arrangera boulespel. Erbjuda överraskande aktiviteter."). An unbulleted line under a
        goal label has no bullet to bind its sentences: each that reads as a goal is one."""
        for item in _INLINE_BULLET.split(text):
            if not listed and len(item.split()) < 2:
                continue  # "Intressebevakning" under "Huvudpunkterna är:" names a field; under "Mål:" it is one
            sentences = [_Sentence.of(part, self.area) for part in _sentences(item)]
            goals = [(s, d) for s in sentences if reads_as_goal_item(s, d := _drafts(s))]
            later_deeds = len(goals) > 1 and all(starts_with_verb(s) for s, _ in goals[1:])  # "… Arrangera X."
            if later_deeds or (not bullet and len(goals) > 1):
                for sentence, drafts in [goals[0], *(g for g in goals[1:] if not _ANAPHOR.match(g[0].folded))]:
                    self._add(sentence, drafts)
            elif goals or listed:
                whole = _Sentence.of(item, self.area)
                # an unbulleted line under "Aktiviteter" may still look back ("… kunde vi inte genomföra …")
                if not is_question_or_calendar(whole) and (bullet or not states_no_goal(whole)):
                    self._add(whole, _drafts(whole))

    def _add(self, sentence: _Sentence, drafts: Sequence[_Draft]) -> None:
        deadline = _deadline(sentence.folded, self.period[0])
        for draft in drafts:
            self.pending.append(len(self.goals))
            self.goals.append(
                GoalSpec(
                    kind=draft.kind,
                    metric=draft.metric,
                    target=draft.target,
                    unit=draft.unit,
                    window_days=draft.window_days,
                    period_start=self.period[0],
                    period_end=self.period[1],
                    deadline=deadline,
                    area=self.area,
                    text=sentence.text,
                    remind_after_days=draft.remind_after_days,
                )
            )

    def _attach(self, responsible: str) -> None:
        if responsible:
            responsible = responsible[0].upper() + responsible[1:]
            for index in self.pending:
                self.goals[index] = self.goals[index].model_copy(update={"responsible": responsible})
        self.pending = []


_TITLE = _stem("verksamhetsplan", "handlingsplan", "handlingsprogram")


@dataclass(frozen=True)
class PlanSection:
    """A section of the plan and the goals the reader found in it; an empty one stands out."""

    heading: str | None  # None: the goals before the first heading
    goals: int


def read_sections(text: str, *, today: date | None = None) -> tuple[list[GoalSpec], list[PlanSection]]:
    """The goals, and per section of the plan how many of them it holds, in the plan's order."""
    walk = _walk(text, today)
    counts = Counter(goal.area for goal in walk.goals)
    headings: list[str | None] = [None] if counts[None] else []
    headings += walk.sections + [a for a in counts if a is not None and a not in walk.sections]
    return walk.goals, [PlanSection(heading, counts[heading]) for heading in headings]


def _marks_goals(block: _Block) -> bool:
    return block.role is _Role.LABEL or (block.role is not _Role.ITEM and is_goal_heading(block.text))


def read_plan(text: str, *, today: date | None = None) -> list[GoalSpec]:
    """The goals of the plan in ``text``, in the order the plan states them.

    Never raises on odd input: what cannot be measured becomes a milestone, and what
    does not read as a goal is left out.
    """
    return _walk(text, today).goals


def _walk(text: str, today: date | None) -> _Walk:
    blocks = _blocks(text)
    guessed = _plan_period(text, date.min)[0] == date.min  # the title names no year
    walk = _Walk(
        _plan_period(text, today or date.today()), goals_marked=any(map(_marks_goals, blocks)), period_guessed=guessed
    )
    texts = [block.text for block in blocks]
    index = 0
    while index < len(blocks):
        if not walk.skipping and (run := programme_run(texts, index)) is not None:
            index = walk.programme(*run)
            continue
        if not walk.skipping and (table := table_rows(texts, index)) is not None and walk.date_table(*table):
            index = table[0]
            continue
        walk.read(blocks[index])
        index += 1
    return walk
