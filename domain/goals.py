"""A goal of the plan, as data: one model for all five kinds.

count     a total over the period ("Värva 42 nya medlemmar")
cadence   N per window of ``window_days`` ("dörrknackning varannan vecka")
level     a level to reach by the period's end ("gilla-sidan ska nå 2000 följare")
sla       a time limit per case, ``target`` days ("kontaktas inom 3-5 dagar")
milestone not started / under way / done, by an optional deadline
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator


class GoalKind(StrEnum):
    COUNT = "count"
    CADENCE = "cadence"
    LEVEL = "level"
    SLA = "sla"
    MILESTONE = "milestone"


class Unit(StrEnum):
    COUNT = "count"
    PERCENT = "percent"
    DAYS = "days"


class MilestoneStatus(StrEnum):
    NOT_STARTED = "not_started"
    UNDER_WAY = "under_way"
    DONE = "done"


class GoalSpec(BaseModel):
    """What a plan (or a board member) says a goal is, before it is stored."""

    model_config = ConfigDict(frozen=True)

    kind: GoalKind
    metric: str | None = None
    target: float | None = Field(default=None, ge=0)
    unit: Unit = Unit.COUNT
    window_days: int | None = Field(default=None, ge=1)
    period_start: date
    period_end: date
    deadline: date | None = None
    area: str | None = None
    responsible: str | None = None
    text: str = ""
    # For an sla goal with a range ("inom 3-5 dagar"): the first reminder's day.
    remind_after_days: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _consistent(self) -> GoalSpec:
        if self.period_end < self.period_start:
            raise ValueError("period_end before period_start")
        if self.kind is GoalKind.MILESTONE:
            if self.metric is not None:
                raise ValueError("a milestone has no metric")
        elif self.metric is None:
            raise ValueError(f"a {self.kind} goal needs a metric")
        if self.kind is GoalKind.CADENCE and self.window_days is None:
            raise ValueError("a cadence goal needs window_days")
        return self

    def to_json(self) -> dict:
        """The shape `verksam plan import --json` prints."""
        return {
            "kind": self.kind.value,
            "metric": self.metric,
            "target": self.target,
            "unit": self.unit.value,
            "window_days": self.window_days,
            "period_start": self.period_start.isoformat(),
            "period_end": self.period_end.isoformat(),
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "area": self.area,
            "responsible": self.responsible,
            "text": self.text,
        }


def year_period(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


@dataclass(frozen=True)
class GoalNames:
    """What a goal's line needs to name it: the organisation's föreningar (by id) and its activity
    types (slug -> the name as written, "Seniorträff", "A-radio/Pod")."""

    foreningar: Mapping[int, str] = field(default_factory=dict)
    activities: Mapping[str, str] = field(default_factory=dict)


# "Ansvarig: Anna Svensson", "(ansvariga: Per och Lisa)": who answers for a goal, written in its line.
_NAMED_RESPONSIBLE = re.compile(r"\s*[(\[]?\bansvar(?:ig|iga)?\s*:[^)\]\n.]*[)\]]?\.?", re.IGNORECASE)


def without_named_responsible(text: str) -> str:
    """A goal's text with any "Ansvarig: …" taken out: a district keeps no one's name from its plan."""
    return _NAMED_RESPONSIBLE.sub("", text).strip() or "–"
