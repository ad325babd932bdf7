"""Numbers, quantities, time limits, windows and dates as a plan writes them."""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from domain.plan_reader.defaults import AT_ONCE_DAYS
from domain.plan_reader.text import (
    _DURATION_UNITS,
    _FREQUENCY_WORDS,
    _MONTHS,
    _NOT_A_COUNT_AFTER,
    _PHRASE_STOPS,
    _QUALIFIERS,
    _SEASON_END,
    _YEAR_CONTEXT,
    _fold,
    _stem,
)

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


_THOUSANDS_DOT = re.compile(r"^[1-9][0-9]{0,2}\.[0-9]{3}$")  # "1.500 medlemmar": a thousands point, not a decimal


def _digits_value(text: str) -> float | None:
    if _THOUSANDS_DOT.match(text):
        text = text.replace(".", "")
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
    if len(word) > 5 and word.endswith("tal"):  # "ett tjugotal", "ett hundratal": about so many
        word = word[:-3]
    value = _word_number(word)
    return None if value is None else (float(value), last)


def _is_year(tokens: Sequence[_Token], i: int) -> bool:
    text = tokens[i].text
    if not (len(text) == 4 and text.isdigit() and text[:2] in ("19", "20")):
        return False
    following = _text_at(tokens, i + 1)
    before = _text_at(tokens, i - 1)  # "den 18 november 2022 ordnas …": a date's year
    return before in _YEAR_CONTEXT or before in _MONTHS or not following or not following[0].isalpha()


def _is_not_a_count(tokens: Sequence[_Token], i: int, last: int) -> bool:
    """Numbers that name, date or time something rather than count it."""
    following = _text_at(tokens, last + 1)
    return (
        _text_at(tokens, i - 1) in _NOT_A_COUNT_AFTER
        or (_text_at(tokens, i - 1) == "." and _text_at(tokens, i - 2) in _NOT_A_COUNT_AFTER)  # "kl. 13.00"
        or (_text_at(tokens, i - 1) in (".", ":") and _text_at(tokens, i - 2).isdigit())  # the "00" of "13.00"
        or (following in (".", ":") and len(_text_at(tokens, last + 2)) == 2 and _text_at(tokens, last + 2).isdigit())
        or _is_year(tokens, i)
        or following in _DURATION_UNITS
        or following in _MONTHS
        or following == ":"  # "var 3:e vecka"
        or _is_compound(tokens, last)
        or (following in ("-", "–") and _text_at(tokens, last + 2)[:1].isdigit() and not _is_range(tokens, last))
        or _ends_a_number_chain(tokens, i)
        or _ends_a_clock_range(tokens, i)
        or _per_occasion(tokens, last)
    )


_OCCASION = ("gang", "gangen", "tillfalle", "traff")
_PEOPLE = ("personer", "deltagare", "medlemmar", "besokare", "gaster", "pensionarer", "st")


def _per_occasion(tokens: Sequence[_Token], last: int) -> bool:
    """ "samlar 30 personer varje gång": how many come each time, not how many times ("10 träffar,
    varje träff med ett eget tema" counts the träffar)."""
    words = [_text_at(tokens, k) for k in range(last + 1, last + 5)]
    return words[0] in _PEOPLE and any(w in ("varje", "per") and nxt in _OCCASION for w, nxt in pairwise(words))


def _ends_a_number_chain(tokens: Sequence[_Token], i: int) -> bool:
    """ "85-90-95 och 100-åringar": the last of a chain of numbers is an age or a year, as its
    siblings are ("6–8 styrelsemöten" is read as a range before it gets here)."""
    return _text_at(tokens, i - 1) in ("-", "–") and _text_at(tokens, i - 2)[:1].isdigit()


_CLOCK_TIME = re.compile(r"^(?:[01]?\d|2[0-3])[.:][0-5]\d$")


def _ends_a_clock_range(tokens: Sequence[_Token], i: int) -> bool:
    """ "kl 11.00 – 13.00": the end of an opening time, not a count."""
    return bool(_CLOCK_TIME.match(tokens[i].text)) and _text_at(tokens, i - 1) in ("-", "–")


