"""Read a verksamhetsplan's text into goals: deterministic, Swedish-aware, no network.

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

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from itertools import pairwise

from domain.goals import GoalKind, GoalSpec, Unit
from domain.metrics import ACTIVITY_PREFIX, LEVELS

WELCOME_CALL_DEFAULT_DAYS = 14
INVITATION_DEFAULT_DAYS = 30
COURSE_OFFER_DEFAULT_DAYS = 30
AT_ONCE_DAYS = 2
ONGOING_WINDOW_DAYS = 30


# --- Folding and tolerant word stems -------------------------------------------------

_FOLD_TABLE = str.maketrans("åäöéèëüáàâ", "aaoeeeuaaa")


def _fold(text: str) -> str:
    """Lower-case without diacritics, one character per character, so that a match in the
    folded text points at the same span of the original."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters lower-case to two ("İ")
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return lowered.translate(_FOLD_TABLE)


def _stem(*words: str) -> re.Pattern[str]:
    """A pattern for word beginnings that forgives a missing or extra doubled letter
    ("dörknackning") and a space or hyphen inside a compound ("tema-möte")."""
    alternatives = []
    for word in words:
        folded = re.sub(r"(\w)\1+", r"\1", _fold(word))
        parts = [r"[\s-]*" if ch == " " else re.escape(ch) + ("+" if ch.isalpha() else "") for ch in folded]
        alternatives.append("".join(parts))
    return re.compile(r"\b(?:" + "|".join(alternatives) + ")")


# --- Vocabulary ---------------------------------------------------------------------

# Catalog metrics as plans write them; the more specific stems first.
_METRIC_STEMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("doors_knocked", _stem("knackade dörrar", "dörrar")),
    ("door_knocking_sessions", _stem("dörrknackning", "knackning", "knackpass")),
    ("new_members", _stem("nya medlem", "ny medlem", "nymedlem", "nyvärvade medlem")),
    ("members_total", _stem("medlemsantal", "antal medlem", "antalet medlem", "medlemmar totalt")),
    ("conversations", _stem("samtal")),
    ("member_meetings", _stem("medlemsmöte")),  # not "medlemsmottagning"
    ("study_circles", _stem("studiecirk")),
    ("member_courses", _stem("medlemsutbildning")),
    ("open_meetings", _stem("öppna möte", "öppet möte")),
    ("workplace_visits", _stem("arbetsplatsbesök")),
    ("followers", _stem("följare")),
    ("autogiro_share", _stem("autogiro")),
)
_MEMBERS = _stem("medlemmar")
_RECRUIT = _stem("värva", "värvas", "rekryter")
# Metrics an ongoing activity ("bedriva dörrknackning") can be held to without a number.
_EVENT_METRICS = frozenset(
    {"door_knocking_sessions", "member_meetings", "open_meetings", "workplace_visits", "study_circles"}
)

_NEW_MEMBER = _stem("ny medlem", "nya medlem", "nymedlem", "nyblivna medlem", "nyvärvad")
_WELCOME = re.compile(
    r"\bkontakta(?:s|r|d|de)?\b|"  # not "kontaktperson"
    + _stem("välkomna", "välkomstsamtal", "ringa", "ringas", "uppringd", "hälsad välkom").pattern
)
_INVITE = re.compile(r"\bbjud\w*\s+in\b|\binbjud")
_OFFER = _stem("erbjud")
_COURSE = _stem("medlemsutbildning", "utbildning", "steg", "s1", "s2", "kurs", "studie")

_GOAL_VERB_START = re.compile(r"^(?:att\s+)?(?:genomfor|varva|anordna|ar+angera|ta\s+fram|starta|halla|minst\b)")
_MODAL = re.compile(r"\bska(?:ll)?\b")
_CREATE = _stem(
    "genomför", "anordna", "arrangera", "hålla", "håller", "hålls", "ordna", "starta", "samla", "göra", "besöka"
)
_ONGOING = _stem("bedriv", "löpande", "regelbund", "kontinuerlig", "återkommande", "fortsätt")

