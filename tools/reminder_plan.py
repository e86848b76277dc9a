"""From subscriptions and the registry to reminders: what is due on a day, and the queue rows.

`due_on` answers `policybot reminders due --today` without writing anything. `plan` turns
every active subscription's upcoming reminders into delivery rows (idempotent, so every
worker may run it before sending); because it recomputes from the registry each time, a
filing whose dates or jurisdiction changed through an import gets its unsent reminders
moved, and a status change recorded today is queued on the next run. A "提醒我" deadline
subscription (`tools.reminder_deadline`) is recomputed the same way from its stored inputs,
and ended by the first pass after its date has passed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session

from db.crud import get_agency, get_filing_by_number
from db.reminder_models import ReminderSubscription, SubscriptionKind
from db.reminder_queue import PlannedDelivery, is_settled, plan_is_stored, save_plan, write_session
from db.reminder_subscriptions import active_subscriptions, cancel_kind, cancel_subscription, subscribe
from db.session import POLICY_TZ, session_scope
from domain import Role
from errors import InputError
from tools.reminder_clock import first_send_at
from tools.reminder_digest import (
    DIGEST_KIND,
    DIGEST_TARGET,
    RegulatorCheck,
    digest_send_at,
    digest_time_reached,
    is_digest_day,
    is_regulator_user,
    subscriber_digest,
)
from tools.reminder_deadline import DeadlineRequest, deadline_reminders, is_over
from tools.reminders import FilingFacts, Reminder, buttons_to_json, filing_reminders, reminders_due_on

__all__ = [
    "NOT_REGULATOR",
    "DueReminder",
    "due_on",
    "end_digest",
    "filing_facts",
    "plan",
    "subscribe_deadline",
    "subscribe_digest",
    "subscribe_linked",
]

NOT_REGULATOR = "已不是监管人员,周报停止"
DEADLINE_OVER = "期限已过"


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


def _digest(session: Session, sub: ReminderSubscription, day: date) -> Reminder:
    assert sub.id is not None
    digest = subscriber_digest(session, subscription_id=sub.id, user_id=sub.user_id, day=day)
    return Reminder(DIGEST_KIND, day, None, digest.text_zh(), digest.buttons())


def due_on(
    session: Session, day: date, days: int = 1, *, is_regulator: RegulatorCheck = is_regulator_user
) -> list[DueReminder]:
    """Every reminder due on `day` (or on any of the `days` days from it), for every active
    subscription, in date order; reads only. A digest is listed only for a subscriber who is
    a regulator now."""
    digests = [
        sub
        for sub in active_subscriptions(session=session)
        if sub.kind is SubscriptionKind.DIGEST and is_regulator(sub.user_id)
    ]
    followed = [
        (sub, facts)
        for sub in active_subscriptions(session=session)
        if sub.kind is SubscriptionKind.FILING and (facts := filing_facts(session, sub.target))
    ]
    deadlines = [
        (sub, request)
        for sub in active_subscriptions(session=session)
        if sub.kind is SubscriptionKind.DEADLINE and (request := DeadlineRequest.from_detail(sub.detail))
    ]
    found: list[DueReminder] = []
    for offset in range(max(days, 1)):
        on = day + timedelta(days=offset)
        for sub, facts in followed:
            found += [DueReminder(sub.user_id, r) for r in reminders_due_on(facts, on, since=_since(sub))]
        for sub, request in deadlines:
            found += [DueReminder(sub.user_id, r) for r in deadline_reminders(request, today=on) if r.due_date == on]
        if is_digest_day(on):
            found += [DueReminder(sub.user_id, _digest(session, sub, on)) for sub in digests]
    return sorted(found, key=lambda d: (d.reminder.due_date, d.user_id, d.reminder.kind))


def _planned(
    session: Session, sub: ReminderSubscription, today: date, now: datetime
) -> list[PlannedDelivery] | None:
    """The rows a subscription should have from today on; None when it follows nothing known."""
    if sub.kind is SubscriptionKind.DIGEST:
        # Built only from 09:00 on its Monday (the pass that sends it; it reads four registry
        # lists) and not again once sent or given up.
        if not digest_time_reached(now) or sub.id is None or is_settled(
            session=session, subscription_id=sub.id, kind=DIGEST_KIND, due_date=today
        ):
            return []
        digest = _digest(session, sub, today)
        return [_delivery(digest, digest_send_at(today, now))]
    if sub.kind is SubscriptionKind.DEADLINE:
        request = DeadlineRequest.from_detail(sub.detail)
        found = deadline_reminders(request, today=today) if request else None
    else:
        facts = filing_facts(session, sub.target) if sub.kind is SubscriptionKind.FILING else None
        found = filing_reminders(facts, today=today, since=_since(sub)) if facts else None
    if found is None:
        return None
    return [_delivery(r, first_send_at(r.due_date, now)) for r in found]


def _delivery(reminder: Reminder, send_at: datetime) -> PlannedDelivery:
    buttons = buttons_to_json(reminder.buttons) if reminder.buttons else None
    return PlannedDelivery(reminder.kind, reminder.due_date, reminder.filing_number, reminder.text, send_at, buttons)


def plan(
    engine: Engine | str | None, *, now: datetime, is_regulator: RegulatorCheck = is_regulator_user
) -> int:
    """Queue the upcoming reminders of every active subscription; returns rows added.

    Reads first; only a subscription whose stored rows differ from its plan gets a short
    write transaction of its own, so the pass every worker runs before sending is read-only
    in the steady state. A digest subscriber who is no longer a regulator has the digest
    subscription ended instead (its unsent digests with it)."""
    today = now.astimezone(POLICY_TZ).date()
    changed: list[tuple[int, list[PlannedDelivery]]] = []
    demoted: set[str] = set()
    over: list[tuple[str, int]] = []
    with session_scope(engine) as session:
        for sub in active_subscriptions(session=session):
            if sub.kind is SubscriptionKind.DIGEST and not is_regulator(sub.user_id):
                demoted.add(sub.user_id)
                continue
            if sub.kind is SubscriptionKind.DEADLINE and sub.id is not None and _deadline_over(sub, today):
                over.append((sub.user_id, sub.id))
                continue
            planned = _planned(session, sub, today, now)
            if planned is None or sub.id is None:
                continue
            if not plan_is_stored(session=session, subscription_id=sub.id, planned=planned, today=today):
                changed.append((sub.id, planned))
    for user_id in sorted(demoted):
        end_digest(engine, user_id, now=now)
    for user_id, sub_id in over:  # a one-off date that has passed: the subscription ends
        with write_session(engine) as session:
            cancel_subscription(session=session, user_id=user_id, subscription_id=sub_id, now=now, reason=DEADLINE_OVER)
    added = 0
    for sub_id, planned in changed:
        with write_session(engine) as session:
            sub = session.get(ReminderSubscription, sub_id)
            if sub is not None and sub.active:  # cancelled meanwhile: leave it
                added += save_plan(session=session, subscription=sub, planned=planned, today=today)
    return added


def _deadline_over(sub: ReminderSubscription, today: date) -> bool:
    request = DeadlineRequest.from_detail(sub.detail)
    return request is None or is_over(request, today=today)


def end_digest(engine: Engine | str | None, user_id: str, *, now: datetime) -> int:
    """End a user's digest subscription because they are no longer a regulator."""
    with write_session(engine) as session:
        return cancel_kind(
            session=session, user_id=user_id, kind=SubscriptionKind.DIGEST, now=now, reason=NOT_REGULATOR
        )


