"""A region asked again after a silence leans on the reference quoted for it, not on the first.

"兵团发的电子证书和纸质证书效力一样吗": 兵团's text is silent, and the reply quotes, for
reference, 内蒙古 第三十条 (纸质/电子材料 kept 3/5 years) and 天津 第十八条 (纸质证书与电子证书
具有同等效力). "那天津呢" asks about the 天津 rule the user just saw. It used to lean on the
reply's first citation, 内蒙古's archive rule, and answered with 天津's archive rule (第十九条).
The subject is kept in the database, so the tests run on SQLite and PostgreSQL.
"""

from __future__ import annotations

from bot.engine import Engine
from tests.replies import cited, first_line, follow_up

SILENT_FIRST = "兵团发的电子证书和纸质证书效力一样吗"


def test_the_region_quoted_for_reference_is_answered_by_that_article(engine_on_each_database: Engine) -> None:
    reply = follow_up(engine_on_each_database, SILENT_FIRST, "那天津呢", user="tg:swap-silence-tj")
    assert reply.covered
    assert cited(reply) == ("tianjin2020", 18)
    assert "同等效力" in first_line(reply)


def test_a_region_whose_reference_was_about_another_point_is_still_silent(engine_on_each_database: Engine) -> None:
    reply = follow_up(engine_on_each_database, SILENT_FIRST, "那内蒙古呢", user="tg:swap-silence-nm")
    assert not reply.covered
    assert first_line(reply).startswith("内蒙古:") and "没有规定" in first_line(reply)