_QUALIFIERS = frozenset({"minst", "cirka", "ca", "drygt", "atminstone", "omkring", "runt", "over", "hogst"})
_NOT_A_COUNT_AFTER = frozenset(
    {"del", "steg", "s", "nr", "nummer", "punkt", "kapitel", "kap", "version", "sida", "kl", "klockan"}
    | {"bilaga", "varen", "var", "hosten", "host", "vt", "ht", "sommaren"}
)
_YEAR_CONTEXT = frozenset(
    {"under", "ar", "aret", "infor", "innan", "fore", "till", "efter", "sedan", "fran", "i", "valet"}
    | {"senast", "mellan", "jamfort", "med", "och"}
)
_DURATION_UNITS = frozenset(
    {"dag", "dagar", "dygn", "vecka", "veckor", "manad", "manader", "ar", "aret", "timme", "timmar"}
)
_FREQUENCY_WORDS = frozenset({"gang", "ganger", "tillfalle", "tillfallen"})
_PHRASE_STOPS = frozenset(
    {"i", "om", "med", "for", "kring", "till", "pa", "under", "inom", "och", "samt", "dar", "som", "fran"}
    | {"av", "per", "ska", "skall", "bor", "kommer", "har", "eller", "genom", "vid", "innan", "fore"}
    | {"efter", "mm", "den", "det", "de", "varje", "varav", "at", "hos", "mot", "ur", "ar"}
)
_SUBJECT_VERBS = frozenset({"ska", "skall", "bor", "kommer"})
_CONNECTORS = _PHRASE_STOPS | {"att", "en", "ett", "minst", "cirka", "ca", "sin", "sina", "sitt", "vara"}

_MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "mars": 3, "april": 4, "apr": 4, "maj": 5,
    "juni": 6, "juli": 7, "augusti": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "oktober": 10, "okt": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_SEASON_END = {"var": (6, 30), "vt": (6, 30), "sommar": (8, 31), "host": (12, 31), "ht": (12, 31)}


# --- Numbers ------------------------------------------------------------------------

_UNITS = {
    "ett": 1, "en": 1, "tva": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "atta": 8,
    "nio": 9, "tio": 10, "elva": 11, "tolv": 12, "tretton": 13, "fjorton": 14, "femton": 15,
    "sexton": 16, "sjutton": 17, "arton": 18, "nitton": 19, "tjugo": 20, "trettio": 30,
    "fyrtio": 40, "femtio": 50, "sextio": 60, "sjuttio": 70, "attio": 80, "nittio": 90,
}  # fmt: skip
_SCALES = {"hundra": 100, "ettusen": 1000, "tusen": 1000}
# Longest first, matched one position at a time (a single regex over a whole word could
# backtrack exponentially: "femtio" is both "femtio" and "fem"+"tio").
_MORPHEME = re.compile("|".join(sorted([*_UNITS, *_SCALES], key=len, reverse=True)))
_MAX_DIGITS = 9  # anything longer is an id or noise, not a plan's target
_MAX_QUANTITIES = 12  # per sentence; a goal states a few numbers, a table row of figures is no goal


def _word_number(word: str) -> int | None:
    """The value of a Swedish number word ("tolv", "tjugofem", "tvåhundra"), or None.
    A bare "en"/"ett" is left to the caller: it is usually an article."""
    if word in ("en", "ett") or len(word) > 40:
        return None
    total = current = 0
    position = 0
    while position < len(word):
        match = _MORPHEME.match(word, position)
        if match is None:
            return None
        morpheme = match.group()
        position = match.end()
        if morpheme == "hundra":
            current = (current or 1) * 100
        elif morpheme in _SCALES:
            total += (current or 1) * 1000
            current = 0
        else:
            current += _UNITS[morpheme]
    return total + current


