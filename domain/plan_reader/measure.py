"""What a goal sentence measures: an sla, a cadence, a level or a count, else a milestone."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from itertools import pairwise, takewhile

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
    _number_in,
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
from domain.plan_reader.text import _CONNECTORS, _GOAL_HEADING, _MONTHS, _SUBJECT_VERBS, _fold, _stem

_CREATE = _stem(
    "genomför", "anordna", "arrangera", "gör", "hålla", "håller", "hålls", "ordna", "starta", "samla", "göra", "besöka",
    "planera", "organisera", "ge ut", "ges ut", "bedriva", "erbjud",
    "skicka", "sända", "informera",  # "Informera medlemmarna med två medlemsbrev": letters sent are made too
    "utbilda", "utbildas",  # "3 nya cirkelledare utbildas" (not "utbildning")
)  # fmt: skip
# Words a number counts that name no activity ("åtta nummer", "sex gånger"): the name is elsewhere.
_UNIT_NOUNS = frozenset({"nummer", "exemplar", "upplagor", "st", "stycken", "ganger", "gang", "ggr", "tillfallen"})
# "Föreningsträffar planeras …", "Musikcafé/PUB ska genomföras …": the sentence's subject names what it counts.
_SUBJECT = re.compile(
    r"^([^\W\d_][\w-]{3,})(?:\s*/\s*([^\W\d_][\w-]+))?\s+(?:ska|skall|bor|kommer|planeras|halls|genomfors"
    r"|anordnas|arrangeras|ges|sker|traffas|startas)\b"
)
_MONTH_WORD = re.compile(r"\b(januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december)\b")
_MIN_MONTHS = 3
_RESTATED = re.compile(r"(?<=\d)\s*\(\s*[a-z]+\s*\)")
_INVITED_TO = re.compile(r"\b(?:bjud\w*\s+in|inbjud\w*)\s+till\s+(?:\w+\s+){0,2}?(\w*(?:mote|traff)\w*)\b")
_INVITED_SOMEWHERE = re.compile(r"\b(?:bjud\w*\s+in|inbjud\w*)\b.*\btill\b")
_PURPOSE = re.compile(r"\bfor\s+att\s+(?:\w+\s+)?valkomna\b")
# "Två läsecirklar, en på våren och en på hösten", "en resa på våren och en på hösten", "varje vår
# och höst": twice a year.
_SEASON_PAIR = re.compile(
    r"\bvar(?:en)?[-\s]+(?:och|respektive|samt)\s+(?:\w+\s+)?host(?:en|termin(?:en)?)?\b"
    r"|\bhost(?:en)?\s+och\s+(?:\w+\s+)?var(?:en)?\b|\ben\s+(?:[a-z-]+\s+)?pa\s+varen\s+och\s+en\s+(?:gang\s+)?pa\s+hosten\b"
    r"|\bpa\s+varen\s+och\s+(?:pa\s+)?hosten\b"
    r"|\bvaren\b[^.]{0,200}\.\s+pa\s+hosten\b"  # "Tipspromenader våren från X. På hösten i Y."
)
# "organisera månadsträffar", "Veckomöten hålls": a noun whose first half is its window.
_COMPOUND_WINDOW = re.compile(r"\b(manads|vecko)(?!basis|vis)([a-z]{4,})\b")
_COMPOUND_DAYS = {"manads": 30, "vecko": 7}
_NOW_AND_THEN = re.compile(r"\b(?:nagra|nagon|enstaka|fa)\s+(?:ganger|gang|tillfallen)\b|\bibland\b")
_ADJECTIVES_BEFORE = 4  # tokens between a making verb and the noun it makes
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
    section: str = ""  # the heading above: it names an activity the sentence only counts
    window_at: int | None = None  # where a cadence's window is named

    @classmethod
    def of(cls, text: str, section: str | None = None) -> _Sentence:
        # "2 (två) medlemsmöten": the number said again in words is one number.
        folded = _RESTATED.sub(lambda m: " " * len(m[0]), _fold(text))
        return cls(text, folded, _tokens(folded), section or "")


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
        if _PURPOSE.search(folded) or metric is None:  # "insatser för att välkomna nya medlemmar": a purpose
            return []
        if metric == "activity_invitation" and (_window(folded) or not _INVITED_SOMEWHERE.search(folded)):
            return []  # "två gånger per år bjuds nya medlemmar in"; "Sånggruppen bjuder in nya medlemmar": no step
        return [_sla(metric, None)]
    drafts, start = [], 0
    for number, limit in enumerate(limits):
        metric = _case_metric(folded[start : limit.end], timed=True)
        if metric is None and number == 0:  # "Inom två veckor ska varje ny medlem få ett samtal": the limit first
            metric = _case_metric(folded[limit.end : limits[1].end if len(limits) > 1 else None], timed=True)
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
    quantities = _quantities(sentence.tokens)
    sentence = replace(sentence, window_at=start)
    before = [q for q in quantities if sentence.tokens[q.index].start < start]
    after = [q for q in quantities if sentence.tokens[q.index].start > start]  # "varje månad minst två …"
    quantity = before[-1] if before else after[0] if after else None
    metric = _cadence_metric(sentence, quantity)
    if metric is None:
        return []
    target = quantity.value if quantity else 1.0
    return [_Draft(GoalKind.CADENCE, metric, target, window_days=days)]


def _cadence_metric(sentence: _Sentence, quantity: _Quantity | None) -> str | None:
    tokens = sentence.tokens
    if match := _INVITED_TO.search(sentence.folded):  # "nya medlemmar bjuds in till ett möte": the meeting recurs
        return _activity([match[1]], plural=False)
    counted = _phrase_after(tokens, quantity.index) if quantity and not quantity.frequency else []
    if counted and counted[0] in _OCCASIONS:  # "knackar dörr två kvällar i månaden": the deed is named elsewhere
        counted = []
    if counted:  # "minst två träffar per år": what the number counts
        plural = quantity is not None and quantity.value != 1
        return _catalog_metric(" ".join(counted), sentence.folded) or _activity(counted, plural)
    if metric := _leading_label(sentence.text) or _event_metric(_window_clause(sentence)) or _subject_activity(sentence):
        return metric
    if metric := _made_activity(sentence):  # "anordna bingo en gång per månad": what the verb makes recurs
        return metric
    if quantity and quantity.frequency and not _in_a_place(tokens, quantity.index - 1):  # "samlar … till träff 2 gånger"
        noun = _text_at(tokens, quantity.index - 1)
        if noun.isalpha() and noun not in _CONNECTORS and not noun.endswith("s"):
            return _activity([noun], plural=False)
    return (
        _section_activity(sentence)
        or _first_noun_activity(sentence)
        or _word_after_window(sentence)
        or _we_hold_activity(sentence)
        or _meeting_verb_activity(sentence)
    )


_WE_HOLD = re.compile(r"^(?:vi|foreningen|klubben|avdelningen)\s+(?:har|haller|ordnar|anordnar|arrangerar|erbjuder)\s+")
_MEETING_VERB = re.compile(r"\b(?:traffas|samlas|motes|ses)\b")


def _we_hold_activity(sentence: _Sentence) -> str | None:
    """ "Vi har öppet hus en kväll i veckan": what the branch holds, up to the window."""
    if (match := _WE_HOLD.match(sentence.folded)) is None:
        return None
    end = sentence.window_at if sentence.window_at is not None else len(sentence.folded)
    words = [t.text for t in sentence.tokens if match.end() <= t.start < end and t.is_word]
    words = [w for w in words if w not in _CONNECTORS and w not in _WINDOW_WORDS and w not in _SEASONS][:2]
    return _activity(words, plural=True) if words else None


def _meeting_verb_activity(sentence: _Sentence) -> str | None:
    """ "Vi träffas första tisdagen varje månad": the verb says it is a meeting."""
    return _activity(["traff"], plural=False) if _MEETING_VERB.search(sentence.folded) else None


def _word_after_window(sentence: _Sentence) -> str | None:
    """ "Inför speciella arrangemang, men minst en gång per månad, annonserar vi": the deed named after it."""
    if sentence.window_at is None:
        return None
    after = [t.text for t in sentence.tokens if t.start > sentence.window_at and t.is_word]
    after = [w for w, nxt in pairwise([*after, ""]) if nxt not in _PARTICLES and w not in _PARTICLES]
    words = [w for w in after[:3] if w not in _WINDOW_WORDS and w not in _SEASONS]  # past "per månad"
    word = next((w for w in words if len(w) >= 5 and w not in _CONNECTORS and w not in _NOT_NOUNS), None)
    return _activity([word], plural=False) if word else None


def _event_metric(sentence: _Sentence) -> str | None:
    """The catalog metric the sentence names, if it is something that happens (members are not)."""
    metric = _catalog_metric(sentence.folded, sentence.folded)
    return metric if metric not in LEVELS else None


def _window_clause(sentence: _Sentence) -> _Sentence:
    """The sentence up to the "och" after its window: "Kören övar på måndagar och sjunger på
    medlemsmötena" is the choir's week, not the members' meetings."""
    if sentence.window_at is None or (end := sentence.folded.find(" och ", sentence.window_at)) < 0:
        return sentence
    return replace(sentence, folded=sentence.folded[:end])


