"""/remind: linked staff subscribe to their filing's reminders; everyone lists and cancels.

`/remind` subscribes a linked staff member to the filing they are linked to (idempotent) and
lists their subscriptions, each with its next reminder and a cancel button; `/remind off`
cancels all. Regulators send `/remind digest` for the weekly digest of their jurisdiction
(`/remind digest off` stops it); the reply previews it as of today, with a button into each
full /registry list (`Payload.PAGE`, bot/registry.py). The subscription lives in the
database (`db.reminder_queue`); the sender
(`tools.reminder_sender`) delivers to the same channel-qualified user id. Registered in
bot/handlers.py COMMANDS; its buttons are `Payload.REMIND` in bot/buttons.py:

    rm:x:<subscription id>                     cancel one subscription
    rm:f:<filing number>                       "提醒我续期": linked staff follow their own filing
    rm:d:<region>:<event>:<YYYYMMDD>:<o|f>     "提醒我": a date /deadline computed (f: from a filing date)
    rm:c:<checklist id>                        a reminder's checklist: what /checklist shows for it

Buttons under a sent reminder are planned channel-neutral (`tools.reminders.ReminderButton`);
`reminder_payload` turns one into the engine payload the same button has in a reply.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from bot.messages import Button, ChatKind, Intent, Reply, Role
from bot.states import Payload, payload
from tools.reminder_digest import DIGEST_TIME, DIGEST_WEEKDAY
from tools.reminders import LEAD_DAYS

if TYPE_CHECKING:
    from bot.services import Services
    from bot.intents import Routed
    from bot.turn import Turn
    from tools.deadlines import DeadlineAnswer
    from tools.reminders import ReminderButton

WEEKDAYS_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
OFF_WORDS = {"off", "关闭", "取消", "全部取消"}
NOT_LINKED = (
    "您还没有订阅任何提醒。评价机构工作人员用监管部门签发的验证码发送 /link 验证码 绑定本机构后,"
    f"再发送 /remind,即可在续期申请期开始、截止前{'天和'.join(map(str, LEAD_DAYS))}天、有效期届满以及备案状态变更时收到提醒。"
    "用 /deadline 算出的期限,也可点答复下方的“提醒我”订阅。"
)
PRIVATE_ONLY = "提醒只发到私聊,请在与机器人的私聊中发送 /remind。"
DIGEST_WORDS = {"digest", "周报", "监管周报"}
DIGEST_ON = (
    f"已开启监管周报:每{WEEKDAYS_ZH[DIGEST_WEEKDAY]}{DIGEST_TIME.hour}:{DIGEST_TIME.minute:02d}(北京时间)"
    "发送您辖区的到期、过期、暂停和终止情况。以下是按今天情况生成的预览:\n\n"
)
REMIND_ME = "提醒我"
REMIND_RENEWAL = "提醒我续期"
STALE = "这个按钮已失效,请重新发送 /remind。"


def remind(engine: Services, turn: Turn, routed: Routed) -> Reply:  # noqa: ARG001
    """/remind [off]"""
    from db.reminder_subscriptions import cancel_all  # noqa: PLC0415
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
    from db.reminder_subscriptions import cancel_kind  # noqa: PLC0415
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
        tuple(Button(b.label, p) for b in row if (p := reminder_payload(b)))
        for row in digest.buttons()
    )
    return Reply(lead + digest.text_zh(), Intent.REGISTRY, buttons=buttons)


def reminder_payload(button: ReminderButton) -> str | None:
    """The engine payload of a button planned under a reminder; None for an unknown action.
    A checklist opens with `rm:c:<checklist id>` (its reply is the /checklist dialogue's own
    list, ticks included), a list page is the `/registry` paging payload."""
    if button.action == "checklist" and len(button.args) == 1:
        return payload(Payload.REMIND, "c", button.args[0])
    if button.action == "page" and len(button.args) == 4:
        return payload(Payload.PAGE, *button.args)
    return None


def deadline_button(turn: Turn, answer: DeadlineAnswer, on: date, *, from_filing: bool) -> Button | None:
    """"提醒我" under a /deadline answer whose date is still ahead (private chats only)."""
    from tools.reminder_deadline import DeadlineRequest, deadline_reminders  # noqa: PLC0415

    if turn.message.chat is ChatKind.GROUP or answer.end is None or answer.end < turn.today:
        return None
    request = DeadlineRequest(answer.jurisdiction, answer.event, on, from_filing)
    if not deadline_reminders(request, today=turn.today):
        return None
    return Button(REMIND_ME, payload(Payload.REMIND, "d", request.jurisdiction, request.event,
                                     on.strftime("%Y%m%d"), "f" if from_filing else "o"))


def renewal_button(turn: Turn, filing_number: str) -> Button | None:
    """"提醒我续期" for linked staff looking at their own filing, in a private chat."""
    if turn.message.chat is ChatKind.GROUP or turn.profile.linked_filing_number != filing_number:
        return None
    return Button(REMIND_RENEWAL, payload(Payload.REMIND, "f", filing_number))


def on_remind_button(engine: Services, turn: Turn, args: list[str]) -> Reply:  # noqa: ARG001
    """rm:x:<id> cancels one of the user's own subscriptions; rm:f:<filing> and rm:d:… subscribe."""
    from db.reminder_subscriptions import cancel_subscription  # noqa: PLC0415
    from db.types import utcnow  # noqa: PLC0415

    if len(args) == 2 and args[0] == "c":
        return _checklist(turn, args[1])
    if args and args[0] in ("f", "d"):
        if turn.message.chat is ChatKind.GROUP:
            return Reply(PRIVATE_ONLY, Intent.SETTINGS, covered=False)
        return _follow_filing(turn, args[1:]) if args[0] == "f" else _follow_deadline(turn, args[1:])
    if len(args) != 2 or args[0] != "x" or not args[1].isdigit():
        return Reply(STALE, Intent.SETTINGS, covered=False)
    done = cancel_subscription(session=turn.session, user_id=turn.user_id, subscription_id=int(args[1]), now=utcnow())
    lead = "已取消该提醒订阅。\n\n" if done else "该订阅已取消或不存在。\n\n"
    return _listing(turn, lead, edit=True)


