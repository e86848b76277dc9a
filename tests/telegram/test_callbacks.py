"""callback_data: versioned, at most 64 bytes, and anything odd decodes to None."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.telegram.callbacks import (
    MAX_BYTES,
    CallbackDataTooLongError,
    EngineButton,
    Page,
    decode,
    encode,
    fits,
)


@pytest.mark.parametrize(
    "action",
    [
        EngineButton("ck:t:3"),
        EngineButton("elig|answer|yes"),  # the separator may appear inside a payload
        EngineButton("选项一"),
        EngineButton("src:neimenggu2024:11"),
        Page(2, "registry", "expiring"),
        Page(1, "help"),
        Page(999, "status", "S1500000001"),
    ],
)
def test_actions_round_trip(action: object) -> None:
    data = encode(action)  # type: ignore[arg-type]
    assert data.startswith("v1|")
    assert len(data.encode()) <= MAX_BYTES
    assert decode(data) == action


def test_exact_wire_format() -> None:
    assert encode(EngineButton("ck:t:3")) == "v1|b|ck:t:3"
    assert encode(Page(3, "registry", "expiring 30")) == "v1|p|3|registry expiring 30"


def test_payload_limit_is_59_bytes_after_the_prefix() -> None:
    assert encode(EngineButton("x" * 59))
    with pytest.raises(CallbackDataTooLongError):
        encode(EngineButton("x" * 60))
    with pytest.raises(CallbackDataTooLongError):
        encode(EngineButton("确认" * 10))  # 60 bytes in UTF-8
    assert not fits(EngineButton("x" * 60))


def test_unencodable_actions_are_refused() -> None:
    with pytest.raises(ValueError):
        encode(Page(2, "setstatus", "S1 暂停"))  # not a read-only command
    with pytest.raises(ValueError):
        encode(EngineButton(" padded "))


@pytest.mark.parametrize(
    "data",
    [
        None,
        "",
        "v1",
        "v1|",
        "v1|b|",
        "v0|b|ck:t:3",  # an older version: stale
        "v2|b|ck:t:3",
        "b|ck:t:3",
        "v1|x|whatever",
        "v1|b| padded",
        "v1|b|line\nbreak",
        "v1|b|nul\x00",
        "v1|s|neimenggu2024|11",  # a kind this version does not have
        "v1|p|0|registry",
        "v1|p|1000|registry",
        "v1|p|01|registry",
        "v1|p|2|setstatus S1 暂停",  # paging may never re-run a command that writes
        "v1|p|2|unknown",
        "v1|p|2| registry",
        "v1|p|x|registry",
        "v1|b|" + "x" * 60,  # oversize: a real client never sends it, a forged one may
        "DROP TABLE agencies;",
    ],
)
def test_stale_forged_or_oversize_data_decodes_to_none(data: str | None) -> None:
    assert decode(data) is None


@given(st.text(max_size=80))
def test_decode_never_raises(data: str) -> None:
    action = decode(data)
    if action is not None:
        assert encode(action) == data
