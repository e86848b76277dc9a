"""Reminder subscriptions and deliveries (one row per subscription, kind and due date, with a
lease so exactly one worker sends it).

Revision ID: 0005_reminders
Revises: 0004_processed_updates
Create Date: 2026-12-01 13:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_reminders"
down_revision: str | None = "0004_processed_updates"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reminder_subscription",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("target", sa.String(length=40), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancel_reason", sa.String(length=100), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder_subscription")),
        sa.UniqueConstraint(
            "user_id", "kind", "target", name=op.f("uq_reminder_subscription_user_id_kind_target")
        ),
    )
    op.create_index(op.f("ix_reminder_subscription_user_id"), "reminder_subscription", ["user_id"])
    op.create_index(op.f("ix_reminder_subscription_target"), "reminder_subscription", ["target"])
    op.create_index(op.f("ix_reminder_subscription_active"), "reminder_subscription", ["active"])

    op.create_table(
        "reminder_delivery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subscription_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("filing_number", sa.String(length=20), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lease_owner", sa.String(length=80), nullable=True),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=300), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["subscription_id"],
            ["reminder_subscription.id"],
            name=op.f("fk_reminder_delivery_subscription_id_reminder_subscription"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder_delivery")),
        sa.UniqueConstraint(
            "subscription_id",
            "kind",
            "due_date",
            name=op.f("uq_reminder_delivery_subscription_id_kind_due_date"),
        ),
    )
    op.create_index(
        op.f("ix_reminder_delivery_subscription_id"), "reminder_delivery", ["subscription_id"]
    )
    op.create_index(op.f("ix_reminder_delivery_user_id"), "reminder_delivery", ["user_id"])
    op.create_index("ix_reminder_delivery_due", "reminder_delivery", ["status", "next_attempt_at"])


def downgrade() -> None:
    op.drop_table("reminder_delivery")
    op.drop_table("reminder_subscription")
