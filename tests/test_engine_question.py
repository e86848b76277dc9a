"""Plain-text registry questions through Engine.handle, on SQLite and PostgreSQL.

An agency named in plain text (full name, 简称, 备案编号, credit code, or "我们机构" for
linked staff) reaches the filing-status tool, and the first line answers what was asked:
still valid, expiry, renewal window, may it evaluate an occupation. A regulator's list
question reaches the registry lists; anyone else is refused without a count. Expected
values are read from the seeded registry, never typed in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from sqlmodel import select

from bot.engine import Engine
from bot.messages import Intent, Reply, Role, UserInput
from bot.registry import PAGE_SIZE
from config import Settings
from corpus.models import Jurisdiction
from db.chat_state import update_profile
from db.crud import list_audit
from db.enums import FilingState
from db.models import Agency, Filing
from db.scope import LEVEL_TITLES
from db.session import dispose_engine, session_scope, today_cn
from tools.workdays import format_date_zh

REGULATOR = "tg:900"
APPLICANT = "tg:1"
STAFF = "tg:2"
_NUMBER = re.compile(r"[A-Z]{2}-\d{4}-\d{4}")


@dataclass(frozen=True)
class Row:
    name: str
    short_name: str
    credit_code: str
    number: str
    jurisdiction: Jurisdiction
    state: FilingState
    valid_until: date
    scope: list[dict[str, Any]]


@pytest.fixture
def engine(sample_url: str, indexed_settings: Settings) -> Iterator[Engine]:
    yield Engine(indexed_settings, database_url=sample_url)
    dispose_engine(sample_url)


def rows(engine: Engine) -> list[Row]:
    with session_scope(engine.database_url) as session:
        found = session.exec(select(Agency, Filing).where(Filing.agency_id == Agency.id)).all()
        return [
            Row(a.name, a.short_name or "", a.credit_code, f.filing_number, Jurisdiction(a.jurisdiction),
                FilingState(f.state), f.valid_until, list(f.scope))
            for a, f in found
        ]


def live(engine: Engine) -> list[Row]:
    """Active, unexpired filings whose agency has exactly one filing (so any key names it)."""
    today = today_cn()
    every = rows(engine)
    single = {r.name for r in every if sum(o.name == r.name for o in every) == 1}
    return [r for r in every if r.state is FilingState.ACTIVE and r.valid_until >= today and r.name in single and r.short_name]


def send(engine: Engine, text: str, *, user: str = APPLICANT, command: str | None = None, regulator: bool = False) -> Reply:
    role = Role.REGULATOR if regulator else None
    return engine.handle(UserInput(user_id=user, text=text, command=command, role=role))


def first_line(reply: Reply) -> str:
    return reply.text.splitlines()[0]


# ---------------------------------------------------------------- status from plain text


@pytest.mark.parametrize("key", ["name", "short_name", "number", "credit_code"])
def test_plain_text_validity_question_answers_from_the_registry(engine: Engine, key: str) -> None:
    row = live(engine)[0]
    reply = send(engine, f"{getattr(row, key)}还有效吗")

    assert reply.intent is Intent.STATUS, reply.text
    head = first_line(reply)
    assert head.startswith(f"{row.name}:有效")
    assert f"有效期至{format_date_zh(row.valid_until)}" in head
    assert f"备案编号:{row.number}" in reply.text


@pytest.mark.parametrize("ask", ["还有效吗", "还能评吗"])
def test_expired_agency_is_said_to_be_expired_first(engine: Engine, ask: str) -> None:
    today = today_cn()
    expired = [r for r in rows(engine) if r.state is FilingState.ACTIVE and r.valid_until < today]
    assert expired, "the sample registry has expired filings"
    row = expired[0]
    reply = send(engine, f"{row.number}{ask}")

    assert first_line(reply).startswith(f"{row.name}:已过期")


def test_renewal_question_gives_the_jurisdictions_window_with_its_citation(engine: Engine) -> None:
    row = live(engine)[0]
    reply = send(engine, f"{row.short_name}续期最晚啥时候交")

    assert reply.intent is Intent.STATUS
    head = first_line(reply)
    assert head.startswith(row.name) and "续期" in head
    assert {h.jurisdiction for h in reply.citations} == {row.jurisdiction.value}


def test_scope_question_answers_yes_with_the_level(engine: Engine) -> None:
    row = next(r for r in live(engine) if any(i.get("levels") for i in r.scope))
    item = next(i for i in row.scope if i.get("levels"))
    level = item["levels"][-1]
    reply = send(engine, f"{row.short_name}能评{item['occupation']}{LEVEL_TITLES.get(level, level)}吗")

    head = first_line(reply)
    assert head.startswith("可以"), head
    assert item["occupation"] in head and level in head


def test_scope_question_answers_no_for_an_occupation_or_level_outside_the_filing(engine: Engine) -> None:
    row = next(r for r in live(engine) if any(i.get("levels") and "一级" not in i["levels"] for i in r.scope))
    item = next(i for i in row.scope if i.get("levels") and "一级" not in i["levels"])
    occupations = {str(i["occupation"]) for i in row.scope}
    outside = next(o for r in rows(engine) for i in r.scope if (o := str(i["occupation"])) not in occupations and not any(o in x or x in o for x in occupations))

    assert first_line(send(engine, f"{row.short_name}能评{outside}吗")).startswith("不可以")
    assert first_line(send(engine, f"{row.short_name}能评{item['occupation']}高级技师吗")).startswith("不可以")


def test_linked_staff_ask_about_our_agency_without_naming_it(engine: Engine) -> None:
    row = live(engine)[0]
    with session_scope(engine.database_url) as session:
        update_profile(session=session, user_id=STAFF, actor="test", role=Role.STAFF, linked_filing_number=row.number, verified=True)
    reply = send(engine, "我们机构啥时候到期", user=STAFF)

    assert reply.intent is Intent.STATUS
    assert first_line(reply).startswith(f"{row.name}:")
    assert f"有效期至{format_date_zh(row.valid_until)}" in first_line(reply)


def test_unlinked_user_asking_about_our_agency_sees_no_agency(engine: Engine) -> None:
    reply = send(engine, "我们机构啥时候到期")

    assert reply.intent is not Intent.STATUS
    assert not _NUMBER.search(reply.text)


def test_policy_question_without_an_agency_stays_a_policy_question(engine: Engine) -> None:
    reply = send(engine, "兵团评价机构备案有效期几年?")

    assert reply.intent is Intent.POLICY and reply.covered


# ---------------------------------------------------------------- regulator lists in plain text


def _expired_in(engine: Engine, region: Jurisdiction) -> set[str]:
    today = today_cn()
    return {r.number for r in rows(engine) if r.jurisdiction is region and r.state is FilingState.ACTIVE and r.valid_until < today}


def test_regulator_plain_text_list_of_expired_filings_in_a_region(engine: Engine) -> None:
    expected = _expired_in(engine, Jurisdiction.BINGTUAN)
    reply = send(engine, "兵团有哪些机构已经过期了", user=REGULATOR, regulator=True)

    assert reply.intent is Intent.REGISTRY
    assert expected and set(_NUMBER.findall(reply.text)) == expected


def test_regulator_plain_text_list_of_suspended_filings(engine: Engine) -> None:
    expected = {r.number for r in rows(engine) if r.state is FilingState.SUSPENDED}
    reply = send(engine, "列出所有暂停的机构", user=REGULATOR, regulator=True)

    assert reply.intent is Intent.REGISTRY
    found = set(_NUMBER.findall(reply.text))
    assert expected and found <= expected and len(found) == min(len(expected), PAGE_SIZE)


@pytest.mark.parametrize(
    "text", ["兵团的评价机构被责令终止备案前,要经过哪些处理?", "哪些情形下评价机构会被暂停评价工作?"]
)
def test_question_about_the_rules_for_lapsed_agencies_is_not_a_list(engine: Engine, text: str) -> None:
    """A list word and a status word in one question about the rules ask for the rule, not a list."""
    reply = send(engine, text, user=REGULATOR, regulator=True)

    assert reply.intent is Intent.POLICY
    assert reply.citations and not _NUMBER.search(reply.text)


@pytest.mark.parametrize("text", ["内蒙古三个月内要到期的有哪些", "内蒙古被终止的机构列一下"])
def test_regulator_list_question_without_the_word_agency(engine: Engine, text: str) -> None:
    reply = send(engine, text, user=REGULATOR, regulator=True)

    assert reply.intent is Intent.REGISTRY


@pytest.mark.parametrize("text", ["兵团有哪些机构已经过期了", "列出所有暂停的机构"])
def test_applicant_list_question_is_refused_without_counts_and_logged(engine: Engine, text: str) -> None:
    reply = send(engine, text)

    assert reply.covered is False
    assert not re.search(r"\d", reply.text) and not _NUMBER.search(reply.text)
    with session_scope(engine.database_url) as session:
        refused = list_audit(session=session, entity="permission", action="refused")
    assert any(entry.actor == APPLICANT for entry in refused)
