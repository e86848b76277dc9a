"""/remind through the conversation engine on the sample registry: linked staff subscribe,
the sender then delivers to them, and a cancel button or `/remind off` stops it."""

from __future__ import annotations

import re
from datetime import date

from bot.engine import Engine
from bot.messages import ChatKind, Reply, Role, UserInput
from tests.concurrency_workers import engine_for
from tests.test_reminders_sender import Channel, Clock, at
from tools.reminder_sender import run_once

REGULATOR, STAFF, STRANGER = "tg:900", "tg:500", "tg:501"
FILING = "BT-2024-0004"  # 示例, valid until 2027-03-20 in the sample: 兵团 last day to apply 2026-12-20


def send(engine: Engine, command: str, text: str = "", *, user: str = STAFF, **extra: object) -> Reply:
    return engine.handle(UserInput(user_id=user, command=command, text=text, **extra))  # type: ignore[arg-type]


def payloads(reply: Reply) -> list[str]:
    return [button.payload for row in reply.buttons for button in row]


def link_staff(engine: Engine) -> None:
    issued = send(engine, "linkcode", FILING, user=REGULATOR, role=Role.REGULATOR)
    code = re.search(r"绑定码:(\S+)", issued.text)
    assert code, issued.text
    assert "绑定成功" in send(engine, "link", code.group(1)).text


def test_linked_staff_subscribe_receive_and_cancel(sample_url: str) -> None:
    engine = engine_for(sample_url)
    assert "/link" in send(engine, "remind", user=STRANGER).text  # not linked: says how
    link_staff(engine)
    reply = send(engine, "remind")
    assert f"已为您开启备案 {FILING} 的提醒" in reply.text and "下一次提醒" in reply.text
    assert len(payloads(reply)) == 1
    assert send(engine, "remind").text.count(FILING) == reply.text.count(FILING)  # idempotent

    seven_days_before = date(2026, 12, 13)  # 2026-12-20 minus 7
    clock = Clock(at(seven_days_before, 9, 0))
    channel = Channel(clock)
    run_once(sample_url, channel, now=clock.now, sleep=clock.sleep)
    mine = [text for _, user, text, _ in channel.calls if user == STAFF]
    assert len(mine) == 1 and "还有7天" in mine[0] and FILING in mine[0]

    cancelled = engine.handle(UserInput(user_id=STAFF, callback=payloads(reply)[0]))
    assert "已取消该提醒订阅" in cancelled.text and cancelled.buttons == () and cancelled.edit
    assert "没有需要取消" in send(engine, "remind", "off").text
    clock.t = at(date(2026, 12, 20), 9, 0)
    run_once(sample_url, channel, now=clock.now, sleep=clock.sleep)
    assert [user for _, user, _, _ in channel.calls].count(STAFF) == 1


def test_remind_off_cancels_all_and_groups_are_refused(sample_url: str) -> None:
    engine = engine_for(sample_url)
    link_staff(engine)
    send(engine, "remind")
    assert "共1个" in send(engine, "remind", "off").text
    assert "私聊" in send(engine, "remind", chat=ChatKind.GROUP).text
    stale = engine.handle(UserInput(user_id=STAFF, callback="rm:x:notanumber"))
    assert "失效" in stale.text
