"""Telegram updates in, engine replies out: one handler per kind of update.

A handler parses the update, calls the engine with plain values (user id, role,
text, command, button payload) in a worker thread, and renders the `Reply` with
`render`. There is no SQL, retrieval or policy decision here: the engine owns
dialogue state, user settings, roles, rate limits and the refusal log. What this
module does decide is Telegram-specific: whether a group message is addressed to
the bot, that privileged commands stay out of groups, and that a button in a
group belongs to the user whose message it answers.
"""

# pylint: disable=unused-argument

from __future__ import annotations

import asyncio
import logging
from typing import Any, Protocol

from telegram import (
    Bot,
    CallbackQuery,
    Chat,
    InlineKeyboardMarkup,
    Message,
    MessageEntity,
    ReplyParameters,
    Update,
    User,
)
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import (
    BaseHandler,
    CallbackContext,
    CallbackQueryHandler,
    ExtBot,
    MessageHandler,
    filters,
)

from bot.messages import ChatKind, Intent, Reply, Role, UserInput
from bot.telegram.callbacks import EngineButton, Page, decode, fits
from bot.telegram.commands import COMMANDS_BY_NAME
from bot.telegram.render import Pager, keyboard, render_messages, render_notice, render_page
from errors import PolicybotError

__all__ = [
    "ENGINE_KEY",
    "REGULATORS_KEY",
    "Engine",
    "ChannelContext",
    "APOLOGY",
    "user_input",
    "parse_command",
    "addressed_text",
    "handlers",
    "on_error",
]

logger = logging.getLogger(__name__)

ENGINE_KEY = "engine"
REGULATORS_KEY = "regulator_ids"

APOLOGY = "抱歉,处理您的消息时出错了,请稍后再试。如果问题持续出现,请发送 /help。"
STALE_BUTTON = "这个按钮已失效,请重新发送命令。"
NOT_YOURS = "这个按钮属于其他用户的对话,请自己发送命令开始。"
PRIVATE_ONLY = "为保护信息安全,请在与我的私聊中使用 /{name}。"
TEXT_ONLY = "目前只能处理文字消息,请用文字提问。"
TOO_SLOW = "抱歉,这次处理时间太长了,请稍后再试一次。"
ENGINE_TIMEOUT_SECONDS = 60.0


class Engine(Protocol):
    """The conversation engine as the channel sees it (`bot.engine.Engine`)."""

    def handle(self, message: UserInput) -> Reply: ...


class ChannelContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """Handler context with typed access to the engine and the regulator ids."""

    @property
    def engine(self) -> Engine:
        return self.bot_data[ENGINE_KEY]  # type: ignore[no-any-return]

    @property
    def regulator_ids(self) -> frozenset[int]:
        return self.bot_data[REGULATORS_KEY]  # type: ignore[no-any-return]


# ---- pure helpers -----------------------------------------------------------------------


def user_input(
    user: User,
    regulator_ids: frozenset[int],
    *,
    text: str = "",
    command: str | None = None,
    callback: str | None = None,
    chat: Chat | None = None,
) -> UserInput:
    """The engine's view of one Telegram user action; `chat` (where it was sent) decides
    whether replies may show more than the public view (only in a private chat)."""
    return UserInput(
        user_id=f"tg:{user.id}",
        text=text,
        command=command,
        callback=callback,
        role=Role.REGULATOR if user.id in regulator_ids else None,
        display_name=user.full_name,
        chat=ChatKind.PRIVATE if chat is None or chat.type == ChatType.PRIVATE else ChatKind.GROUP,
    )


def parse_command(text: str) -> tuple[str, str, str]:
    """("/Help@MyBot  a b") -> ("help", "MyBot", "a b"): name, addressee, arguments."""
    head, _, args = text.strip().partition(" ")
    name, _, addressee = head.lstrip("/").partition("@")
    return name.lower(), addressee, args.strip()


def addressed_text(message: Message, bot: Bot) -> str | None:
    """In a group, the text with the bot's @mention removed, or None if not addressed to it."""
    text = message.text or ""
    if message.chat.type == ChatType.PRIVATE:
        return text
    mentions = message.parse_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION])
    ours = [
        mention
        for entity, mention in mentions.items()
        if (entity.type == MessageEntity.TEXT_MENTION and entity.user and entity.user.id == bot.id)
        or (entity.type == MessageEntity.MENTION and mention[1:].lower() == bot.username.lower())
    ]
    for mention in ours:
        text = text.replace(mention, " ")
    replied = message.reply_to_message
    to_bot = (
        replied is not None and replied.from_user is not None and replied.from_user.id == bot.id
    )
    if ours or to_bot:
        return " ".join(text.split())
    return None


