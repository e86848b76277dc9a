"""Reminder buttons through the engine and the sender, on SQLite and PostgreSQL, clocks set:
"提醒我" under a /deadline answer (3 working days before on the official calendar, and on the
day), "提醒我续期" for linked staff under their own status and renewal answers, the checklist
button on a renewal reminder, and the digest's list buttons."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import chinese_calendar
import pytest

from bot.cli import main
from bot.engine import Engine
from bot.messages import ChatKind, Intent, Reply, Role, UserInput
from bot.remind import reminder_payload
from bot.telegram.callbacks import EngineButton, encode
from config import get_settings
from tests.concurrency_workers import engine_for
from tests.test_reminders_sender import Channel, Clock, at
from tools.deadlines import compute_deadline
from tools.reminder_sender import run_once

USER, STAFF, REGULATOR, STRANGER = "tg:700", "tg:500", "tg:900", "tg:501"
FILING = "BT-2024-0004"  # 示例 兵团, valid until 2027-03-20: last day to apply 2026-12-20
RECEIVED = date(2026, 9, 24)  # a 处理决定 received just before 国庆 2026


def handle(engine: Engine, user: str = USER, **fields: object) -> Reply:
    return engine.handle(UserInput(user_id=user, **fields))  # type: ignore[arg-type]


def button(reply: Reply, label: str) -> str:
    found = [b.payload for row in reply.buttons for b in row if label in b.label]
    assert found, f"no {label!r} button in {[b.label for row in reply.buttons for b in row]}"
    return found[0]


def labels(reply: Reply) -> list[str]:
    return [b.label for row in reply.buttons for b in row]


def set_today(monkeypatch: pytest.MonkeyPatch, day: date) -> None:
    """The engine's clock (each turn reads `db.session.today_cn`)."""
    monkeypatch.setattr("db.session.today_cn", lambda: day)


def objection_answer(engine: Engine, user: str = USER, **extra: object) -> Reply:
    """/deadline → 内蒙古 → 对处理决定提出异议(书面送达) → the date the decision was received."""
    reply = handle(engine, user, command="deadline", **extra)
    reply = handle(engine, user, callback=button(reply, "内蒙古"), **extra)
    reply = handle(engine, user, callback=button(reply, "书面送达"), **extra)
    return handle(engine, user, text=f"{RECEIVED.year}年{RECEIVED.month}月{RECEIVED.day}日", **extra)


