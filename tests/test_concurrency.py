"""Several worker processes on one database, through `Engine.handle`, on SQLite and PostgreSQL.

One user's turns must form one ordered unit of work (no lost checklist tick, no failed
first contact), a link code must link exactly one user however many redeem it at once,
failed link attempts are audited and limited, and a refusal during an open dialogue is
audited in the turn's own unit of work instead of waiting on a second connection.
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Callable
from typing import Any

from sqlmodel import select

from bot import texts
from bot.messages import Reply, UserInput
from db.chat_state import LINK_BUSY, LINK_TOO_MANY, get_checklist_done, issue_link_code
from db.crud import list_audit
from db.models import Filing, StaffLinkCode, UserProfile
from db.session import session_scope
from tests.concurrency_workers import (
    engine_for,
    first_contact_worker,
    redeem_worker,
    tick_worker,
)

CTX = mp.get_context("spawn")
WORKER_TIMEOUT = 300


def run_workers(target: Callable[..., None], per_worker: list[tuple[Any, ...]]) -> list[Any]:
    """Start one process per argument tuple (each also gets a shared barrier and a result
    queue), and return what each put on the queue."""
    barrier = CTX.Barrier(len(per_worker), timeout=WORKER_TIMEOUT)
    out = CTX.Queue()
    processes = [CTX.Process(target=target, args=(*args, barrier, out)) for args in per_worker]
    for process in processes:
        process.start()
    results = [out.get(timeout=WORKER_TIMEOUT) for _ in processes]
    for process in processes:
        process.join(timeout=WORKER_TIMEOUT)
        assert process.exitcode == 0
    return results


def payloads(reply: Reply, prefix: str = "") -> list[str]:
    return [b.payload for row in reply.buttons for b in row if b.payload.startswith(prefix)]


def open_checklist(url: str, user: str) -> list[str]:
    """Walk /checklist to its first region and first procedure; the tick payloads shown."""
    engine = engine_for(url)
    reply = engine.handle(UserInput(user_id=user, command="checklist"))
    while not payloads(reply, "ck:"):
        choices = payloads(reply, "an:checklist:")
        assert choices, reply.text
        reply = engine.handle(UserInput(user_id=user, callback=choices[0]))
    return payloads(reply, "ck:")


def test_every_confirmed_tick_of_one_user_is_kept_under_four_processes(db_url: str) -> None:
    user = "tg:4242"
    ticks = open_checklist(db_url, user)
    workers = 4
    assert len(ticks) >= workers
    rounds = 41  # odd: every item ends ticked

    wrong = run_workers(tick_worker, [(db_url, user, ticks[n::workers], rounds) for n in range(workers)])

    assert [line for lines in wrong for line in lines] == []
    checklist_id = ticks[0].split(":")[1]
    with session_scope(db_url) as session:
        done = get_checklist_done(session=session, user_id=user, checklist_id=checklist_id)
    assert len(done) == len(ticks) == len(set(done))


def test_racing_first_contact_is_answered_for_every_worker(db_url: str) -> None:
    users = [f"tg:new{n}" for n in range(15)]

    seen = run_workers(first_contact_worker, [(db_url, users)] * 4)

    assert {text for texts_seen in seen for text in texts_seen} == {texts.HELP}
    with session_scope(db_url) as session:
        stored = session.exec(select(UserProfile.user_id)).all()
    assert sorted(stored) == sorted(users)


def _filing_number(url: str) -> str:
    with session_scope(url) as session:
        return session.exec(select(Filing.filing_number).order_by(Filing.filing_number)).first()  # type: ignore[return-value]


def test_one_link_code_redeemed_by_eight_processes_links_exactly_one(sample_url: str) -> None:
    number = _filing_number(sample_url)
    with session_scope(sample_url) as session:
        codes = [issue_link_code(session=session, filing_number=number, issued_by="tg:900").code for _ in range(4)]
    users = [f"tg:staff{n}" for n in range(8)]

    seen = run_workers(redeem_worker, [(sample_url, user, codes) for user in users])

    winners = {code: [user for user, replies in seen for c, text in replies if c == code and text.startswith("绑定成功")] for code in codes}
    assert all(len(won) == 1 for won in winners.values()), winners
    with session_scope(sample_url) as session:
        used = {link.code: link.used_by for link in session.exec(select(StaffLinkCode)).all()}
        linked = {p.user_id for p in session.exec(select(UserProfile)).all() if p.linked_filing_number == number}
    assert {code: [used[code]] for code in codes} == winners
    assert linked == {won[0] for won in winners.values()}


def test_failed_link_attempts_are_audited_and_limited_per_user_and_overall(sample_url: str) -> None:
    number = _filing_number(sample_url)
    with session_scope(sample_url) as session:
        good = [issue_link_code(session=session, filing_number=number, issued_by="tg:900").code for _ in range(3)]
    engine = engine_for(sample_url, link_failures_per_user_hour=3, link_failures_per_minute=5)

    def link(user: str, code: str) -> str:
        return engine.handle(UserInput(user_id=user, command="link", text=code)).text

    guesses = [link("tg:guesser", f"ZZZZZZ{n}{n}") for n in range(2, 5)]
    assert all("绑定码无效" in text for text in guesses)
    assert link("tg:guesser", good[0]) == LINK_TOO_MANY  # refused without looking at the code
    assert link("tg:honest", good[0]).startswith("绑定成功")  # other users are not blocked
    assert "已被使用" in link("tg:late", good[0])
    assert "绑定码无效" in link("tg:other", "ZZZZZZ99")
    assert link("tg:third", good[1]) == LINK_BUSY  # five failures this minute, all users together

    with session_scope(sample_url) as session:
        failed = list_audit(session=session, entity="staff_link_code", action="redeem_failed")
        limited = list_audit(session=session, entity="staff_link_code", action="redeem_limited")
        guesser = session.get(UserProfile, "tg:guesser")
    assert sorted(e.actor for e in failed) == ["tg:guesser"] * 3 + ["tg:late", "tg:other"]
    assert sorted(e.actor for e in limited) == ["tg:guesser", "tg:third"]
    assert guesser is not None and guesser.linked_filing_number is None


def test_a_refusal_during_an_open_dialogue_is_audited_in_the_turn(sample_url: str) -> None:
    engine = engine_for(sample_url)
    for dialogue in ("eligibility", "checklist", "deadline"):
        user = f"tg:{dialogue}"
        asked = engine.handle(UserInput(user_id=user, command=dialogue))
        assert asked.state and asked.state.startswith(dialogue)

        refused = engine.handle(UserInput(user_id=user, text="列出所有暂停的机构"))

        assert "仅向主管部门" in refused.text
        with session_scope(sample_url) as session:
            entries = list_audit(session=session, entity="permission", action="refused")
        assert [e.actor for e in entries].count(user) == 1