def _button_owner_ok(message: Message, user: User) -> bool | None:
    """In a group, whether `user` asked the question a bot message answers (None: unknown)."""
    if message.chat.type == ChatType.PRIVATE:
        return True
    asked = message.reply_to_message
    if asked is None or asked.from_user is None:
        return None
    return asked.from_user.id == user.id


# ---- talking to the engine and to Telegram ----------------------------------------------


async def _ask(context: ChannelContext, message: UserInput) -> Reply:
    """The engine's reply, computed off the event loop; known errors become a reply."""
    try:
        return await asyncio.wait_for(
            asyncio.to_thread(context.engine.handle, message), ENGINE_TIMEOUT_SECONDS
        )
    except TimeoutError:
        logger.warning("engine took over %s s for %s", ENGINE_TIMEOUT_SECONDS, message.user_id)
        return Reply(text=TOO_SLOW, intent=Intent.HELP, covered=False)
    except PolicybotError as error:
        logger.info("engine refused input from %s: %s", message.user_id, type(error).__name__)
        return Reply(text=error.message_zh, intent=Intent.HELP, covered=False)


def _quote(chat: Chat, message_id: int | None) -> ReplyParameters | None:
    """In groups every reply quotes the user's message, so buttons know their owner."""
    if chat.type == ChatType.PRIVATE or message_id is None:
        return None
    return ReplyParameters(message_id=message_id, allow_sending_without_reply=True)


async def _send_html(
    bot: Bot,
    chat: Chat,
    text: str,
    *,
    quote: int | None,
    markup: InlineKeyboardMarkup | None = None,
) -> None:
    await bot.send_message(
        chat.id,
        text,
        parse_mode=ParseMode.HTML,
        reply_markup=markup,
        reply_parameters=_quote(chat, quote),
    )


async def send_reply(
    bot: Bot, chat: Chat, reply: Reply, *, quote: int | None, source: Page | None = None
) -> None:
    """Send `reply`: one edited-in-place page at a time if it is a long list, else split."""
    if source is not None:
        text, total = render_page(reply, 1)
        if total > 1 and fits(Page(total, source.command, source.args)):
            pager = Pager(1, total, source.command, source.args)
            await _send_html(bot, chat, text, quote=quote, markup=keyboard(reply, pager=pager))
            return
    messages = render_messages(reply)
    for index, text in enumerate(messages):
        last = index == len(messages) - 1
        await _send_html(bot, chat, text, quote=quote, markup=keyboard(reply) if last else None)


async def _edit(
    bot: Bot, query: CallbackQuery, message: Message, reply: Reply, pager: Pager | None = None
) -> None:
    """Replace the message the button was on; send new messages if that cannot be done
    (too old to edit, or the new text no longer fits in one message)."""
    if pager is not None:
        text, total = render_page(reply, pager.page)
        pager = Pager(min(pager.page, total), total, pager.command, pager.args)
        parts = [text]
    else:
        parts = render_messages(reply)
    quote = message.reply_to_message.message_id if message.reply_to_message else None
    if len(parts) == 1:
        try:
            await query.edit_message_text(
                parts[0], parse_mode=ParseMode.HTML, reply_markup=keyboard(reply, pager=pager)
            )
            return
        except BadRequest as error:
            if "not modified" in error.message.lower():
                return
            logger.info("could not edit message %s: %s", message.message_id, error.message)
    for index, text in enumerate(parts):
        markup = keyboard(reply, pager=pager) if index == len(parts) - 1 else None
        await _send_html(bot, message.chat, text, quote=quote, markup=markup)


async def _notice(message: Message, text: str) -> None:
    """A short channel message in answer to `message` (quoted in groups)."""
    await message.reply_text(
        render_notice(text),
        parse_mode=ParseMode.HTML,
        do_quote=message.chat.type != ChatType.PRIVATE,
    )


async def _typing(bot: Bot, chat: Chat) -> None:
    try:
        await bot.send_chat_action(chat.id, ChatAction.TYPING)
    except TelegramError as error:  # cosmetic only
        logger.debug("sendChatAction failed: %s", error)


# ---- handlers ---------------------------------------------------------------------------


