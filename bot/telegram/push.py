"""Push a reminder to a Telegram chat through the Bot API `sendMessage`, for the reminder
sender (`tools.reminder_sender`), outside any running `Application`.

Maps Telegram's answer to a `SendResult`: 200 ok → OK; 403 (bot blocked, user deactivated)
→ BLOCKED; 429 → RETRY with its `retry_after`; other 4xx → PERMANENT (retrying cannot help);
network errors and 5xx → RETRY. User ids are channel-qualified ("tg:123"); any other
channel cannot receive pushes, which is PERMANENT.

Buttons planned under a reminder (`tools.reminders.ReminderButton`) become an inline keyboard
whose callback_data is exactly what the same button carries in a reply (`bot.remind.
reminder_payload`, versioned by `bot.telegram.callbacks.encode`), so pressing one runs the
engine like any other button. A button that cannot be encoded is left out, never the message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from bot.remind import reminder_payload
from bot.telegram.callbacks import EngineButton, encode
from tools.reminder_sender import SendOutcome, SendResult
from tools.reminders import ButtonRows

TIMEOUT = 10.0


def inline_keyboard(rows: ButtonRows) -> dict[str, Any] | None:
    """The Bot API `reply_markup` for a reminder's buttons; None when none can be sent."""
    keyboard = []
    for row in rows:
        buttons = []
        for button in row:
            data = reminder_payload(button)
            try:
                callback = encode(EngineButton(data)) if data else None
            except ValueError:  # too long for callback_data, or not round-tripping
                callback = None
            if callback:
                buttons.append({"text": button.label, "callback_data": callback})
        if buttons:
            keyboard.append(buttons)
    return {"inline_keyboard": keyboard} if keyboard else None


def telegram_sender(token: str, base_url: str, client: httpx.Client | None = None) -> Callable[..., SendResult]:
    """A sync `send(user_id, text, buttons=())` bound to one bot token."""
    http = client or httpx.Client(timeout=TIMEOUT)
    url = f"{base_url}{token}/sendMessage"  # python-telegram-bot's convention: base URL + token

    def send(user_id: str, text: str, buttons: ButtonRows = ()) -> SendResult:
        if not user_id.startswith("tg:") or not user_id[3:].lstrip("-").isdigit():
            return SendResult(SendOutcome.PERMANENT, "不是Telegram用户,无法推送")
        body: dict[str, Any] = {"chat_id": int(user_id[3:]), "text": text}
        markup = inline_keyboard(buttons)
        if markup:
            body["reply_markup"] = markup
        try:
            response = http.post(url, json=body)
        except httpx.HTTPError as exc:
            return SendResult(SendOutcome.RETRY, f"网络错误:{type(exc).__name__}")
        return _result(response)

    return send


def _result(response: httpx.Response) -> SendResult:
    try:
        body = response.json()
    except ValueError:
        body = {}
    description = str(body.get("description") or response.reason_phrase)[:200]
    if response.status_code == 200 and body.get("ok"):
        return SendResult(SendOutcome.OK)
    if response.status_code == 403:
        return SendResult(SendOutcome.BLOCKED, description)
    if response.status_code == 429:
        retry = (body.get("parameters") or {}).get("retry_after")
        return SendResult(SendOutcome.RETRY, description, float(retry) if retry else None)
    if 400 <= response.status_code < 500:
        return SendResult(SendOutcome.PERMANENT, description)
    return SendResult(SendOutcome.RETRY, description)
