"""The optional LLM path, driven by LangChain's fake chat models emitting real tool calls."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, ToolMessage

from bot.answer import PolicyAnswerer
from bot.llm import LLMAnswerer, guard
from corpus.loader import cached_corpus
from domain import Role
from retrieval.search import open_searcher
from tools.filing_tools import FILING_TOOLS
from tools.langchain_tools import registry_tools

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "内蒙古评价机构备案有效期多久?"


class ToolCallingFake(GenericFakeChatModel):
    """GenericFakeChatModel that accepts tools and records what it was sent."""

    seen: list[Any] = []

    def bind_tools(self, tools: Any, **kwargs: Any) -> ToolCallingFake:  # noqa: ARG002
        self.seen.append([t.name for t in tools])
        return self


class Exploding(ToolCallingFake):
    def invoke(self, *args: Any, **kwargs: Any) -> Any:  # noqa: ARG002
        raise TimeoutError("model timed out")


@pytest.fixture(scope="module")
def answerer(indexed_settings):  # type: ignore[no-untyped-def]
    return PolicyAnswerer(open_searcher(indexed_settings))


def fake(*messages: AIMessage) -> ToolCallingFake:
    return ToolCallingFake(messages=iter(messages))


def test_answer_after_a_tool_call_is_kept(answerer: PolicyAnswerer) -> None:
    fallback = answerer.answer(QUESTION)
    model = fake(
        AIMessage("", tool_calls=[{"name": "search_policy", "args": {"query": "内蒙古 续期备案"}, "id": "c1"}]),
        AIMessage("内蒙古评价机构备案有效期为3年[1]。"),
    )
    answer, notes = LLMAnswerer(model, answerer).answer(QUESTION, fallback)
    assert notes == ("llm",)
    assert answer.text == "内蒙古评价机构备案有效期为3年[1]。"
    assert answer.citations[0].doc_key == "neimenggu2024" and answer.citations[0].article == 15
    assert "search_policy" in model.seen[-1]


def test_citation_of_an_unretrieved_article_falls_back(answerer: PolicyAnswerer) -> None:
    fallback = answerer.answer(QUESTION)
    model = fake(AIMessage("备案有效期为3年,见《内蒙古自治区职业技能等级认定实施办法》第九十九条。"))
    answer, notes = LLMAnswerer(model, answerer).answer(QUESTION, fallback)
    assert answer is fallback
    assert notes[0] == "extractive: guard" and any("第九十九条" in n for n in notes)


def test_number_not_in_cited_text_falls_back(answerer: PolicyAnswerer) -> None:
    fallback = answerer.answer(QUESTION)
    model = fake(AIMessage("内蒙古评价机构备案有效期为5年[1]。"))
    answer, notes = LLMAnswerer(model, answerer).answer(QUESTION, fallback)
    assert answer is fallback
    assert any("5" in n for n in notes)


def test_model_error_falls_back(answerer: PolicyAnswerer) -> None:
    fallback = answerer.answer(QUESTION)
    answer, notes = LLMAnswerer(Exploding(messages=iter([])), answerer).answer(QUESTION, fallback)
    assert answer is fallback and notes == ("extractive: llm error TimeoutError",)


def test_rule_tool_call_reaches_the_rule_table(answerer: PolicyAnswerer) -> None:
    from tools.langchain_tools import rule_tools

    fallback = answerer.answer("兵团评价结束后档案多久整理完?")
    call = {"name": "deadline_tool", "args": {"jurisdiction": "bingtuan", "event": "archive", "date": "2025-03-15"}, "id": "d1"}
    tools = rule_tools()
    call["name"] = next(t.name for t in tools if "deadline" in t.name)
    model = fake(AIMessage("", tool_calls=[call]), AIMessage("评价机构应于评价结束1个月内完成评价档案整理[1]。"))
    answer, notes = LLMAnswerer(model, answerer, tools).answer("兵团评价结束后档案多久整理完?", fallback)
    assert notes == ("llm",)
    assert answer.citations[0].article == 16


def test_guard_keeps_given_and_removes_foreign_citations(answerer: PolicyAnswerer) -> None:
    hits = answerer.searcher.search(QUESTION, k=2)
    checked = guard(f"有效期为3年[1][7]。{hits[0].citation.split(' ')[0]}", hits, cached_corpus())
    assert not checked.ok and "[7]" not in checked.text and checked.cited[0] == hits[0]


def test_default_path_imports_no_llm_client() -> None:
    code = (
        "import sys; import bot.engine, bot.handlers, bot.answer, bot.console;"
        "print(any(m.startswith(('langchain_openai', 'openai')) for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# -- guard gaps (issue 10 item 7) ---------------------------------------------


class Recording(ToolCallingFake):
    """Records every message list it is invoked with, so a test can read tool results."""

    inputs: list[Any] = []

    def invoke(self, messages: Any, *args: Any, **kwargs: Any) -> Any:
        self.inputs.append(list(messages))
        return super().invoke(messages, *args, **kwargs)


def test_chinese_numeral_is_checked_as_a_number(answerer: PolicyAnswerer) -> None:
    fallback = answerer.answer(QUESTION)
    wrong, notes = LLMAnswerer(fake(AIMessage("内蒙古评价机构备案有效期为五年[1]。")), answerer).answer(
        QUESTION, fallback
    )
    assert wrong is fallback and any("5" in n for n in notes)
    right, notes = LLMAnswerer(fake(AIMessage("内蒙古评价机构备案有效期为三年[1]。")), answerer).answer(
        QUESTION, fallback
    )
    assert notes == ("llm",) and right.text == "内蒙古评价机构备案有效期为三年[1]。"


def test_a_number_in_the_question_is_not_evidence(answerer: PolicyAnswerer) -> None:
    question = "内蒙古评价机构备案有效期是10年吗?"
    fallback = answerer.answer(question)
    assert fallback.covered
    model = fake(AIMessage("是的,内蒙古评价机构备案有效期为10年[1]。"))
    answer, notes = LLMAnswerer(model, answerer).answer(question, fallback)
    assert answer is fallback and any("10" in n for n in notes)


def test_a_number_planted_in_a_passage_is_not_evidence(answerer: PolicyAnswerer) -> None:
    fallback = answerer.answer(QUESTION)
    first = fallback.citations[0]
    assert "有效期为3年" in first.text
    planted = replace(first, text=first.text.replace("有效期为3年", "有效期为10年"))
    tampered = replace(fallback, citations=(planted, *fallback.citations[1:]))
    model = fake(AIMessage("内蒙古评价机构备案有效期为10年[1]。"))
    answer, notes = LLMAnswerer(model, answerer).answer(QUESTION, tampered)
    assert answer is tampered
    assert any("10" in n for n in notes) and any("与原文不符" in n for n in notes)


def _registry_call(role: str) -> AIMessage:
    args = {"kind": "expiring", "days": 3650, "role": role, "user_id": "reg:1"}
    return AIMessage("", tool_calls=[{"name": "registry_list", "args": args, "id": "r1"}])


def _tool_result(model: Recording) -> str:
    return next(str(m.content) for m in model.inputs[-1] if isinstance(m, ToolMessage))


@pytest.mark.usefixtures("configured")
def test_the_model_cannot_claim_the_regulator_role(answerer: PolicyAnswerer) -> None:
    fallback = answerer.answer(QUESTION)
    model = Recording(messages=iter([_registry_call("regulator"), AIMessage("有效期为3年[1]。")]))
    tools = registry_tools("tg:9", Role.APPLICANT)
    assert all("role" not in t.tool_call_schema.model_json_schema()["properties"] for t in tools)
    LLMAnswerer(model, answerer).answer(QUESTION, fallback, tools)
    assert "仅向主管部门" in _tool_result(model)
    raw = Recording(messages=iter([_registry_call("regulator"), AIMessage("有效期为3年[1]。")]))
    LLMAnswerer(raw, answerer, FILING_TOOLS).answer(QUESTION, fallback)  # unbound tools
    assert "示例" not in _tool_result(raw)  # the planted role never reaches the registry
    granted = Recording(messages=iter([_registry_call("applicant"), AIMessage("有效期为3年[1]。")]))
    LLMAnswerer(granted, answerer).answer(QUESTION, fallback, registry_tools("tg:1", Role.REGULATOR))
    assert "示例" in _tool_result(granted)  # the turn's real role is what counts
