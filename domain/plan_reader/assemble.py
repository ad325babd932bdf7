"""Walking the blocks in order and assembling GoalSpecs: section, period, deadline, responsible."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from domain.goals import GoalSpec
from domain.plan_reader.measure import _Draft, _drafts, _Sentence
from domain.plan_reader.quantities import _deadline, _plan_period
from domain.plan_reader.recognise import _is_goal_prose
from domain.plan_reader.segment import _Block, _blocks, _heading_shaped, _Role
from domain.plan_reader.text import _fold, _stem

# --- Walk: sections, evaluation skipping, responsibility ----------------------------

_EVALUATION = _stem("utvärdering", "uppföljning", "verksamhetsberättelse", "årsberättelse")
_ADOPTION = _stem("antagen", "antogs", "fastställd", "beslutad", "reviderad", "årsmöte")
_HEADING_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d|-\d\d-)")  # a year, not a date
_MAX_LIST_LINE = 200  # longer lines under an unbulleted "Mål:" are prose again
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9])")
_INLINE_BULLET = re.compile(r"(?<=[.!?])\s+[-–•·]\s+(?=[A-ZÅÄÖ])")


def _names_other_year(text: str, period: tuple[date, date]) -> bool | None:
    """True for a heading of another year's plan or evaluation, False for one naming
    this plan's years, None for a heading that names no year."""
    folded = _fold(text)
    years = [int(y) for y in _HEADING_YEAR.findall(folded)]
    if not years or _ADOPTION.search(folded):
        return None
    if _EVALUATION.search(folded):
        return True
    if any(period[0].year <= y <= period[1].year for y in years):
        return False
    return True if all(y < period[0].year for y in years) else None


_LIST_PROMISE = re.compile(r"\bska(?:ll)?\b|\bgenom\s+att\b")


def _opens_goal_list(text: str) -> bool:
    """ "Detta skall ske genom att:": a promise that the list below is what will be done,
    unlike "… delas upp i följande grupper:"."""
    last = _SENTENCE_END.split(text)[-1]
    return last.endswith(":") and _LIST_PROMISE.search(_fold(last)) is not None


@dataclass
class _Walk:
    """The reading position: the section, whether it belongs to this plan, and the goals
    still waiting for an "Ansvarig:" line."""

    period: tuple[date, date]
    goals: list[GoalSpec] = field(default_factory=list)
    area: str | None = None
    in_list: bool = False
    bulleted: bool = False
    skipping: bool = False
    pending: list[int] = field(default_factory=list)

    def read(self, block: _Block) -> None:
        text = block.text
        if self._skip_switch(block, text) or self.skipping:
            return
        if block.role is _Role.HEADING:
            self.area, self.in_list, self.pending = text, False, []
        elif block.role is _Role.LABEL:
            self.in_list, self.bulleted, self.pending = True, False, []
        elif block.role is _Role.RESPONSIBLE:
            self._attach(text.rstrip(". "))
        elif block.role is _Role.ITEM:
            self.bulleted = self.bulleted or self.in_list
            self._add_items(text, listed=self.in_list)
        elif self.in_list and not self.bulleted and len(text) <= _MAX_LIST_LINE:
            self._add_items(text, listed=True)
        else:
            self.in_list = False
            self._add_prose(text)
            if _opens_goal_list(text):
                self.in_list, self.bulleted, self.pending = True, False, []

    def _skip_switch(self, block: _Block, text: str) -> bool:
        """Enter or leave a stretch that is not this plan; True when the block is used up."""
        if not (block.role is _Role.HEADING or (block.role is _Role.TEXT and _heading_shaped(text))):
            return False
        other = _names_other_year(text, self.period)
        if other:
            self.skipping, self.in_list, self.pending = True, False, []
            return True
        if other is False and block.role is _Role.HEADING:
            self.skipping = False
        return False

    def _add_items(self, text: str, listed: bool) -> None:
        for item in _INLINE_BULLET.split(text):
            sentence = _Sentence.of(item)
            drafts = _drafts(sentence)
            if listed or _is_goal_prose(sentence, drafts):
                self._add(sentence, drafts)

    def _add_prose(self, text: str) -> None:
        for part in _SENTENCE_END.split(text):
            sentence = _Sentence.of(part)
            drafts = _drafts(sentence)
            if _is_goal_prose(sentence, drafts):
                self._add(sentence, drafts)

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


def read_plan(text: str, *, today: date | None = None) -> list[GoalSpec]:
    """The goals of the plan in ``text``, in the order the plan states them.

    Never raises on odd input: what cannot be measured becomes a milestone, and what
    does not read as a goal is left out.
    """
    walk = _Walk(_plan_period(text, today or date.today()))
    for block in _blocks(text):
        walk.read(block)
    return walk.goals
