"""The plan reader: its rules one by one, the three real plans, and odd input."""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.goals import GoalKind, GoalSpec, Unit
from domain.plan_reader import read_plan
from tests.plan_scoring import score

PLANS = Path(__file__).parent / "fixtures" / "plans"  # copies of ../shared/plans
FIXTURES = Path(__file__).parent / "fixtures" / "plans"
TODAY = date(2024, 5, 1)


def goals_of(body: str, title: str = "Verksamhetsplan 2024") -> list[GoalSpec]:
    return read_plan(f"{title}\n\n{body}", today=TODAY)


def only_goal(body: str, title: str = "Verksamhetsplan 2024") -> GoalSpec:
    goals = goals_of(body, title)
    assert len(goals) == 1, [g.text for g in goals]
    return goals[0]


def listed(*items: str) -> str:
    return "Mål:\n\n" + "\n".join(f"- {item}" for item in items)


# --- Numbers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "metric", "target"),
    [
        ("Värva 42 nya medlemmar", "new_members", 42),
        ("Värva tolv nya medlemmar", "new_members", 12),
        ("Värva tjugofem nya medlemmar", "new_members", 25),
        ("Värva tvåhundra nya medlemmar", "new_members", 200),
        ("Genomföra fyra tusen samtal", "conversations", 4000),
        ("Genomföra 4215 samtal genom torgaktivitet, dörrknackning, ringning", "conversations", 4215),
        ("Genomföra 4 215 samtal", "conversations", 4215),
        ("Minst 100 nya medlemmar ska värvas under 2020.", "new_members", 100),
        ("Värva ca 50 nya medlemmar", "new_members", 50),
        ("Värva cirka tio nya medlemmar", "new_members", 10),
        ("Genomföra minst en studiecirkel", "study_circles", 1),
    ],
)
def test_numbers_as_digits_and_words(item: str, metric: str, target: float) -> None:
    goal = only_goal(listed(item))
    assert (goal.kind, goal.metric, goal.target) == (GoalKind.COUNT, metric, target)


@pytest.mark.parametrize(
    "item",
    [
        "Genomföra en medlemsenkät under året.",  # "en" is an article here
        "Genomföra en dragning om arbetsmarknadsmodellen på ett medlemsmöte",
        "Genomföra medlemsutbildning del 1 grundläggande",  # a course's name
        "Genomföra ett utbildningstillfälle för nya förtroendevalda, höst 22",
    ],
)
def test_numbers_that_count_nothing_leave_a_milestone(item: str) -> None:
    assert only_goal(listed(item)).kind is GoalKind.MILESTONE


# --- Kinds -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "metric", "target"),
    [
        ("Genomföra 6 medlemsmöten", "member_meetings", 6),
        ("Genomföra minst 2 medlemsutbildningar under året", "member_courses", 2),
        ("Genomföra 4 öppna möten med föreläsningar", "open_meetings", 4),
        ("Genomföra 1 studiecirkel kring EU innan valet 2024", "study_circles", 1),
        ("Genomföra 2 workshops om ledarskap", "activity:workshop", 2),
        ("Arrangera tre seniorträffar", "activity:seniortraff", 3),
        ("Genomföra 30 arbetsplatsbesök", "workplace_visits", 30),
        ("Knacka 500 dörrar i Centrum", "doors_knocked", 500),
        (
            "Träffar ska genomföras under året och minst 10 föreningar ska genomföra egna studiecirklar.",
            "study_circles",
            10,
        ),
    ],
)
def test_counts(item: str, metric: str, target: float) -> None:
    goal = only_goal(listed(item))
    assert (goal.kind, goal.metric, goal.target, goal.unit) == (GoalKind.COUNT, metric, target, Unit.COUNT)


@pytest.mark.parametrize(
    ("item", "metric", "target", "unit"),
    [
        ("Arbetarekommunens gilla-sida ska nå 2000 följare.", "followers", 2000, Unit.COUNT),
        ("Minst 25% av våra medlemmar ska betala via autogiro.", "autogiro_share", 25, Unit.PERCENT),
        ("Minst 30 procent av medlemmarna ska betala med autogiro", "autogiro_share", 30, Unit.PERCENT),
        ("Arbetarekommunen ska ha 1 200 medlemmar vid årets slut", "members_total", 1200, Unit.COUNT),
    ],
)
def test_levels(item: str, metric: str, target: float, unit: Unit) -> None:
    goal = only_goal(listed(item))
    assert (goal.kind, goal.metric, goal.target, goal.unit) == (GoalKind.LEVEL, metric, target, unit)


