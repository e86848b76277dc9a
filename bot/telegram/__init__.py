"""The Telegram channel: translates Telegram updates to engine input and replies to messages.

Public names: `build_application` and `main` (see `app`); rendering and callback
data live in `render` and `callbacks`, the command menu in `commands`.
"""

from bot.telegram.app import build_application, main

__all__ = ["build_application", "main"]
