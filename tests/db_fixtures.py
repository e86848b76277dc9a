"""Database fixtures: a fresh, migrated, real database per test, on SQLite and on PostgreSQL.

`db_url` is parametrised: `sqlite` (a file under tmp_path) and `postgresql` (marked
`postgres`; a throwaway server from scripts/pg_test_server.py, started once per session,
skipped with the reason shown when PostgreSQL cannot be installed). Migrations run once per
backend into a template (a file copied per test on SQLite, `CREATE DATABASE ... TEMPLATE`
on PostgreSQL), so each test still starts from its own database without paying for a
migration. `sample_url` is the same with the sample registry seeded as of
`SAMPLE_REFERENCE_DATE` (= `TODAY`), so statuses are predictable. On PostgreSQL the blank
database is one shared database emptied before each test (CREATE DATABASE is slow).

Loaded by tests/conftest.py (`from tests.db_fixtures import *`).
"""

from __future__ import annotations

import os
import shutil
import sys
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlmodel import Session, SQLModel

from config import get_settings
from corpus.models import Jurisdiction
from db.credit_code import make_credit_code
from db.enums import AgencyType
from db.migrate import upgrade
from db.models import AgencyCreate, FilingCreate
from db.seed import SAMPLE_REFERENCE_DATE, seed_sample
from db.session import dispose_engine, get_engine, session_scope

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from pg_test_server import PgServer, PgUnavailable, find_bindir  # noqa: E402

TODAY = SAMPLE_REFERENCE_DATE
PG_URL_ENV = ("PG_TEST_URL", "POLICYBOT_TEST_PG_URL")

__all__ = [
    "TODAY",
    "agency_in",
    "configured",
    "filing_in",
    "db_url",
    "db_engine",
    "pg_server_url",
    "pg_templates",
    "pytest_report_header",
    "sample_ro_url",
    "sample_url",
    "db_session",
    "sqlite_templates",
]


def agency_in(n: int = 1, **overrides: Any) -> AgencyCreate:
    """A valid 兵团 employer; `n` varies the name and credit code."""
    values: dict[str, Any] = {
        "name": f"示例测试机构{n}有限公司",
        "short_name": f"测试{n}",
        "credit_code": make_credit_code("9", "1", "659001", f"{n:08d}"),
        "agency_type": AgencyType.EMPLOYER,
        "jurisdiction": Jurisdiction.BINGTUAN,
        "region": "第八师石河子市",
        "staff_count": 5,
    }
    return AgencyCreate(**(values | overrides))


def filing_in(number: str = "BT-2024-0001", **overrides: Any) -> FilingCreate:
    values: dict[str, Any] = {
        "filing_number": number,
        "scope": [{"occupation": "电工", "levels": ["五级", "四级"]}],
        "filed_on": date(2024, 3, 1),
        "valid_until": date(2027, 2, 28),
    }
    return FilingCreate(**(values | overrides))


def pytest_report_header() -> str:
    if any(os.environ.get(name) for name in PG_URL_ENV):
        return "policybot DB tests: PostgreSQL from PG_TEST_URL"
    found = find_bindir()
    if found:
        return f"policybot DB tests: SQLite + PostgreSQL ({found})"
    return "policybot DB tests: PostgreSQL binaries not found; will try apt-get, else skip postgres tests"


def _seed(url: str) -> None:
    with session_scope(url) as s:
        seed_sample(session=s, today=TODAY)


@pytest.fixture(scope="session")
def sqlite_templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("sqlite-templates")
    blank, sample = root / "blank.db", root / "sample.db"
    upgrade(f"sqlite:///{blank}")
    dispose_engine(f"sqlite:///{blank}")
    shutil.copy(blank, sample)
    _seed(f"sqlite:///{sample}")
    dispose_engine(f"sqlite:///{sample}")
    shutil.copy(sample, root / "sample_ro.db")
    return {"blank": blank, "sample": sample, "sample_ro": root / "sample_ro.db"}


@pytest.fixture(scope="session")
def pg_server_url() -> Iterator[str]:
    for name in PG_URL_ENV:
        if os.environ.get(name):
            yield os.environ[name]
            return
    server = PgServer()
    try:
        url = server.start()
    except PgUnavailable as exc:
        pytest.skip(f"PostgreSQL 不可用,跳过 PostgreSQL 测试:{exc}")
    yield url
    server.stop()


