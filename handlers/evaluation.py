"""/utvardering: the year's evaluation as a spreadsheet — the annex to next year's plan."""

from __future__ import annotations

from datetime import date

from telegram import Update
from telegram.ext import CommandHandler, ContextTypes

from domain.roles import BOARD
from handlers.common import local_today, reply, requires, services, texts
from storage import goals, orgs
from storage.database import Database
from storage.orgs import Member
from storage.progress import goal_statuses, monthly_figures
from views.evaluation import EvaluationRow
from views.goal_lines import goal_result, goal_summary, goal_target, scope
from views.i18n import Texts


async def evaluation_rows(
    db: Database, org_id: int, timezone: str, year: int, today: date, t: Texts
) -> list[EvaluationRow]:
    """One row per goal of the year, judged as of today (or the year's last day, for a past year)."""
    judged_on = min(today, date(year, 12, 31))
    rows = []
    names = await orgs.goal_names(db, org_id)
    for status in await goal_statuses(db, org_id, timezone, judged_on):
        spec = status.goal.spec
        if not spec.period_start.year <= year <= spec.period_end.year:
            continue
        rows.append(
            EvaluationRow(
                area=spec.area,
                text=(spec.text or goal_summary(t, spec, names)) + scope(names, status.goal.forening_id, " ({})"),
                target=goal_target(t, spec, names),
                result=goal_result(t, spec, status.progress),
                arrow=status.progress.arrow.value,
                monthly=await monthly_figures(db, status.goal, timezone, year),
            )
        )
    return rows


@requires(BOARD)
async def evaluation(update: Update, context: ContextTypes.DEFAULT_TYPE, member: Member) -> None:
    svc = services(context)
    t = texts(update)
    today = local_today(member, svc.clock())
    args = context.args or []
    year = int(args[0]) if args and args[0].isdigit() and len(args[0]) == 4 else today.year
    years = await goal_years(svc.db, member.org_id)
    if args and years and (year not in years or str(year) != args[0]):
        await reply(update, _no_such_year(t, args[0], years))
        return
    rows = await evaluation_rows(svc.db, member.org_id, member.timezone, year, today, t)
    if not rows:
        await reply(update, t._("Det finns inga mål för {year} att utvärdera. Läs in planen med /plan.", year=year))
        return
    from views.evaluation_xlsx import evaluation_xlsx  # openpyxl loads on the first evaluation, not at start

    data = evaluation_xlsx(member.org_name, year, rows, today)
    await update.effective_message.reply_document(
        document=data,
        filename=f"utvardering-{year}.xlsx",
        caption=t._("Utvärdering {year}: {n} mål, med pil och siffror per månad.", year=year, n=len(rows)),
    )


async def goal_years(db: Database, org_id: int) -> list[int]:
    """The years the organisation's goals cover: the years there is an evaluation of."""
    spans = [(g.spec.period_start.year, g.spec.period_end.year) for g in await goals.list_goals(db, org_id)]
    return sorted({year for first, last in spans for year in range(first, last + 1)})


def _no_such_year(t: Texts, typed: str, years: list[int]) -> str:
    return t._(
        "Det finns inga mål för {year}. Skriv /utvardering och ett år med mål: {years}.",
        year=typed[:12],
        years=", ".join(str(y) for y in years),
    )


def handlers() -> list:
    return [CommandHandler(["utvardering", "evaluation"], evaluation)]
