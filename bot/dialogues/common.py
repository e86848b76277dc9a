"""What the guided dialogues share: their state row, the region question, button rows."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from bot.intents import Routed
from bot.messages import Button, Intent, Reply
from bot.question_text import unsure
from bot.slots import asks
from bot.states import Dialogue, Payload, Step, payload
from corpus.models import JURISDICTION_NAMES, Jurisdiction

if TYPE_CHECKING:
    from bot.turn import Turn

INTENTS = {Dialogue.ELIGIBILITY: Intent.ELIGIBILITY, Dialogue.CHECKLIST: Intent.CHECKLIST, Dialogue.DEADLINE: Intent.DEADLINE}


def save(turn: Turn, dialogue: Dialogue, step: Step, answers: dict[str, Any]) -> None:
    from db.chat_state import save_conversation  # noqa: PLC0415

    save_conversation(session=turn.session, user_id=turn.user_id, dialogue=dialogue.value, step=step.value, answers=answers)


def finish(turn: Turn, dialogue: Dialogue) -> None:
    from db.chat_state import clear_conversation  # noqa: PLC0415

    clear_conversation(session=turn.session, user_id=turn.user_id, dialogue=dialogue.value)


def question_number(answers: dict[str, Any]) -> int:
    """How many answers are in: tags a question's buttons so an old button is recognised."""
    return len(answers.get("_history", []))


def choice_rows(
    dialogue: Dialogue, choices: Iterable[tuple[str, str]], per_row: int = 2, number: int = 0
) -> list[tuple[Button, ...]]:
    buttons = [Button(label, payload(Payload.ANSWER, dialogue.value, value, number)) for value, label in choices]
    return [tuple(buttons[i : i + per_row]) for i in range(0, len(buttons), per_row)]


def control_row(dialogue: Dialogue, can_go_back: bool) -> tuple[Button, ...]:
    row = [Button("取消", payload(Payload.CANCEL))]
    if can_go_back:
        row.insert(0, Button("上一步", payload(Payload.BACK, dialogue.value)))
    return tuple(row)


def ask(
    turn: Turn,
    dialogue: Dialogue,
    step: Step,
    answers: dict[str, Any],
    prompt: str,
    choices: Iterable[tuple[str, str]] = (),
    per_row: int = 2,
) -> Reply:
    """Save where we are and ask one question, with buttons when the answers are fixed."""
    save(turn, dialogue, step, answers)
    rows = choice_rows(dialogue, choices, per_row, question_number(answers))
    rows.append(control_row(dialogue, bool(answers.get("_history"))))
    return Reply(prompt, INTENTS[dialogue], buttons=tuple(rows), state=f"{dialogue.value}:{step.value}")


def region_choices(regions: Iterable[str]) -> list[tuple[str, str]]:
    return [(code, JURISDICTION_NAMES[Jurisdiction(code)]) for code in regions]


def remember(answers: dict[str, Any], key: str, value: Any) -> dict[str, Any]:
    """Record an answer and the order of answers, so 上一步 can undo the last one."""
    history = [k for k in answers.get("_history", []) if k != key]
    return {**answers, key: value, "_history": [*history, key]}


def undo(answers: dict[str, Any]) -> dict[str, Any]:
    history = list(answers.get("_history", []))
    if not history:
        return answers
    last = history.pop()
    trimmed = {k: v for k, v in answers.items() if k != last}
    if last.startswith("profile."):
        profile = dict(answers.get("profile", {}))
        profile.pop(last.removeprefix("profile."), None)
        trimmed["profile"] = profile
    trimmed["_history"] = history
    return trimmed


def initial_region(turn: Turn, mentioned: tuple[Jurisdiction, ...], allowed: Iterable[str]) -> str | None:
    """The question's region, else the user's stored one, if the tool has rules for it."""
    allowed = set(allowed)
    for region in (*mentioned, turn.region):
        if region is not None and region.value in allowed:
            return region.value
    return None


_PAREN = re.compile(r"[(（][^)）]*[)）]")


def parse_choice(text: str, choices: Iterable[tuple[str, str]]) -> str | None:
    """A typed answer matched to a choice by code, label, label prefix, or 1-based number."""
    options = list(choices)
    text = text.strip()
    if text.isdigit() and 1 <= int(text) <= len(options):
        return options[int(text) - 1][0]
    for value, label in options:
        if text in (value, label) or (len(text) >= 2 and (label.startswith(text) or text in label)):
            return value
    # "那政府下面的事业单位能报不": a sentence naming one option answers with it, by its label
    # without the bracketed note (事业单位(含公办院校)); the longest named wins, so
    # 未与政府部门脱钩的社会团体 is not 社会团体.
    cores = [(value, _PAREN.sub("", label)) for value, label in options]
    named = sorted(((value, core) for value, core in cores if len(core) >= 2 and core in text), key=lambda c: -len(c[1]))
    return named[0][0] if named else None


