"""Registry tables (agencies, filings, supervision, audit log) and the chat's per-user state.

Follows the full-stack template's family per entity: `XBase` (shared fields), `XCreate`
(validated input; validators raise `InputError` so callers get a Chinese message, not a
pydantic dump), `XUpdate` (all optional), `X(table=True)` and `XPublic` (what a
non-regulator may see). Time-based statuses (临近到期, 已过期未续期) are *not* stored: they
follow from `valid_until` and today (`db.status`), so they can never go stale. The
regulator's decisions (暂停, 终止, with reason and legal basis) are stored.

No `from __future__ import annotations` here: SQLModel reads the annotations at runtime.
"""

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from pydantic import field_validator, model_validator
from sqlmodel import Field, SQLModel

from corpus.models import Jurisdiction
from db.credit_code import validate_credit_code
from db.enums import (
    AgencyType,
    FilingState,
    Rating,
    SupervisionKind,
    SupervisionResult,
    TerminationKind,
)
from db.filing_number import REGISTRY_JURISDICTIONS, normalise_filing_number
from db.reference import resolve_region
from db.types import JSONType, UTCDateTime, enum_type, utcnow
from domain import Role
from errors import InputError

# Stable constraint names, so Alembic can alter them on SQLite (batch mode) and PostgreSQL.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

MAX_STAFF = 100_000


def _clean_text(value: str | None) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).replace("\u3000", " ").split())
    return text or None


# ---------------------------------------------------------------- agencies


class AgencyBase(SQLModel):
    name: str = Field(max_length=100, index=True)
    short_name: str | None = Field(default=None, max_length=50)
    credit_code: str = Field(max_length=18, unique=True, index=True)
    agency_type: AgencyType = Field(sa_type=enum_type(AgencyType))
    jurisdiction: Jurisdiction = Field(sa_type=enum_type(Jurisdiction), index=True)
    region: str = Field(max_length=30, index=True)
    contact_person: str | None = Field(default=None, max_length=50)
    contact_phone: str | None = Field(default=None, max_length=50)
    staff_count: int | None = Field(default=None)


class AgencyCreate(AgencyBase):
    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, value: str | None) -> str:
        text = _clean_text(value)
        if not text:
            raise InputError("机构名称不能为空。")
        if len(text) > 100:
            raise InputError(f"机构名称过长({len(text)}字),不能超过100字。")
        return text

    @field_validator("short_name", "contact_person", "contact_phone", mode="before")
    @classmethod
    def _optional_text(cls, value: str | None) -> str | None:
        return _clean_text(value)

    @field_validator("credit_code", mode="before")
    @classmethod
    def _credit_code(cls, value: str) -> str:
        return validate_credit_code(value)

    @field_validator("jurisdiction")
    @classmethod
    def _jurisdiction(cls, value: Jurisdiction) -> Jurisdiction:
        if value not in REGISTRY_JURISDICTIONS:
            raise InputError(f"登记册只收录兵团、内蒙古、天津的机构,不含“{value.label_zh}”。")
        return value

    @field_validator("staff_count")
    @classmethod
    def _staff(cls, value: int | None) -> int | None:
        if value is not None and value < 0:
            raise InputError(f"专职人员数不能为负数(填写的是{value})。")
        if value is not None and value > MAX_STAFF:
            raise InputError(f"专职人员数{value}超出合理范围,请核对。")
        return value

    @model_validator(mode="after")
    def _region(self) -> "AgencyCreate":
        self.region = resolve_region(self.region, self.jurisdiction).name
        return self


class AgencyUpdate(SQLModel):
    name: str | None = None
    short_name: str | None = None
    agency_type: AgencyType | None = None
    region: str | None = None
    contact_person: str | None = None
    contact_phone: str | None = None
    staff_count: int | None = None


class Agency(AgencyBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class AgencyPublic(SQLModel):
    """Agency fields a non-regulator may see (the published 评价机构目录 has no more)."""

    name: str
    short_name: str | None
    credit_code: str
    agency_type: AgencyType
    jurisdiction: Jurisdiction
    region: str
    contact_person: str | None
    contact_phone: str | None


# ---------------------------------------------------------------- filings


class FilingBase(SQLModel):
    filing_number: str = Field(max_length=20, unique=True, index=True)
    scope: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSONType)
    filed_on: date
    valid_until: date = Field(index=True)
    state: FilingState = Field(
        default=FilingState.ACTIVE, sa_type=enum_type(FilingState), index=True
    )
    termination_kind: TerminationKind | None = Field(
        default=None, sa_type=enum_type(TerminationKind)
    )
    state_reason: str | None = Field(default=None, max_length=500)
    state_basis: list[dict[str, Any]] | None = Field(default=None, sa_type=JSONType)
    state_changed_on: date | None = Field(default=None, index=True)


class FilingCreate(FilingBase):
    """Checked on construction; date plausibility against today is the importer's job."""

    @field_validator("filing_number", mode="before")
    @classmethod
    def _number(cls, value: str) -> str:
        return normalise_filing_number(value)

    @model_validator(mode="after")
    def _consistent(self) -> "FilingCreate":
        if self.valid_until <= self.filed_on:
            raise InputError(f"有效期至({self.valid_until})必须晚于备案日期({self.filed_on})。")
        if not self.scope:
            raise InputError("评价范围不能为空。")
        if self.state is FilingState.ACTIVE:
            if self.termination_kind or self.state_reason or self.state_basis:
                raise InputError("状态为“有效”的备案不应填写终止类型、状态原因或法律依据。")
        else:
            if not self.state_reason:
                raise InputError(f"状态为“{self.state.label_zh}”时必须填写状态原因。")
            if self.state_changed_on is None:
                raise InputError(f"状态为“{self.state.label_zh}”时必须填写状态变更日期。")
            if self.state_changed_on < self.filed_on:
                raise InputError("状态变更日期不能早于备案日期。")
        if self.state is FilingState.TERMINATED and self.termination_kind is None:
            raise InputError("终止备案须注明终止类型:自愿、自动或责令。")
        if self.state is not FilingState.TERMINATED and self.termination_kind is not None:
            raise InputError("只有“终止”状态才填写终止类型。")
        return self


