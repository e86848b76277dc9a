"""The last question's subject per user, for follow-ups ("那内蒙古呢", "它能评钳工吗").

Revision ID: 0003_chat_subject
Revises: 0002
Create Date: 2026-12-01 12:25:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003_chat_subject"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON_TYPE = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "chat_subject",
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("subject", JSON_TYPE, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_chat_subject")),
    )


def downgrade() -> None:
    op.drop_table("chat_subject")
