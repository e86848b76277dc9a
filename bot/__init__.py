"""The conversation engine and its channels (console, Telegram)."""
