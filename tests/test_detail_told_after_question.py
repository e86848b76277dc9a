"""A detail the last question lacked, told after it.

- "我们在包头" after a question answered of no region is where that question is asked: 内蒙古's
  renewal window (有效期满3个月内) leads, and 内蒙古 becomes the user's region, said last. It used
  to set the region and answer nothing.
- "我们是石河子的机构" after "资料得存几年" asks 兵团, whose text is silent on the period: said first.
- A place the last answer was already about, or a region set in a settings message's own words
  ("地区设为内蒙古"), is a settings change only.
- "我们在呼和浩特,是给本企业职工做自主评价的" (a statement, no ask) after "…再设一档,可以吗"
  is that question with the detail: 内蒙古 第二十条 (特级技师、首席技师).
- A follow-up asked as a question however worded ("内蒙对场地产权有要求没") is no detail.
SQLite and PostgreSQL (the user's region is stored in the database).
"""

from __future__ import annotations

from bot.engine import Engine
from bot.messages import Intent
from corpus.models import Jurisdiction
from db.chat_state import get_profile
from db.session import session_scope
from tests.replies import cited, first_line, follow_up, said_silent_first


def _region_of(engine: Engine, user: str) -> Jurisdiction | None:
    with session_scope(engine.database_url) as session:
        profile = get_profile(session=session, user_id=user)
        return None if profile is None else profile.jurisdiction


def test_a_place_told_after_a_question_asks_it_there_and_becomes_the_region(sample_engine: Engine) -> None:
    user = "tg:told-place"
    reply = follow_up(sample_engine, "续期备案得提前多久交申请?", "我们在包头", user=user)
    assert reply.intent is Intent.POLICY
    assert "有效期满3个月内" in first_line(reply)
    assert cited(reply) == ("neimenggu2024", 15)
    assert reply.text.rstrip().endswith("并将您的地区设置为内蒙古。)")
    assert _region_of(sample_engine, user) is Jurisdiction.NEIMENGGU


def test_a_place_told_whose_text_is_silent_says_so_first(sample_engine: Engine) -> None:
    reply = follow_up(sample_engine, "我们评价完的那些资料得存几年啊", "我们是石河子的机构", user="tg:told-silent")
    assert said_silent_first(reply, "兵团", "没有规定")
    assert not reply.covered


def test_a_region_set_in_settings_words_is_a_settings_change_only(sample_engine: Engine) -> None:
    user = "tg:told-settings"
    reply = follow_up(sample_engine, "续期备案得提前多久交申请?", "地区设为内蒙古", user=user)
    assert reply.intent is Intent.SETTINGS
    assert first_line(reply).startswith("已将您的地区设置为:内蒙古")
    assert _region_of(sample_engine, user) is Jurisdiction.NEIMENGGU


def test_the_place_the_last_answer_was_about_is_a_settings_change_only(sample_engine: Engine) -> None:
    reply = follow_up(sample_engine, "天津备案有效期几年", "我们在天津", user="tg:told-same")
    assert reply.intent is Intent.SETTINGS


def test_a_statement_after_a_question_is_the_detail_it_lacked(sample_engine: Engine) -> None:
    reply = follow_up(
        sample_engine, "我们企业想在高级技师上面再设一档,可以吗", "我们在呼和浩特,是给本企业职工做自主评价的", user="tg:told-detail"
    )
    assert cited(reply) == ("neimenggu2024", 20)
    assert "特级技师和首席技师" in first_line(reply)


def test_a_question_however_worded_is_no_detail(sample_engine: Engine) -> None:
    reply = follow_up(sample_engine, "兵团考核场地租的行不行", "内蒙对场地产权有要求没", user="tg:told-asks")
    assert said_silent_first(reply, "内蒙古", "没有规定")
