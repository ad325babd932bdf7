"""Whether a sentence reads as a goal at all, and whether a line introduces a list of goals.

A plan states goals in many voices: "Vårt mål är att …", "Vi ska …", "… bör …",
"… kommer att …", passive verbs ("anordnas", "genomförs"), an infinitive that opens a
list item ("Erbjuda studiebesök"), or a number ("Tre studiecirklar kommer att startas").
It also says much that is no goal: its purpose, its values, last year, the statutes'
list of what the branch answers for. The rules below are about Swedish, not about any
one plan's words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import Enum

from domain.goals import GoalKind
from domain.plan_reader.measure import _MILESTONE, _Draft, _Sentence
from domain.plan_reader.quantities import _window
from domain.plan_reader.text import _GOAL_HEADING, _fold

# "ska", "bör", "kommer att", "vill", "måste", "avser att", and the goal phrases.
_MODAL = re.compile(
    r"\b(?:ska(?:ll)?|bor|kommer\s+(?:vi\s+|det\s+|(?:under|i)\s+\w+\s+|ocksa\s+|aven\s+)?att|vill|avser\s+(?:\w+\s+)?att|planerar|strav\w*\s+efter)\b"
    # the verb second, the subject after it: the branch ("Under hösten kommer föreningen att …") or a passive
    # ("I lokalen kommer cirklar att bedrivas"); "Förhoppningsvis kommer hösten att erbjuda …" is neither
    r"|\bkommer\s+(?:(?:foreningen|styrelsen|klubben|avdelningen|distriktet)\s+(?:\w+\s+){0,2}?att\b"
    r"|(?:[\w-]+,?\s+){1,6}?att\s+\w{3,}as\b)"
    r"|(?<!\bna\s)(?<!\buppna\s)\b(?:vart|vara)\s+mal\b|\bmal(?:et|sattning(?:en)?)\s+(?:(?:for|med|i)\s+(?:\w+\s+){1,2}?)?ar\b|\bvar\s+malsattning\b|^ett\s+(?:av\s+(?:vara|\w+s)\s+)?mal\s+ar\b"
    r"|\bhar\s+som\s+mal(?:sattning)?\b|\bambition(?:en)?\s+ar\b|\bforeslar\b"
    r"|\bhar\s+beslutat\s+att\b"  # "Styrelsen har beslutat att genomföra 10 möten": a commitment
    r"|\bhar[\s,]+(?:\w+[\s,]+){0,3}?for\s+avsikt\s+att\b|\bhar\s+(?:som\s+)?ambition(?:en)?\b"
    r"|^det\s+ar\s+(?:\w+\s+){0,2}?(?:viktigt|angelaget|nodvandigt|betydelse|vikt)\s+(?:(?:for|i)\s+(?:\w+\s+){1,2})?att\s+"
    r"(?:(?!vi\b|det\b|man\b)\w+a\b|det\s+(?:\w+\s+)?\w+as\b)"  # "… att sprida kunskap", "… att det satsas på"
    r"|\bvi\s+behover\s+(?!ha\b|bli\b|\w{4,}ade\b)|\bbehover\s+vi\s+(?!ha\b|bli\b|\w{4,}ade\b)"  # "vi behöver ha …" states a need
)
_STRICT_MODAL = re.compile(r"\bska(?:ll)?\b")
_CONDITIONAL = re.compile(r"^om\s(?!mojligt\b)")  # "Om möjligt ordnar vi …" hedges, it sets no condition
_WE_AFTER_MODAL = re.compile(r"\b(?:ska(?:ll)?|bor|kommer|vill)\s+vi\b")
# In a list of goals a state is one too when it is the branch's ("Det ska vara enkelt att …") or measured.
_ITEM_STATE_GOAL = re.compile(r"^det\s+ska(?:ll)?\s|\b(?:minst|hogst)\b")
_ANAPHOR = re.compile(r"^(?:de|den|denna|dessa|detta)\s+(?!\w+\s*:|(?:ar|host|var|sommar|termin|manad|vecka)\w*\b)")  # not "Detta år"
_MUST = re.compile(r"\bmaste\b")  # in a list a duty; in prose mostly rhetoric ("vi måste ständigt …")
# "Vi håller hemsidan aktuell", "Föreningen försöker visa upp sig": what the branch does, year on year.
_WE_DO = re.compile(
    r"^(?:vi|foreningen|styrelsen|arbetarekommunen|partiforeningen|distriktet"
    r"|(?:pro|spf|skpf|rpg)(?:\s+(?!och\b|seniorerna\b)[a-z-]+(?<!ar)(?<!er)){1,2}?)"  # "PRO Södra Hagunda deltar …"
    r"(?:\s*,[^,]{3,80},)?\s+"
    r"(?!anser|tror|tycker|menar|vet|hoppas|efterlyser|behover|onskar|maste|ansvarar|kommer|sitter|star|ligger|finns|verkar)[a-z]{3,}(?:ar|er|or|as)\b"
)
# Passive verbs: the branch's own action, subject left out ("öppna möten anordnas").
_PASSIVE = re.compile(
    r"\b(?:gors|tas|ges\s+ut|hal+s|sker|skrivs|drivs|erbjuds|genomfors|anordnas|arrangeras|planeras|startas"
    r"|ordnas|bjuds|inbjud[ae]s|skickas|sands|utnyttjas|genomfores|anvands|delas|forlaggs)\b"
    r"|\bavslutas\s+(?:\w+\s+)?med\b"  # "Året avslutas med julfesten": an event held
)
_GOAL_VERB_START = re.compile(r"^(?:att\s+)?(?:genomfor|varva|anordna|ar+angera|ta\s+fram|starta|halla|minst\b)")
# Infinitives that open goal items; "-era" verbs ("organisera", "engagera") are caught by form.
_INFINITIVES = frozenset(
    ["anordna", "arbeta", "arrangera", "bedriva", "behalla", "besoka", "bidra", "bilda", "bjuda", "bli", "byta", "delta", "dela", "driva", "engagera", "erbjuda", "etablera", "folja", "forbattra", "fordjupa", "fortsatta", "framja", "fora", "genomfora", "ge", "gora", "halla", "hitta", "informera", "inspirera", "lamna", "behandla", "lyfta", "medverka", "minska", "motverka", "oka", "ordna", "organisera", "paverka", "patala", "planera", "prioritera", "rekrytera", "samarbeta", "samla", "samordna", "samverka", "satsa", "skapa", "skriva", "sprida", "starta", "stodja", "starka", "stotta", "synas", "sakra", "traffa", "uppmarksamma", "uppmuntra", "upprata", "uppratta", "utbilda", "utnyttja", "utreda", "utveckla", "utvardera", "vara", "varva", "verka", "vidareutveckla", "anvanda", "besoka", "bevaka", "ha"]
)
_ADVERBS = frozenset({"forsoker", "forsoka", "att", "aktivt", "standigt", "fortsatt", "regelbundet", "lopande", "aven", "ocksa", "under"})
# What is said of a state or a value, not done: "ska vara fri", "ska kännetecknas av"; "ska vara klar
# före sommaren" is a deed with its deadline.
_STATE = re.compile(
    r"\b(?:ska(?:ll)?|bor|kommer(?:\s+att)?|vill|behover)\s+(?:\w+\s+){0,4}?"
    r"(?:vara(?!\s+(?:aktiva?|synliga?|synligt|delaktiga?|narvarande|ute|klara?|klart|fardiga?|fardigt|pa\s+plats|(?:utsedd|genomford|beslutad|tillsatt|uppdaterad|fardigstalld)a?|antag(?:en|na)|framtag(?:en|na))\b)|kanna|kanna\s+sig|galla|kannetecknas|praglas|uppleva|upplevas|uppfatta|uppfattas|ligga"
    r"|bygga\s+pa|utga|behandlas|hamna|bli|lara\s+(?:oss|mer)|ha\s+si[nt]\w*\s+(?:fokus|tyngdpunkt)"
    r"|gynna|mynna\s+ut|leda\s+till|resultera|forekomma"
    r"|halla\s+sig|bara\s+med\s+(?:oss|sig))\b"  # "hålla sig informerad", "bära med oss erfarenheter"  # what the work should bring about, not a deed
)
_NOT_A_GOAL = re.compile(
    r"^syfte[tn]?\b|\bsyftet\s+(?:med|ar)\b|^(?:\w+\s+){0,2}?vardegrund|\bvision(?:en)?\s+ar\b"
    r"|\b(?:vill|ska|bor|kan)\s+man\b|^man\s"
    r"|^(?:\w+\s+){0,2}?(?:verksamhetsplan|handlingsplan|vp)\w*\s+(?:\w+\s+){0,4}?(?:(?<!\bfor\s)ar|utgor|innehaller|beskriver"
    r"|skickas|finns|delas)\b"  # "Verksamhetsplanen för 2023 skickas ut …": the document ("för år" is a year)
    r"|\bladda\s+(?:ner|ned|hem)\b|\bkan\s+du\b|\bdu\s+kan\b"  # the page speaks to its reader: how to read it
    r"|\b(?:forma|skapa|bygga|forandra|verka\s+for)\s+(?:ett|det|vart)\s+(?:\w+\s+){0,2}?(?:samhalle|sverige|land)\b"
    r"|\bforandra\s+samhallet\b"
    r"|^(?:det\s+har|nedan|har\s+nedan)\s+(?:planerar|foljer|presenteras|beskrivs|redovisas)\b"  # it announces what follows
    r"|\b(?:vill|ska)\s+(?:\w+\s+)?tacka\b|^tack\b(?!\s+vare\b)"  # thanks, not "tack vare": thanks to
    r"|^(?:var|min)\s+forhoppning\s+ar\b(?!.*:$)"  # a hope ("Vår förhoppning är att …"), unless it leads a list
    r"|\bska(?:ll)?\s+(?:\w+\s+){0,4}?folja\s+(?:\w+\s+){0,2}?(?:riktlinjer|stadgar|beslut|policy)"  # compliance
    r"|^(?:\w+\s+){1,3}?finansier\w*\s+(?:\w+\s+)?av\b"  # who pays, as the subject: "Projektet finansieras av …"
    r"|\b(?:hojning|sankning)\s+av\s+(?:\w+\s+)?(?:medlems|ars)?avgift|\b(?:medlems|ars)avgift\w*\s+(?:\w+\s+){0,4}?"
    r"(?:hojs|sanks|oforandrad|faststall\w*)\b"  # the fee set at the meeting that adopts the plan, even proposed
)
# "”Ja må du leva, …”, sången följdes av …": a sentence that opens by quoting speech or song.
_QUOTED = re.compile(r"^\s*[”\"“«](?:[^”\"“»]+\s){4}")
_QUOTE_END = re.compile(r"[”\"“»]|$")
# A demand on society, not the branch's deed: "Kommunen ska …", "Ingen ska behöva …", "Det ska löna sig …".
_SOCIETY_SUBJECT = re.compile(
    r"^(?:kommunen|regeringen|staten|riksdagen|sverige|landet|samhallet|valfarden|regionen|landstinget|skolan"
    r"|varden|aldreomsorgen|arbetsgivar\w*|ingen|alla\s+(?:barn|manniskor|invanare|arbetare|lontagare)"
    r"|det\s+ska(?:ll)?\s+lona\s+sig)\b"
)
# "Medlemsantalet har ökat", "Vi har haft sex möten": the perfect tense reports, when nothing is promised.
_PERFECT = re.compile(r"^(?:\w+\s+){0,3}?har\s+(?:\w+\s+){0,3}?(?:haft|varit|gjort|fatt|\w{2,}(?:at|it)|\w{3,}(?:ort|tt))\b")
# Last year, the past tense: a look-back — unless the main clause promises something all the same
# ("Vi ska hålla fyra medlemsmöten, precis som förra året", "… fler än vi gjorde i fjol").
_LOOK_BACK = re.compile(
    r"\b(?:kunde|hade|blev|gjorde|gjordes|genomfordes|anordnades|lyckades|tog)\b"
    r"|\bforra\s+(?:aret|verksamhetsaret)\b|\bi\s+fjol\b"  # last year
    r"|\bvi\s+(?!inte\b|ute\b|skulle\b|borde\b)\w{2,}(?:ade|de|te)\b|^(?:\w+\s+){1,3}?\w{3,}ade\s+vi\b"  # "vi värvade"
    r"|^(?:\w+\s+){1,3}?\w{3,}ades\b"  # the past passive as the main verb: "Föreningen bildades 1985"
)
# Background unless the main clause promises something ("Vi ska värva 40 medlemmar (se bilaga 2)" is a goal):
_MANNER = re.compile(
    r"\bsker\s+i\s+(?:\w+\s+)?samarbete\b"  # "It-verksamheten sker i nära samarbete med …": how, not what
    r"|\balltsa\b"  # "Föreningen lämnar alltså 4 euro per medlem": a conclusion drawn, not a deed
    r"|\bfinansier\w*\s+(?:\w+\s+)?av\b"  # who pays, said of a goal: "… fyra resor, finansierade av kommunen"
    r"|\bbest(?:ar|a)\s+av\b"  # what a body is made of: "Styrelsen består av sju ledamöter"
    r"|^da\s"  # "Då …" opens a clause of when: "Då vill man …"; "Då föreningen fyller 40 ska vi …" promises
    r"|^forhoppningsvis\b"  # "Förhoppningsvis kommer hösten att …": a hope
    r"|^det\s+ar\s+(?:en|ett)\s+[\w-]+\s+som\b"  # "Det är en verksamhet som samlar …": what a thing is
    r"|\b(?:enligt|i\s+enlighet\s+med)\s+(?:[\w:]+\s+){0,3}?(?:rekommendation|restriktion)"  # a caveat
    r"|as\s+(?:ut\s+)?(?:genom|av)\s+(?:pro\s+)?(?:riksorganisation\w*|forbundet)\b"  # the national body's deed
    r"|\bavgar\b|\bvalj(?:s|es)\s+for\b"  # the board's rotation: "Årligen avgår fyra ledamöter"
)
# Values and stances, even promised ("Vi ska ta avstånd från …"), unless the sentence counts something
# ("Vi ska genomföra 4 kurser i god hållning", "10 möten om alla människors lika värde").
_STANCE = re.compile(
    r"\blika\s+varde\b"  # "verka för alla människors lika värde": a value
    r"|\bta\s+avstand\b|\bhallning\b"  # a stance: "ta avstånd från …", "ha en öppen hållning"
)
# "Vi ordnar olika aktiviteter (se aktivitetsbladet)": the goals are in another paper, unless this one
# promises or counts ("Föreningen genomför 10 medlemsmöten (se bilaga 2)").
_DIGIT = re.compile(r"\d")
_ELSEWHERE = re.compile(r"\(\s*se\s+\w+[^)]*\)?")
# How things usually are ("Mötena hålls för det mesta i Folkets hus"): background, unless it promises or
# says how often ("Medlemsmöten hålls vanligtvis första tisdagen i varje månad" is a cadence).
_USUALLY = re.compile(r"\btill\s+storsta\s+delen\b|\bfor\s+det\s+mesta\b|\bvanligtvis\b|\bi\s+regel\b")
# "Kunde inte", "har inte": a look-back — in the main clause only; "… även om man inte kan" qualifies a goal.
# The statutes ("enligt stadgarna") likewise: "… för att säkerställa att stadgar efterlevs" is a purpose.
# "inte bara": not only; "stadgeenliga möten" are meetings the branch holds.
# A political demand likewise ("Vi vill se …", "… kräver att"), not "… för att höra vad väljarna vill se".
_MAIN_CLAUSE_ONLY = re.compile(
    r"\binte\b(?!\s+(?:bara|enbart|endast)\b)|\bstadg(?!eenlig)|\bvill\s+se\b|\bkraver\s+att\b"
)
_SUBCLAUSE = re.compile(r"\b(?:sa\s+att|aven\s+om|om|nar|dar|eftersom|for\s+att)\b")
# A promise made only in a relative clause ("… ett arbete som kommer att behövas") is no deed of the branch.
# Another body's decision reported ("Enligt stämmans beslut ska …", "kongressens beslut att X ska …").
_REPORTED = re.compile(
    r"^enligt\s+(?:\w+\s+){0,2}?beslut.*|\bbeslut\w*\s+(?:\w+\s+){0,3}?(?:om\s+)?att\s+(?:\S+\s+){0,8}?ska(?:ll)?\b"
    r"|\b(?:tog|fattade)\s+(?:\w+\s+)?beslut\b.*"  # "Kongressen tog beslut om …: … ska styra arbetet": all reported
)  # "LOs styrelse beslutade hösten 2006 att LO … ska prioritera"
_RELATIVE_MODAL = re.compile(
    r"\b(?:som|hur|vad|vilket|vilka)\s+(?:\w+\s+)?(?:ska(?:ll)?|bor|kommer\s+att|vill)\b"
    r"|,\s*da\s+(?:[\w-]+,?\s+){1,6}?ska(?:ll)?\b"  # "…, då budget och verksamhetsplan ska fastställas"
)
# A calendar entry: a short line with a date and a clock time ("MEDLEMSMÖTE 19 september kl. 19.00").
_CLOCK = re.compile(r"\bkl(?:ockan)?\.?\s*(?:\d{1,2}[.:]\d\d\b|$)")  # "kl. 19.00", or cut at "kl."
_CALENDAR_WORDS = 8
# A goal stated as a noun: "Ökad organisationsgrad bland unga", "Fler aktiva medlemmar".
_NOMINAL_GOAL = re.compile(
    r"^(?:okad|okat|okade|minskad|minskat|fler|battre|starkt|starkare|hogre)\s"
    r"|^(?:ny|upp)?start\s+av\s"  # "Nystart av läscirklar", "Uppstart av en kör": in prose too
    r"|^att\s+(?:\w+\s+){1,2}(?:har|far|blir|kanner)\s+(?:battre|fler|okad|mer|storre)\b"  # "Att unga har bättre …"
)


# The heads of compounds that name an activity: "Eftermiddagsdans", "Körverksamhet", "IT-hjälp",
# "Skolning i datateknik", "Pizzakväll". A list item that opens with one names something the branch runs.
_ACTIVITY_HEAD = re.compile(
    r"^[a-z-]*(?:ning|dans|hjalp|verksamhet|kvall|traff(?:ar)?|resa|resor|cirk(?:el|lar)|fest|kurs(?:er)?|cafe(?:er)?|klubb"
    r"|promenad(?:er)?|utflykt(?:er)?|lunch(?:er)?|tavling(?:ar)?|besok|forestallning(?:ar)?)$"  # "Teaterbesök", "Bioföreställningar"
)


def names_an_activity(sentence: _Sentence) -> bool:
    """A verbless list item that opens, capitalised, with an activity's name."""
    words = sentence.folded.split()
    return bool(words) and sentence.text[:1].isupper() and _ACTIVITY_HEAD.match(words[0].strip(".,:;")) is not None


