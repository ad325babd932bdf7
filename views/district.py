"""What a district role reads: its branches side by side, one branch read-only, the district's goals,
the weekly district digest and the ombudsman's note. Counts, arrows and days only: these functions
are handed no member, case or entry, so they cannot show one.
"""

from __future__ import annotations

from datetime import date

from domain.district import QUIET_DAYS, BranchLine, DistrictRole, Family, WeekFigures
from domain.goals import GoalKind, GoalNames
from views.goal_lines import goal_line, period_label
from views.i18n import N_, Texts

FAMILY_NAMES = {
    Family.NEW_MEMBERS: N_("nya medlemmar"),
    Family.CONVERSATIONS: N_("samtal"),
    Family.KNOCKING: N_("dörrknackning"),
    Family.WELCOME: N_("välkomstsamtal i tid"),
    Family.ACTIVITIES: N_("aktiviteter"),
}
NO_GOAL = "·"
# What a branch shows a district of its goals: the named measures, never a plan's own sentences
# (a milestone's text may name a person).
SHOWN_KINDS = (GoalKind.COUNT, GoalKind.CADENCE, GoalKind.LEVEL, GoalKind.SLA)


def legend(t: Texts) -> str:
    names = " · ".join(t._(FAMILY_NAMES[f]) for f in Family)
    return t._("Pilarna: {names} ({none} = inget sådant mål)", names=names, none=NO_GOAL)


def arrows(line: BranchLine) -> str:
    return " ".join(line.arrows[f].value if line.arrows[f] else NO_GOAL for f in Family)


def week_text(t: Texts, week: WeekFigures) -> str:
    return t._(
        "{sessions} pass, {doors} dörrar, {talks} samtal, {members} nya, {activities} akt.",
        sessions=t.num(week.sessions),
        doors=t.num(week.doors),
        talks=t.num(week.conversations),
        members=t.num(week.new_members),
        activities=t.num(week.activities),
    )


def last_text(t: Texts, line: BranchLine, today: date) -> str:
    if line.last_logged is None:
        return t._("💤 inget loggat ännu")
    day = t.day(line.last_logged, with_year=line.last_logged.year != today.year)
    if line.quiet(today):
        return t._("💤 senast {day}", day=day)
    return t._("senast {day}", day=day)


def branch_line(t: Texts, line: BranchLine, today: date) -> str:
    return f"{arrows(line)}  {line.name}: {week_text(t, line.week)} · {last_text(t, line, today)}"


def overview(t: Texts, district: str, today: date, lines: list[BranchLine], goals: list) -> str:
    """/distrikt: the branches that need help first, then the district's summed goals."""
    out = [t._("🗺 {district}, {day}", district=district, day=t.day(today, with_year=True)), legend(t), ""]
    if not lines:
        out.append(t._("Distriktet har inga arbetarekommuner ännu."))
    out += [branch_line(t, line, today) for line in lines]
    out += goal_section(t, goals)
    out += ["", t._("En kommun i taget: /distrikt <namn>, till exempel /distrikt {name}", name=_first_word(lines))]
    return "\n".join(out)


def _first_word(lines: list[BranchLine]) -> str:
    return lines[0].name.split()[0] if lines else "Partille"


def goal_section(t: Texts, goals: list) -> list[str]:
    """The district's goals: its own plan's, judged on its branches' work put together; or, without
    a plan, each the sum of its branches' goals of one kind and period."""
    if not goals:
        return []
    if goals[0].own:
        out = ["", t._("Distriktets mål (kommunernas arbete tillsammans):")]
        return out + [goal_line(t, goal.spec, goal.progress) for goal in goals]
    out = ["", t._("Distriktets mål (summan av kommunernas):")]
    for goal in goals:
        line = goal_line(t, goal.spec, goal.progress)
        out.append(line + t.n_(" · {n} kommun", " · {n} kommuner", goal.branches))
    return out