async def on_command(update: Update, context: ChannelContext) -> None:
    """A slash command: hand its name and arguments to the engine and send the reply.

    Commands outside the menu go to the engine too (it knows more names than the menu
    shows); in a group only menu commands and ones addressed /cmd@thisbot are answered.
    """
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or not message.text:
        return
    name, addressee, args = parse_command(message.text)
    if addressee and addressee.lower() != (context.bot.username or "").lower():
        return  # /cmd@SomeOtherBot
    spec = COMMANDS_BY_NAME.get(name)
    private = message.chat.type == ChatType.PRIVATE
    if not private and spec is None and not addressee:
        return  # probably another bot's command
    if spec is not None and spec.private_only and not private:
        logger.info(
            "refused /%s in %s chat %s for user %s",
            name,
            message.chat.type,
            message.chat.id,
            user.id,
        )
        await _notice(message, PRIVATE_ONLY.format(name=name))
        return
    reply = await _ask(
        context, user_input(user, context.regulator_ids, command=name, text=args, chat=message.chat)
    )
    source = Page(1, name, args) if spec is not None and spec.pageable else None
    await send_reply(context.bot, message.chat, reply, quote=message.message_id, source=source)


async def on_text(update: Update, context: ChannelContext) -> None:
    """Free text: a question or a dialogue answer; in groups only when addressed to the bot."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    text = addressed_text(message, context.bot)
    if text is None:
        return
    await _typing(context.bot, message.chat)
    reply = await _ask(context, user_input(user, context.regulator_ids, text=text, chat=message.chat))
    await send_reply(context.bot, message.chat, reply, quote=message.message_id)


async def on_other(update: Update, _context: ChannelContext) -> None:
    """A photo, sticker, voice note…: say that only text is understood (private chats only)."""
    if update.effective_message is not None:
        await _notice(update.effective_message, TEXT_ONLY)


async def on_button(update: Update, context: ChannelContext) -> None:
    """A button press: validate its data, then an engine button or a page turn."""
    query = update.callback_query
    if query is None:
        return
    action = decode(query.data)
    message = query.message if isinstance(query.message, Message) else None
    if action is None or message is None:
        logger.info("stale or invalid button from user %s: %r", query.from_user.id, query.data)
        await query.answer(STALE_BUTTON)
        return
    owner = _button_owner_ok(message, query.from_user)
    if not owner:
        logger.info("user %s pressed a button of another user's dialogue", query.from_user.id)
        await query.answer(STALE_BUTTON if owner is None else NOT_YOURS)
        return
    await query.answer()
    regulators = context.regulator_ids
    quote = message.reply_to_message.message_id if message.reply_to_message else None
    if isinstance(action, EngineButton):
        reply = await _ask(
            context,
            user_input(query.from_user, regulators, callback=action.payload, chat=message.chat),
        )
        if reply.edit:
            await _edit(context.bot, query, message, reply)
        else:
            await send_reply(context.bot, message.chat, reply, quote=quote)
    else:
        reply = await _ask(
            context,
            user_input(
                query.from_user,
                regulators,
                command=action.command,
                text=action.args,
                chat=message.chat,
            ),
        )
        pager = Pager(action.page, action.page, action.command, action.args)
        await _edit(context.bot, query, message, reply, pager)


async def on_error(update: object, context: ChannelContext) -> None:
    """Log the failure, then make sure the user still gets an answer."""
    update_id = update.update_id if isinstance(update, Update) else None
    logger.error("update %s failed", update_id, exc_info=context.error)
    if not isinstance(update, Update):
        return
    if update.callback_query is not None:
        try:
            await update.callback_query.answer()
        except TelegramError:
            pass  # already answered before the failure
    chat = update.effective_chat
    if chat is None:
        return
    try:
        await context.bot.send_message(chat.id, render_notice(APOLOGY), parse_mode=ParseMode.HTML)
    except TelegramError:
        logger.warning("could not send the apology for update %s", update_id, exc_info=True)


def handlers() -> list[BaseHandler[Update, ChannelContext, None]]:
    """The handler table, in matching order (the error handler is added separately)."""
    new_messages = filters.UpdateType.MESSAGE
    return [
        MessageHandler(new_messages & filters.COMMAND, on_command),
        MessageHandler(new_messages & filters.TEXT & ~filters.COMMAND, on_text),
        CallbackQueryHandler(on_button),
        MessageHandler(
            new_messages & filters.ChatType.PRIVATE & ~filters.TEXT & ~filters.StatusUpdate.ALL,
            on_other,
        ),
    ]