def _subject_activity(sentence: _Sentence) -> str | None:
    if (match := _SUBJECT.match(sentence.folded)) is None:
        return None
    words = [w for w in match.groups() if w]
    return _catalog_metric(" ".join(words), "") or _activity(words, plural=False)  # the noun as written


def _section_activity(sentence: _Sentence) -> str | None:
    """The heading above names the activity ("Ordförandekonferens" … "två gånger under året")."""
    words = _fold(sentence.section).strip(" .:").split()
    if not 0 < len(words) <= 2 or not all(w.isalpha() for w in words) or _GOAL_HEADING.match(" ".join(words)):
        return None  # "Mål" names no activity
    return _catalog_metric(" ".join(words), "") or _activity(words, plural=False)


_WINDOW_WORDS = frozenset(
    {"manad", "manaden", "vecka", "veckan", "ar", "aret", "termin", "terminen", "kvartal", "kvartalet", "halvar"}
)
_SEASONS = frozenset({"varen", "sommaren", "hosten", "vintern"})  # "… på våren och en på hösten": when, not what
_OCCASIONS = frozenset({"kvallar", "eftermiddagar", "formiddagar", "helger", "lordagar", "sondagar"})
_PARTICLES = frozenset({"in", "ut", "upp", "fram"})  # "bjuda in en föreläsare": the verb is no name
_NOT_NOUNS = frozenset({"vi", "det", "den", "detta", "denna", "dessa", "alla", "varje", "man", "var", "vart"})


