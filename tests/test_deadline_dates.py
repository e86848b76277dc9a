"""Dates keep their role: a filing date, an expiry date, a 公告 date each give the right deadline.

Through `Engine.handle` (questions as users type them) and the deadline tool, per
jurisdiction, with 2月29日 and working-day cases. The expected dates are worked out by
hand from the texts (兵团办法第十条, 内蒙古办法第十五、四十八条, 天津规程第十二条), the
validity rule (《民法典》第二百零一、二百零二条: the corresponding day is the last valid
day) and the official holiday calendar. The sample registry must follow the same rule.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.dates import DateRole, parse_dates
from bot.engine import Engine
from bot.messages import UserInput
from config import Settings
from db.fileio import Table
from db.seed import SAMPLE_REGISTRY, shift_table
from db.status import validity_end
from tools.deadlines import compute_deadline, deadline_from_filing

TODAY = date(2026, 12, 1)
_users = itertools.count()


@pytest.fixture(scope="module")
def engine(indexed_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """One engine for the module; every question is asked by a new user."""
    from bot.console import ensure_database
    from db.session import dispose_engine

    url = f"sqlite:///{tmp_path_factory.mktemp('deadline-dates') / 'chat.db'}"
    ensure_database(url)
    yield Engine(indexed_settings, database_url=url)
    dispose_engine(url)


def ask(engine: Engine, text: str) -> str:
    return engine.handle(UserInput(user_id=f"test:dd{next(_users)}", text=text)).text


# ---------------------------------------------------------------- roles of dates

@pytest.mark.parametrize(
    ("text", "roles"),
    [
        ("兵团一家机构2024年3月1日备案,续期申请最晚哪天交?", ["filing"]),
        ("我们2023年5月10日在内蒙古备案的,什么时候要续期?", ["filing"]),
        ("有效期至2026年5月10日,什么时候续期", ["expiry"]),
        ("我们的备案2026年5月10日到期", ["expiry"]),
        ("备案有效期至2027年2月28日", ["expiry"]),
        ("处理决定2025年3月3日公告的,申辩期到哪天?", ["announcement"]),
        ("2025年3月3日收到处理决定,几天内申辩", ["decision_received"]),
        ("评价2025年6月30日结束,档案什么时候整理完", ["evaluation_end"]),
        ("备案日期 2023年5月10日", ["filing"]),
        ("2023年5月10日备案,2026年5月10日到期", ["filing", "expiry"]),
        ("2026-05-10", ["unknown"]),
    ],
)
def test_each_date_gets_its_role_from_the_words_around_it(text: str, roles: list[str]) -> None:
    found = parse_dates(text, TODAY)
    assert [d.role.value for d in found] == roles
    assert all(d.role is DateRole(r) for d, r in zip(found, roles, strict=True))


# ---------------------------------------------------------------- one validity rule

@settings(deadline=None)  # the first call loads the rule table and the corpus
@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)))
def test_deadline_tool_and_registry_share_the_validity_rule(filed: date) -> None:
    for region in ("bingtuan", "neimenggu", "tianjin"):
        assert compute_deadline(region, "filing", filed, today=TODAY).end == validity_end(filed, 3)
    end = validity_end(filed, 3)
    # The corresponding day, or the month's last day when there is none (2月29日).
    assert (end.year, end.month) == (filed.year + 3, filed.month)
    assert end.day == filed.day or (filed.day == 29 and filed.month == 2 and end.day == 28)


def test_validity_end_is_the_corresponding_day_itself() -> None:
    assert validity_end(date(2025, 5, 14), 3) == date(2028, 5, 14)
    assert validity_end(date(2024, 2, 29), 3) == date(2027, 2, 28)
    assert validity_end(date(2025, 2, 28), 3) == date(2028, 2, 28)  # 2028 is a leap year: still the 28th
    assert validity_end(date(2025, 5, 14)) == date(2028, 5, 14)  # default years from legal_bases.yaml


def test_sample_registry_follows_the_rule() -> None:
    with SAMPLE_REGISTRY.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    for row in rows:
        filed, until = date.fromisoformat(row["备案日期"]), date.fromisoformat(row["有效期至"])
        assert until == validity_end(filed), row["备案编号"]


def test_seeding_later_keeps_the_rule_across_a_leap_day() -> None:
    table = Table(
        ("备案日期", "有效期至"),
        ((2, {"备案日期": "2025-02-28", "有效期至": "2028-02-28"}),
         (3, {"备案日期": "2025-02-20", "有效期至": "2028-02-10"})),  # a notice's own end date
        "utf-8",
    )
    moved = dict(shift_table(table, 1).rows)
    # 2025-03-01 + 3 years is 2028-03-01, not 2028-02-29 (the old row moved by one day).
    assert moved[2] == {"备案日期": "2025-03-01", "有效期至": "2028-03-01"}
    assert moved[3] == {"备案日期": "2025-02-21", "有效期至": "2028-02-11"}


def test_expiry_dated_events_derive_the_expiry_from_a_filing_date() -> None:
    answer = deadline_from_filing("bingtuan", "expiry_no_renewal", date(2024, 2, 29), today=TODAY)
    assert answer.start == date(2027, 2, 28) + timedelta(days=1)
    assert any("推算为2027年2月28日" in c for c in answer.caveats)
    assert {c.article for c in answer.citations} >= {10, 19}


# ---------------------------------------------------------------- questions, per jurisdiction

@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # 兵团: filing → expiry (corresponding day) → 3 months before
        ("兵团一家机构2024年3月1日备案,续期申请最晚哪天交?", ["有效期至2027年3月1日", "最迟于2026年12月1日"]),
        ("兵团一家机构2024年2月29日备案,续期申请最晚哪天交?", ["有效期至2027年2月28日", "最迟于2026年11月28日"]),
        ("兵团评价机构有效期至2027年5月31日,续期最晚什么时候申请?", ["最迟于2027年2月28日"]),
        # 7 working days after a 公示 date: 9-28 (Sunday) and 10-11 (Saturday) are make-up days
        ("兵团2025年9月26日发布取消备案前的公示,公示期到哪天?", ["公示期为2025年9月27日至2025年10月13日"]),
        # 内蒙古: the window ends on the expiry day itself
        ("内蒙古一家机构2024年3月1日备案,续期申请最晚哪天交?", ["有效期至2027年3月1日", "申请期为2026年12月2日至2027年3月1日"]),
        ("我们2023年5月10日在内蒙古备案的,什么时候要续期?", ["有效期至2026年5月10日", "2026年2月11日至2026年5月10日"]),
        ("内蒙古2025年3月3日备案的,有效期到哪天", ["有效期至2028年3月3日"]),
        # 内蒙古 申辩: 公告 → 35 working days (清明 2025-04-04 off); 收到 → 5 working days
        ("内蒙古处理决定2025年3月3日公告的,申辩期到哪天?", ["公告之日起35个工作日", "最迟于2025年4月22日"]),
        ("内蒙古2025年3月3日收到处理决定,申辩期到哪天?", ["5个工作日", "最迟于2025年3月10日"]),
        # 国庆 2025-10-01..08 off, 10-11 (Saturday) a make-up working day
        ("内蒙古2025年9月30日收到处理决定,申辩最晚哪天?", ["最迟于2025年10月14日"]),
        # 天津: validity from the filing date; no renewal window in its text
        ("天津2024年2月29日备案,有效期到哪天?", ["有效期至2027年2月28日"]),
        ("天津2024年2月29日备案的机构,什么时候续期?", ["没有规定续期", "推算为2027年2月28日"]),
    ],
)
def test_deadline_questions_use_the_role_of_the_date(engine: Engine, question: str, expected: list[str]) -> None:
    text = ask(engine, question)
    for fact in expected:
        assert fact in text, f"{fact!r} missing from:\n{text}"
    assert "已过申请截止日1096天" not in text


def test_a_filing_date_typed_at_the_date_step_is_read_as_one(engine: Engine) -> None:
    user = f"test:dd{next(_users)}"
    engine.handle(UserInput(user_id=user, command="deadline"))
    engine.handle(UserInput(user_id=user, text="兵团"))
    engine.handle(UserInput(user_id=user, text="续期备案申请"))
    text = engine.handle(UserInput(user_id=user, text="备案日期 2024年3月1日")).text
    assert "有效期至2027年3月1日" in text and "最迟于2026年12月1日" in text


def test_role_cues_are_data() -> None:
    """Every role named in the cue table is a DateRole, and every event role is one too."""
    import yaml

    from bot.date_roles import ROLES_FILE
    from tools.deadlines import list_events

    names = set(yaml.safe_load(ROLES_FILE.read_text(encoding="utf-8"))["roles"])
    assert names == {r.value for r in DateRole} - {"unknown"}
    assert {e.date_role for e in list_events() if e.date_role} <= names


def test_a_window_the_text_leaves_unstated_is_said_and_is_no_answer(engine: Engine) -> None:
    """天津's 规程 sets no renewal window: the reply says so first and is covered=false; a
    region that sets one is answered (covered)."""
    silent = engine.handle(UserInput(user_id=f"test:dd{next(_users)}", text="我们天津机构有效期到2027年2月28日,续期要提前多久申请?"))
    assert silent.covered is False
    assert "没有规定续期" in silent.text.splitlines()[0]
    stated = engine.handle(UserInput(user_id=f"test:dd{next(_users)}", text="兵团机构有效期到2027年2月28日,续期最晚哪天申请?"))
    assert stated.covered is True
    assert "最迟于2026年11月28日" in stated.text