def _is_compound(tokens: Sequence[_Token], last: int) -> bool:
    """ "30-årsjubileum", "65-åringar", "68åringar": a number inside a word counts nothing."""
    following = _text_at(tokens, last + 1)
    if following in ("-", "–"):
        return _text_at(tokens, last + 2)[:1].isalpha()
    token = tokens[last]
    return bool(following[:1].isalpha()) and tokens[last + 1].start == token.start + len(token.text)


def _is_range(tokens: Sequence[_Token], last: int) -> bool:
    """ "6–8 styrelsemöten" is a range (at least 6); "70-75-80-åringar" is a list of ages."""
    upper = last + 2
    return (
        _text_at(tokens, upper).isdigit()
        and _text_at(tokens, upper + 1) not in ("-", "–")
        and _text_at(tokens, last - 1) not in ("-", "–")
        and not _is_compound(tokens, upper)
    )


def _word_range_end(tokens: Sequence[_Token], i: int, lower: float) -> int | None:
    """The last token of a range's upper bound ("två till tre gånger"), when a larger number
    there counts times; "från 100 till 120" is no range."""
    upper = _read_number(tokens, i) if i < len(tokens) else None
    if upper is None or upper[0] <= lower or _text_at(tokens, upper[1] + 1) not in _FREQUENCY_WORDS:
        return None
    return upper[1]


def _quantities(tokens: Sequence[_Token]) -> list[_Quantity]:
    found: list[_Quantity] = []
    i = 0
    while i < len(tokens) and len(found) < _MAX_QUANTITIES:
        number = _read_number(tokens, i)
        if number is None:
            i += 1
            continue
        value, last = number
        if _text_at(tokens, last + 1) in ("-", "–") and _is_range(tokens, last):
            last += 2  # the range's lower bound counts what follows its upper one
        elif _text_at(tokens, last + 1) == "till" and (upper := _word_range_end(tokens, last + 2, value)):
            last = upper  # "två till tre gånger": at least two
        if not _is_not_a_count(tokens, i, last):
            following = _text_at(tokens, last + 1)
            percent = following in ("%", "procent")
            found.append(_Quantity(value, last, percent, frequency=following in _FREQUENCY_WORDS))
        i = last + 1
    return found


def _phrase_after(tokens: Sequence[_Token], index: int, alternatives: bool = False) -> list[str]:
    """The noun phrase a number counts: up to three words before a stop word; with
    ``alternatives``, words joined by a slash are read together ("sex månads/medlemsmöten")."""
    words: list[str] = []
    for token in tokens[index + 1 : index + 6]:
        if token.text == "/" and words and alternatives:
            continue
        if not token.is_word or token.text in _PHRASE_STOPS or len(words) == 3:
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


# Cadence: N per window.

_WINDOWS: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"\bvarannan\s+(?:vecka|(?:man|tis|ons|tors|fre|lor|son)dag)\b"), 14),  # "varannan onsdag"
    (re.compile(r"\bvarannan\s+manad\b"), 60),
    (re.compile(r"\b(?:dagligen|varje\s+dag)\b"), 1),
    (re.compile(r"(?:\b(?:varje|per|i|om)\s+|/\s*)vecka\b|\bi\s+veckan\b|\bveckovis\b|\bveckobasis\b"), 7),
    (re.compile(r"\bvarje\s+(?:man|tis|ons|tors|fre|lor|son)dag\b"), 7),
    # "Boule på onsdagar", "café på torsdagar": a weekday in the plural recurs every week.
    (re.compile(r"\b(?:pa|alla)\s+(?:man|tis|ons|tors|fre|lor|son)dagar(?:na)?\b"), 7),
    (re.compile(r"(?:\b(?:varje|per|i|om)\s+|/\s*)manad(?:en)?\b|\bmanadsvis\b|\bmanatlig\w*|\bmanadsbasis\b"), 30),
    (re.compile(r"(?:\b(?:varje|per|i)\s+|/\s*)kvartal(?:et)?\b|\bkvartalsvis\b"), 91),
    (re.compile(r"(?:\b(?:varje|per)\s+|/\s*)(?:termin|halvar)\b|\bterminsvis\b|\bunder\s+(?:var|host)terminen\b"), 182),
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


