"""A request class that lets python-telegram-bot talk to `telegram-test-api`.

The emulator (npm `telegram-test-api` 4.2.1) differs from the real Bot API in a
few ways that PTB cannot parse. `EmulatorCompatRequest` is PTB's own
HTTPXRequest with `do_request` post-processing the emulator's answers to fix
exactly these, and nothing else:

1. getMe has no `is_bot`                     -> `is_bot: true` is added.
2. dates are in milliseconds                 -> `date`/`edit_date` values past the year
                                                5138 in seconds are divided by 1000.
3. callback queries have no `chat_instance`  -> one is derived from the chat id.
4. answerCallbackQuery and editMessageText
   return `result: null`                     -> `result: true` (what the real API returns
                                                for an inline-message edit and for answers).
5. unknown methods (sendChatAction,
   setMyCommands) are HTTP 500 errors        -> `{"ok": true, "result": true}`, and the call
                                                is recorded in `stubbed_calls` for tests.

Any other error or method (a typo, sendDocument) still fails, so the bot under
test cannot come to depend on a method the emulator does not really serve.
"""

from __future__ import annotations

import json
from typing import Any

from telegram.request import HTTPXRequest, RequestData

__all__ = ["EmulatorCompatRequest", "UNKNOWN_TO_EMULATOR"]

UNKNOWN_TO_EMULATOR = frozenset({"sendChatAction", "setMyCommands"})
_NULL_RESULT_METHODS = frozenset({"answerCallbackQuery", "editMessageText"})
_DATE_KEYS = frozenset({"date", "edit_date"})
_LATEST_SECONDS = 10**11  # 5138-11-16; anything larger is a millisecond timestamp


def _seconds(value: Any) -> Any:
    return value // 1000 if isinstance(value, int) and value > _LATEST_SECONDS else value


def _fix_dates(node: Any) -> Any:
    if isinstance(node, dict):
        return {
            key: _seconds(value) if key in _DATE_KEYS else _fix_dates(value)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_fix_dates(item) for item in node]
    return node


def _fix_callback_queries(updates: list[dict[str, Any]]) -> None:
    for update in updates:
        query = update.get("callback_query")
        if isinstance(query, dict) and "chat_instance" not in query:
            chat = (query.get("message") or {}).get("chat") or {}
            query["chat_instance"] = str(chat.get("id", query.get("from", {}).get("id", 0)))


def fix_response(method: str, body: dict[str, Any]) -> dict[str, Any]:
    """The emulator's successful answer to `method`, as the real Bot API would shape it."""
    if not body.get("ok"):
        return body
    body = _fix_dates(body)
    result = body.get("result")
    if method == "getMe" and isinstance(result, dict):
        result.setdefault("is_bot", True)
    elif method == "getUpdates" and isinstance(result, list):
        _fix_callback_queries(result)
    elif method in _NULL_RESULT_METHODS and result is None:
        body["result"] = True
    return body


class EmulatorCompatRequest(HTTPXRequest):
    """HTTPXRequest plus the five emulator fixes listed in the module docstring."""

    __slots__ = ("stubbed_calls",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stubbed_calls: list[tuple[str, dict[str, Any]]] = []

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        *args: Any,
        **kwargs: Any,
    ) -> tuple[int, bytes]:
        code, payload = await super().do_request(url, method, request_data, *args, **kwargs)
        endpoint = url.rsplit("/", 1)[-1]
        if endpoint in UNKNOWN_TO_EMULATOR and code >= 500 and b"is not supported" in payload:
            self.stubbed_calls.append((endpoint, request_data.parameters if request_data else {}))
            return 200, b'{"ok": true, "result": true}'
        if code != 200:
            return code, payload
        body = fix_response(endpoint, json.loads(payload))
        return code, json.dumps(body).encode()
