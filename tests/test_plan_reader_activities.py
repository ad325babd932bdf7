"""Pensioners' and small associations' plans, stage by stage: activity prose that states no goal
verb, seasons, weekdays, meeting schedules and the numbers that are no counts.

Each rule is one short sentence here; the corpus tests (test_plan_reader_corpus.py) sit on top.
"""

from __future__ import annotations

from datetime import date

import pytest

from domain.goals import GoalKind, GoalSpec
from domain.plan_reader import read_plan
from domain.plan_reader.measure import _drafts, _Sentence
from domain.plan_reader.quantities import _quantities, _tokens, _window
from domain.plan_reader.recognise import describes_an_activity, reads_as_goal_item, reads_as_goal_prose
from domain.plan_reader.segment import _blocks
from domain.plan_reader.text import _fold

TODAY = date(2026, 5, 1)


def goals(text: str) -> list[GoalSpec]:
    return read_plan(f"Verksamhetsplan 2026\n\n{text}", today=TODAY)


def draft(sentence: str):
    drafts = _drafts(_Sentence.of(sentence))
    assert len(drafts) == 1, drafts
    return drafts[0]


def values(sentence: str) -> list[float]:
    return [q.value for q in _quantities(_tokens(_fold(sentence)))]


# --- segment ---------------------------------------------------------------------------


def test_a_line_that_opens_with_a_number_after_a_full_stop_is_a_line_of_its_own() -> None:
    blocks = _blocks("Repskapets höstmöte i Umeå den 20/10.\n4-6 styrelsemöten (både digitala och fysiska).\n")
    assert [b.text for b in blocks] == [
        "Repskapets höstmöte i Umeå den 20/10.",
        "4-6 styrelsemöten (både digitala och fysiska).",
    ]


def test_a_wrapped_line_that_opens_with_a_number_still_carries_on() -> None:
    blocks = _blocks("Vi ska värva\n25 nya medlemmar.\n")
    assert [b.text for b in blocks] == ["Vi ska värva 25 nya medlemmar."]


# --- quantities ------------------------------------------------------------------------


def test_the_last_of_a_list_of_ages_is_no_count() -> None:
    assert values("en födelsedagsfest för våra 85-90-95 och 100-åringar") == []


def test_the_end_of_an_opening_time_is_no_count() -> None:
    assert values("Expeditionen har öppet mellan kl 11.00 – 13.00 en gång i månaden.") == []


def test_a_dates_year_is_no_count() -> None:
    assert values("I anslutning till höstmötet den 18 november 2026 ordnas en jubileumsfest.") == []


def test_a_year_after_for_is_no_count() -> None:
    assert values("För genomförande av verksamhetsplanen för 2021 förutsätts att rekommendationerna följs.") == []


@pytest.mark.parametrize(
    "phrase", ["Boule på onsdagar under sommaren", "Café 1-3 på torsdagar", "Stavgång alla måndagar"]
)
def test_a_weekday_in_the_plural_recurs_weekly(phrase: str) -> None:
    assert _window(_fold(phrase))[0] == 7


