"""Follow-ups that move the question to other regions, or from an agency to its region's rules.

"其他地方呢" after a question about 内蒙古 asks it of every other region with its own rules;
"要是过期了没续会咋样" after an agency's status asks what the agency's region's rules say
happens, not the agency's filing again. SQLite and PostgreSQL.
"""

from __future__ import annotations

from bot.engine import Engine
from bot.messages import Intent, Reply, UserInput

USER = "tg:regions-followup"


def ask(engine: Engine, text: str, user: str = USER) -> Reply:
    return engine.handle(UserInput(user_id=user, text=text))


def test_other_places_asks_the_last_question_of_every_other_region(sample_engine: Engine) -> None:
    first = ask(sample_engine, "内蒙古备案有效期几年")
    assert {c.jurisdiction for c in first.citations} == {"neimenggu"}
    reply = ask(sample_engine, "其他地方呢")
    lines = reply.text.splitlines()
    assert lines[0].startswith("兵团:") and "3年" in lines[0]
    assert lines[1].startswith("天津:")
    assert "neimenggu" not in {c.jurisdiction for c in reply.citations}


def test_other_places_without_a_regional_question_is_not_a_follow_up(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "其他地方呢", user="tg:regions-fresh")
    assert not reply.text.startswith("兵团:")


def test_what_happens_after_a_status_lookup_asks_the_agencys_region(sample_engine: Engine) -> None:
    status = ask(sample_engine, "塔河纺织备案到啥时候", user="tg:regions-status")
    assert status.intent is Intent.STATUS
    reply = ask(sample_engine, "要是过期了没续会咋样", user="tg:regions-status")
    assert reply.intent is Intent.POLICY
    assert (reply.citations[0].doc_key, reply.citations[0].article) == ("bingtuan2025", 19)
    assert "备案期满未书面提出续期备案申请" in reply.text.splitlines()[0]


def test_a_state_question_after_a_status_lookup_still_means_the_agency(sample_engine: Engine) -> None:
    ask(sample_engine, "塔河纺织备案到啥时候", user="tg:regions-state")
    reply = ask(sample_engine, "它续期怎么弄", user="tg:regions-state")
    assert reply.intent is Intent.STATUS
    assert "塔河纺织" in reply.text


def test_a_correction_asks_the_last_question_of_the_region_meant(sample_engine: Engine) -> None:
    ask(sample_engine, "兵团考评员要签几年聘用协议", user="tg:regions-correction")
    reply = ask(sample_engine, "不对,我问的是内蒙古", user="tg:regions-correction")
    # 内蒙古 sets no term for such contracts: said first, 兵团's 1-3年 only as reference.
    assert not reply.covered
    assert reply.text.startswith("内蒙古:") and "没有规定" in reply.text.splitlines()[0]
    assert "1-3年" in reply.text


def test_a_like_rule_asked_again_of_a_third_region_is_still_a_like_rule(chat_engine: Engine) -> None:
    """"兵团有类似的吗" then "蒙呢": 内蒙古's like provision is asked for, not 红黑榜 by name
    (which its text never says, so the reply would open with its silence)."""
    user = "tg:like-rule-chain"
    ask(chat_engine, "天津红黑榜被评成黑色会怎样", user=user)
    ask(chat_engine, "兵团有类似的吗", user=user)
    reply = ask(chat_engine, "蒙呢", user=user)
    assert reply.covered and "没有规定" not in reply.text.splitlines()[0]
    assert {c.jurisdiction for c in reply.citations} == {"neimenggu"}
