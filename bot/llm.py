"""Optional LLM answers: a LangChain tool-calling loop over the same tools, behind a guard.

Used only when LLM_BASE_URL and LLM_MODEL are set (any OpenAI-compatible
server); nothing on the default path imports an LLM client. The model is given
the retrieved passages, numbered, and may call the search and rule tools. Its
answer must cite what it was given: the guard (bot/llm_guard.py) drops citations of
passages it never saw and rejects the answer if a figure in it (3 or 三) appears in no
cited article's corpus text. Tools that act for the user (the registry) are built per
turn with the user's id and role bound (`tools.langchain_tools.registry_tools`), and a
tool call's arguments are cut to what the tool shows the model, so no model can pass a
role. Any error, timeout or guard failure falls back to the extractive answer.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage, ToolMessage
from langchain_core.tools import BaseTool, tool

from bot.answer import PolicyAnswer, PolicyAnswerer
from bot.llm_guard import GuardResult, guard
from corpus.loader import Corpus, cached_corpus
from retrieval.hits import Hit

__all__ = ["GuardResult", "LLMAnswerer", "build_chat_model", "guard", "search_tool"]

log = logging.getLogger(__name__)
MAX_TOOL_ROUNDS = 3

SYSTEM_PROMPT = (
    "你是职业技能评价政策助手。只依据给出的编号条文和工具结果回答,用中文,先用一两句话直接回答,"
    "再说明依据。引用条文时写编号如[1],或写《文件名》第X条;不得引用未给出的条文,"
    "不得写出条文中没有的数字。条文没有回答的问题,直接说明现有文本未规定。"
)


def _passages_message(question: str, hits: Sequence[Hit]) -> HumanMessage:
    listed = "\n\n".join(f"[{i}] {h.citation}\n{h.text}" for i, h in enumerate(hits, start=1))
    return HumanMessage(f"问题:{question}\n\n可引用的条文:\n{listed}")


def search_tool(answerer: PolicyAnswerer, found: list[Hit]) -> BaseTool:
    """A search tool whose results join the passages the answer may cite."""

    @tool("search_policy")
    def search_policy(query: str) -> str:
        """检索政策条文,返回带编号和出处的原文。query:检索用的中文问题或关键词。"""
        hits = answerer.searcher.search(query, k=3)
        lines = []
        for hit in hits:
            if hit not in found:
                found.append(hit)
            lines.append(f"[{found.index(hit) + 1}] {hit.citation}\n{hit.text}")
        return "\n\n".join(lines) or "没有找到相关条文。"

    return search_policy


class LLMAnswerer:
    """Tool-calling answers with the extractive answerer as the floor."""

    def __init__(
        self,
        model: BaseChatModel,
        answerer: PolicyAnswerer,
        extra_tools: Sequence[BaseTool] = (),
        corpus: Corpus | None = None,
    ) -> None:
        self.model = model
        self.answerer = answerer
        self.extra_tools = list(extra_tools)
        self.corpus = corpus or cached_corpus()

    def answer(
        self, question: str, fallback: PolicyAnswer, turn_tools: Sequence[BaseTool] = ()
    ) -> tuple[PolicyAnswer, tuple[str, ...]]:
        """(answer, notes): the model's guarded answer, or `fallback` with the reason.

        `turn_tools` are tools built for this turn (user id and role already bound).
        """
        if not fallback.covered:
            return fallback, ("extractive: not covered",)
        given = list(fallback.citations) or self.answerer.searcher.search(question, k=5)
        try:
            text = self._run(question, given, turn_tools)
        except Exception as exc:  # any model or tool failure: the extractive answer stands
            log.warning("LLM failed, using extractive answer: %s", exc)
            return fallback, (f"extractive: llm error {type(exc).__name__}",)
        checked = guard(text, given, self.corpus)
        if not checked.ok:
            log.info("LLM answer rejected by guard: %s", "; ".join(checked.problems))
            return fallback, ("extractive: guard", *checked.problems)
        return PolicyAnswer(checked.text, checked.cited, True, fallback.per_region, fallback.regions), ("llm",)

    def _run(self, question: str, given: list[Hit], turn_tools: Sequence[BaseTool]) -> str:
        tools = [search_tool(self.answerer, given), *self.extra_tools, *turn_tools]
        by_name = {t.name: t for t in tools}
        model = self.model.bind_tools(tools)
        messages: list[BaseMessage] = [SystemMessage(SYSTEM_PROMPT), _passages_message(question, given)]
        for _ in range(MAX_TOOL_ROUNDS + 1):
            reply = model.invoke(messages)
            messages.append(reply)
            calls = getattr(reply, "tool_calls", None) or []
            if not calls:
                return _content(reply)
            for call in calls:
                messages.append(_run_tool(by_name, call))
        raise RuntimeError("too many tool rounds")


def _run_tool(by_name: dict[str, BaseTool], call: dict[str, Any]) -> ToolMessage:
    chosen = by_name.get(call["name"])
    if chosen is None:
        return ToolMessage(f"没有工具 {call['name']}", tool_call_id=call["id"])
    try:
        output = chosen.invoke(_visible_args(chosen, call.get("args") or {}))
    except Exception as exc:  # a tool's Chinese error goes back to the model
        output = getattr(exc, "message_zh", str(exc))
    if isinstance(output, tuple):  # content_and_artifact
        output = output[0]
    return ToolMessage(output if isinstance(output, str) else json.dumps(output, ensure_ascii=False), tool_call_id=call["id"])


def _visible_args(chosen: BaseTool, args: dict[str, Any]) -> dict[str, Any]:
    """Only the arguments the tool shows the model: an injected one (user_id, role) that a
    model slips into its call is dropped, never passed on."""
    schema = chosen.tool_call_schema
    fields = getattr(schema, "model_fields", None)
    if fields is None:
        return args
    return {key: value for key, value in args.items() if key in fields}


def _content(message: AIMessage | BaseMessage) -> str:
    content = message.content
    if isinstance(content, list):
        return "".join(part.get("text", "") if isinstance(part, dict) else str(part) for part in content)
    return str(content)


def build_chat_model(settings: Any) -> BaseChatModel:
    """ChatOpenAI against any OpenAI-compatible server; imported only here."""
    from langchain_openai import ChatOpenAI  # noqa: PLC0415 - optional dependency

    return ChatOpenAI(
        base_url=settings.llm_base_url,
        model=settings.llm_model,
        api_key=settings.llm_api_key or "not-needed",
        timeout=settings.llm_timeout_seconds,
        max_retries=0,
        temperature=0,
    )
