"""Shared fixtures for the whole test suite. Database fixtures live in tests/db_fixtures.py."""

from tests.db_fixtures import *  # noqa: F403  (fixtures and the report header hook)
from tests.index_fixtures import *  # noqa: F403  (shared search index and chat engines)

# Generated-input tests: POLICYBOT_FUZZ=nightly runs 10,000+ inputs each (see tests/fuzz_profile.py).
from hypothesis import settings as _hypothesis_settings  # noqa: E402

from tests.fuzz_profile import NIGHTLY as _NIGHTLY  # noqa: E402
from tests.fuzz_profile import NIGHTLY_EXAMPLES as _NIGHTLY_EXAMPLES  # noqa: E402

_hypothesis_settings.register_profile("nightly", max_examples=_NIGHTLY_EXAMPLES, deadline=None)
if _NIGHTLY:
    _hypothesis_settings.load_profile("nightly")
