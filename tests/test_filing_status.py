"""Filing status on the sample registry: lookup by number, code and fuzzy Chinese name, and
what the answer says for each status and jurisdiction (renewal rule with citations)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlmodel import Session, select

from bot.messages import Role
from db.enums import FilingStatus
from db.models import Agency
from db.session import get_engine
from errors import (
    InputError,
    InvalidCreditCodeError,
    InvalidFilingNumberError,
    PolicybotError,
    UnknownAgencyError,
)
from tests.db_fixtures import TODAY
from tools.agency_lookup import lookup_agency, name_core
from tools.filing_status import filing_status


@pytest.fixture
def sample(sample_ro_url: str) -> Iterator[Session]:
    """Read-only use of the shared sample registry: nothing here writes."""
    with Session(get_engine(sample_ro_url), expire_on_commit=False) as s:
        yield s
        assert not (s.new or s.dirty or s.deleted)


def _agency(session: Session, short_name: str) -> Agency:
    return session.exec(select(Agency).where(Agency.short_name == short_name)).one()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("示例石河子天山机电技能评价有限公司", "天山机电"),  # full name
        ("石河子天山机电技能评价", "天山机电"),  # no 示例, no 有限公司
        ("天山机电评价公司", "天山机电"),  # 简称 inside a longer phrase
        ("石河子绿州机电有限公司", "绿洲机电"),  # typo 州/洲
        ("包頭北方重工", "北方重工"),  # traditional characters
        ("北方重工的备案状态", "北方重工"),  # question words around the name
        ("海河技师学院", "海河技师学院"),
    ],
)
def test_names_are_found_fuzzily(sample: Session, query: str, expected: str) -> None:
    found = lookup_agency(session=sample, query=query)
    assert found.agency is not None, found.candidates
    assert found.agency.short_name == expected


def test_an_ambiguous_name_returns_candidates(sample: Session) -> None:
    result = filing_status(session=sample, query="天山", today=TODAY)
    assert result.answer is None
    assert {c.short_name for c in result.candidates} == {"天山机电", "天山电气"}
    assert all(c.filing_number for c in result.candidates)
    assert "请选择" in result.text_zh() and "BT-" in result.text_zh()


def test_a_short_common_word_lists_a_few_and_counts_the_rest(sample: Session) -> None:
    result = filing_status(session=sample, query="技能评价", today=TODAY)
    assert len(result.candidates) == 5 and result.more > 0


def test_number_and_code_lookups_are_exact(sample: Session) -> None:
    agency = _agency(sample, "金穗农机")
    by_code = lookup_agency(session=sample, query=agency.credit_code.lower())
    assert by_code.agency is not None and by_code.agency.id == agency.id
    by_number = filing_status(session=sample, query="bt 2024 0001", today=TODAY)
    assert by_number.matched_by == "filing_number" and by_number.answer is not None
    assert by_number.answer.filing_number == "BT-2024-0001"


@pytest.mark.parametrize(
    ("query", "error", "message"),
    [
        ("BT-2024-9999", UnknownAgencyError, "没有备案编号为“BT-2024-9999”"),
        ("XJ-2024-0001", InvalidFilingNumberError, "地区代码“XJ”无效"),
        ("91659004847518462X", InvalidCreditCodeError, "校验位不符"),
        ("9165900484751846", InvalidCreditCodeError, "应为18位"),
        ("完全不存在的单位", UnknownAgencyError, "没有找到名称为"),
        ("电", InputError, "至少输入两个字"),
        ("   ", InputError, "请输入机构名称"),
    ],
)
def test_bad_queries_say_what_is_wrong(
    sample: Session, query: str, error: type[PolicybotError], message: str
) -> None:
    with pytest.raises(error) as caught:
        filing_status(session=sample, query=query, today=TODAY)
    assert message in caught.value.message_zh


def test_unknown_name_suggests_close_ones(sample: Session) -> None:
    with pytest.raises(UnknownAgencyError) as caught:
        filing_status(session=sample, query="北方重型机器厂", today=TODAY)
    assert "您是不是要找" in caught.value.message_zh and "北方重工" in caught.value.message_zh


def test_expiring_bingtuan_filing_shows_days_left_and_renewal_rule(sample: Session) -> None:
    answer = filing_status(session=sample, query="金穗农机", today=TODAY).answer
    assert answer is not None
    assert answer.status is FilingStatus.EXPIRING
    assert answer.days_left == (answer.valid_until - TODAY).days and 0 < answer.days_left <= 90
    assert answer.renewal is not None and answer.renewal.end is not None
    assert {(c.doc_key, c.article) for c in answer.citations} >= {("bingtuan2025", 10)}
    text = answer.text_zh()
    assert "临近到期" in text and f"剩余{answer.days_left}天" in text and "第十条" in text
    assert answer.supervision is None and answer.history is None  # applicant view


def test_neimenggu_renewal_window_is_the_three_months_before_expiry(sample: Session) -> None:
    answer = filing_status(session=sample, query="河套评价", today=TODAY).answer
    assert answer is not None and answer.renewal is not None
    assert answer.renewal.end == answer.valid_until
    assert answer.renewal.start is not None and answer.renewal.start < answer.valid_until
    assert ("neimenggu2024", 15) in {(c.doc_key, c.article) for c in answer.citations}


def test_tianjin_answer_says_the_text_sets_no_renewal_window(sample: Session) -> None:
    answer = filing_status(session=sample, query="北辰精机", today=TODAY).answer
    assert answer is not None and answer.renewal is not None
    assert answer.renewal.start is None and answer.renewal.end is None
    assert "没有规定" in answer.renewal.description_zh
    assert ("tianjin2020", 23) in {(c.doc_key, c.article) for c in answer.citations}


def test_suspended_and_terminated_filings_carry_reason_and_legal_basis(sample: Session) -> None:
    suspended = filing_status(session=sample, query="伊河建设", today=TODAY).answer
    assert suspended is not None and suspended.status is FilingStatus.SUSPENDED
    assert suspended.state_reason and [c.article for c in suspended.state_basis] == [19]
    assert "暂停(核查中)" in suspended.text_zh() and "第十九条" in suspended.text_zh()
    black = filing_status(session=sample, query="众信评价", today=TODAY).answer
    assert black is not None and black.status is FilingStatus.TERMINATED
    assert black.termination_kind_zh == "责令终止" and black.renewal is None
    assert black.rating_zh is not None and black.rating_zh.startswith("黑榜")
    assert [(c.doc_key, c.article) for c in black.state_basis] == [("tianjin2020", 23)]
    voluntary = filing_status(session=sample, query="匠心评价", today=TODAY).answer
    assert (
        voluntary is not None and voluntary.state_basis == ()
    )  # 天津 has no provision: none invented


def test_expired_filing_says_so(sample: Session) -> None:
    answer = filing_status(session=sample, query="林海职校", today=TODAY).answer
    assert answer is not None and answer.status is FilingStatus.EXPIRED and answer.days_left < 0
    assert f"已过期{-answer.days_left}天" in answer.text_zh()


def test_agency_with_two_filings_reports_the_live_one(sample: Session) -> None:
    answer = filing_status(session=sample, query="风筝考核站", today=TODAY).answer
    assert answer is not None and answer.status is FilingStatus.VALID
    assert len(answer.other_filings) == 1 and "终止" in answer.other_filings[0]
    old = filing_status(
        session=sample, query=answer.other_filings[0].split("(")[0], today=TODAY
    ).answer
    assert old is not None and old.status is FilingStatus.TERMINATED


def test_regulators_also_see_supervision_and_history(sample: Session) -> None:
    answer = filing_status(
        session=sample, query="伊河建设", role=Role.REGULATOR, today=TODAY
    ).answer
    assert answer is not None and answer.supervision and answer.history
    assert any("不合格" in line for line in answer.supervision)
    assert any("create" in line for line in answer.history)
    assert "督导记录" in answer.text_zh() and "变更记录" in answer.text_zh()
    assert answer.as_dict()["supervision"] == list(answer.supervision)


def test_name_core_strips_prefix_suffix_and_punctuation() -> None:
    assert name_core("示例 天津·海河（装备）制造 有限公司") == "天津海河装备制造"
    assert name_core("示例兵团建筑业协会") == "兵团建筑业协会"