@pytest.mark.parametrize(
    ("item", "metric", "target", "window"),
    [
        ("Genomföra medlemsmöten varje vecka", "member_meetings", 1, 7),
        ("Dörrknackning varannan vecka", "door_knocking_sessions", 1, 14),
        ("Dörrknackning var tredje vecka", "door_knocking_sessions", 1, 21),
        ("Medlemsmöte var 6:e vecka", "member_meetings", 1, 42),
        ("Medlemsmöte var tredje månad", "member_meetings", 1, 90),
        ("Medlemsmöte en gång i månaden", "member_meetings", 1, 30),
        ("Genomföra medlemsmöten månadsvis", "member_meetings", 1, 30),
        ("Samla medlemsansvariga till minst två träffar per år.", "activity:traff", 2, 365),
        ("Studieledaren samlar studieledarna till träff 2 gånger per år", "activity:traff", 2, 365),
        ("Medlemsutskick, Vårt Partille 5 gånger/år.", "activity:medlemsutskick", 5, 365),
        ("A-radio/Pod, vi fortsätter att sända varje vecka.", "activity:a_radio_pod", 1, 7),
        ("Genomföra 2 öppna möten per termin", "open_meetings", 2, 182),
        ("Expeditionen håller öppet minst en eftermiddag i veckan", "activity:eftermiddag", 1, 7),
    ],
)
def test_cadences(item: str, metric: str, target: float, window: int) -> None:
    goal = only_goal(listed(item))
    assert (goal.kind, goal.metric, goal.target, goal.window_days) == (GoalKind.CADENCE, metric, target, window)


@pytest.mark.parametrize(
    "item",
    [
        "Bedriva dörrknackningsarbete med medlemsvärvning även i mellanvalsperioder.",
        "Bedriva dörknackning även i mellanvalsperioder.",  # one r: still door-knocking
        "Fortsätta med dörrknackning i alla bostadsområden",
    ],
)
def test_ongoing_door_knocking_is_a_monthly_cadence(item: str) -> None:
    goal = only_goal(listed(item))
    assert (goal.kind, goal.metric, goal.target, goal.window_days) == (
        GoalKind.CADENCE,
        "door_knocking_sessions",
        1,
        30,
    )


# --- Time limits -------------------------------------------------------------------


def test_a_range_sets_the_limit_and_the_first_reminder() -> None:
    goal = only_goal(listed("Ny medlem ska kontaktas av respektive förening inom 3-5 dagar."))
    assert (goal.kind, goal.metric, goal.target, goal.unit) == (GoalKind.SLA, "welcome_call", 5, Unit.DAYS)
    assert goal.remind_after_days == 3


def test_one_sentence_can_set_two_time_limits() -> None:
    goals = goals_of(
        listed(
            "Alla nya medlemmar ska välkomnas med ett samtal inom två veckor "
            "och bjudas in till verksamhet inom en månad."
        )
    )
    assert [(g.kind, g.metric, g.target) for g in goals] == [
        (GoalKind.SLA, "welcome_call", 14),
        (GoalKind.SLA, "activity_invitation", 30),
    ]


@pytest.mark.parametrize(
    ("item", "metric", "days"),
    [
        ("Nya medlemmar ska ringas upp omgående.", "welcome_call", 2),
        ("Varje ny medlem ska bli uppringd av AK-s kontaktperson för att bli hälsad välkommen.", "welcome_call", 14),
        ("Ny medlem ska kontaktas inom en vecka", "welcome_call", 7),
        (
            "Alla nya medlemmar ska få erbjudande om att gå medlemsutbildning steg 1 "
            "kort efter att de välkomnats in i partiet.",
            "course_offer",
            30,
        ),
    ],
)
def test_welcome_chain_limits_and_defaults(item: str, metric: str, days: int) -> None:
    goal = only_goal(listed(item))
    assert (goal.kind, goal.metric, goal.target) == (GoalKind.SLA, metric, days)