# A line of prose that is one short sentence about an activity the branch runs ("Litteraturcirklar.",
# "Sånggruppen fortsätter …", "Biobesök – vi avslutar med …", "Filmklubben visar en film i månaden"):
# the board keeps or drops it. Compounds may take the definite form; a bare head may not
# ("Verksamheten …" is background).
_HEADS = r"(?:cirk(?:el|lar)|klubb|grupp|besok|gymnastik|kor|sang|dans|cafe|fest|resa|resor|promenad(?:er)?|utflykt(?:er)?|lunch(?:er)?|kurs(?:er)?|traff(?:ar)?|kvall)"
_ACTIVITY_LINE = re.compile(rf"^(?:[a-z]{{2,}}-?{_HEADS}(?:en|et|na|erna|arna)?|{_HEADS})$")
_ACTIVITY_LINE_WORDS = 12


_STARTS = re.compile(r"^(?:ny|upp)?start\s+av\s")
# "Fler cirkelledare behövs.": a need the board means to fill, stated as a noun.
_NEEDED = re.compile(r"^(?:fler|mer|nya)\s+[\w-]+\s+(?:behovs|kravs|efterlyses|sokes)\b")


# "Påverkansarbete genom att delta i …", "Skadeförebyggande arbete genom vattengymnastik …": a field of
# work and the means, without a verb of its own.
_MEANS_LINE = re.compile(r"^[a-z-]{6,}(?:\s+[a-z-]{4,})?\s+genom\b")
_MEANS_LINE_WORDS = 25


