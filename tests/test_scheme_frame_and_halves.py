"""A lead says what a scheme is, quotes both halves of a rule cut at a semicolon, and does not
open with a word pointing back at a sentence it leaves out.

- 天津 第二十三条 opens "建立评价机构“红黑榜”机制。" and then says how the list is kept. A lead
  quoting only the later sentences never names the 红黑榜 机制 the user asked about.
- Its last sentence is two halves: "被评为“红色”的…可申请连续备案;被评为“黑色”的…退出评价机构
  目录。" The first half alone hides what happens to a 黑色 agency.
- 兵团 第六条(二) says "其中:命题专家…一般不少于2人;": "其中:" points at the sentence before
  it, which a figure's lead does not quote.
"""

from __future__ import annotations

from bot.engine import Engine
from tests.replies import ask, cited, first_line


def test_a_scheme_is_named_before_how_it_works(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "天津对评价机构搞啥名单管理", user="tg:scheme-tj")
    lead = first_line(reply)
    assert cited(reply) == ("tianjin2020", 23)
    assert lead.startswith("建立评价机构“红黑榜”机制。")
    assert "每三年调整并公布" in lead


def test_a_scheme_frames_the_rule_without_an_ellipsis(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "兵团对评价机构信用咋管的", user="tg:scheme-bt")
    lead = first_line(reply)
    assert cited(reply) == ("bingtuan2025", 24)
    assert lead.startswith("人力资源和社会保障部门建立评价机构诚信管理制度。")
    assert "……" not in lead.split("。")[0]


def test_both_halves_of_a_semicolon_rule_are_quoted(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "天津对评价机构搞啥名单管理", user="tg:halves-tj")
    lead = first_line(reply)
    assert "被评为“红色”的评价机构,备案有效期满后可申请连续备案" in lead
    assert "退出评价机构目录" in lead


def test_a_lead_does_not_open_with_a_back_reference(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "兵团命题专家最少几个", user="tg:back-ref")
    lead = first_line(reply)
    assert cited(reply) == ("bingtuan2025", 6)
    assert lead.startswith("命题专家") and "一般不少于2人" in lead
