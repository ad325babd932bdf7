"""What a goal sentence measures: an sla, a cadence, a level or a count, else a milestone."""

from __future__ import annotations

from dataclasses import dataclass

from domain.goals import GoalKind, Unit
from domain.metrics import LEVELS
from domain.plan_reader.defaults import (
    COURSE_OFFER_DEFAULT_DAYS,
    INVITATION_DEFAULT_DAYS,
    ONGOING_WINDOW_DAYS,
    WELCOME_CALL_DEFAULT_DAYS,
)
from domain.plan_reader.metrics import (
    _EVENT_METRICS,
    _NEW_MEMBER,
    _activity,
    _case_metric,
    _catalog_metric,
    _leading_label,
)
from domain.plan_reader.quantities import (
    _clause_after,
    _clause_before,
    _phrase_after,
    _quantities,
    _Quantity,
    _text_at,
    _time_limits,
    _TimeLimit,
    _Token,
    _tokens,
    _window,
)
from domain.plan_reader.text import _CONNECTORS, _SUBJECT_VERBS, _fold, _stem

_CREATE = _stem(
    "genomför", "anordna", "arrangera", "hålla", "håller", "hålls", "ordna", "starta", "samla", "göra", "besöka"
)
_ONGOING = _stem("bedriv", "löpande", "regelbund", "kontinuerlig", "återkommande", "fortsätt")

# --- Goal drafts: what a sentence measures, before period and area are known --------


@dataclass(frozen=True)
class _Draft:
    kind: GoalKind
    metric: str | None = None
    target: float | None = None
    unit: Unit = Unit.COUNT
    window_days: int | None = None
    remind_after_days: int | None = None


_MILESTONE = _Draft(GoalKind.MILESTONE)


@dataclass(frozen=True)
class _Sentence:
    text: str
    folded: str
    tokens: list[_Token]

    @classmethod
    def of(cls, text: str) -> _Sentence:
        folded = _fold(text)
        return cls(text, folded, _tokens(folded))


_CASE_DEFAULT_DAYS = {
    "welcome_call": WELCOME_CALL_DEFAULT_DAYS,
    "activity_invitation": INVITATION_DEFAULT_DAYS,
    "course_offer": COURSE_OFFER_DEFAULT_DAYS,
}


def _sla_drafts(sentence: _Sentence) -> list[_Draft]:
    folded = sentence.folded
    if not _NEW_MEMBER.search(folded):
        return []
    limits = _time_limits(folded)
    if not limits:  # "Varje ny medlem ska bli uppringd …": a welcome call all the same
        metric = _case_metric(folded)
        return [_sla(metric, None)] if metric == "welcome_call" else []
    drafts, start = [], 0
    for limit in limits:
        metric = _case_metric(folded[start : limit.end])
        if metric and all(d.metric != metric for d in drafts):
            drafts.append(_sla(metric, limit))
        start = limit.end
    return drafts


def _sla(metric: str, limit: _TimeLimit | None) -> _Draft:
    days = limit.days if limit and limit.days else _CASE_DEFAULT_DAYS[metric]
    remind = limit.remind_after_days if limit else None
    return _Draft(GoalKind.SLA, metric, float(days), Unit.DAYS, remind_after_days=remind)


def _cadence_drafts(sentence: _Sentence) -> list[_Draft]:
    window = _window(sentence.folded)
    if window is None:
        return []
    days, start = window
    before = [q for q in _quantities(sentence.tokens) if sentence.tokens[q.index].start < start]
    quantity = before[-1] if before else None
    metric = _cadence_metric(sentence, quantity)
    if metric is None:
        return []
    target = quantity.value if quantity else 1.0
    return [_Draft(GoalKind.CADENCE, metric, target, window_days=days)]


