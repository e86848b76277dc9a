"""Shared fixtures for the whole test suite. Database fixtures live in tests/db_fixtures.py."""

from tests.db_fixtures import *  # noqa: F403  (fixtures and the report header hook)
from tests.index_fixtures import *  # noqa: F403  (shared search index and chat engines)