def _first_noun_activity(sentence: _Sentence) -> str | None:
    """ "Information … sker via programutskick vår- respektive höst": the subject it opens with."""
    first = _text_at(sentence.tokens, 0)
    if len(first) < 4 or not first.isalpha() or first in _NOT_NOUNS or first in _CONNECTORS:
        return None
    if first.endswith(("a", "era")):  # an infinitive opens goals, it names nothing
        return None
    return _activity([first], plural=False)


_SEASON_EVENTS = re.compile(r"\bvar-\s*(?:och|samt)\s+host(?!en\b|termin)([a-z]{3,})")


def _season_event_drafts(sentence: _Sentence) -> list[_Draft]:
    """ "Vår- och höstfest planeras", "vår- och höstmötena hålls": two events, one each season."""
    if (match := _SEASON_EVENTS.search(sentence.folded)) is None or _quantities(sentence.tokens):
        return []
    if not _CREATE.search(sentence.folded):
        return []  # "deltar i partiets vår- och höstkampanj": someone else's events
    noun = match[1]
    return [_Draft(GoalKind.COUNT, _catalog_metric(noun, "") or _activity([noun], plural=True), 2.0)]


def _season_pair_drafts(sentence: _Sentence) -> list[_Draft]:
    """ "Programutskick vår- respektive höst": twice a year, unless a number counts the things."""
    if not _SEASON_PAIR.search(sentence.folded):
        return []
    if any(not q.frequency for q in _quantities(sentence.tokens)):
        return []
    metric = _cadence_metric(sentence, None) or _made_activity(sentence)
    return [_Draft(GoalKind.CADENCE, metric, 2.0, window_days=365)] if metric else []


_PER_SEASON = re.compile(r"\b(\w+)\s+(?:ganger|ggr|gang)\s+(?:pa|under)\s+(?:varen|hosten|sommaren|vintern|varterminen|hostterminen)\b")
_MADE_AFTER = re.compile(r"\b(?:anordnas|arrangeras|genomfors|halls|ordnas|planeras)\s+([a-z][\w-]{3,})")


def _per_season_drafts(sentence: _Sentence) -> list[_Draft]:
    """ "Två gånger på våren och två gånger på hösten anordnas PRO-träffar": the seasons' counts add up."""
    values = [_number_in(m[1]) for m in _PER_SEASON.finditer(sentence.folded)]
    if len(values) < 2 or None in values:
        return []
    made = _MADE_AFTER.search(sentence.folded)
    metric = (
        _event_metric(sentence)
        or (_activity([made[1]], plural=True) if made else None)
        or _made_activity(sentence)
        or _subject_activity(sentence)
        or _first_noun_activity(sentence)
    )
    return [_Draft(GoalKind.COUNT, metric, float(sum(values)))] if metric else []


