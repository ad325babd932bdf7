"""The one-line grammar: examples, and properties over arbitrary text."""

from __future__ import annotations

import re
from datetime import date
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.dates import is_date_word
from domain.errors import InputError
from domain.grammar import parse_activity, parse_count, parse_goal, parse_knock, parse_talk
from domain.progress import Arrow, arrow, count_progress, elapsed_fraction
from views.i18n import Texts
from views.messages import input_error_text

TODAY = date(2025, 3, 15)  # a Saturday
WORDS = ["40", "12", "dörrar", "samtal", "öppnade", "medlem", "Ektorp", "igår", "lördag", "i", "lördags", "12/3",
         "2025-03-12", "-3", "4,5", "torg", "telefon", "medlemsmöte", "öppet", "möte", "S1", "0", "99999999999"]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("40 12 Ektorp", (40, None, 12, None, "Ektorp", None)),
        ("40 dörrar 25 öppnade 12 samtal 1 medlem Ektorp igår", (40, 25, 12, 1, "Ektorp", date(2025, 3, 14))),
        ("12 samtal 40", (40, None, 12, None, None, None)),
        ("30 5 Norra Ektorp i lördags", (30, None, 5, None, "Norra Ektorp", date(2025, 3, 8))),
        ("ektorp", (None, None, None, None, "Ektorp", None)),
    ],
)
def test_knock_examples(text, expected):
    d = parse_knock(text, TODAY)
    assert (d.doors, d.opened, d.conversations, d.members, d.area, d.day) == expected


def test_dates_are_never_in_the_future():
    assert parse_knock("4 1 fredag", TODAY).day == date(2025, 3, 14)
    assert parse_knock("4 1 28/12", TODAY).day == date(2024, 12, 28)  # the most recent 28 December
    with pytest.raises(InputError) as error:
        parse_knock("4 1 2025-03-16", TODAY)
    assert error.value.code == "future_date"


def test_other_commands():
    assert (parse_talk("25 torg", TODAY).count, parse_talk("25 torg", TODAY).channel) == (25, "torg")
    assert parse_activity("öppet möte 30", TODAY).type == "oppet_mote"
    assert parse_activity("medlemsutbildning", TODAY).type == "s1"
    goal = parse_goal("nya medlemmar 42 2025-26", TODAY)
    assert (goal.metric, goal.target, goal.period_end) == ("new_members", 42, date(2026, 12, 31))
    assert parse_count(" 7 ", 10) == 7


lines = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(WORDS), max_size=12).map(" ".join),
)


@settings(max_examples=400, deadline=None)
@given(lines)
def test_any_text_gives_a_draft_or_a_friendly_swedish_error(text):
    """Never an exception other than InputError, and every InputError has a Swedish sentence."""
    for parse in (parse_knock, parse_talk, parse_activity, parse_goal):
        try:
            parse(text, TODAY)
        except InputError as error:
            message = input_error_text(Texts("sv"), error)
            placeholder = re.compile(r"\{[a-z_]+\}")
            assert message and (not placeholder.search(message) or placeholder.search(text))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=10).map(" ".join))
def test_a_parsed_knock_is_within_limits(text):
    try:
        d = parse_knock(text, TODAY)
    except InputError:
        return
    for value in (d.doors, d.opened, d.conversations, d.members):
        assert value is None or 0 <= value <= 5000
    assert d.day is None or d.day <= TODAY


def test_pace_and_arrows():
    start, end = date(2025, 1, 1), date(2025, 12, 31)
    assert elapsed_fraction(start, end, date(2024, 12, 31)) == 0
    assert elapsed_fraction(start, end, date(2025, 12, 31)) == 1
    assert elapsed_fraction(start, end, date(2025, 7, 2)) == pytest.approx(183 / 365)
    assert (arrow(20, 20), arrow(18, 20), arrow(17.9, 20)) == (Arrow.UP, Arrow.FLAT, Arrow.DOWN)
    p = count_progress(42, 42, start, end, date(2025, 3, 1))
    assert p.reached and p.arrow is Arrow.UP and p.percent == 100


DATE_WORDS = ["imorgon", "i", "morgon", "går", "dag", "förrgår", "idag", "igår", "tisdag", "lördags", "3/12", "söndag"]
AREA_WORDS = ["Ektorp", "Norra", "nya", "medlemmar", "ny", "medlem", "40", "12", "dörrar", "samtal", "öppnade"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(DATE_WORDS + AREA_WORDS), max_size=10).map(" ".join))
def test_date_words_never_end_up_in_an_area(text):
    """Issue 10: "Ektorp imorgon" was saved as an area; a date word is the day, or the line is refused."""
    try:
        d = parse_knock(text, TODAY)
    except InputError:
        return
    words = (d.area or "").lower().split()
    assert not any(is_date_word(w) for w in words)
    assert not any(a == "i" and is_date_word(a + b) for a, b in pairwise(words))
