"""Which reminders a subscriber gets and when, through `policybot reminders …` on a real
database (SQLite and PostgreSQL), with the day set by `--today`.

Expected dates are worked out by hand from each jurisdiction's rule in
corpus/rules/deadlines.yaml (cited in the comments), not read back from the code.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from config import get_settings
from db.crud import change_filing_state, get_filing_by_number
from db.enums import FilingState, TerminationKind
from db.session import session_scope
from tests.cli_env import run_in_process
from tests.reminder_workers import add_followed_filing

ROOT = Path(__file__).resolve().parents[1]
FIELDS = {"user_id", "kind", "filing_number", "due_date", "text"}
Cli = Callable[..., tuple[int, str, str]]


@pytest.fixture
def cli(db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Iterator[Cli]:
    """`policybot …` in this process, on the test's database; returns (exit code, out, err)."""
    monkeypatch.setenv("DATABASE_URL", db_url)
    yield lambda *args: run_in_process(capsys, *args)
    get_settings.cache_clear()


def due(cli: Cli, day: date) -> list[dict[str, str]]:
    code, out, err = cli("reminders", "due", "--today", day.isoformat(), "--json")
    assert code == 0, err
    return json.loads(out)


def test_reminder_days_follow_each_jurisdictions_renewal_rule(db_url: str, cli: Cli) -> None:
    expiry = date(2027, 6, 30)
    numbers = {
        j: add_followed_filing(db_url, n, j, expiry, f"tg:{100 + n}")
        for n, j in enumerate(("bingtuan", "neimenggu", "tianjin"), start=1)
    }
    start = date(2027, 2, 1)
    code, out, err = cli("reminders", "due", "--today", start.isoformat(), "--days", "155", "--json")
    assert code == 0, err
    seen = set()
    for item in json.loads(out):
        assert FIELDS <= set(item) and start <= date.fromisoformat(item["due_date"]) < start + timedelta(days=155)
        seen.add((item["filing_number"], item["kind"], item["due_date"]))
    for day in (date(2027, 2, 28), date(2027, 3, 31), date(2027, 6, 30)):  # one day at a time agrees
        assert {(i["filing_number"], i["kind"], i["due_date"]) for i in due(cli, day)} == {
            s for s in seen if s[2] == day.isoformat()
        }
    assert seen == {
        # 兵团第十条 "应于有效期满3个月前": last day 2027-03-30, no window start
        (numbers["bingtuan"], "renewal_due_30d", "2027-02-28"),
        (numbers["bingtuan"], "renewal_due_7d", "2027-03-23"),
        (numbers["bingtuan"], "expiry", "2027-06-30"),
        # 内蒙古第十五条 "有效期满3个月内": window 2027-03-31 .. 2027-06-30
        (numbers["neimenggu"], "renewal_window_open", "2027-03-31"),
        (numbers["neimenggu"], "renewal_due_30d", "2027-05-31"),
        (numbers["neimenggu"], "renewal_due_7d", "2027-06-23"),
        (numbers["neimenggu"], "expiry", "2027-06-30"),
        # 天津 sets no renewal window (第二十三条): only the expiry day
        (numbers["tianjin"], "expiry", "2027-06-30"),
    }


def test_reminder_text_says_what_when_rule_citation_and_what_to_do(db_url: str, cli: Cli) -> None:
    number = add_followed_filing(db_url, 7, "neimenggu", date(2027, 6, 30), "tg:7")
    (item,) = due(cli, date(2027, 3, 31))
    text = item["text"]
    assert number in text and "续期申请期今天(2027年3月31日)开始" in text
    assert "2027年6月30日" in text  # the last day to apply
    assert "《内蒙古自治区职业技能等级认定实施办法》第十五条" in text
    assert "/checklist" in text
    (lapse,) = due(cli, date(2027, 6, 30))
    assert lapse["kind"] == "expiry" and "届满" in lapse["text"]


def test_status_change_is_announced_on_its_day_and_ends_renewal_reminders(db_url: str, cli: Cli) -> None:
    number = add_followed_filing(db_url, 8, "bingtuan", date(2027, 6, 30), "tg:8")
    changed = date(2027, 3, 1)
    with session_scope(db_url) as session:
        filing = get_filing_by_number(session=session, filing_number=number)
        assert filing is not None
        change_filing_state(session=session, filing=filing, state=FilingState.SUSPENDED, actor="reg:1",
                            on=changed, reason="专项督导不合格", jurisdiction="bingtuan")
    (item,) = due(cli, changed)
    assert item["kind"] == "status_suspended" and "暂停" in item["text"] and "专项督导不合格" in item["text"]
    assert "依据:《兵团技能人才评价机构管理办法(试行)》" in item["text"]
    with session_scope(db_url) as session:
        filing = get_filing_by_number(session=session, filing_number=number)
        assert filing is not None
        change_filing_state(session=session, filing=filing, state=FilingState.TERMINATED, actor="reg:1",
                            on=date(2027, 3, 10), reason="自愿申请终止", termination_kind=TerminationKind.VOLUNTARY,
                            jurisdiction="bingtuan")
    (ended,) = due(cli, date(2027, 3, 10))
    assert ended["kind"] == "status_terminated"
    assert due(cli, date(2027, 3, 23)) == []  # the 7-day renewal reminder is gone
    assert due(cli, date(2027, 6, 30)) == []


def test_cancelled_subscriptions_get_nothing(db_url: str, cli: Cli) -> None:
    add_followed_filing(db_url, 9, "neimenggu", date(2027, 6, 30), "tg:9")
    add_followed_filing(db_url, 10, "neimenggu", date(2027, 6, 30), "tg:10")
    assert {i["user_id"] for i in due(cli, date(2027, 6, 30))} == {"tg:9", "tg:10"}
    code, out, _ = cli("reminders", "cancel", "tg:9", "--all")
    assert code == 0 and "1个" in out
    assert {i["user_id"] for i in due(cli, date(2027, 6, 30))} == {"tg:10"}
    code, out, _ = cli("reminders", "cancel", "tg:9", "1")
    assert code == 0 and "没有编号为 1 的有效订阅" in out


def test_bad_input_gets_a_chinese_message(db_url: str, cli: Cli) -> None:
    code, _, err = cli("reminders", "due", "--today", "2027-02-30", "--json")
    assert code != 0 and "2月" in err and "Traceback" not in err
    code, _, err = cli("reminders", "subscribe", "tg:1", "BT-2099-0001")
    assert code != 0 and "登记册中没有" in err
    code, _, err = cli("reminders", "run", "--once")
    assert code != 0 and "TELEGRAM_BOT_TOKEN" in err


def test_due_json_contract_in_a_subprocess(sample_url: str) -> None:
    """As a user runs it, on the sample registry (seeded as of 2026-11-22, which carries the
    demonstration subscriptions): 示例 BT-2024-0004 is valid until 2027-03-20, so under
    兵团第十条 its last day to apply is 2026-12-20 and the 7-day reminder is due 2026-12-13."""
    env = {**os.environ, "DATABASE_URL": sample_url}
    out = subprocess.run(
        [sys.executable, "-m", "bot.cli", "reminders", "due", "--today", "2026-12-13", "--json"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert out.returncode == 0, out.stderr
    items = json.loads(out.stdout)
    assert [(i["user_id"], i["kind"], i["filing_number"], i["due_date"]) for i in items] == [
        ("示例:兵团机构联系人", "renewal_due_7d", "BT-2024-0004", "2026-12-13")
    ]
    assert all(set(i) == FIELDS for i in items)
    assert "2026年12月20日" in items[0]["text"]
