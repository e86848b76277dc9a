"""What goes into and comes out of the conversation engine, with no channel formatting.

Channels (console, Telegram) translate their own updates into `UserInput` and
render `Reply` themselves; the engine never sees HTML or Telegram objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from domain import Role
from retrieval.hits import Hit as CitedPassage


class Intent(StrEnum):
    """Stable values: they are printed by `policybot ask --json` and stored in the DB."""

    POLICY = "policy"  # a question answered from the texts
    STATUS = "status"  # an agency's filing status
    ELIGIBILITY = "eligibility"
    CHECKLIST = "checklist"
    DEADLINE = "deadline"
    HELP = "help"
    SETTINGS = "settings"  # region / role
    SOURCE = "source"  # show a whole article
    REGISTRY = "registry"  # regulator lists: expiring, suspended, terminated
    CANCEL = "cancel"
    SMALLTALK = "smalltalk"


class ChatKind(StrEnum):
    """Where a message was sent: what a reply shows depends on who else can read it."""

    PRIVATE = "private"
    GROUP = "group"  # a group or supergroup: every reply is public


@dataclass(frozen=True)
class UserInput:
    """One message or button press from one user."""

    user_id: str  # channel-qualified, e.g. "tg:12345" or "console:local"
    text: str = ""
    callback: str | None = None  # button payload, already validated by the channel
    command: str | None = None  # slash command name without "/", e.g. "status"
    role: Role | None = None  # set by the channel when it knows better (REGULATOR_IDS)
    display_name: str = ""
    chat: ChatKind = ChatKind.PRIVATE  # set by the channel; in a group replies use the public view


@dataclass(frozen=True)
class Button:
    """A choice; `payload` is short (fits Telegram's 64-byte callback_data with a prefix)."""

    label: str
    payload: str


@dataclass(frozen=True)
class Reply:
    """The engine's answer as data. `buttons` are rows of choices; `edit` asks the channel to
    replace the message the button was on (checklist ticks) instead of sending a new one."""

    text: str
    intent: Intent
    citations: tuple[CitedPassage, ...] = ()
    buttons: tuple[tuple[Button, ...], ...] = ()
    covered: bool = True
    edit: bool = False
    state: str | None = None  # the dialogue state after this reply, for channels that care
    notes: tuple[str, ...] = field(default=())
