"""The stable `policybot ask --json` contract, run as a user runs it: `policybot` in a subprocess.

The index is the session's real one (copied, so the subprocess never shares files
with this process); the registry database is a temporary SQLite file the command
migrates itself. Each printed line is one JSON object with answer, intent, covered
and citations, and citations carry the same fields as `policybot search --json`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from config import Settings
from tests.cli_env import copy_index, env_for

ROOT = Path(__file__).resolve().parent.parent
KEYS = {"answer", "intent", "covered", "citations"}
FIELDS = {
    "doc_key",
    "doc_title",
    "doc_number",
    "jurisdiction",
    "article",
    "article_label",
    "chapter",
    "text",
    "score",
}
INTENTS = {
    "policy",
    "status",
    "eligibility",
    "checklist",
    "deadline",
    "help",
    "settings",
    "source",
    "registry",
    "cancel",
    "smalltalk",
}


@pytest.fixture(scope="module")
def index_dirs(
    indexed_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Path]:
    return copy_index(indexed_settings, tmp_path_factory.mktemp("ask-index"))


@pytest.fixture
def env(index_dirs: tuple[Path, Path], tmp_path: Path) -> dict[str, str]:
    return env_for(*index_dirs, tmp_path / "ask.db")


def policybot(
    env: dict[str, str], *args: str, stdin: str | bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        cwd=ROOT,
        env=env,
        input=data,
        capture_output=True,
        timeout=180,
    )


def objects(out: subprocess.CompletedProcess[bytes]) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.stdout.decode("utf-8").splitlines()]


def assert_contract(obj: dict[str, object]) -> None:
    assert KEYS <= set(obj)
    assert isinstance(obj["answer"], str) and obj["answer"]
    assert obj["intent"] in INTENTS
    assert isinstance(obj["covered"], bool)
    assert isinstance(obj["citations"], list)
    for citation in obj["citations"]:
        assert isinstance(citation, dict)
        assert FIELDS <= set(citation)
        assert isinstance(citation["article"], int | None)
        assert isinstance(citation["score"], float | int)


def test_ask_json_answers_with_the_contract_fields(env: dict[str, str]) -> None:
    out = policybot(env, "ask", "内蒙古评价机构备案有效期是几年?", "--json")

    assert out.returncode == 0, out.stderr.decode()
    (reply,) = objects(out)
    assert_contract(reply)
    assert reply["intent"] == "policy" and reply["covered"] is True
    top = reply["citations"][0]
    assert (top["doc_key"], top["article"], top["article_label"]) == (
        "neimenggu2024",
        15,
        "第十五条",
    )
    assert top["jurisdiction"] == "neimenggu"
    assert top["doc_title"] == "内蒙古自治区职业技能等级认定实施办法"
    assert top["doc_number"] == "内人社办发〔2024〕53号"
    assert "3年" in top["text"] and "3年" in reply["answer"]


def test_ask_stdin_prints_one_object_per_line_in_order(env: dict[str, str]) -> None:
    lines = ["兵团评价档案多久内整理完?", "天津评价机构资料保管多少年?", "考试费用是多少?"]

    out = policybot(env, "ask", "-", "--json", stdin="\n".join(lines) + "\n")

    assert out.returncode == 0, out.stderr.decode()
    replies = objects(out)
    assert len(replies) == len(lines)
    for reply in replies:
        assert_contract(reply)
    assert replies[0]["citations"][0]["doc_key"] == "bingtuan2025"
    assert replies[1]["citations"][0]["doc_key"] == "tianjin2020"
    assert replies[2]["covered"] is False


def test_each_stdin_line_is_a_fresh_conversation(env: dict[str, str]) -> None:
    out = policybot(env, "ask", "-", "--json", stdin="/region 兵团\n备案有效期是几年?\n")

    first, second = objects(out)
    assert first["intent"] == "settings" and "兵团" in first["answer"]
    regions = {c["jurisdiction"] for c in second["citations"]}
    assert len(regions) >= 2, "the region set on the line before leaked into this one"


def test_dialogue_started_on_one_line_does_not_swallow_the_next(env: dict[str, str]) -> None:
    # Inside the eligibility dialogue "内蒙古" would be taken as (or re-asked for) its region
    # answer; in a fresh conversation it sets the user's region.
    out = policybot(env, "ask", "-", "--json", stdin="/eligibility\n内蒙古\n")

    first, second = objects(out)
    assert first["intent"] == "eligibility" and "地区" in first["answer"]
    assert second["intent"] == "settings" and "内蒙古" in second["answer"]


@pytest.mark.parametrize(
    "question", ["考试费用是多少?", "广东的评价机构备案条件是什么?", "证书丢了怎么补办?"]
)
def test_not_covered_question_says_so(env: dict[str, str], question: str) -> None:
    out = policybot(env, "ask", question, "--json")

    (reply,) = objects(out)
    assert reply["covered"] is False
    # A fee asked cites no more than where fees are set (each agency's published 收费标准).
    assert reply["citations"] == [] or "费用" in question
    assert all("收费标准" in c["text"] for c in reply["citations"])


@pytest.mark.parametrize(
    "stdin",
    ["\n", "   \n", "😀🎉\n", "\x00\x01\x1b[31m\n", "备案" * 10000 + "\n"],
    ids=["empty", "blank", "emoji", "controls", "too-long"],
)
def test_odd_lines_get_an_answer_and_no_traceback(env: dict[str, str], stdin: str) -> None:
    out = policybot(env, "ask", "-", "--json", stdin=stdin)

    assert out.returncode == 0
    assert b"Traceback" not in out.stdout + out.stderr
    (reply,) = objects(out)
    assert_contract(reply)
    assert "出错了" not in str(reply["answer"])


def test_invalid_utf8_on_stdin_gets_an_answer_and_no_traceback(env: dict[str, str]) -> None:
    out = policybot(
        env,
        "ask",
        "-",
        "--json",
        stdin=b"\xff\xfe\x80 \xe5\x86\x85\xe8\x92\x99\xe5\x8f\xa4" + "备案有效期是几年?\n".encode(),
    )

    assert out.returncode == 0
    assert b"Traceback" not in out.stdout + out.stderr
    (reply,) = objects(out)
    assert reply["covered"] is True
    assert reply["citations"][0]["doc_key"] == "neimenggu2024"


@pytest.mark.parametrize(
    "args", [("ask",), ("ask", "x", "--bogus")], ids=["no-question", "bad-option"]
)
def test_bad_usage_is_explained_without_traceback(
    env: dict[str, str], args: tuple[str, ...]
) -> None:
    out = policybot(env, *args)

    assert out.returncode != 0
    assert b"Traceback" not in out.stdout + out.stderr
    assert out.stderr.strip()


def test_empty_stdin_prints_nothing(env: dict[str, str]) -> None:
    out = policybot(env, "ask", "-", "--json", stdin="")

    assert out.returncode == 0
    assert out.stdout == b""
