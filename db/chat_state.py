"""What the chat keeps per user: profile (role, region, linked agency), dialogue state,
checklist progress, and one-time codes that link an agency's staff to their filing.

Used by the conversation engine; same rules as db.crud (keyword-only `session`, no
commits). Changes that grant visibility — role, linked filing, verification — are written
to the audit log; dialogue steps and checklist ticks are not (they are the user's own
scratch state and would drown the log).

    with session_scope() as s:
        profile = get_or_create_profile(session=s, user_id="tg:123")
        save_conversation(session=s, user_id="tg:123", dialogue="eligibility",
                          step="ask_age", answers={"occupation": "电工"})
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, delete, func, select

from corpus.models import Jurisdiction
from db.crud import record_audit, record_durable_audit, require_filing
from db.models import AuditEntry, ChatSubject, ChecklistProgress, ConversationState, StaffLinkCode, UserProfile
from db.types import utcnow
from domain import Role
from errors import InputError

LINK_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
LINK_CODE_LENGTH = 8
LINK_CODE_TTL = timedelta(days=7)
_AUDITED_PROFILE_FIELDS = {"role", "linked_filing_number", "verified", "jurisdiction"}
_PROFILE_FIELDS = {
    "role",
    "jurisdiction",
    "region",
    "linked_filing_number",
    "verified",
    "display_name",
}


# ---------------------------------------------------------------- profiles


def get_profile(*, session: Session, user_id: str) -> UserProfile | None:
    return session.get(UserProfile, user_id)


def get_or_create_profile(
    *, session: Session, user_id: str, role: Role = Role.APPLICANT, display_name: str | None = None
) -> UserProfile:
    """The stored profile, or a new applicant profile (not audited: it grants nothing)."""
    profile = session.get(UserProfile, user_id)
    if profile is None:
        profile = UserProfile(user_id=user_id, role=role, display_name=display_name)
        session.add(profile)
        session.flush()
    return profile


def lock_profile(*, session: Session, user_id: str, display_name: str | None = None) -> UserProfile:
    """The user's profile, created if missing, locked for the rest of the transaction.

    First contact is an INSERT … ON CONFLICT DO NOTHING, so two workers racing on a new
    user both succeed; the row is then read with SELECT … FOR UPDATE, so one user's turns
    run one after the other across processes on PostgreSQL while other users are not
    blocked (on SQLite the caller holds the database write lock already: `begin_write`)."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    moment = utcnow()
    values = {
        "user_id": user_id, "role": Role.APPLICANT, "display_name": display_name, "verified": False,
        "rate_count": 0, "created_at": moment, "updated_at": moment,
    }
    session.execute(insert(UserProfile).values(**values).on_conflict_do_nothing(index_elements=["user_id"]))
    query = select(UserProfile).where(UserProfile.user_id == user_id).with_for_update()
    return session.exec(query.execution_options(populate_existing=True)).one()


def update_profile(*, session: Session, user_id: str, actor: str, **changes: Any) -> UserProfile:
    """Set any of role, jurisdiction, region, linked_filing_number, verified, display_name."""
    unknown = set(changes) - _PROFILE_FIELDS
    if unknown:
        raise ValueError(f"unknown profile fields: {sorted(unknown)}")
    if "role" in changes:
        changes["role"] = Role(changes["role"])
        if changes["role"] is not Role.STAFF:  # a link is staff visibility: leaving staff drops it
            changes.setdefault("linked_filing_number", None)
            changes.setdefault("verified", False)
    if changes.get("jurisdiction") is not None:
        changes["jurisdiction"] = Jurisdiction(changes["jurisdiction"])
    profile = get_or_create_profile(session=session, user_id=user_id)
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for name, value in changes.items():
        old = getattr(profile, name)
        if old != value:
            if name in _AUDITED_PROFILE_FIELDS:
                before[name], after[name] = old, value
            setattr(profile, name, value)
    profile.updated_at = utcnow()
    session.add(profile)
    if after:
        record_audit(
            session=session,
            actor=actor,
            entity="user_profile",
            entity_id=user_id,
            action="update",
            before=before,
            after=after,
        )
    return profile


# ---------------------------------------------------------------- dialogue state


RATE_WINDOW = timedelta(minutes=1)


def count_message(*, session: Session, user_id: str, now: datetime | None = None) -> int:
    """Count one message in the user's current one-minute window; returns the count so far.

    A fixed window (not sliding) keeps this to one row update per message.
    """
    moment = now or utcnow()
    profile = get_or_create_profile(session=session, user_id=user_id)
    start = profile.rate_window_start
    if start is None or moment - start >= RATE_WINDOW or moment < start:
        profile.rate_window_start = moment
        profile.rate_count = 1
    else:
        profile.rate_count += 1
    session.add(profile)
    session.flush()
    return profile.rate_count