def _digits_value(text: str) -> float | None:
    digits = re.sub(r"\s", "", text).replace(",", ".")
    if len(digits) > _MAX_DIGITS:
        return None
    return float(digits)


def _number_in(text: str) -> int | None:
    """A whole number written as digits or as a word, including a bare "en"/"ett"."""
    if text.isascii() and text.isdigit():
        return int(text) if len(text) <= _MAX_DIGITS else None
    return 1 if text in ("en", "ett") else _word_number(text)


# --- Tokens and quantities ----------------------------------------------------------

_TOKEN = re.compile(
    r"[0-9]{1,3}(?:[ \u202f][0-9]{3})+(?![0-9])|[0-9]+(?:[.,][0-9]+)?|[^\W\d_]+(?:-[^\W\d_]+)*|[^\w\s]|\w"
)
_CLAUSE_END = frozenset({".", ";", "!", "?"})
_CLAUSE_REACH = 40  # tokens; a verb or metric further away belongs to another thought


@dataclass(frozen=True)
class _Token:
    text: str
    start: int

    @property
    def is_word(self) -> bool:
        return self.text[0].isalpha()

    @property
    def is_digits(self) -> bool:
        return self.text[0] in "0123456789"


def _tokens(folded: str) -> list[_Token]:
    return [_Token(m.group(), m.start()) for m in _TOKEN.finditer(folded)]


@dataclass(frozen=True)
class _Quantity:
    value: float
    index: int  # of the number's (last) token
    percent: bool = False
    frequency: bool = False  # "2 gånger", "ett tillfälle"


def _text_at(tokens: Sequence[_Token], index: int) -> str:
    return tokens[index].text if 0 <= index < len(tokens) else ""


def _read_number(tokens: Sequence[_Token], i: int) -> tuple[float, int] | None:
    """The number starting at token ``i`` and the index of its last token; number words
    around a scale are read together ("fyra tusen", "tusen tvåhundra")."""
    text = tokens[i].text
    if tokens[i].is_digits:
        value = _digits_value(text)
        return None if value is None else (value, i)
    word, last = text, i
    while (following := _text_at(tokens, last + 1)) and (following in _SCALES or word.endswith(tuple(_SCALES))):
        if _word_number(word + following) is None:
            break
        word, last = word + following, last + 1
    if word in ("en", "ett"):
        return (1.0, last) if _text_at(tokens, i - 1) in _QUALIFIERS else None
    value = _word_number(word)
    return None if value is None else (float(value), last)


def _is_year(tokens: Sequence[_Token], i: int) -> bool:
    text = tokens[i].text
    if not (len(text) == 4 and text.isdigit() and text[:2] in ("19", "20")):
        return False
    following = _text_at(tokens, i + 1)
    return _text_at(tokens, i - 1) in _YEAR_CONTEXT or not following or not following[0].isalpha()


def _is_not_a_count(tokens: Sequence[_Token], i: int, last: int) -> bool:
    """Numbers that name, date or time something rather than count it."""
    following = _text_at(tokens, last + 1)
    return (
        _text_at(tokens, i - 1) in _NOT_A_COUNT_AFTER
        or _is_year(tokens, i)
        or following in _DURATION_UNITS
        or following in _MONTHS
        or following == ":"  # "var 3:e vecka"
        or (following in ("-", "–") and _text_at(tokens, last + 2)[:1].isdigit())
    )


def _quantities(tokens: Sequence[_Token]) -> list[_Quantity]:
    found: list[_Quantity] = []
    i = 0
    while i < len(tokens) and len(found) < _MAX_QUANTITIES:
        number = _read_number(tokens, i)
        if number is None:
            i += 1
            continue
        value, last = number
        if not _is_not_a_count(tokens, i, last):
            following = _text_at(tokens, last + 1)
            percent = following in ("%", "procent")
            found.append(_Quantity(value, last, percent, frequency=following in _FREQUENCY_WORDS))
        i = last + 1
    return found