def test_offering_a_course_to_all_members_is_no_time_limit() -> None:
    assert only_goal(listed("Alla medlemmar ska erbjudas grundläggande medlemsutbildning.")).kind is (
        GoalKind.MILESTONE
    )


# --- Periods and deadlines ---------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "start", "end"),
    [
        ("Verksamhetsplan 2022", date(2022, 1, 1), date(2022, 12, 31)),
        ("Verksamhetsplan för Arbetarekommunen Gislaved 2023-2024", date(2023, 1, 1), date(2024, 12, 31)),
        ("VERKSAMHETSPLAN\n\n2020\n\nSocialdemokraterna", date(2020, 1, 1), date(2020, 12, 31)),
        ("Verksamhetsplan 2025/26", date(2025, 1, 1), date(2026, 12, 31)),
        ("Verksamhetsplan", date(2024, 1, 1), date(2024, 12, 31)),  # no year: today's
    ],
)
def test_period_from_the_title(title: str, start: date, end: date) -> None:
    goal = only_goal(listed("Värva 42 nya medlemmar"), title=title)
    assert (goal.period_start, goal.period_end) == (start, end)


@pytest.mark.parametrize(
    ("item", "deadline"),
    [
        ("En valstrategi ska antas senast i februari", date(2024, 2, 29)),
        ("Genomföra en introduktionsträff, våren 24", date(2024, 6, 30)),
        ("Genomföra ett utbildningstillfälle, höst 24", date(2024, 12, 31)),
        ("Att anordna minst en utåtriktad aktivitet under 2025", date(2025, 12, 31)),
        ("Ta fram en handlingsplan senast den 15 mars", date(2024, 3, 15)),
        ("Ta fram en handlingsplan", None),
    ],
)
def test_deadlines(item: str, deadline: date | None) -> None:
    assert only_goal(listed(item)).deadline == deadline


# --- Layout: lists, prose, headings, responsibility --------------------------------


def test_goal_with_no_metric_is_a_milestone() -> None:
    goal = only_goal(listed("Ta fram en facklig-politisk handlingsplan tillsammans med LO-facken."))
    assert (goal.kind, goal.metric, goal.target) == (GoalKind.MILESTONE, None, None)
    assert goal.text == "Ta fram en facklig-politisk handlingsplan tillsammans med LO-facken."


def test_bullet_styles_and_numbered_items() -> None:
    body = "Aktiviteter:\n· Värva 10 nya medlemmar\n• Genomföra 2 medlemsmöten\n* Ta fram en plan\n1. Skriva insändare"
    assert [g.metric for g in goals_of(body)] == ["new_members", "member_meetings", None, None]


def test_unbulleted_lines_under_a_goal_label_are_items() -> None:
    body = "Mål:\nVärva 10 nya medlemmar\nGenomföra 2 medlemsmöten\n"
    assert [g.metric for g in goals_of(body)] == ["new_members", "member_meetings"]


def test_a_colon_line_promising_action_opens_a_goal_list() -> None:
    body = (
        "Opinionsbildning\n\nAK ansvarar för opinionsbildning. Detta skall ske genom att:\n\n"
        "– synas i kommundelarna\n– anordna 1:a maj möte.\n\n"
        "Våra medlemmar kan delas upp i följande grupper:\n\n- Medlemmar\n- Förtroendevalda\n"
    )
    assert [g.text for g in goals_of(body)] == ["synas i kommundelarna", "anordna 1:a maj möte."]


def test_wrapped_items_are_joined() -> None:
    body = "Aktiviteter:\n· Att ta fram en \nkommunikationsplan för arbetet under mandatperioden\nAnsvarig: Gruppen"
    assert only_goal(body).text == "Att ta fram en kommunikationsplan för arbetet under mandatperioden"


def test_two_items_run_together_on_one_line_are_split() -> None:
    body = listed("Vi deltar i aktionsdagar. - Vi bjuder in en riksdagsledamot.")
    assert [g.text for g in goals_of(body)] == ["Vi deltar i aktionsdagar.", "Vi bjuder in en riksdagsledamot."]