class FilingUpdate(SQLModel):
    scope: list[dict[str, Any]] | None = None
    filed_on: date | None = None
    valid_until: date | None = None


class Filing(FilingBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    agency_id: int = Field(foreign_key="agency.id", index=True, ondelete="RESTRICT")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


# ---------------------------------------------------------------- supervision


class SupervisionBase(SQLModel):
    kind: SupervisionKind = Field(sa_type=enum_type(SupervisionKind))
    held_on: date = Field(index=True)
    result: SupervisionResult | None = Field(default=None, sa_type=enum_type(SupervisionResult))
    rating: Rating | None = Field(default=None, sa_type=enum_type(Rating))
    notes: str | None = Field(default=None, max_length=1000)


class SupervisionCreate(SupervisionBase):
    @model_validator(mode="after")
    def _rating_kind(self) -> "SupervisionCreate":
        if self.kind is SupervisionKind.RATING and self.rating is None:
            raise InputError("红黑榜/白名单评定须填写评级(红榜、黑榜或白名单)。")
        if self.kind is not SupervisionKind.RATING and self.rating is not None:
            raise InputError("评级只用于“红黑榜/白名单评定”记录。")
        return self


class SupervisionRecord(SupervisionBase, table=True):
    __tablename__ = "supervision_record"

    id: int | None = Field(default=None, primary_key=True)
    filing_id: int = Field(foreign_key="filing.id", index=True, ondelete="RESTRICT")
    recorded_by: str = Field(max_length=100)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


# ---------------------------------------------------------------- audit log (append-only)


class AuditEntry(SQLModel, table=True):
    """One change or refusal. Rows are never updated or deleted (DB triggers refuse it)."""

    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    actor: str = Field(max_length=100)
    entity: str = Field(max_length=30, index=True)
    entity_id: str = Field(max_length=64, index=True)
    action: str = Field(max_length=30)
    before: dict[str, Any] | None = Field(default=None, sa_type=JSONType)
    after: dict[str, Any] | None = Field(default=None, sa_type=JSONType)
    note: str | None = Field(default=None, max_length=500)


# ---------------------------------------------------------------- chat state per user


class UserProfile(SQLModel, table=True):
    """Who a chat user is to us. `user_id` is channel-qualified: "tg:123", "console:local"."""

    __tablename__ = "user_profile"

    user_id: str = Field(primary_key=True, max_length=64)
    role: Role = Field(default=Role.APPLICANT, sa_type=enum_type(Role))
    jurisdiction: Jurisdiction | None = Field(default=None, sa_type=enum_type(Jurisdiction))
    region: str | None = Field(default=None, max_length=30)
    linked_filing_number: str | None = Field(default=None, max_length=20, index=True)
    verified: bool = Field(default=False)
    display_name: str | None = Field(default=None, max_length=100)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # Per-user rate limit: messages counted in a fixed one-minute window, kept in the database
    # so every worker behind a webhook proxy sees the same count.
    rate_window_start: datetime | None = Field(default=None, sa_type=UTCDateTime)
    rate_count: int = Field(default=0)


class ConversationState(SQLModel, table=True):
    """Where a user is in one dialogue; `step` holds a `bot.states` StrEnum value."""

    __tablename__ = "conversation_state"
    __table_args__ = (sa.UniqueConstraint("user_id", "dialogue"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: str = Field(max_length=64, index=True)
    dialogue: str = Field(max_length=50)
    step: str = Field(max_length=50)
    answers: dict[str, Any] = Field(default_factory=dict, sa_type=JSONType)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ChecklistProgress(SQLModel, table=True):
    __tablename__ = "checklist_progress"
    __table_args__ = (sa.UniqueConstraint("user_id", "checklist_id"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: str = Field(max_length=64, index=True)
    checklist_id: str = Field(max_length=80)
    done_items: list[str] = Field(default_factory=list, sa_type=JSONType)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class StaffLinkCode(SQLModel, table=True):
    """A one-time code a regulator issues so an agency's staff member can link their chat."""

    __tablename__ = "staff_link_code"

    code: str = Field(primary_key=True, max_length=16)
    filing_number: str = Field(max_length=20, index=True)
    issued_by: str = Field(max_length=100)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    used_by: str | None = Field(default=None, max_length=64)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class ChatSubject(SQLModel, table=True):
    """What the user's last answered question was about (text, slot, region, agency, date,
    intent), so a follow-up like "那内蒙古呢" or "它能评钳工吗" can continue it after a restart
    or on another worker. One row per user, overwritten each turn."""

    __tablename__ = "chat_subject"

    user_id: str = Field(primary_key=True, max_length=64)
    subject: dict[str, Any] = Field(default_factory=dict, sa_type=JSONType)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ProcessedUpdate(SQLModel, table=True):
    """A Telegram update id a webhook worker has taken (db.updates). Telegram re-sends an
    update that did not get a 200, possibly to another worker; the primary key makes the first
    insert win, so the update is answered once. `lease_until` is set while a worker answers it
    and cleared once answered, so a retry after that worker died takes it over. Rows older
    than a day are pruned."""

    __tablename__ = "processed_updates"

    update_id: int = Field(
        primary_key=True, sa_type=sa.BigInteger, sa_column_kwargs={"autoincrement": False}
    )
    received_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    lease_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
