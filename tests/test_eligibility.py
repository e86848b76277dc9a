"""Eligibility engine: verdicts, guided dialogue, vague notes, bad input, CLI and tool."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from errors import InputError
from tools.cli_rules import app
from tools.eligibility import (
    FieldIn,
    FieldIs,
    FieldNotIn,
    FieldRange,
    _Leaf,
    applicant_types,
    eligibility_table,
    evaluate_eligibility,
    questions_for,
)
from tools.langchain_tools import eligibility_tool

CASES = [
    (j, code)
    for j in ("bingtuan", "neimenggu", "tianjin", "national")
    for code, _ in applicant_types(j)
]


def satisfying(leaf: _Leaf) -> object:
    """A value that makes one leaf condition true."""
    if isinstance(leaf, FieldIs):
        return leaf.is_
    if isinstance(leaf, FieldIn):
        return leaf.in_[0]
    if isinstance(leaf, FieldNotIn):
        spec = next(q for q in eligibility_table().questions if q.field == leaf.field)
        return next(v for v, _ in spec.choices if v not in leaf.not_in)
    assert isinstance(leaf, FieldRange)
    return leaf.min if leaf.min is not None else leaf.max


def good_profile(jurisdiction: str, applicant_type: str) -> dict[str, object]:
    """Answers meeting every condition of the jurisdiction's rules for this type."""
    profile: dict[str, object] = {}
    for rule in eligibility_table().rules:
        if rule.jurisdiction.value == jurisdiction and (not rule.types or applicant_type in rule.types):
            gate = rule.applies_if.leaves() if rule.applies_if else []
            for leaf in [*gate, *rule.condition.leaves()]:
                profile.setdefault(leaf.field, satisfying(leaf))
    return profile


@pytest.mark.parametrize(("jurisdiction", "applicant_type"), CASES)
def test_all_conditions_met_is_eligible(jurisdiction: str, applicant_type: str) -> None:
    result = evaluate_eligibility(jurisdiction, applicant_type, good_profile(jurisdiction, applicant_type))
    assert result.verdict == "eligible", [o for o in result.outcomes if o.status != "met"]
    assert result.next_question is None
    assert all(o.citation for o in result.outcomes)


@pytest.mark.parametrize(("jurisdiction", "applicant_type"), CASES)
def test_guided_dialogue_terminates(jurisdiction: str, applicant_type: str) -> None:
    """Answer each next question from a good profile until none is left."""
    answers = good_profile(jurisdiction, applicant_type)
    profile: dict[str, object] = {}
    for _ in range(len(questions_for(jurisdiction, applicant_type)) + 1):
        result = evaluate_eligibility(jurisdiction, applicant_type, profile)
        if result.next_question is None:
            break
        field = result.next_question.field
        assert field not in profile
        profile[field] = answers.get(field, True if result.next_question.kind == "bool" else None)
    assert result.verdict == "eligible" and result.next_question is None


def test_empty_profile_asks_first_question() -> None:
    result = evaluate_eligibility("bingtuan", "social_org", {})
    assert result.verdict == "need_info"
    assert result.next_question is not None
    assert result.next_question.field == "registered_in_region"
    assert "兵团辖区内" in result.next_question.prompt_zh
    assert {o.status for o in result.outcomes} == {"unknown"}


def test_neimenggu_public_institution_is_barred_with_vague_note() -> None:
    result = evaluate_eligibility("neimenggu", "social_org", {"legal_form": "事业单位(含公办院校)"})
    assert result.verdict == "not_eligible"
    failed = [o for o in result.outcomes if o.status == "failed"]
    assert [o.rule_id for o in failed] == ["neimenggu.ban.government"]
    assert failed[0].citation.article == 10 and failed[0].vague_note and "院校" in failed[0].vague_note


def test_applies_if_limits_rules_to_legal_form() -> None:
    enterprise = evaluate_eligibility("neimenggu", "employer", {"legal_form": "enterprise"})
    assert "neimenggu.ban.annual_review" in enterprise.skipped
    assert "neimenggu.ban.abnormal_operation" not in enterprise.skipped
    unknown = evaluate_eligibility("neimenggu", "employer", {})
    abnormal = next(o for o in unknown.outcomes if o.rule_id == "neimenggu.ban.abnormal_operation")
    assert abnormal.status == "unknown"


def test_bingtuan_exception_for_urgent_occupations() -> None:
    base = good_profile("bingtuan", "social_org")
    base.pop("urgent_occupation", None)

    def influence(extra: dict[str, object]) -> tuple[str, str | None]:
        result = evaluate_eligibility("bingtuan", "social_org", {**base, **extra})
        outcome = next(o for o in result.outcomes if o.rule_id == "bingtuan.social_org.influence")
        asked = result.next_question.field if result.next_question else None
        return outcome.status, asked

    assert influence({"wide_influence": False}) == ("unknown", "urgent_occupation")
    assert influence({"wide_influence": False, "urgent_occupation": "是"}) == ("met", None)
    assert influence({"wide_influence": False, "urgent_occupation": False}) == ("failed", None)


def test_or_and_and_differ_between_jurisdictions() -> None:
    """兵团: 主营业务直接相关 OR 从业人员较多; 内蒙古: 较多 AND 相关."""
    bt = evaluate_eligibility("bingtuan", "employer", {"occupation_directly_related": True,
                                                        "many_practitioners": False})
    nm = evaluate_eligibility("neimenggu", "employer", {"occupation_related": True,
                                                         "many_practitioners": False})
    assert next(o for o in bt.outcomes if o.rule_id == "bingtuan.employer.occupation").status == "met"
    assert next(o for o in nm.outcomes if o.rule_id == "neimenggu.employer.occupation").status == "failed"


