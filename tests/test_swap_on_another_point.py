"""A question asked again of another region is silent there when that region's best article
is on another point, as it is when asked directly.

"内蒙古搞专项督导,一个督导组最少要几个人" is answered by 内蒙古 第三十八条 (督导小组原则上由3名以上
质量督导员组成). Asked again ("那兵团呢"), 兵团's closest figure is 第六条's 考评人员一般不少于3人,
another point: 兵团 sets no size for a 督导组, and says so first, as it does when asked
directly. The first region's article used to be barred from showing that (it keeps the
question's own wording), whatever the second region's article was about. It still is when
that article rules on the point the last answer quoted (`corpus/rules/concordance.yaml`):
"那天津呢" after 内蒙古's 分类定级 is 天津's 红黑榜.
The subject is kept in the database: the tests run on SQLite and PostgreSQL.
"""

from __future__ import annotations

from bot.engine import Engine
from tests.replies import cited, first_line, follow_up


def test_another_point_in_the_second_region_is_a_silence(engine_on_each_database: Engine) -> None:
    reply = follow_up(engine_on_each_database, "内蒙古搞专项督导,一个督导组最少要几个人", "那兵团呢", user="tg:other-point")
    assert not reply.covered
    assert first_line(reply).startswith("兵团:") and "没有规定" in first_line(reply)


def test_a_certificate_as_a_basis_for_talent_policy_asked_again_is_a_silence(engine_on_each_database: Engine) -> None:
    reply = follow_up(engine_on_each_database, "天津拿的技能等级证书能作为享受人才政策的依据吗", "那兵团呢", user="tg:other-point-2")
    assert not reply.covered
    assert first_line(reply).startswith("兵团:") and "没有规定" in first_line(reply)


def test_the_same_point_in_other_words_is_still_answered(engine_on_each_database: Engine) -> None:
    reply = follow_up(engine_on_each_database, "内蒙古对评价机构怎么分类监管", "那天津呢", user="tg:same-point")
    assert reply.covered
    assert cited(reply) == ("tianjin2020", 23)
    assert "红黑榜" in first_line(reply)
