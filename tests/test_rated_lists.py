"""A regulator's list of the filings on a 红黑榜 or 白名单 (天津 第二十三条, 兵团 第二十一条).

"列入白名单的有哪几家" lists the filings whose latest rating is 白名单, each line saying the list
and the day it was rated; "天津红黑榜上都有谁" lists both lists, 天津 only, a terminated 黑榜
filing included. An applicant is refused and sees no filing. The page buttons carry the
ratings. Before, these questions got a policy article. How a list works ("红黑榜多久调整一回",
"兵团有类似的名单吗") is still answered from the texts, for anyone. SQLite and PostgreSQL.
"""

from __future__ import annotations

import re

from bot.engine import Engine
from bot.messages import Intent, Role, UserInput
from tests.replies import ask, first_line
from tools.registry_queries import Filters, rated_filings


def test_the_whitelist_is_listed_with_each_rating(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "列入白名单的有哪几家", user="tg:rated-white", role=Role.REGULATOR)
    assert reply.intent is Intent.REGISTRY
    assert first_line(reply).startswith("白名单的备案(范围:全部):共5条")
    rows = [line for line in reply.text.splitlines() if re.match(r"[A-Z]{2}-\d{4}-\d{4} ", line)]
    assert len(rows) == 5 and all("(白名单," in line and line.endswith("评定)") for line in rows)


def test_the_red_and_black_lists_of_one_region(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "天津红黑榜上都有谁", user="tg:rated-redblack", role=Role.REGULATOR)
    assert first_line(reply).startswith("红榜、黑榜的备案(范围:天津)")
    rows = [line for line in reply.text.splitlines() if line.startswith("TJ-")]
    assert rows and not [line for line in reply.text.splitlines() if line.startswith(("BT-", "NM-"))]
    black = [line for line in rows if "(黑榜," in line]
    assert len(black) == 1 and "【责令终止】" in black[0]


def test_an_applicant_asking_for_a_rated_list_is_refused(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "列入白名单的有哪几家", user="tg:rated-applicant", role=Role.APPLICANT)
    assert not reply.covered and "仅向主管部门" in first_line(reply)
    assert "BT-" not in reply.text


def test_a_rated_lists_pages_keep_its_ratings(sample_engine: Engine) -> None:
    user = "tg:rated-pages"
    first = ask(sample_engine, "红黑榜和白名单上的机构都有哪些", user=user, role=Role.REGULATOR)
    assert first_line(first).startswith("白名单、红榜、黑榜的备案(范围:全部):共15条")
    (next_page,) = [b for row in first.buttons for b in row if b.label == "下一页"]
    assert len(next_page.payload.encode()) <= 64  # Telegram's callback_data limit
    second = sample_engine.handle(UserInput(user_id=user, text="", callback=next_page.payload, role=Role.REGULATOR))
    assert first_line(second).startswith("白名单、红榜、黑榜的备案(范围:全部):共15条")
    rows = [line for line in second.text.splitlines() if re.match(r"[A-Z]{2}-\d{4}-\d{4} ", line)]
    assert len(rows) == 5 and all(re.search(r"\((?:白名单|红榜|黑榜),", line) for line in rows)


def test_the_tool_refuses_anyone_but_a_regulator(sample_engine: Engine) -> None:
    from db.enums import Rating
    from db.session import session_scope
    from errors import PermissionDeniedError

    with session_scope(sample_engine.database_url) as session:
        try:
            rated_filings(session=session, role=Role.STAFF, actor="t", ratings=(Rating.WHITELIST,), filters=Filters())
        except PermissionDeniedError:
            return
    raise AssertionError("a staff member was given the rated list")


def test_how_a_list_works_is_still_a_question_of_the_rules(sample_engine: Engine) -> None:
    for question in ("天津红黑榜名单多长时间调整一回?", "天津搞红黑榜 兵团那边有类似的名单吗", "兵团有白名单,天津那边是啥名单制度?"):
        reply = ask(sample_engine, question, user="tg:rated-rule", role=Role.APPLICANT)
        assert reply.intent is Intent.POLICY, question
        assert "仅向主管部门" not in reply.text