def _phrase_after(tokens: Sequence[_Token], index: int) -> list[str]:
    """The noun phrase a number counts: up to three words before a stop word."""
    words = []
    for token in tokens[index + 1 : index + 4]:
        if not token.is_word or token.text in _PHRASE_STOPS:
            break
        words.append(token.text)
    return words


def _clause_after(tokens: Sequence[_Token], index: int) -> str:
    words = []
    for token in tokens[index + 1 : index + 1 + _CLAUSE_REACH]:
        if token.text in _CLAUSE_END:
            break
        words.append(token.text)
    return " ".join(words)


def _clause_before(tokens: Sequence[_Token], index: int) -> str:
    words: list[str] = []
    for token in reversed(tokens[max(0, index - _CLAUSE_REACH) : index]):
        if token.text in _CLAUSE_END:
            break
        words.append(token.text)
    return " ".join(reversed(words))


# --- Metrics ------------------------------------------------------------------------


def _catalog_metric(folded: str, context: str) -> str | None:
    """The catalog metric ``folded`` names; bare "medlemmar" are new members when the
    ``context`` recruits them ("värva 40 medlemmar"), else the member total."""
    for key, pattern in _METRIC_STEMS:
        if pattern.search(folded):
            return key
    if _MEMBERS.search(folded):
        return "new_members" if _RECRUIT.search(context) else "members_total"
    return None


def _singular(word: str) -> str:
    """Good enough for an activity type's name: "träffar" → "traff", "workshops" → "workshop"."""
    if len(word) > 4 and word.endswith(("ar", "er")):
        return word[:-2]
    if len(word) > 4 and word.endswith("or"):
        return word[:-1] + "a"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss") and word[-2] not in "aeiouy":
        return word[:-1]
    return word


def _activity(words: Sequence[str], plural: bool) -> str | None:
    if not words:
        return None
    if plural:
        words = [*words[:-1], _singular(words[-1])]
    slug = re.sub(r"[^a-z0-9]+", "_", _fold(" ".join(words))).strip("_")
    return ACTIVITY_PREFIX + slug if slug else None


def _leading_label(text: str) -> str | None:
    """The name an item opens with before a comma ("Medlemsutskick, … 5 gånger/år")."""
    head, comma, _ = text.partition(",")
    words = head.split()
    if not comma or not 0 < len(words) <= 3 or _fold(words[0]) in _CONNECTORS:
        return None
    return _catalog_metric(_fold(head), "") or _activity([_fold(head)], plural=False)


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


# SLA: time limits per case in the welcome chain.

_WITHIN = re.compile(
    r"\binom\s+(?:(?P<low>\d{1,3}|[a-z]{2,12})\s*(?:-|–|till)\s*)?(?P<high>\d{1,3}|[a-z]{2,12})\s+"
    r"(?P<unit>dagar|dag|dygn|veckor|vecka|manader|manad)\b"
)
_AT_ONCE = re.compile(r"\b(?:omgaende|direkt|genast|snarast)\b")
_SOON_AFTER = re.compile(r"\b(?:kort|strax|snart)\s+efter\b")
_UNIT_DAYS = {"dag": 1, "dagar": 1, "dygn": 1, "vecka": 7, "veckor": 7, "manad": 30, "manader": 30}


@dataclass(frozen=True)
class _TimeLimit:
    end: int  # where the phrase ends in the folded sentence
    days: int | None  # None: the metric's default ("kort efter")
    remind_after_days: int | None = None


