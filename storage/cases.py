"""The welcome chain's cases: opened when a member is registered, closed when the step is done."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import select, true, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.case_steps import ACTIVITY_INVITATION, COURSE_OFFER, WELCOME_CALL
from domain.quiet import at_local, outside_quiet_hours
from domain.roles import Role
from storage.database import Database
from storage.models import Forening, Goal, Membership, NewMember, Organisation, WelcomeCase
from storage.outbox import enqueue, finish_in


@dataclass(frozen=True)
class CaseTimes:
    opened_at: datetime
    done_at: datetime | None


async def case_times(db: Database, org_id: int, step: str, start: datetime, end: datetime) -> list[CaseTimes]:
    """Cases of one step opened in [start, end); a case closed as not relevant is no promise broken."""
    return (await case_times_by_org(db, {org_id: (start, end)}, step))[org_id]


async def case_times_by_org(
    db: Database, windows: dict[int, tuple[datetime, datetime]], step: str
) -> dict[int, list[CaseTimes]]:
    """``case_times`` for many organisations in one query, each with its own [start, end) (its local year)."""
    earliest, latest = min(w[0] for w in windows.values()), max(w[1] for w in windows.values())
    found: dict[int, list[CaseTimes]] = {org_id: [] for org_id in windows}
    async with db.session() as s:
        rows = await s.execute(
            select(WelcomeCase.org_id, WelcomeCase.opened_at, WelcomeCase.done_at).where(
                WelcomeCase.org_id.in_(list(windows)),
                WelcomeCase.step == step,
                WelcomeCase.opened_at >= earliest,
                WelcomeCase.opened_at < latest,
                (WelcomeCase.closed_reason.is_(None)) | (WelcomeCase.closed_reason == "done"),
            )
        )
        for r in rows:
            start, end = windows[r.org_id]
            if start <= r.opened_at < end:
                found[r.org_id].append(CaseTimes(r.opened_at, r.done_at))
    return found


# --- The chain: open a case, plan its reminders, act on the officer's buttons ---------------

NEXT_STEP = {WELCOME_CALL: ACTIVITY_INVITATION, ACTIVITY_INVITATION: COURSE_OFFER}
DEFAULT_LIMIT_DAYS = {WELCOME_CALL: 5, ACTIVITY_INVITATION: 30, COURSE_OFFER: 30}
NO_ANSWER_RETRY = timedelta(days=2)
ERASED = "erased"  # closed_reason when the member's contact details were erased
OFFICERS = (Role.MEDLEMSANSVARIG, Role.STYRELSE, Role.ADMIN)


class Outcome(StrEnum):
    DONE = "done"
    ALREADY = "already"
    NOT_FOUND = "not_found"
    ERASED = "erased"  # closed because the member's details were erased
    NOT_YOURS = "not_yours"  # the presser does not hold the case (any more) and is no admin
    NO_TAKER = "no_taker"  # a hand-over to someone who is no officer of the organisation (any more)


def _closed(case: WelcomeCase) -> Outcome:
    return Outcome.ERASED if case.closed_reason == ERASED else Outcome.ALREADY


@dataclass(frozen=True)
class CaseCard:
    """What the officer's message shows. Contact details: private chats only."""

    id: int
    org_id: int
    entry_id: int  # the new member's entry: what the audit log names instead of the person
    step: str
    name: str | None
    phone: str | None
    forening: str | None
    due_at: datetime | None
    open: bool
    assignee_user_id: int | None
    timezone: str
    assignee_id: int | None = None
    assignee_name: str = ""
    assignee_language: str | None = None  # chosen with /sprak; None: the organisation's


async def open_case(
    s: AsyncSession,
    *,
    org_id: int,
    forening_id: int | None,
    entry_id: int,
    step: str,
    opened_at: datetime,
    now: datetime,
    assignee_id: int | None = None,
) -> WelcomeCase:
    """Open one step of the chain, choose its officer and plan its messages, in the caller's unit of work."""
    org = await s.get(Organisation, org_id)
    zone = ZoneInfo(org.timezone)
    limit, first = await _limits(s, org_id, step, opened_at.astimezone(zone).date())
    case = WelcomeCase(
        org_id=org_id,
        forening_id=forening_id,
        new_member_entry_id=entry_id,
        step=step,
        opened_at=opened_at,
        due_at=opened_at + timedelta(days=limit),
        assignee_id=assignee_id or await choose_officer(s, org_id, forening_id),
    )
    s.add(case)
    await s.flush()
    await _plan(s, org, case, first, now)
    return case


