"""The one place engines and sessions are made: `get_engine(url)` and `session_scope()`.

SQLite under `data/` unless `DATABASE_URL` names another SQLAlchemy URL (PostgreSQL is
tested). Nothing connects at import. `session_scope` is the unit of work: it commits
once at the end and rolls back everything if anything raised, which is what makes an
import all-or-nothing (CRUD functions never commit).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlmodel import Session

from config import get_settings
from errors import PolicybotError

logger = logging.getLogger(__name__)

POLICY_TZ = ZoneInfo("Asia/Shanghai")


def today_cn() -> date:
    """Today's date in China, which is what 有效期 and 剩余天数 are counted against (or
    AS_OF_DATE, which reproduces an evaluation written on that day)."""
    return get_settings().as_of_date or datetime.now(POLICY_TZ).date()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    # WAL lets readers work while one turn writes; NORMAL sync is safe with WAL and keeps
    # each turn's short commit cheap when many users talk at once.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


_ENGINES: dict[str, Engine] = {}
_LOCK = threading.Lock()


def _create_engine(url: str) -> Engine:
    parsed = make_url(url)
    kwargs: dict[str, Any] = {"future": True}
    if parsed.get_backend_name() == "sqlite":
        kwargs["connect_args"] = {"check_same_thread": False}
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        else:
            kwargs["poolclass"] = sa.pool.StaticPool
    else:
        kwargs["pool_pre_ping"] = True
    engine = sa.create_engine(url, **kwargs)
    if parsed.get_backend_name() == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def get_engine(url: str | None = None) -> Engine:
    """One engine per URL for the process; `url=None` means the configured database."""
    key = url or get_settings().effective_database_url
    with _LOCK:
        if key not in _ENGINES:
            _ENGINES[key] = _create_engine(key)
        return _ENGINES[key]


def dispose_engine(url: str) -> None:
    """Close and forget the engine of one URL (a test database about to be dropped)."""
    with _LOCK:
        engine = _ENGINES.pop(url, None)
    if engine is not None:
        engine.dispose()


def dispose_engines() -> None:
    """Close every pooled connection and forget the engines (tests; before deleting a file)."""
    with _LOCK:
        for engine in _ENGINES.values():
            engine.dispose()
        _ENGINES.clear()


_DURABLE = "policybot.durable_writes"
DurableWrite = Callable[[Session], object]


def keep_durable(session: Session, write: DurableWrite) -> None:
    """Register `write` (already applied to `session`) to be applied again if the unit of work
    rolls back: an audit entry of a refusal or failed attempt must outlive the error it causes."""
    session.info.setdefault(_DURABLE, []).append(write)


def replay_durable(session: Session) -> int:
    """Apply the registered durable writes again (after a rollback, or a rollback to a
    savepoint, discarded them); each write registers itself anew. Returns how many."""
    pending: list[DurableWrite] = session.info.pop(_DURABLE, [])
    for write in pending:
        write(session)
    return len(pending)


def _save_durable(session: Session) -> None:
    """After a failed unit of work, commit its durable writes on their own; never raises."""
    try:
        if replay_durable(session):
            session.commit()
    except Exception:  # the original error matters more than the lost audit line
        session.rollback()
        logger.exception("could not save durable writes after a rollback")


@contextmanager
def session_scope(engine: Engine | str | None = None) -> Iterator[Session]:
    """A session that commits on success and rolls back on any exception, except durable
    writes (`keep_durable`), which are then committed in a transaction of their own."""
    bind = engine if isinstance(engine, Engine) else get_engine(engine)
    session = Session(bind, expire_on_commit=False)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        _save_durable(session)
        raise
    finally:
        session.info.pop(_DURABLE, None)
        session.close()


def begin_write(session: Session) -> None:
    """Start the session's transaction holding SQLite's write lock (`BEGIN IMMEDIATE`), so a
    turn's reads and writes form one ordered unit; a no-op elsewhere (PostgreSQL locks rows).

    Must be the session's first statement. pysqlite would otherwise begin lazily at the first
    write, after the reads it depends on, which is how concurrent turns lost updates."""
    connection = session.connection()
    if connection.dialect.name == "sqlite" and not connection.connection.dbapi_connection.in_transaction:  # type: ignore[union-attr]
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def schema_error(exc: Exception) -> PolicybotError | None:
    """A Chinese message when `exc` means the tables are missing, else None."""
    if isinstance(exc, OperationalError | ProgrammingError):
        text = str(exc).lower()
        if "no such table" in text or "does not exist" in text or "undefinedtable" in text:
            return PolicybotError("登记数据库尚未初始化,请先运行 `policybot db upgrade`。")
        if "locked" in text or "busy" in text:
            return PolicybotError("系统繁忙,请稍后再试。")
        if isinstance(exc, OperationalError):
            return PolicybotError("无法连接登记数据库,请检查 DATABASE_URL 配置或数据库服务。")
    return None
