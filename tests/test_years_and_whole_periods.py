"""A bare year is no day to count from, and a list of terminations with no period is every one.

- "想把2022年的纸质考卷销毁。兵团…档案至少要保存几年吗": 2022年 describes the papers. It used to be
  taken for the day an evaluation ended (1 January 2022) and answered with the deadline for
  putting files in order. It is a policy question: 兵团 sets no keeping period, said first.
- "我们2024年备案的 兵团 啥时候到期" used to be computed from 1 January 2024. The rule is said
  and the day asked for; a bare year typed as the answer is asked again.
- "天津哪些机构终止了备案" names no period: every terminated filing up to today, not a rolling
  year that silently dropped older ones (风筝考核站, 2025-08-15) and made the answer depend on
  the day it was asked. A period said in words ("2026年1月1日到2026年11月30日") is that period.
"""

from __future__ import annotations

from bot.engine import Engine
from bot.messages import Intent, Role
from tests.replies import ask, first_line, follow_up


def test_a_year_describing_papers_is_no_evaluation_day(chat_engine: Engine) -> None:
    reply = ask(
        chat_engine,
        "我是石河子一家评价机构的档案员,库房快放不下了,想把2022年的纸质考卷销毁。兵团这个管理办法里规定了评价档案至少要保存几年吗?",
        user="tg:year-papers",
    )
    assert reply.intent is Intent.POLICY and not reply.covered
    assert first_line(reply).startswith("兵团:") and "没有规定" in first_line(reply)
    assert "2022年2月1日" not in reply.text


def test_a_filing_year_alone_asks_for_the_day(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "我们2024年备案的 兵团 啥时候到期", user="tg:year-filing")
    assert reply.intent is Intent.DEADLINE
    assert "2024年1月1日" not in reply.text and "2027年1月1日" not in reply.text
    again = ask(chat_engine, "2024年", user="tg:year-filing")
    assert first_line(again).startswith("只给了年份(2024年)")


def test_terminations_with_no_period_are_all_of_them(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "天津哪些机构终止了备案", user="tg:ter-all", role=Role.REGULATOR)
    assert first_line(reply).startswith("截至") and "范围:天津" in first_line(reply)
    assert "TJ-2022-0001" in reply.text  # terminated 2025-08-15


def test_terminations_in_a_period_said_in_words(sample_engine: Engine) -> None:
    reply = follow_up(
        sample_engine, "兵团哪些机构被暂停了", "兵团2026年1月1日到2026年11月30日终止的机构有哪些", user="tg:ter-period", role=Role.REGULATOR
    )
    assert "2026-01-01至2026-11-30终止的备案" in first_line(reply)
    assert "BT-2022-0001" not in reply.text  # terminated 2025-12-04, before the period
