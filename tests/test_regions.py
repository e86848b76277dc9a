"""Region detection: aliases, order, words that only look like regions, comparisons, settings."""

from __future__ import annotations

import pytest

from corpus.models import Jurisdiction as J
from retrieval.regions import (
    detect_regions,
    detect_unsupported,
    is_comparison,
    parse_region_choice,
    resolve_scope,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("兵团评价机构备案有效期几年", [J.BINGTUAN]),
        ("新疆生产建设兵团的办法", [J.BINGTUAN]),
        ("第八师的机构到石河子考试", [J.BINGTUAN]),
        ("跨师市开展评价要谁同意", [J.BINGTUAN]),
        ("内蒙古自治区级评价机构", [J.NEIMENGGU]),
        ("呼和浩特的机构去包头考试", [J.NEIMENGGU]),
        ("盟市人社部门要做什么", [J.NEIMENGGU]),
        ("天津市鉴定中心负责什么", [J.TIANJIN]),
        ("市鉴定中心怎么备案", [J.TIANJIN]),
        ("杭州的评价机构", [J.ZHEJIANG]),
        ("我们集团在石河子和武清各有一家子公司", [J.BINGTUAN, J.TIANJIN]),  # a district without 区
        ("滨海那边的机构", [J.TIANJIN]),
        ("证书按全国统一编码规则编号吗", []),
        ("全国统一的要求是什么", [J.NATIONAL]),
        ("全国的评价机构有多少", [J.NATIONAL]),
        ("国家层面怎么规定", [J.NATIONAL]),
        ("天津和兵团有什么不同", [J.TIANJIN, J.BINGTUAN]),  # order of mention
        ("兵团、内蒙古、兵团", [J.BINGTUAN, J.NEIMENGGU]),  # no duplicates
        ("津每个工种考评员最少几个", [J.TIANJIN]),  # 津 opening a message is 天津 …
        ("津贴多少", []),  # … but not the 津 of 津贴
        ("考评员津贴多少", []),
    ],
)
def test_detect(text: str, expected: list[J]) -> None:
    assert detect_regions(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "国家职业标准是谁制定的",  # a kind of standard, applied everywhere
        "国家职业技能标准编制技术规程",
        "全国性行业协会能承接什么",
        "人社部门多久督导一次",  # any region's department
        "人力资源和社会保障部门",
        "新疆维吾尔自治区的规定",  # another 自治区, not 内蒙古
        "各省、自治区、直辖市",
        "从业人员比较多",
    ],
)
def test_words_that_are_not_regions(text: str) -> None:
    assert detect_regions(text) == []


def test_authorities_count_only_without_a_place_or_in_a_comparison() -> None:
    assert detect_regions("人社部那个承接办法说的行业组织是什么") == [J.NATIONAL]
    assert detect_regions("总部在人社部那边遴选过了,在兵团开了分支机构还用备案吗") == [J.BINGTUAN]
    assert detect_regions("兵团和人社部的规定一样吗") == [J.BINGTUAN, J.NATIONAL]


@pytest.mark.parametrize(
    "text",
    [
        "浙江的转发通知和人社部原通知,对行业协会都有什么限制",
        "人社部和浙江对行业协会搞评价都怎么说",
        "人社部的规定和天津的规程在考评人员上都怎么要求",
        "兵团、人社部在证书查询上都有规定吗",
    ],
)
def test_an_authority_listed_beside_a_place_is_a_second_side(text: str) -> None:
    regions = detect_regions(text)
    assert J.NATIONAL in regions and len(regions) == 2
    assert is_comparison(text)
    assert detect_regions("什么是水平评价类职业资格") == [J.NATIONAL]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("兵团和内蒙古规定一样吗?", True),
        ("各地规定一样吗", True),
        ("内蒙古办法、天津规程分别由谁解释", True),
        ("内蒙古和天津在遴选时用哪些方式", True),  # two places, no cue word
        ("浙江和国家的职业资格目录有啥区别", True),
        ("兵团备案有效期几年", False),
        ("申请材料交到哪里", False),  # 哪里 alone asks for a place, not a comparison
        ("从业人员比较多的企业能申请吗", False),  # 比较 as "rather"
        ("人社部遴选过,在兵团还要备案吗", False),  # an authority and one place
    ],
)
def test_is_comparison(text: str, expected: bool) -> None:
    assert is_comparison(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("neimenggu", J.NEIMENGGU),  # button payload
        ("内蒙古", J.NEIMENGGU),
        ("设置地区 内蒙古", J.NEIMENGGU),
        ("地区:浙江", J.ZHEJIANG),
        ("切换到天津", J.TIANJIN),
        ("我在兵团", J.BINGTUAN),
        ("我是内蒙古的", J.NEIMENGGU),
        ("兵團", J.BINGTUAN),  # traditional, normalised inside
        ("全国", J.NATIONAL),
        ("第八师", J.BINGTUAN),
        ("天津和兵团", None),  # two regions: ask again
        ("兵团呢", None),  # a follow-up question, not a choice
        ("广东", None),
        ("你好", None),
        ("", None),
    ],
)
def test_parse_region_choice(text: str, expected: J | None) -> None:
    assert parse_region_choice(text) == expected


def test_unsupported_places() -> None:
    assert detect_unsupported("广东和北京的评价机构") == ["广东", "北京"]
    assert detect_unsupported("天津河北区的机构") == []  # a 天津 district
    assert detect_unsupported("新疆生产建设兵团") == []
    assert detect_unsupported("新疆的机构") == ["新疆"]


def test_scope_question_beats_stored_region() -> None:
    scope = resolve_scope([J.TIANJIN], stored=J.BINGTUAN)
    assert scope.regions == (J.TIANJIN,) and scope.source == "question" and not scope.per_region


def test_scope_falls_back_to_stored_then_to_every_region() -> None:
    assert resolve_scope([], stored=J.NEIMENGGU).regions == (J.NEIMENGGU,)
    scope = resolve_scope([], stored=None)
    assert set(scope.regions) == set(J) and scope.per_region and scope.source == "none"


def test_scope_comparison_is_per_region() -> None:
    assert resolve_scope([J.BINGTUAN, J.NEIMENGGU], stored=None).per_region
    everywhere = resolve_scope([], stored=J.BINGTUAN, comparison=True)  # "各地一样吗"
    assert everywhere.per_region and set(everywhere.regions) == set(J)