def _cadence_metric(sentence: _Sentence, quantity: _Quantity | None) -> str | None:
    tokens = sentence.tokens
    counted = _phrase_after(tokens, quantity.index) if quantity and not quantity.frequency else []
    if counted:  # "minst två träffar per år": what the number counts
        plural = quantity is not None and quantity.value != 1
        return _catalog_metric(" ".join(counted), sentence.folded) or _activity(counted, plural)
    if metric := _leading_label(sentence.text) or _catalog_metric(sentence.folded, sentence.folded):
        return metric
    if quantity and quantity.frequency:  # "samlar … till träff 2 gånger per år"
        noun = _text_at(tokens, quantity.index - 1)
        if noun.isalpha() and noun not in _CONNECTORS:
            return _activity([noun], plural=False)
    return None


# Level and count: a number bound to what it counts.


def _amount_drafts(sentence: _Sentence) -> list[_Draft]:
    quantities = [q for q in _quantities(sentence.tokens) if not (q.frequency and q.value == 1)]
    drafts: list[_Draft] = []
    for quantity in quantities:
        draft = _bound_amount(sentence, quantity)
        if draft and all(d.metric != draft.metric for d in drafts):
            drafts.append(draft)
    if drafts or not quantities:
        return drafts
    activity = _created_activity(sentence, quantities[0])
    return [activity] if activity else []


def _bound_amount(sentence: _Sentence, quantity: _Quantity) -> _Draft | None:
    """A goal for a number whose catalog metric the sentence names."""
    tokens = sentence.tokens
    if quantity.percent:
        if "autogiro" in sentence.folded:
            return _Draft(GoalKind.LEVEL, "autogiro_share", quantity.value, Unit.PERCENT)
        return None
    if quantity.frequency:  # "genomföra medlemsmöten 6 gånger"
        metric = _catalog_metric(sentence.folded, sentence.folded)
        return _Draft(GoalKind.COUNT, metric, quantity.value) if metric else None
    counted = _phrase_after(tokens, quantity.index)
    metric = _catalog_metric(" ".join(_phrase_after(tokens, quantity.index, True)), sentence.folded) if counted else None
    if metric is None and counted and _text_at(tokens, quantity.index + len(counted) + 1) in _SUBJECT_VERBS:
        # "minst 10 föreningar ska genomföra egna studiecirklar": the metric comes later.
        metric = _catalog_metric(_clause_after(tokens, quantity.index + len(counted)), sentence.folded)
    if metric is None and not counted:
        # "öka antalet medlemmar till 1200": the metric comes before.
        metric = _catalog_metric(_clause_before(tokens, quantity.index), sentence.folded)
    if metric is None:
        return None
    kind = GoalKind.LEVEL if metric in LEVELS else GoalKind.COUNT
    return _Draft(kind, metric, quantity.value)


def _created_activity(sentence: _Sentence, quantity: _Quantity) -> _Draft | None:
    """ "Genomföra 2 workshops": a count of an activity type outside the catalog, when the
    sentence says the branch makes the things it counts."""
    if quantity.frequency or not _CREATE.search(_clause_before(sentence.tokens, quantity.index)):
        return None
    metric = _activity(_phrase_after(sentence.tokens, quantity.index), plural=quantity.value != 1)
    return _Draft(GoalKind.COUNT, metric, quantity.value) if metric else None


def _ongoing_drafts(sentence: _Sentence) -> list[_Draft]:
    if not _ONGOING.search(sentence.folded):
        return []
    metric = _catalog_metric(sentence.folded, sentence.folded)
    if metric not in _EVENT_METRICS:
        return []
    return [_Draft(GoalKind.CADENCE, metric, 1.0, window_days=ONGOING_WINDOW_DAYS)]


_MEASURES = (_sla_drafts, _cadence_drafts, _amount_drafts, _ongoing_drafts)


def _drafts(sentence: _Sentence) -> list[_Draft]:
    for measure in _MEASURES:
        if drafts := measure(sentence):
            return drafts
    return [_MILESTONE]
