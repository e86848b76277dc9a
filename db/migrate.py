"""Run the Alembic migrations from Python, from any working directory.

`upgrade()` is what `policybot db upgrade` and the test fixtures call. The URL comes from
the argument or settings and the connection is handed to `migrations/env.py` directly, so
a password with `%` in it is never interpolated by configparser.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

from db.session import get_engine

HERE = Path(__file__).resolve().parent


def alembic_config() -> Config:
    cfg = Config(str(HERE / "alembic.ini"))
    cfg.set_main_option("script_location", str(HERE / "migrations"))
    return cfg


def upgrade(url: str | Engine | None = None, revision: str = "head") -> str | None:
    """Bring the database to `revision`; returns the revision it is at afterwards."""
    engine = url if isinstance(url, Engine) else get_engine(url)
    cfg = alembic_config()
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)
    return current_revision(engine)


def downgrade(url: str | Engine | None = None, revision: str = "base") -> None:
    engine = url if isinstance(url, Engine) else get_engine(url)
    cfg = alembic_config()
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, revision)


def current_revision(url: str | Engine | None = None) -> str | None:
    engine = url if isinstance(url, Engine) else get_engine(url)
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()
