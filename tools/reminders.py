"""Which reminders a filing's subscriber gets, on which day, with what text (pure functions).

Every date comes from the rule tables through `tools.deadlines` (the renewal window of the
filing's jurisdiction, the consequence of letting it lapse), never from numbers written
here, except the two lead times the issue fixes for everyone (30 and 7 days before the
last day to apply). A jurisdiction whose rule sets no window start (兵团: "有效期满3个月前")
gets no "window opens" reminder; one that sets no renewal date at all (天津) gets only the
expiry-day reminder. Status changes (暂停, 恢复, 终止) come from the stored decision.

`today` is always passed in, so tests and `policybot reminders due --today` set the clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from db.enums import FilingState
from db.reference import bases_from_refs
from errors import PolicybotError
from tools.deadlines import DeadlineAnswer, compute_deadline, list_events, renewal_window
from tools.workdays import format_date_zh

__all__ = [
    "ButtonRows",
    "LEAD_DAYS",
    "STATUS_LOOKBACK_DAYS",
    "FilingFacts",
    "Reminder",
    "ReminderButton",
    "buttons_from_json",
    "buttons_to_json",
    "filing_reminders",
    "kind_name_zh",
    "reminders_due_on",
]

LEAD_DAYS = (30, 7)  # issue 12: "30 days and 7 days before the last day to apply"
STATUS_LOOKBACK_DAYS = 7  # a status change recorded late (dated earlier) is still announced
CHECKLIST_HINT = "发送 /checklist 并选择“续期备案”,可查看续期所需材料和步骤。"
CHECKLIST_LABEL = "续期材料清单"
RENEWAL_PROCEDURE = "renewal"  # the checklist procedure code of 续期备案 (corpus/rules/checklists.yaml)

KIND_WINDOW_OPEN = "renewal_window_open"
KIND_EXPIRY = "expiry"
STATUS_KINDS = {
    FilingState.SUSPENDED: "status_suspended",
    FilingState.ACTIVE: "status_resumed",
    FilingState.TERMINATED: "status_terminated",
}


def lead_kind(days: int) -> str:
    return f"renewal_due_{days}d"


def kind_name_zh(kind: str) -> str:
    """A reminder kind as users read it (in /remind lists)."""
    names = {
        KIND_WINDOW_OPEN: "续期申请期开始",
        KIND_EXPIRY: "备案有效期届满",
        **{lead_kind(d): f"续期申请截止前{d}天" for d in LEAD_DAYS},
        **{k: "备案状态变更" for k in STATUS_KINDS.values()},
    }
    return names.get(kind, kind)


@dataclass(frozen=True)
class FilingFacts:
    """The registry values a reminder needs, as plain data (no session, no ORM row)."""

    filing_number: str
    agency_name: str
    jurisdiction: str
    valid_until: date
    state: FilingState = FilingState.ACTIVE
    state_changed_on: date | None = None
    state_reason: str | None = None
    state_basis: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class ReminderButton:
    """A button under a sent reminder, channel-neutral: `action` names what it opens
    ("checklist": args = (checklist id,); "page": args = a /registry page's kind, param,
    region, page). The bot layer turns it into its own payload (bot/remind.py), so this
    layer never learns the engine's payload format."""

    label: str
    action: str
    args: tuple[str, ...] = ()


ButtonRows = tuple[tuple[ReminderButton, ...], ...]


def buttons_to_json(rows: ButtonRows) -> list[list[list[str]]]:
    """Rows as stored in `reminder_delivery.buttons`: [[[label, action, *args], …], …]."""
    return [[[b.label, b.action, *b.args] for b in row] for row in rows]


def buttons_from_json(value: object) -> ButtonRows:
    """The stored form back; anything malformed is dropped (a reminder still goes out)."""
    if not isinstance(value, list):
        return ()
    rows = []
    for row in value:
        items = [
            ReminderButton(str(item[0]), str(item[1]), tuple(str(a) for a in item[2:]))
            for item in (row if isinstance(row, list) else [])
            if isinstance(item, list) and len(item) >= 2
        ]
        if items:
            rows.append(tuple(items))
    return tuple(rows)


@dataclass(frozen=True)
class Reminder:
    kind: str
    due_date: date
    filing_number: str | None  # None for a regulator digest (kind "digest")
    text: str
    buttons: ButtonRows = ()  # sent under the text; not part of the `due --json` item

    def as_dict(self, user_id: str) -> dict[str, str | None]:
        """The `policybot reminders due --json` item (stable: add fields, never rename)."""
        return {
            "user_id": user_id,
            "kind": self.kind,
            "filing_number": self.filing_number,
            "due_date": self.due_date.isoformat(),
            "text": self.text,
        }


def _cite(answer: DeadlineAnswer) -> str:
    return ";".join(dict.fromkeys(c.formatted for c in answer.citations))


def _head(facts: FilingFacts) -> str:
    return f"【备案提醒】{facts.agency_name}(备案编号{facts.filing_number})"


def checklist_buttons(jurisdiction: str) -> ButtonRows:
    """The jurisdiction's renewal checklist as a button, when the rule tables have one."""
    from tools.checklists import list_procedures  # noqa: PLC0415

    if not any(code == RENEWAL_PROCEDURE for _, code, _ in list_procedures(jurisdiction)):
        return ()
    return ((ReminderButton(CHECKLIST_LABEL, "checklist", (f"{jurisdiction}.{RENEWAL_PROCEDURE}",)),),)


