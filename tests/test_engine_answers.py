"""Policy answers through the conversation engine, as a channel sees them.

Each test sends plain `UserInput`s to a real `Engine` (shared real search index,
fresh SQLite file per test) and checks what the user would read: the lead quoted
from the right article, citations that back every number, one line per region
when regions differ, an honest "not covered" outside the texts, whole articles
behind "查看原文", and polite answers to hostile input.
"""

from __future__ import annotations

import re

import pytest

from bot import texts
from bot.engine import Engine
from bot.messages import Intent, Reply, UserInput
from corpus import cached_corpus
from corpus.models import JURISDICTION_NAMES, Jurisdiction

USER = "tg:1"
NOT_COVERED = "现有政策文本没有回答这个问题"
CJK = re.compile(r"[\u4e00-\u9fff]")


def say(engine: Engine, text: str = "", *, user: str = USER, command: str | None = None) -> Reply:
    return engine.handle(UserInput(user_id=user, text=text, command=command))


def press(engine: Engine, payload: str, *, user: str = USER) -> Reply:
    return engine.handle(UserInput(user_id=user, callback=payload))


def cited(reply: Reply) -> set[tuple[str, int | None]]:
    return {(hit.doc_key, hit.article) for hit in reply.citations}


def payloads(reply: Reply) -> list[str]:
    return [button.payload for row in reply.buttons for button in row]


def assert_numbers_are_quoted(reply: Reply) -> None:
    """Every number the user reads (outside the citation labels) is in a cited passage."""
    body = reply.text
    for hit in reply.citations:
        body = body.replace(hit.citation, "")
    passages = "".join(hit.text for hit in reply.citations)
    for number in re.findall(r"\d+", body):
        assert number in passages, f"{number} in the reply is not in any cited passage"


def assert_one_line_per_region(reply: Reply) -> None:
    """Each line names one region and carries the citation of that region's own article."""
    by_region = {JURISDICTION_NAMES[Jurisdiction(h.jurisdiction)]: h for h in reply.citations}
    # A 试行 or superseded text cited adds one "注:" line after the regions (test_document_validity.py).
    lines = [line for line in reply.text.splitlines() if not line.startswith("注:")]
    assert len(lines) == len(reply.citations) >= 2
    for line in lines:
        region, _, rest = line.partition(":")
        assert region in by_region, line
        assert by_region[region].citation in rest, line
        others = [h.citation for name, h in by_region.items() if name != region]
        assert not any(c in rest for c in others), f"line mixes regions: {line}"


# ---------------------------------------------------------------- region-specific answers


def test_region_question_leads_with_the_articles_sentence(chat_engine: Engine) -> None:
    reply = say(chat_engine, "内蒙古评价机构备案有效期是几年?")

    assert reply.intent is Intent.POLICY and reply.covered
    assert reply.citations[0].doc_key == "neimenggu2024"
    assert reply.citations[0].article == 15
    lead = reply.text.splitlines()[0]
    assert "3年" in lead
    assert re.sub(r"[;;。]+$", "", lead) in reply.citations[0].text
    assert reply.citations[0].citation in reply.text
    assert_numbers_are_quoted(reply)


def test_traditional_chinese_gets_the_same_answer(chat_engine: Engine) -> None:
    reply = say(chat_engine, "內蒙古評價機構備案有效期是幾年?")

    assert reply.covered
    assert ("neimenggu2024", 15) in cited(reply)
    assert "3年" in reply.text.splitlines()[0]


def test_stored_region_answers_region_less_questions(chat_engine: Engine) -> None:
    set_reply = press(chat_engine, "rg:bingtuan")
    reply = say(chat_engine, "备案有效期是几年?")

    assert set_reply.intent is Intent.SETTINGS and "兵团" in set_reply.text
    assert reply.citations[0].doc_key == "bingtuan2025" and reply.citations[0].article == 10
    assert {hit.jurisdiction for hit in reply.citations} == {"bingtuan"}