def get_conversation(*, session: Session, user_id: str, dialogue: str) -> ConversationState | None:
    query = select(ConversationState).where(
        ConversationState.user_id == user_id, ConversationState.dialogue == dialogue
    )
    return session.exec(query).first()


def latest_conversation(*, session: Session, user_id: str) -> ConversationState | None:
    """The dialogue this user touched last, if any."""
    query = (
        select(ConversationState)
        .where(ConversationState.user_id == user_id)
        .order_by(col(ConversationState.updated_at).desc(), col(ConversationState.id).desc())
    )
    return session.exec(query).first()


def save_conversation(
    *,
    session: Session,
    user_id: str,
    dialogue: str,
    step: str,
    answers: dict[str, Any] | None = None,
) -> ConversationState:
    """Create or overwrite the state of one dialogue (answers replace, not merge)."""
    state = get_conversation(session=session, user_id=user_id, dialogue=dialogue)
    if state is None:
        state = ConversationState(user_id=user_id, dialogue=dialogue, step=step)
    state.step = step
    state.answers = dict(answers or {})  # a new object, so the JSON column is marked dirty
    state.updated_at = utcnow()
    session.add(state)
    session.flush()
    return state


def clear_conversation(*, session: Session, user_id: str, dialogue: str | None = None) -> int:
    """Forget one dialogue (or all of this user's); returns how many were removed."""
    statement = delete(ConversationState).where(col(ConversationState.user_id) == user_id)
    if dialogue is not None:
        statement = statement.where(col(ConversationState.dialogue) == dialogue)
    result = session.exec(statement)
    return int(result.rowcount or 0)


# ---------------------------------------------------------------- follow-up subject


def get_subject(
    *, session: Session, user_id: str, max_age: timedelta | None = None, now: datetime | None = None
) -> dict[str, Any] | None:
    """The last question's subject (with its `updated_at`, ISO), or None when there is none or
    it is older than `max_age` (an old subject would turn a fresh "内蒙古" into a follow-up
    nobody meant)."""
    row = session.get(ChatSubject, user_id)
    if row is None or not row.subject:
        return None
    if max_age is not None and (now or utcnow()) - row.updated_at > max_age:
        return None
    return dict(row.subject) | {"updated_at": row.updated_at.isoformat()}


def save_subject(*, session: Session, user_id: str, subject: dict[str, Any]) -> None:
    """Overwrite the user's last subject (one row per user; not audited: scratch state)."""
    row = session.get(ChatSubject, user_id)
    if row is None:
        row = ChatSubject(user_id=user_id)
    row.subject = dict(subject)  # a new object, so the JSON column is marked dirty
    row.updated_at = utcnow()
    session.add(row)
    session.flush()


# ---------------------------------------------------------------- checklists


def _progress(session: Session, user_id: str, checklist_id: str) -> ChecklistProgress | None:
    query = select(ChecklistProgress).where(
        ChecklistProgress.user_id == user_id, ChecklistProgress.checklist_id == checklist_id
    )
    return session.exec(query).first()


def get_checklist_done(*, session: Session, user_id: str, checklist_id: str) -> list[str]:
    progress = _progress(session, user_id, checklist_id)
    return list(progress.done_items) if progress else []


def mark_checklist_item(
    *, session: Session, user_id: str, checklist_id: str, item_id: str, done: bool = True
) -> list[str]:
    """Tick (or untick) one item; returns the done item ids in the order they were ticked."""
    progress = _progress(session, user_id, checklist_id)
    if progress is None:
        progress = ChecklistProgress(user_id=user_id, checklist_id=checklist_id, done_items=[])
    items = [i for i in progress.done_items if i != item_id]
    if done:
        items.append(item_id)
    progress.done_items = items
    progress.updated_at = utcnow()
    session.add(progress)
    session.flush()
    return list(items)


def reset_checklist(*, session: Session, user_id: str, checklist_id: str) -> None:
    progress = _progress(session, user_id, checklist_id)
    if progress is not None:
        session.delete(progress)


# ---------------------------------------------------------------- staff link codes


def issue_link_code(
    *,
    session: Session,
    filing_number: str,
    issued_by: str,
    ttl: timedelta = LINK_CODE_TTL,
    now: datetime | None = None,
) -> StaffLinkCode:
    """A one-time code for one filing; the caller checks the issuer is a regulator."""
    filing = require_filing(session=session, filing_number=filing_number)
    moment = now or utcnow()
    code = "".join(secrets.choice(LINK_CODE_ALPHABET) for _ in range(LINK_CODE_LENGTH))
    link = StaffLinkCode(
        code=code,
        filing_number=filing.filing_number,
        issued_by=issued_by,
        created_at=moment,
        expires_at=moment + ttl,
    )
    session.add(link)
    session.flush()
    record_audit(
        session=session,
        actor=issued_by,
        entity="staff_link_code",
        entity_id=code,
        action="issue",
        after={"filing_number": filing.filing_number, "expires_at": link.expires_at},
    )
    return link


