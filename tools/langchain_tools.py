"""LangChain wrappers for the three rule tools: deadlines, eligibility, checklists, and the
per-turn registry tools (`registry_tools`: filing status and lists with the caller bound).

Thin by design: each tool validates its arguments with a pydantic schema, calls
the plain function, and returns `content_and_artifact` — a short Chinese text
for the model and, as the artifact, `{"citations": [...], "result": {...}}` with
every citation formatted and quoted. A PolicybotError (bad date, unknown event)
becomes a ToolException whose Chinese message the model sees, so it can correct
itself; codes it may use are named in that message rather than duplicated here.
"""

from __future__ import annotations

from typing import Any, Literal

from langchain_core.tools import BaseTool, StructuredTool, ToolException, tool
from pydantic import BaseModel, Field

from domain import Role
from errors import PolicybotError
from tools.checklists import get_checklist, parse_done, progress, render_checklist
from tools.deadlines import compute_deadline, render_deadline
from tools.eligibility import VERDICT_ZH, EligibilityResult, evaluate_eligibility
from tools.rules import RuleCitation, to_jsonable
from tools.workdays import parse_date

__all__ = ["checklist_tool", "deadline_tool", "eligibility_tool", "registry_tools", "rule_tools"]

JurisdictionCode = Literal["national", "bingtuan", "neimenggu", "tianjin", "zhejiang"]
_JURISDICTION = "地区代码:national(全国)、bingtuan(兵团)、neimenggu(内蒙古)、tianjin(天津)、zhejiang(浙江)"
_INVALID_ARGS = "参数格式不正确,请检查地区代码、事项代码和日期(YYYY-MM-DD)。"
Artifact = dict[str, Any]


class DeadlineArgs(BaseModel):
    jurisdiction: JurisdictionCode = Field(description=_JURISDICTION)
    event: str = Field(
        description="期限事项代码或中文名,例如 filing(备案有效期)、renewal(续期备案申请)、"
        "archive(评价档案整理)、objection_receipt(对处理决定提出异议)、publication(备案结果公布批次);"
        "代码无效时错误信息会列出该地区的全部事项"
    )
    date: str = Field(description="该事项的日期,如 2025-05-10;含义随事项而定(如续期为有效期届满日)")


class EligibilityArgs(BaseModel):
    jurisdiction: JurisdictionCode = Field(description=_JURISDICTION)
    applicant_type: str = Field(
        description="申请人类型代码,如 employer(用人单位)、social_org(社会培训评价组织)、"
        "industry_org(全国性行业组织);无效时错误信息会列出可选类型"
    )
    profile: dict[str, bool | int | str] = Field(
        default_factory=dict,
        description="已知的机构情况,键为字段名(取自上一次结果的 next_question.field),"
        "值为 true/false、整数或选项值;不知道的字段不要填",
    )


class ChecklistArgs(BaseModel):
    jurisdiction: JurisdictionCode = Field(description=_JURISDICTION)
    procedure: str = Field(
        description="办理事项代码或中文名,如 initial_filing(首次备案申请)、renewal(续期备案)、"
        "change_key_info、change_routine_info、add_scope、reduce_scope、voluntary_termination、"
        "cross_division(兵团跨师市)、site_filing(内蒙古站点备案)、industry_org_application(全国)"
    )
    done: list[str] = Field(default_factory=list, description="用户已完成的条目编号")


def _artifact(citations: list[RuleCitation] | tuple[RuleCitation, ...], result: object) -> Artifact:
    unique = list(dict.fromkeys(citations))
    return {"citations": [c.as_dict() for c in unique], "result": to_jsonable(result)}


def _eligibility_summary(result: EligibilityResult) -> str:
    """Verdict with counts, the failed rules with citations, vague notes, the next question."""
    counts = {s: sum(o.status == s for o in result.outcomes) for s in ("met", "failed", "unknown")}
    lines = [
        f"结论:{VERDICT_ZH[result.verdict]}(满足{counts['met']}条,不满足{counts['failed']}条,"
        f"待确认{counts['unknown']}条)。"
    ]
    lines += [f"不满足:{o.text_zh}({o.citation.formatted})"
              for o in result.outcomes if o.status == "failed"]
    lines += [f"注意:{o.vague_note}" for o in result.outcomes
              if o.vague_note and o.status != "unknown"]
    if result.verdict == "eligible":
        lines += [n.text_zh for n in result.notes]
    if result.next_question:
        lines.append(f"下一个问题({result.next_question.field}):{result.next_question.prompt_zh}")
    return "\n".join(lines)


