"""Registry turns through the conversation engine, on the seeded sample registry.

Filing status by number and by (partial, misspelt, ambiguous) name; regulator
lists with paging; staff linking with one-time codes; and the permission line:
only the channel can make someone a regulator, and every refusal is written to
the audit log.
"""

from __future__ import annotations

import re

import pytest

from bot import texts
from bot.engine import Engine
from bot.messages import Intent, Reply, Role, UserInput
from db.crud import list_audit
from db.models import AuditEntry
from db.seed import seed_sample
from db.session import session_scope, today_cn

REGULATOR = "tg:900"
STRANGER = "tg:1"
STAFF = "tg:2"


@pytest.fixture
def engine(engine_on_each_database: Engine) -> Engine:
    """A chat engine whose database holds the sample registry, dated as of today."""
    with session_scope(engine_on_each_database.database_url) as session:
        seed_sample(session=session, today=today_cn())
    return engine_on_each_database


def send(
    engine: Engine,
    text: str = "",
    *,
    user: str = STRANGER,
    command: str | None = None,
    regulator: bool = False,
) -> Reply:
    role = Role.REGULATOR if regulator else None
    return engine.handle(UserInput(user_id=user, text=text, command=command, role=role))


def press(engine: Engine, payload: str, *, user: str = STRANGER, regulator: bool = False) -> Reply:
    role = Role.REGULATOR if regulator else None
    return engine.handle(UserInput(user_id=user, callback=payload, role=role))


def payloads(reply: Reply) -> list[str]:
    return [button.payload for row in reply.buttons for button in row]


def refusals(engine: Engine, actor: str) -> list[AuditEntry]:
    with session_scope(engine.database_url) as session:
        entries = list_audit(session=session, entity="permission", action="refused")
    return [entry for entry in entries if entry.actor == actor]


# ---------------------------------------------------------------- filing status


def test_status_by_exact_filing_number(engine: Engine) -> None:
    reply = send(engine, "NM-2025-0001", command="status")

    assert reply.intent is Intent.STATUS and reply.covered
    assert reply.text.startswith("示例赤峰红山乳业有限公司")
    assert "备案编号:NM-2025-0001" in reply.text
    assert "状态:有效" in reply.text
    assert ("neimenggu2024", 15) in {(h.doc_key, h.article) for h in reply.citations}


def test_status_question_in_free_text(engine: Engine) -> None:
    reply = send(engine, "NM-2024-0002还有效吗")

    assert reply.intent is Intent.STATUS
    assert "示例通辽科尔沁农牧发展有限公司" in reply.text
    assert "暂停" in reply.text


@pytest.mark.parametrize(
    "name",
    ["示例赤峰红山乳业", "赤峰红山乳业", "示例赤峰红山乳叶有限公司"],
    ids=["without-suffix", "without-prefix-and-suffix", "typo"],
)
def test_status_by_inexact_name(engine: Engine, name: str) -> None:
    reply = send(engine, name, command="status")

    assert reply.intent is Intent.STATUS
    assert "备案编号:NM-2025-0001" in reply.text


def test_ambiguous_name_offers_candidates_that_work(engine: Engine) -> None:
    reply = send(engine, "草原技能评价有限公司", command="status")

    assert reply.intent is Intent.STATUS
    choices = payloads(reply)
    assert set(choices) == {"st:NM-2025-0002", "st:NM-2024-0007"}
    for payload in choices:
        chosen = press(engine, payload)
        number = payload.removeprefix("st:")
        assert chosen.intent is Intent.STATUS
        assert f"备案编号:{number}" in chosen.text
        assert chosen.buttons == ()


@pytest.mark.parametrize(
    ("query", "expected"),
    [("示例不存在的机构有限公司", "没有找到"), ("NM-2099-0001", "没有备案编号")],
)
def test_unknown_agency_gets_a_clear_chinese_message(
    engine: Engine, query: str, expected: str
) -> None:
    reply = send(engine, query, command="status")

    assert reply.covered is False
    assert expected in reply.text and query in reply.text
    assert reply.citations == ()


def test_status_without_a_query_asks_for_one(engine: Engine) -> None:
    reply = send(engine, command="status")

    assert reply.covered is False
    assert "请发送要查询的评价机构" in reply.text


# ---------------------------------------------------------------- regulator lists


def test_regulator_lists_filings_expiring_within_90_days(engine: Engine) -> None:
    reply = send(engine, "到期 90", command="registry", user=REGULATOR, regulator=True)

    assert reply.intent is Intent.REGISTRY and reply.covered
    assert reply.text.startswith("90天内到期的备案")
    rows = [line for line in reply.text.splitlines() if re.match(r"[A-Z]{2}-\d{4}-\d{4} ", line)]
    assert rows
    days = [int(d) for d in re.findall(r"剩余(\d+)天", "\n".join(rows))]
    assert len(days) == len(rows) and all(0 <= d <= 90 for d in days)
    assert days == sorted(days)
    assert f"共{len(rows)}条" in reply.text


def test_negative_day_count_is_refused_not_read_as_positive(engine: Engine) -> None:
    reply = send(engine, "到期 -5", command="registry", user=REGULATOR, regulator=True)

    assert "天数应在1到" in reply.text and "-5" in reply.text