def subscribe_digest(session: Session, *, user_id: str, role: Role | str) -> ReminderSubscription:
    """Subscribe a regulator (`role` as the channel says) to the weekly digest;
    PermissionDeniedError (logged) for anyone else."""
    from tools.registry_queries import require_regulator  # noqa: PLC0415

    require_regulator(session=session, role=role, actor=user_id, action="reminders.digest", what_zh="监管周报")
    return subscribe(session=session, user_id=user_id, target=DIGEST_TARGET, kind=SubscriptionKind.DIGEST)


def subscribe_linked(session: Session, *, user_id: str, filing_number: str) -> ReminderSubscription:
    """Subscribe a user to a registered filing's reminders; InputError when it is not registered."""
    if filing_facts(session, filing_number) is None:
        raise InputError(f"登记册中没有备案编号“{filing_number}”,无法订阅提醒。")
    return subscribe(session=session, user_id=user_id, target=filing_number)


def subscribe_deadline(
    session: Session, *, user_id: str, request: DeadlineRequest, today: date
) -> ReminderSubscription:
    """Subscribe anyone to a date /deadline computed ("提醒我"); InputError when that date
    has passed or the rule sets none."""
    upcoming = deadline_reminders(request, today=today)
    if not upcoming:
        raise InputError("这个期限已经过了(或规则没有规定具体日期),无法设置提醒。")
    return subscribe(session=session, user_id=user_id, target=request.target(),
                     kind=SubscriptionKind.DEADLINE, detail=request.detail())
