"""The Telegram command menu: one table, with Chinese descriptions for setMyCommands.

Every command name is passed to the engine unchanged as `UserInput.command`, with
the rest of the line as `UserInput.text`; the engine decides what each one does
and who may use it (commands missing here still reach it in a private chat). This
table only says how the channel presents them:

- `audience`: which menu shows it. Everyone sees the public menu; each id in
  `REGULATOR_IDS` also gets the regulator commands in a chat-scoped menu. Hiding a
  command is not a permission check: the engine refuses (and logs) strangers.
- `pageable`: the command only reads, so "下一页" buttons may run it again to show
  another page of a long list.
- `private_only`: never answered in a group (verification codes, registry data).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from telegram import BotCommand

__all__ = [
    "Audience",
    "Command",
    "COMMANDS",
    "COMMANDS_BY_NAME",
    "PAGEABLE_COMMANDS",
    "menu",
]


class Audience(StrEnum):
    EVERYONE = "everyone"
    REGULATOR = "regulator"


@dataclass(frozen=True)
class Command:
    """One slash command as the menu shows it."""

    name: str
    description: str
    audience: Audience = Audience.EVERYONE
    pageable: bool = False
    private_only: bool = False


COMMANDS: tuple[Command, ...] = (
    Command("start", "开始使用,查看能做什么"),
    Command("help", "使用说明和示例问题", pageable=True),
    Command("ask", "提问政策问题,例如:/ask 评价机构备案需要什么条件"),
    Command("status", "查询评价机构备案状态(名称/备案编号/信用代码)", pageable=True),
    Command("eligibility", "自查是否符合申报评价机构的条件"),
    Command("checklist", "办事材料清单(可逐项勾选)"),
    Command("deadline", "计算续期、档案、申辩等期限"),
    Command("region", "设置所在地区(影响适用的地方政策)"),
    Command("role", "设置身份:申请人或评价机构工作人员"),
    Command("source", "查看政策原文条款,例如:/source neimenggu2024 11", pageable=True),
    Command("link", "评价机构工作人员绑定本机构:/link 验证码", private_only=True),
    Command("remind", "到期提醒:开启本机构备案提醒、查看或取消(/remind off)", private_only=True),
    Command("cancel", "取消当前对话"),
    Command(
        "linkcode",
        "签发机构人员绑定验证码:/linkcode 备案编号",
        Audience.REGULATOR,
        private_only=True,
    ),
    Command(
        "registry",
        "监管名录:即将到期、暂停、终止的机构",
        Audience.REGULATOR,
        pageable=True,
        private_only=True,
    ),
)

COMMANDS_BY_NAME: dict[str, Command] = {command.name: command for command in COMMANDS}
PAGEABLE_COMMANDS: frozenset[str] = frozenset(c.name for c in COMMANDS if c.pageable)


def menu(audience: Audience) -> list[BotCommand]:
    """The setMyCommands list for one audience (regulators see everything)."""
    wanted = {Audience.EVERYONE} if audience is Audience.EVERYONE else set(Audience)
    return [BotCommand(c.name, c.description) for c in COMMANDS if c.audience in wanted]
