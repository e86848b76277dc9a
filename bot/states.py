"""Persisted names: dialogue names, their steps, and button payload prefixes.

Every value here is stored in the database or inside a button, so each is an
explicit string (never `auto()` or `range()`): renaming one would strand saved
dialogues or old buttons. Payloads stay short; the Telegram channel adds its
own version prefix and checks the 64-byte limit.
"""

from __future__ import annotations

from enum import StrEnum


class Dialogue(StrEnum):
    ELIGIBILITY = "eligibility"
    CHECKLIST = "checklist"
    DEADLINE = "deadline"


class Step(StrEnum):
    """Steps shared by the guided dialogues; a dialogue uses the ones it needs."""

    JURISDICTION = "jurisdiction"
    APPLICANT_TYPE = "applicant_type"
    QUESTION = "question"  # eligibility: the rule table's next question
    PROCEDURE = "procedure"
    EVENT = "event"
    DATE = "date"
    SHOWING = "showing"  # checklist: on screen, ticks edit it


class Payload(StrEnum):
    """First field of a button payload: `prefix:arg[:arg]`."""

    SOURCE = "src"  # src:<doc_key>:<article or 0>
    REGION = "rg"  # rg:<jurisdiction>
    ROLE = "rl"  # rl:<role>
    ANSWER = "an"  # an:<dialogue>:<value>  — a choice in a guided dialogue
    BACK = "bk"  # bk:<dialogue>
    CANCEL = "cx"  # cx
    TICK = "ck"  # ck:<checklist_id>:<item_id>
    PAGE = "pg"  # pg:<list kind>:<param>:<region>:<page> — regulator lists
    STATUS = "st"  # st:<filing number> — one of several agencies a name matched
    REMIND = "rm"  # rm:x:<subscription id> — cancel one reminder subscription (bot/remind.py)


def state_dialogue(state: str) -> str:
    """The dialogue of a reply's state ("eligibility:applicant_type" → "eligibility")."""
    return state.partition(":")[0]


def payload(prefix: Payload, *args: object) -> str:
    return ":".join([prefix.value, *(str(a) for a in args)])


def parse_payload(data: str) -> tuple[Payload, list[str]] | None:
    """(prefix, args) or None for anything this engine did not make."""
    head, _, rest = data.partition(":")
    try:
        prefix = Payload(head)
    except ValueError:
        return None
    return prefix, rest.split(":") if rest else []