@pytest.mark.parametrize(
    "set_region", [("rg:tianjin", None), ("天津", "region")], ids=["button", "command"]
)
def test_region_named_in_the_question_wins_over_the_stored_one(
    chat_engine: Engine, set_region: tuple[str, str | None]
) -> None:
    value, command = set_region
    if command:
        say(chat_engine, value, command=command)
    else:
        press(chat_engine, value)

    reply = say(chat_engine, "内蒙古评价机构备案有效期是几年?")

    assert reply.covered
    assert reply.citations[0].doc_key == "neimenggu2024" and reply.citations[0].article == 15
    assert {hit.jurisdiction for hit in reply.citations} == {"neimenggu"}


def test_stored_region_belongs_to_its_user_only(chat_engine: Engine) -> None:
    press(chat_engine, "rg:bingtuan", user="tg:1")
    reply = say(chat_engine, "备案有效期是几年?", user="tg:2")

    assert len({hit.jurisdiction for hit in reply.citations}) >= 2


# ---------------------------------------------------------------- several regions


def test_comparison_gives_one_cited_line_per_region(chat_engine: Engine) -> None:
    reply = say(chat_engine, "兵团和内蒙古的备案有效期有什么不同")

    assert reply.covered
    assert cited(reply) == {("bingtuan2025", 10), ("neimenggu2024", 15)}
    lines = reply.text.splitlines()
    assert lines[0].startswith("兵团:") and lines[1].startswith("内蒙古:")
    assert_one_line_per_region(reply)
    assert_numbers_are_quoted(reply)


def test_region_dependent_question_without_region_is_answered_per_region(
    chat_engine: Engine,
) -> None:
    reply = say(chat_engine, "备案有效期是几年?")

    assert reply.covered
    assert len({hit.jurisdiction for hit in reply.citations}) >= 2
    assert {"neimenggu2024", "bingtuan2025"} <= {hit.doc_key for hit in reply.citations}
    assert_one_line_per_region(reply)
    assert_numbers_are_quoted(reply)


# ---------------------------------------------------------------- outside the texts


@pytest.mark.parametrize(
    "question",
    [
        "考试费用是多少?",
        "广东的评价机构备案条件是什么?",
        "证书丢了怎么补办?",
        "2026年天津电工等级认定考试是哪天?",
        "下一次职业技能等级认定考试是几月几号?",
        "技能等级认定考试的具体日期是哪天?",
        "我是县人社局的,年底做预算,技能人才评价监管的工作经费该从哪个科目列支,有标准没?",
    ],
    ids=[
        "exam-fee",
        "guangdong",
        "replacement",
        "exam-date-with-year",
        "next-exam-date",
        "exam-date",
        "budget",
    ],
)
def test_questions_outside_the_texts_are_not_answered(chat_engine: Engine, question: str) -> None:
    reply = say(chat_engine, question)

    assert reply.covered is False
    # A fee asked cites no more than where fees are set (each agency's published 收费标准).
    assert all("收费标准" in hit.text for hit in reply.citations)
    assert reply.citations == () or "费用" in question
    assert NOT_COVERED in reply.text
    assert reply.state is None  # no guided dialogue started instead
    cited = {f"src:{hit.doc_key}:{hit.article}" for hit in reply.citations}
    assert {p for p in payloads(reply) if p.startswith("src:")} == cited  # a button for what is quoted only


def test_not_covered_names_the_missing_province(chat_engine: Engine) -> None:
    reply = say(chat_engine, "广东的评价机构备案条件是什么?")

    assert "广东" in reply.text


# ---------------------------------------------------------------- whole articles


def test_source_button_opens_the_whole_article(chat_engine: Engine) -> None:
    answer = say(chat_engine, "内蒙古评价机构备案有效期是几年?")
    assert "src:neimenggu2024:15" in payloads(answer)

    reply = press(chat_engine, "src:neimenggu2024:15")

    article = cached_corpus().document("neimenggu2024").article(15)
    assert reply.intent is Intent.SOURCE
    assert reply.text.startswith("《内蒙古自治区职业技能等级认定实施办法》第十五条")
    assert article.text in reply.text
    assert "全国性用人单位" in reply.text  # beyond the sentence the answer quoted


