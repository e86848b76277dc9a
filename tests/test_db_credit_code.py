"""GB 32100 credit codes: properties of the check character (hypothesis) and the messages."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from db.credit_code import (
    ALPHABET,
    check_character,
    is_valid_credit_code,
    make_credit_code,
    normalise_credit_code,
    validate_credit_code,
)
from errors import InvalidCreditCodeError

chars = st.sampled_from(ALPHABET)
bodies = st.builds(
    lambda head, division, org: head + division + org,
    st.text(alphabet=ALPHABET, min_size=2, max_size=2),
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.text(alphabet=ALPHABET, min_size=9, max_size=9),
)


@given(bodies)
def test_a_body_with_its_check_character_is_valid(body: str) -> None:
    code = body + check_character(body)
    assert validate_credit_code(code) == code


@given(bodies, st.integers(min_value=0, max_value=17), chars)
def test_every_single_character_change_is_caught(
    body: str, position: int, replacement: str
) -> None:
    code = body + check_character(body)
    changed = code[:position] + replacement + code[position + 1 :]
    if changed == code or (position in range(2, 8) and not replacement.isdigit()):
        return  # no change, or a different (format) error
    assert not is_valid_credit_code(changed)


@given(bodies, st.integers(min_value=0, max_value=16))
def test_every_swap_of_neighbours_is_caught(body: str, position: int) -> None:
    code = body + check_character(body)
    swapped = code[:position] + code[position + 1] + code[position] + code[position + 2 :]
    if swapped != code and swapped[2:8].isdigit():
        assert not is_valid_credit_code(swapped)


@given(bodies)
def test_normalisation_accepts_what_people_paste(body: str) -> None:
    code = body + check_character(body)
    pasted = (
        " "
        + code[:6].lower()
        + " "
        + code[6:].translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    )
    assert validate_credit_code(pasted) == code
    assert normalise_credit_code(pasted) == code


def test_known_real_format_code_and_sample_builder() -> None:
    # 91350100M000100Y43 is the GB 32100 standard's own worked example.
    assert validate_credit_code("91350100M000100Y43") == "91350100M000100Y43"
    code = make_credit_code("9", "1", "659001", "12345678")
    assert len(code) == 18 and is_valid_credit_code(code)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "不能为空"),
        ("91350100M000100Y4", "应为18位"),
        ("91350100M000100Y433", "是19位"),
        ("91350100M0001O0Y43", "第14位“O”不是有效字符(代码不使用字母 I、O、Z、S、V)"),
        ("913501A0M000100Y43", "第3至8位应为6位数字"),
        ("91350100M000100Y44", "校验位不符(第18位按前17位计算应为“3”)"),
    ],
)
def test_each_problem_has_a_precise_chinese_message(text: str, expected: str) -> None:
    with pytest.raises(InvalidCreditCodeError) as caught:
        validate_credit_code(text)
    assert expected in caught.value.message_zh