# --- measure ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "kind", "target", "window"),
    [
        ("anordna bingo en gång per månad i egen regi", GoalKind.CADENCE, 1, 30),  # the made thing recurs
        ("anordna underhållning en gång per månad vår och höst", GoalKind.CADENCE, 1, 30),
        ("ge ut programblad vår- och hösttermin", GoalKind.CADENCE, 2, 365),
        ("Boule på onsdagar under sommaren.", GoalKind.CADENCE, 1, 7),
        ("Två gånger på våren och två gånger på hösten anordnas PRO-träffar med bingospel.", GoalKind.COUNT, 4, None),
        ("Vår- och höstfest planeras.", GoalKind.COUNT, 2, None),
        ("4-6 styrelsemöten (både digitala och fysiska).", GoalKind.COUNT, 4, None),
        ("Vi fortsätter arrangera intressanta och upplysande månadsmöten.", GoalKind.CADENCE, 1, 30),
        ("Vi har öppet hus en kväll i veckan.", GoalKind.CADENCE, 1, 7),  # what the branch holds
        ("Vi träffas första tisdagen varje månad.", GoalKind.CADENCE, 1, 30),  # the verb says it meets
        ("Vi har månatliga träffar.", GoalKind.CADENCE, 1, 30),  # the noun right after a one-word window
        ("Filmklubben visar en film i månaden.", GoalKind.CADENCE, 1, 30),
        ("Kontoret är öppet en eftermiddag i veckan.", GoalKind.CADENCE, 1, 7),
        ("Studiecirkeln träffas 3 ggr per termin.", GoalKind.CADENCE, 3, 182),
        ("Informera medlemmarna med två medlemsbrev om verksamheten.", GoalKind.COUNT, 2, None),  # letters sent
        ("Skicka ut fyra nyhetsbrev till medlemmarna.", GoalKind.COUNT, 4, None),
        ("Tipspromenader våren från båthamnen. På hösten i parken", GoalKind.CADENCE, 2, 365),  # a season each
    ],
)
def test_activity_prose_is_measured(sentence: str, kind: GoalKind, target: float, window: int | None) -> None:
    found = draft(sentence)
    assert (found.kind, found.target, found.window_days) == (kind, target, window)
    assert found.metric  # named from the plan's own noun, or the catalog


@pytest.mark.parametrize(
    "sentence",
    [
        "Arbetarekommunen deltar i partiets nationella vår- och höstkampanj.",  # someone else's events
        "arrangerar månadsträffar med ett varierat innehåll några gånger i år.",  # now and then, no cadence
        "Sånggruppen fortsätter och bjuder in nya medlemmar.",  # no step of the welcome chain
        "12 ledamöter sitter i styrelsen.",  # a number that opens a statement, not a line of a programme
    ],
)
def test_what_is_not_measured(sentence: str) -> None:
    assert draft(sentence).kind is GoalKind.MILESTONE


# --- recognise -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "goal"),
    [
        ("Litteraturcirklar.", True),
        ("Sånggruppen fortsätter och bjuder in nya medlemmar.", True),
        ("Biobesök – vi avslutar med diskussion om filmen över en fika.", True),
        ("Filmklubben visar en film i månaden.", True),
        ("Påverkansarbete genom att delta i kommunens funktionshinderråd.", True),
        ("Verksamheten är i stort sett densamma som förra året.", False),  # a bare head is background
        ("Vi har en organisation som stödjer oss.", False),
    ],
)
def test_a_line_about_an_activity_is_one_the_board_keeps_or_drops(line: str, goal: bool) -> None:
    assert describes_an_activity(_Sentence.of(line)) is goal


@pytest.mark.parametrize(
    ("item", "goal"),
    [
        ("bedriver studier när intresse finns i cirkelform.", True),  # the present tense of an infinitive
        ("försöker utnyttja aktuella kulturaktiviteter när tillfälle ges.", True),
        ("lämna information i samhällsfrågor.", True),
        ("vid en medlemsträff bjuda in kommunens äldreombudsman", True),  # a place before the verb
        ("Eftermiddagsdans.", True),
        ("Teaterbesök i regionen", True),  # a visit names an outing the branch makes
        ("Bioföreställningar", True),
        ("Cafèer med föreläsare", True),
        ("Kaffe.", False),
    ],
)
def test_list_items_that_open_with_a_deed(item: str, goal: bool) -> None:
    s = _Sentence.of(item)
    assert reads_as_goal_item(s, _drafts(s)) is goal