def describes_an_activity(sentence: _Sentence) -> bool:
    """A short sentence that opens, capitalised, with the name of an activity, or with a field of
    work and "genom" the means."""
    words = re.findall(r"[a-z-]+", sentence.folded)
    if not words or not sentence.text[:1].isupper() or _not_a_goal(sentence):
        return False
    if _MEANS_LINE.match(sentence.folded):
        return len(words) <= _MEANS_LINE_WORDS
    name = words[2] if len(words) > 2 and words[0].endswith("-") and words[1] in ("och", "eller") else words[0]
    return len(words) <= _ACTIVITY_LINE_WORDS and _ACTIVITY_LINE.match(name.strip("-")) is not None  # "Sitt- och stågymnastik"


def _not_a_goal(sentence: _Sentence) -> bool:
    """Purposes, values, look-backs, the statutes, questions and the plan describing itself."""
    folded = sentence.folded
    if is_question_or_calendar(sentence) or _NOT_A_GOAL.search(folded) or _SOCIETY_SUBJECT.match(folded):
        return True
    if sentence.text.lstrip().startswith("("):
        return True  # "(Allt sker i enlighet med restriktionerna …)": an aside
    quoted = _QUOTED.match(sentence.text)  # "”Ja må du leva …”, sången följdes av …", unless what follows promises
    if quoted and not _promises(_fold(sentence.text[_QUOTE_END.search(sentence.text, quoted.end()).end() :])):
        return True
    if (_PERFECT.match(folded) or _LOOK_BACK.search(folded) or _MANNER.search(folded)) and not _promises(folded):
        return True
    if _STANCE.search(folded) and not _DIGIT.search(folded):
        return True
    if _ELSEWHERE.search(folded) and not (_promises(folded) or _DIGIT.search(_ELSEWHERE.sub(" ", folded))):
        return True
    if _USUALLY.search(folded) and not (_promises(folded) or _window(folded)):
        return True
    clause = _SUBCLAUSE.search(folded, 1)  # a sentence that opens with "Om" is all one clause
    return _MAIN_CLAUSE_ONLY.search(folded[: clause.start()] if clause else folded) is not None