def _time_limits(folded: str) -> list[_TimeLimit]:
    limits = []
    for match in _WITHIN.finditer(folded):
        high = _number_in(match["high"])
        if high is None:
            continue
        low = _number_in(match["low"]) if match["low"] else None
        per_unit = _UNIT_DAYS[match["unit"]]
        remind = low * per_unit if low is not None and low < high else None
        limits.append(_TimeLimit(match.end(), high * per_unit, remind))
    limits += [_TimeLimit(m.end(), AT_ONCE_DAYS) for m in _AT_ONCE.finditer(folded)]
    limits += [_TimeLimit(m.end(), None) for m in _SOON_AFTER.finditer(folded)]
    return sorted(limits, key=lambda limit: limit.end)


def _case_metric(segment: str) -> str | None:
    """Which step of the welcome chain a stretch of text speaks of: the last one named,
    as it is the one the time limit after it belongs to."""
    candidates = []
    if (offer := _OFFER.search(segment)) and _COURSE.search(segment, offer.end()):
        candidates.append((offer.start(), "course_offer"))
    candidates += [(m.start(), "activity_invitation") for m in _INVITE.finditer(segment)]
    candidates += [(m.start(), "welcome_call") for m in _WELCOME.finditer(segment)]
    return max(candidates)[1] if candidates else None


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


# Cadence: N per window.

_WINDOWS: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"\bvarannan\s+vecka\b"), 14),
    (re.compile(r"\bvarannan\s+manad\b"), 60),
    (re.compile(r"\b(?:dagligen|varje\s+dag)\b"), 1),
    (re.compile(r"(?:\b(?:varje|per|i|om)\s+|/\s*)vecka\b|\bi\s+veckan\b|\bveckovis\b"), 7),
    (re.compile(r"\bvarje\s+(?:man|tis|ons|tors|fre|lor|son)dag\b"), 7),
    (re.compile(r"(?:\b(?:varje|per|i|om)\s+|/\s*)manad(?:en)?\b|\bmanadsvis\b|\bmanatligen\b"), 30),
    (re.compile(r"(?:\b(?:varje|per|i)\s+|/\s*)kvartal(?:et)?\b|\bkvartalsvis\b"), 91),
    (re.compile(r"(?:\b(?:varje|per)\s+|/\s*)(?:termin|halvar)\b|\bterminsvis\b"), 182),
    (re.compile(r"(?:\b(?:varje|per|om)\s+|/\s*)ar(?:et)?\b|\bi\s+aret\b|\barligen\b"), 365),
)


_ORDINALS = {"andra": 2, "tredje": 3, "fjarde": 4, "femte": 5, "sjatte": 6, "attonde": 8}
_EVERY_NTH = re.compile(rf"\bvar\s+(?:([0-9]{{1,2}}):e|({'|'.join(_ORDINALS)}))\s+(vecka|manad)\b")


def _window(folded: str) -> tuple[int, int] | None:
    """The window's length in days and where its phrase starts, for the first one named."""
    found = [(m.start(), days) for pattern, days in _WINDOWS if (m := pattern.search(folded))]
    if match := _EVERY_NTH.search(folded):  # "var tredje vecka", "var 3:e månad"
        nth = int(match[1]) if match[1] else _ORDINALS[match[2]]
        found.append((match.start(), max(nth, 1) * _UNIT_DAYS[match[3]]))
    if not found:
        return None
    start, days = min(found)
    return days, start


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
    metric = _catalog_metric(" ".join(counted), sentence.folded) if counted else None
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


def _is_goal_prose(sentence: _Sentence, drafts: Sequence[_Draft]) -> bool:
    if _GOAL_VERB_START.match(sentence.folded):
        return True
    return bool(_MODAL.search(sentence.folded)) and drafts != [_MILESTONE]


# --- Dates: the plan's period, a goal's deadline ------------------------------------

_TITLE = _stem("verksamhetsplan")
_YEARS = re.compile(r"(?<!\d)((?:19|20)\d\d)(?:\s*[-–/]\s*((?:19|20)?\d\d))?(?![\d-])")