def due_json(
    url: str, day: date, days: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> list[dict[str, str | None]]:
    """`policybot reminders due --today DAY --days N --json` on `url`."""
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    capsys.readouterr()
    try:
        with pytest.raises(SystemExit) as exit_info:
            main(["reminders", "due", "--today", day.isoformat(), "--days", str(days), "--json"])
    finally:
        get_settings.cache_clear()
    assert not exit_info.value.code
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def test_remind_me_under_a_deadline_reminds_three_working_days_before_and_on_the_day(
    sample_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    set_today(monkeypatch, RECEIVED)
    engine = engine_for(sample_url)
    answer = objection_answer(engine)
    assert answer.intent is Intent.DEADLINE
    remind = button(answer, "提醒我")
    assert len(encode(EngineButton(remind)).encode()) <= 64
    assert labels(answer)[-1] == "提醒我"  # after the 查看原文 buttons, so their #N stay put
    due = compute_deadline("neimenggu", "objection_receipt", RECEIVED, today=RECEIVED).end
    assert due is not None and due > RECEIVED

    subscribed = handle(engine, callback=remind)
    assert "到期日前3个工作日和到期当天提醒您" in subscribed.text and "对处理决定提出异议" in subscribed.text
    again = handle(engine, callback=remind)
    assert len(again.buttons) == len(subscribed.buttons) == 1  # one subscription, one cancel button
    listed = due_json(sample_url, RECEIVED, (due - RECEIVED).days + 1, monkeypatch, capsys)
    mine = [(i["kind"], i["due_date"], i["filing_number"]) for i in listed if i["user_id"] == USER]
    assert [kind for kind, *_ in mine] == ["deadline_3wd", "deadline_due"]
    assert mine[1][1:] == (due.isoformat(), None)

    clock = Clock(at(RECEIVED, 9, 0))
    channel = Channel(clock)
    day, sent_on = RECEIVED, []
    while day <= due + timedelta(days=1):  # every morning and evening until the day after
        for hour in (7, 8, 21, 23):
            clock.t = at(day, hour, 30 if hour == 7 else 0)
            run_once(sample_url, channel, now=clock.now, sleep=clock.sleep)
        day += timedelta(days=1)
    sent_on = [(t.date(), text) for t, user, text, _ in channel.calls if user == USER]
    assert len(sent_on) == 2, sent_on
    (before, first), (last_day, second) = sent_on
    # 3 working days before, counted on the official calendar (国庆 holidays skipped)
    assert chinese_calendar.is_workday(before)
    between = [before + timedelta(days=n) for n in range(1, (due - before).days)]
    assert sum(chinese_calendar.is_workday(d) for d in between) == 2
    assert (due - before).days > 3 + 2  # the span crosses holidays, not plain weekdays
    assert "还有3个工作日" in first and "依据:" in first
    assert last_day == due and "是到期日" in second
    assert all(t.astimezone(clock.t.tzinfo).hour >= 8 for t, *_ in channel.calls)  # never in quiet hours

    clock.t = at(due + timedelta(days=5), 9, 0)  # the date has passed: the subscription ends
    run_once(sample_url, channel, now=clock.now, sleep=clock.sleep)
    assert "您还没有订阅任何提醒" in handle(engine, command="remind").text


def test_no_remind_me_for_a_past_date_or_in_a_group(sample_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    set_today(monkeypatch, RECEIVED + timedelta(days=60))
    engine = engine_for(sample_url)
    assert "提醒我" not in labels(objection_answer(engine))  # its due date has passed
    set_today(monkeypatch, RECEIVED)
    assert "提醒我" not in labels(objection_answer(engine, "tg:-100", chat=ChatKind.GROUP))
    forged = handle(engine, callback="rm:d:neimenggu:objection_receipt:20260101:o")
    assert "已经过了" in forged.text and forged.covered is False
    assert "失效" in handle(engine, callback="rm:d:neimenggu:objection_receipt:2026:o").text
    assert "失效" in handle(engine, callback="rm:c:mars.renewal").text


def link_staff(engine: Engine) -> None:
    issued = handle(engine, REGULATOR, command="linkcode", text=FILING, role=Role.REGULATOR)
    code = re.search(r"绑定码:(\S+)", issued.text)
    assert code, issued.text
    assert "绑定成功" in handle(engine, STAFF, command="link", text=code.group(1)).text


def test_remind_me_to_renew_for_linked_staff_and_its_checklist_button(sample_url: str) -> None:
    engine = engine_for(sample_url)
    assert "提醒我续期" not in labels(handle(engine, STRANGER, command="status", text=FILING))
    link_staff(engine)
    status = handle(engine, STAFF, command="status")
    renewal = handle(engine, STAFF, text="我们机构什么时候要续期?")
    assert button(status, "提醒我续期") == button(renewal, "提醒我续期")
    assert "提醒我续期" not in labels(handle(engine, STAFF, command="status", text="NM-2024-0001"))
    forged = handle(engine, STAFF, callback="rm:f:NM-2024-0001")
    assert "只有绑定该机构的工作人员" in forged.text and forged.covered is False

    subscribed = handle(engine, STAFF, callback=button(status, "提醒我续期"))
    assert f"已为您开启备案 {FILING} 的续期提醒" in subscribed.text and "下一次提醒" in subscribed.text

    clock = Clock(at(date(2026, 12, 13), 9, 0))  # 7 days before 兵团's last day to apply
    channel = Channel(clock)
    run_once(sample_url, channel, now=clock.now, sleep=clock.sleep)
    sent = [(text, rows) for (_, user, text, _), rows in zip(channel.calls, channel.buttons) if user == STAFF]
    assert len(sent) == 1 and "还有7天" in sent[0][0]
    payloads = [reminder_payload(b) for row in sent[0][1] for b in row]
    assert len(payloads) == 1 and payloads[0] is not None

    pressed = handle(engine, STAFF, callback=payloads[0])
    typed = handle(engine, "tg:502", command="checklist")
    typed = handle(engine, "tg:502", callback=button(typed, "兵团"))
    typed = handle(engine, "tg:502", callback=button(typed, "续期"))
    assert pressed.intent is Intent.CHECKLIST and pressed.text == typed.text
    tick = next(b.payload for row in pressed.buttons for b in row)
    ticked = handle(engine, STAFF, callback=tick)
    assert ticked.edit and "☑" in labels(ticked)[0]


def test_sent_digest_carries_its_list_buttons(
    sample_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REGULATOR_IDS", "900")
    get_settings.cache_clear()
    try:
        engine = engine_for(sample_url)
        preview = handle(engine, REGULATOR, command="remind", text="digest", role=Role.REGULATOR)
        monday = date(2026, 11, 23)
        clock = Clock(at(monday, 9, 0))
        channel = Channel(clock)
        run_once(sample_url, channel, now=clock.now, sleep=clock.sleep)
        rows = [rows for (_, user, _, _), rows in zip(channel.calls, channel.buttons) if user == REGULATOR]
        assert len(rows) == 1 and rows[0]
        pages = [reminder_payload(b) for row in rows[0] for b in row]
        assert all(p and p.startswith("pg:") for p in pages)
        assert all(p.startswith("pg:") for row in preview.buttons for p in (b.payload for b in row))
        page = handle(engine, REGULATOR, callback=pages[0], role=Role.REGULATOR)
        assert page.intent is Intent.REGISTRY and page.covered
        refused = handle(engine, STRANGER, callback=pages[0])
        assert "示例" not in refused.text
    finally:
        get_settings.cache_clear()