def states_no_goal(sentence: _Sentence) -> bool:
    """A purpose, a value, a look-back, the statutes, a question or an aside: no goal even in a list."""
    return _not_a_goal(sentence)


def is_question_or_calendar(sentence: _Sentence) -> bool:
    """No goal even in a list of goals: a question, or a calendar entry ("Medlemsmöte 19 september kl. 19.00")."""
    folded = sentence.folded
    return sentence.text.rstrip().endswith("?") or (
        _CLOCK.search(folded) is not None and len(folded.split()) <= _CALENDAR_WORDS
    )


# "Boule organiseras av gruppen", "IT-skolningen fortsätter": in the main clause only ("för att
# uppdragen kommuniceras" is a purpose); "Cirkeln träffas regelbundet": a group meets, the verb second.
_MAIN_PASSIVE = re.compile(r"\b(?:\w{5,}eras|[\w-]+\s+fortsatter)\b|^(?:[\w-]+\s+){1,2}?(?:traffas|samlas|mots)\b")


def _passive(folded: str) -> bool:
    clause = _SUBCLAUSE.search(folded, 1) or re.search(r"\bsom\b", folded)  # nor in a relative clause
    return bool(_PASSIVE.search(folded) or _MAIN_PASSIVE.search(folded[: clause.start()] if clause else folded))


