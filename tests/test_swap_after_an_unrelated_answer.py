"""A question asked again of another region is not steered by a last answer about something else.

Asked of 天津, "…有个鉴定站拿了资格一年多一场都没考 能不能直接把它资格拿掉" gets 天津's rule on
registering an agency (登记设立), which holds hardly any of the question's words. "那兵团呢" used
to follow that rule's provision in 兵团 (第三条, 统筹规划) by the concordance table and by its
wording; it now answers as the question asked of 兵团 directly: 第十九条, 一年以上不开展评价工作.
"""

from __future__ import annotations

from bot.engine import Engine
from bot.messages import Role
from tests.replies import ask, cited, first_line, follow_up

ASKED = "里有个鉴定站拿了资格一年多一场都没考 能不能直接把它资格拿掉"


def test_a_swap_after_an_unrelated_answer_answers_as_asked_directly(chat_engine: Engine) -> None:
    swapped = follow_up(chat_engine, f"天津{ASKED}", "那兵团呢", user="tg:swap-unrelated", role=Role.REGULATOR)
    direct = ask(chat_engine, f"兵团{ASKED}", user="tg:swap-direct", role=Role.REGULATOR)
    assert cited(swapped) == cited(direct) == ("bingtuan2025", 19)
    assert "一年以上不开展评价工作" in first_line(swapped)
