"""Reminder subscriptions: turn one on, list a user's, cancel one, a kind or all.

Cancelling also fails the subscription's unsent deliveries in the queue
(`db.reminder_queue`), in the same unit of work, so nothing more goes out.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from db.reminder_models import DeliveryStatus, ReminderDelivery, ReminderSubscription, SubscriptionKind

__all__ = ["active_subscriptions", "cancel_all", "cancel_kind", "cancel_subscription", "subscribe",
           "user_subscriptions"]

TABLE = ReminderDelivery.__table__  # type: ignore[attr-defined]


def subscribe(
    *,
    session: Session,
    user_id: str,
    target: str,
    kind: SubscriptionKind = SubscriptionKind.FILING,
    detail: dict[str, Any] | None = None,
) -> ReminderSubscription:
    """Turn a subscription on (again); one row per user, kind and target."""
    row = session.exec(
        select(ReminderSubscription).where(
            ReminderSubscription.user_id == user_id,
            ReminderSubscription.kind == kind,
            ReminderSubscription.target == target,
        )
    ).first()
    if row is None:
        row = ReminderSubscription(user_id=user_id, kind=kind, target=target)
    if detail is not None:
        row.detail = detail
    row.active, row.cancelled_at, row.cancel_reason = True, None, None
    session.add(row)
    session.flush()
    return row


def user_subscriptions(*, session: Session, user_id: str) -> list[ReminderSubscription]:
    return list(
        session.exec(
            select(ReminderSubscription)
            .where(ReminderSubscription.user_id == user_id, col(ReminderSubscription.active))
            .order_by(col(ReminderSubscription.id))
        ).all()
    )


def active_subscriptions(*, session: Session) -> list[ReminderSubscription]:
    return list(
        session.exec(
            select(ReminderSubscription)
            .where(col(ReminderSubscription.active))
            .order_by(col(ReminderSubscription.id))
        ).all()
    )


def _cancel(session: Session, subs: Iterable[ReminderSubscription], reason: str, now: datetime) -> int:
    """Deactivate `subs` and fail their unsent deliveries, so nothing more goes out."""
    ids = []
    for sub in subs:
        sub.active, sub.cancelled_at, sub.cancel_reason = False, now, reason[:100]
        session.add(sub)
        ids.append(sub.id)
    if ids:
        session.execute(
            sa.update(TABLE)
            .where(TABLE.c.subscription_id.in_(ids), TABLE.c.status == DeliveryStatus.PENDING.value)
            .values(status=DeliveryStatus.FAILED.value, last_error=f"订阅已取消:{reason}"[:300],
                    lease_owner=None, lease_until=None)
        )
    return len(ids)


def cancel_subscription(
    *, session: Session, user_id: str, subscription_id: int, now: datetime, reason: str = "用户取消"
) -> bool:
    """Cancel one of the user's own subscriptions; False when it is not theirs or not active."""
    sub = session.get(ReminderSubscription, subscription_id)
    if sub is None or sub.user_id != user_id or not sub.active:
        return False
    return bool(_cancel(session, [sub], reason, now))


def cancel_all(*, session: Session, user_id: str, now: datetime, reason: str = "用户取消") -> int:
    """Cancel every active subscription of the user (`/remind off`, or Telegram said blocked)."""
    return _cancel(session, user_subscriptions(session=session, user_id=user_id), reason, now)


def cancel_kind(
    *, session: Session, user_id: str, kind: SubscriptionKind, now: datetime, reason: str
) -> int:
    """Cancel the user's active subscriptions of one kind (a digest whose reader is no longer
    a regulator), leaving the others."""
    subs = [s for s in user_subscriptions(session=session, user_id=user_id) if s.kind is kind]
    return _cancel(session, subs, reason, now)