async def _limits(s: AsyncSession, org_id: int, step: str, day: date) -> tuple[int, int]:
    """(days allowed, day of the first reminder) from the plan's sla goal, else the defaults."""
    goal = await s.scalar(
        select(Goal)
        .where(Goal.org_id == org_id, Goal.kind == "sla", Goal.metric == step)
        .where(Goal.period_start <= day, Goal.period_end >= day)
        .order_by(Goal.id.desc())
        .limit(1)
    )
    limit = int(goal.target) if goal and goal.target else DEFAULT_LIMIT_DAYS[step]
    first = goal.remind_after_days if goal and goal.remind_after_days else limit
    return limit, min(first, limit)


async def _plan(s: AsyncSession, org: Organisation, case: WelcomeCase, first: int, now: datetime) -> None:
    """At once (or when the quiet hours end), on the first-reminder day, the due day and the day after;
    past the limit, once to the admins."""
    zone = ZoneInfo(org.timezone)
    quiet = (org.quiet_start, org.quiet_end)
    await enqueue(
        s,
        key=f"case:{case.id}:new",
        org_id=org.id,
        kind="case_new",
        case_id=case.id,
        due_at=outside_quiet_hours(now, zone, *quiet),
    )
    opened = case.opened_at.astimezone(zone).date()
    due = case.due_at.astimezone(zone).date()
    for day in sorted({opened + timedelta(days=first), due, due + timedelta(days=1)}):
        moment = at_local(day, org.quiet_end, zone)
        if moment > now:
            await enqueue(
                s,
                key=f"case:{case.id}:remind:{day.isoformat()}",
                org_id=org.id,
                kind="case_remind",
                case_id=case.id,
                due_at=moment,
            )
    await enqueue(
        s,
        key=f"case:{case.id}:escalate",
        org_id=org.id,
        kind="case_escalate",
        case_id=case.id,
        due_at=outside_quiet_hours(max(case.due_at, now), zone, *quiet),
    )


async def choose_officer(
    s: AsyncSession, org_id: int, forening_id: int | None, exclude: frozenset[int] = frozenset()
) -> int | None:
    """The förening's medlemsansvarig, else the organisation's, else the board; never one who blocked the bot."""
    rows = (
        await s.execute(
            select(Membership.id, Membership.role, Membership.forening_id)
            .where(Membership.org_id == org_id, Membership.role.in_([r.value for r in OFFICERS]))
            .where(Membership.unreachable_since.is_(None))
            .order_by(Membership.joined_at, Membership.id)
        )
    ).all()
    candidates = [r for r in rows if r.id not in exclude]

    def rank(row) -> int:
        if row.role == Role.MEDLEMSANSVARIG:
            return 0 if forening_id is not None and row.forening_id == forening_id else 1
        return 2 if row.role == Role.STYRELSE else 3

    return min(candidates, key=rank).id if candidates else None


async def card(db: Database, case_id: int) -> CaseCard | None:
    async with db.session() as s:
        return await _card(s, case_id)


async def _card(s: AsyncSession, case_id: int) -> CaseCard | None:
    row = (
        await s.execute(
            select(
                WelcomeCase,
                NewMember.name,
                NewMember.phone,
                Forening.name,
                Membership.telegram_user_id,
                Organisation.timezone,
                Membership.display_name,
                Membership.language,
            )
            .join(Organisation, Organisation.id == WelcomeCase.org_id)
            .outerjoin(NewMember, NewMember.entry_id == WelcomeCase.new_member_entry_id)
            .outerjoin(Forening, Forening.id == WelcomeCase.forening_id)
            .outerjoin(Membership, Membership.id == WelcomeCase.assignee_id)
            .where(WelcomeCase.id == case_id)
        )
    ).first()
    if row is None:
        return None
    case, name, phone, forening, user_id, timezone, assignee_name, language = row
    return CaseCard(
        case.id,
        case.org_id,
        case.new_member_entry_id,
        case.step,
        name,
        phone,
        forening,
        case.due_at,
        case.closed_reason is None,
        user_id,
        timezone,
        case.assignee_id,
        assignee_name or "",
        language,
    )


async def open_cards(db: Database, membership_id: int, limit: int = 10) -> list[CaseCard]:
    """/ringlista: my open cases, the most urgent first."""
    async with db.session() as s:
        ids = await s.scalars(
            select(WelcomeCase.id)
            .where(WelcomeCase.assignee_id == membership_id, WelcomeCase.closed_reason.is_(None))
            .order_by(WelcomeCase.due_at, WelcomeCase.id)
            .limit(limit)
        )
        return [await _card(s, case_id) for case_id in list(ids)]