def test_every_source_button_of_an_answer_opens_its_article(chat_engine: Engine) -> None:
    answer = say(chat_engine, "兵团和内蒙古的备案有效期有什么不同")

    for hit, payload in zip(answer.citations, payloads(answer), strict=True):
        reply = press(chat_engine, payload)
        assert reply.text.startswith(hit.citation)
        assert hit.text in reply.text


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("neimenggu2024 11", "source"),
        ("/source neimenggu2024 11", None),
        ("neimenggu2024 第十一条", "source"),
    ],
)
def test_source_command_shows_the_article(
    chat_engine: Engine, text: str, command: str | None
) -> None:
    reply = say(chat_engine, text, command=command)

    assert reply.intent is Intent.SOURCE and reply.covered
    assert reply.text.splitlines()[0].startswith("《内蒙古自治区职业技能等级认定实施办法》第十一条")
    assert "分别于每年4月和10月各进行一次" in reply.text


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("", "用法"),
        ("nosuch 3", "用法"),
        ("nosuch2024 3", "没有"),
        ("neimenggu2024 999", "没有第九百九十九条"),
        ("neimenggu2024 abc", "无法识别条号"),
        ("neimenggu2024 " + "1" * 20000, "没有"),
    ],
    ids=["empty", "no-doc", "unknown-doc", "no-such-article", "bad-article", "huge-article"],
)
def test_bad_source_arguments_are_answered_politely(
    chat_engine: Engine, args: str, expected: str
) -> None:
    reply = say(chat_engine, args, command="source")

    assert reply.covered is False
    assert expected in reply.text
    assert reply.text != texts.INTERNAL_ERROR


@pytest.mark.parametrize("payload", ["src:nosuch2024:1", "src:neimenggu2024:999", "src:"])
def test_bad_source_buttons_are_stale(chat_engine: Engine, payload: str) -> None:
    reply = press(chat_engine, payload)

    assert reply.text == texts.STALE_BUTTON
    assert reply.covered is False


# ---------------------------------------------------------------- hostile input


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "备案" * 10000,
        "a" * 20000,
        "😀🎉👍",
        "\x00\x01\x02\x1b[31m\x7f",
        "内蒙古\x00备案\x1b有效期是几年?",
        "\u200b\u200b\ufeff",
        "\udcff内蒙古备案有效期是几年?",
        "\ud83d",
    ],
    ids=[
        "empty",
        "whitespace",
        "20000-cjk",
        "20000-ascii",
        "emoji",
        "controls",
        "controls-inside",
        "zero-width",
        "lone-surrogate",
        "half-emoji",
    ],
)
def test_odd_input_gets_a_chinese_answer_not_an_error(chat_engine: Engine, text: str) -> None:
    reply = say(chat_engine, text)

    assert reply.text.strip()
    assert CJK.search(reply.text)
    assert reply.text != texts.INTERNAL_ERROR


def test_oversized_question_is_asked_to_be_shorter(chat_engine: Engine) -> None:
    reply = say(chat_engine, "备案" * 10000)

    assert "太长" in reply.text and reply.covered is False


def test_control_characters_do_not_change_the_answer(chat_engine: Engine) -> None:
    reply = say(chat_engine, "内蒙古\x00备案\x1b有效期是几年?")

    assert ("neimenggu2024", 15) in cited(reply)


def test_lone_surrogate_does_not_hide_the_question(chat_engine: Engine) -> None:
    reply = say(chat_engine, "\udcff内蒙古备案有效期是几年?")

    assert ("neimenggu2024", 15) in cited(reply)


def test_empty_ask_command_asks_for_a_question(chat_engine: Engine) -> None:
    reply = say(chat_engine, "", command="ask")

    assert reply.text == texts.ASK_QUESTION and reply.covered is False


def test_an_agencys_own_funds_are_a_condition_the_texts_hold(chat_engine: Engine) -> None:
    # Budgets of the regulators are outside the texts; an agency's 经费保障 is a filing condition.
    reply = say(chat_engine, "申请评价机构要有稳定的经费保障吗")
    assert reply.covered and "经费保障" in reply.text.splitlines()[0]
