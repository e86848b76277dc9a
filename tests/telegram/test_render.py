"""Rendering: everything escaped, citations compact, splits clean and within the limit."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.messages import Button, Intent, Reply
from bot.telegram.callbacks import Page, decode
from bot.telegram.render import (
    MAX_TEXT,
    PAGE_TEXT,
    Block,
    Pager,
    compact_citation,
    escape,
    keyboard,
    pack,
    render_messages,
    render_page,
    utf16_len,
)
from retrieval.hits import Hit as CitedPassage

ALLOWED_TAGS = {"b", "i"}


def hit(
    doc_key: str = "neimenggu2024",
    article: int | None = 11,
    label: str = "第十一条",
    title: str = "内蒙古自治区职业技能等级认定实施办法",
) -> CitedPassage:
    return CitedPassage(
        doc_key=doc_key,
        doc_title=title,
        doc_number="内人社办发〔2024〕53号",
        jurisdiction="neimenggu",
        article=article,
        article_label=label,
        chapter="第二章",
        text="评价机构应当……",
        score=0.9,
        citation=f"《{title}》{label} (内人社办发〔2024〕53号)",
    )


def reply(text: str, **kwargs: object) -> Reply:
    return Reply(text=text, intent=Intent.POLICY, **kwargs)  # type: ignore[arg-type]


class _Balance(HTMLParser):
    """Fails on unknown or unbalanced tags; collects the visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        assert tag in ALLOWED_TAGS, tag
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack.pop() == tag, f"unbalanced </{tag}>"

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def visible(message: str) -> str:
    """The message's text as a user sees it; asserts it is well-formed HTML."""
    assert not re.search(r"&(?![a-z]+;|#\d+;)", message), "bare & or cut entity"
    parser = _Balance()
    parser.feed(message)
    parser.close()
    assert parser.stack == [], f"unclosed {parser.stack}"
    return "".join(parser.text)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_escape_only_what_telegram_html_needs() -> None:
    assert escape("<b>a & b</b> \"q\" 'x'") == "&lt;b&gt;a &amp; b&lt;/b&gt; \"q\" 'x'"


def test_user_and_corpus_text_is_escaped() -> None:
    [message] = render_messages(reply("第十条 <script>&nbsp; 《办法》", notes=("注:<i>",)))
    assert "<script>" not in message and "&lt;script&gt;&amp;nbsp;" in message
    assert message.endswith("<i>注:&lt;i&gt;</i>")
    assert visible(message).startswith("第十条 <script>&nbsp;")


def test_citations_are_compact_numbered_and_deduplicated() -> None:
    hits = (hit(), hit(), hit("zhejiang2017", 5, "第五条", "浙江省职业技能等级认定办法"))
    [message] = render_messages(reply("答案。", citations=hits))
    assert message == (
        "答案。\n\n<b>依据</b>\n[1] 《内蒙古自治区职业技能等级认定实施办法》第十一条\n"
        "[2] 《浙江省职业技能等级认定办法》第五条"
    )
    assert "53号" not in message  # the 文号 stays out of the compact form


def test_citations_already_in_the_text_are_not_repeated() -> None:
    inline = "备案有效期为3年。\n(依据:《内蒙古自治区职业技能等级认定实施办法》第十一条 (内人社办发〔2024〕53号))"
    other = hit("zhejiang2017", 5, "第五条", "浙江省职业技能等级认定办法")
    [message] = render_messages(reply(inline, citations=(hit(), other)))
    assert message.count("第十一条") == 1
    assert message.endswith("<b>依据</b>\n[1] 《浙江省职业技能等级认定办法》第五条")
    [alone] = render_messages(reply(inline, citations=(hit(),)))
    assert "<b>依据</b>" not in alone


def test_compact_citation_without_an_article() -> None:
    notice = hit(article=None, label="")
    assert compact_citation(notice) == notice.citation


def test_short_reply_is_one_message() -> None:
    assert render_messages(reply("你好")) == ["你好"]
    assert render_messages(reply("   ")) == ["请选择:"]


def test_long_reply_splits_at_sentences_within_the_limit() -> None:
    sentence = "评价机构应当按照备案的职业(工种)范围开展评价工作,不得超范围评价。"
    text = sentence * 300  # ~10,000 characters, no line breaks
    messages = render_messages(reply(text))
    assert len(messages) >= 3
    assert all(utf16_len(m) <= MAX_TEXT for m in messages)
    assert all(m.endswith("。") for m in messages)  # no sentence is cut
    assert squash("".join(visible(m) for m in messages)) == squash(text)