def test_counts_below_minimum_fail() -> None:
    result = evaluate_eligibility("bingtuan", "college", {"examiners_per_occupation": "2人"})
    examiners = next(o for o in result.outcomes if o.rule_id == "bingtuan.basic.examiners")
    assert examiners.status == "failed" and examiners.vague_note  # "一般不少于" is flagged
    assert result.verdict == "not_eligible"


def test_influence_rules_are_never_silent_about_vagueness() -> None:
    for rule in eligibility_table().rules:
        if "影响力" in rule.text_zh:
            assert rule.vague_note, rule.id


def test_type_notes_and_procedure_notes_are_cited() -> None:
    result = evaluate_eligibility("bingtuan", "college", {})
    assert any("第七条" in n.text_zh or n.citation.article == 7 for n in result.notes)
    assert not any(o.rule_id.startswith("bingtuan.employer") for o in result.outcomes)


@pytest.mark.parametrize(
    ("profile", "fragment"),
    [
        ({"examiners_per_occupation": -1}, "负数"),
        ({"examiners_per_occupation": "三"}, "整数"),
        ({"examiners_per_occupation": 10**9}, "过大"),
        ({"wide_influence": "也许"}, "是"),
        ({"legal_form": "外星组织"}, "可选"),
        ({"no_such_field": True}, "no_such_field"),
    ],
)
def test_bad_profile_values(profile: dict[str, object], fragment: str) -> None:
    with pytest.raises(InputError) as info:
        evaluate_eligibility("neimenggu", "employer", profile)
    assert fragment in info.value.message_zh


def test_unknown_type_and_jurisdiction_without_rules() -> None:
    with pytest.raises(InputError) as info:
        evaluate_eligibility("bingtuan", "spaceship", {})
    assert "employer" in info.value.message_zh
    with pytest.raises(InputError):
        evaluate_eligibility("zhejiang", "employer", {})
    assert applicant_types("zhejiang") == []


def test_blank_answers_stay_unknown() -> None:
    result = evaluate_eligibility("tianjin", "employer", {"wide_influence": "不确定"})
    influence = next(o for o in result.outcomes if o.rule_id == "tianjin.basic.influence")
    assert influence.status == "unknown"


# ---------------------------------------------------------------- three-valued properties
def _partial_profiles() -> st.SearchStrategy[tuple[str, str, dict[str, object], dict[str, object]]]:
    """(jurisdiction, type, P, Q) with Q extending P by more answers (random, not only good ones)."""

    @st.composite
    def build(draw: st.DrawFn) -> tuple[str, str, dict[str, object], dict[str, object]]:
        jurisdiction, applicant_type = draw(st.sampled_from(CASES))
        questions = questions_for(jurisdiction, applicant_type)
        answers: dict[str, object] = {}
        for q in questions:
            if q.kind == "bool":
                answers[q.field] = draw(st.booleans())
            elif q.kind == "int":
                answers[q.field] = draw(st.integers(min_value=0, max_value=5))
            else:
                answers[q.field] = draw(st.sampled_from([v for v, _ in q.choices]))
        small = draw(st.sets(st.sampled_from([q.field for q in questions])))
        extra = draw(st.sets(st.sampled_from([q.field for q in questions])))
        p = {k: answers[k] for k in small}
        return jurisdiction, applicant_type, p, {k: answers[k] for k in small | extra}

    return build()


@settings(max_examples=80, deadline=None)
@given(case=_partial_profiles())
def test_more_answers_never_change_a_decided_rule(
    case: tuple[str, str, dict[str, object], dict[str, object]],
) -> None:
    jurisdiction, applicant_type, p, q = case
    before = evaluate_eligibility(jurisdiction, applicant_type, p)
    after = evaluate_eligibility(jurisdiction, applicant_type, q)
    statuses = {o.rule_id: o.status for o in after.outcomes}
    for outcome in before.outcomes:
        if outcome.status != "unknown" and outcome.rule_id in statuses:
            assert statuses[outcome.rule_id] == outcome.status
    for result in (before, after):
        kinds = {o.status for o in result.outcomes}
        expected = "not_eligible" if "failed" in kinds else "need_info" if "unknown" in kinds else "eligible"
        assert result.verdict == expected
        assert (result.next_question is None) == ("unknown" not in kinds)
        if result.next_question:
            assert result.next_question.field not in (p if result is before else q)


# ---------------------------------------------------------------- CLI and tool
def test_cli_eligibility_fields_and_profile() -> None:
    runner = CliRunner()
    out = runner.invoke(app, ["eligibility", "neimenggu", "employer", "--legal-form", "government",
                              "--profile", json.dumps({"wide_influence": True}), "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["verdict"] == "not_eligible"
    assert data["outcomes"][0]["citation"]["citation"].startswith("《内蒙古自治区职业技能等级认定实施办法》第十条")
    bad = runner.invoke(app, ["eligibility", "bingtuan", "employer", "--examiners-per-occupation=-3"])
    assert bad.exit_code == 2 and "负数" in bad.output and "Traceback" not in bad.output


def test_langchain_eligibility_tool() -> None:
    call = {"type": "tool_call", "id": "e1", "name": "eligibility",
            "args": {"jurisdiction": "national", "applicant_type": "industry_org", "profile": {}}}
    message = eligibility_tool.invoke(call)
    assert "下一个问题(national_org_type)" in message.content
    assert {c["doc_key"] for c in message.artifact["citations"]} == {"mohrss2016"}
    assert message.artifact["result"]["verdict"] == "need_info"
