"""The conversation engine: one `handle(UserInput) -> Reply` that every channel calls.

It keeps nothing about users in process memory: each turn opens a database unit
of work, loads the user's profile and dialogue state, and commits what changed,
so several workers can serve one user and a restart loses nothing. Errors never
escape: a PolicybotError becomes its Chinese message, anything else a logged
apology.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from bot import texts
from bot.intents import Routed, route
from bot.messages import Intent, Reply, Role, UserInput
from bot.states import parse_payload
from bot.turn import Turn
from config import Settings, get_settings
from errors import PermissionDeniedError, PolicybotError
from retrieval.textnorm import refuse_overlong, replace_surrogates

log = logging.getLogger(__name__)


class _RefusedQuestion(PermissionDeniedError):
    """A refusal with the question it refused, so that the turn keeps it as the subject."""

    def __init__(self, message_zh: str, routed: Routed) -> None:
        super().__init__(message_zh)
        self.routed = routed


class Engine:
    def __init__(self, settings: Settings | None = None, database_url: str | None = None) -> None:
        self.settings = settings or get_settings()
        self.database_url = database_url or self.settings.effective_database_url
        self._answerer: Any = None
        self._llm: Any = None

    # -- collaborators, built on first use ------------------------------------
    @property
    def answerer(self) -> Any:
        if self._answerer is None:
            from bot.answer import PolicyAnswerer  # noqa: PLC0415
            from retrieval.search import open_searcher  # noqa: PLC0415

            self._answerer = PolicyAnswerer(open_searcher(self.settings))
        return self._answerer

    @property
    def llm(self) -> Any:
        """The guarded LLM answerer when LLM_* settings are set, else None."""
        if self._llm is None and self.settings.llm_enabled:
            from bot.llm import LLMAnswerer, build_chat_model  # noqa: PLC0415
            from tools.langchain_tools import rule_tools  # noqa: PLC0415

            self._llm = LLMAnswerer(build_chat_model(self.settings), self.answerer, rule_tools())
        return self._llm

    # -- the one entry point -------------------------------------------------
    def handle(self, message: UserInput) -> Reply:
        from db.session import schema_error, session_scope, today_cn  # noqa: PLC0415

        message = _scrubbed(message)
        try:
            with session_scope(self.database_url) as session:
                profile, count = self._profile(session, message)
                if count > self.settings.rate_limit_per_minute:
                    return Reply(texts.RATE_LIMITED, Intent.HELP, covered=False)
                degraded = self._degraded_searches()
                return self._search_noted(self._guarded(Turn(message, session, profile, today_cn())), degraded)
        except PolicybotError as exc:
            return Reply(exc.message_zh, Intent.HELP, covered=False)
        except Exception as exc:
            known = schema_error(exc)
            if known is not None:
                return Reply(known.message_zh, Intent.HELP, covered=False)
            log.exception("engine failed for %s", message.user_id)
            return Reply(texts.INTERNAL_ERROR, Intent.HELP, covered=False)

    def _profile(self, session: Any, message: UserInput) -> tuple[Any, int]:
        """The user's profile, locked, and this minute's message count.

        The whole turn is one ordered unit of work for this user: on SQLite the turn takes the
        write lock first (BEGIN IMMEDIATE), on PostgreSQL it locks the user's profile row, so
        a second worker's turn for the same user waits instead of reading stale dialogue
        state or checklist ticks; other users are not blocked on PostgreSQL."""
        from db.chat_state import count_message, lock_profile  # noqa: PLC0415
        from db.session import begin_write  # noqa: PLC0415

        begin_write(session)
        profile = lock_profile(session=session, user_id=message.user_id, display_name=message.display_name or None)
        # Typed messages cost a search; button presses in a guided dialogue do not count.
        count = 0 if message.callback is not None else count_message(session=session, user_id=message.user_id)
        return profile, count

    def _degraded_searches(self) -> int:
        """How many searches so far ran without vectors (a Chroma server that is down)."""
        return int(getattr(getattr(self._answerer, "searcher", None), "degraded_searches", 0))

    def _search_noted(self, reply: Reply, before: int) -> Reply:
        """A reply that searched with BM25 alone ends with a line saying so."""
        if self._degraded_searches() == before:
            return reply
        from retrieval.search import DEGRADED_NOTICE  # noqa: PLC0415

        return replace(reply, text=f"{reply.text}\n{DEGRADED_NOTICE}")

    def _guarded(self, turn: Turn) -> Reply:
        """Dispatch inside a savepoint: a refused or invalid request undoes its own writes but
        keeps the profile, the rate count and its durable audit entries (refusals, failed
        link attempts), all committed with the turn."""
        from db.session import replay_durable  # noqa: PLC0415

        try:
            with turn.session.begin_nested():
                return _public_note(turn, self._dispatch(turn), refused=False)
        except PolicybotError as exc:
            replay_durable(turn.session)
            reply = Reply(exc.message_zh, Intent.HELP, covered=False)
            if isinstance(exc, _RefusedQuestion):
                # The question refused stays the subject: "天津的呢" after a refused list is that
                # list asked of 天津 (refused again), not a policy question about 天津.
                from bot.subject_store import remember  # noqa: PLC0415

                remember(turn, exc.routed, replace(reply, intent=exc.routed.intent))
            return _public_note(turn, reply, refused=True)

    def _dispatch(self, turn: Turn) -> Reply:
        from bot.dialogues import continue_dialogue  # noqa: PLC0415
        from bot.dispatch import COMMANDS, TABLE  # noqa: PLC0415
        from bot.handlers import keep_told_region  # noqa: PLC0415
        from bot.subject_store import remember  # noqa: PLC0415

        message = turn.message
        if message.callback is not None:
            return self._on_button(turn, message.callback)
        routed = self._route(turn)
        if routed.command in COMMANDS:
            return COMMANDS[routed.command](self, turn, routed)
        if routed.intent is not Intent.CANCEL and routed.command is None:
            reply = continue_dialogue(self, turn, routed)
            if reply is not None:
                return reply
        try:
            reply = keep_told_region(turn, routed, TABLE.get(routed.intent, TABLE[Intent.POLICY])(self, turn, routed))
        except PermissionDeniedError as refused:
            raise _RefusedQuestion(refused.message_zh, routed) from refused
        remember(turn, routed, reply)
        return reply

    def _route(self, turn: Turn) -> Routed:
        """The router's verdict, extended once per turn into a bot.question.Question (registry
        agency, follow-up of the stored subject) that every handler receives."""
        from bot.followup import understand  # noqa: PLC0415

        message = turn.message
        text = f"/{message.command} {message.text}".strip() if message.command else message.text
        if not text.lstrip().startswith(("/", "／")):  # commands keep their own argument checks
            refuse_overlong(text)
        return understand(turn, route(text, today=turn.today))

    def _on_button(self, turn: Turn, data: str) -> Reply:
        from bot.buttons import BUTTON_HANDLERS  # noqa: PLC0415

        parsed = parse_payload(data)
        if parsed is None or parsed[0] not in BUTTON_HANDLERS:
            return Reply(texts.STALE_BUTTON, Intent.HELP, covered=False)
        prefix, args = parsed
        return BUTTON_HANDLERS[prefix](self, turn, args)


def _public_note(turn: Turn, reply: Reply, *, refused: bool) -> Reply:
    """A regulator's registry reply in a group showed only the public view (`Turn.role`);
    say where the rest is."""
    if turn.full_role is not Role.REGULATOR or turn.role is Role.REGULATOR or not (refused or reply.intent in (Intent.STATUS, Intent.REGISTRY)):
        return reply
    return replace(reply, text=f"{reply.text}\n\n{texts.GROUP_PUBLIC_VIEW}")


def _scrubbed(message: UserInput) -> UserInput:
    """The message with lone surrogates replaced by U+FFFD in everything the user controls:
    text, display name, button data and command name (a channel passes them on verbatim)."""
    text, name = replace_surrogates(message.text), replace_surrogates(message.display_name)
    callback = None if message.callback is None else replace_surrogates(message.callback)
    command = None if message.command is None else replace_surrogates(message.command)
    if (text, name, callback, command) == (message.text, message.display_name, message.callback, message.command):
        return message
    return replace(message, text=text, display_name=name, callback=callback, command=command)


def build_engine(settings: Settings | None = None) -> Engine:
    """An engine over the configured database and index; opens the index eagerly so the
    first user does not wait for it, and reports a missing index in Chinese."""
    engine = Engine(settings)
    try:
        _ = engine.answerer
    except PolicybotError as exc:
        log.warning("search index unavailable: %s", exc.message_zh)
    return engine


__all__ = ["Engine", "build_engine"]
