"""The plan reader on what a plan says besides its goals: background, history, purposes,
what the organisation is, political statements, page chrome (the third round's party and
union plans). Stage by stage, on short sentences; the corpus tests sit on top.
"""

from __future__ import annotations

from datetime import date

import pytest

from domain.goals import GoalSpec
from domain.plan_reader import read_plan
from domain.plan_reader.measure import _drafts, _Sentence
from domain.plan_reader.recognise import Lead, lead_in, reads_as_goal_item, reads_as_goal_prose
from domain.plan_reader.segment import _blocks

TODAY = date(2026, 5, 1)


def goals(text: str) -> list[GoalSpec]:
    return read_plan(f"Verksamhetsplan 2026\n\n{text}", today=TODAY)


def prose_goal(sentence: str) -> bool:
    s = _Sentence.of(sentence)
    return reads_as_goal_prose(s, _drafts(s), goals_marked=False)


# --- segment ---------------------------------------------------------------------------


def test_a_table_of_contents_run_together_on_one_line_is_left_out() -> None:
    text = "2 Förord... 3 Studier... 5 Föreningar och kretsar... 6 Styrelsen...23 Expeditionen\n\nVi ska värva 10 nya medlemmar.\n"
    assert [b.text for b in _blocks(text)] == ["Vi ska värva 10 nya medlemmar."]


def test_share_links_and_photo_credits_are_page_chrome() -> None:
    text = "Publicerad Uppdaterad\nKopiera länk för delning\n\nFoto: Anna Andersson\n\nVi ska värva 10 nya medlemmar.\n"
    assert [b.text for b in _blocks(text)] == ["Vi ska värva 10 nya medlemmar."]


# --- recognise: sentences that are no goal ---------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Vill du läsa den som PDF istället kan du ladda ner den här: Verksamhetsplan 2026",  # the page to its reader
        "Det här planerar distriktsstyrelsen att genomföra under året.",  # announces what follows
        "Socialdemokratin vill forma ett samhälle grundat på alla människors lika värde.",  # a vision
        "Främst vill vi förändra samhället men för att kunna göra detta behöver vi vinna val.",
        "För att nå våra mål behöver partiet vara en folkrörelse som engagerar människor.",  # a state, "våra mål" reached
        "Vår organisation ska också i sitt väsen vara bärare av våra idéer.",  # a state behind adverbials
        "En stark organisation är en förutsättning för att vi ska kunna vinna val.",  # "ska" in a purpose clause
        "Vi har en organisation som stödjer oss i det vi vill göra.",  # "vill" in a relative clause
        "LOs styrelse beslutade hösten 2006 att förbunden ska prioritera medlemsrekrytering.",  # a decision reported
        "Samarbetet sker till största delen genom att ledamöterna sitter i båda styrelserna.",  # how things usually are
        "Vårt försäkringsarbete ska mynna ut i att medlemmarna får ett gott skydd.",  # an outcome, not a deed
        "Vår verksamhet ska gynna avdelningarna och ge dem en fördel på arbetsmarknaden.",
        "År 2026 firar förbundet 50 år, vilket kommer att genomsyra verksamheten.",  # "vilket": a relative clause
        "Projektet finansieras av stiftelserna och kommer att frigöra andra resurser.",  # who pays
        "Starta ett politiskt samtal, vår demokrati mår bra av det!",  # a call to the reader
        "It-verksamheten sker i nära samarbete med föreningarnas frivilliga.",  # how the work is done
        "Vi ordnar med lite olika aktiviteter (se aktivitetsbladet).",  # the goals are in another paper
    ],
)
def test_background_sentences_are_no_goal(sentence: str) -> None:
    assert not prose_goal(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Förra året genomförde vi tolv medlemsmöten.",  # a look-back: last year
        "Under 2025 värvade vi 40 nya medlemmar.",  # the preterite: done, not to do
        "Vi hade sex styrelsemöten.",
        "Medlemsantalet har ökat från 300 till 350.",  # the perfect tense reports
        "Styrelsen har haft tio protokollförda möten.",
        "Arbetarekommunen består av fem s-föreningar med totalt 800 medlemmar.",  # what a body is made of
        "Vi vill se en politik för full sysselsättning.",  # a political demand
        "Vi kräver att kommunen bygger fler hyresrätter.",
        "Kommunen ska ta ansvar för äldreomsorgen.",  # a demand on society, not a deed of the branch
        "Regeringen ska satsa mer på kollektivtrafiken.",
        "Ingen ska behöva leva i fattigdom.",
        "Alla barn ska ha rätt till en bra skola.",
        "Det ska löna sig att arbeta.",
        "Vi socialdemokrater vill bygga ett starkare Sverige.",  # a vision of the country
        "Föreningen lämnar alltså med 4 euro per medlem, vilket är samma som förut.",  # a conclusion drawn
        "Årligen avgår fyra ordinarie ledamöter och två ersättare.",  # the board's rotation
        "Vi föreslår höjning av medlemsavgiften med 5 kronor per medlem.",  # the fee set with the plan
        "”Ja må du leva uti hundrade år, javisst skall du leva”, sången följdes av ett leve.",  # a song quoted
    ],
)
def test_history_descriptions_and_political_statements_are_no_goal(sentence: str) -> None:
    assert not prose_goal(sentence)
    s = _Sentence.of(sentence)
    assert not reads_as_goal_item(s, _drafts(s))


