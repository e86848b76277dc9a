"""The reminder delivery queue: plan, claim with a lease, and record each attempt's outcome
(subscriptions themselves: `db.reminder_subscriptions`).

Why a lease in the database rather than one scheduler process: every webhook worker (and
`policybot reminders run --once` from cron on any host) can run the sender, and nothing has
to be kept alive or elected. A worker may send a row only after a conditional update made
it the row's lease owner: `FOR UPDATE SKIP LOCKED` on PostgreSQL (concurrent claimers take
disjoint rows without waiting), and on SQLite an `UPDATE … WHERE lease_until < now` under
the write lock whose row count says whether the claim won. Marking the row sent is again
conditional on still owning the lease, so a worker whose lease ran out cannot overwrite
another's outcome. A lease that ends (a crashed worker) makes the row claimable again.

Planning inserts with ON CONFLICT DO NOTHING on the unique (subscription, kind, due date),
so two workers planning at once create each reminder once.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlmodel import Session

from db.reminder_models import (
    DeliveryStatus,
    ReminderDelivery,
    ReminderSubscription,
)
from db.reminder_subscriptions import cancel_all
from db.session import begin_write, session_scope
from db.types import utcnow

__all__ = [
    "Claimed",
    "PlannedDelivery",
    "is_settled",
    "last_sent_on",
    "claim_due",
    "mark_failed",
    "mark_retry",
    "mark_sent",
    "plan_is_stored",
    "save_plan",
]

TABLE = ReminderDelivery.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class PlannedDelivery:
    kind: str
    due_date: date
    filing_number: str | None
    text: str
    send_at: datetime  # first attempt, already moved out of quiet hours
    buttons: list[Any] | None = None  # stored JSON form (tools.reminders.buttons_to_json)


@dataclass(frozen=True)
class Claimed:
    id: int
    user_id: str
    text: str
    attempts: int
    due_date: date
    kind: str = ""
    buttons: list[Any] | None = None


@contextmanager
def write_session(engine: Engine | str | None) -> Iterator[Session]:
    """A unit of work that holds SQLite's write lock from its first statement."""
    with session_scope(engine) as session:
        begin_write(session)
        yield session


def is_settled(*, session: Session, subscription_id: int, kind: str, due_date: date) -> bool:
    """True when that reminder was already sent or given up (nothing left to plan for it)."""
    found = session.execute(
        sa.select(TABLE.c.id).where(
            TABLE.c.subscription_id == subscription_id,
            TABLE.c.kind == kind,
            TABLE.c.due_date == due_date,
            TABLE.c.status != DeliveryStatus.PENDING.value,
        )
    ).first()
    return found is not None


def last_sent_on(*, session: Session, subscription_id: int, kind: str, before: date) -> date | None:
    """The due date of the subscription's latest `kind` reminder sent for a day before `before`."""
    value = session.execute(
        sa.select(sa.func.max(TABLE.c.due_date)).where(
            TABLE.c.subscription_id == subscription_id,
            TABLE.c.kind == kind,
            TABLE.c.status == DeliveryStatus.SENT.value,
            TABLE.c.due_date < before,
        )
    ).scalar()
    return value  # type: ignore[no-any-return]


# ---------------------------------------------------------------- planning


def plan_is_stored(
    *, session: Session, subscription_id: int, planned: list[PlannedDelivery], today: date
) -> bool:
    """True when `save_plan` would change nothing, so a steady-state pass only reads (on SQLite
    it then never takes the write lock that chat turns wait for)."""
    rows = session.execute(
        sa.select(TABLE.c.kind, TABLE.c.due_date, TABLE.c.status, TABLE.c.text, TABLE.c.lease_owner,
                  TABLE.c.buttons)
        .where(TABLE.c.subscription_id == subscription_id)
    ).all()
    stored = {(r.kind, r.due_date): r for r in rows}
    for item in planned:
        row = stored.get((item.kind, item.due_date))
        if row is None or (row.status == DeliveryStatus.PENDING.value and _differs(row, item)):
            return False
    keep = {(p.kind, p.due_date) for p in planned}
    return not any(
        r.status == DeliveryStatus.PENDING.value and r.due_date >= today and r.lease_owner is None
        and (r.kind, r.due_date) not in keep
        for r in rows
    )


def _differs(row: Any, item: PlannedDelivery) -> bool:
    """True when a stored unsent row's text or buttons are not the planned ones."""
    return bool(row.text != item.text or (row.buttons or None) != (item.buttons or None))


def save_plan(
    *, session: Session, subscription: ReminderSubscription, planned: list[PlannedDelivery], today: date
) -> int:
    """Insert the planned reminders not yet stored; refresh the text of unsent ones; drop unsent
    ones from today on that the plan no longer has (a date or rule changed). Returns inserts."""
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    added = 0
    for item in planned:
        values = {
            "subscription_id": subscription.id,
            "user_id": subscription.user_id,
            "kind": item.kind,
            "due_date": item.due_date,
            "filing_number": item.filing_number,
            "text": item.text,
            "status": DeliveryStatus.PENDING.value,
            "attempts": 0,
            "next_attempt_at": item.send_at,
            "created_at": utcnow(),
            "buttons": item.buttons or None,
        }
        result = session.execute(
            insert(TABLE).values(**values).on_conflict_do_nothing(
                index_elements=["subscription_id", "kind", "due_date"]
            )
        )
        added += result.rowcount or 0
        _refresh(session, subscription, item)
    keep = {(p.kind, p.due_date) for p in planned}
    stale = session.execute(
        sa.select(TABLE.c.id, TABLE.c.kind, TABLE.c.due_date).where(
            TABLE.c.subscription_id == subscription.id,
            TABLE.c.status == DeliveryStatus.PENDING.value,
            TABLE.c.due_date >= today,
            TABLE.c.lease_owner.is_(None),
        )
    ).all()
    drop = [row.id for row in stale if (row.kind, row.due_date) not in keep]
    if drop:
        session.execute(sa.delete(TABLE).where(TABLE.c.id.in_(drop)))
    return added


