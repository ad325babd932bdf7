"""What a volunteer logs, validated: a door-knocking session, conversations, an activity, a member."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

MAX_DOORS = 2000  # more than one team knocks in a day; beyond this it is a typo
MAX_CONVERSATIONS = 5000
MAX_MEMBERS = 200
MAX_PARTICIPANTS = 5000
MAX_AREA = 60


class EntryKind(StrEnum):
    KNACK = "knack"
    SAMTAL = "samtal"
    MEMBER = "member"
    ACTIVITY = "activity"


class TalkChannel(StrEnum):
    DOOR = "dorr"
    TORG = "torg"
    PHONE = "telefon"
    DIGITAL = "digitalt"
    WORKPLACE = "arbetsplats"
    OTHER = "annat"


class RecruitChannel(StrEnum):
    DOOR = "dorr"
    TORG = "torg"
    WORKPLACE = "arbetsplats"
    UNION = "facklig"
    DIGITAL = "digitalt"
    OTHER = "annat"


class Knock(BaseModel):
    """A door-knocking session."""

    model_config = ConfigDict(frozen=True)

    doors: int = Field(default=0, ge=0, le=MAX_DOORS)
    opened: int = Field(default=0, ge=0, le=MAX_DOORS)
    conversations: int = Field(default=0, ge=0, le=MAX_CONVERSATIONS)
    members: int = Field(default=0, ge=0, le=MAX_MEMBERS)
    area: str | None = Field(default=None, max_length=MAX_AREA)
    day: date | None = None

    def doubts(self) -> list[str]:
        """Figures that are possible but unlikely: asked about, never silently stored."""
        found = []
        if self.doors and self.opened > self.doors:
            found.append("opened_gt_doors")
        if self.doors and self.conversations > self.doors:
            found.append("conversations_gt_doors")
        if self.conversations and self.members > self.conversations:
            found.append("members_gt_conversations")
        return found


class Talk(BaseModel):
    """Conversations with citizens through one channel."""

    model_config = ConfigDict(frozen=True)

    count: int = Field(ge=1, le=MAX_CONVERSATIONS)
    channel: TalkChannel
    day: date | None = None


class Activity(BaseModel):
    """A meeting, course, circle or visit that was held."""

    model_config = ConfigDict(frozen=True)

    type: str = Field(min_length=1, max_length=64)
    participants: int | None = Field(default=None, ge=0, le=MAX_PARTICIPANTS)
    day: date | None = None


class MemberDetails(BaseModel):
    """A recruited member: only what the welcome call needs."""

    model_config = ConfigDict(frozen=True)

    name: str = Field(min_length=2, max_length=100)
    phone: str | None = Field(default=None, pattern=r"^\+\d{7,15}$")
    forening_id: int | None = None
    channel: RecruitChannel
    union_member: bool
