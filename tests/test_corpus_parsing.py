"""Parsers and numerals on small literal texts, including the defects RAGFlow's patterns miss."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corpus.models import DocKind, DocumentMeta, Jurisdiction
from corpus.numerals import parse_chinese_number, to_chinese
from corpus.parsers import parse_law, parse_notice

META = DocumentMeta(
    key="t", title="测试办法", short_title="测试", issuer="测试厅", jurisdiction=Jurisdiction.TIANJIN, kind=DocKind.LAW
)


@pytest.mark.parametrize(
    ("text", "value"),
    [("一", 1), ("十", 10), ("十一", 11), ("二十", 20), ("二十三", 23), ("一百", 100), ("一百零五", 105),
     ("一百一十", 110), ("三千", 3000), ("两千零一", 2001), ("九千九百九十九", 9999), ("12", 12)],
)
def test_parse_chinese_number(text: str, value: int) -> None:
    assert parse_chinese_number(text) == value


@given(st.integers(min_value=1, max_value=9999))
def test_numerals_round_trip(number: int) -> None:
    assert parse_chinese_number(to_chinese(number)) == number


def test_bad_numeral_is_rejected() -> None:
    with pytest.raises(ValueError):
        parse_chinese_number("十a")
    with pytest.raises(ValueError):
        parse_chinese_number("")


LAW = """关于印发的通知
各单位:
第一章 总则
第一条 为了规范管理,制定本办法。
第二条 本办法适用于评价机构。
第十条规定的情形除外,这一行是上一条的续行。
第二章 备案
第三条 评价机构应当具备以下条件:
(一)依法登记;
(二)有专职人员;
1.考评人员不少于3人;
2.督导人员不少于1人。
第二十一条 本办法自发布之日起施行。
"""


def test_law_articles_chapters_and_items() -> None:
    articles = parse_law(LAW, META)
    assert [a.number for a in articles] == [None, 1, 2, 3, 21]
    assert articles[0].label == "印发通知"
    assert articles[1].chapter == "第一章 总则"
    assert articles[3].chapter == "第二章 备案"
    assert articles[4].label == "第二十一条"


def test_wrapped_cross_reference_does_not_open_an_article() -> None:
    second = parse_law(LAW, META)[2]
    assert second.number == 2
    assert "第十条规定的情形除外" in second.text


def test_items_group_their_sub_items() -> None:
    third = parse_law(LAW, META)[3]
    assert len(third.items) == 2
    assert third.items[1].startswith("(二)有专职人员")
    assert "2.督导人员不少于1人" in third.items[1]


def test_heading_needs_whitespace_and_a_digit() -> None:
    text = "第一条 正文。\n第二条款的内容不是标题\n. 不是项\n"
    articles = parse_law(text, META)
    assert [a.number for a in articles] == [1]
    assert "第二条款的内容不是标题" in articles[0].text


def test_notice_sections_and_signature() -> None:
    meta = DocumentMeta(
        key="n", title="通知", short_title="通知", issuer="某厅", jurisdiction=Jurisdiction.ZHEJIANG, kind=DocKind.NOTICE
    )
    text = "各单位:\n现通知如下:\n一、第一件事。\n二、第二件事。\n某厅\n2017年12月28日\n"
    articles = parse_notice(text, meta)
    assert [(a.number, a.label) for a in articles] == [(None, "导语"), (1, "第一部分"), (2, "第二部分"), (None, "落款")]
    assert "2017年12月28日" not in articles[2].text


def test_notice_without_sections_is_cited_by_paragraph() -> None:
    meta = DocumentMeta(
        key="p", title="通知", short_title="通知", issuer="部", jurisdiction=Jurisdiction.NATIONAL, kind=DocKind.NOTICE
    )
    articles = parse_notice("各省:\n第一段正文。\n第二段正文。\n", meta)
    assert [(a.number, a.label) for a in articles] == [(1, "第一段"), (2, "第二段")]
    assert articles[0].text.startswith("各省:")
