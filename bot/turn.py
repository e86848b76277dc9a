"""One turn of conversation: the message, who sent it, and the unit of work it runs in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from bot.messages import ChatKind, Role, UserInput
from corpus.models import Jurisdiction

if TYPE_CHECKING:
    from sqlmodel import Session

    from db.models import UserProfile


@dataclass
class Turn:
    message: UserInput
    session: Session
    profile: UserProfile
    today: date

    @property
    def user_id(self) -> str:
        return self.message.user_id

    @property
    def role(self) -> Role:
        """The role whose view this turn's replies show: in a group everyone reads the reply,
        so there it is the public (applicant) view whoever asks."""
        return Role.APPLICANT if self.message.chat is ChatKind.GROUP else self.full_role

    @property
    def full_role(self) -> Role:
        """Regulator only on the channel's word (REGULATOR_IDS, or the local CLI's --role),
        never from a stored choice; a role the channel states wins over the stored one."""
        if self.message.role is not None:
            return self.message.role
        stored = Role(self.profile.role)
        return Role.APPLICANT if stored is Role.REGULATOR else stored

    @property
    def region(self) -> Jurisdiction | None:
        value = self.profile.jurisdiction
        return Jurisdiction(value) if value else None
