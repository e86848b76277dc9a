"""Which occupations may be evaluated, and where a certificate is checked.

- "天津能做等级认定的职业范围是怎么定的?" is 天津 第六条 (职业分类大典's 技能类职业), which search ranked
  below 第八条 (the five levels): "职业范围" now names that rule (synonyms.yaml `names`).
- "…证书是真是假,行业组织那边有查询渠道吗?" is the ministry's 第十六条 (网络信息平台, 面向公众提供查询服务).
"""

from __future__ import annotations

from bot.engine import Engine
from tests.replies import ask, cited, first_line


def test_the_range_of_occupations_is_the_classification_rule(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "天津能做等级认定的职业范围是怎么定的?", user="tg:occupations")
    assert cited(reply) == ("tianjin2020", 6)
    assert "职业分类大典" in first_line(reply)


def test_checking_a_certificate_is_the_public_query_service(chat_engine: Engine) -> None:
    question = "想查某人的专业技术人员水平评价类证书是真是假,行业组织那边有查询渠道吗?"
    reply = ask(chat_engine, question, user="tg:cert-check")
    assert cited(reply) == ("mohrss2016", 16)
    assert "查询服务" in first_line(reply)
