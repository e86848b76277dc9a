"""Eligibility check as a dialogue: region, applicant type, then the rule table's questions.

The rule table (corpus/rules/eligibility.yaml via tools.eligibility) decides what
is still unknown and which question comes next; this module only asks it and
stores the answer. "不确定" leaves a condition unknown, and the result says so.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from bot.citations import hits_from_rules
from bot.dialogues import common
from bot.handlers import source_buttons
from bot.intents import Routed
from bot.messages import Intent, Reply
from bot.states import Dialogue, Payload, Step
from errors import InputError
from tools.eligibility import (
    applicant_types,
    evaluate_eligibility,
    questions_for,
    render_eligibility,
)

if TYPE_CHECKING:
    from bot.services import Services
    from bot.turn import Turn
    from db.models import ConversationState

D = Dialogue.ELIGIBILITY
REGIONS = ("bingtuan", "neimenggu", "tianjin", "national")
UNSURE = "unsure"
BOOL_CHOICES = (("yes", "是"), ("no", "否"), (UNSURE, "不确定"))
CONCLUDED_ZH = "自查已结束,不再提问。如需重新自查,请发送 /eligibility。"
# The router's applicant types mapped to the rule table's codes where they differ.
TYPE_ALIASES = {"industry_org": ("national", "industry_org")}


def start(engine: Services, turn: Turn, routed: Routed) -> Reply:  # noqa: ARG001
    entities = routed.entities
    stated = entities.legal_form  # "事业单位下属的培训中心": an answer already given
    answers: dict[str, Any] = {"profile": {"legal_form": stated} if stated else {}, "skipped": []}
    kind = entities.applicant_type.value if entities.applicant_type else None
    if kind in TYPE_ALIASES:
        answers["jurisdiction"], answers["applicant_type"] = TYPE_ALIASES[kind]
    else:
        region = common.initial_region(turn, entities.regions, REGIONS)
        if region:
            answers["jurisdiction"] = region
        if kind:
            # Kept until the region is known ("…属于事业单位的职业培训学校,能申报不?" and then
            # "机构注册在鄂尔多斯"): the region decides which types there are.
            answers["stated_type"] = kind
    return advance(turn, answers)


def advance(turn: Turn, answers: dict[str, Any]) -> Reply:
    """Ask the next missing thing, or give the verdict."""
    region = answers.get("jurisdiction")
    if not region:
        return common.ask(turn, D, Step.JURISDICTION, answers, "您想在哪个地区申报评价机构?", common.region_choices(REGIONS))
    kind = answers.get("applicant_type")
    if not kind and answers.get("stated_type") in {code for code, _ in applicant_types(region)}:
        kind = answers["applicant_type"] = answers["stated_type"]
    if not kind:
        return common.ask(turn, D, Step.APPLICANT_TYPE, answers, "贵单位属于哪类申请主体?", applicant_types(region), per_row=1)
    result = evaluate_eligibility(region, kind, answers.get("profile", {}))
    question = _next_question(result, region, kind, answers)
    if result.verdict == "need_info" and question is not None:
        answers = {**answers, "field": question.field}
        choices = BOOL_CHOICES if question.kind == "bool" else tuple(question.choices)
        hint = "" if choices else "(请直接输入)"
        return common.ask(turn, D, Step.QUESTION, answers, f"{question.prompt_zh}{hint}", choices, per_row=3 if question.kind == "bool" else 1)
    common.finish(turn, D)
    hits = _cited(result)
    return Reply(_concluded(result), Intent.ELIGIBILITY, citations=hits, buttons=source_buttons(hits), state=None)


def _cited(result: Any) -> tuple[Any, ...]:
    """The articles behind the verdict, the failed conditions' first: a "no" is checked
    against the text it quotes."""
    failed = [o.citation for o in result.outcomes if o.status == "failed"]
    return hits_from_rules(failed + [o.citation for o in result.outcomes if o.status != "failed"])


def _concluded(result: Any) -> str:
    """The verdict as the dialogue's last word: without the tool's "下一个问题" line (a failed
    condition settles it; asking on would look like the check continues) and saying so."""
    text = render_eligibility(replace(result, next_question=None))
    return f"{text}\n{CONCLUDED_ZH}"


def _next_question(result: Any, region: str, kind: str, answers: dict[str, Any]) -> Any:
    """The tool's next question, or, when the user skipped that one (不确定), the next
    field the rules still ask about that is neither answered nor skipped."""
    skipped = set(answers.get("skipped", []))
    question = result.next_question
    if question is None or question.field not in skipped:
        return question
    answered = set(answers.get("profile", {}))
    return next((q for q in questions_for(region, kind) if q.field not in answered | skipped), None)


def _apply(turn: Turn, state: ConversationState, value: str) -> Reply:
    answers = dict(state.answers)
    step = Step(state.step)
    if step is Step.JURISDICTION:
        return common.choose_region(advance, turn, answers, value, REGIONS)
    if step is Step.APPLICANT_TYPE:
        choices = applicant_types(answers["jurisdiction"])
        return common.choose(advance, turn, answers, value, "applicant_type", choices, "请从按钮中选择申请主体类型。")
    field = answers.get("field", "")
    if value in (UNSURE, "不确定", "不知道"):
        answers = {**answers, "skipped": [*answers.get("skipped", []), field]}
        return advance(turn, common.remember(answers, f"skip.{field}", True))
    raw: object = {"yes": "是", "no": "否"}.get(value, value)
    choices = _field_choices(answers, field)
    if choices:  # "那政府下面的事业单位能报不" names the option 事业单位
        raw = common.parse_choice(value, choices) or raw
    profile = {**answers.get("profile", {}), field: raw}
    try:
        evaluate_eligibility(answers["jurisdiction"], answers["applicant_type"], profile)
    except InputError as exc:
        return common.reask(advance, turn, answers, exc.message_zh)
    answers = common.remember({**answers, "profile": profile}, f"profile.{field}", raw)
    return advance(turn, answers)


def _field_choices(answers: dict[str, Any], field: str) -> tuple[tuple[str, str], ...]:
    """The options of the fixed-choice question now asked (none for a yes/no or typed one)."""
    asked = next((q for q in questions_for(answers["jurisdiction"], answers["applicant_type"]) if q.field == field), None)
    return tuple(asked.choices) if asked is not None and asked.kind != "bool" else ()


def on_text(engine: Services, turn: Turn, state: ConversationState, routed: Routed) -> Reply | None:  # noqa: ARG001
    return common.on_text(_apply, turn, state, routed)


def _back(answers: dict[str, Any]) -> dict[str, Any]:
    """Undo the last answer; a skipped question (不确定) is undone like any other."""
    answers = common.undo(answers)
    skipped = [f for f in answers.get("skipped", []) if f"skip.{f}" in answers.get("_history", [])]
    return {**answers, "skipped": skipped}


def on_button(
    engine: Services, turn: Turn, state: ConversationState | None, prefix: Payload, args: list[str]  # noqa: ARG001
) -> Reply | None:
    return common.on_button(advance, _apply, turn, state, prefix, args, back=_back)
