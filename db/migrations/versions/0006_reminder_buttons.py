"""Reminder buttons and one-off deadline reminders: `reminder_delivery.buttons` (the inline
buttons sent under a reminder) and `reminder_subscription.detail` (what a "提醒我" deadline
subscription computes its date from). Both nullable, added in place on both databases.

Revision ID: 0006_reminder_buttons
Revises: 0005_reminders
Create Date: 2026-12-01 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0006_reminder_buttons"
down_revision: str | None = "0005_reminders"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON_TYPE = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.add_column("reminder_subscription", sa.Column("detail", JSON_TYPE, nullable=True))
    op.add_column("reminder_delivery", sa.Column("buttons", JSON_TYPE, nullable=True))


def downgrade() -> None:
    # In place on both (SQLite >= 3.35 drops a column itself): a batch copy of
    # reminder_subscription would drop the table, and with foreign keys on that cascades
    # to every delivery row.
    for table, column in (("reminder_delivery", "buttons"), ("reminder_subscription", "detail")):
        op.execute(sa.text(f"ALTER TABLE {table} DROP COLUMN {column}"))
