"""Alembic environment: migrate the registry schema on the connection `db.migrate` passes in.

When run through `db.migrate.upgrade` the live connection arrives in
`config.attributes["connection"]`; when run with the `alembic` command the URL comes from
settings (DATABASE_URL, else SQLite under data/). Batch mode lets SQLite alter tables.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

import db.models  # noqa: F401  (registers the tables on SQLModel.metadata)

config = context.config
target_metadata = SQLModel.metadata


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )


def run_migrations_offline() -> None:
    from db.session import get_engine

    context.configure(
        url=get_engine().url.render_as_string(hide_password=False),
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    from db.session import get_engine

    with get_engine().connect() as own:
        _configure(own)
        with context.begin_transaction():
            context.run_migrations()
        own.commit()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
