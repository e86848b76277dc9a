"""Until when records must be kept, from the day an evaluation ended.

内蒙古 (第三十条) and 天津 (第十九条) keep paper records at least 3 years and electronic ones at
least 5. A question naming neither gets both dates; one naming 电子 or 纸质 gets that one. A
date typed after "资料要存多久" with "最早啥时候能清掉" continues the same time limit instead of
asking which one to compute. The expected dates are worked out by hand (the corresponding day,
《民法典》第二百零一、二百零二条). The conversation lives in the database: SQLite and PostgreSQL.
"""

from __future__ import annotations

import itertools

from bot.engine import Engine
from bot.messages import Intent, Reply, UserInput

_users = itertools.count()


def ask(engine: Engine, text: str, user: str | None = None) -> Reply:
    return engine.handle(UserInput(user_id=user or f"tg:rk{next(_users)}", text=text))


def test_neither_kind_named_gets_both_dates(engine_on_each_database: Engine) -> None:
    reply = ask(engine_on_each_database, "内蒙 评价2024年5月1日结束 资料保管到啥时候")
    lines = reply.text.splitlines()
    assert reply.intent is Intent.DEADLINE
    assert "纸质材料至少保管到2027年5月1日" in lines[0]
    assert "电子材料至少保管到2029年5月1日" in lines[1]
    assert sum("依据" in line for line in lines) == 1  # one article for both


def test_the_kind_named_gets_its_own_date(engine_on_each_database: Engine) -> None:
    text = ask(engine_on_each_database, "天津 2024年5月1日考完的 纸质材料保存到哪天").text
    assert "纸质资料至少保管到2027年5月1日" in text and "电子" not in text


def test_a_date_after_how_long_continues_that_time_limit(engine_on_each_database: Engine) -> None:
    user = "tg:rk-follow"
    ask(engine_on_each_database, "内蒙 评价过程的资料要存多久", user)
    reply = ask(engine_on_each_database, "我们有一批是2023年9月10号考的,电子材料最早啥时候能清掉", user)
    assert "要计算哪个期限" not in reply.text
    assert reply.text.splitlines()[0].endswith("电子材料至少保管到2028年9月10日。")