def branch_view(t: Texts, district: str, today: date, line: BranchLine, statuses: list, names: GoalNames) -> str:
    """/distrikt Partille: one branch's goals and week, read-only, as its board sees them in counts."""
    out = [
        t._(
            "📊 {org}, {day} (läsvy för {district})",
            org=line.name,
            day=t.day(today, with_year=True),
            district=district,
        ),
        t._("Veckan: {week}", week=week_text(t, line.week)),
        last_text(t, line, today),
        "",
    ]
    shown = [s for s in statuses if s.goal.spec.kind in SHOWN_KINDS]
    out += [goal_line(t, s.goal.spec, s.progress, names, s.goal.forening_id) for s in shown]
    milestones = len(statuses) - len(shown)
    if milestones:
        out.append(t.n_("och {n} milstolpe", "och {n} milstolpar", milestones))
    if not statuses:
        out.append(t._("Inga mål ännu."))
    return "\n".join(out)


def digest(
    t: Texts, district: str, first: date, last: date, lines: list[BranchLine], goals: list, late: tuple[int, int]
) -> str:
    """The weekly district digest: goals, the branches side by side, the quiet ones, late welcome calls."""
    out = [t._("📬 Veckorapport för {district}", district=district), period_label(t, first, last), legend(t), ""]
    out += [branch_line(t, line, last) for line in lines]
    out += goal_section(t, goals)
    quiet = [line.name for line in lines if line.quiet(last)]
    if quiet:
        out += ["", t._("💤 Inget loggat på {days} dagar: {names}", days=QUIET_DAYS, names=", ".join(quiet))]
    late_done, overdue = late
    out += [
        "",
        t._(
            "📞 Välkomstsamtal i distriktet i år: {late} inte i tid, varav {overdue} väntar fortfarande",
            late=t.num(late_done),
            overdue=t.num(overdue),
        ),
    ]
    return "\n".join(out)


def quiet_note(t: Texts, district: str, line: BranchLine, today: date) -> str:
    """To the ombudsman, once per quiet spell: which branch, and since when. No person named."""
    if line.last_logged is None:
        return t._("💤 {org} ({district}) har inte loggat något arbete ännu.", org=line.name, district=district)
    return t._(
        "💤 {org} ({district}) har inte loggat något sedan {day}: {days} dagar. Kanske dags att höra av sig?",
        org=line.name,
        district=district,
        day=t.day(line.last_logged, with_year=line.last_logged.year != today.year),
        days=t.num((today - line.last_logged).days),
    )


def chart_caption(t: Texts) -> str:
    return t._("En stapel per kommun: andel av takten mot räknemålen (100 % = i fas).")


ROLE_NAMES = {
    DistrictRole.ADMIN: N_("distriktsadmin"),
    DistrictRole.STYRELSE: N_("distriktsstyrelse"),
    DistrictRole.OMBUDSMAN: N_("ombudsman"),
}


def help_text(t: Texts, role: DistrictRole) -> str:
    lines = [
        t._("/distrikt – distriktets arbetarekommuner sida vid sida, de som behöver stöd först"),
        t._("/distrikt <kommun> – en kommuns läge, bara siffror och pilar"),
        t._("/distrikt rapport – veckorapporten nu"),
        t._(
            "/distrikt rapportchatt – få veckorapporten i gruppen (skriv där) eller privat; "
            "av: /distrikt rapportchatt av"
        ),
    ]
    lines.append(t._("/mal – distriktets egna mål"))
    if role is DistrictRole.ADMIN:
        lines.append(t._("/plan – lägg in distriktets plan; /mal <mål> – sätt ett mål, som i en kommun"))
        lines.append(t._("/bjudin distriktsstyrelse, /bjudin ombudsman – bjud in till distriktet"))
    return "\n".join(lines)


def joined(t: Texts, outcome: str, district: str, role: DistrictRole) -> str:
    name = t._(ROLE_NAMES[role])
    heads = {
        "already": t._("Du är redan med i {district} som {role}.", district=district, role=name),
        "role_kept": t._("Du är redan {role} i {district}, och det förblir du.", district=district, role=name),
        "role_changed": t._("Din roll i {district} är nu {role}.", district=district, role=name),
    }
    head = heads.get(outcome) or t._("Välkommen till {district}! Du är med som {role}.", district=district, role=name)
    return head + "\n\n" + help_text(t, role)
