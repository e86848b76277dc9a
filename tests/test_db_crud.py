"""CRUD on a real database: every change audited in the same transaction, no commits inside,
state rules enforced, JSON and UTC timestamps identical on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.messages import Role
from db import chat_state, crud
from db.enums import FilingState, Rating, SupervisionKind, TerminationKind
from db.models import AuditEntry, Filing, SupervisionCreate, UserProfile
from db.session import session_scope
from errors import InputError, InvalidCreditCodeError, UnknownAgencyError
from tests.db_fixtures import agency_in, filing_in


def _audit(session: Session) -> list[AuditEntry]:
    return list(session.exec(select(AuditEntry).order_by(col(AuditEntry.id))).all())


def test_create_and_update_are_audited_with_before_and_after(db_session: Session) -> None:
    agency = crud.create_agency(session=db_session, agency_in=agency_in(), actor="tester")
    filing = crud.create_filing(
        session=db_session, agency=agency, filing_in=filing_in(), actor="tester"
    )
    assert crud.update_filing(
        session=db_session,
        filing=filing,
        actor="clerk",
        changes={"valid_until": date(2027, 3, 1)},
    )
    assert not crud.update_filing(
        session=db_session,
        filing=filing,
        actor="clerk",
        changes={"valid_until": date(2027, 3, 1)},
    )  # no change, no entry
    db_session.commit()
    entries = _audit(db_session)
    assert [(e.entity, e.action, e.actor) for e in entries] == [
        ("agency", "create", "tester"),
        ("filing", "create", "tester"),
        ("filing", "update", "clerk"),
    ]
    assert entries[2].before == {"valid_until": "2027-02-28"}
    assert entries[2].after == {"valid_until": "2027-03-01"}
    assert (entries[1].after or {})["scope"] == [{"occupation": "电工", "levels": ["五级", "四级"]}]
    assert all(e.at.tzinfo is not None and e.at.utcoffset() == timedelta(0) for e in entries)


def test_nothing_is_written_when_the_unit_of_work_fails(db_url: str) -> None:
    with pytest.raises(RuntimeError), session_scope(db_url) as s:
        crud.create_agency(session=s, agency_in=agency_in(), actor="tester")
        raise RuntimeError("boom")
    with session_scope(db_url) as s:
        assert crud.list_agencies(session=s) == []
        assert _audit(s) == []


def test_state_changes_carry_reason_and_default_legal_basis(db_session: Session) -> None:
    agency = crud.create_agency(session=db_session, agency_in=agency_in(), actor="t")
    filing = crud.create_filing(session=db_session, agency=agency, filing_in=filing_in(), actor="t")
    crud.change_filing_state(
        session=db_session,
        filing=filing,
        state=FilingState.SUSPENDED,
        actor="reg",
        on=date(2026, 10, 1),
        reason="核查中",
        jurisdiction=agency.jurisdiction,
    )
    assert filing.state_basis == [{"doc_key": "bingtuan2025", "article": 19}]
    with pytest.raises(InputError, match="必须写明原因"):
        crud.change_filing_state(
            session=db_session,
            filing=filing,
            state=FilingState.TERMINATED,
            actor="reg",
            on=date(2026, 11, 1),
            termination_kind=TerminationKind.ORDERED,
        )
    crud.change_filing_state(
        session=db_session,
        filing=filing,
        state=FilingState.TERMINATED,
        actor="reg",
        on=date(2026, 11, 1),
        reason="查实违规",
        termination_kind=TerminationKind.ORDERED,
        jurisdiction=agency.jurisdiction,
    )
    with pytest.raises(InputError, match="须以新的备案编号重新备案"):
        crud.change_filing_state(
            session=db_session,
            filing=filing,
            state=FilingState.ACTIVE,
            actor="reg",
            on=date(2026, 11, 2),
        )
    db_session.commit()
    changes = [e for e in _audit(db_session) if e.action == "state_change"]
    assert [(e.after or {})["state"] for e in changes] == ["suspended", "terminated"]
    assert (changes[1].before or {})["state"] == "suspended"


def test_create_models_refuse_bad_input_in_chinese() -> None:
    with pytest.raises(InputError, match="机构名称不能为空"):
        agency_in(name="  ")
    with pytest.raises(InputError, match="专职人员数不能为负数"):
        agency_in(staff_count=-3)
    with pytest.raises(InvalidCreditCodeError):
        agency_in(credit_code="91659001000000011X")
    with pytest.raises(InputError, match="只收录兵团、内蒙古、天津"):
        agency_in(jurisdiction="zhejiang")
    with pytest.raises(InputError, match="必须晚于备案日期"):
        filing_in(valid_until=date(2024, 3, 1))
    with pytest.raises(InputError, match="终止类型"):
        filing_in(state=FilingState.TERMINATED, state_reason="x", state_changed_on=date(2025, 1, 1))


def test_unique_keys_hold_in_the_database(db_session: Session) -> None:
    agency = crud.create_agency(session=db_session, agency_in=agency_in(), actor="t")
    crud.create_filing(session=db_session, agency=agency, filing_in=filing_in(), actor="t")
    with pytest.raises(IntegrityError):
        crud.create_filing(session=db_session, agency=agency, filing_in=filing_in(), actor="t")
    db_session.rollback()
    with pytest.raises(IntegrityError):
        crud.create_agency(session=db_session, agency_in=agency_in(), actor="t")
        crud.create_agency(session=db_session, agency_in=agency_in(), actor="t")


def test_credit_code_cannot_be_changed_by_update(db_session: Session) -> None:
    agency = crud.create_agency(session=db_session, agency_in=agency_in(), actor="t")
    with pytest.raises(InputError, match="不能修改"):
        crud.update_agency(
            session=db_session,
            agency=agency,
            changes={"credit_code": agency_in(2).credit_code},
            actor="t",
        )


def test_supervision_and_current_rating(db_session: Session) -> None:
    agency = crud.create_agency(session=db_session, agency_in=agency_in(), actor="t")
    filing = crud.create_filing(session=db_session, agency=agency, filing_in=filing_in(), actor="t")
    crud.add_supervision(
        session=db_session,
        filing=filing,
        actor="reg",
        record_in=SupervisionCreate(
            kind=SupervisionKind.RATING, held_on=date(2025, 1, 1), rating=Rating.WHITELIST
        ),
    )
    crud.add_supervision(
        session=db_session,
        filing=filing,
        actor="reg",
        record_in=SupervisionCreate(
            kind=SupervisionKind.ANNUAL_CHECK, held_on=date(2025, 6, 1), notes="合格"
        ),
    )
    rating = crud.current_rating(session=db_session, filing_id=filing.id or 0)
    assert rating is not None and rating.rating is Rating.WHITELIST
    assert [r.kind for r in crud.supervision_of(session=db_session, filing_id=filing.id or 0)] == [
        SupervisionKind.ANNUAL_CHECK,
        SupervisionKind.RATING,
    ]
    with pytest.raises(InputError, match="须填写评级"):
        SupervisionCreate(kind=SupervisionKind.RATING, held_on=date(2025, 1, 1))


def test_profiles_conversations_and_checklists(db_session: Session) -> None:
    profile = chat_state.get_or_create_profile(
        session=db_session, user_id="tg:1", display_name="张三"
    )
    assert profile.role is Role.APPLICANT and not profile.verified
    chat_state.update_profile(
        session=db_session, user_id="tg:1", actor="tg:1", jurisdiction="tianjin", region="河西区"
    )
    chat_state.save_conversation(
        session=db_session,
        user_id="tg:1",
        dialogue="eligibility",
        step="ask_age",
        answers={"occupation": "电工", "years": 3},
    )
    chat_state.save_conversation(
        session=db_session,
        user_id="tg:1",
        dialogue="eligibility",
        step="ask_cert",
        answers={"occupation": "电工", "years": 3, "cert": None},
    )
    assert chat_state.mark_checklist_item(
        session=db_session, user_id="tg:1", checklist_id="renewal", item_id="a"
    ) == ["a"]
    assert chat_state.mark_checklist_item(
        session=db_session, user_id="tg:1", checklist_id="renewal", item_id="b"
    ) == ["a", "b"]
    assert chat_state.mark_checklist_item(
        session=db_session, user_id="tg:1", checklist_id="renewal", item_id="a", done=False
    ) == ["b"]
    db_session.commit()
    db_session.expire_all()
    state = chat_state.get_conversation(session=db_session, user_id="tg:1", dialogue="eligibility")
    assert state is not None and state.step == "ask_cert"
    assert state.answers == {"occupation": "电工", "years": 3, "cert": None}
    assert chat_state.latest_conversation(session=db_session, user_id="tg:1") == state
    assert chat_state.get_checklist_done(
        session=db_session, user_id="tg:1", checklist_id="renewal"
    ) == ["b"]
    assert chat_state.clear_conversation(session=db_session, user_id="tg:1") == 1
    stored = db_session.get(UserProfile, "tg:1")
    assert stored is not None and stored.region == "河西区"
    assert [e.after for e in _audit(db_session) if e.entity == "user_profile"] == [
        {"jurisdiction": "tianjin"}
    ]


def test_staff_link_codes_are_one_time_and_expire(db_session: Session) -> None:
    agency = crud.create_agency(session=db_session, agency_in=agency_in(), actor="t")
    crud.create_filing(session=db_session, agency=agency, filing_in=filing_in(), actor="t")
    now = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)
    link = chat_state.issue_link_code(
        session=db_session, filing_number="bt-2024-0001", issued_by="tg:99", now=now
    )
    assert len(link.code) == 8 and link.filing_number == "BT-2024-0001"
    profile = chat_state.redeem_link_code(
        session=db_session, code=link.code.lower(), user_id="tg:5", now=now + timedelta(hours=1)
    )
    assert (profile.role, profile.linked_filing_number, profile.verified) == (
        Role.STAFF,
        "BT-2024-0001",
        True,
    )
    with pytest.raises(InputError, match="已被使用"):
        chat_state.redeem_link_code(session=db_session, code=link.code, user_id="tg:6", now=now)
    late = chat_state.issue_link_code(
        session=db_session, filing_number="BT-2024-0001", issued_by="tg:99", now=now
    )
    with pytest.raises(InputError, match="已过期"):
        chat_state.redeem_link_code(
            session=db_session, code=late.code, user_id="tg:6", now=now + timedelta(days=8)
        )
    with pytest.raises(InputError, match="绑定码无效"):
        chat_state.redeem_link_code(session=db_session, code="NOPE", user_id="tg:6", now=now)
    with pytest.raises(UnknownAgencyError):
        chat_state.issue_link_code(
            session=db_session, filing_number="BT-2024-0999", issued_by="tg:99"
        )
    db_session.commit()
    actions = [
        (e.entity, e.action)
        for e in _audit(db_session)
        if e.entity != "agency" and e.entity != "filing"
    ]
    assert actions == [
        ("staff_link_code", "issue"),
        ("staff_link_code", "redeem"),
        ("user_profile", "update"),
        ("staff_link_code", "redeem_failed"),  # failed attempts are audited too (used,
        ("staff_link_code", "issue"),
        ("staff_link_code", "redeem_failed"),  # expired,
        ("staff_link_code", "redeem_failed"),  # unknown)
    ]
    assert db_session.exec(select(Filing)).one().filing_number == "BT-2024-0001"