def test_long_regulator_list_pages_with_edit_buttons(engine: Engine) -> None:
    first = send(engine, "到期 800", command="registry", user=REGULATOR, regulator=True)
    assert "第1/" in first.text
    (next_payload,) = payloads(first)
    assert next_payload.startswith("pg:")

    second = press(engine, next_payload, user=REGULATOR, regulator=True)

    assert second.edit is True
    assert "第2/" in second.text
    first_rows = {
        line for line in first.text.splitlines() if re.match(r"[A-Z]{2}-\d{4}-\d{4} ", line)
    }
    second_rows = {
        line for line in second.text.splitlines() if re.match(r"[A-Z]{2}-\d{4}-\d{4} ", line)
    }
    assert second_rows and not first_rows & second_rows
    back = [p for p in payloads(second) if p.startswith("pg:") and p.endswith(":1")]
    assert back
    again = press(engine, back[0], user=REGULATOR, regulator=True)
    assert again.edit is True and again.text == first.text


def test_stranger_is_refused_the_list_and_the_refusal_is_logged(engine: Engine) -> None:
    reply = send(engine, "到期 90", command="registry", user=STRANGER)

    assert reply.covered is False
    assert "仅向主管部门" in reply.text
    assert "天内到期的备案" not in reply.text
    logged = refusals(engine, STRANGER)
    assert len(logged) == 1
    assert logged[0].entity_id == "registry.expiring"


def test_stranger_pressing_a_page_button_is_refused_and_logged(engine: Engine) -> None:
    reply = press(engine, "pg:exp:800:-:2", user=STRANGER)

    assert reply.covered is False
    assert "仅向主管部门" in reply.text
    assert len(refusals(engine, STRANGER)) == 1


def test_regulator_list_is_not_logged_as_refused(engine: Engine) -> None:
    send(engine, "到期 90", command="registry", user=REGULATOR, regulator=True)

    assert refusals(engine, REGULATOR) == []


@pytest.mark.parametrize("payload", ["pg:exp:abc:-:1", "pg:nosuch:90:-:1", "pg:exp:90:-", "pg:"])
def test_forged_page_buttons_are_stale_even_for_a_regulator(engine: Engine, payload: str) -> None:
    reply = press(engine, payload, user=REGULATOR, regulator=True)

    assert reply.text == texts.STALE_BUTTON


# ---------------------------------------------------------------- staff link codes


def issue_code(engine: Engine, number: str = "NM-2025-0001") -> str:
    reply = send(engine, number, command="linkcode", user=REGULATOR, regulator=True)
    assert reply.covered, reply.text
    found = re.search(r"绑定码:(\w+)", reply.text)
    assert found, reply.text
    return found.group(1)


def test_link_code_links_staff_to_their_agency(engine: Engine) -> None:
    code = issue_code(engine)

    linked = send(engine, code, command="link", user=STAFF)
    own_status = send(engine, command="status", user=STAFF)

    assert "绑定成功" in linked.text and "NM-2025-0001" in linked.text
    assert own_status.intent is Intent.STATUS and own_status.covered
    assert "备案编号:NM-2025-0001" in own_status.text


def test_link_code_is_accepted_case_and_space_insensitively(engine: Engine) -> None:
    code = issue_code(engine)

    linked = send(engine, f" {code[:4].lower()} {code[4:].lower()} ", command="link", user=STAFF)

    assert "绑定成功" in linked.text


def test_reused_link_code_is_refused(engine: Engine) -> None:
    code = issue_code(engine)
    send(engine, code, command="link", user=STAFF)

    reused = send(engine, code, command="link", user="tg:3")
    after = send(engine, command="status", user="tg:3")

    assert reused.covered is False and "已被使用" in reused.text
    assert "NM-2025-0001" not in after.text


@pytest.mark.parametrize(("code", "expected"), [("BADCODE1", "绑定码无效"), ("", "用法")])
def test_bad_link_code_is_explained(engine: Engine, code: str, expected: str) -> None:
    reply = send(engine, code, command="link", user=STAFF)

    assert reply.covered is False and expected in reply.text


def test_link_code_from_a_non_regulator_is_refused_and_logged(engine: Engine) -> None:
    reply = send(engine, "NM-2025-0001", command="linkcode", user=STRANGER)

    assert reply.covered is False
    assert "绑定码:" not in reply.text and "仅向主管部门" in reply.text
    logged = refusals(engine, STRANGER)
    assert [entry.entity_id for entry in logged] == ["staff.linkcode"]


@pytest.mark.parametrize(
    ("args", "expected"), [("", "用法"), ("XX-0000", "格式无效"), ("NM-2099-0001", "NM-2099-0001")]
)
def test_bad_link_code_requests_are_explained(engine: Engine, args: str, expected: str) -> None:
    reply = send(engine, args, command="linkcode", user=REGULATOR, regulator=True)

    assert reply.covered is False and expected in reply.text
    assert "绑定码:" not in reply.text


# ---------------------------------------------------------------- nobody makes themselves regulator


@pytest.mark.parametrize(
    "attempt",
    [
        ("regulator", "role"),
        ("监管人员", "role"),
        ("我是监管人员", None),
        ("rl:regulator", "button"),
    ],
    ids=["role-en", "role-zh", "free-text", "forged-button"],
)
def test_user_cannot_become_regulator(engine: Engine, attempt: tuple[str, str | None]) -> None:
    value, how = attempt
    if how == "button":
        reply = press(engine, value)
    else:
        reply = send(engine, value, command=how)

    assert reply.covered is False
    assert "不能自行设置" in reply.text
    listing = send(engine, "到期 90", command="registry")
    assert "仅向主管部门" in listing.text
    code = send(engine, "NM-2025-0001", command="linkcode")
    assert "绑定码:" not in code.text


def test_staff_role_choice_does_not_grant_regulator_lists(engine: Engine) -> None:
    chosen = press(engine, "rl:staff")
    listing = send(engine, "到期 90", command="registry")

    assert chosen.covered and "评价机构工作人员" in chosen.text
    assert "仅向主管部门" in listing.text
