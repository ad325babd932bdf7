"""SQLAlchemy models: the whole state of Verksam lives in these tables."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from storage.crypto import Sealed


class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes on both databases (SQLite would hand back naive ones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: store times in UTC")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    pass


class Organisation(Base):
    """An arbetarekommun (or any association with a plan)."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Stockholm")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # The clock's settings (/installningar): the weekly digest and the hours nobody is disturbed.
    report_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    digest_weekday: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # 0 = Monday
    digest_hour: Mapped[int] = mapped_column(Integer, default=8, server_default="8")
    quiet_start: Mapped[int] = mapped_column(Integer, default=21, server_default="21")
    quiet_end: Mapped[int] = mapped_column(Integer, default=8, server_default="8")
    # Volunteers by name in the digest: off by default, leaderboards discourage people with less time.
    digest_names: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # Members' contact details go this many days after their welcome chain ends.
    retention_days: Mapped[int] = mapped_column(Integer, default=90, server_default="90")


class Forening(Base):
    """An S-förening or klubb inside an organisation."""

    __tablename__ = "foreningar"
    __table_args__ = (UniqueConstraint("org_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))


class Membership(Base):
    """A Telegram user's place in an organisation: role and (optionally) förening."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("org_id", "telegram_user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    telegram_user_id: Mapped[int] = mapped_column(BigInteger, index=True)
    role: Mapped[str] = mapped_column(String(32))
    forening_id: Mapped[int | None] = mapped_column(ForeignKey("foreningar.id", ondelete="SET NULL"))
    display_name: Mapped[str] = mapped_column(String(200), default="")
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime())
    digest_private: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    unreachable_since: Mapped[datetime | None] = mapped_column(UTCDateTime())  # blocked the bot
    language: Mapped[str | None] = mapped_column(String(8))  # chosen with /sprak; None: the organisation's
    # With several memberships, a private chat acts in the one chosen (/org; one at most), else the latest joined.
    chosen_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Invite(Base):
    """A join code; only its hash is kept, so a leaked database gives no working codes."""

    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(32))
    forening_id: Mapped[int | None] = mapped_column(ForeignKey("foreningar.id", ondelete="SET NULL"))
    multi_use: Mapped[bool] = mapped_column(Boolean, default=False)
    uses: Mapped[int] = mapped_column(Integer, default=0)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[int | None] = mapped_column(ForeignKey("memberships.id", ondelete="SET NULL"))


class Entry(Base):
    """One logged piece of work. Unique per (chat, message): a redelivered update counts once."""

    __tablename__ = "entries"
    __table_args__ = (
        UniqueConstraint("chat_id", "message_id", name="uq_entries_chat_message"),
        Index("ix_entries_org_time", "org_id", "occurred_at"),  # a week's work (the digest); sums use day_totals
        Index("ix_entries_membership_time", "membership_id", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    membership_id: Mapped[int | None] = mapped_column(ForeignKey("memberships.id", ondelete="SET NULL"))
    forening_id: Mapped[int | None] = mapped_column(ForeignKey("foreningar.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(16))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime())
    chat_id: Mapped[int] = mapped_column(BigInteger)
    message_id: Mapped[int] = mapped_column(BigInteger)
    doors: Mapped[int] = mapped_column(Integer, default=0)
    opened: Mapped[int] = mapped_column(Integer, default=0)
    conversations: Mapped[int] = mapped_column(Integer, default=0)
    members: Mapped[int] = mapped_column(Integer, default=0)
    participants: Mapped[int | None] = mapped_column(Integer)
    channel: Mapped[str | None] = mapped_column(String(32))
    area: Mapped[str | None] = mapped_column(String(100))
    activity_type: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


_DAY_TOTAL_SUMS = ("entries", "doors", "conversations")


class DayTotal(Base):
    """Logged work summed per local day: what goals, digests and charts read instead of every entry.

    Kept in step with `entries` in the same transaction (storage.day_totals). No FK on forening_id
    and "" for no activity type: the key must be NOT NULL to be unique on both databases.
    """

    __tablename__ = "day_totals"
    __table_args__ = (
        # Covering, by day: the few days of a period outside its whole months (storage.day_totals.sums)
        # are read from the index alone (python -m bench district).
        Index("ix_day_totals_org_day", "org_id", "day", "kind", "activity_type", "forening_id", *_DAY_TOTAL_SUMS),
    )

    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    activity_type: Mapped[str] = mapped_column(String(64), primary_key=True, default="")
    forening_id: Mapped[int] = mapped_column(Integer, primary_key=True, default=0)
    entries: Mapped[int] = mapped_column(Integer, default=0)
    doors: Mapped[int] = mapped_column(Integer, default=0)
    conversations: Mapped[int] = mapped_column(Integer, default=0)


class MonthTotal(Base):
    """The day totals summed per month (``month``: its first day), kept in step with them in the same
    statement batch: a year's sums read twelve rows per key instead of 365 (storage.day_totals.sums)."""

    __tablename__ = "month_totals"

    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    activity_type: Mapped[str] = mapped_column(String(64), primary_key=True, default="")
    forening_id: Mapped[int] = mapped_column(Integer, primary_key=True, default=0)
    entries: Mapped[int] = mapped_column(Integer, default=0)
    doors: Mapped[int] = mapped_column(Integer, default=0)
    conversations: Mapped[int] = mapped_column(Integer, default=0)


class NewMember(Base):
    """Contact details of a recruited member, kept apart from the counts so they can be erased."""

    __tablename__ = "new_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"), unique=True)
    forening_id: Mapped[int | None] = mapped_column(ForeignKey("foreningar.id", ondelete="SET NULL"))
    recruited_by: Mapped[int | None] = mapped_column(ForeignKey("memberships.id", ondelete="SET NULL"))
    # Sealed: Fernet tokens under the data key (storage/crypto.py); the hash finds a phone number.
    name: Mapped[str] = mapped_column(Sealed())
    phone: Mapped[str | None] = mapped_column(Sealed())
    phone_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    channel: Mapped[str] = mapped_column(String(32))
    union_member: Mapped[bool] = mapped_column(Boolean)
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ActivityType(Base):
    """An activity type an admin added beyond the built-in ones."""

    __tablename__ = "activity_types"
    __table_args__ = (UniqueConstraint("org_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(100))


class GoalColumns:
    """What a goal is, of a branch (goals) or a district (district_goals): one shape for all five kinds."""

    kind: Mapped[str] = mapped_column(String(16))
    metric: Mapped[str | None] = mapped_column(String(64))
    target: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(16), default="count")
    window_days: Mapped[int | None] = mapped_column(Integer)
    remind_after_days: Mapped[int | None] = mapped_column(Integer)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    deadline: Mapped[date | None] = mapped_column(Date)
    area: Mapped[str | None] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="not_started")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Goal(GoalColumns, Base):
    """A goal of the plan; one table for all five kinds (see domain.goals)."""

    __tablename__ = "goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    forening_id: Mapped[int | None] = mapped_column(ForeignKey("foreningar.id", ondelete="CASCADE"))
    responsible: Mapped[str | None] = mapped_column(String(200))