def _plan_period(text: str, today: date) -> tuple[date, date]:
    """The years the title names; a span ("2023-2024") covers both."""
    lines = [line for line in text.splitlines() if line.strip()]
    head = "\n".join(lines[:40])
    title = _TITLE.search(_fold(head))
    window = head[title.start() : title.start() + 300] if title else "\n".join(lines[:5])
    match = _YEARS.search(window)
    if match is None:
        return date(today.year, 1, 1), date(today.year, 12, 31)
    first = int(match[1])
    last = _full_year(match[2], first) if match[2] else first
    if not first <= last <= first + 4:
        last = first
    return date(first, 1, 1), date(last, 12, 31)


def _full_year(text: str, near: int) -> int:
    return int(text) if len(text) == 4 else near // 100 * 100 + int(text)


_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DAY_MONTH = re.compile(rf"\bsenast\s+(?:den\s+)?(\d{{1,2}})\s+({_MONTH_NAMES})\b(?:\s+((?:19|20)\d\d))?")
_MONTH = re.compile(rf"\bsenast\s+(?:i\s+|till\s+|under\s+)?({_MONTH_NAMES})\b(?:\s+((?:19|20)?\d\d)\b)?")
_SEASON = re.compile(r"\b(var|vt|sommar|host|ht)(?:en)?\s+((?:19|20)?\d\d)\b(?![:\d])")
_SEASON_ONLY = re.compile(r"\bsenast\s+(?:till\s+|under\s+)?(var|sommar|host)en\b")
_YEAR_END = re.compile(r"\b(?:under|till|fore|innan|senast|inom)\s+(?:aret\s+|ar\s+)?((?:19|20)\d\d)\b(?!-)")


def _deadline(folded: str, period_start: date) -> date | None:
    """The date a goal's own words set ("senast i februari", "våren 22", "under 2023")."""
    year = period_start.year
    if match := _DAY_MONTH.search(folded):
        return _safe_date(int(match[3] or year), _MONTHS[match[2]], int(match[1]))
    if match := _MONTH.search(folded):
        return _month_end(_full_year(match[2], year) if match[2] else year, _MONTHS[match[1]])
    if match := _SEASON.search(folded):
        return _season_end(_full_year(match[2], year), match[1])
    if match := _SEASON_ONLY.search(folded):
        return _season_end(year, match[1])
    if match := _YEAR_END.search(folded):
        return date(int(match[1]), 12, 31)
    return None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _season_end(year: int, season: str) -> date:
    month, day = _SEASON_END[season]
    return date(year, month, day)


def _safe_date(year: int, month: int, day: int) -> date | None:
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return date(year, month, day)


# --- Layout: lines to blocks --------------------------------------------------------


class _Role(Enum):
    HEADING = "heading"
    LABEL = "label"  # "Mål:", "Aktiviteter:"
    ITEM = "item"  # a bulleted or numbered list line
    RESPONSIBLE = "responsible"
    TEXT = "text"  # prose, an unbulleted list line, or a heading-shaped line


@dataclass
class _Block:
    role: _Role
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


_MARKUP = re.compile(r"</?[a-zA-Z][^<>\n]{0,40}>|\*\*|__|[\u200b\u200c\u200d\ufeff]")
_TOC_LINE = re.compile(r"^\S.{1,98}?(?:\t|\s{3}|\.{3}|…)[\s.…]*\d{1,3}$")
_TOC_LINE_MAX = 120  # a contents line is short; the guard also keeps the pattern cheap
_TOC_TITLE = re.compile(r"^(?:innehallsforteckning|innehall)$")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+(.+)$")
_LABEL = re.compile(
    r"^(?:mal|malsattning(?:ar)?|delmal|aktiviteter|aktivitet|atgarder|insatser)"
    r"(?:\s*:\s*(?P<rest>.*)|\s+[^:]{1,40}:\s*(?P<rest2>.*)|\s*)$"
)
_RESPONSIBLE = re.compile(r"^ansvar(?:ig|iga)?\s*[:–-]\s*(?P<who>\S.*)$")
_BULLET = re.compile(r"^[-–—•·*▪●◦‣]\s*(?P<rest>\S.*)$")
_NUMBERED = re.compile(r"^\d{1,2}[.)]\s+(?P<rest>\S.*)$")
_TERMINAL = (".", "!", "?", ":", ";")


