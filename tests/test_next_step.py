"""What comes next in a procedure: "然后呢", "评完谁批" after a reply quoting its steps.

A procedure article names its steps ((一)申请 (二)评估 (三)备案 …). A follow-up asking what
follows is answered by the step after the one it names ("评完" → 评估), else after the first one
the last reply quoted, from the same article. An article that lists grounds or kinds, not
steps, has no next step: the follow-up is answered as any other. The last reply's subject
lives in the database: SQLite and PostgreSQL.
"""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.messages import Reply, Role, UserInput
from bot.next_step import next_item
from corpus import cached_corpus


def ask(engine: Engine, text: str, user: str = "tg:steps") -> Reply:
    return engine.handle(UserInput(user_id=user, text=text, role=Role.APPLICANT))


def article(doc: str, number: int) -> str:
    return cached_corpus().document(doc).article(number).text


def test_the_step_named_as_done_is_followed_by_the_next() -> None:
    following = next_item(article("tianjin2020", 12), "(一)申请。…", done="评")
    assert following is not None and following.startswith("(三)备案")


def test_without_a_named_step_the_first_one_quoted_is_the_one_reached() -> None:
    following = next_item(article("neimenggu2024", 11), "(一)备案申请按照属地管理原则…(二)评估受理…")
    assert following is not None and following.startswith("(二)评估")


@pytest.mark.parametrize(
    ("doc", "number", "lead"),
    [
        ("bingtuan2025", 19, "(一)自动终止备案1.评价机构备案期满…"),  # two cases, not two steps
        ("bingtuan2025", 8, "(一)申请成为职业资格评价机构的单位…"),  # three kinds of agency
        ("tianjin2020", 12, "(四)公布。完成备案的评价机构…"),  # the last step has no next
    ],
)
def test_no_next_step_where_the_article_lists_no_steps_or_the_last_was_reached(doc: str, number: int, lead: str) -> None:
    assert next_item(article(doc, number), lead) is None


def test_what_follows_the_assessment_and_who_approves(engine_on_each_database: Engine) -> None:
    ask(engine_on_each_database, "天津想当评价机构 申请交给谁")
    reply = ask(engine_on_each_database, "评完谁批")
    lead = reply.text.splitlines()[0]
    assert lead.startswith("下一步:(三)备案")
    assert "人力资源社会保障部复核" in lead and "备案回函" in lead
    assert reply.citations[0].doc_key == "tianjin2020" and reply.citations[0].article == 12


def test_then_what_after_the_first_step(engine_on_each_database: Engine) -> None:
    ask(engine_on_each_database, "内蒙申报评价机构 先交申请初审")
    reply = ask(engine_on_each_database, "然后呢")
    assert reply.text.startswith("下一步:(二)评估")
    assert "听取报告" in reply.text.splitlines()[0]


def test_then_what_after_a_rule_is_no_next_step(engine_on_each_database: Engine) -> None:
    ask(engine_on_each_database, "兵团评价机构备案有效期几年")
    reply = ask(engine_on_each_database, "然后呢")
    assert "下一步" not in reply.text
