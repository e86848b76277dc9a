"""Initial registry schema: agencies, filings, supervision, append-only audit log, chat state.

Types are spelled out here (not imported from db.types) so this revision never changes
when the models do. The audit log refuses UPDATE and DELETE through triggers on both
SQLite and PostgreSQL, so "append-only" holds even for code that bypasses db.crud.

Revision ID: 0001
Revises:
Create Date: 2026-11-22 00:23:16.724032
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON_TYPE = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

_SQLITE_TRIGGERS = [
    """CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END""",
    """CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END""",
]
_PG_TRIGGERS = [
    """CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION 'audit_log is append-only'; END;
    $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()""",
    """CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()""",
]


def _create_audit_triggers() -> None:
    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": _SQLITE_TRIGGERS, "postgresql": _PG_TRIGGERS}.get(dialect, []):
        op.execute(statement)


def _drop_audit_triggers() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_change ON audit_log")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")


def upgrade() -> None:
    op.create_table(
        "agency",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("short_name", sa.String(length=50), nullable=True),
        sa.Column("credit_code", sa.String(length=18), nullable=False),
        sa.Column("agency_type", sa.String(length=32), nullable=False),
        sa.Column("jurisdiction", sa.String(length=32), nullable=False),
        sa.Column("region", sa.String(length=30), nullable=False),
        sa.Column("contact_person", sa.String(length=50), nullable=True),
        sa.Column("contact_phone", sa.String(length=50), nullable=True),
        sa.Column("staff_count", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agency")),
    )
    with op.batch_alter_table("agency", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agency_credit_code"), ["credit_code"], unique=True)
        batch_op.create_index(batch_op.f("ix_agency_jurisdiction"), ["jurisdiction"], unique=False)
        batch_op.create_index(batch_op.f("ix_agency_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_agency_region"), ["region"], unique=False)

    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("entity", sa.String(length=30), nullable=False),
        sa.Column("entity_id", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("before", JSON_TYPE, nullable=True),
        sa.Column("after", JSON_TYPE, nullable=True),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_entity"), ["entity"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_entity_id"), ["entity_id"], unique=False)
    _create_audit_triggers()

    op.create_table(
        "checklist_progress",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("checklist_id", sa.String(length=80), nullable=False),
        sa.Column("done_items", JSON_TYPE, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checklist_progress")),
        sa.UniqueConstraint(
            "user_id", "checklist_id", name=op.f("uq_checklist_progress_user_id_checklist_id")
        ),
    )
    with op.batch_alter_table("checklist_progress", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_checklist_progress_user_id"), ["user_id"], unique=False
        )

    op.create_table(
        "conversation_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("dialogue", sa.String(length=50), nullable=False),
        sa.Column("step", sa.String(length=50), nullable=False),
        sa.Column("answers", JSON_TYPE, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversation_state")),
        sa.UniqueConstraint(
            "user_id", "dialogue", name=op.f("uq_conversation_state_user_id_dialogue")
        ),
    )
    with op.batch_alter_table("conversation_state", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_conversation_state_user_id"), ["user_id"], unique=False
        )

    op.create_table(
        "staff_link_code",
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("filing_number", sa.String(length=20), nullable=False),
        sa.Column("issued_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_by", sa.String(length=64), nullable=True),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_staff_link_code")),
    )
    with op.batch_alter_table("staff_link_code", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_staff_link_code_filing_number"), ["filing_number"], unique=False
        )

    op.create_table(
        "user_profile",
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("jurisdiction", sa.String(length=32), nullable=True),
        sa.Column("region", sa.String(length=30), nullable=True),
        sa.Column("linked_filing_number", sa.String(length=20), nullable=True),
        sa.Column("verified", sa.Boolean(), nullable=False),
        sa.Column("display_name", sa.String(length=100), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_user_profile")),
    )
    with op.batch_alter_table("user_profile", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_user_profile_linked_filing_number"),
            ["linked_filing_number"],
            unique=False,
        )

    op.create_table(
        "filing",
        sa.Column("filing_number", sa.String(length=20), nullable=False),
        sa.Column("scope", JSON_TYPE, nullable=False),
        sa.Column("filed_on", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("termination_kind", sa.String(length=32), nullable=True),
        sa.Column("state_reason", sa.String(length=500), nullable=True),
        sa.Column("state_basis", JSON_TYPE, nullable=True),
        sa.Column("state_changed_on", sa.Date(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["agency.id"],
            name=op.f("fk_filing_agency_id_agency"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_filing")),
    )
    with op.batch_alter_table("filing", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_filing_agency_id"), ["agency_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_filing_filing_number"), ["filing_number"], unique=True)
        batch_op.create_index(batch_op.f("ix_filing_state"), ["state"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_filing_state_changed_on"), ["state_changed_on"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_filing_valid_until"), ["valid_until"], unique=False)

    op.create_table(
        "supervision_record",
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("result", sa.String(length=32), nullable=True),
        sa.Column("rating", sa.String(length=32), nullable=True),
        sa.Column("notes", sa.String(length=1000), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("filing_id", sa.Integer(), nullable=False),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["filing_id"],
            ["filing.id"],
            name=op.f("fk_supervision_record_filing_id_filing"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_record")),
    )
    with op.batch_alter_table("supervision_record", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_supervision_record_filing_id"), ["filing_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_supervision_record_held_on"), ["held_on"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("supervision_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_supervision_record_held_on"))
        batch_op.drop_index(batch_op.f("ix_supervision_record_filing_id"))

    op.drop_table("supervision_record")
    with op.batch_alter_table("filing", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_filing_valid_until"))
        batch_op.drop_index(batch_op.f("ix_filing_state_changed_on"))
        batch_op.drop_index(batch_op.f("ix_filing_state"))
        batch_op.drop_index(batch_op.f("ix_filing_filing_number"))
        batch_op.drop_index(batch_op.f("ix_filing_agency_id"))

    op.drop_table("filing")
    with op.batch_alter_table("user_profile", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_user_profile_linked_filing_number"))

    op.drop_table("user_profile")
    with op.batch_alter_table("staff_link_code", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_link_code_filing_number"))

    op.drop_table("staff_link_code")
    with op.batch_alter_table("conversation_state", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conversation_state_user_id"))

    op.drop_table("conversation_state")
    with op.batch_alter_table("checklist_progress", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_checklist_progress_user_id"))

    op.drop_table("checklist_progress")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_entity_id"))
        batch_op.drop_index(batch_op.f("ix_audit_log_entity"))
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))

    _drop_audit_triggers()
    op.drop_table("audit_log")
    with op.batch_alter_table("agency", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agency_region"))
        batch_op.drop_index(batch_op.f("ix_agency_name"))
        batch_op.drop_index(batch_op.f("ix_agency_jurisdiction"))
        batch_op.drop_index(batch_op.f("ix_agency_credit_code"))

    op.drop_table("agency")
