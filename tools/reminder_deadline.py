"""One-off reminders of a date computed by /deadline: the "提醒我" button (issue 12, item 1).

Whoever gets a due date from the deadline dialogue (申辩期, 公示期, 档案整理 …) may subscribe
to it. They are reminded 3 working days before that date (the official calendar through
`tools.workdays`, so 调休 make-up days count and holidays do not) and on the day itself.

The subscription keeps what the date is computed from (jurisdiction, event, the given date,
whether it was a filing date), never the date alone: the planner recomputes it from the
rule table on every pass, as it does a filing's, so a corrected rule moves the reminders.
Pure functions; `today` is always passed in.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from corpus.models import JURISDICTION_NAMES, Jurisdiction
from errors import PolicybotError
from tools.deadlines import (
    DeadlineAnswer,
    compute_deadline,
    deadline_from_filing,
    list_events,
    render_deadline,
    renewal_for_agency,
)
from tools.reminder_clock import STALE_DAYS
from tools.reminders import Reminder
from tools.workdays import format_date_zh, is_workday

__all__ = [
    "KIND_BEFORE",
    "KIND_DUE",
    "LEAD_WORKDAYS",
    "DeadlineRequest",
    "compute",
    "deadline_reminders",
    "is_over",
    "title_zh",
    "workdays_before",
]

LEAD_WORKDAYS = 3  # issue 12: "a reminder 3 working days before that date, and on the day"
KIND_BEFORE = f"deadline_{LEAD_WORKDAYS}wd"
KIND_DUE = "deadline_due"


@dataclass(frozen=True)
class DeadlineRequest:
    """What the deadline dialogue computed from: the button payload and the stored detail."""

    jurisdiction: str
    event: str
    on: date
    from_filing: bool = False  # `on` is a filing date and the expiry is derived first

    def detail(self) -> dict[str, Any]:
        return {"jurisdiction": self.jurisdiction, "event": self.event,
                "on": self.on.isoformat(), "from_filing": self.from_filing}

    @classmethod
    def from_detail(cls, detail: object) -> DeadlineRequest | None:
        """The stored detail back; None when it is not one this module wrote."""
        if not isinstance(detail, dict):
            return None
        try:
            return cls(str(detail["jurisdiction"]), str(detail["event"]),
                       date.fromisoformat(str(detail["on"])), bool(detail.get("from_filing")))
        except (KeyError, ValueError):
            return None

    def target(self) -> str:
        """The subscription target: short, and the same for the same request, so pressing
        "提醒我" twice keeps one subscription."""
        key = f"{self.jurisdiction}|{self.event}|{self.on.isoformat()}|{int(self.from_filing)}"
        return "dl:" + hashlib.sha256(key.encode()).hexdigest()[:16]


def compute(request: DeadlineRequest, *, today: date) -> DeadlineAnswer:
    """The deadline dialogue's computation: a filing date derives the expiry first; a renewal
    runs from the expiry date; everything else from the event's own date."""
    if request.from_filing:
        return deadline_from_filing(request.jurisdiction, request.event, request.on, today=today)
    if request.event == "renewal":
        return renewal_for_agency(request.jurisdiction, valid_until=request.on, today=today)
    return compute_deadline(request.jurisdiction, request.event, request.on, today=today)


def workdays_before(day: date, count: int) -> date:
    """The `count`-th working day before `day` (`day` itself not counted)."""
    moved, remaining = day, count
    while remaining:
        moved -= timedelta(days=1)
        remaining -= is_workday(moved)
    return moved


def title_zh(request: DeadlineRequest) -> str:
    """"评价档案整理(兵团)": the event's name and region, for reminders and /remind lists."""
    name = next((e.name_zh for e in list_events(request.jurisdiction) if e.event == request.event), request.event)
    try:
        region = JURISDICTION_NAMES[Jurisdiction(request.jurisdiction)]
    except ValueError:
        region = request.jurisdiction
    return f"{name}({region})"


def _due(request: DeadlineRequest, today: date) -> date | None:
    try:
        return compute(request, today=today).end
    except PolicybotError:  # a rule or date the tables no longer accept: nothing to remind
        return None


def is_over(request: DeadlineRequest, *, today: date) -> bool:
    """True once nothing is left to send (the date passed beyond the sender's grace days)."""
    due = _due(request, today)
    return due is None or due + timedelta(days=STALE_DAYS) < today


def _reminder(request: DeadlineRequest, kind: str, on: date, due: date) -> Reminder:
    answer = compute(request, today=on)
    when = (
        f"今天({format_date_zh(due)})是到期日。"
        if on == due
        else f"距到期日({format_date_zh(due)})还有{LEAD_WORKDAYS}个工作日。"
    )
    text = (
        f"【期限提醒】{title_zh(request)}\n{when}\n{render_deadline(answer)}\n"
        "请按上述规定及时办理;已办理的,可发送 /remind 取消此提醒。"
    )
    return Reminder(kind, on, None, text)


def deadline_reminders(request: DeadlineRequest, *, today: date) -> list[Reminder]:
    """The reminders still to come from `today` on: 3 working days before and on the day."""
    due = _due(request, today)
    if due is None or due < today:
        return []
    found = []
    before = workdays_before(due, LEAD_WORKDAYS)
    if before >= today:
        found.append(_reminder(request, KIND_BEFORE, before, due))
    found.append(_reminder(request, KIND_DUE, due, due))
    return found