def _checklist(turn: Turn, checklist_id: str) -> Reply:
    """The checklist a reminder points to, shown by the /checklist dialogue itself (its state
    saved as if region and procedure had been chosen, so ticks and 上一步 work as there)."""
    from bot.dialogues import checklist  # noqa: PLC0415
    from tools.checklists import list_procedures  # noqa: PLC0415

    region, _, procedure = checklist_id.partition(".")
    if (region, procedure) not in {(j, code) for j, code, _ in list_procedures()}:
        return Reply(STALE, Intent.CHECKLIST, covered=False)
    return checklist.advance(turn, {"jurisdiction": region, "procedure": procedure})


def _follow_filing(turn: Turn, args: list[str]) -> Reply:
    """rm:f:<filing>: only the staff linked to that filing may follow it from a button."""
    from tools.reminder_plan import subscribe_linked  # noqa: PLC0415

    linked = turn.profile.linked_filing_number
    if len(args) != 1 or not linked or args[0] != linked:
        return Reply("只有绑定该机构的工作人员可以订阅其续期提醒。" + NOT_LINKED, Intent.SETTINGS, covered=False)
    subscribe_linked(turn.session, user_id=turn.user_id, filing_number=linked)
    return _listing(turn, f"已为您开启备案 {linked} 的续期提醒。\n\n")


def _follow_deadline(turn: Turn, args: list[str]) -> Reply:
    """rm:d:<region>:<event>:<YYYYMMDD>:<o|f>: a one-off reminder of a /deadline date."""
    from datetime import datetime  # noqa: PLC0415

    from errors import PolicybotError  # noqa: PLC0415
    from tools.reminder_deadline import LEAD_WORKDAYS, DeadlineRequest, title_zh  # noqa: PLC0415
    from tools.reminder_plan import subscribe_deadline  # noqa: PLC0415

    if len(args) != 4 or args[3] not in ("o", "f") or not args[2].isdigit() or len(args[2]) != 8:
        return Reply(STALE, Intent.SETTINGS, covered=False)
    try:
        on = datetime.strptime(args[2], "%Y%m%d").date()
        request = DeadlineRequest(args[0], args[1], on, args[3] == "f")
        subscribe_deadline(turn.session, user_id=turn.user_id, request=request, today=turn.today)
    except ValueError:
        return Reply(STALE, Intent.SETTINGS, covered=False)
    except PolicybotError as exc:
        return Reply(exc.message_zh, Intent.SETTINGS, covered=False)
    return _listing(turn, f"好的,将在“{title_zh(request)}”到期日前{LEAD_WORKDAYS}个工作日和到期当天提醒您。\n\n")


def _listing(turn: Turn, lead: str, *, edit: bool = False) -> Reply:
    """The user's active subscriptions, each with its next reminder and a cancel button."""
    from db.reminder_subscriptions import user_subscriptions  # noqa: PLC0415

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
        if sub.kind == "deadline":
            title, when = _deadline_line(turn, sub.detail)
            lines.append(f"{n}. 期限 {title}:{when}")
            buttons.append((Button(f"取消 {title[:16]} 的提醒", payload(Payload.REMIND, "x", sub.id)),))
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


def _deadline_line(turn: Turn, detail: object) -> tuple[str, str]:
    """A deadline subscription's title and its next reminder, for the /remind list."""
    from tools.reminder_deadline import DeadlineRequest, deadline_reminders, title_zh  # noqa: PLC0415
    from tools.workdays import format_date_zh  # noqa: PLC0415

    request = DeadlineRequest.from_detail(detail)
    if request is None:
        return "(无法识别)", "暂无待发送的提醒"
    upcoming = deadline_reminders(request, today=turn.today)
    if not upcoming:
        return title_zh(request), "已过到期日"
    due = format_date_zh(upcoming[-1].due_date)
    return title_zh(request), f"到期日 {due},下一次提醒 {format_date_zh(upcoming[0].due_date)}"
