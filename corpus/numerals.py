"""Chinese numerals as used in legal headings (第二十三条, 第一百零五条, 三千).

Converted once here so every parser and citation agrees; `to_chinese` is the
inverse used to build labels like 第十一条 from an integer.
"""

from __future__ import annotations

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_DIGIT_CHARS = "零一二三四五六七八九"

NUMERAL_CHARS = "零〇一二三四五六七八九两十百千0123456789"


def parse_chinese_number(text: str) -> int:
    """Parse 一 … 九千九百九十九 (and plain ASCII digits); raise ValueError otherwise."""
    if not text:
        raise ValueError("empty numeral")
    if text.isdigit():
        return int(text)
    total = 0
    current = 0
    for char in text:
        if char in _DIGITS:
            current = _DIGITS[char]
        elif char in _UNITS:
            unit = _UNITS[char]
            total += (current or 1) * unit
            current = 0
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return total + current


def to_chinese(number: int) -> str:
    """Render 1..9999 the way statutes write it: 十一, 二十, 一百零五."""
    if not 0 < number < 10000:
        raise ValueError(f"out of range: {number}")
    parts: list[str] = []
    zero_pending = False
    for unit_value, unit_char in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = number // unit_value % 10
        if digit == 0:
            if parts:
                zero_pending = True
            continue
        if zero_pending:
            parts.append("零")
            zero_pending = False
        if not (unit_value == 10 and digit == 1 and not parts):
            parts.append(_DIGIT_CHARS[digit])
        parts.append(unit_char)
    return "".join(parts)
