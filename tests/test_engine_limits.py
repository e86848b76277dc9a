"""Per-user rate limiting lives in the database, so every worker sees the same count."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot import texts
from bot.engine import Engine
from bot.messages import UserInput
from db.chat_state import count_message
from db.session import session_scope
from db.types import utcnow


@pytest.fixture
def chat_engine(engine_on_each_database: Engine) -> Engine:
    """These behaviours live in the database: run them on SQLite and on PostgreSQL."""
    return engine_on_each_database


def test_a_user_over_the_limit_is_asked_to_wait_and_others_are_not(chat_engine: Engine) -> None:
    limit = chat_engine.settings.rate_limit_per_minute
    replies = [chat_engine.handle(UserInput(user_id="tg:fast", command="help")) for _ in range(limit + 2)]

    assert all(r.text == texts.HELP for r in replies[:limit])
    assert all(r.text == texts.RATE_LIMITED for r in replies[limit:])
    assert chat_engine.handle(UserInput(user_id="tg:calm", command="help")).text == texts.HELP


def test_button_presses_do_not_count(chat_engine: Engine) -> None:
    limit = chat_engine.settings.rate_limit_per_minute
    for _ in range(limit + 5):
        chat_engine.handle(UserInput(user_id="tg:clicker", callback="src:neimenggu2024:15"))
    assert chat_engine.handle(UserInput(user_id="tg:clicker", command="help")).text == texts.HELP


def test_a_second_engine_on_the_same_database_shares_the_count(chat_engine: Engine) -> None:
    other = Engine(chat_engine.settings, database_url=chat_engine.database_url)
    limit = chat_engine.settings.rate_limit_per_minute
    for n in range(limit):
        (chat_engine if n % 2 else other).handle(UserInput(user_id="tg:two", command="help"))
    assert other.handle(UserInput(user_id="tg:two", command="help")).text == texts.RATE_LIMITED


def test_the_window_resets_after_a_minute(chat_engine: Engine) -> None:
    start = utcnow()
    with session_scope(chat_engine.database_url) as session:
        counts = [count_message(session=session, user_id="tg:w", now=start + timedelta(seconds=s)) for s in (0, 30, 59)]
        later = count_message(session=session, user_id="tg:w", now=start + timedelta(seconds=61))
    assert counts == [1, 2, 3] and later == 1