# Swedish puts the verb second in a main clause, so "vi ska" after a word that is no
# conjunction opens a subordinate or relative clause: "det vi vill göra", "för att vi ska kunna".
_SUBORDINATE_MODAL = re.compile(
    r"\b(?P<word>[a-z]+)\s+(?:vi|de|man|du|ni)\s+(?:ska(?:ll)?|vill|bor|kommer\s+att)\b"
)
_CONJUNCTIONS = frozenset({"och", "men", "samt", "sa", "utan", "eller", "for", "darfor", "dessutom", "ocksa", "aven"})


def _drop_subordinate_modals(folded: str) -> str:
    def drop(match: re.Match[str]) -> str:
        main = match["word"] in _CONJUNCTIONS or (match["word"] == "att" and match.start() == 0)  # "att vi ska …" item
        return match[0] if main else " "

    return _SUBORDINATE_MODAL.sub(drop, folded)


def _promises(folded: str) -> bool:
    """A modal or goal phrase in the main clause: not in a relative or subordinate clause,
    nor in another body's decision reported."""
    return _MODAL.search(_drop_subordinate_modals(_RELATIVE_MODAL.sub(" ", _REPORTED.sub(" ", folded)))) is not None


def _verbs_text(sentence: _Sentence) -> str:
    """The folded sentence with "vår/våra/vårt" (our) kept apart from "vara" (to be)."""
    return _fold(_OUR.sub("our", sentence.text))