def test_responsible_attaches_to_the_items_since_the_last_one() -> None:
    body = (
        "Studier\n\nVi vill lära oss mer om organisering och mötesformer.\n\nAktiviteter:\n"
        "· Genomföra minst 2 medlemsutbildningar under året\n· Genomföra 1 studiecirkel kring EU\n"
        "Ansvariga: Studieledare AK tillsammans med studieledarna i \nS-föreningar och klubbar.\n\n"
        "· Ta fram en studieplan\nAnsvarig: studieledaren\n\n· Skriva en rapport\n"
    )
    assert [g.responsible for g in goals_of(body)] == [
        "Studieledare AK tillsammans med studieledarna i S-föreningar och klubbar",
        "Studieledare AK tillsammans med studieledarna i S-föreningar och klubbar",
        "Studieledaren",
        None,
    ]


def test_area_is_the_heading_above_and_the_table_of_contents_is_skipped() -> None:
    text = (
        "VERKSAMHETSPLAN\n\n2020\n\nInnehållsförteckning\n\n<i>Studier</i>\t4\n<i>Kommunikation</i>\t5\n\n"
        "Studier\n\nVi ska bli bättre på studier.\n\nMål:\n\n- Genomföra 3 studiecirklar\n\n"
        "**Kommunikation**\n\nDet kommunikativa arbetet är viktigt.\n\n**Mål:**\n\n- Nå 2000 följare\n"
    )
    goals = read_plan(text, today=TODAY)
    assert [(g.area, g.metric) for g in goals] == [("Studier", "study_circles"), ("Kommunikation", "followers")]


def test_background_prose_is_not_a_goal_but_a_measurable_ska_is() -> None:
    body = (
        "Medlemsvärvning\n\n"
        "Det räcker inte med att bara värva nya medlemmar, vi måste också behålla dem. "
        "Fokus för 2024 blir att stärka organisationen. Alla medlemmar ska känna sig välkomna. "
        "Alla nya medlemmar ska kontaktas inom en vecka.\n"
    )
    goal = only_goal(body)
    assert (goal.metric, goal.area) == ("welcome_call", "Medlemsvärvning")


def test_prose_starting_with_a_goal_verb_is_a_goal() -> None:
    goal = only_goal("Organisation\n\nGenomföra en medlemsenkät under året. Det blir spännande.\n")
    assert goal.kind is GoalKind.MILESTONE


def test_evaluation_of_an_earlier_year_is_skipped() -> None:
    text = (
        "Verksamhetsplan 2022\n\nMedlemmar\n\nVi växer.\n\nMål:\n\n- Värva 42 nya medlemmar\n\n"
        "Utvärdering\n\nAll verksamhet behöver utvärderas och följas upp.\n\n"
        "Utvärdering och uppföljning 2021\n\nVerksamhetsplan 2021\n\nÅret präglades av pandemin.\n\n"
        "Medlemmar\n\nMål:\n\n- Värva 20 nya medlemmar\n"
    )
    assert [g.target for g in read_plan(text, today=TODAY)] == [42]


def test_reading_resumes_at_a_heading_of_the_plans_own_year() -> None:
    text = (
        "Verksamhetsplan 2022\n\nVerksamhetsberättelse 2021\n\nVi gjorde mycket.\n\n"
        "Mål:\n\n- Värva 20 nya medlemmar\n\nMål för 2022\n\nI år satsar vi.\n\n"
        "Mål:\n\n- Värva 42 nya medlemmar\n"
    )
    assert [g.target for g in read_plan(text, today=TODAY)] == [42]


def test_adoption_date_in_the_title_block_does_not_skip_the_plan() -> None:
    text = "Verksamhetsplan 2022\n\nAntagen av årsmötet 2021\n\nMedlemmar\n\nVi växer.\n\n" + listed(
        "Värva 42 nya medlemmar"
    )
    assert [g.target for g in read_plan(text, today=TODAY)] == [42]



@pytest.mark.parametrize("stamp", ["Höstmötet 2021", "13.12.2021 kl. 07:47", "15 oktober 2021"])
def test_the_adopting_meeting_or_a_page_date_names_no_earlier_years_plan(stamp: str) -> None:
    text = f"Verksamhetsplan 2022\n\n{stamp}\n\nMedlemmar\n\nVi växer.\n\n" + listed("Värva 42 nya medlemmar")
    assert [g.target for g in read_plan(text, today=TODAY)] == [42]

