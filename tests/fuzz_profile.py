"""How many generated inputs the fuzz tests try: a few in `make test`, thousands at night.

`POLICYBOT_FUZZ=nightly` selects the `nightly` hypothesis profile (registered in
tests/conftest.py) and makes `fuzz_settings` ask for at least 10,000 inputs per test;
otherwise each test uses its own small default so the whole fuzz set stays well under a
minute on a shared machine.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

NIGHTLY = os.environ.get("POLICYBOT_FUZZ", "").strip().lower() == "nightly"
NIGHTLY_EXAMPLES = 10_000


def fuzz_settings(default_examples: int) -> settings:
    """Settings for one fuzz test: `default_examples` normally, 10,000 under POLICYBOT_FUZZ=nightly."""
    return settings(
        max_examples=NIGHTLY_EXAMPLES if NIGHTLY else default_examples,
        deadline=None,  # timing is asserted on CPU time where it matters, not per example
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
        derandomize=not NIGHTLY,  # the default run is reproducible; the nightly one explores
        print_blob=True,
    )
