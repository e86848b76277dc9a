"""Reminder tables: what a user subscribed to, and one delivery row per reminder to send.

A subscription ties a chat user to a filing (`target` = the filing number), to the weekly
digest, or to one date /deadline computed (`target` = a hash of its inputs, kept in `detail`). Delivery rows are planned from the
subscription by `tools.reminders` and sent by `tools.reminder_sender`; the unique
(subscription, kind, due_date) constraint is what makes planning idempotent when several
workers plan at once, and the lease columns are what make sending exactly-once: a worker
may only send a row it leased with a conditional update (see `db.reminder_queue`).

Imported by `db/__init__.py`, so the tables are on `SQLModel.metadata` whenever the db
package is. No `from __future__ import annotations`: SQLModel reads annotations at runtime.
"""

from datetime import date, datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

import db.models  # noqa: F401  (sets the metadata naming convention before these tables)
from db.types import JSONType, UTCDateTime, enum_type, utcnow


class SubscriptionKind(StrEnum):
    """What a subscription follows; stored as its value."""

    FILING = "filing"  # a linked staff member's filing: renewal window, expiry, status
    DIGEST = "digest"  # a regulator's weekly digest of their jurisdiction (target "weekly")
    DEADLINE = "deadline"  # a one-off date from /deadline ("提醒我"); inputs in `detail`


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class ReminderSubscription(SQLModel, table=True):
    """One user following one target. Cancelled rows are kept (`active` false, with why)."""

    __tablename__ = "reminder_subscription"
    __table_args__ = (sa.UniqueConstraint("user_id", "kind", "target"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: str = Field(max_length=64, index=True)
    kind: SubscriptionKind = Field(sa_type=enum_type(SubscriptionKind))
    target: str = Field(max_length=40, index=True)
    active: bool = Field(default=True, index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    cancelled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    cancel_reason: str | None = Field(default=None, max_length=100)
    # What a DEADLINE subscription computes its date from (jurisdiction, event, date, role),
    # so the date is recomputed from the rule table like a filing's; None for other kinds.
    detail: dict[str, Any] | None = Field(default=None, sa_type=JSONType)


class ReminderDelivery(SQLModel, table=True):
    """One reminder to one user; `text` is fixed when planned so what is sent is what was listed."""

    __tablename__ = "reminder_delivery"
    __table_args__ = (
        sa.UniqueConstraint("subscription_id", "kind", "due_date"),
        sa.Index("ix_reminder_delivery_due", "status", "next_attempt_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    subscription_id: int = Field(
        foreign_key="reminder_subscription.id", index=True, ondelete="CASCADE"
    )
    user_id: str = Field(max_length=64, index=True)
    kind: str = Field(max_length=40)
    due_date: date
    filing_number: str | None = Field(default=None, max_length=20)
    text: str = Field(sa_type=sa.Text)
    status: DeliveryStatus = Field(default=DeliveryStatus.PENDING, sa_type=enum_type(DeliveryStatus))
    attempts: int = Field(default=0)
    next_attempt_at: datetime = Field(sa_type=UTCDateTime)
    lease_owner: str | None = Field(default=None, max_length=80)
    lease_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_error: str | None = Field(default=None, max_length=300)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # Inline buttons sent under the text, fixed when planned like the text:
    # [[[label, action, *args], …], …] (tools.reminders.buttons_to_json); None for none.
    buttons: list[Any] | None = Field(default=None, sa_type=JSONType)