def _refresh(session: Session, subscription: ReminderSubscription, item: PlannedDelivery) -> None:
    """Rewrite the text and buttons of the planned row while it is unsent, when they differ
    (compared here: JSON columns do not compare alike in SQL on both databases)."""
    where = sa.and_(
        TABLE.c.subscription_id == subscription.id,
        TABLE.c.kind == item.kind,
        TABLE.c.due_date == item.due_date,
        TABLE.c.status == DeliveryStatus.PENDING.value,
    )
    row = session.execute(sa.select(TABLE.c.id, TABLE.c.text, TABLE.c.buttons).where(where)).first()
    if row is not None and _differs(row, item):
        session.execute(
            sa.update(TABLE).where(TABLE.c.id == row.id).values(text=item.text, buttons=item.buttons or None)
        )


# ---------------------------------------------------------------- sending


def _claimable(now: datetime) -> sa.ColumnElement[bool]:
    return sa.and_(
        TABLE.c.status == DeliveryStatus.PENDING.value,
        TABLE.c.next_attempt_at <= now,
        sa.or_(TABLE.c.lease_until.is_(None), TABLE.c.lease_until < now),
    )


def claim_due(
    engine: Engine | str | None, *, owner: str, now: datetime, lease: timedelta, limit: int = 30
) -> list[Claimed]:
    """Lease up to `limit` due rows to `owner` and return them; commits on its own."""
    until = now + lease
    columns = (TABLE.c.id, TABLE.c.user_id, TABLE.c.text, TABLE.c.attempts, TABLE.c.due_date, TABLE.c.kind,
               TABLE.c.buttons)
    with write_session(engine) as session:
        if session.get_bind().dialect.name == "postgresql":
            chosen = (
                sa.select(TABLE.c.id)
                .where(_claimable(now))
                .order_by(TABLE.c.next_attempt_at, TABLE.c.id)
                .limit(limit)
                .with_for_update(skip_locked=True)
                .scalar_subquery()
            )
            rows = session.execute(
                sa.update(TABLE)
                .where(TABLE.c.id.in_(chosen))
                .values(lease_owner=owner, lease_until=until)
                .returning(*columns)
            ).all()
        else:
            candidates = session.execute(
                sa.select(*columns)
                .where(_claimable(now))
                .order_by(TABLE.c.next_attempt_at, TABLE.c.id)
                .limit(limit)
            ).all()
            rows = []
            for row in candidates:
                won = session.execute(
                    sa.update(TABLE)
                    .where(TABLE.c.id == row.id, _claimable(now))
                    .values(lease_owner=owner, lease_until=until)
                )
                if won.rowcount == 1:
                    rows.append(row)
    return sorted(
        (Claimed(r.id, r.user_id, r.text, r.attempts, r.due_date, r.kind, r.buttons) for r in rows),
        key=lambda c: c.id,
    )


def _finish(engine: Engine | str | None, delivery_id: int, owner: str, **values: object) -> bool:
    """Apply `values` only while `owner` still holds the lease; True when it did."""
    with write_session(engine) as session:
        result = session.execute(
            sa.update(TABLE)
            .where(
                TABLE.c.id == delivery_id,
                TABLE.c.lease_owner == owner,
                TABLE.c.status == DeliveryStatus.PENDING.value,
            )
            .values(lease_owner=None, lease_until=None, attempts=TABLE.c.attempts + 1, **values)
        )
        return result.rowcount == 1


def mark_sent(engine: Engine | str | None, delivery_id: int, *, owner: str, now: datetime) -> bool:
    return _finish(engine, delivery_id, owner, status=DeliveryStatus.SENT.value, sent_at=now)


def mark_retry(
    engine: Engine | str | None, delivery_id: int, *, owner: str, at: datetime, error: str
) -> bool:
    return _finish(engine, delivery_id, owner, next_attempt_at=at, last_error=error[:300])


def mark_failed(engine: Engine | str | None, delivery_id: int, *, owner: str, error: str) -> bool:
    return _finish(engine, delivery_id, owner, status=DeliveryStatus.FAILED.value, last_error=error[:300])


def release(engine: Engine | str | None, delivery_id: int, *, owner: str, at: datetime) -> bool:
    """Give a leased row back unsent, to be claimed again from `at` (not an attempt)."""
    with write_session(engine) as session:
        result = session.execute(
            sa.update(TABLE)
            .where(TABLE.c.id == delivery_id, TABLE.c.lease_owner == owner,
                   TABLE.c.status == DeliveryStatus.PENDING.value)
            .values(lease_owner=None, lease_until=None, next_attempt_at=at)
        )
        return result.rowcount == 1


def next_due_at(engine: Engine | str | None, now: datetime) -> datetime | None:
    """When the next unleased pending row becomes due (None when there is none)."""
    with session_scope(engine) as session:
        value = session.execute(
            sa.select(sa.func.min(TABLE.c.next_attempt_at)).where(
                TABLE.c.status == DeliveryStatus.PENDING.value,
                sa.or_(TABLE.c.lease_until.is_(None), TABLE.c.lease_until < now),
            )
        ).scalar()
    return value  # type: ignore[no-any-return]  (min() keeps the column's UTC type)


def end_user(engine: Engine | str | None, user_id: str, *, now: datetime, reason: str) -> int:
    """End every subscription of a user the channel says is unreachable (bot blocked)."""
    with write_session(engine) as session:
        return cancel_all(session=session, user_id=user_id, now=now, reason=reason)
