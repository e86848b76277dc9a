"""Alembic migrations on real SQLite and PostgreSQL: schema matches the models, the audit log
is append-only at the database level, and `policybot db upgrade` works from any directory."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.exc import DBAPIError
from sqlmodel import SQLModel
from typer.testing import CliRunner

import db.models  # noqa: F401  (tables on the metadata)
from config import get_settings
from db.cli import app
from db.migrate import current_revision, downgrade, head_revision, upgrade
from db.session import dispose_engine, get_engine


def test_migrated_schema_matches_the_models(db_engine: sa.Engine) -> None:
    assert current_revision(db_engine) == head_revision()
    with db_engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), SQLModel.metadata
        )
    assert diff == []


def test_audit_log_refuses_update_and_delete(db_engine: sa.Engine) -> None:
    with db_engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO audit_log (at, actor, entity, entity_id, action) "
                "VALUES (CURRENT_TIMESTAMP, 'tester', 'agency', 'x', 'create')"
            )
        )
    statements = ["UPDATE audit_log SET actor = 'someone else'", "DELETE FROM audit_log"]
    if db_engine.dialect.name == "postgresql":
        statements.append("TRUNCATE audit_log")
    for statement in statements:
        with pytest.raises(DBAPIError, match="append-only"), db_engine.begin() as conn:
            conn.execute(sa.text(statement))
    with db_engine.connect() as conn:
        assert conn.execute(sa.text("SELECT actor FROM audit_log")).scalar_one() == "tester"


def test_downgrade_then_upgrade_round_trips(db_engine: sa.Engine) -> None:
    downgrade(db_engine, "base")
    assert current_revision(db_engine) is None
    assert "agency" not in sa.inspect(db_engine).get_table_names()
    upgrade(db_engine)
    assert {"agency", "filing", "audit_log", "user_profile"} <= set(
        sa.inspect(db_engine).get_table_names()
    )


def test_cli_upgrade_runs_from_any_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'fresh' / 'policybot.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.chdir(tmp_path)
    get_settings.cache_clear()
    try:
        first = CliRunner().invoke(app, ["upgrade"])
        again = CliRunner().invoke(app, ["upgrade"])
    finally:
        get_settings.cache_clear()
        dispose_engine(url)
    assert first.exit_code == 0, first.output
    assert f"空库 → {head_revision()}" in first.output
    assert "已是最新" in again.output
    assert current_revision(get_engine(url)) == head_revision()
    dispose_engine(url)


def test_commands_on_an_unmigrated_database_say_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["export", str(tmp_path / "out.csv")])
    finally:
        get_settings.cache_clear()
        dispose_engine(url)
    assert result.exit_code == 1
    assert "policybot db upgrade" in result.output
    assert "Traceback" not in result.output