_OUR = re.compile(r"\bvår[at]?\b", re.IGNORECASE)


def _states(sentence: _Sentence) -> bool:
    """A state in the main clause ("ska vara", "kommer att bli"); "… om de vill bli medlemmar" is none."""
    return _STATE.search(_drop_subordinate_modals(_verbs_text(sentence))) is not None


def _first_words(folded: str) -> list[str]:
    return re.findall(r"[a-z]+", folded)[:6]


def starts_with_verb(sentence: _Sentence) -> bool:
    """An infinitive opens the sentence, perhaps after "att" or an adverb."""
    words = _first_words(_verbs_text(sentence))
    while words and words[0] in _ADVERBS and len(words) > 1:
        words = words[1:] if words[0] != "under" else words[2:]
    if len(words) > 3 and words[0] in ("vid", "pa") and words[1] in ("en", "ett", "varje"):
        words = words[3:]  # "Vid en medlemsträff bjuda in …", "På en medlemsträff behandla …"
    if not words:
        return False
    first = words[0]
    if len(first) > 4 and first.endswith("r") and (first[:-1] in _INFINITIVES or first + "a" in _INFINITIVES):
        return True  # the present tense opens a list item as well: "Deltar i …", "Ordnar …", "Genomför …"
    if len(first) > 5 and first.endswith("er") and first[:-2] + "a" in _INFINITIVES:
        return True  # "Bedriver studier …", "Erbjuder …"
    return first in _INFINITIVES or (first.endswith(("era", "erar")) and len(first) > 5)


# "Föreningen har 320 medlemmar", "Vi är 14 000 medlemmar": a level as it is, not as it shall be.
_HAS_LEVEL = re.compile(r"\b(?:har|ar)\s+(?:\w+\s+){0,2}?\d")
_LEVEL_TARGET = re.compile(r"\b(?:minst|over|fler|vid\s+arets\s+slut|senast|till|nar)\b")


def _reports_a_level(folded: str, drafts: Sequence[_Draft]) -> bool:
    return (
        bool(drafts)
        and drafts[0].kind is GoalKind.LEVEL
        and _HAS_LEVEL.search(folded) is not None
        and not _LEVEL_TARGET.search(folded)
        and not _promises(folded)
    )


def reads_as_goal_item(sentence: _Sentence, drafts: Sequence[_Draft]) -> bool:
    """A list item that states something the branch will do or reach."""
    folded = sentence.folded
    if _not_a_goal(sentence) or _reports_a_level(folded, drafts):
        return False
    if len(_first_words(folded)) < 2 and not names_an_activity(sentence):
        return False  # one word is no goal, but "Eftermiddagsdans." names one the board keeps or drops
    if drafts != [_MILESTONE] or _GOAL_VERB_START.match(folded) or starts_with_verb(sentence):
        return True
    if _NOMINAL_GOAL.match(folded) or names_an_activity(sentence):
        return True
    if _WE_DO.match(folded):
        return True
    promised = _promises(folded) or _MUST.search(folded) or _passive(folded)
    return bool(promised) and (not _states(sentence) or _ITEM_STATE_GOAL.search(folded) is not None)