REASK = "reask"


def reasked(reply: Reply, problem: str) -> Reply:
    """The same question again, led by what was wrong with the answer."""
    return Reply(
        f"{problem}\n{reply.text}", reply.intent, citations=reply.citations, buttons=reply.buttons, state=reply.state,
        notes=(REASK,),
    )


def answer_or_let_go(reply: Reply | None, routed: Routed) -> Reply | None:
    """When text fails as an answer but reads as a new request, let the router have it.

    The dialogue stays saved, so the user can return to it; only a plain bad
    answer ("2月30日", "abc") is met with the question again.
    """
    if reply is not None and REASK in reply.notes and lets_go(routed):
        return None
    return reply


def lets_go(routed: Routed) -> bool:
    """A request the router is sure of, or a question ("申请往哪递": a way of asking is no
    answer to a choice or a figure), is a new request; "不知道有没有" (`unsure`) is not."""
    text = getattr(routed, "original", "") or routed.text
    if routed.intent is Intent.SETTINGS and routed.rule == "settings_frame" and len(routed.entities.regions) == 1:
        # "我们在包头", "机构注册在鄂尔多斯": where the sender is, told after the question that
        # started the dialogue: that question asked there (bot/region_swap.py `tells_place`).
        return True
    if routed.intent in (Intent.SMALLTALK, Intent.HELP, Intent.SETTINGS) or unsure().match(text):
        return False
    return routed.confidence >= 0.7 or asks(text)


def current_button(state: Any, args: list[str]) -> str | None:
    """The value of an answer button if it belongs to the question now asked, else None
    (a button from an earlier question must not answer this one)."""
    if len(args) != 2 or not args[1].isdigit() or int(args[1]) != question_number(state.answers):
        return None
    return args[0]


Advance = Callable[["Turn", dict[str, Any]], Reply]
Apply = Callable[["Turn", Any, str], "Reply | None"]


def reask(advance: Advance, turn: Turn, answers: dict[str, Any], problem: str) -> Reply:
    """The current question again, led by what was wrong with the last answer."""
    return reasked(advance(turn, answers), problem)


def reask_after_first(advance: Advance, turn: Turn, answers: dict[str, Any], problem: str) -> Reply:
    """The current question again with what was wrong after its first line: a question the
    rule itself answers ("提前多久") reads the rule first."""
    reply = advance(turn, answers)
    first, _, rest = reply.text.partition("\n")
    return replace(reasked(reply, problem), text="\n".join(line for line in (first, problem, rest) if line))


def on_text(apply: Apply, turn: Turn, state: Any, routed: Routed) -> Reply | None:
    """Typed text answers the question asked, unless it reads as a new request. The user's
    own words answer ("那天津呢" read as a follow-up keeps them in `original`)."""
    return answer_or_let_go(apply(turn, state, getattr(routed, "original", "") or routed.text), routed)


def on_button(
    advance: Advance,
    apply: Apply,
    turn: Turn,
    state: Any,
    prefix: Payload,
    args: list[str],
    back: Callable[[dict[str, Any]], dict[str, Any]] = undo,
) -> Reply | None:
    """上一步 undoes the last answer; an answer button counts only on the question it was for."""
    if state is None:
        return None
    if prefix is Payload.BACK:
        return advance(turn, back(dict(state.answers)))
    value = current_button(state, args) if prefix is Payload.ANSWER else None
    return apply(turn, state, value) if value is not None else None


def choose(
    advance: Advance,
    turn: Turn,
    answers: dict[str, Any],
    value: str,
    key: str,
    choices: Iterable[tuple[str, str]],
    problem: str,
) -> Reply:
    """Record a fixed-choice answer (button or typed label) and go on, or ask again."""
    chosen = parse_choice(value, choices)
    if chosen is None:
        return reask(advance, turn, answers, problem)
    return advance(turn, remember(answers, key, chosen))


def choose_region(
    advance: Advance, turn: Turn, answers: dict[str, Any], value: str, regions: Iterable[str]
) -> Reply:
    """The region step every dialogue starts with: a region button or a typed region name."""
    return choose(advance, turn, answers, value, "jurisdiction", region_choices(regions), "请从按钮中选择地区。")