@pytest.mark.parametrize(
    ("sentence", "goal"),
    [
        ("Fler cirkelledare behövs.", True),
        ("De stadgeenliga vår- och höstmötena hålls i samband med månadsträffarna.", True),
        ("Verksamhetsåret avslutas traditionsenligt med julfesten i december.", True),
        ("Vår förhoppning är att vi kommer att öka medlemsantalet.", False),  # a hope
        ("Jag vill avslutningsvis tacka er alla som varit med.", False),
        ("Föreningen skall på lokal nivå följa förbundets riktlinjer.", False),
        ("Verksamhetsplanen för 2023 skickas ut till alla medlemmar.", False),
        ("Vi efterlyser dock medlemmarnas bidrag till hemsidan.", False),
        ("Det ena är årsmötet, då budget och verksamhetsplan ska fastställas.", False),
        ("(Allt sker i enlighet med de restriktioner som gäller.)", False),
    ],
)
def test_prose_goals_and_what_is_none(sentence: str, goal: bool) -> None:
    s = _Sentence.of(sentence)
    assert reads_as_goal_prose(s, _drafts(s), goals_marked=False) is goal


# --- assemble --------------------------------------------------------------------------


def test_activity_lines_under_a_heading_become_goals_in_a_plan_that_marks_its_goals() -> None:
    found = goals(
        "Mål\n\n- Värva 10 nya medlemmar\n\nCirkelverksamhet\n\nLitteraturcirklar.\n\n"
        "Friskvård\n\nSitt- och stågymnastik fortsätter i bygdegården varje vecka vår och höst.\n"
    )
    assert [(g.kind, g.target, g.window_days) for g in found] == [
        (GoalKind.COUNT, 10, None),
        (GoalKind.MILESTONE, None, None),
        (GoalKind.CADENCE, 1, 7),
    ]


def test_a_promise_to_make_one_thing_is_a_goal_in_a_plan_that_marks_its_goals() -> None:
    found = goals(
        "Mål\n\n- Värva 10 nya medlemmar\n\nAgenda 2030\n\n"
        "Vi ska ta fram en handlingsplan för vårt politiska arbete. Vi ska vara en trovärdig röst i kommunen.\n"
    )
    assert [g.text for g in found] == ["Värva 10 nya medlemmar", "Vi ska ta fram en handlingsplan för vårt politiska arbete."]


def test_under_a_label_a_lead_line_and_a_look_back_are_no_items() -> None:
    found = goals(
        "Aktiviteter\n\nUnder 2025 kunde vi inte genomföra de planerade aktiviteterna.\n"
        "Vår förhoppning är att kunna genomföra följande aktiviteter:\n"
        "Repskapets årsmöte i juni.\n4-6 styrelsemöten (både digitala och fysiska).\n"
    )
    assert [(g.kind, g.target) for g in found] == [(GoalKind.MILESTONE, None), (GoalKind.COUNT, 4)]


# --- schedule --------------------------------------------------------------------------


def test_a_table_of_dates_and_topics_counts_the_meetings_the_line_above_names() -> None:
    found = goals(
        "Medlemsträffar 2026 hålls dessa dagar:\n\n- 12 januari: Föredrag om trafik\n- 9 februari: Årsmöte\n"
        "- 9 mars: Musik\n- 13 april:\n- 12 januari 2027: Julgröt\n"
    )
    assert [(g.kind, g.target, g.text) for g in found] == [
        (GoalKind.COUNT, 4, "Medlemsträffar 2026 hålls dessa dagar:")  # the row of next year is not counted
    ]


def test_unbulleted_rows_of_dates_are_rows_not_one_wrapped_line() -> None:
    found = goals("Vi träffas följande datum:\n\n14 januari Årsmöte\n11 februari Föredrag\n11 mars Musik\n")
    assert [(g.kind, g.metric, g.target) for g in found] == [(GoalKind.COUNT, "activity:traff", 3)]


def test_a_programme_of_topics_under_program_counts_nothing_twice() -> None:
    found = goals(
        "Medlemsmöten: 18/1, 15/2, 14/3\n\nProgram:\n\n18/1 Nomineringar\n15/2 Föredrag om straff och brott\n"
        "14/3 Årsmötesförhandlingar\n"
    )
    assert [(g.kind, g.metric, g.target) for g in found] == [(GoalKind.COUNT, "member_meetings", 3)]
