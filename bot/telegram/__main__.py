"""`python -m bot.telegram`: run the Telegram bot (needs TELEGRAM_BOT_TOKEN)."""

from bot.telegram.app import main

main()
