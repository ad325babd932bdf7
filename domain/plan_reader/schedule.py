"""A schedule read as a count: a line of dates or months under a line that names what
meets ("Arbetarekommunens medlemsmöten" / "18/1, 15/2, 14/3 (Årsmöte), 11/4 och 13/12").

A board that lists its meeting dates has planned that many meetings; the reader counts
the dates of the plan's years. A date of another year ("13 januari 2021" in a 2020 plan)
is not counted, nor a sentence that names one event of its own ("Sommarfest 17 juni.").
"""

from __future__ import annotations

import re

from domain.plan_reader.text import _MONTHS, _fold

_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE = re.compile(
    rf"\b\d{{1,2}}/\d{{1,2}}\b(?:\s+((?:19|20)\d\d)\b)?"
    rf"|\b\d{{1,2}}\s+(?:{_MONTH_NAMES})\b(?:\s+((?:19|20)\d\d)\b)?"
    rf"|\b(?:{_MONTH_NAMES})\b(?:\s+((?:19|20)\d\d)\b)?"
)
_ASIDE = re.compile(r"\([^()]*\)")  # "14/3 (Årsmöte)": a note on the date, not another word of the line
_JOINERS = frozenset({"och", "samt", "kl", "den"})
MIN_DATES = 3


def _dates(folded: str) -> list[re.Match[str]]:
    return list(_DATE.finditer(folded))


