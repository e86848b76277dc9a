"""Telegram update ids taken by a webhook worker, so a retried update is not answered twice
(insert-or-ignore: the first worker to insert an id handles it), with the lease under which a
worker answers it (cleared once answered; an expired lease is taken over after a crash).

Revision ID: 0004_processed_updates
Revises: 0003_chat_subject
Create Date: 2026-12-01 12:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_processed_updates"
down_revision: str | None = "0003_chat_subject"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "processed_updates",
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("update_id", name=op.f("pk_processed_updates")),
    )
    op.create_index(
        op.f("ix_processed_updates_received_at"), "processed_updates", ["received_at"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_processed_updates_received_at"), table_name="processed_updates")
    op.drop_table("processed_updates")
