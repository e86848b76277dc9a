"""Guided dialogues (eligibility, checklist, deadline): one module each, state in the database.

A dialogue asks only for what its tool still needs, one question at a time,
with buttons for fixed choices. Its state (step and answers so far) is a
`ConversationState` row, so it survives restarts and is private to one user.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Protocol

from bot.intents import Routed
from bot.messages import Intent, Reply
from bot.states import Dialogue, Payload

if TYPE_CHECKING:
    from bot.services import Services
    from bot.turn import Turn
    from db.models import ConversationState


class DialogueModule(Protocol):
    def start(self, engine: Services, turn: Turn, routed: Routed) -> Reply: ...

    def on_text(self, engine: Services, turn: Turn, state: ConversationState, routed: Routed) -> Reply | None: ...

    def on_button(self, engine: Services, turn: Turn, state: ConversationState | None, prefix: Payload, args: list[str]) -> Reply | None: ...


MODULES: dict[Dialogue, str] = {
    Dialogue.ELIGIBILITY: "bot.dialogues.eligibility",
    Dialogue.CHECKLIST: "bot.dialogues.checklist",
    Dialogue.DEADLINE: "bot.dialogues.deadline",
}


def module(dialogue: Dialogue) -> DialogueModule:
    return importlib.import_module(MODULES[dialogue])  # type: ignore[return-value]


def _active(turn: Turn) -> ConversationState | None:
    from db.chat_state import latest_conversation  # noqa: PLC0415

    return latest_conversation(session=turn.session, user_id=turn.user_id)


def continue_dialogue(engine: Services, turn: Turn, routed: Routed) -> Reply | None:
    """Feed free text to the dialogue in progress; None when there is none or it lets go."""
    state = _active(turn)
    if state is None:
        return None
    try:
        dialogue = Dialogue(state.dialogue)
    except ValueError:
        return None
    return module(dialogue).on_text(engine, turn, state, routed)


def on_dialogue_button(engine: Services, turn: Turn, prefix: Payload, args: list[str]) -> Reply | None:
    """Buttons name their dialogue in the first argument (checklist ticks name the checklist)."""
    from db.chat_state import clear_conversation, get_conversation  # noqa: PLC0415

    if prefix is Payload.CANCEL:
        from bot.handlers import cancel  # noqa: PLC0415

        return cancel(engine, turn, Routed(intent=Intent.CANCEL, confidence=1.0))
    target = Dialogue.CHECKLIST if prefix is Payload.TICK else _dialogue_of(args)
    if target is None:
        return None
    state = get_conversation(session=turn.session, user_id=turn.user_id, dialogue=target.value)
    reply = module(target).on_button(engine, turn, state, prefix, args if prefix is Payload.TICK else args[1:])
    if reply is None and state is not None and prefix is Payload.BACK:
        clear_conversation(session=turn.session, user_id=turn.user_id, dialogue=target.value)
    return reply


def _dialogue_of(args: list[str]) -> Dialogue | None:
    try:
        return Dialogue(args[0]) if args else None
    except ValueError:
        return None


def start_eligibility(engine: Services, turn: Turn, routed: Routed) -> Reply:
    return _with_cited_answer(engine, turn, routed, module(Dialogue.ELIGIBILITY).start(engine, turn, routed))


def _with_cited_answer(engine: Services, turn: Turn, routed: Routed, reply: Reply) -> Reply:
    """A question typed in full ("我们公司能在内蒙古申报吗?") first gets the texts' answer,
    then the dialogue's first question; a bare /eligibility goes straight to the questions."""
    if routed.command or reply.state is None:
        return reply
    from bot.handlers import answer_policy  # noqa: PLC0415

    answer = answer_policy(engine, turn, routed)
    if not answer.covered and not answer.citations:
        return reply  # nothing in the texts; a region's silence, with what it does say, is shown
    return Reply(
        f"{answer.text}\n\n我可以逐项帮您核对条件:{reply.text}",
        reply.intent,
        citations=answer.citations,
        buttons=reply.buttons,
        state=reply.state,
        covered=answer.covered,
    )


def start_checklist(engine: Services, turn: Turn, routed: Routed) -> Reply:
    """A typed question about papers the texts never list (what a person brings to an exam's
    registration) gets the texts' "not covered" answer, not an agency's checklist menu."""
    from bot.scope import out_of_scope_topic  # noqa: PLC0415

    if routed.command is None and out_of_scope_topic(routed.text):
        from bot.handlers import answer_policy  # noqa: PLC0415

        return answer_policy(engine, turn, routed)
    return module(Dialogue.CHECKLIST).start(engine, turn, routed)


def start_deadline(engine: Services, turn: Turn, routed: Routed) -> Reply:
    """A typed question about a date the texts never set (an exam day) gets the texts'
    "not covered" answer, not a deadline dialogue that has no such deadline."""
    from bot.scope import out_of_scope_topic  # noqa: PLC0415

    if routed.command is None and out_of_scope_topic(routed.text):
        from bot.handlers import answer_policy  # noqa: PLC0415

        return answer_policy(engine, turn, routed)
    return module(Dialogue.DEADLINE).start(engine, turn, routed)