class LevelReport(Base):
    """A reported level ("members in total: 1 250"), kept as a dated series."""

    __tablename__ = "level_reports"
    __table_args__ = (Index("ix_level_reports_org_metric_day", "org_id", "metric", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    metric: Mapped[str] = mapped_column(String(64))
    value: Mapped[float] = mapped_column(Float)
    day: Mapped[date] = mapped_column(Date)
    reported_by: Mapped[int | None] = mapped_column(ForeignKey("memberships.id", ondelete="SET NULL"))
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime())


class WelcomeCase(Base):
    """One step of the welcome chain for one new member: what an sla goal measures.

    The case outlives the member's contact details: erasing them keeps the statistics.
    """

    __tablename__ = "welcome_cases"
    __table_args__ = (
        UniqueConstraint("new_member_entry_id", "step"),
        Index("ix_welcome_cases_org_step", "org_id", "step", "opened_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    forening_id: Mapped[int | None] = mapped_column(ForeignKey("foreningar.id", ondelete="SET NULL"))
    new_member_entry_id: Mapped[int] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"))
    step: Mapped[str] = mapped_column(String(32))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime())
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_reason: Mapped[str | None] = mapped_column(String(32))  # done / not_relevant / erased
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("memberships.id", ondelete="SET NULL"))
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class AuditEvent(Base):
    """Who saw, exported or erased members' personal data, when and why: admins read it with /logg."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_org_at", "org_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("memberships.id", ondelete="SET NULL"))
    actor: Mapped[str] = mapped_column(String(200))  # a display name, or "kommandoraden" / "boten"
    action: Mapped[str] = mapped_column(String(32))  # view / export / erase / retention
    subject: Mapped[str] = mapped_column(String(64))  # "ny medlem 17": the entry, never a name
    reason: Mapped[str] = mapped_column(String(200))


class FlowData(Base):
    """A user's unfinished guided flows (their answers so far), sealed: a restart does not lose them."""

    __tablename__ = "flow_data"

    telegram_user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    sealed: Mapped[str] = mapped_column(Text)  # Fernet token of the pickled user_data (storage/flows.py)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class FlowState(Base):
    """Where a guided flow stands for one (chat, user): python-telegram-bot's conversation state."""

    __tablename__ = "flow_states"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)  # JSON of the (chat id, user id) key
    state: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Outbox(Base):
    """A message the clock owes somebody: written before it falls due, sent once.

    The unique key makes planning idempotent across sweeps, restarts and replicas; a claim
    with a lease (claimed_until) lets one worker send it, and another take over if it died.
    """

    __tablename__ = "outbox"
    __table_args__ = (
        Index(
            "ix_outbox_pending",
            "due_at",
            postgresql_where=text("sent_at IS NULL"),
            sqlite_where=text("sent_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("welcome_cases.id", ondelete="CASCADE"))
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    claimed_by: Mapped[str | None] = mapped_column(String(100))  # the claiming run's token (storage.outbox)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # done: sent, skipped, failed or dead
    outcome: Mapped[str | None] = mapped_column(String(16))  # sent / skipped / failed / planned / dead
    last_error: Mapped[str | None] = mapped_column(String(200))  # the kind of error, never personal data


class Meta(Base):
    """Facts about the installation itself, by name: the data key's fingerprint (storage.meta)."""

    __tablename__ = "verksam_meta"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class District(Base):
    """A partidistrikt: reads its branches' counts and arrows, never their members' data (storage.districts)."""

    __tablename__ = "districts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Stockholm")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    report_chat_id: Mapped[int | None] = mapped_column(BigInteger)  # /distrikt rapportchatt
    digest_weekday: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # 0 = Monday
    digest_hour: Mapped[int] = mapped_column(Integer, default=9, server_default="9")


class DistrictBranch(Base):
    """An organisation (arbetarekommun) in a district: one district at most."""

    __tablename__ = "district_branches"

    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.id", ondelete="CASCADE"), index=True)


class DistrictMembership(Base):
    """A person's district role (admin, distriktsstyrelse, ombudsman), apart from any branch role they hold."""

    __tablename__ = "district_memberships"
    __table_args__ = (UniqueConstraint("district_id", "telegram_user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.id", ondelete="CASCADE"))
    telegram_user_id: Mapped[int] = mapped_column(BigInteger, index=True)
    role: Mapped[str] = mapped_column(String(32))
    display_name: Mapped[str] = mapped_column(String(200), default="")
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime())
    digest_private: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    language: Mapped[str | None] = mapped_column(String(8))  # chosen with /sprak; None: Swedish
    # A person with branch roles too: /plan and /mal act in the district once it is chosen with /org.
    chosen_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class DistrictGoal(GoalColumns, Base):
    """A goal of the district's own plan, any of the five kinds; its progress is its branches' work.
    No responsible person is kept: a district's goals reach its report chat."""

    __tablename__ = "district_goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.id", ondelete="CASCADE"), index=True)


class DistrictInvite(Base):
    """A join code for a district role; only its hash is kept."""

    __tablename__ = "district_invites"

    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.id", ondelete="CASCADE"))
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(32))
    uses: Mapped[int] = mapped_column(Integer, default=0)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
