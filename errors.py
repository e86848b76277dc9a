"""The project's exception tree, mapped to Chinese messages at the channel edge.

    PolicybotError                 base; `message_zh` is what a user sees
    ├── InputError                 the user's input cannot be used
    │   ├── EmptyQueryError
    │   ├── QueryTooLongError
    │   ├── InvalidDateError
    │   ├── InvalidCreditCodeError
    │   └── InvalidFilingNumberError
    ├── NotFoundError              a key that names nothing
    │   ├── UnknownDocumentError
    │   ├── UnknownArticleError
    │   └── UnknownAgencyError
    ├── IndexUnavailableError      the search index is missing or corrupt
    ├── CorpusError                a corpus file or its metadata is malformed
    ├── ImportValidationError      a registry import failed validation (nothing written)
    └── PermissionDeniedError      the user's role may not do this

Every class carries a Chinese message so channels never format errors themselves.
"""

from __future__ import annotations

__all__ = [
    "PolicybotError",
    "InputError",
    "EmptyQueryError",
    "QueryTooLongError",
    "InvalidDateError",
    "InvalidCreditCodeError",
    "InvalidFilingNumberError",
    "NotFoundError",
    "UnknownDocumentError",
    "UnknownArticleError",
    "UnknownAgencyError",
    "IndexUnavailableError",
    "CorpusError",
    "ImportValidationError",
    "PermissionDeniedError",
]


class PolicybotError(Exception):
    """Base class; `message_zh` is safe to show to a chat user."""

    default_message = "处理请求时出错,请稍后再试。"

    def __init__(self, message_zh: str | None = None) -> None:
        self.message_zh = message_zh or self.default_message
        super().__init__(self.message_zh)


class InputError(PolicybotError):
    default_message = "输入无法识别,请换一种说法。"


class EmptyQueryError(InputError):
    default_message = "问题不能为空,请输入您想了解的政策问题。"


class QueryTooLongError(InputError):
    default_message = "问题太长了,请精简到 500 字以内再提问。"


class InvalidDateError(InputError):
    default_message = "日期无效,请按“2024年5月10日”或“2024-05-10”的格式输入。"


class InvalidCreditCodeError(InputError):
    default_message = "统一社会信用代码无效,请核对 18 位代码(含校验位)。"


class InvalidFilingNumberError(InputError):
    default_message = "备案编号格式无效,请核对后重新输入。"


class NotFoundError(PolicybotError):
    default_message = "没有找到相关内容。"


class UnknownDocumentError(NotFoundError):
    default_message = "没有这份文件,请用 `policybot source --list` 查看可用文件。"


class UnknownArticleError(NotFoundError):
    default_message = "该文件中没有这一条。"


class UnknownAgencyError(NotFoundError):
    default_message = "没有找到该评价机构,请核对名称、备案编号或统一社会信用代码。"


class IndexUnavailableError(PolicybotError):
    default_message = "检索索引不存在或已损坏,请先运行 `policybot ingest` 重建索引。"


class CorpusError(PolicybotError):
    default_message = "政策文本库文件格式有误。"


class ImportValidationError(PolicybotError):
    """Carries every bad row so the user can fix the file in one pass."""

    default_message = "导入文件校验未通过,未写入任何数据。"

    def __init__(self, problems: list[str], message_zh: str | None = None) -> None:
        self.problems = problems
        super().__init__(message_zh)


class PermissionDeniedError(PolicybotError):
    default_message = "抱歉,您没有权限执行此操作。"
