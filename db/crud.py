"""Registry CRUD: agencies, filings, supervision records, and the append-only audit log.

Plain functions with a keyword-only `session`; none of them commits. The caller's unit of
work (`db.session.session_scope`) commits once, so a multi-row import is all-or-nothing.
Every change writes an audit entry (actor, UTC time, entity, id, action, before, after)
in the same transaction as the change itself, so the log cannot miss a committed change
nor record one that was rolled back. There is deliberately no function to edit or delete
audit entries; the database triggers refuse it as well.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from corpus.models import Jurisdiction
from db.enums import FilingState, TerminationKind
from db.filing_number import normalise_filing_number
from db.models import (
    Agency,
    AgencyCreate,
    AuditEntry,
    Filing,
    FilingCreate,
    SupervisionCreate,
    SupervisionRecord,
)
from db.reference import LegalBasis, action_key, default_bases
from db.session import keep_durable
from db.status import transition_allowed
from db.types import json_safe, utcnow
from errors import InputError, UnknownAgencyError

_NOT_AUDITED = {"id", "created_at", "updated_at"}


def snapshot(row: Any, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """JSON-safe dict of a row's columns (or just `fields`) for the audit log."""
    names = (
        fields
        if fields is not None
        else [c for c in type(row).model_fields if c not in _NOT_AUDITED]
    )
    return {name: json_safe(getattr(row, name)) for name in names}


# ---------------------------------------------------------------- audit log


def record_audit(
    *,
    session: Session,
    actor: str,
    entity: str,
    entity_id: str,
    action: str,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    note: str | None = None,
) -> AuditEntry:
    """Append one entry; `before`/`after` hold only what changed (whole row on create)."""
    entry = AuditEntry(
        actor=actor[:100],
        entity=entity,
        entity_id=str(entity_id)[:64],
        action=action,
        before=json_safe(dict(before)) if before is not None else None,
        after=json_safe(dict(after)) if after is not None else None,
        note=note[:500] if note else None,
    )
    session.add(entry)
    return entry


