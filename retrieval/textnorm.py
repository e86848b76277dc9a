"""Normalise user text before routing or search: traditional → simplified, full-width → half-width
digits and letters, control characters removed, whitespace collapsed.

Shared by the router and the searcher so both see the same text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# The longest question answered (normalised characters). The searcher refuses longer text,
# and the router reads no further than this, so no pattern ever sees more of a message.
MAX_QUERY_CHARS = 500

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _t2s():  # type: ignore[no-untyped-def]
    import opencc  # lazy: a dictionary load we only pay for when text is seen

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional characters to simplified; text without any is returned unchanged cheaply."""
    if text.isascii():
        return text
    return str(_t2s().convert(text))


def _fold_width(text: str) -> str:
    """Full-width ASCII (ＡＢＣ１２３) to half-width, leaving CJK punctuation alone."""
    return "".join(
        unicodedata.normalize("NFKC", ch) if "\uff01" <= ch <= "\uff5e" and ch.isalnum() else ch
        for ch in text
    )


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def replace_surrogates(text: str) -> str:
    """Lone surrogates (half an emoji, undecodable input bytes) cannot be encoded by anything
    downstream (database, embedder, JSON); U+FFFD stands in for them."""
    return _SURROGATE.sub("\ufffd", text)


def refuse_overlong(text: str) -> None:
    """QueryTooLongError in Chinese when `text` is longer than MAX_QUERY_CHARS: checked on the
    raw message before routing, so a 4,000-character flood costs one length check."""
    if len(text) > MAX_QUERY_CHARS:
        from errors import QueryTooLongError  # noqa: PLC0415

        raise QueryTooLongError(f"问题太长了({len(text)} 字),请精简到 {MAX_QUERY_CHARS} 字以内再提问。")


@lru_cache(maxsize=1024)
def normalise_query(text: str) -> str:
    """The question as search reads it: one form of each character (full width folded,
    traditional made simplified) and single spaces. Cached: several layers read one message."""
    text = replace_surrogates(text)
    text = _CONTROL.sub(" ", text)
    text = _fold_width(text)
    text = to_simplified(text)
    return _SPACES.sub(" ", text).strip()
