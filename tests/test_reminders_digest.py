"""The regulator digest through its public entry points (/remind digest in the engine,
`policybot reminders due`/`policybot registry … --json`, the sender with an injected clock),
on the sample registry in SQLite and PostgreSQL: due on Monday 09:00 Asia/Shanghai only,
contents per jurisdiction, terminations since the last digest, never to a non-regulator."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from bot.engine import Engine
from bot.messages import ChatKind, Reply, Role, UserInput
from config import get_settings
from db.chat_state import update_profile
from db.crud import change_filing_state, get_filing_by_number, list_filings
from db.enums import FilingState, TerminationKind
from db.session import session_scope
from tests.cli_env import run_in_process
from tests.concurrency_workers import engine_for
from tests.reminder_workers import run_two_senders
from tests.test_reminders_sender import Channel, Clock, at
from tools.reminder_plan import plan
from tools.reminder_sender import run_once

REGULATOR, OTHER_REGULATOR, STRANGER = "tg:900", "tg:901", "tg:501"
MONDAY = date(2026, 11, 23)  # the first Monday after the sample's reference date (2026-11-22)
Cli = Callable[..., tuple[int, str, str]]


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Iterator[Cli]:
    """`policybot …` in this process; REGULATOR_IDS names the two test regulators."""
    monkeypatch.setenv("REGULATOR_IDS", "900,901")
    get_settings.cache_clear()

    def run(url: str, *args: str) -> tuple[int, str, str]:
        monkeypatch.setenv("DATABASE_URL", url)
        return run_in_process(capsys, *args)

    yield run
    get_settings.cache_clear()


def demote_all(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REGULATOR_IDS", "")
    get_settings.cache_clear()


def remind(engine: Engine, user: str, text: str, **extra: object) -> Reply:
    return engine.handle(UserInput(user_id=user, command="remind", text=text, **extra))  # type: ignore[arg-type]


def subscribe(engine: Engine, user: str = REGULATOR) -> Reply:
    reply = remind(engine, user, "digest", role=Role.REGULATOR)
    assert "已开启监管周报" in reply.text, reply.text
    return reply


def due(cli: Cli, url: str, day: date, days: int = 1) -> list[dict[str, str | None]]:
    code, out, err = cli(url, "reminders", "due", "--today", day.isoformat(), "--days", str(days), "--json")
    assert code == 0, err
    return json.loads(out)


def digests(items: list[dict[str, str | None]]) -> list[dict[str, str | None]]:
    return [i for i in items if i["kind"] == "digest"]


def section(text: str, mark: str) -> str:
    """One numbered part of a digest text (一、 … 四、)."""
    part = text.split(mark, 1)[1]
    return re.split(r"\n[一二三四]、|\n完整清单", part, maxsplit=1)[0]


def registry(cli: Cli, url: str, *args: str) -> dict:  # type: ignore[type-arg]
    code, out, err = cli(url, "registry", *args, "--today", MONDAY.isoformat(), "--json")
    assert code == 0, err
    return json.loads(out)


def test_digest_is_due_on_monday_at_nine_only(sample_url: str, cli: Cli) -> None:
    engine = engine_for(sample_url)
    subscribe(engine)
    week = due(cli, sample_url, MONDAY - timedelta(days=1), days=9)  # Sunday … next Monday
    assert [(d["user_id"], d["due_date"], d["filing_number"]) for d in digests(week)] == [
        (REGULATOR, MONDAY.isoformat(), None),
        (REGULATOR, (MONDAY + timedelta(days=7)).isoformat(), None),
    ]
    assert set(week[0]) >= {"user_id", "kind", "filing_number", "due_date", "text"}

    clock = Clock(at(MONDAY - timedelta(days=1), 9, 0))  # Sunday 09:00
    channel = Channel(clock)
    run_once(sample_url, channel, now=clock.now, sleep=clock.sleep)
    clock.t = at(MONDAY, 8, 59)
    run_once(sample_url, channel, now=clock.now, sleep=clock.sleep)
    assert [call for call in channel.calls if call[1] == REGULATOR] == []
    clock.t = at(MONDAY, 9, 0)
    run_once(sample_url, channel, now=clock.now, sleep=clock.sleep)
    clock.t = at(MONDAY, 15, 0)
    run_once(sample_url, channel, now=clock.now, sleep=clock.sleep)
    clock.t = at(MONDAY + timedelta(days=1), 9, 0)
    run_once(sample_url, channel, now=clock.now, sleep=clock.sleep)
    assert [(sent_at, text.splitlines()[0]) for sent_at, user, text, _ in channel.calls if user == REGULATOR] == [
        (at(MONDAY, 9, 0), "【监管周报】2026年11月23日(范围:全部地区)")
    ]


def test_digest_contents_follow_the_regulators_jurisdiction(sample_url: str, cli: Cli) -> None:
    engine = engine_for(sample_url)
    subscribe(engine, REGULATOR)
    subscribe(engine, OTHER_REGULATOR)
    with session_scope(sample_url) as session:
        update_profile(session=session, user_id=REGULATOR, actor="test", jurisdiction="bingtuan")
    texts = {d["user_id"]: str(d["text"]) for d in digests(due(cli, sample_url, MONDAY))}
    assert "范围:兵团" in texts[REGULATOR] and "范围:全部地区" in texts[OTHER_REGULATOR]

    lists = (("一、", ("expiring", "--days", "90")), ("二、", ("expired",)), ("三、", ("suspended",)))
    checked = 0
    for user, scope in ((REGULATOR, ("--jurisdiction", "bingtuan")), (OTHER_REGULATOR, ())):
        for mark, command in lists:
            expected = registry(cli, sample_url, *command, *scope)
            part = section(texts[user], mark)
            assert re.search(rf":{expected['total']}家", part.splitlines()[0]), (user, mark, part)
            shown = re.findall(r"[A-Z]{2}-\d{4}-\d{4}", part)
            assert shown == [row["filing_number"] for row in expected["rows"][:5]]
            if expected["total"] > 5:
                assert f"另有{expected['total'] - 5}家" in part
            checked += expected["total"]
    assert checked > 0  # the sample has filings in these lists: the comparison said something
    assert not re.search(r"\b(NM|TJ)-\d{4}", texts[REGULATOR])  # 兵团 only

    preview = subscribe(engine, REGULATOR)  # again: idempotent, with page buttons into /registry
    pages = [b.payload for row in preview.buttons for b in row]
    assert pages and all(p.startswith("pg:") and ":bingtuan:1" in p for p in pages)
    first = engine.handle(UserInput(user_id=REGULATOR, callback=pages[0], role=Role.REGULATOR))
    assert "范围:兵团" in first.text and "抱歉" not in first.text


def _terminate(url: str, jurisdiction: str, on: date) -> str:
    with session_scope(url) as session:
        filing, agency = next(
            pair for pair in list_filings(session=session, states=[FilingState.ACTIVE], jurisdiction=jurisdiction)
        )
        change_filing_state(session=session, filing=filing, state=FilingState.TERMINATED, actor="reg:test",
                            on=on, reason="自愿注销", termination_kind=TerminationKind.VOLUNTARY,
                            jurisdiction=agency.jurisdiction.value)
        return filing.filing_number


def test_terminated_since_the_last_digest(sample_url: str, cli: Cli) -> None:
    engine = engine_for(sample_url)
    subscribe(engine)
    wednesday = MONDAY + timedelta(days=2)
    number = _terminate(sample_url, "neimenggu", wednesday)
    clock = Clock(at(MONDAY, 9, 0))
    channel = Channel(clock)
    for week in range(3):
        clock.t = at(MONDAY + timedelta(days=7 * week), 9, 0)
        run_once(sample_url, channel, now=clock.now, sleep=clock.sleep)
    ended = [section(text, "四、") for _, user, text, _ in channel.calls if user == REGULATOR]
    assert len(ended) == 3
    assert "2026年11月16日至2026年11月22日" in ended[0] and number not in ended[0]  # before it
    assert "2026年11月23日至2026年11月29日" in ended[1] and number in ended[1]
    assert "2026年11月30日至2026年12月6日" in ended[2] and number not in ended[2]  # told once
    with session_scope(sample_url) as session:
        assert get_filing_by_number(session=session, filing_number=number).state is FilingState.TERMINATED


def test_non_regulators_never_get_a_digest(sample_url: str, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = engine_for(sample_url)
    refused = remind(engine, STRANGER, "digest")
    assert "仅向主管部门" in refused.text
    grouped = remind(engine, REGULATOR, "digest", role=Role.REGULATOR, chat=ChatKind.GROUP)
    assert "私聊" in grouped.text
    assert "监管周报:每周一" not in remind(engine, STRANGER, "").text
    subscribe(engine)
    assert "监管周报:每周一" in remind(engine, REGULATOR, "", role=Role.REGULATOR).text
    assert [d["user_id"] for d in digests(due(cli, sample_url, MONDAY))] == [REGULATOR]

    clock = Clock(at(MONDAY, 9, 0))  # planned while still a regulator …
    channel = Channel(clock)
    plan(sample_url, now=clock.now())
    demote_all(monkeypatch)  # … removed from REGULATOR_IDS before the send
    report = run_once(sample_url, channel, now=clock.now, sleep=clock.sleep, plan_first=False)
    assert [c for c in channel.calls if c[1] == REGULATOR] == [] and report.failed >= 1
    assert digests(due(cli, sample_url, MONDAY + timedelta(days=7))) == []
    monkeypatch.setenv("REGULATOR_IDS", "900")  # even re-allowed: the subscription has ended
    get_settings.cache_clear()
    assert digests(due(cli, sample_url, MONDAY + timedelta(days=7))) == []
    assert "监管周报:每周一" not in remind(engine, REGULATOR, "", role=Role.REGULATOR).text


def test_stop_digest_and_demotion_at_planning(sample_url: str, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = engine_for(sample_url)
    subscribe(engine, REGULATOR)
    subscribe(engine, OTHER_REGULATOR)
    assert "已停止监管周报" in remind(engine, OTHER_REGULATOR, "digest off", role=Role.REGULATOR).text
    demote_all(monkeypatch)
    clock = Clock(at(MONDAY, 9, 0))
    channel = Channel(clock)
    run_once(sample_url, channel, now=clock.now, sleep=clock.sleep)
    assert [c for c in channel.calls if c[1] in (REGULATOR, OTHER_REGULATOR)] == []
    assert "监管周报:每周一" not in remind(engine, REGULATOR, "").text


def test_two_sender_processes_send_each_digest_once(db_url: str, cli: Cli, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    users = [f"tg:{n}" for n in range(1, 21)]
    monkeypatch.setenv("REGULATOR_IDS", ",".join(u[3:] for u in users))  # inherited by the children
    get_settings.cache_clear()
    engine = engine_for(db_url)
    for user in users:
        subscribe(engine, user)
    per_user, reports = run_two_senders(db_url, at(MONDAY, 9, 0), tmp_path / "sent.log")
    assert per_user == Counter(users)
    assert sum(int(r["sent"]) for r in reports) == len(users)

