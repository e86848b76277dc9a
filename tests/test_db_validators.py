"""Pure validators of the registry: 备案编号, scope, labels, dates, regions, legal bases."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corpus import cached_corpus
from corpus.models import Jurisdiction
from db.enums import AgencyType, FilingState, FilingStatus, TerminationKind
from db.filing_number import find_filing_numbers, normalise_filing_number, parse_filing_number
from db.reference import (
    all_bases,
    default_bases,
    parse_bases,
    parse_jurisdiction,
    regions,
    resolve_region,
)
from db.rows import RowError, parse_date
from db.scope import describe_scope, format_scope, parse_scope
from db.status import derive_status, transition_allowed
from errors import InputError, InvalidFilingNumberError


@pytest.mark.parametrize(
    "typed",
    [
        "BT-2023-0001",
        "bt-2023-0001",
        "BT 2023 0001",
        "BT20230001",
        "ＢＴ－２０２３－０００１",
        "BT—2023—0001",
        " BT_2023_0001 ",
    ],
)
def test_filing_numbers_are_normalised(typed: str) -> None:
    assert normalise_filing_number(typed) == "BT-2023-0001"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", "不能为空"),
        ("BT-23-0001", "格式无效"),
        ("XJ-2023-0001", "地区代码“XJ”无效"),
        ("NM-1999-0001", "年份1999不合理"),
        ("TJ-2023-0000", "序号不能为0000"),
        ("备案编号123", "格式无效"),
    ],
)
def test_bad_filing_numbers_say_why(typed: str, expected: str) -> None:
    with pytest.raises(InvalidFilingNumberError) as caught:
        parse_filing_number(typed)
    assert expected in caught.value.message_zh


def test_future_year_is_refused_when_a_limit_is_given() -> None:
    with pytest.raises(InvalidFilingNumberError):
        parse_filing_number("TJ-2031-0001", max_year=2026)
    assert parse_filing_number("TJ-2026-0001", max_year=2026).jurisdiction is Jurisdiction.TIANJIN


def test_numbers_are_found_inside_chinese_text() -> None:
    assert find_filing_numbers("请问备案编号nm-2024-0012的状态,还有BT20230001") == [
        "NM-2024-0012",
        "BT-2023-0001",
    ]
    assert find_filing_numbers("XX-2024-0012 和 BT-2023-12345") == []


@given(
    st.lists(
        st.tuples(
            st.text(alphabet="电工焊钳车木瓦", min_size=1, max_size=6),
            st.lists(st.sampled_from(["五级", "四级", "三级", "二级", "一级"]), max_size=5),
        ),
        min_size=1,
        max_size=6,
        unique_by=lambda item: item[0],
    )
)
def test_scope_round_trips(items: list[tuple[str, list[str]]]) -> None:
    parsed = parse_scope(
        ";".join(f"{occ}({'/'.join(levels)})" if levels else occ for occ, levels in items)
    )
    assert parse_scope(format_scope(parsed)) == parsed


def test_scope_accepts_titles_and_full_width_and_keeps_grade_order() -> None:
    parsed = parse_scope("电工（高级工、初级工/中级工）；民族刺绣")
    assert parsed == [
        {"occupation": "电工", "levels": ["五级", "四级", "三级"]},
        {"occupation": "民族刺绣", "levels": []},
    ]
    assert describe_scope(parsed) == "电工(初级工/五级、中级工/四级、高级工/三级);民族刺绣"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("", "不能为空"), ("电工(六级)", "等级“六级”无法识别"), ("电工(五级);电工(四级)", "重复出现")],
)
def test_bad_scope(text: str, expected: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_scope(text)
    assert expected in caught.value.message_zh


def test_labels_parse_from_chinese_values_and_aliases() -> None:
    assert AgencyType.parse_label("社会培训评价组织", field="机构类型") is AgencyType.SOCIAL_ORG
    assert AgencyType.parse_label("social_org", field="机构类型") is AgencyType.SOCIAL_ORG
    assert FilingState.parse_label("暂停（核查中）", field="备案状态") is FilingState.SUSPENDED
    assert TerminationKind.parse_label("责令", field="终止类型") is TerminationKind.ORDERED
    with pytest.raises(InputError) as caught:
        AgencyType.parse_label("培训学校", field="机构类型")
    assert "可选:用人单位、院校" in caught.value.message_zh


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-05-10", date(2024, 5, 10)),
        ("2024/5/1", date(2024, 5, 1)),
        ("2024年5月10日", date(2024, 5, 10)),
        ("20240229", date(2024, 2, 29)),
    ],
)
def test_dates_in_the_usual_shapes(text: str, expected: date) -> None:
    assert parse_date(text, "备案日期") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-02-30", "2026年2月只有28天"),
        ("2023-02-29", "2023年2月只有28天"),
        ("2024-13-01", "没有13月"),
        ("明天", "不是有效日期"),
    ],
)
def test_impossible_dates_are_named(text: str, expected: str) -> None:
    with pytest.raises(RowError) as caught:
        parse_date(text, "备案日期")
    assert expected in str(caught.value)


def test_status_is_derived_from_dates_unless_a_decision_is_stored() -> None:
    today = date(2026, 11, 22)
    assert derive_status(FilingState.ACTIVE, date(2027, 6, 1), today) is FilingStatus.VALID
    assert derive_status(FilingState.ACTIVE, date(2027, 2, 20), today) is FilingStatus.EXPIRING
    assert derive_status(FilingState.ACTIVE, today, today) is FilingStatus.EXPIRING
    assert derive_status(FilingState.ACTIVE, date(2026, 11, 21), today) is FilingStatus.EXPIRED
    assert derive_status(FilingState.SUSPENDED, date(2026, 1, 1), today) is FilingStatus.SUSPENDED
    assert derive_status(FilingState.TERMINATED, date(2030, 1, 1), today) is FilingStatus.TERMINATED
    assert not transition_allowed(FilingState.TERMINATED, FilingState.ACTIVE)
    assert transition_allowed(FilingState.SUSPENDED, FilingState.ACTIVE)


def test_regions_and_jurisdictions() -> None:
    assert parse_jurisdiction("新疆生产建设兵团") is Jurisdiction.BINGTUAN
    assert resolve_region("八师", Jurisdiction.BINGTUAN).name == "第八师石河子市"
    assert resolve_region("包头", None).jurisdiction is Jurisdiction.NEIMENGGU
    with pytest.raises(InputError, match="多个地区"):
        resolve_region("一师", Jurisdiction.BINGTUAN)  # 第一师 and 第十一师
    with pytest.raises(InputError, match="不在兵团的地区列表中"):
        resolve_region("包头市", Jurisdiction.BINGTUAN)
    assert len(regions(Jurisdiction.BINGTUAN)) == 15 and len(regions(Jurisdiction.TIANJIN)) == 17


def test_every_legal_basis_quote_is_verbatim_in_its_article() -> None:
    corpus = cached_corpus()
    for jurisdiction, action, basis in all_bases():
        article = corpus.article(basis.doc_key, basis.article)
        assert basis.quote and basis.quote in article.text, (jurisdiction, action, basis)
        assert corpus.document(basis.doc_key).meta.jurisdiction is jurisdiction


def test_every_jurisdiction_has_a_basis_for_ordered_termination_and_tianjin_voluntary_has_none() -> (
    None
):
    for jurisdiction in (Jurisdiction.BINGTUAN, Jurisdiction.NEIMENGGU, Jurisdiction.TIANJIN):
        assert default_bases(jurisdiction, "terminate_ordered")
        assert default_bases(jurisdiction, "suspend")
    assert default_bases(Jurisdiction.TIANJIN, "terminate_voluntary") == ()


def test_typed_legal_bases_are_checked_against_the_corpus() -> None:
    assert [
        b.article
        for b in parse_bases("bingtuan2025 第十九条;bingtuan2025:18", Jurisdiction.BINGTUAN)
    ] == [19, 18]
    with pytest.raises(InputError, match="不适用于天津"):
        parse_bases("bingtuan2025 第十九条", Jurisdiction.TIANJIN)
    with pytest.raises(InputError, match="无效"):
        parse_bases("bingtuan2025 第九十九条", Jurisdiction.BINGTUAN)
    with pytest.raises(InputError, match="格式无效"):
        parse_bases("兵团办法十九条", Jurisdiction.BINGTUAN)
