"""The offline router's boundaries: which intent wins, and which entities it hands the engine.

Not the labelled set (benchmarks/intents.jsonl measures that); these pin the
decisions that are easy to break: policy vs checklist vs deadline vs eligibility,
commands, settings vs follow-up questions, and the entity patterns.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest

from bot import intents
from bot.intents import ApplicantType, DeadlineEvent, Procedure, parse_command, route
from bot.messages import Intent, Role
from corpus.models import Jurisdiction as J

TODAY = date(2026, 6, 1)


def intent_of(text: str) -> Intent:
    return route(text, today=TODAY).intent


# (text, expected intent, why) — each row is one boundary decision
BOUNDARIES = [
    ("续期要提前多久申请?", Intent.POLICY, "a rule question: no date, no agency"),
    ("我们2023年5月10日备案的,什么时候要续期?", Intent.DEADLINE, "a date to compute from"),
    ("2025年9月1日起施行的新办法,之前备案的要重新备案吗", Intent.POLICY, "a document date"),
    ("我们的备案什么时候到期?", Intent.DEADLINE, "our own expiry, date to be asked"),
    ("兵团分支机构还用再备案吗", Intent.POLICY, "a yes/no rule question"),
    ("我们单位能不能申请成为评价机构?", Intent.ELIGIBILITY, "our organisation + can apply"),
    ("我们是一家民办培训学校,符合备案条件吗", Intent.ELIGIBILITY, "our organisation + qualify"),
    ("申请成为评价机构需要什么条件?", Intent.POLICY, "general conditions, nobody's own"),
    ("哪些单位可以申报社会培训评价组织", Intent.POLICY, "a list question"),
    ("我们能不能跨师市开展评价", Intent.POLICY, "an existing agency's procedure"),
    ("续期备案要准备哪些材料?", Intent.CHECKLIST, "materials for a procedure"),
    ("变更联系人需要提交什么", Intent.CHECKLIST, "weak 'submit what' + a procedure"),
    ("兵团考完试,督导的人还要交啥东西吗?", Intent.POLICY, "weak 'submit what', no procedure"),
    ("给我个备案清单", Intent.CHECKLIST, "a filing's list"),
    ("有没有国家定好的考试内容清单?", Intent.POLICY, "a list of exam content, no filing's papers"),
    ("想列个清单对照着查:内蒙规定哪些情形不能申报?", Intent.POLICY, "the user's own list"),
    ("天津评价机构开考前要不要报计划给鉴定中心", Intent.POLICY, "ends like a name, but asks"),
    ("想在兵团设立评价机构,申请材料交给谁?", Intent.POLICY, "asks who, not what"),
    ("兵团和内蒙古变更联系人分别要交什么?", Intent.POLICY, "a comparison: one answer per region"),
    ("我们2023年5月在兵团和内蒙古都备案了,分别什么时候续期", Intent.DEADLINE, "a date beats comparison"),
    ("示例XX职业技能评价中心还有效吗", Intent.STATUS, "an agency name + status cue"),
    ("BT-2023-0001", Intent.STATUS, "a bare filing number"),
    ("这个机构还有效吗?", Intent.STATUS, "a reference to an agency"),
    ("证书查询在哪个网站", Intent.POLICY, "查询 without an agency"),
    ("终止备案的机构有哪些", Intent.REGISTRY, "a list of agencies"),
    ("终止备案的评价机构还要做哪些后续工作?", Intent.POLICY, "a rule about terminated agencies"),
    ("兵团办法第十条原文", Intent.SOURCE, "an article + show"),
    ("第十条规定的有效期是几年", Intent.POLICY, "asks about content, not the text"),
    ("取消", Intent.CANCEL, "the whole message"),
    ("取消备案后要做什么", Intent.POLICY, "取消 inside a question"),
    ("你好", Intent.SMALLTALK, "a greeting alone"),
    ("你好,兵团备案有效期几年", Intent.POLICY, "a greeting before a question"),
    ("我是内蒙古的", Intent.SETTINGS, "a region statement alone"),
    ("我是内蒙古的,想问续期要提前多久", Intent.POLICY, "a statement then a question"),
    ("那内蒙古呢?", Intent.POLICY, "a follow-up, not a settings change"),
    ("天津", Intent.SETTINGS, "a bare region name"),
    ("你能做什么?", Intent.HELP, "about the bot"),
    ("今天天气怎么样", Intent.POLICY, "fallback is policy; the engine decides coverage"),
    ("👍", Intent.SMALLTALK, "an emoji alone"),
    ("???", Intent.HELP, "punctuation alone: show what the bot does"),
    ("can our company apply to become an evaluation agency?", Intent.ELIGIBILITY, "English"),
    ("What documents do I need for renewal?", Intent.CHECKLIST, "English"),
]


@pytest.mark.parametrize(("text", "expected", "why"), BOUNDARIES, ids=[b[2] for b in BOUNDARIES])
def test_boundaries(text: str, expected: Intent, why: str) -> None:
    result = route(text, today=TODAY)
    assert result.intent is expected, f"{why}: rule {result.rule}"


def test_fallback_confidence_is_lower_than_a_domain_question() -> None:
    assert route("今天天气怎么样", today=TODAY).confidence < route("兵团备案有效期几年", today=TODAY).confidence


@pytest.mark.parametrize(
    ("command", "intent"),
    [
        ("start", Intent.HELP), ("help", Intent.HELP), ("ask", Intent.POLICY),
        ("status", Intent.STATUS), ("eligibility", Intent.ELIGIBILITY),
        ("checklist", Intent.CHECKLIST), ("deadline", Intent.DEADLINE),
        ("region", Intent.SETTINGS), ("role", Intent.SETTINGS), ("source", Intent.SOURCE),
        ("cancel", Intent.CANCEL),
    ],
)
def test_every_command_routes(command: str, intent: Intent) -> None:
    result = route(f"/{command}", today=TODAY)
    assert (result.intent, result.confidence, result.command) == (intent, 1.0, command)


def test_command_beats_text_and_carries_entities() -> None:
    result = route("/ask 我们单位能不能申请成为评价机构", today=TODAY)
    assert result.intent is Intent.POLICY
    deadline = route("/deadline@policybot 2023-5-10 续期", today=TODAY)
    assert deadline.intent is Intent.DEADLINE
    assert [d.value for d in deadline.entities.dates] == [date(2023, 5, 10)]
    assert route("/region 天津", today=TODAY).entities.regions == (J.TIANJIN,)
    assert route("/role 监管", today=TODAY).entities.role is Role.REGULATOR


def test_unknown_command_asks_for_help() -> None:
    result = route("/frobnicate x", today=TODAY)
    assert (result.intent, result.command, result.rule) == (Intent.HELP, "frobnicate", "unknown_command")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/status 示例中心", ("status", "示例中心")),
        ("/status@policybot BT-2023-0001", ("status", "BT-2023-0001")),
        ("/HELP", ("help", "")),
        ("/status示例中心", ("status", "示例中心")),
        ("／help", ("help", "")),
        ("  /cancel  ", ("cancel", "")),
        ("请问 /status 怎么用", None),
        ("2023/05/10", None),
        ("", None),
    ],
)
def test_parse_command(text: str, expected: tuple[str, str] | None) -> None:
    assert parse_command(text) == expected


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("BT-2023-0001 还有效吗", "BT-2023-0001"),
        ("帮我查一下NM-2024-012的备案状态", "NM-2024-012"),
        ("TJ2020001", "TJ2020001"),
        ("bt-2023-0001 still valid?", "BT-2023-0001"),
        ("NM－2024－0012 备案状态", "NM-2024-0012"),  # full-width dashes
    ],
)
def test_filing_numbers(text: str, number: str) -> None:
    result = route(text, today=TODAY)
    assert result.entities.filing_number == number
    assert result.entities.dates == ()  # the year inside the number is not a date


def test_filing_number_pattern_is_one_constant() -> None:
    import re

    assert re.fullmatch(intents.FILING_NUMBER_PATTERN, "BT-2023-0001")
    assert not re.search(intents.FILING_NUMBER_PATTERN, "win10")


def test_credit_code_shape_only() -> None:
    result = route("91120000MA05XXXX1X 这个统一社会信用代码对应的机构有效吗", today=TODAY)
    assert result.intent is Intent.STATUS
    assert result.entities.credit_code == "91120000MA05XXXX1X"
    assert result.entities.filing_number is None


def test_an_id_card_number_is_not_a_credit_code() -> None:
    result = route("11010519491231002X", today=TODAY)
    assert result.entities.credit_code is None and result.entities.dates == ()


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("示例XX职业技能评价中心还有效吗", "示例XX职业技能评价中心"),
        ("请问示例呼和浩特职业培训学校的资质还在吗", "示例呼和浩特职业培训学校"),
        ("查查示例建筑技能培训学校在不在目录里", "示例建筑技能培训学校"),
        ("「示例天津焊接技术培训中心」备案情况", "示例天津焊接技术培训中心"),
        ("示例XX職業技能評價中心還有效嗎", "示例XX职业技能评价中心"),
        ("这个评价机构还有效吗", None),  # generic, not a name
        ("我们中心的备案还有效吗", None),  # the user's own: a reference
        ("天津市鉴定中心负责什么", None),  # no status cue
    ],
)
def test_agency_names(text: str, name: str | None) -> None:
    assert route(text, today=TODAY).entities.agency_name == name


def test_hints() -> None:
    e = route("我们是技工院校,首次备案要交哪些材料", today=TODAY).entities
    assert (e.applicant_type, e.procedure) == (ApplicantType.COLLEGE, Procedure.INITIAL_FILING)
    assert route("民办培训学校符合条件吗", today=TODAY).entities.applicant_type is ApplicantType.SOCIAL_ORG
    assert route("我们学会能承接吗", today=TODAY).entities.applicant_type is ApplicantType.INDUSTRY_ORG
    assert route("缩减评价范围要交啥", today=TODAY).entities.procedure is Procedure.REDUCE_SCOPE
    assert route("跨师市评价要什么材料", today=TODAY).entities.procedure is Procedure.CROSS_DIVISION
    assert route("变更联系人需要提交什么", today=TODAY).entities.procedure is Procedure.CHANGE_ROUTINE_INFO
    assert route("法人换了要交哪些材料", today=TODAY).entities.procedure is Procedure.CHANGE_KEY_INFO
    e = route("处理决定2025年4月1日收到的,申辩截止到哪天", today=TODAY).entities
    assert e.deadline_event is DeadlineEvent.OBJECTION
    assert route("复核决定不服,申诉期限到哪天", today=TODAY).entities.deadline_event is DeadlineEvent.APPEAL


def test_impossible_date_reaches_the_engine() -> None:
    result = route("我们2023年2月30日备案的,什么时候续期?", today=TODAY)
    assert result.intent is Intent.DEADLINE
    assert result.entities.date_problem == "2月30日不存在"


def test_region_entities_and_comparison() -> None:
    e = route("兵團和內蒙古規定一樣嗎?", today=TODAY).entities  # traditional
    assert e.regions == (J.BINGTUAN, J.NEIMENGGU) and e.comparison
    e = route("广东的评价机构备案有效期几年", today=TODAY).entities
    assert e.regions == () and e.unsupported_regions == ("广东",)


def test_settings_entities() -> None:
    assert route("设置地区 内蒙古", today=TODAY).entities.regions == (J.NEIMENGGU,)
    assert route("把角色改成监管部门", today=TODAY).entities.role is Role.REGULATOR
    assert route("我是考生", today=TODAY).entities.role is Role.APPLICANT


def test_full_width_punctuation_and_typos() -> None:
    assert intent_of("我们２０２３年５月１０日备案的，什么时候要续期？") is Intent.DEADLINE
    assert intent_of("续其要准备什么才料") is Intent.CHECKLIST


def test_unknown_feature_in_table_fails_loudly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "intents.yaml"
    text = intents.TABLE_PATH.read_text(encoding="utf-8")
    bad.write_text(text.replace("all: [cancel_only]", "all: [cancel_onyl]"), encoding="utf-8")
    monkeypatch.setattr(intents, "TABLE_PATH", bad)
    with pytest.raises(ValueError, match="cancel_onyl"):
        intents._tables.__wrapped__()


def test_route_is_cheap() -> None:
    texts = [text for text, _, _ in BOUNDARIES]
    route("预热", today=TODAY)
    start = time.perf_counter()
    for _ in range(5):
        for text in texts:
            route(text, today=TODAY)
    mean_ms = (time.perf_counter() - start) * 1000 / (5 * len(texts))
    assert mean_ms < 2.0, f"{mean_ms:.2f} ms per message"


@pytest.mark.parametrize(
    "text",
    [
        "兵团的外部督导员考完那天要交什么材料给派出单位?",
        "内蒙古要求监管部门明确评价机构存档哪些资料吗?",
        "国家搞职业资格目录清单,对找工作、创业的人到底有啥好处?",
    ],
)
def test_another_partys_papers_are_a_policy_question_not_a_checklist(text: str) -> None:
    assert route(text).intent is Intent.POLICY


@pytest.mark.parametrize("text", ["续期要交哪些材料", "变更名称需要什么材料", "材料清单"])
def test_an_agencys_own_filing_papers_are_still_a_checklist(text: str) -> None:
    assert route(text).intent is Intent.CHECKLIST