# --- The real plans ----------------------------------------------------------------

THRESHOLDS = {  # what the reader reaches today; lower them only with a reason
    "gislaved-2023-2024": (1.0, 1.0),
    "norrkoping-2020": (1.0, 1.0),
    "partille-2022": (1.0, 1.0),
}


@pytest.mark.parametrize("stem", sorted(THRESHOLDS))
def test_real_plan_against_hand_written_goals(stem: str) -> None:
    found = [g.to_json() for g in read_plan((PLANS / f"{stem}.txt").read_text(encoding="utf-8"), today=TODAY)]
    expected = json.loads((FIXTURES / f"{stem}.expected.json").read_text(encoding="utf-8"))
    result, extra, missed = score(found, expected)
    print(f"{stem}: {result}")
    min_precision, min_recall = THRESHOLDS[stem]
    assert result.precision >= min_precision, extra
    assert result.recall >= min_recall, missed


@pytest.mark.parametrize("stem", sorted(THRESHOLDS))
def test_real_plan_areas_responsibles_and_deadlines(stem: str) -> None:
    found = [g.to_json() for g in read_plan((PLANS / f"{stem}.txt").read_text(encoding="utf-8"), today=TODAY)]
    expected = json.loads((FIXTURES / f"{stem}.expected.json").read_text(encoding="utf-8"))
    fields = ("area", "responsible", "deadline", "period_start", "period_end")
    assert [[g[f] for f in fields] for g in found] == [[g[f] for f in fields] for g in expected]


# --- Odd input ---------------------------------------------------------------------

_FRAGMENTS = st.sampled_from(
    [
        "Mål:", "Aktiviteter:", "Ansvarig:", "Ansvariga: Styrelsen", "- ", "· ", "1. ", "minst", "ca",
        "inom", "3-5 dagar", "två veckor", "en månad", "omgående", "varje vecka", "per år", "gånger/år",
        "4 215", "2000", "2021", "25%", "en", "ett", "tusen", "hundra", "nya medlemmar", "samtal",
        "Genomföra", "Värva", "ska", "senast i", "februari", "våren 22", "Utvärdering", "Verksamhetsplan",
        "ny medlem", "kontaktas", "bjudas in", "erbjudande", "kort efter", "dörknackning", "\n", "\n\n",
        ".", ",", ":", "var 0:e vecka", "9" * 30, "İ", "\t1", "#", "**",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises_on_arbitrary_text(text: str) -> None:
    assert isinstance(read_plan(text, today=TODAY), list)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(_FRAGMENTS, st.text(max_size=8)), max_size=40).map(" ".join))
def test_never_raises_on_plan_like_lines(text: str) -> None:
    for goal in read_plan(text, today=TODAY):
        assert goal.period_start <= goal.period_end


def _seconds(text: str) -> float:
    started = time.perf_counter()
    read_plan(text, today=TODAY)
    return time.perf_counter() - started


@pytest.mark.parametrize(
    "grow",
    [
        lambda n: (PLANS / "partille-2022.txt").read_text(encoding="utf-8") * n,
        lambda n: "femtio" * (100 * n) + " x " + "a" * (1000 * n),  # one huge line
        lambda n: "ab" + " " * (1000 * n) + "x\n" + "1 " * (500 * n),
        lambda n: "Mål 2025\n\n" + "våren " * (100 * n),  # a sentence that never ends, in the rules' words
        lambda n: "Mål 2025\n\n" + "vi ska ha 3 möten varje vecka på våren och kommer att " * (10 * n),
    ],
    ids=["plan", "one-line", "spaces", "season-words", "goal-words"],
)
def test_large_input_is_read_in_linear_time(grow) -> None:
    """Ten times the text takes about ten times as long, not a hundred (no quadratic backtracking):
    a ratio within one run, so a loaded machine slows both sides alike."""
    small, large = min(_seconds(grow(20)) for _ in range(3)), _seconds(grow(200))
    assert large < 35 * small, (small, large)
