"""LangChain tools over the registry: filing status, an agency's change history, registry lists.

Thin wrappers: each opens one unit of work (`session_scope`, the configured database),
calls the plain function in tools.filing_status / tools.registry_queries and returns
`(short Chinese text, artifact dict)`. `user_id` and `role` are `InjectedToolArg`s: the
engine supplies them from its own records, the model never sees or sets them, so a prompt
cannot claim to be a regulator. The plain functions check the role before doing anything
else. Errors come back as the Chinese `message_zh` (ToolException, handled), never as a
traceback.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from langchain_core.tools import BaseTool, InjectedToolArg, ToolException, tool
from pydantic import BaseModel, Field

from db.session import schema_error, session_scope
from domain import Role
from errors import PolicybotError
from tools.filing_status import audit_history, filing_status
from tools.registry_queries import (
    Filters,
    expired_unrenewed,
    expiring_within,
    registry_summary,
    require_regulator,
    suspended_filings,
    terminated_between,
)

JurisdictionName = Literal["bingtuan", "neimenggu", "tianjin"]


class _Caller(BaseModel):
    user_id: Annotated[str, InjectedToolArg] = Field(description="提问用户的 ID,由系统注入")
    role: Annotated[Role, InjectedToolArg] = Field(description="提问用户的角色,由系统注入")


class FilingStatusArgs(_Caller):
    query: str = Field(
        min_length=1,
        max_length=100,
        description="备案编号(如 BT-2023-0001)、18位统一社会信用代码,或机构名称/简称",
    )


class AgencyHistoryArgs(_Caller):
    query: str = Field(
        min_length=1, max_length=100, description="备案编号、统一社会信用代码或机构名称"
    )


class RegistryListArgs(_Caller):
    kind: Literal["expiring", "expired", "suspended", "terminated", "summary"] = Field(
        description="expiring 即将到期;expired 已过期未续期;suspended 暂停;terminated 某期间终止;summary 统计"
    )
    days: int | None = Field(
        default=None, ge=1, le=3650, description="expiring 时:多少天内到期,默认90"
    )
    since: str | None = Field(default=None, description="terminated 时:开始日期,如 2026-01-01")
    until: str | None = Field(default=None, description="terminated 时:结束日期,如 2026-12-31")
    jurisdiction: JurisdictionName | None = Field(
        default=None, description="只看某地:兵团、内蒙古或天津"
    )
    region: str | None = Field(default=None, description="只看某师市/盟市/区,如 第八师、包头市")
    agency_type: str | None = Field(
        default=None, description="只看某类机构,如 用人单位、社会培训评价组织"
    )


def _run(call: Any) -> tuple[str, dict[str, Any]]:
    try:
        with session_scope() as session:
            result = call(session)
            return result.text_zh(), result.as_dict()
    except PolicybotError as exc:
        raise ToolException(exc.message_zh) from None
    except Exception as exc:
        known = schema_error(exc)
        if known is not None:
            raise ToolException(known.message_zh) from None
        raise


@tool("filing_status", args_schema=FilingStatusArgs, response_format="content_and_artifact")
def filing_status_tool(query: str, user_id: str, role: Role) -> tuple[str, dict[str, Any]]:
    """查询一家评价机构的备案状态:是否有效、有效期至、剩余天数、续期时间要求(附依据)、评价范围。名称相近时返回候选机构。"""
    return _run(lambda s: filing_status(session=s, query=query, role=role, actor=user_id))


@tool("agency_history", args_schema=AgencyHistoryArgs, response_format="content_and_artifact")
def agency_history_tool(query: str, user_id: str, role: Role) -> tuple[str, dict[str, Any]]:
    """(仅监管人员)查看一家评价机构及其备案的全部变更记录。"""
    return _run(lambda s: audit_history(session=s, query=query, role=role, actor=user_id))


@tool("registry_list", args_schema=RegistryListArgs, response_format="content_and_artifact")
def registry_list_tool(
    kind: str,
    user_id: str,
    role: Role,
    days: int | None = None,
    since: str | None = None,
    until: str | None = None,
    jurisdiction: str | None = None,
    region: str | None = None,
    agency_type: str | None = None,
) -> tuple[str, dict[str, Any]]:
    """(仅监管人员)登记册清单与统计:即将到期、已过期未续期、暂停、某期间终止,可按地区、师市/盟市、机构类型筛选。"""

    def call(session: Any) -> Any:
        require_regulator(
            session=session,
            role=role,
            actor=user_id,
            action=f"registry.{kind}",
            what_zh="登记册清单与统计",
        )
        common = {"session": session, "role": role, "actor": user_id}
        if kind == "terminated" and (since is None or until is None):
            raise PolicybotError("查询终止备案需要开始日期和结束日期。")
        filters = Filters.parse(jurisdiction, region, agency_type)
        if kind == "expiring":
            return expiring_within(**common, days=days or 90, filters=filters)
        if kind == "expired":
            return expired_unrenewed(**common, filters=filters)
        if kind == "suspended":
            return suspended_filings(**common, filters=filters)
        if kind == "terminated":
            return terminated_between(
                **common, since=since or "", until=until or "", filters=filters
            )
        return registry_summary(**common, filters=filters)

    return _run(call)


FILING_TOOLS: tuple[BaseTool, ...] = (filing_status_tool, agency_history_tool, registry_list_tool)
for _tool in FILING_TOOLS:
    _tool.handle_tool_error = True
