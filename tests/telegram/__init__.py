"""Tests of the Telegram channel: pure units, and end to end against the telegram-test-api emulator."""
