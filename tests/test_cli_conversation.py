"""`policybot ask … --conversation/--user/--role`, `#N` button presses, and the console's reading
of a typed line, run as users run them (a `policybot` subprocess, or the console's own function
over a real engine).

The eval tools feed conversations as stdin lines (`policybot ask - --json --conversation
--role ROLE --user ID`), one JSON reply per line, each with the labels of its buttons; `#N`
presses the N-th button of the previous reply, so it can never be confused with a typed
number such as "2" for "有几名命题专家?".
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from bot.console import button_labels, button_payloads, console_message
from bot.engine import Engine
from bot.messages import Reply
from config import Settings
from tests.cli_env import copy_index, env_for
from tests.test_cli_ask import assert_contract, objects, policybot

_users = itertools.count()


@pytest.fixture(scope="module")
def index_dirs(indexed_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return copy_index(indexed_settings, tmp_path_factory.mktemp("conv-index"))


@pytest.fixture
def env(index_dirs: tuple[Path, Path], tmp_path: Path) -> dict[str, str]:
    return env_for(*index_dirs, tmp_path / "conv.db")


# ---------------------------------------------------------------- policybot ask --conversation

def test_conversation_lines_are_one_user_and_hash_n_presses_a_button(env: dict[str, str]) -> None:
    lines = ["/region 兵团", "/eligibility", "#1", "#9"]
    out = policybot(env, "ask", "-", "--json", "--conversation", "--role", "applicant", "--user", "c1",
                    stdin="\n".join(lines) + "\n")

    assert out.returncode == 0, out.stderr.decode()
    region, kinds, first_question, missing = objects(out)
    for reply in (region, kinds, first_question, missing):
        assert_contract(reply)
        assert isinstance(reply["buttons"], list)
    # The region set on line 1 carried over: /eligibility asks the applicant type at once.
    assert kinds["intent"] == "eligibility" and "申请主体" in kinds["answer"]
    assert kinds["buttons"][0].startswith("用人单位") and kinds["buttons"][-1] == "取消"
    # "#1" pressed 用人单位: the first condition's question, with yes/no buttons.
    assert first_question["intent"] == "eligibility" and "兵团" in first_question["answer"]
    assert first_question["buttons"][:3] == ["是", "否", "不确定"]
    # "#9" names no button: said so, nothing pressed, the conversation goes on.
    assert "#9" in missing["answer"] and missing["covered"] is False


def test_user_continues_across_two_invocations(env: dict[str, str]) -> None:
    first = policybot(env, "ask", "/eligibility", "--json", "--user", "c2")
    second = policybot(env, "ask", "兵团", "--json", "--user", "c2")
    fresh = policybot(env, "ask", "兵团", "--json")

    (asked,) = objects(first)
    (continued,) = objects(second)
    (alone,) = objects(fresh)
    assert asked["intent"] == "eligibility" and "地区" in asked["answer"]
    assert continued["intent"] == "eligibility" and "申请主体" in continued["answer"]
    assert alone["intent"] == "settings", "without --user each call is a fresh conversation"


def test_role_regulator_reaches_regulator_commands(env: dict[str, str]) -> None:
    applicant = policybot(env, "ask", "/registry expiring", "--json", "--role", "applicant")
    regulator = policybot(env, "ask", "/registry expiring", "--json", "--role", "regulator")

    (refused,) = objects(applicant)
    (allowed,) = objects(regulator)
    assert refused["answer"] != allowed["answer"]
    assert "监管" in refused["answer"]
    assert allowed["intent"] == "registry"


@pytest.mark.parametrize("question", ["", "   ", "备案" * 5000], ids=["empty", "blank", "too-long"])
def test_unaskable_question_exits_non_zero_with_a_chinese_message(env: dict[str, str], question: str) -> None:
    out = policybot(env, "ask", question, "--json")

    assert out.returncode != 0
    assert out.stdout == b""
    message = out.stderr.decode("utf-8")
    assert "问题" in message and "Traceback" not in message


# ---------------------------------------------------------------- the console's reading of a line

@pytest.fixture
def engine(chat_engine: Engine) -> Engine:
    return chat_engine


def _talk(engine: Engine, lines: list[str], user: str) -> list[Reply]:
    """Type lines as the console does: `#N` presses, anything else is text."""
    replies: list[Reply] = []
    choices: list[str] = []
    for line in lines:
        message = console_message(line, choices, user)
        assert message is not None, line
        reply = engine.handle(message)
        replies.append(reply)
        choices = button_payloads(reply)
    return replies


def _to_expert_count(engine: Engine, user: str) -> list[str]:
    """Answer 是 until the eligibility check asks how many 命题专家 there are."""
    replies = _talk(engine, ["/region 兵团", "/eligibility", "#1"], user)
    choices = button_payloads(replies[-1])
    for _ in range(15):
        if "几名命题专家" in replies[-1].text:
            return choices
        replies.append(engine.handle(console_message("#1", choices, user)))  # 是
        choices = button_payloads(replies[-1])
    raise AssertionError(f"never asked for the number of experts: {replies[-1].text}")


def test_a_typed_number_answers_a_number_question(engine: Engine) -> None:
    user = f"console:t{next(_users)}"
    choices = _to_expert_count(engine, user)
    assert len(choices) == 2  # 上一步, 取消: "2" used to press 取消 and "1" 上一步

    reply = engine.handle(console_message("2", choices, user))

    assert reply.intent.value == "eligibility" and "已取消" not in reply.text
    assert "几名考评人员" in reply.text, "2 experts accepted, the next question asked"


def test_a_concluded_check_says_so_and_stops_asking(engine: Engine) -> None:
    user = f"console:t{next(_users)}"
    choices = _to_expert_count(engine, user)

    verdict = engine.handle(console_message("1", choices, user))

    assert verdict.text.startswith("结论:不符合条件")
    assert "下一个问题" not in verdict.text and "自查已结束" in verdict.text
    # No answer to give any more: the only buttons open the articles the verdict cites.
    assert verdict.state is None and all(label.startswith("查看原文") for label in button_labels(verdict))
    assert ("bingtuan2025", 6) in {(c.doc_key, c.article) for c in verdict.citations}
    after = engine.handle(console_message("是", [], user))
    assert after.intent.value != "eligibility" or "结论" not in after.text


def test_hash_n_presses_and_a_bare_number_is_text() -> None:
    choices = ["bk:eligibility", "cx"]
    assert console_message("#2", choices, "u").callback == "cx"  # type: ignore[union-attr]
    assert console_message("#2", choices, "u").text == ""  # type: ignore[union-attr]
    assert console_message("#1", choices, "u").callback == "bk:eligibility"  # type: ignore[union-attr]
    assert console_message("2", choices, "u").callback is None  # type: ignore[union-attr]
    assert console_message("2", choices, "u").text == "2"  # type: ignore[union-attr]
    assert console_message("#3", choices, "u") is None
    assert console_message("/status 示例", choices, "u").command == "status"  # type: ignore[union-attr]