def record_durable_audit(
    *,
    session: Session,
    actor: str,
    entity: str,
    entity_id: str,
    action: str,
    after: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Append an entry that survives the caller rolling back (a refusal, a failed attempt):
    it is written in the caller's own unit of work — no second connection, which on SQLite
    would wait behind that unit's write lock — and replayed by `db.session` after a rollback."""
    fields = {"actor": actor, "entity": entity, "entity_id": entity_id, "action": action, "after": after}
    entry = record_audit(session=session, **fields)
    keep_durable(session, lambda again: record_durable_audit(session=again, **fields))
    return entry


def list_audit(
    *,
    session: Session,
    entity: str | None = None,
    entity_ids: Iterable[str] | None = None,
    action: str | None = None,
    limit: int = 100,
) -> list[AuditEntry]:
    """Newest first."""
    query = select(AuditEntry)
    if entity:
        query = query.where(AuditEntry.entity == entity)
    if entity_ids is not None:
        query = query.where(col(AuditEntry.entity_id).in_(list(entity_ids)))
    if action:
        query = query.where(AuditEntry.action == action)
    query = query.order_by(col(AuditEntry.at).desc(), col(AuditEntry.id).desc()).limit(limit)
    return list(session.exec(query).all())


def _apply_changes(row: Any, changes: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Set the fields that really differ; return (before, after) of just those."""
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for name, value in changes.items():
        if name in _NOT_AUDITED or name not in type(row).model_fields:
            raise ValueError(f"{type(row).__name__} has no updatable field {name!r}")
        old = getattr(row, name)
        if json_safe(old) != json_safe(value):
            before[name] = json_safe(old)
            after[name] = json_safe(value)
            setattr(row, name, value)
    if after:
        row.updated_at = utcnow()
    return before, after


# ---------------------------------------------------------------- agencies


def get_agency(*, session: Session, agency_id: int) -> Agency | None:
    return session.get(Agency, agency_id)


def get_agency_by_credit_code(*, session: Session, credit_code: str) -> Agency | None:
    return session.exec(select(Agency).where(Agency.credit_code == credit_code.upper())).first()


def list_agencies(*, session: Session, jurisdiction: str | None = None) -> list[Agency]:
    query = select(Agency)
    if jurisdiction:
        query = query.where(Agency.jurisdiction == jurisdiction)
    return list(session.exec(query.order_by(col(Agency.id))).all())


def create_agency(*, session: Session, agency_in: AgencyCreate, actor: str) -> Agency:
    agency = Agency.model_validate(agency_in)
    session.add(agency)
    session.flush()
    record_audit(
        session=session,
        actor=actor,
        entity="agency",
        entity_id=agency.credit_code,
        action="create",
        after=snapshot(agency),
    )
    return agency


def update_agency(
    *, session: Session, agency: Agency, changes: Mapping[str, Any], actor: str
) -> bool:
    """Apply `changes` (already validated, e.g. from `AgencyCreate`); True if anything changed."""
    if "credit_code" in changes and changes["credit_code"] != agency.credit_code:
        raise InputError("统一社会信用代码是机构的标识,不能修改;如代码有误请联系管理员。")
    before, after = _apply_changes(agency, {k: v for k, v in changes.items() if k != "credit_code"})
    if after:
        session.add(agency)
        record_audit(
            session=session,
            actor=actor,
            entity="agency",
            entity_id=agency.credit_code,
            action="update",
            before=before,
            after=after,
        )
    return bool(after)


# ---------------------------------------------------------------- filings


def get_filing_by_number(*, session: Session, filing_number: str) -> Filing | None:
    number = normalise_filing_number(filing_number)
    return session.exec(select(Filing).where(Filing.filing_number == number)).first()


def require_filing(*, session: Session, filing_number: str) -> Filing:
    filing = get_filing_by_number(session=session, filing_number=filing_number)
    if filing is None:
        raise UnknownAgencyError(f"没有找到备案编号为“{filing_number}”的评价机构,请核对。")
    return filing


def filings_of(*, session: Session, agency_id: int) -> list[Filing]:
    """An agency's filings, the one valid longest first."""
    query = select(Filing).where(Filing.agency_id == agency_id)
    return list(session.exec(query.order_by(col(Filing.valid_until).desc())).all())


def create_filing(
    *, session: Session, agency: Agency, filing_in: FilingCreate, actor: str
) -> Filing:
    if agency.id is None:
        session.flush()
    filing = Filing.model_validate(filing_in, update={"agency_id": agency.id})
    session.add(filing)
    session.flush()
    record_audit(
        session=session,
        actor=actor,
        entity="filing",
        entity_id=filing.filing_number,
        action="create",
        after=snapshot(filing) | {"credit_code": agency.credit_code},
    )
    return filing


def update_filing(
    *, session: Session, filing: Filing, changes: Mapping[str, Any], actor: str
) -> bool:
    """Apply validated changes; state changes must follow `db.status.ALLOWED_TRANSITIONS`."""
    new_state = changes.get("state", filing.state)
    if not transition_allowed(filing.state, FilingState(new_state)):
        raise InputError(
            f"备案{filing.filing_number}已“{filing.state.label_zh}”,不能改为“{FilingState(new_state).label_zh}”;"
            "终止后如需继续开展评价,须以新的备案编号重新备案。"
        )
    if "filing_number" in changes and changes["filing_number"] != filing.filing_number:
        raise InputError("备案编号不能修改。")
    before, after = _apply_changes(
        filing, {k: v for k, v in changes.items() if k != "filing_number"}
    )
    if after:
        session.add(filing)
        action = "state_change" if "state" in after else "update"
        record_audit(
            session=session,
            actor=actor,
            entity="filing",
            entity_id=filing.filing_number,
            action=action,
            before=before,
            after=after,
        )
    return bool(after)


def change_filing_state(
    *,
    session: Session,
    filing: Filing,
    state: FilingState,
    actor: str,
    on: date,
    reason: str | None = None,
    termination_kind: TerminationKind | None = None,
    bases: Iterable[LegalBasis] | None = None,
    jurisdiction: str | None = None,
) -> Filing:
    """Suspend, reinstate or terminate; the legal basis defaults to the jurisdiction's table."""
    if state is not FilingState.ACTIVE and not (reason and reason.strip()):
        raise InputError(f"改为“{state.label_zh}”必须写明原因。")
    cited = list(bases or [])
    if state is not FilingState.ACTIVE and not cited and jurisdiction:
        cited = list(default_bases(Jurisdiction(jurisdiction), action_key(state, termination_kind)))
    changes: dict[str, Any] = {
        "state": state,
        "termination_kind": termination_kind if state is FilingState.TERMINATED else None,
        "state_reason": reason.strip() if reason and state is not FilingState.ACTIVE else None,
        "state_basis": [b.as_ref() for b in cited] or None,
        "state_changed_on": on,
    }
    if state is FilingState.TERMINATED and termination_kind is None:
        raise InputError("终止备案须注明终止类型:自愿、自动或责令。")
    update_filing(session=session, filing=filing, changes=changes, actor=actor)
    return filing


def list_filings(
    *,
    session: Session,
    states: Iterable[FilingState] | None = None,
    jurisdiction: str | None = None,
    agency_type: str | None = None,
    region: str | None = None,
) -> list[tuple[Filing, Agency]]:
    """Filings joined with their agency, filtered; ordered by valid_until."""
    query = select(Filing, Agency).join(Agency, col(Filing.agency_id) == col(Agency.id))
    if states is not None:
        query = query.where(col(Filing.state).in_(list(states)))
    if jurisdiction:
        query = query.where(Agency.jurisdiction == jurisdiction)
    if agency_type:
        query = query.where(Agency.agency_type == agency_type)
    if region:
        query = query.where(Agency.region == region)
    query = query.order_by(col(Filing.valid_until), col(Filing.filing_number))
    return [(filing, agency) for filing, agency in session.exec(query).all()]


# ---------------------------------------------------------------- supervision


def add_supervision(
    *, session: Session, filing: Filing, record_in: SupervisionCreate, actor: str
) -> SupervisionRecord:
    record = SupervisionRecord.model_validate(
        record_in, update={"filing_id": filing.id, "recorded_by": actor}
    )
    session.add(record)
    session.flush()
    record_audit(
        session=session,
        actor=actor,
        entity="supervision",
        entity_id=f"{filing.filing_number}#{record.id}",
        action="create",
        after=snapshot(record) | {"filing_number": filing.filing_number},
    )
    return record


def supervision_of(*, session: Session, filing_id: int) -> list[SupervisionRecord]:
    """Newest first."""
    query = select(SupervisionRecord).where(SupervisionRecord.filing_id == filing_id)
    return list(
        session.exec(
            query.order_by(col(SupervisionRecord.held_on).desc(), col(SupervisionRecord.id).desc())
        ).all()
    )


def current_ratings(*, session: Session, filing_ids: Iterable[int]) -> dict[int, SupervisionRecord]:
    """The latest 红黑榜/白名单 record of each filing that has one, in one query (a rated list
    reads every filing in scope)."""
    ids = list(filing_ids)
    if not ids:
        return {}
    query = select(SupervisionRecord).where(
        col(SupervisionRecord.filing_id).in_(ids), col(SupervisionRecord.rating).is_not(None)
    )
    latest: dict[int, SupervisionRecord] = {}
    for record in session.exec(query.order_by(col(SupervisionRecord.held_on).desc(), col(SupervisionRecord.id).desc())):
        latest.setdefault(record.filing_id, record)
    return latest


def current_rating(*, session: Session, filing_id: int) -> SupervisionRecord | None:
    """The latest 红黑榜/白名单 record of a filing, if any."""
    for record in supervision_of(session=session, filing_id=filing_id):
        if record.rating is not None:
            return record
    return None
