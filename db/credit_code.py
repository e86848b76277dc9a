"""The unified social credit code (统一社会信用代码) of GB 32100-2015, checked by its 18th character.

Layout: registration authority (1), organisation category (1), administrative division (6
digits), organisation code (9), check character (1). The alphabet has 31 characters (no
I, O, Z, S, V); the check character makes the weighted sum a multiple of 31, which catches
every single-character typo and every swap of two neighbours. Users copy codes from
licences by hand, so every message says which position is wrong.
"""

from __future__ import annotations

import unicodedata

from errors import InvalidCreditCodeError

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
LENGTH = 18
_VALUES = {ch: i for i, ch in enumerate(ALPHABET)}
_EXCLUDED = "IOZSV"


def normalise_credit_code(text: str) -> str:
    """Upper case, half width, no spaces or dashes: what people paste from a licence."""
    folded = unicodedata.normalize("NFKC", str(text))
    return "".join(ch for ch in folded if not ch.isspace() and ch not in "-_").upper()


def check_character(body: str) -> str:
    """The 18th character for a 17-character body (already in the alphabet)."""
    if len(body) != LENGTH - 1 or any(ch not in _VALUES for ch in body):
        raise ValueError(f"body must be 17 characters of {ALPHABET!r}: {body!r}")
    total = sum(_VALUES[ch] * w for ch, w in zip(body, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(text: str) -> str:
    """The normalised code, or InvalidCreditCodeError saying what is wrong, in Chinese."""
    code = normalise_credit_code(text)
    if not code:
        raise InvalidCreditCodeError("统一社会信用代码不能为空。")
    if len(code) != LENGTH:
        raise InvalidCreditCodeError(
            f"统一社会信用代码应为18位,“{code[:30]}”是{len(code)}位,请核对。"
        )
    for position, ch in enumerate(code, start=1):
        if ch not in _VALUES:
            hint = "(代码不使用字母 I、O、Z、S、V)" if ch in _EXCLUDED else ""
            raise InvalidCreditCodeError(
                f"统一社会信用代码第{position}位“{ch}”不是有效字符{hint},请核对。"
            )
    if not code[2:8].isdigit():
        raise InvalidCreditCodeError("统一社会信用代码第3至8位应为6位数字的行政区划代码,请核对。")
    expected = check_character(code[:17])
    if code[17] != expected:
        raise InvalidCreditCodeError(
            f"统一社会信用代码“{code}”校验位不符(第18位按前17位计算应为“{expected}”),"
            "请核对是否抄错。"
        )
    return code


def is_valid_credit_code(text: str) -> bool:
    try:
        validate_credit_code(text)
    except InvalidCreditCodeError:
        return False
    return True


def organisation_code_check(body8: str) -> str:
    """GB 11714 check digit for a digits-only organisation code body (sample data only)."""
    if len(body8) != 8 or not body8.isdigit():
        raise ValueError(f"organisation code body must be 8 digits: {body8!r}")
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(ch) * w for ch, w in zip(body8, weights, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def make_credit_code(authority: str, category: str, division: str, org8: str) -> str:
    """A valid 18-character code from its parts (the org code gets its own check digit)."""
    body = f"{authority}{category}{division}{org8}{organisation_code_check(org8)}"
    return body + check_character(body)