@pytest.mark.parametrize(
    "sentence",
    [
        "Vi har som mål att värva 20 nya medlemmar.",  # "har som mål": no perfect tense
        "”Hemliga resan” ordnas i maj.",  # a name in quotes, not a quotation
        "Styrelsen har beslutat att genomföra 10 styrelsemöten.",  # the board's own decision: a commitment
        "Cirklarna ska ske i samarbete med ABF.",  # promised, the cooperation is a deed
        "Styrelsen ska ha startat två studiecirklar före sommaren.",  # a future perfect promises
        "Vi ska bygga ett starkare parti i kommunen.",  # the branch, not the country
        "Alla medlemmar ska erbjudas en medlemsutbildning.",  # the members of the branch
        "Vi ska värva fler medlemmar och vi ska synas mer i lokalpressen.",  # "och vi ska": a main clause again
        "Därför ska vi ordna ett öppet möte i varje kommundel.",  # the verb second after "Därför"
        "Distriktet ska särskilt uppmärksamma klubbarnas arbete genom skolning.",
        "Vi ska vara en tydlig röst för de äldre och bevaka deras rätt.",  # a deed beside a state
    ],
)
def test_promises_in_the_main_clause_stay_goals(sentence: str) -> None:
    assert prose_goal(sentence)


@pytest.mark.parametrize(
    "item",
    [
        "För det första måste vi fråga alla nya på en arbetsplats om de vill bli medlemmar.",  # "bli" in the subclause
        "att vi ska synas i lokalpressen",  # an att-clause item: the plan's own voice
    ],
)
def test_a_state_or_modal_in_a_subordinate_clause_leaves_an_item_a_goal(item: str) -> None:
    s = _Sentence.of(item)
    assert reads_as_goal_item(s, _drafts(s))


# --- recognise: lines that introduce a list --------------------------------------------


def test_a_list_of_subject_areas_is_judged_item_by_item() -> None:
    assert lead_in("Det ska de få genom att vi aktivt arbetar med områden som:") is Lead.OTHER
    assert goals("Det ska de få genom att vi aktivt arbetar med områden som:\n- ungdomsfrågor\n- jämställdhet\n") == []
    assert lead_in("Detta ska ske genom att:") is Lead.GOALS


# --- assemble: paragraphs and sections -------------------------------------------------


def test_a_paragraph_that_opens_by_citing_the_statutes_restates_them() -> None:
    cited = "Enligt distriktets stadgar har distriktet detta ändamål. Distriktet ska särskilt uppmärksamma klubbarnas arbete genom skolning."
    assert goals(cited) == []
    assert len(goals("Distriktet ska särskilt uppmärksamma klubbarnas arbete genom skolning.")) == 1


def test_an_introduction_keeps_its_states_and_hopes_out() -> None:
    text = "Inledning\n\nVi ska vara ett parti i människors vardag. Vår förhoppning är att studierna ska ge kunskap.\n"
    assert goals(text) == []


def test_an_introduction_gives_only_the_promises_dated_to_the_plans_year() -> None:
    text = (
        "Inledning\n\nVi står inför ett viktigt år. I år kommer vi fortsätta att satsa på studier. "
        "Vi ska vinna valet och vi ska öka i medlemsantal. Vi ska bland annat förbereda kongressen i september 2027.\n\n"
        "Medlemmar\n\nVi ska värva 10 nya medlemmar.\n"
    )
    assert [g.text for g in goals(text)] == [
        "I år kommer vi fortsätta att satsa på studier.",
        "Vi ska bland annat förbereda kongressen i september 2027.",
        "Vi ska värva 10 nya medlemmar.",
    ]


def test_an_introductions_dated_sentence_of_another_voice_stays_background() -> None:
    text = "Inledning\n\nUnder 2020 kunde vi inte ses. Partiet ska i år vinna valet. Rörelsen behöver i år stärkas.\n"
    assert goals(text) == []


@pytest.mark.parametrize(
    "sentence",
    ["Vi ska vara aktiva jämt, överallt i människors vardag.", "Föreningen ska vara synlig i lokalpressen."],
)
def test_being_active_or_visible_is_a_deed_not_a_state(sentence: str) -> None:
    assert prose_goal(sentence)


@pytest.mark.parametrize(
    ("item", "goal"),
    [
        ("Föreningen har 320 medlemmar.", False),  # the level as it is
        ("Vi är 14 000 medlemmar i distriktet.", False),
        ("Minst 800 medlemmar vid årets slut.", True),  # the level as it shall be
        ("Vi ska vara 2 000 medlemmar 2026.", True),
        ("Öka medlemsantalet till 500.", True),
    ],
)
def test_a_list_item_reporting_the_level_today_is_no_goal(item: str, goal: bool) -> None:
    s = _Sentence.of(item)
    assert reads_as_goal_item(s, _drafts(s)) is goal


def test_what_the_branch_is_and_where_it_works_is_no_goal() -> None:
    assert not prose_goal("Föreningen verkar i hela kommunen.")
    assert prose_goal("Föreningen arrangerar en sommarfest.")  # what it does, year on year
