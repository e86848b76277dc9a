"""A regulator's list asked again of another state, and a list of one kind of body.

- "那终止的呢" after "兵团哪些机构被暂停了" is the same list of terminated filings (兵团), not
  the policy article on termination it used to get. "最早到期的是哪家" after the same list still
  picks a row of it: an order asked is a pick, whatever state word it says.
- "兵团哪些社会培训评价组织被终止了" lists that kind of body only (the scope line says so); before,
  the kind was dropped and every terminated filing was listed. The page buttons carry the kind
  ("列一下所有的用人单位", page 2, still 用人单位 only).
- An applicant asking "那终止的呢" after a refused list is refused again and sees nothing.
Both run on SQLite and PostgreSQL with the sample registry.
"""

from __future__ import annotations

import re

from bot.engine import Engine
from bot.messages import Intent, Role, UserInput
from tests.replies import ask, first_line, follow_up

REFUSED = "仅向主管部门"


def test_another_state_after_a_list_is_that_states_list(sample_engine: Engine) -> None:
    reply = follow_up(sample_engine, "兵团哪些机构被暂停了", "那终止的呢", user="tg:list-state", role=Role.REGULATOR)
    assert reply.intent is Intent.REGISTRY
    assert "终止的备案" in first_line(reply) and "范围:兵团" in first_line(reply)
    assert re.search(r"【(?:自动|自愿|责令)终止】", reply.text)
    assert "暂停(核查中)】" not in reply.text


def test_an_order_asked_after_a_list_still_picks_a_row(sample_engine: Engine) -> None:
    reply = follow_up(sample_engine, "兵团哪些机构被暂停了", "最早到期的是哪家", user="tg:list-pick", role=Role.REGULATOR)
    assert reply.intent is Intent.STATUS
    assert "终止的备案" not in reply.text


def test_a_list_of_one_kind_of_body_lists_that_kind_only(sample_engine: Engine) -> None:
    reply = follow_up(sample_engine, "兵团哪些机构被终止了", "兵团哪些社会培训评价组织被终止了", user="tg:list-kind", role=Role.REGULATOR)
    assert "范围:兵团·社会培训评价组织" in first_line(reply)
    kinds = re.findall(r"\(兵团·[^·)]*·([^)]*)\)", reply.text)
    assert kinds and set(kinds) == {"社会培训评价组织"}


def test_another_state_after_a_refused_list_is_refused_again(sample_engine: Engine) -> None:
    reply = follow_up(sample_engine, "兵团哪些机构被暂停了", "那终止的呢", user="tg:list-state-refused", role=Role.APPLICANT)
    assert not reply.covered and REFUSED in first_line(reply)
    assert "BT-" not in reply.text


def test_the_next_page_of_a_kinds_list_keeps_the_kind(sample_engine: Engine) -> None:
    user = "tg:list-kind-page"
    first = ask(sample_engine, "列一下所有的用人单位", user=user, role=Role.REGULATOR)
    assert "范围:用人单位" in first_line(first)
    (next_page,) = [b for row in first.buttons for b in row if b.label == "下一页"]
    assert len(next_page.payload.encode()) <= 64  # Telegram's callback_data limit
    second = sample_engine.handle(UserInput(user_id=user, text="", callback=next_page.payload, role=Role.REGULATOR))
    assert "范围:用人单位" in first_line(second)
    kinds = set(re.findall(r"\((?:兵团|内蒙古|天津)·[^·)]*·([^)]*)\)", second.text))
    assert kinds == {"用人单位"}