_WE_SHALL = re.compile(
    r"^(?:vi|foreningen|styrelsen|klubben|avdelningen)\s+(?:ska(?:ll)?|bor|vill|kommer\s+att)\s+(?:(?:aven|ocksa)\s+)?"
)


def _made_activity(sentence: _Sentence, anywhere: bool = False) -> str | None:
    """ "Ordna vandringar på våren och hösten": the noun right after the verb that makes it, the verb
    opening the sentence (after "Vi ska") or, ``anywhere``, after a count of times."""
    promise = _WE_SHALL.match(sentence.folded)  # "Vi ska ordna boulekvällar varannan vecka"
    find = _CREATE.search if anywhere else _CREATE.match
    if (made := find(sentence.folded, promise.end() if promise else 0)) is None:
        return None
    after = [t.text for t in sentence.tokens if t.start > made.end()]  # past a particle ("ge ut programblad")
    noun = after[0] if after else ""
    if len(noun) < 4 or not noun.isalpha() or noun in _CONNECTORS or noun in _NOT_NOUNS:
        return None
    return _catalog_metric(noun, "") or _activity([noun], plural=True)


def _month_list_drafts(sentence: _Sentence) -> list[_Draft]:
    """ "Månadsträffar i januari, februari och april samt i september": one per month named."""
    months = {_MONTHS[m] for m in _MONTH_WORD.findall(sentence.folded)}
    if len(months) < _MIN_MONTHS or _quantities(sentence.tokens):
        return []
    metric = _event_metric(sentence) or _subject_activity(sentence) or _first_noun_activity(sentence)
    return [_Draft(GoalKind.COUNT, metric, float(len(months)))] if metric else []


def _compound_cadence_drafts(sentence: _Sentence) -> list[_Draft]:
    """ "Organisera månadsträffar": a recurring activity whose name gives its window — unless the
    sentence says it is held only now and then ("månadsträffar … några gånger i år")."""
    if _NOW_AND_THEN.search(sentence.folded):
        return []
    for match in _COMPOUND_WINDOW.finditer(sentence.folded):
        index = next(i for i, t in enumerate(sentence.tokens) if t.start == match.start())
        before = " ".join(_text_at(sentence.tokens, i) for i in range(max(0, index - _ADJECTIVES_BEFORE), index))
        if index == 0 or _CREATE.search(before):  # "arrangera intressanta och upplysande månadsmöten"
            metric = _catalog_metric(match[0], "") or _activity([match[0]], plural=True)
            return [_Draft(GoalKind.CADENCE, metric, 1.0, window_days=_COMPOUND_DAYS[match[1]])]
    return []


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
    if quantity.frequency or _phrase_after(tokens, quantity.index)[:1] in (["st"], ["stycken"]):
        # "genomföra medlemsmöten 6 gånger", "Musikcafé ska genomföras sex gånger", "Arbetsplatsbesök, 10 st"
        metric = (
            _event_metric(sentence)
            or _leading_label(sentence.text)
            or _subject_activity(sentence)
            or _noun_before(sentence, quantity)
            or _section_activity(sentence)
            or _made_activity(sentence, anywhere=True)  # "Minst fyra gånger under året ordna kvällsföredrag"
        )
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
    if metric == "new_members" and _reaches(tokens, quantity) and not _NEW_WORDS.intersection(counted):
        metric = "members_total"  # "värvningen: öka till 15 000 medlemmar" is the total, not the recruits
    kind = GoalKind.LEVEL if metric in LEVELS else GoalKind.COUNT
    return _Draft(kind, metric, quantity.value)


_NEW_WORDS = frozenset({"ny", "nya", "nyvarvade", "nyblivna"})


def _reaches(tokens: list[_Token], quantity: _Quantity) -> bool:
    """ "öka till 800", "växa till 800": the number is a level to reach ("upp till" is a ceiling)."""
    return _text_at(tokens, quantity.index - 1) == "till" and _text_at(tokens, quantity.index - 2) != "upp"