# --- Dates: the plan's period, a goal's deadline ------------------------------------

_TITLE = _stem("verksamhetsplan")
_YEARS = re.compile(r"(?<!\d)((?:19|20)\d\d)(?:\s*[-–/]\s*((?:19|20)?\d\d))?(?![\d-])")


def _plan_period(text: str, today: date) -> tuple[date, date]:
    """The years the title names; a span ("2023-2024") covers both."""
    lines = [line for line in text.splitlines() if line.strip()]
    head = "\n".join(lines[:40])
    title = _TITLE.search(_fold(head))
    windows = [head[title.start() : title.start() + 300]] if title else []
    # A title without a year ("Verksamhetsplanen har arbetats fram …"): the first lines then.
    match = next(filter(None, (_YEARS.search(w) for w in [*windows, "\n".join(lines[:5])])), None)
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
_DAY_SLASH = re.compile(r"\bsenast\s+(?:den\s+)?(\d{1,2})/(\d{1,2})(?:[\s/]+((?:19|20)\d\d))?\b")  # "15/5 2026"
_MONTH = re.compile(
    rf"\b(?:senast\s+(?:i\s+|till\s+|under\s+)?|(?:i|under)\s+)({_MONTH_NAMES})\b(?!\s*[-–])(?:\s+((?:19|20)?\d\d)\b)?"
)
_SEASON = re.compile(r"\b(var|vt|sommar|host|ht)(?:en)?\s+((?:19|20)?\d\d)\b(?![:\d])")
_SEASON_ONLY = re.compile(r"\b(?:senast\s+(?:till\s+|under\s+)?|under\s+)(var|sommar|host)en\b")
_BEFORE_SEASON = re.compile(r"\b(?:fore|till|innan)\s+(var|sommar|host)en\b")  # by the time it starts
_SEASON_START = {"var": (3, 1), "sommar": (6, 1), "host": (9, 1)}
_YEAR_END = re.compile(r"\b(?:under|till|fore|innan|senast|inom)\s+(?:aret\s+|ar\s+)?((?:19|20)\d\d)\b(?!-)")


_WHEN = re.compile(rf"\b(?:i|under)\s+(?:(?:var|sommar|host)en|{_MONTH_NAMES})\b")
_STARTS = re.compile(r"\b(?:paborja\w*|borja\w*|starta\w*|inled\w*)\s+(?:\w+\s+)?$")


def _deadline(folded: str, period_start: date) -> date | None:
    """The date a goal's own words set ("senast i februari", "våren 22", "under 2023");
    "påbörjas under våren" says when work starts, not when it is due."""
    for match in _WHEN.finditer(folded):
        if _STARTS.search(folded, 0, match.start()):
            folded = folded[: match.start()] + " " * (match.end() - match.start()) + folded[match.end() :]
    year = period_start.year
    if match := _DAY_MONTH.search(folded):
        return _safe_date(int(match[3] or year), _MONTHS[match[2]], int(match[1]))
    if (match := _DAY_SLASH.search(folded)) and 1 <= int(match[2]) <= 12:
        return _safe_date(int(match[3] or year), int(match[2]), int(match[1]))
    if match := _MONTH.search(folded):
        return _month_end(_full_year(match[2], year) if match[2] else year, _MONTHS[match[1]])
    if match := _SEASON.search(folded):
        return _season_end(_full_year(match[2], year), match[1])
    if match := _SEASON_ONLY.search(folded):
        return _season_end(year, match[1])
    if match := _BEFORE_SEASON.search(folded):
        return date(year, *_SEASON_START[match[1]]) - timedelta(days=1)
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