def _admin(server_url: str) -> sa.Engine:
    return sa.create_engine(server_url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)


def _db_url(server_url: str, name: str) -> str:
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def pg_templates(pg_server_url: str) -> Iterator[dict[str, str]]:
    admin = _admin(pg_server_url)
    names = {
        "blank": "policybot_tpl_blank",
        "sample": "policybot_tpl_sample",
        "work": "policybot_work",
        "sample_ro": "policybot_sample_ro",
    }
    with admin.connect() as conn:
        for name in names.values():
            conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        conn.execute(sa.text(f"CREATE DATABASE {names['blank']}"))
    upgrade(_db_url(pg_server_url, names["blank"]))
    dispose_engine(_db_url(pg_server_url, names["blank"]))
    with admin.connect() as conn:
        conn.execute(sa.text(f"CREATE DATABASE {names['sample']} TEMPLATE {names['blank']}"))
        conn.execute(sa.text(f"CREATE DATABASE {names['work']} TEMPLATE {names['blank']}"))
    _seed(_db_url(pg_server_url, names["sample"]))
    dispose_engine(_db_url(pg_server_url, names["sample"]))
    with admin.connect() as conn:
        conn.execute(sa.text(f"CREATE DATABASE {names['sample_ro']} TEMPLATE {names['sample']}"))
    yield names
    with admin.connect() as conn:
        for name in names.values():
            conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


def _reset_pg(url: str) -> None:
    """Empty every table of the shared PostgreSQL test database (bypassing the audit triggers)."""
    engine = get_engine(url)
    upgrade(engine)  # at head this is a no-op; it repairs the schema after a downgrade test
    tables = ", ".join(table.name for table in SQLModel.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(sa.text("SET LOCAL session_replication_role = replica"))
        conn.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()


def _fresh(request: pytest.FixtureRequest, tmp_path: Path, kind: str) -> Iterator[str]:
    """SQLite: a copy of the template file. PostgreSQL: the emptied shared database for
    `blank` (CREATE DATABASE costs ~0.4 s here), a copy of the template for `sample`."""
    if request.param == "sqlite":
        path = tmp_path / "policybot.db"
        shutil.copy(request.getfixturevalue("sqlite_templates")[kind], path)
        url = f"sqlite:///{path}"
        yield url
        dispose_engine(url)
        return
    server_url = request.getfixturevalue("pg_server_url")
    names = request.getfixturevalue("pg_templates")
    if kind == "blank":
        url = _db_url(server_url, names["work"])
        _reset_pg(url)
        yield url
        dispose_engine(url)
        return
    name = f"t_{uuid.uuid4().hex[:16]}"
    admin = _admin(server_url)
    with admin.connect() as conn:
        conn.execute(sa.text(f"CREATE DATABASE {name} TEMPLATE {names[kind]}"))
    url = _db_url(server_url, name)
    try:
        yield url
    finally:
        dispose_engine(url)
        with admin.connect() as conn:
            conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated, empty database of its own."""
    yield from _fresh(request, tmp_path, "blank")


@pytest.fixture(params=BACKENDS)
def sample_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database of its own holding the sample registry as of TODAY."""
    yield from _fresh(request, tmp_path, "sample")


@pytest.fixture
def configured(sample_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The sample registry as the configured DATABASE_URL, which tools and the CLI open."""
    monkeypatch.setenv("DATABASE_URL", sample_url)
    get_settings.cache_clear()
    yield sample_url
    get_settings.cache_clear()


@pytest.fixture(params=BACKENDS)
def sample_ro_url(request: pytest.FixtureRequest) -> str:
    """The sample registry shared by every test that only reads it (cheaper than a copy each).

    A test using it must not write: use `sample_url` for anything that changes data,
    refusals included (they are written to the audit log).
    """
    if request.param == "sqlite":
        return f"sqlite:///{request.getfixturevalue('sqlite_templates')['sample_ro']}"
    names = request.getfixturevalue("pg_templates")
    return _db_url(request.getfixturevalue("pg_server_url"), names["sample_ro"])


@pytest.fixture
def db_engine(db_url: str) -> sa.Engine:
    return get_engine(db_url)


@pytest.fixture
def db_session(db_engine: sa.Engine) -> Iterator[Session]:
    with Session(db_engine, expire_on_commit=False) as s:
        yield s