def _clean_lines(text: str) -> Iterator[str]:
    text = _MARKUP.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n"))
    for raw in text.split("\n"):
        line = " ".join(raw.replace("\u00a0", " ").split())
        if _is_contents_line(raw.strip()) or _TOC_TITLE.match(_fold(line)):
            continue
        yield line


def _is_contents_line(line: str) -> bool:
    """ "Studier<TAB>4", "Studier ....... 4": the table of contents, not the plan."""
    return len(line) <= _TOC_LINE_MAX and _TOC_LINE.match(line) is not None


def _classify(line: str) -> tuple[_Role, str]:
    folded = _fold(line)
    if match := _MARKDOWN_HEADING.match(line):
        return _Role.HEADING, match[1]
    if match := _LABEL.match(folded):
        rest_start = match.start("rest") if match["rest"] is not None else match.start("rest2")
        return _Role.LABEL, line[rest_start:] if rest_start >= 0 else ""
    if match := _RESPONSIBLE.match(folded):
        return _Role.RESPONSIBLE, line[match.start("who") :]
    if match := _BULLET.match(line) or _NUMBERED.match(line):
        return _Role.ITEM, match["rest"]
    return _Role.TEXT, line


def _ends_open(text: str) -> bool:
    """Whether a line stops mid-sentence: on a comma, a hyphen or a connecting word."""
    if text.endswith((",", "-", "–")):
        return True
    words = _fold(text).split()
    return bool(words) and words[-1] in _CONNECTORS


def _continues(previous: _Block, line: str, after_blank: bool) -> bool:
    """Whether a plain line carries on the block above (a wrapped line)."""
    if previous.role not in (_Role.ITEM, _Role.RESPONSIBLE, _Role.TEXT):
        return False
    last = previous.parts[-1]
    starts_low = line[0].islower()
    if after_blank:
        return starts_low and previous.role is not _Role.RESPONSIBLE and not last.endswith(_TERMINAL)
    if starts_low or line[0].isdigit() or _ends_open(last):
        return True
    if previous.role is _Role.RESPONSIBLE:
        return False
    return not last.endswith(_TERMINAL) and not _heading_shaped(last) and not _heading_shaped(line)


def _blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    after_blank = False
    for line in _clean_lines(text):
        if not line:
            after_blank = True
            continue
        role, content = _classify(line)
        if role is _Role.TEXT and blocks and _continues(blocks[-1], content, after_blank):
            blocks[-1].parts.append(content)
        elif role is _Role.LABEL and content:
            blocks += [_Block(_Role.LABEL), _Block(_Role.ITEM, [content])]
        else:
            blocks.append(_Block(role, [content]))
        after_blank = False
    return _mark_headings(blocks)


def _heading_shaped(text: str) -> bool:
    words = text.split()
    return (
        0 < len(words) <= 10
        and len(text) <= 80
        and (text[0].isupper() or text[0].isdigit())
        and not text.endswith((*_TERMINAL, ","))
    )


def _is_prose(block: _Block) -> bool:
    return block.role is _Role.TEXT and not _heading_shaped(block.text)


def _mark_headings(blocks: list[_Block]) -> list[_Block]:
    """A heading is a short line followed by prose, a goal label or a list."""
    for block, following in pairwise(blocks):
        if (
            block.role is _Role.TEXT
            and _heading_shaped(block.text)
            and (_is_prose(following) or following.role in (_Role.LABEL, _Role.ITEM))
        ):
            block.role = _Role.HEADING
    return blocks


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
