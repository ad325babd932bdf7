"""The district's weekly digest and the ombudsman's note when a branch goes quiet, through the outbox.

Keys make planning idempotent (storage.outbox): a digest is keyed by district, ISO week and chat; a
quiet note by district, branch, the last day the branch logged anything, and chat — so the ombudsman
hears once per quiet spell, and again only after the branch has logged and gone quiet anew.
An outbox row needs an organisation: a digest's is the district's first branch, a note's the branch.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from telegram import Bot

from domain.district import QUIET_DAYS, DistrictRole
from domain.quiet import outside_quiet_hours
from domain.weekly import digest_moment, reported_days
from storage import district_goals, districts
from storage.database import Database
from storage.digests import CATCH_UP
from storage.district_status import branch_status, last_logged_by_org
from storage.districts import DistrictClock, DistrictMember
from storage.outbox import Item, enqueue
from views import district as view
from views.district_chart import chart_png
from views.i18n import Texts

DIGEST = "district_digest"
CHART = "district_chart"
QUIET = "district_quiet"
KINDS = frozenset({DIGEST, CHART, QUIET})
BOARD = frozenset({DistrictRole.ADMIN, DistrictRole.STYRELSE})
OMBUDSMEN = frozenset({DistrictRole.OMBUDSMAN})


async def build(
    db: Database, clock: DistrictClock, last: date, t: Texts, now: datetime, who: DistrictMember | None = None
) -> tuple[str, list]:
    """The digest's text as of the end of ``last`` and the lines its chart draws; audited per branch."""
    figures = await district_goals.figures(db, clock, last, now, who or _system(clock))
    return view.digest(t, clock.name, *figures), figures.lines


def _system(clock: DistrictClock) -> DistrictMember:
    """The bot itself, as the district's reader in the audit log (a scheduled message, no person)."""
    return DistrictMember(0, clock.district_id, clock.name, clock.timezone, DistrictRole.ADMIN, 0, "boten")


def _district_of(item: Item) -> int:
    return int(item.key.split(":")[1])


async def language_of(db: Database, item: Item) -> str | None:
    """The recipient's language: their choice (/sprak) in a private chat, None (Swedish) in a group."""
    return await districts.language_of_chat(db, _district_of(item), item.chat_id)


async def send(bot: Bot, db: Database, item: Item, t: Texts, now: datetime) -> str:
    district_id = _district_of(item)
    clock = await districts.clock(db, district_id)
    if clock is None:
        return "skipped"
    if item.kind == QUIET:
        return await _quiet_note(bot, db, clock, item, t, now)
    _first, last = reported_days(item.key.split(":")[2], clock.digest_weekday)
    text, lines = await build(db, clock, last, t, now)
    if item.kind == DIGEST:
        await bot.send_message(item.chat_id, text)
    elif lines:
        await bot.send_photo(item.chat_id, photo=await chart_png(t, clock.name, lines), caption=view.chart_caption(t))
    else:
        return "skipped"
    return "sent"


async def _quiet_note(bot: Bot, db: Database, clock: DistrictClock, item: Item, t: Texts, now: datetime) -> str:
    branch = next((b for b in await districts.branches(db, clock.district_id) if b.org_id == item.org_id), None)
    if branch is None:
        return "skipped"  # left the district since
    today = now.astimezone(ZoneInfo(clock.timezone)).date()
    status = await branch_status(db, branch, today)
    if not status.line.quiet(today):
        return "skipped"  # logged again before the note went out
    await districts.audit_views(db, _system(clock), [branch.org_id], now, "ombudsmannens påminnelse")
    await bot.send_message(item.chat_id, view.quiet_note(t, clock.name, status.line, today))
    return "sent"


async def plan_districts(db: Database, now: datetime) -> None:
    """This week's digests whose time has come, and a note to the ombudsmen per branch gone quiet."""
    for clock in await districts.clocks(db):
        found = await districts.branches(db, clock.district_id)
        if found:
            await _plan_digest(db, clock, found[0].org_id, now)
            await _plan_quiet(db, clock, found, now)


async def _readers(db: Database, clock: DistrictClock) -> list[int]:
    private = await districts.people(db, clock.district_id, BOARD, private_only=True)
    if private or clock.report_chat_id is not None:
        return private
    return await districts.people(db, clock.district_id, BOARD)  # nobody chose: the board, privately


async def _plan_digest(db: Database, clock: DistrictClock, org_id: int, now: datetime) -> None:
    zone = ZoneInfo(clock.timezone)
    moment, week = digest_moment(now, zone, clock.digest_weekday, clock.digest_hour)
    if not moment <= now < moment + CATCH_UP:
        return
    readers = [(chat, outside_quiet_hours(now, zone)) for chat in await _readers(db, clock)]
    if clock.report_chat_id is not None:
        readers.append((clock.report_chat_id, moment))
    async with db.session() as s:
        for chat, due in readers:
            for kind in (DIGEST, CHART):
                key = f"{kind}:{clock.district_id}:{week}:{chat}"
                await enqueue(s, key=key, org_id=org_id, kind=kind, chat_id=chat, due_at=due)


async def _plan_quiet(db: Database, clock: DistrictClock, found: list, now: datetime) -> None:
    zone = ZoneInfo(clock.timezone)
    today = now.astimezone(zone).date()
    ombudsmen = await districts.people(db, clock.district_id, OMBUDSMEN)
    if not ombudsmen:
        return
    due = outside_quiet_hours(now, zone)
    quiet = []
    logged = await last_logged_by_org(db, [branch.org_id for branch in found], today)  # one query per sweep
    for branch in found:
        last = logged[branch.org_id]
        if last is not None and (today - last).days >= QUIET_DAYS:  # one that never logged has not gone quiet
            quiet.append((branch, last))
    async with db.session() as s:
        for branch, last in quiet:
            for chat in ombudsmen:
                key = f"{QUIET}:{clock.district_id}:{branch.org_id}:{last.isoformat()}:{chat}"
                await enqueue(s, key=key, org_id=branch.org_id, kind=QUIET, chat_id=chat, due_at=due)
