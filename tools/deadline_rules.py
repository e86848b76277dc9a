"""The deadline rule table's schema: `corpus/rules/deadlines.yaml` read into typed rules.

Kept apart from the computations in `tools.deadlines` so that the schema (what a rule may
say, checked when the table loads) reads on its own, and so both stay small.
"""

from __future__ import annotations

import string
from datetime import date, timedelta
from typing import Annotated, Literal

from pydantic import Field, model_validator

from corpus import Jurisdiction
from tools.rules import RuleCitation, RuleModel
from tools.workdays import add_workdays

__all__ = ["DateRoleName", "DeadlineRule", "DeadlineTable", "EventName", "NextMonthOutcome",
           "Offset", "OffsetOutcome", "UnstatedOutcome", "YearEndOutcome"]


class Offset(RuleModel):
    """Move a date by years, then months (clamped to month end), days, then working days.

    Years and months use `db.status.corresponding_day` (《民法典》第二百零二条), the function
    the registry derives 有效期至 with (`validity_end`), so both always agree.
    """

    years: int = 0
    months: int = 0
    days: int = 0
    workdays: int = Field(default=0, ge=0)

    def apply(self, on: date) -> date:
        moved = _months_later(on, 12 * self.years + self.months) + timedelta(days=self.days)
        return add_workdays(moved, self.workdays) if self.workdays else moved

    def clamps(self, on: date) -> bool:
        """True when the target month has no corresponding day (Jan 31 + 1 month)."""
        months = 12 * self.years + self.months
        return bool(months) and _months_later(on, months).day != on.day


def _months_later(on: date, months: int) -> date:
    """`db.status.corresponding_day`, imported on use: the db package costs ~0.9 s to import
    and `policybot deadline` needs nothing else from it."""
    from db.status import corresponding_day  # noqa: PLC0415

    return corresponding_day(on, months)


class OffsetOutcome(RuleModel):
    kind: Literal["offset"]
    start: Offset | None = None
    end: Offset | None = None
    action_due: bool = False

    @model_validator(mode="after")
    def _has_bound(self) -> OffsetOutcome:
        if self.start is None and self.end is None:
            raise ValueError("offset 至少要有 start 或 end")
        return self


class NextMonthOutcome(RuleModel):
    kind: Literal["next_month"]
    months: list[Annotated[int, Field(ge=1, le=12)]] = Field(min_length=1)


class YearEndOutcome(RuleModel):
    kind: Literal["year_end"]


class UnstatedOutcome(RuleModel):
    kind: Literal["unstated"]


Outcome = Annotated[
    OffsetOutcome | NextMonthOutcome | YearEndOutcome | UnstatedOutcome, Field(discriminator="kind")
]


class DeadlineCondition(RuleModel):
    event: str


class DeadlineRule(RuleModel):
    id: str
    jurisdiction: Jurisdiction
    condition: DeadlineCondition
    outcome: Outcome
    description_zh: str
    caveats: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    citations: list[RuleCitation] = Field(min_length=1)

    @property
    def event(self) -> str:
        return self.condition.event

    def placeholders(self) -> set[str]:
        """Which of {on} {start} {end} the texts of this rule may use."""
        outcome = self.outcome
        if isinstance(outcome, OffsetOutcome):
            return {"on"} | {n for n in ("start", "end") if getattr(outcome, n) is not None}
        if isinstance(outcome, UnstatedOutcome):
            return {"on"}
        return {"on", "start", "end"}


DateRoleName = Literal["filing", "expiry", "decision_received", "announcement", "evaluation_end"]


class EventName(RuleModel):
    name_zh: str
    date_zh: str
    role: DateRoleName | None = None  # what the date is (bot/date_roles.yaml names)
    cues: tuple[str, ...] = ()  # question words that pick this event over its siblings


class DeadlineTable(RuleModel):
    notes: dict[str, str]
    events: dict[str, EventName]
    rules: list[DeadlineRule]

    @model_validator(mode="after")
    def _consistent(self) -> DeadlineTable:
        if missing := {"holiday_rollover", "month_clamped"} - set(self.notes):
            raise ValueError(f"缺少代码要用的说明 {sorted(missing)}")
        ids = [rule.id for rule in self.rules]
        if len(ids) != len(set(ids)):
            raise ValueError("规则 id 重复")
        keys = [(rule.jurisdiction, rule.event) for rule in self.rules]
        if len(keys) != len(set(keys)):
            raise ValueError("同一地区同一事项只能有一条规则")
        for rule in self.rules:
            if rule.event not in self.events:
                raise ValueError(f"{rule.id}: 未登记的事项 {rule.event}")
            if unknown := set(rule.notes) - set(self.notes):
                raise ValueError(f"{rule.id}: 未定义的说明 {sorted(unknown)}")
            for text in (rule.description_zh, *rule.caveats):
                used = {name for _, name, _, _ in string.Formatter().parse(text) if name}
                if extra := used - rule.placeholders():
                    raise ValueError(f"{rule.id}: 文字中用了不可用的占位符 {sorted(extra)}")
        return self

    def rule_for(self, jurisdiction: Jurisdiction, event: str) -> DeadlineRule | None:
        for rule in self.rules:
            if rule.jurisdiction is jurisdiction and rule.event == event:
                return rule
        return None