def is_date_list(text: str) -> bool:
    """Mostly dates: at least three, and few other words between them."""
    folded = _fold(_ASIDE.sub(" ", text))
    dates = _dates(folded)
    if len(dates) < MIN_DATES:
        return False
    rest = _DATE.sub(" ", folded)
    words = [w for w in re.findall(r"[a-z]+", rest) if w not in _JOINERS]
    return len(words) <= max(2, len(dates) // 3)


def count_dates(text: str, years: range) -> int:
    """The dates of the plan's ``years`` in a date list; one sentence naming a single
    dated event of its own ("Sommarfest 17 juni.") is left out."""
    total = 0
    for sentence in re.split(r"(?<=\.)\s+", _fold(_ASIDE.sub(" ", text))):
        dates = _dates(sentence)
        if len(dates) == 1 and re.match(r"[a-z]{4,}", sentence[: dates[0].start()].strip()):
            continue
        total += sum(1 for d in dates if not (year := next(filter(None, d.groups()), None)) or int(year) in years)
    return total


def schedule_metric(name: str) -> str | None:
    """What the line above the dates names: a catalog metric, else its noun as written —
    the last word of a short line ("Arbetarekommunens styrelse"), the first of a sentence."""
    from domain.plan_reader.metrics import _activity, _catalog_metric

    folded = _fold(name).strip(" .:")
    if metric := _catalog_metric(folded, ""):
        return metric
    words = [w for w in re.findall(r"[a-z]+", folded) if len(w) >= 4]
    if not words:
        return None
    meetings = [w for w in words if _MEETING.search(w)]  # "Vi träffas följande datum:": what meets, not "datum"
    word = meetings[0] if meetings else words[-1] if len(folded.split()) <= 4 else words[0]
    return _activity([word.removesuffix("as") if word.endswith("ffas") else word], plural=True)


# --- A table of dates and topics under a line naming what meets -------------------------
# "Månadsmöten hålls följande datum:" / "- 27 januari: Parentation" / "- 24 februari: Årsmöte" / …

_ROW = re.compile(
    rf"^(?:(?:man|tis|ons|tors|fre|lor|son)dag(?:en)?\s+)?(?:den\s+)?"
    rf"(?:\d{{1,2}}/\d{{1,2}}|\d{{1,2}}\s+(?:{_MONTH_NAMES}))\b(?:[\s/]+((?:19|20)\d\d)\b)?"
)
MIN_ROWS = 3
_MEETING = re.compile(r"mote|(?<!\bs)traff|sammankomst|sammantrade|samling")  # not "straff"


def names_a_meeting(text: str) -> bool:
    """ "Månadsmöten hålls följande datum:", "Vi träffas:": the line names meetings — not a
    programme's topics ("Program:"), nor a row of the table itself."""
    folded = _fold(text).strip()
    return _MEETING.search(folded) is not None and not _ROW.match(folded)


def opens_with_date(text: str) -> bool:
    return _ROW.match(_fold(text).strip()) is not None


def table_rows(texts: list[str], start: int) -> tuple[int, list[str]] | None:
    """From ``start``, a run of at least three lines that each open with a date: (end index, the rows)."""
    end = start
    while end < len(texts) and _ROW.match(_fold(texts[end]).strip()):
        end += 1
    return (end, texts[start:end]) if end - start >= MIN_ROWS else None


def count_rows(rows: list[str], years: range) -> int:
    """The rows dated in the plan's ``years`` (a row without a year is)."""
    return sum(1 for row in rows if (m := _ROW.match(_fold(row).strip())) and (not m[1] or int(m[1]) in years))


# --- A programme month by month: "Mars  Månadsmöte. …", "April  Månadsmöte, …" -----------

_ENTRY = re.compile(
    rf"^(?:\d{{1,2}}/\d{{1,2}}|\d{{1,2}}\s+(?:{_MONTH_NAMES})|(?:{_MONTH_NAMES}))"
    rf"(?:\s*(?:,|och|-|–)\s*(?:{_MONTH_NAMES}))*(?:\s+(?:19|20)\d\d)?\b[\s:,.–-]*(?P<event>[a-z]{{4,}})"
)
_BREAK = re.compile(r"uppehall|ledig|stangt")  # "Juni, juli  Sommaruppehåll": a pause, not an event
_CONTINUATION_CHARS = 60  # a short undated line inside a programme belongs to the entry above
MIN_ENTRIES = 3


def programme_event(text: str) -> str | None:
    """The event a dated programme line names ("Mars Månadsmöte. …" → "manadsmote"), else None."""
    match = _ENTRY.match(_fold(text).strip())
    return match["event"] if match else None


def programme_run(texts: list[str], start: int) -> tuple[int, str, int, str, list[str]] | None:
    """From ``start``, a run of dated programme lines: (end index, the event most of them
    name, how many name it, the first such line, the lines of events held once) when at
    least three name the same event."""
    events: list[tuple[str, str]] = []
    end = start
    while end < len(texts):
        if (event := programme_event(texts[end])) is not None:
            events.append((event, texts[end]))
        elif not events or len(texts[end]) > _CONTINUATION_CHARS:
            break
        end += 1
    if not events:
        return None
    events = [(event, text) for event, text in events if not _BREAK.search(event)]
    names = [event for event, _ in events]
    common = max(set(names), key=names.count)
    count = names.count(common)
    if count < MIN_ENTRIES:
        return None
    once = [text for event, text in events if names.count(event) == 1]
    return end, common, count, next(text for event, text in events if event == common), once


# --- A sentence of dated events: "… inspirationsdag i Motala 3/5, Vandringsresa i Sälen 22-27/8 och …" ----

_DAY = re.compile(rf"\b\d{{1,2}}/\d{{1,2}}\b|\b\d{{1,2}}\s+(?:{_MONTH_NAMES})\b")
_AFTER_DATE = re.compile(r"(?<=\d)(?:\s*\([^()]*\))?(?:,\s+|\s+(?:och|samt)\s+)")  # "3/5, …", "30/8 och …"
MIN_EVENTS = 3


def dated_events(sentence: str) -> list[str]:
    """The events of a sentence that names at least three, each by its words and the day it
    ends on; [] for any other sentence, and for a list of bare dates (a count of meetings)."""
    parts = [part for part in _AFTER_DATE.split(sentence) if part.strip()]
    if len(parts) < MIN_EVENTS:
        return []
    for part in parts:
        folded = _fold(part)
        if not _DAY.search(folded) or not re.search(r"[a-z]{3,}", _DAY.sub(" ", folded)):
            return []
    return [part.strip() for part in parts]