LINK_FAILURE_WINDOWS = (timedelta(hours=1), timedelta(minutes=1))  # per user, overall
LINK_TOO_MANY = "绑定码尝试失败次数过多,请一小时后再试,或联系主管部门确认绑定码。"
LINK_BUSY = "当前绑定请求过多,请稍后再试。"
CODE_UNKNOWN = "绑定码无效,请核对后重新输入(8位字母和数字)。"
CODE_EXPIRED = "绑定码已过期,请联系主管部门重新获取。"
CODE_USED = "该绑定码已被使用,每个绑定码只能使用一次。请联系主管部门重新获取。"


def _failed_redemptions(session: Session, since: datetime, user_id: str | None = None) -> int:
    """Failed /link attempts since `since` (of one user, or of everyone), from the audit log."""
    query = (
        select(func.count())
        .select_from(AuditEntry)
        .where(AuditEntry.entity == "staff_link_code", AuditEntry.action == "redeem_failed")
        .where(AuditEntry.at >= since)
    )
    if user_id is not None:
        query = query.where(AuditEntry.actor == user_id)
    return int(session.exec(query).one())


def _refuse_code(
    session: Session, user_id: str, key: str, action: str, message: str, reason: str | None = None
) -> InputError:
    """Audit a refused redemption (durably: the caller rolls back on the error) and build it."""
    record_durable_audit(
        session=session,
        actor=user_id,
        entity="staff_link_code",
        entity_id=key[:16] or "-",
        action=action,
        after={"reason": reason} if reason else None,
    )
    return InputError(message)


def _check_attempts(
    session: Session, user_id: str, key: str, moment: datetime, per_user: int | None, overall: int | None
) -> None:
    """Refuse (audited, not counted as a failure) once a failure limit is reached."""
    user_window, overall_window = LINK_FAILURE_WINDOWS
    if per_user is not None and _failed_redemptions(session, moment - user_window, user_id) >= per_user:
        raise _refuse_code(session, user_id, key, "redeem_limited", LINK_TOO_MANY)
    if overall is not None and _failed_redemptions(session, moment - overall_window) >= overall:
        raise _refuse_code(session, user_id, key, "redeem_limited", LINK_BUSY)


def redeem_link_code(
    *,
    session: Session,
    code: str,
    user_id: str,
    now: datetime | None = None,
    max_failures_per_user: int | None = None,
    max_failures_overall: int | None = None,
) -> UserProfile:
    """Link `user_id` as verified staff of the code's filing; Chinese InputError if unusable.

    The code is claimed with one conditional UPDATE (… WHERE used_by IS NULL) whose row count
    decides, so of several users redeeming one code at once exactly one is linked. Failed
    attempts are audited; past `max_failures_per_user` in an hour, or `max_failures_overall`
    in a minute across all users, further attempts are refused without looking at the code
    (guessing 8-character codes must stay impractical)."""
    key = "".join(str(code).split()).upper()
    moment = now or utcnow()
    _check_attempts(session, user_id, key, moment, max_failures_per_user, max_failures_overall)
    link = session.get(StaffLinkCode, key) if key else None
    if link is None:
        raise _refuse_code(session, user_id, key, "redeem_failed", CODE_UNKNOWN, "unknown")
    if moment > link.expires_at:
        raise _refuse_code(session, user_id, key, "redeem_failed", CODE_EXPIRED, "expired")
    claimed = session.execute(
        update(StaffLinkCode)
        .where(col(StaffLinkCode.code) == key, col(StaffLinkCode.used_by).is_(None))
        .values(used_by=user_id, used_at=moment)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        raise _refuse_code(session, user_id, key, "redeem_failed", CODE_USED, "used")
    record_audit(
        session=session,
        actor=user_id,
        entity="staff_link_code",
        entity_id=key,
        action="redeem",
        after={"used_by": user_id, "filing_number": link.filing_number},
    )
    return update_profile(
        session=session,
        user_id=user_id,
        actor=user_id,
        role=Role.STAFF,
        linked_filing_number=link.filing_number,
        verified=True,
    )


def unlink_staff(*, session: Session, user_id: str, actor: str) -> UserProfile:
    """Remove a staff link (the user becomes an applicant again)."""
    return update_profile(
        session=session,
        user_id=user_id,
        actor=actor,
        role=Role.APPLICANT,
        linked_filing_number=None,
        verified=False,
    )