def _renewal_reminders(facts: FilingFacts, window: DeadlineAnswer) -> list[Reminder]:
    """Window opening and the lead-time reminders before its last day, where the rule sets them;
    each carries the jurisdiction's renewal checklist button."""
    found: list[Reminder] = []
    buttons = checklist_buttons(facts.jurisdiction)
    rule = f"规则:{window.description_zh}\n依据:{_cite(window)}"
    if window.start is not None and window.end is not None:
        text = (
            f"{_head(facts)}\n续期申请期今天({format_date_zh(window.start)})开始,"
            f"最迟于{format_date_zh(window.end)}提交续期申请。\n{rule}\n{CHECKLIST_HINT}"
        )
        found.append(Reminder(KIND_WINDOW_OPEN, window.start, facts.filing_number, text, buttons))
    if window.end is not None:
        for days in LEAD_DAYS:
            due = window.end - timedelta(days=days)
            if window.start is not None and due < window.start:
                continue  # before the window opens: applying is not yet possible
            text = (
                f"{_head(facts)}\n距续期申请截止日({format_date_zh(window.end)})还有{days}天,"
                f"请尽快提交续期申请。\n{rule}\n{CHECKLIST_HINT}"
            )
            found.append(Reminder(lead_kind(days), due, facts.filing_number, text, buttons))
    return found


def _expiry_reminder(facts: FilingFacts) -> Reminder:
    """On the last valid day: what happens if no renewal was filed, from the rule table."""
    lapse = _rule_answer(facts.jurisdiction, "expiry_no_renewal", facts.valid_until)
    validity = _rule_answer(facts.jurisdiction, "filing", facts.valid_until)
    lines = [f"{_head(facts)}\n备案有效期今天({format_date_zh(facts.valid_until)})届满。"]
    if lapse is not None:
        lines.append(f"规则:{lapse.description_zh}\n依据:{_cite(lapse)}")
    elif validity is not None:
        lines.append(f"依据:{_cite(validity)}")
    lines.append("如已提交续期申请,请留意备案部门的续期结果;如未提交,请立即联系备案部门。")
    return Reminder(KIND_EXPIRY, facts.valid_until, facts.filing_number, "\n".join(lines))


def _rule_answer(jurisdiction: str, event: str, on: date) -> DeadlineAnswer | None:
    if not any(e.event == event for e in list_events(jurisdiction)):
        return None
    return compute_deadline(jurisdiction, event, on, today=on)


def _status_reminder(facts: FilingFacts) -> Reminder | None:
    """A suspension, reinstatement or termination as recorded by the regulator."""
    if facts.state_changed_on is None:
        return None
    on = format_date_zh(facts.state_changed_on)
    label = {FilingState.ACTIVE: "恢复", FilingState.SUSPENDED: "暂停", FilingState.TERMINATED: "终止"}[
        facts.state
    ]
    lines = [f"{_head(facts)}\n备案状态已于{on}变更为“{label}”。"]
    if facts.state_reason:
        lines.append(f"原因:{facts.state_reason}")
    bases = bases_from_refs(list(facts.state_basis))
    if bases:
        lines.append("依据:" + ";".join(dict.fromkeys(b.citation() for b in bases)))
    lines.append(
        {
            FilingState.SUSPENDED: "暂停期间请按要求整改,整改完成后向备案部门申请恢复。",
            FilingState.ACTIVE: "备案已恢复有效,可继续按备案范围开展评价工作。",
            FilingState.TERMINATED: "备案终止后不得再以该备案开展评价;如需继续,须重新申请备案。发送 /status 可查看详情。",
        }[facts.state]
    )
    return Reminder(STATUS_KINDS[facts.state], facts.state_changed_on, facts.filing_number, "\n".join(lines))


def filing_reminders(
    facts: FilingFacts, *, today: date, since: date | None = None
) -> list[Reminder]:
    """Every reminder of the filing from `today` on, in date order.

    Date reminders (window, lead times, expiry) are listed only when due on or after
    `today`; a status change when made within `STATUS_LOOKBACK_DAYS` and not before
    `since` (the day the user subscribed: an old suspension is not news). A terminated
    filing gets no renewal reminders any more.
    """
    found: list[Reminder] = []
    status = _status_reminder(facts)
    earliest = max(today - timedelta(days=STATUS_LOOKBACK_DAYS), since or date.min)
    if status is not None and status.due_date >= earliest:
        found.append(status)
    if facts.state is not FilingState.TERMINATED:
        try:
            window = renewal_window(facts.jurisdiction, facts.valid_until, today=today)
        except PolicybotError:
            window = None  # an implausible stored date: the expiry reminder still applies
        if window is not None:
            found += [r for r in _renewal_reminders(facts, window) if r.due_date >= today]
        if facts.valid_until >= today:
            found.append(_expiry_reminder(facts))
    return sorted(found, key=lambda r: (r.due_date, r.kind))


def reminders_due_on(facts: FilingFacts, day: date, *, since: date | None = None) -> list[Reminder]:
    """The reminders of the filing whose due date is `day`."""
    return [r for r in filing_reminders(facts, today=day, since=since) if r.due_date == day]