def reads_as_goal_prose(sentence: _Sentence, drafts: Sequence[_Draft], goals_marked: bool) -> bool:
    """A sentence of running text that states a goal.

    When the plan marks its goals ("Mål:", a goal heading), its prose is background and
    only a sentence that opens with a goal verb, or promises something measurable, is a
    goal. A plan written as prose states its goals in prose: any promise counts."""
    folded = sentence.folded
    if _not_a_goal(sentence) or sentence.text.rstrip().endswith(":") or _slogan(sentence):
        return False
    if _GOAL_VERB_START.match(folded) or _NEEDED.match(folded) or _STARTS.match(folded):
        return True
    if _ANAPHOR.match(folded) and drafts == [_MILESTONE]:
        return False  # "Den skall engagera …": says more of the sentence before, measures nothing new
    promised = bool(_promises(folded) or _passive(folded))
    if _CONDITIONAL.match(folded) and not (_PASSIVE.search(folded) or _WE_AFTER_MODAL.search(folded)):
        return False  # "Om vi ökar kontakten bör utflödet minska": an expected effect, not a deed
    if goals_marked:
        measured = bool(_STRICT_MODAL.search(folded)) and _promises(folded) and drafts != [_MILESTONE]
        return measured or _we_shall_make(folded)
    if (starts_with_verb(sentence) or _WE_DO.match(folded)) and not _states(sentence):
        return True
    if drafts != [_MILESTONE]:  # a number in a prose plan is a goal unless it reports a level
        return promised or drafts[0].kind.value != "level"
    return promised and (not _states(sentence) or _coordinated_deed(folded))


def _slogan(sentence: _Sentence) -> bool:
    """ "Blir vi fler blir vi starkare!", "Starta ett samtal, vår demokrati mår bra av det!": a call
    in running text, not a deed the board can count."""
    return sentence.text.rstrip().endswith("!") and not re.search(r"\d", sentence.text)


# "Vi ska ta fram en handlingsplan", "Vi skall starta en cirkel": the branch promises to make a thing.
_WE_SHALL_MAKE = re.compile(r"^vi\s+ska(?:ll)?\s+(?:(?:ocksa|aven|under\s+aret)\s+)?(?:ta\s+fram|starta|skapa|genomfora|anordna|arrangera)\s+(?:en|ett)\b")


def _we_shall_make(folded: str) -> bool:
    return _WE_SHALL_MAKE.match(folded) is not None


_AIM = re.compile(r"^(?:malet|malsattningen)\s+ar\s+att\b")


def elaborates(sentence: _Sentence, drafts: Sequence[_Draft]) -> bool:
    """After a goal in the same paragraph, a sentence that measures nothing and promises nothing of
    its own says more of that goal: its aim ("Målet är att …") or its place ("Vi spelar på …")."""
    folded = sentence.folded
    if drafts != [_MILESTONE]:
        return False
    if _AIM.match(folded):
        return True
    if not (we_do := _WE_DO.match(folded)) or _promises(folded) or _passive(folded):
        return False
    verb = folded[: we_do.end()].split()[-1]  # "Vi genomför …" is a deed of its own, "Vi spelar på …" a place
    return not starts_with_verb(_Sentence.of(verb))


# An introduction is background ("Vi ska vinna valet" there restates the party's aims), but a
# promise in the branch's own voice dated to the plan's year is a goal: "I år kommer vi fortsätta …".
_WE_PROMISE = re.compile(r"^(?:\w+\s+){0,2}?(?:vi\s+(?:ska(?:ll)?|kommer)|(?:ska(?:ll)?|kommer)\s+vi)\s+(?!inte\b)")
_THIS_YEAR = re.compile(r"\b(?:i\s+ar|under\s+(?:aret|verksamhetsaret)|detta\s+ar)\b")


def reads_as_dated_promise(sentence: _Sentence, dated: bool) -> bool:
    """In an introduction: "vi ska"/"kommer vi" opening the main clause, and a date of the
    plan's years (``dated``) or "i år", "under året"."""
    folded = sentence.folded
    if not (dated or _THIS_YEAR.search(folded)) or _WE_PROMISE.search(folded) is None:
        return False
    return not _not_a_goal(sentence) and not _states(sentence)


def _coordinated_deed(folded: str) -> bool:
    """ "Vi ska vara en tydlig röst … och bevaka de äldres rätt": a state with a deed beside it."""
    clause = _SUBCLAUSE.search(folded, 1)  # "… för att aktivera medlemmar och bryta isolering" is a purpose
    main = folded[: clause.start()] if clause else folded
    return any(word in _INFINITIVES - _STATE_VERBS for pair in _AND_VERB.findall(main) for word in pair)


