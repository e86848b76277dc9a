"""Shared fixtures for the whole test suite. Database fixtures live in tests/db_fixtures.py."""

import os

# The suite answers as of the sample registry's own day (db.seed.SAMPLE_REFERENCE_DATE), the day
# its filings are dated against: lists of filings about to expire or terminated within a period,
# and days left, then mean the same on any day the suite runs. Counted from the real date, a
# terminated filing left "the last year" on 2026-12-05 and a test failed with no code changed.
# Set before any settings are read; subprocesses (the CLI, workers) inherit it. A test of
# AS_OF_DATE itself sets and restores its own value (monkeypatch).
os.environ.setdefault("AS_OF_DATE", "2026-11-22")

from tests.db_fixtures import *  # noqa: F403  (fixtures and the report header hook)
from tests.index_fixtures import *  # noqa: F403  (shared search index and chat engines)

# Generated-input tests: POLICYBOT_FUZZ=nightly runs 10,000+ inputs each (see tests/fuzz_profile.py).
from hypothesis import settings as _hypothesis_settings  # noqa: E402

from tests.fuzz_profile import NIGHTLY as _NIGHTLY  # noqa: E402
from tests.fuzz_profile import NIGHTLY_EXAMPLES as _NIGHTLY_EXAMPLES  # noqa: E402

_hypothesis_settings.register_profile("nightly", max_examples=_NIGHTLY_EXAMPLES, deadline=None)
if _NIGHTLY:
    _hypothesis_settings.load_profile("nightly")
