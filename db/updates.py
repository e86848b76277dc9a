"""Telegram update ids already accepted: one answer per update across retries and workers.

Telegram re-sends an update that did not get a 200 (a timeout, a restart), and behind a
proxy the retry may reach another worker, so the record lives in the database: an
insert-or-ignore on the primary key, and whichever worker inserts first handles the update.
Rows older than `KEEP` are pruned; Telegram stops retrying long before that. No commits
here: the caller's `session_scope` commits.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, delete

from db.models import ProcessedUpdate

KEEP = timedelta(days=1)


def claim_update(*, session: Session, update_id: int, now: datetime) -> bool:
    """True when this call recorded `update_id` first; False when it was already handled."""
    table = ProcessedUpdate.__table__  # type: ignore[attr-defined]
    values = {"update_id": update_id, "received_at": now}
    dialect = session.get_bind().dialect.name
    statement: sa.Executable
    if dialect == "postgresql":
        statement = postgresql.insert(table).values(values).on_conflict_do_nothing()
    elif dialect == "sqlite":
        statement = sqlite.insert(table).values(values).on_conflict_do_nothing()
    else:  # portable fallback: look first (racy between workers, unlike the two above)
        if session.get(ProcessedUpdate, update_id) is not None:
            return False
        statement = sa.insert(table).values(values)
    result = session.execute(statement)
    return bool(getattr(result, "rowcount", 0) == 1)


def prune_updates(*, session: Session, now: datetime) -> int:
    """Forget update ids received more than `KEEP` ago; returns how many went."""
    result = session.execute(
        delete(ProcessedUpdate).where(col(ProcessedUpdate.received_at) < now - KEEP)
    )
    return int(getattr(result, "rowcount", 0) or 0)