def _noun_before(sentence: _Sentence, quantity: _Quantity) -> str | None:
    """ "Träffar tolv gånger under året": the noun right before the number names what recurs."""
    index = quantity.index - 1
    while _text_at(sentence.tokens, index) in ("minst", "cirka", "ca", "drygt"):
        index -= 1
    noun = _text_at(sentence.tokens, index)
    if _in_a_place(sentence.tokens, index):  # "Sångstunder på äldreboendet tre gånger": not the place
        return _first_noun_activity(sentence)
    if len(noun) < 4 or not noun.isalpha() or noun in _CONNECTORS or noun.endswith(("as", "s")):
        return None
    return _catalog_metric(noun, "") or _activity([noun], plural=True)


_PLACE_WORDS = frozenset({"pa", "i", "vid", "hos", "fran"})


def _in_a_place(tokens: list[_Token], index: int) -> bool:
    """The word at ``index`` ends a phrase of where ("på äldreboendet"): it names a place, not what is held."""
    return _text_at(tokens, index - 1) in _PLACE_WORDS


def _created_activity(sentence: _Sentence, quantity: _Quantity) -> _Draft | None:
    """ "Genomföra 2 workshops": a count of an activity type outside the catalog, when the
    sentence says the branch makes the things it counts."""
    # "Genomföra 2 workshops"; "Tre studiecirklar kommer att startas": the verb may follow an opening number.
    made = _CREATE.search(_clause_before(sentence.tokens, quantity.index)) or (
        sentence.tokens[0].start == sentence.tokens[quantity.index].start and _CREATE.search(sentence.folded)
    )
    if not made and not quantity.frequency and _opens_a_count(sentence, quantity):
        return _Draft(GoalKind.COUNT, _activity(_phrase_after(sentence.tokens, quantity.index), plural=True), quantity.value)
    if quantity.frequency or not made:
        return None
    counted = list(takewhile(lambda word: not _CREATE.match(word), _phrase_after(sentence.tokens, quantity.index)))
    if not counted:  # "3 nya cirkelledare utbildas": the name stops at the verb that makes the things
        return None
    if counted[0] in _UNIT_NOUNS:  # "PRO-tidningen ska ges ut med åtta nummer"
        metric = _leading_label(sentence.text) or _subject_activity(sentence) or _of_activity(sentence, quantity)
    else:
        metric = _activity(counted, plural=quantity.value != 1)
    return _Draft(GoalKind.COUNT, metric, quantity.value) if metric else None


_AFTER_A_COUNT = frozenset({"", "(", ".", ";", "i", "under", "per", "med", "for", "pa", "om", "vid", "varje"})


def _opens_a_count(sentence: _Sentence, quantity: _Quantity) -> bool:
    """ "4-6 styrelsemöten (både digitala och fysiska).": a line that is only a number and what
    it counts, with at most a phrase of where or when — no verb that makes it a statement."""
    tokens = sentence.tokens
    counted = _phrase_after(tokens, quantity.index)
    return (
        tokens[0].start == tokens[quantity.index - 2 if _text_at(tokens, quantity.index - 1) in ("-", "–") else quantity.index].start
        and (len(counted) == 1 or (len(counted) == 2 and counted[0].endswith(("a", "e"))))  # "4 nya cirklar"
        and len(counted[-1]) >= 5
        and counted[-1] not in _UNIT_NOUNS
        and _text_at(tokens, quantity.index + len(counted) + 1) in _AFTER_A_COUNT
    )


def _of_activity(sentence: _Sentence, quantity: _Quantity) -> str | None:
    """ "fyra nummer av SPF-Nytt": the name after "av"."""
    tokens = sentence.tokens
    if _text_at(tokens, quantity.index + 2) != "av":
        return None
    name = _phrase_after(tokens, quantity.index + 2)[:1]
    return _activity(name, plural=False) if name else None


def _ongoing_drafts(sentence: _Sentence) -> list[_Draft]:
    if not _ONGOING.search(sentence.folded):
        return []
    metric = _catalog_metric(sentence.folded, sentence.folded)
    if metric not in _EVENT_METRICS:
        return []
    return [_Draft(GoalKind.CADENCE, metric, 1.0, window_days=ONGOING_WINDOW_DAYS)]


_MEASURES = (
    _sla_drafts,
    _per_season_drafts,
    _cadence_drafts,
    _season_pair_drafts,
    _season_event_drafts,
    _month_list_drafts,
    _amount_drafts,
    _compound_cadence_drafts,
    _ongoing_drafts,
)


def _drafts(sentence: _Sentence) -> list[_Draft]:
    for measure in _MEASURES:
        if drafts := measure(sentence):
            return drafts
    return [_MILESTONE]