async def _holder_clause(s: AsyncSession, org_id: int, by: int):
    """Which cases the membership ``by`` may act on now: the ones it holds, or all of its
    organisation's if it is an admin; None if it is no member of ``org_id`` (any more)."""
    actor = await s.get(Membership, by)
    if actor is None or actor.org_id != org_id:
        return None
    return true() if actor.role == Role.ADMIN else WelcomeCase.assignee_id == by


async def _refusal(s: AsyncSession, org_id: int, case_id: int) -> Outcome:
    """Why an act on a case changed nothing."""
    case = await s.get(WelcomeCase, case_id)
    if case is None or case.org_id != org_id:
        return Outcome.NOT_FOUND
    return _closed(case) if case.closed_reason is not None else Outcome.NOT_YOURS


async def may_act(db: Database, org_id: int, case_id: int, *, by: int) -> Outcome:
    """DONE if ``by`` may act on the open case now, else why not."""
    async with db.session() as s:
        holder = await _holder_clause(s, org_id, by)
        if holder is not None:
            found = await s.scalar(
                select(WelcomeCase.id).where(
                    WelcomeCase.id == case_id, WelcomeCase.org_id == org_id, WelcomeCase.closed_reason.is_(None), holder
                )
            )
            if found is not None:
                return Outcome.DONE
        return await _refusal(s, org_id, case_id)


async def close(db: Database, org_id: int, case_id: int, reason: str, now: datetime, *, by: int) -> Outcome:
    """✅ done (the next step opens) or ✖ not relevant, by the case's holder (or an admin).
    Pressed twice, it counts once."""
    async with db.session() as s:
        holder = await _holder_clause(s, org_id, by)
        if holder is None:
            return Outcome.NOT_YOURS
        closed = await s.execute(
            update(WelcomeCase)
            .where(WelcomeCase.id == case_id, WelcomeCase.org_id == org_id, WelcomeCase.closed_reason.is_(None))
            .where(holder)
            .values(closed_reason=reason, done_at=now if reason == "done" else None)
        )
        if closed.rowcount != 1:
            return await _refusal(s, org_id, case_id)
        case = await s.get(WelcomeCase, case_id)
        if reason == "done" and case.step in NEXT_STEP:
            await open_case(
                s,
                org_id=org_id,
                forening_id=case.forening_id,
                entry_id=case.new_member_entry_id,
                step=NEXT_STEP[case.step],
                opened_at=now,
                now=now,
                assignee_id=case.assignee_id,
            )
        return Outcome.DONE


async def try_again_later(db: Database, org_id: int, case_id: int, now: datetime, *, by: int) -> Outcome:
    """📵 No answer: a new reminder in two days (once per day pressed), by the case's holder."""
    async with db.session() as s:
        holder = await _holder_clause(s, org_id, by)
        case = await s.get(WelcomeCase, case_id)
        if case is None or case.org_id != org_id:
            return Outcome.NOT_FOUND
        if case.closed_reason is not None:
            return _closed(case)
        if holder is None or not await s.scalar(select(WelcomeCase.id).where(WelcomeCase.id == case_id, holder)):
            return Outcome.NOT_YOURS
        org = await s.get(Organisation, org_id)
        zone = ZoneInfo(org.timezone)
        again = outside_quiet_hours(now + NO_ANSWER_RETRY, zone, org.quiet_start, org.quiet_end)
        await enqueue(
            s,
            key=f"case:{case_id}:retry:{now.astimezone(zone).date().isoformat()}",
            org_id=org_id,
            kind="case_retry",
            case_id=case_id,
            due_at=again,
        )
        return Outcome.DONE


async def _may_take(s: AsyncSession, org_id: int, membership_id: int) -> bool:
    """An officer of the organisation who is still a member and reachable: the card has contact details."""
    officer = await s.get(Membership, membership_id)
    return (
        officer is not None
        and officer.org_id == org_id
        and officer.role in OFFICERS
        and officer.unreachable_since is None
    )


async def hand_over(
    db: Database, org_id: int, case_id: int, to_membership: int, now: datetime, *, by: int
) -> Outcome:
    """↪ Another officer takes the case, and gets it in a message of their own. Only the case's holder
    (or an admin) hands over, and only to an officer of the same organisation."""
    async with db.session() as s:
        holder = await _holder_clause(s, org_id, by)
        if holder is None:
            return Outcome.NOT_YOURS
        if not await _may_take(s, org_id, to_membership):
            refusal = await _refusal(s, org_id, case_id)
            return Outcome.NO_TAKER if refusal is Outcome.NOT_YOURS else refusal
        moved = await s.execute(
            update(WelcomeCase)
            .where(WelcomeCase.id == case_id, WelcomeCase.org_id == org_id, WelcomeCase.closed_reason.is_(None))
            .where(WelcomeCase.assignee_id.is_distinct_from(to_membership), holder)
            .values(assignee_id=to_membership)
        )
        if moved.rowcount != 1:
            return await _refusal(s, org_id, case_id)
        org = await s.get(Organisation, org_id)
        await enqueue(
            s,
            key=f"case:{case_id}:to:{to_membership}:{now.isoformat()}",
            org_id=org_id,
            kind="case_new",
            case_id=case_id,
            due_at=outside_quiet_hours(now, ZoneInfo(org.timezone), org.quiet_start, org.quiet_end),
        )
        return Outcome.DONE


