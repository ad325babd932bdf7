"""The one-line grammar of the logging commands.

``/knack 40 12 Ektorp`` and ``/knack 40 dörrar 25 öppnade 12 samtal 1 medlem Ektorp igår`` read
the same way: numbers (labelled, or in the order doors, conversations, members), a date word and
the remaining words as the area. Every function either returns a draft or raises InputError:
never anything else, whatever the text (see the property tests).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from domain import activities, metrics
from domain.dates import is_date_word, resolve_date
from domain.entries import MAX_AREA, MAX_CONVERSATIONS, MAX_DOORS, MAX_MEMBERS, MAX_PARTICIPANTS, TalkChannel
from domain.errors import InputError

MAX_LINE = 300  # a longer "command" is a paste accident, not a log line
MAX_GOAL_TARGET = 10_000_000

_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")

# A label is the word or two after a number: every form the README shows, singular and plural,
# indefinite and definite ("1 ny medlem", "2 nya medlemmar", "12 samtalen").
_KNOCK_LABELS = {
    **dict.fromkeys(
        ("dörr", "dörrar", "dörren", "dörrarna", "dorr", "dorrar", "knackade", "knackade dörrar", "door", "doors"),
        "doors",
    ),
    **dict.fromkeys(
        ("öppnade", "öppnat", "öppna", "öppnad", "öppnades", "öppningar", "oppnade", "öppnade dörrar",
         "öppna dörrar", "öppnade dörren", "opened", "opened doors"),
        "opened",
    ),
    **dict.fromkeys(
        ("samtal", "samtalet", "samtalen", "conversation", "conversations", "talk", "talks"), "conversations"
    ),
    **dict.fromkeys(
        ("medlem", "medlemmar", "medlemmen", "medlemmarna", "ny", "nya", "ny medlem", "nya medlemmar",
         "nya medlem", "nya medlemmarna", "värvade", "värvade medlemmar", "member", "members",
         "new member", "new members"),
        "members",
    ),
}  # fmt: skip
_TALK_LABELS = dict.fromkeys(("samtal", "samtalet", "samtalen", "conversation", "conversations", "talks"), "count")
_ACTIVITY_LABELS = dict.fromkeys(
    ("deltagare", "deltagarna", "deltog", "personer", "pers", "st", "participants", "people"), "participants"
)
_KNOCK_ORDER = ("doors", "conversations", "members")
_KNOCK_LIMITS = {
    "doors": MAX_DOORS,
    "opened": MAX_DOORS,
    "conversations": MAX_CONVERSATIONS,
    "members": MAX_MEMBERS,
}

_CHANNELS = {
    "dörr": TalkChannel.DOOR, "dorr": TalkChannel.DOOR, "dörrknackning": TalkChannel.DOOR, "door": TalkChannel.DOOR,
    "torg": TalkChannel.TORG, "torget": TalkChannel.TORG, "torgaktivitet": TalkChannel.TORG,
    "street": TalkChannel.TORG,
    "telefon": TalkChannel.PHONE, "ringning": TalkChannel.PHONE, "ring": TalkChannel.PHONE,
    "phone": TalkChannel.PHONE,
    "digitalt": TalkChannel.DIGITAL, "digital": TalkChannel.DIGITAL, "online": TalkChannel.DIGITAL,
    "arbetsplats": TalkChannel.WORKPLACE, "arbetsplatsbesök": TalkChannel.WORKPLACE,
    "workplace": TalkChannel.WORKPLACE,
    "annat": TalkChannel.OTHER, "other": TalkChannel.OTHER,
}  # fmt: skip


@dataclass
class Scan:
    """A line cut into numbers (with the label word after each, if any), a day and other words."""

    numbers: list[tuple[int, str | None]] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    day: date | None = None


def scan(text: str, today: date, labels: dict[str, str] | None = None, numbers_are_words: bool = False) -> Scan:
    if len(text) > MAX_LINE:
        raise InputError("too_long", limit=MAX_LINE)
    tokens = text.split()
    result = Scan()
    i = 0
    while i < len(tokens):
        token = tokens[i].strip(",.;:!?")
        low = token.lower()
        following = tokens[i + 1].strip(",.;:!?").lower() if i + 1 < len(tokens) else ""
        if _NUMBER.match(low) and not numbers_are_words:
            label, used = _label(tokens[i + 1 : i + 3], labels or {})
            result.numbers.append((_whole_number(low), label))
            i += 1 + used
            continue
        if low == "i" and is_date_word(following):
            pass  # "i lördags", "i förrgår": the date word comes next
        elif low == "i" and is_date_word(low + following):
            _set_day(result, low + following, today)  # "i morgon", "i går", "i dag"
            i += 1
        elif is_date_word(low):
            _set_day(result, low, today)
        elif token:
            result.words.append(token)
        i += 1
    _split_date_phrases(result, today)
    return result


def _split_date_phrases(result: Scan, today: date) -> None:
    """"i" and "morgon" brought together by a number between them ("i 40 morgon") are still a date."""
    words, k = result.words, 0
    while k < len(words) - 1:
        joined = "i" + words[k + 1].lower()
        if words[k].lower() == "i" and is_date_word(joined):
            _set_day(result, joined, today)
            del words[k : k + 2]
        else:
            k += 1


def _label(after: list[str], labels: dict[str, str]) -> tuple[str | None, int]:
    """The label the words after a number give it, and how many words it took (two before one)."""
    words = [w.strip(",.;:!?").lower() for w in after]
    for size in (2, 1):
        if len(words) >= size and (label := labels.get(" ".join(words[:size]))):
            return label, size
    return None, 0


def _set_day(result: Scan, word: str, today: date) -> None:
    if result.day is not None:
        raise InputError("two_dates")
    result.day = resolve_date(word, today)


def _whole_number(token: str) -> int:
    if token.startswith("-"):
        raise InputError("negative", value=token)
    if "," in token or "." in token:
        raise InputError("not_whole", value=token)
    return int(token.lstrip("+"))  # a line is at most MAX_LINE long; each field checks its own limit


def _check_limit(value: int, limit: int) -> int:
    if value > limit:
        raise InputError("too_large", value=value, limit=limit)
    return value


@dataclass
class KnockDraft:
    doors: int | None = None
    opened: int | None = None
    conversations: int | None = None
    members: int | None = None
    area: str | None = None
    day: date | None = None

    @property
    def has_figures(self) -> bool:
        return any(v is not None for v in (self.doors, self.opened, self.conversations, self.members))


def parse_knock(text: str, today: date) -> KnockDraft:
    found = scan(text, today, _KNOCK_LABELS)
    draft = KnockDraft(area=clean_area(found.words), day=found.day)
    positional = []
    for value, label in found.numbers:
        if label is None:
            positional.append(value)
        elif getattr(draft, label) is not None:
            raise InputError("repeated", field=label)
        else:
            setattr(draft, label, _check_limit(value, _KNOCK_LIMITS[label]))
    free = [name for name in _KNOCK_ORDER if getattr(draft, name) is None]
    if len(positional) > len(free):
        raise InputError("too_many_numbers")
    for name, value in zip(free, positional, strict=False):
        setattr(draft, name, _check_limit(value, _KNOCK_LIMITS[name]))
    if draft.has_figures and not any((draft.doors, draft.opened, draft.conversations, draft.members)):
        raise InputError("nothing_to_log")
    return draft


def clean_area(words: list[str]) -> str | None:
    area = " ".join(words).strip(" ,.;:-")
    if not area:
        return None
    if len(area) > MAX_AREA:
        raise InputError("area_too_long", limit=MAX_AREA)
    return area[0].upper() + area[1:]


def parse_area(text: str, today: date) -> tuple[str | None, date | None]:
    """An area typed on its own (the guided /knack's last question): a date word in it is the day."""
    found = scan(text, today, numbers_are_words=True)
    return clean_area(found.words), found.day


@dataclass
class TalkDraft:
    count: int | None = None
    channel: TalkChannel | None = None
    day: date | None = None


def parse_channel(word: str) -> TalkChannel | None:
    return _CHANNELS.get(word.lower())


def parse_talk(text: str, today: date) -> TalkDraft:
    found = scan(text, today, _TALK_LABELS)
    if len(found.numbers) > 1:
        raise InputError("too_many_numbers")
    draft = TalkDraft(day=found.day)
    if found.numbers:
        count = _check_limit(found.numbers[0][0], MAX_CONVERSATIONS)
        if count == 0:
            raise InputError("nothing_to_log")
        draft.count = count
    if found.words:
        draft.channel = parse_channel(found.words[0])
        if draft.channel is None or len(found.words) > 1:
            raise InputError("unknown_channel", word=" ".join(found.words)[:30])
    return draft


@dataclass
class ActivityDraft:
    type: str | None = None
    participants: int | None = None
    day: date | None = None


def parse_activity(text: str, today: date, custom: dict[str, str] | None = None) -> ActivityDraft:
    found = scan(text, today, _ACTIVITY_LABELS)
    if len(found.numbers) > 1:
        raise InputError("too_many_numbers")
    draft = ActivityDraft(day=found.day)
    if found.numbers:
        draft.participants = _check_limit(found.numbers[0][0], MAX_PARTICIPANTS)
    if found.words:
        name = " ".join(found.words)
        draft.type = activities.resolve_type(name, custom)
        if draft.type is None:
            raise InputError("unknown_activity", word=name[:40])
    return draft


@dataclass
class GoalCommand:
    metric: str
    target: int
    period_start: date
    period_end: date
    forening: str | None = None


_PERIOD = re.compile(r"^(\d{4})(?:[-–/](\d{2}|\d{4}))?$")


def parse_goal(text: str, today: date, custom: dict[str, str] | None = None) -> GoalCommand:
    """``nya_medlemmar 42 2025 [förening]``; the year defaults to this one. An activity type may be
    named as written ("Seniorträff 10"), ``custom`` holding the organisation's own types."""
    if len(text) > MAX_LINE:
        raise InputError("too_long", limit=MAX_LINE)
    tokens = text.split()
    at = next((i for i, t in enumerate(tokens) if _NUMBER.match(t)), None)
    if at is None or at == 0:
        raise InputError("goal_form")
    named = " ".join(tokens[:at])
    metric = metrics.resolve(named)
    if metric is None and (activity := activities.resolve_type(named, custom)) is not None:
        metric = activities.metric_for(activity)
    if metric is None or (metric not in metrics.COUNTABLE and not metric.startswith(metrics.ACTIVITY_PREFIX)):
        raise InputError("unknown_metric", word=" ".join(tokens[:at])[:40])
    target = _check_limit(_whole_number(tokens[at]), MAX_GOAL_TARGET)
    if target == 0:
        raise InputError("goal_form")
    rest = tokens[at + 1 :]
    start, end = date(today.year, 1, 1), date(today.year, 12, 31)
    if rest and (m := _PERIOD.match(rest[0])):
        first = int(m[1])
        last = int(m[2]) if m[2] and len(m[2]) == 4 else (first // 100 * 100 + int(m[2]) if m[2] else first)
        if not 2000 <= first <= last <= first + 5:
            raise InputError("bad_period", word=rest[0])
        start, end = date(first, 1, 1), date(last, 12, 31)
        rest = rest[1:]
    forening = " ".join(rest).strip() or None
    return GoalCommand(metric, target, start, end, forening)


def parse_count(text: str, limit: int) -> int:
    """A single answer in a guided flow: one whole number, 0 to ``limit``."""
    token = text.strip().rstrip(".")
    if len(token) > 12 or not _NUMBER.match(token):
        raise InputError("not_a_number")
    return _check_limit(_whole_number(token), limit)
