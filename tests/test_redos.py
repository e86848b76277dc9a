"""No pattern that reads user text backtracks super-linearly (issue 10, "Hold under attack").

Each pattern is fed its own words repeated ("哈哈哈…x", "吧了吧了…x", "AB111…X") at growing
lengths; the CPU time of search, match and fullmatch must stay under a second even at 4,096
characters, and doubling the length must not multiply it. Times are process CPU time, so a
loaded machine slows the test down without failing it. The router is checked the same way
through `route`, the one entry every chat message takes.
"""

from __future__ import annotations

import re
import time
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.intents import route
from retrieval.textnorm import MAX_QUERY_CHARS
from tests.fuzz_profile import fuzz_settings
from tests.redos_shapes import TAILS, cpu_seconds, fragments, user_patterns

LIMIT = 1.0  # CPU seconds for one 4,096-character input: linear patterns need milliseconds
LONG = 4096
TODAY = date(2026, 6, 1)
PATTERNS = user_patterns()


def _growing(unit: str, tail: str) -> list[str]:
    """unit×r + tail for r = 8, 12, … 40 (exponential blow-ups show early), then doubling to 4,096."""
    reps = list(range(8, 41, 4))
    while len(unit) * reps[-1] < LONG:
        reps.append(reps[-1] * 2)
    return [unit * r + tail for r in reps]


def assert_linear(pattern: re.Pattern[str], unit: str, tail: str) -> None:
    """Stop at the first input over the limit, so an exponential pattern fails fast, not hangs."""
    times: list[float] = []
    for text in _growing(unit, tail):
        spent = cpu_seconds(pattern, text)
        assert spent < LIMIT, f"{pattern.pattern[:60]!r} took {spent:.2f}s on {text[:24]!r}…({len(text)} chars)"
        times.append(spent)
    floor = 0.02  # below this, a ratio is noise
    assert times[-1] < 6 * max(times[-2], floor), f"{pattern.pattern[:60]!r}: doubling the input cost {times[-1] / max(times[-2], floor):.1f}×"


KNOWN = [  # the shapes that hung before the fix, one per pattern
    ("intents.yaml cue smalltalk_only", "哈", "x"),
    ("intents.yaml cue smalltalk_only", "嗯", "x"),
    ("intents.yaml cue cancel_only", "吧了", "x"),
    ("intents.yaml agency fillers", "查", "X"),
    ("retrieval.regions._CHOICE_FILLER", "!", "x"),
    ("bot.intents._FILING_RE", "1", "X"),
    ("db.scope._ITEM", " ", "X("),
    ("bot.sources._REF", "a", "!"),
]


@pytest.mark.parametrize(("name", "unit", "tail"), KNOWN)
def test_known_pathological_shapes_are_linear(name: str, unit: str, tail: str) -> None:
    pattern = PATTERNS[name]
    prefix = "AB" if name == "bot.intents._FILING_RE" else "电工" if name == "db.scope._ITEM" else ""
    for text in _growing(unit, tail):
        spent = cpu_seconds(pattern, prefix + text)
        assert spent < LIMIT, f"{name} took {spent:.2f}s on {len(text)} chars"


def test_every_user_facing_pattern_is_collected() -> None:
    """The generated test below covers the router tables, dates, regions and the registry validators."""
    for expected in ("intents.yaml cue status", "dates cn_full", "bot.intents._FILING_RE", "db.scope._ITEM",
                     "tools.agency_lookup._FILLER", "retrieval.textnorm._SPACES", "db.rows._DATE_PATTERNS0",
                     "question.yaml agency_state", "question.yaml elliptical_cue", "slots.yaml whether strong",
                     "shapes.yaml how_many asked 0", "scope.yaml 证书补办、挂失", "bot.slots.NOT_ASKING",
                     "bot.question_story._SENTENCE", "question.yaml ask_marker", "question.yaml reported_question",
                     "question.yaml next_step", "question.yaml like_it", "question.yaml similar_ask"):
        assert expected in PATTERNS


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_pattern_stays_linear_on_its_own_words(name: str) -> None:
    pattern = PATTERNS[name]
    words = fragments(pattern.pattern)

    @fuzz_settings(6)
    @given(st.sampled_from(words), st.sampled_from(words), st.sampled_from(TAILS), st.booleans())
    def check(first: str, second: str, tail: str, pair: bool) -> None:
        assert_linear(pattern, first + second if pair else first, tail)

    check()


MESSAGE_UNITS = ["1", "AB1", "哈", "嗯", "吧了", "!", "?", "—", " ", "的", "查", "十", "二〇", "2023年", "第十",
                 "备案", "评价机构", "“", "《", "请", "我在", "a", "-1", "1.", "1/", "内蒙古", "😊", "\n"]


def _route_seconds(text: str) -> float:
    start = time.process_time()
    route(text, today=TODAY)
    return time.process_time() - start


@fuzz_settings(25)
@given(
    st.sampled_from(MESSAGE_UNITS),
    st.sampled_from(MESSAGE_UNITS),
    st.sampled_from(("", "x", "X", "?", "吗", "备案了吗")),
    st.sampled_from(("", "/status ", "/role ", "AB", "我们")),
)
def test_a_pathological_message_routes_in_linear_time(first: str, second: str, tail: str, head: str) -> None:
    unit = first + second
    short = head + unit * (LONG // 2 // len(unit)) + tail
    long = head + unit * (LONG // len(unit)) + tail
    _route_seconds(short[:64])  # warm the tables
    spent_short, spent_long = _route_seconds(short), _route_seconds(long)
    assert spent_long < LIMIT, f"route took {spent_long:.2f}s on {long[:24]!r}…"
    assert spent_long < 6 * max(spent_short, 0.05)


def test_routing_reads_at_most_the_question_limit_and_keeps_the_text() -> None:
    """A long message is understood from its start only, but its text stays whole for the answer layer,
    which refuses it with a Chinese message."""
    filler = "的" * (MAX_QUERY_CHARS + 50)
    routed = route("BT-2023-0001 还有效吗" + filler + " TJ-2020-0001", today=TODAY)
    assert routed.entities.filing_number == "BT-2023-0001"
    assert len(routed.text) > MAX_QUERY_CHARS
    late = route(filler + "BT-2023-0001 还有效吗", today=TODAY)
    assert late.entities.filing_number is None