@dataclass(frozen=True)
class Officer:
    membership_id: int
    name: str
    role: Role
    forening: str | None


async def officers(db: Database, org_id: int) -> list[Officer]:
    """Who can take a case, with the role and förening the hand-over list names them by."""
    async with db.session() as s:
        rows = await s.execute(
            select(Membership.id, Membership.display_name, Membership.role, Forening.name)
            .outerjoin(Forening, Forening.id == Membership.forening_id)
            .where(Membership.org_id == org_id, Membership.role.in_([r.value for r in OFFICERS]))
            .where(Membership.unreachable_since.is_(None))
            .order_by(Membership.display_name, Membership.id)
        )
        return [Officer(r.id, r.display_name, Role(r.role), r.name) for r in rows]


async def close_erased(s: AsyncSession, org_id: int, entry_ids: list[int], now: datetime) -> None:
    """Contact details erased: nobody can be called any more, so the member's open cases close
    (no buttons to press, no reminders). Like ✖, a closed case is no promise broken."""
    await s.execute(
        update(WelcomeCase)
        .where(WelcomeCase.org_id == org_id, WelcomeCase.new_member_entry_id.in_(entry_ids))
        .where(WelcomeCase.closed_reason.is_(None))
        .values(closed_reason=ERASED)
    )


async def reassign_from_unreachable(db: Database, case_id: int, now: datetime) -> int | None:
    """The assignee blocked the bot: mark them, give the case to the next officer, tell that one."""
    async with db.session() as s:
        case = await s.get(WelcomeCase, case_id)
        if case is None or case.assignee_id is None:
            return None
        blocked = await s.get(Membership, case.assignee_id)
        blocked.unreachable_since = blocked.unreachable_since or now
        case.assignee_id = await choose_officer(s, case.org_id, case.forening_id, frozenset({blocked.id}))
        if case.assignee_id is not None and case.closed_reason is None:
            await enqueue(
                s,
                key=f"case:{case_id}:to:{case.assignee_id}:{now.isoformat()}",
                org_id=case.org_id,
                kind="case_new",
                case_id=case_id,
                due_at=now,
            )
        return case.assignee_id


LATE = "case_late"  # the message to one admin (else board member) that a case is late


class _ClaimLost(Exception):
    """The escalation row passed to another worker: roll the unit of work back."""


async def escalate(db: Database, case_id: int, outbox_id: int, token: str, now: datetime) -> int | None:
    """A late case: mark it escalated and plan one message per admin (else board member), committed in one
    unit of work with the escalation row's own completion, so a failed send is retried and nothing is
    marked that no message reports. How many were planned (0: not late any more); None if the row is
    no longer this worker's."""
    try:
        async with db.session() as s:
            marked = await s.execute(
                update(WelcomeCase)
                .where(
                    WelcomeCase.id == case_id, WelcomeCase.closed_reason.is_(None), WelcomeCase.escalated_at.is_(None)
                )
                .values(escalated_at=now)
            )
            recipients = []
            if marked.rowcount == 1:
                case = await s.get(WelcomeCase, case_id)
                recipients = await admins_or_board(s, case.org_id)
                for chat_id in recipients:
                    await enqueue(
                        s,
                        key=f"case:{case_id}:late:{chat_id}",
                        org_id=case.org_id,
                        kind=LATE,
                        case_id=case_id,
                        chat_id=chat_id,
                        due_at=now,
                    )
            if not await finish_in(s, outbox_id, token, "planned" if recipients else "skipped", now):
                raise _ClaimLost
            return len(recipients)
    except _ClaimLost:
        return None


async def admins_or_board(s: AsyncSession, org_id: int) -> list[int]:
    """The Telegram ids of the organisation's admins, else of its board: who hears that something went wrong."""
    board = (
        await s.execute(
            select(Membership.telegram_user_id, Membership.role)
            .where(Membership.org_id == org_id, Membership.role.in_([Role.ADMIN.value, Role.STYRELSE.value]))
            .where(Membership.unreachable_since.is_(None))
            .order_by(Membership.id)
        )
    ).all()
    admins = [r.telegram_user_id for r in board if r.role == Role.ADMIN]
    return admins or [r.telegram_user_id for r in board]