def _guard(error: PolicybotError) -> ToolException:
    return ToolException(error.message_zh)


@tool("deadline", args_schema=DeadlineArgs, response_format="content_and_artifact")
def deadline_tool(jurisdiction: str, event: str, date: str) -> tuple[str, Artifact]:
    """计算评价机构备案相关的期限或时间窗口(有效期、续期申请、档案整理、异议期限等),附条文依据和注意事项。"""
    try:
        answer = compute_deadline(jurisdiction, event, parse_date(date))
    except PolicybotError as exc:
        raise _guard(exc) from exc
    return render_deadline(answer), _artifact(answer.citations, answer)


@tool("eligibility", args_schema=EligibilityArgs, response_format="content_and_artifact")
def eligibility_tool(
    jurisdiction: str, applicant_type: str, profile: dict[str, object] | None = None
) -> tuple[str, Artifact]:
    """按地区和申请人类型检查能否申请备案为评价机构;信息不全时给出下一个要问的问题。"""
    try:
        result = evaluate_eligibility(jurisdiction, applicant_type, profile or {})
    except PolicybotError as exc:
        raise _guard(exc) from exc
    return _eligibility_summary(result), _artifact(result.citations, result)


@tool("checklist", args_schema=ChecklistArgs, response_format="content_and_artifact")
def checklist_tool(
    jurisdiction: str, procedure: str, done: list[str] | None = None
) -> tuple[str, Artifact]:
    """给出某地区某项办理事项(首次备案、续期、变更、增减范围、终止等)的清单,每条附依据。"""
    try:
        checklist = get_checklist(jurisdiction, procedure)
        finished = parse_done(checklist, done or [])
    except PolicybotError as exc:
        raise _guard(exc) from exc
    result = {"checklist": checklist, "done": sorted(finished),
              "progress": list(progress(checklist, finished))}
    return render_checklist(checklist, finished), _artifact(checklist.citations, result)


for _tool in (deadline_tool, eligibility_tool, checklist_tool):
    _tool.handle_tool_error = True
    _tool.handle_validation_error = _INVALID_ARGS


def rule_tools() -> list[BaseTool]:
    """The three tools, for binding to a chat model."""
    return [deadline_tool, eligibility_tool, checklist_tool]


def registry_tools(user_id: str, role: Role) -> list[BaseTool]:
    """The registry tools for one turn, acting as `user_id` with `role` (from the channel).

    The model sees only the query arguments; the caller is bound here, so a tool call
    carrying `role: "regulator"` has that argument ignored (the schema does not have it)
    and the tool still runs, and refuses, as the turn's real role.
    """
    from tools.filing_tools import FILING_TOOLS  # noqa: PLC0415 - opens the database layer

    return [_bound(t, user_id, role) for t in FILING_TOOLS]


def _bound(inner: BaseTool, user_id: str, role: Role) -> BaseTool:
    """`inner` with its injected caller arguments filled from the turn, not from the model."""
    func = getattr(inner, "func", None)
    if func is None:
        raise TypeError(f"{inner.name} has no plain function to bind")

    def run(**kwargs: Any) -> tuple[str, Artifact]:
        args = {k: v for k, v in kwargs.items() if k not in ("user_id", "role")}
        return func(**args, user_id=user_id, role=role)  # type: ignore[no-any-return]

    bound = StructuredTool.from_function(
        func=run,
        name=inner.name,
        description=inner.description,
        args_schema=inner.tool_call_schema,  # the visible arguments only
        response_format="content_and_artifact",
    )
    bound.handle_tool_error = True
    bound.handle_validation_error = _INVALID_ARGS
    return bound