_STATE_VERBS = frozenset({"vara", "bli", "ha", "kanna", "ge"})  # "… och ge dem en fördel": an outcome too
_AND_VERB = re.compile(r"\boch\s+(\w+)(?:\s+(\w+))?")  # "och bevaka", "och aktivt bevaka"


# --- Lines that introduce a list ------------------------------------------------------


class Lead(Enum):
    GOALS = "goals"  # "Mål 2026", "Vi ska:", "Detta ska ske genom att:": each item is a goal
    DUTIES = "duties"  # "Föreningen har till uppgift att …": the statutes, not this year's plan
    OTHER = "other"  # "… utifrån samtliga diskrimineringsgrunder:": items judged one by one


# "huvuduppgifter", "verksamhetsuppgifter": compounds name duties too; "roll är att" likewise.
_DUTY = re.compile(r"uppgift(?:er)?\b|\b(?:ansvar(?:ar)?|andamal\w*|stadga\w*|grundstadga\w*)\b|\broll\s+ar\b")
_PROMISE = re.compile(
    r"\bska(?:ll)?\b|\bgenom\s+att\b|\bgenom\b|\bkommer\b|\bvill\b|\bmal(?:et|en)?\b|\bfoljande\s+aktiviteter\b"
    r"|\bunder\s+aret\b|\bur\s+(?:verksamhets)?planen\b"  # "Här några plock ur planen:": excerpts of the plan
)
_TOPICS = re.compile(r"\b(?:omraden|fragor|amnen|teman)\s+(?:som|sasom)$|\bsasom$")
_SHORT_LEAD_WORDS = 4
_SHORT_LEAD = re.compile(r"\b(?:ska(?:ll)?|kommer|vill)(?:\s+vi)?$")  # "Vi skall", "Under 2020 ska vi"
_BACKGROUND = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s*)?(?:inledning|bakgrund|syfte|vision|vision/idebas|idebas|vardegrund|nulage"
    r"|forord|om\s+oss|historik|var\s+partiforening|var\s+forening)\b"
)


def lead_in(text: str) -> Lead | None:
    """What the list below a line is, when the line introduces one; None otherwise."""
    folded = _fold(text).strip().rstrip(".")
    if _GOAL_HEADING.match(folded):
        return Lead.GOALS
    words = folded.rstrip(":;").split()
    last_word = text.strip().rstrip(".").lower().split()[-1:]  # "är", not "år": both fold to "ar"
    opens = folded.endswith((":", ";")) or last_word in (["att"], ["genom"], ["är"])
    if not opens and not (len(words) <= _SHORT_LEAD_WORDS and _SHORT_LEAD.search(folded)):  # "Vi skall", "Därför kommer"
        return None
    if _DUTY.search(folded):
        return Lead.DUTIES
    last = re.split(r"(?<=[.!?])\s+", folded)[-1]
    if _TOPICS.search(last.rstrip(":; ")):
        return Lead.OTHER  # "… arbetar med områden som:": subject areas, each judged on its own
    return Lead.GOALS if _PROMISE.search(last) else Lead.OTHER


_STATUTES = re.compile(r"\bstadg\w*|\bandamal(?!senlig)\w*")  # not "ändamålsenliga lokaler"


_DUTY_STATEMENT = re.compile(r"\b(?:uppgift(?:er)?|roll)\s+ar\s+att\b|\bhar\s+(?:till|som)\s+uppgift\s+att\b")


def states_a_duty(text: str) -> bool:
    """ "Distriktets roll är att vara samordnare.": lines below that open "Att …" go on listing duties."""
    return _DUTY_STATEMENT.search(_fold(text)) is not None


def cites_statutes(text: str) -> bool:
    """A paragraph that opens by citing the statutes ("Distriktets stadgars ändamål …") restates
    them: what the branch is for, not this year's plan."""
    return _STATUTES.search(_fold(text)) is not None


def is_goal_heading(text: str) -> bool:
    """ "Mål", "Mål 2026", "Våra mål", "Målsättningar:", "Strategier, aktiviteter"."""
    return _GOAL_HEADING.match(_fold(text).strip().rstrip(".")) is not None


def is_background(heading: str) -> bool:
    """A section whose running text is background: introduction, purpose, values, the present state."""
    folded = _fold(heading).strip()
    return _BACKGROUND.match(folded) is not None and _NAMES_GOALS.search(folded) is None


# "Vision och mål", "Syfte och målsättning": the section holds the goals as well as the background.
_NAMES_GOALS = re.compile(r"\bmal(?:en|sattning\w*)?\b")
