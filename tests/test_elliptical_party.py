"""An elliptical follow-up is asked of the party the conversation is about.

"兵团考评员要几个" is answered by 兵团 第六条(二) (考评人员一般不少于3人). "有啥资格要求" next asks
about 考评员 too: the lead is item (二), the one on 考评人员, not the whole list of an agency's
conditions, which it used to be. A follow-up naming its own party keeps it, and after a
question about the agency itself the whole list is still the answer.
"""

from __future__ import annotations

from bot.engine import Engine
from tests.replies import cited, first_line, follow_up


def test_an_elliptical_follow_up_is_asked_of_the_last_party(chat_engine: Engine) -> None:
    reply = follow_up(chat_engine, "兵团考评员要几个", "有啥资格要求", user="tg:party-carried")
    lead = first_line(reply)
    assert cited(reply) == ("bingtuan2025", 6)
    assert "(二)" in lead and "考评人员" in lead
    assert "(一)" not in lead and "(三)" not in lead


def test_after_a_question_about_the_agency_the_whole_list_answers(chat_engine: Engine) -> None:
    reply = follow_up(chat_engine, "兵团评价机构备案要啥条件", "有啥资格要求", user="tg:party-agency")
    lead = first_line(reply)
    assert cited(reply) == ("bingtuan2025", 6)
    assert "(一)" in lead and "(三)" in lead