def test_split_never_cuts_an_entity() -> None:
    text = "a&b<c>" * 2000
    messages = render_messages(reply(text), limit=100)
    assert all(utf16_len(m) <= 100 for m in messages)
    assert "".join(visible(m) for m in messages) == text


def test_split_keeps_every_citation_whole_and_the_heading_with_the_first() -> None:
    hits = tuple(hit(f"doc{n}", n, f"第{n}条", "很长的标题" * 20) for n in range(1, 60))
    messages = render_messages(reply("答" * 3000, citations=hits))
    assert all(utf16_len(m) <= MAX_TEXT for m in messages)
    lines = [line for m in messages for line in visible(m).split("\n")]
    for number, cited in enumerate(hits, start=1):
        assert f"[{number}] {compact_citation(cited)}" in lines
    heading = next(m for m in messages if "<b>依据</b>" in m)
    assert "<b>依据</b>\n[1] " in heading


def test_long_italic_note_keeps_its_tags_in_every_part() -> None:
    messages = render_messages(reply("答案", notes=("提示。" * 3000,)))
    assert len(messages) >= 3
    for message in messages[1:]:
        assert message.startswith("<i>") and message.endswith("</i>")
        visible(message)


def test_utf16_counting_for_emoji() -> None:
    assert utf16_len("😀") == 2
    messages = render_messages(reply("😀" * 5000))
    assert all(utf16_len(m) <= MAX_TEXT for m in messages)
    assert sum(len(m) for m in messages) == 5000


def test_atomic_block_larger_than_the_limit_is_an_error() -> None:
    with pytest.raises(ValueError):
        pack([Block.atomic("x" * 50)], limit=10)


def test_pages_have_a_footer_and_stay_within_the_limit() -> None:
    text = "\n".join(
        f"{n}. 某某职业技能评价中心 备案编号 S15000000{n:03d} 有效期至 2026-12-31"
        for n in range(1, 400)
    )
    first, total = render_page(reply(text), 1)
    assert total > 1
    assert first.endswith(f"<i>第 1/{total} 页</i>")
    last, _ = render_page(reply(text), 10**6)  # clamped
    assert last.endswith(f"<i>第 {total}/{total} 页</i>")
    assert utf16_len(first) <= MAX_TEXT and PAGE_TEXT < MAX_TEXT
    assert render_page(reply("短"), 3) == ("短", 1)


def test_keyboard_has_engine_buttons_then_the_pager() -> None:
    answer = reply(
        "答案",
        citations=(hit(), hit("zhejiang2017", 5, "第五条")),
        buttons=(
            (Button("是", "an:eligibility:yes"), Button("否", "an:eligibility:no")),
            (Button("查看原文:内蒙古第十一条", "src:neimenggu2024:11"),),
        ),
    )
    markup = keyboard(answer, pager=Pager(2, 3, "registry", "expiring"))
    assert markup is not None
    rows = [[(b.text, b.callback_data) for b in row] for row in markup.inline_keyboard]
    assert rows[0] == [("是", "v1|b|an:eligibility:yes"), ("否", "v1|b|an:eligibility:no")]
    assert rows[1] == [("查看原文:内蒙古第十一条", "v1|b|src:neimenggu2024:11")]
    assert [decode(str(data)) for _, data in rows[2]] == [
        Page(1, "registry", "expiring"),
        Page(3, "registry", "expiring"),
    ]
    first = keyboard(answer, pager=Pager(1, 3, "registry"))
    assert first is not None and [b.text for b in first.inline_keyboard[-1]] == ["下一页 ›"]


def test_an_oversize_engine_payload_is_an_error_not_a_truncated_button() -> None:
    with pytest.raises(ValueError):
        keyboard(reply("x", buttons=((Button("太长", "an:" + "x" * 60),),)))


def test_no_keyboard_when_nothing_to_press() -> None:
    assert keyboard(reply("你好", citations=(hit(),))) is None


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(list("评价机构。,;:!?、 \n<>&ab😀")), max_size=600),
    limit=st.integers(min_value=24, max_value=300),
)
def test_any_text_splits_into_valid_messages(text: str, limit: int) -> None:
    messages = render_messages(reply(text, notes=(text[:50],)), limit=limit)
    assert all(utf16_len(m) <= limit for m in messages)
    seen = "".join(visible(m) for m in messages)
    expected = text.strip() or "请选择:"
    assert squash(html.unescape(seen)).startswith(squash(expected)) or not squash(expected)
