"""/remind: linked staff subscribe to their filing's reminders; everyone lists and cancels.

`/remind` subscribes a linked staff member to the filing they are linked to (idempotent) and
lists their subscriptions, each with its next reminder and a cancel button; `/remind off`
cancels all. Regulators send `/remind digest` for the weekly digest of their jurisdiction
(`/remind digest off` stops it); the reply previews it as of today, with a button into each
full /registry list (`Payload.PAGE`, bot/registry.py). The subscription lives in the
database (`db.reminder_queue`); the sender
(`tools.reminder_sender`) delivers to the same channel-qualified user id. Registered in
bot/handlers.py COMMANDS; its cancel button is `Payload.REMIND` in bot/buttons.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.messages import Button, ChatKind, Intent, Reply, Role
from bot.states import Payload, payload

if TYPE_CHECKING:
    from bot.engine import Engine
    from bot.intents import Routed
    from bot.turn import Turn

OFF_WORDS = {"off", "关闭", "取消", "全部取消"}
NOT_LINKED = (
    "您还没有订阅任何提醒。评价机构工作人员用监管部门签发的验证码发送 /link 验证码 绑定本机构后,"
    "再发送 /remind,即可在续期申请期开始、截止前30天和7天、有效期届满以及备案状态变更时收到提醒。"
)
PRIVATE_ONLY = "提醒只发到私聊,请在与机器人的私聊中发送 /remind。"
DIGEST_WORDS = {"digest", "周报", "监管周报"}
DIGEST_ON = "已开启监管周报:每周一9:00(北京时间)发送您辖区的到期、过期、暂停和终止情况。以下是按今天情况生成的预览:\n\n"


def remind(engine: Engine, turn: Turn, routed: Routed) -> Reply:  # noqa: ARG001
    """/remind [off]"""
    from db.reminder_queue import cancel_all  # noqa: PLC0415
    from db.types import utcnow  # noqa: PLC0415
    from tools.reminder_plan import subscribe_linked  # noqa: PLC0415

    if turn.message.chat is ChatKind.GROUP:
        return Reply(PRIVATE_ONLY, Intent.SETTINGS, covered=False)
    words = routed.args.strip().lower().split()
    if words and words[0] in DIGEST_WORDS:
        return _digest(turn, off=len(words) > 1 and words[1] in OFF_WORDS)
    if routed.args.strip().lower() in OFF_WORDS:
        count = cancel_all(session=turn.session, user_id=turn.user_id, now=utcnow())
        text = f"已取消全部提醒订阅(共{count}个)。" if count else "您没有需要取消的提醒订阅。"
        return Reply(text, Intent.SETTINGS)
    lead = ""
    linked = turn.profile.linked_filing_number
    if linked:
        subscribe_linked(turn.session, user_id=turn.user_id, filing_number=linked)
        lead = f"已为您开启备案 {linked} 的提醒。\n\n"
    return _listing(turn, lead)


def _digest(turn: Turn, *, off: bool) -> Reply:
    """/remind digest [off]: a regulator subscribes (and sees this week's digest) or stops."""
    from db.reminder_models import SubscriptionKind  # noqa: PLC0415
    from db.reminder_queue import cancel_kind  # noqa: PLC0415
    from db.types import utcnow  # noqa: PLC0415
    from tools.reminder_plan import subscribe_digest  # noqa: PLC0415

    if off:
        count = cancel_kind(session=turn.session, user_id=turn.user_id, kind=SubscriptionKind.DIGEST,
                            now=utcnow(), reason="用户取消")
        return Reply("已停止监管周报。" if count else "您没有订阅监管周报。", Intent.SETTINGS)
    sub = subscribe_digest(turn.session, user_id=turn.user_id, role=turn.role)  # refuses non-regulators
    return _digest_preview(turn, sub.id or 0, DIGEST_ON)


def _digest_preview(turn: Turn, subscription_id: int, lead: str) -> Reply:
    """The digest as it would be sent today, with a button into each list's /registry pages."""
    from tools.reminder_digest import subscriber_digest  # noqa: PLC0415

    digest = subscriber_digest(turn.session, subscription_id=subscription_id, user_id=turn.user_id, day=turn.today)
    buttons = tuple(
        (Button(f"{s.title_zh[:12]}({s.listing.total})",
                payload(Payload.PAGE, s.code, s.param, digest.region_code, 1)),)
        for s in digest.sections
        if s.listing.total
    )
    return Reply(lead + digest.text_zh(), Intent.REGISTRY, buttons=buttons)


def on_remind_button(engine: Engine, turn: Turn, args: list[str]) -> Reply:  # noqa: ARG001
    """rm:x:<subscription id> — cancel one of the user's own subscriptions."""
    from db.reminder_queue import cancel_subscription  # noqa: PLC0415
    from db.types import utcnow  # noqa: PLC0415

    if len(args) != 2 or args[0] != "x" or not args[1].isdigit():
        return Reply("这个按钮已失效,请重新发送 /remind。", Intent.SETTINGS, covered=False)
    done = cancel_subscription(session=turn.session, user_id=turn.user_id, subscription_id=int(args[1]), now=utcnow())
    lead = "已取消该提醒订阅。\n\n" if done else "该订阅已取消或不存在。\n\n"
    return _listing(turn, lead, edit=True)


def _listing(turn: Turn, lead: str, *, edit: bool = False) -> Reply:
    """The user's active subscriptions, each with its next reminder and a cancel button."""
    from db.reminder_queue import user_subscriptions  # noqa: PLC0415

    subs = user_subscriptions(session=turn.session, user_id=turn.user_id)
    if not subs:
        regulator = turn.role is Role.REGULATOR
        hint = "\n监管人员可发送 /remind digest 订阅每周一的监管周报。" if regulator else ""
        return Reply(lead + NOT_LINKED + hint, Intent.SETTINGS, edit=edit)
    lines = ["您的提醒订阅:"]
    buttons = []
    for n, sub in enumerate(subs, start=1):
        if sub.kind == "digest":
            lines.append(f"{n}. 监管周报:每周一9:00(北京时间)")
            buttons.append((Button("取消监管周报", payload(Payload.REMIND, "x", sub.id)),))
            continue
        lines.append(f"{n}. 备案 {sub.target}:{_next_reminder(turn, sub.target)}")
        buttons.append((Button(f"取消 {sub.target} 的提醒", payload(Payload.REMIND, "x", sub.id)),))
    lines.append("发送 /remind off 可取消全部提醒。提醒不在22:00至次日8:00之间发送。")
    return Reply(lead + "\n".join(lines), Intent.SETTINGS, buttons=tuple(buttons), edit=edit)


def _next_reminder(turn: Turn, filing_number: str) -> str:
    from tools.reminder_plan import filing_facts  # noqa: PLC0415
    from tools.reminders import filing_reminders, kind_name_zh  # noqa: PLC0415
    from tools.workdays import format_date_zh  # noqa: PLC0415

    facts = filing_facts(turn.session, filing_number)
    if facts is None:
        return "登记册中已无此备案"
    upcoming = [r for r in filing_reminders(facts, today=turn.today) if r.due_date >= turn.today]
    if not upcoming:
        return "暂无待发送的提醒"
    first = upcoming[0]
    return f"下一次提醒 {format_date_zh(first.due_date)}({kind_name_zh(first.kind)})"
