"""From subscriptions and the registry to reminders: what is due on a day, and the queue rows.

`due_on` answers `policybot reminders due --today` without writing anything. `plan` turns
every active subscription's upcoming reminders into delivery rows (idempotent, so every
worker may run it before sending); because it recomputes from the registry each time, a
filing whose dates or jurisdiction changed through an import gets its unsent reminders
moved, and a status change recorded today is queued on the next run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session

from db.crud import get_agency, get_filing_by_number
from db.reminder_models import ReminderSubscription, SubscriptionKind
from db.reminder_queue import (
    PlannedDelivery,
    active_subscriptions,
    plan_is_stored,
    save_plan,
    subscribe,
    write_session,
)
from db.session import POLICY_TZ, session_scope
from errors import InputError
from tools.reminder_clock import first_send_at
from tools.reminders import FilingFacts, Reminder, filing_reminders, reminders_due_on

__all__ = ["DueReminder", "due_on", "filing_facts", "plan", "subscribe_linked"]


@dataclass(frozen=True)
class DueReminder:
    user_id: str
    reminder: Reminder

    def as_dict(self) -> dict[str, str]:
        return self.reminder.as_dict(self.user_id)


def filing_facts(session: Session, filing_number: str) -> FilingFacts | None:
    """The registry values of one filing as plain data; None when it is not registered."""
    try:
        filing = get_filing_by_number(session=session, filing_number=filing_number)
    except InputError:
        return None
    agency = get_agency(session=session, agency_id=filing.agency_id) if filing else None
    if filing is None or agency is None:
        return None
    return FilingFacts(
        filing_number=filing.filing_number,
        agency_name=agency.name,
        jurisdiction=agency.jurisdiction.value,
        valid_until=filing.valid_until,
        state=filing.state,
        state_changed_on=filing.state_changed_on,
        state_reason=filing.state_reason,
        state_basis=tuple(filing.state_basis or ()),
    )


def _since(sub: ReminderSubscription) -> date:
    return sub.created_at.astimezone(POLICY_TZ).date()


def due_on(session: Session, day: date, days: int = 1) -> list[DueReminder]:
    """Every reminder due on `day` (or on any of the `days` days from it), for every active
    subscription, in date order; reads only."""
    followed = [
        (sub, facts)
        for sub in active_subscriptions(session=session)
        if sub.kind is SubscriptionKind.FILING and (facts := filing_facts(session, sub.target))
    ]
    found: list[DueReminder] = []
    for offset in range(max(days, 1)):
        on = day + timedelta(days=offset)
        for sub, facts in followed:
            found += [DueReminder(sub.user_id, r) for r in reminders_due_on(facts, on, since=_since(sub))]
    return sorted(found, key=lambda d: (d.reminder.due_date, d.user_id, d.reminder.kind))


def plan(engine: Engine | str | None, *, now: datetime) -> int:
    """Queue the upcoming reminders of every active subscription; returns rows added.

    Reads first; only a subscription whose stored rows differ from its plan gets a short
    write transaction of its own, so the pass every worker runs before sending is read-only
    in the steady state."""
    today = now.astimezone(POLICY_TZ).date()
    changed: list[tuple[int, list[PlannedDelivery]]] = []
    with session_scope(engine) as session:
        for sub in active_subscriptions(session=session):
            facts = filing_facts(session, sub.target) if sub.kind is SubscriptionKind.FILING else None
            if facts is None or sub.id is None:
                continue
            planned = [
                PlannedDelivery(r.kind, r.due_date, r.filing_number, r.text, first_send_at(r.due_date, now))
                for r in filing_reminders(facts, today=today, since=_since(sub))
            ]
            if not plan_is_stored(session=session, subscription_id=sub.id, planned=planned, today=today):
                changed.append((sub.id, planned))
    added = 0
    for sub_id, planned in changed:
        with write_session(engine) as session:
            sub = session.get(ReminderSubscription, sub_id)
            if sub is not None and sub.active:  # cancelled meanwhile: leave it
                added += save_plan(session=session, subscription=sub, planned=planned, today=today)
    return added


def subscribe_linked(session: Session, *, user_id: str, filing_number: str) -> ReminderSubscription:
    """Subscribe a user to a registered filing's reminders; InputError when it is not registered."""
    if filing_facts(session, filing_number) is None:
        raise InputError(f"登记册中没有备案编号“{filing_number}”,无法订阅提醒。")
    return subscribe(session=session, user_id=user_id, target=filing_number)
