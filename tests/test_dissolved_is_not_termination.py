"""An agency whose legal person is dissolved (注销了) has not applied to end its filing.

"注销" names two things: an agency that wants its filing ended ("想把鉴定站注销掉", the
自愿终止 procedure, 兵团 第十八条(五)), and one whose company is gone ("机构已经注销了"), whose
filing 兵团 第十九条(一)1 cancels once no data is outstanding (无收尾数据). The second used to be
read as the first: "那要是机构已经注销了呢" after the 自愿终止 steps got those steps again.
"""

from __future__ import annotations

from bot.engine import Engine
from tests.replies import ask, cited, first_line, follow_up


def test_a_dissolved_agency_after_the_voluntary_steps_is_the_automatic_termination(chat_engine: Engine) -> None:
    reply = follow_up(chat_engine, "兵团评价机构自愿终止备案要走什么程序", "那要是机构已经注销了呢", user="tg:dissolved")
    assert cited(reply) == ("bingtuan2025", 19)
    assert "无收尾数据" in first_line(reply)


def test_wanting_to_end_the_filing_is_still_the_voluntary_procedure(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "兵团 我们单位不想干了 想把鉴定站注销掉 要咋办手续", user="tg:deregister")
    assert cited(reply) == ("bingtuan2025", 18)
    assert "自愿终止备案" in first_line(reply)
