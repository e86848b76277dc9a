"""Push a reminder to a Telegram chat through the Bot API `sendMessage`, for the reminder
sender (`tools.reminder_sender`), outside any running `Application`.

Maps Telegram's answer to a `SendResult`: 200 ok → OK; 403 (bot blocked, user deactivated)
→ BLOCKED; 429 → RETRY with its `retry_after`; other 4xx → PERMANENT (retrying cannot help);
network errors and 5xx → RETRY. User ids are channel-qualified ("tg:123"); any other
channel cannot receive pushes, which is PERMANENT.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx

from tools.reminder_sender import SendOutcome, SendResult

TIMEOUT = 10.0


def telegram_sender(token: str, base_url: str, client: httpx.Client | None = None) -> Callable[[str, str], SendResult]:
    """A sync `send(user_id, text)` bound to one bot token."""
    http = client or httpx.Client(timeout=TIMEOUT)
    url = f"{base_url}{token}/sendMessage"  # python-telegram-bot's convention: base URL + token

    def send(user_id: str, text: str) -> SendResult:
        if not user_id.startswith("tg:") or not user_id[3:].lstrip("-").isdigit():
            return SendResult(SendOutcome.PERMANENT, "不是Telegram用户,无法推送")
        try:
            response = http.post(url, json={"chat_id": int(user_id[3:]), "text": text})
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
