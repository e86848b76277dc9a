"""Who may apply: a three-valued rule engine over `corpus/rules/eligibility.yaml`.

Given a partial profile of an organisation, every rule of the jurisdiction and
applicant type is met, failed or unknown (Kleene logic over all/any), each with
its citation and, where the text gives no measure (广泛影响力, 一般不少于), a
vague note. The verdict is not_eligible as soon as one rule fails, need_info while
any is unknown, else eligible; `next_question` is the first unanswered field that
could decide an unknown rule, so a chat can run this as a guided dialogue by
asking it and calling again. The rules, prompts and choices are all data; this
module holds no policy fact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field as _field
from functools import lru_cache
from typing import Literal

from pydantic import Field, model_validator

from corpus import Jurisdiction
from errors import InputError
from tools.rules import RuleCitation, RuleModel, load_table, parse_jurisdiction

__all__ = [
    "VERDICT_ZH",
    "EligibilityResult",
    "Note",
    "Question",
    "RuleOutcome",
    "applicant_types",
    "eligibility_table",
    "evaluate_eligibility",
    "questions_for",
    "render_eligibility",
]

Status = Literal["met", "failed", "unknown"]
Value = bool | int | str
Profile = dict[str, Value]
MAX_COUNT = 100_000  # staff and agency counts; larger is a typo
# A typed answer this long that is part of exactly one choice's label chooses it.
MIN_PARTIAL_LABEL = 2


def _all(statuses: list[Status]) -> Status:
    if "failed" in statuses:
        return "failed"
    return "unknown" if "unknown" in statuses else "met"


def _any(statuses: list[Status]) -> Status:
    if "met" in statuses:
        return "met"
    return "unknown" if "unknown" in statuses else "failed"


class _Leaf(RuleModel):
    field: str

    def test(self, value: Value) -> bool:
        raise NotImplementedError

    def status(self, profile: Profile) -> Status:
        if self.field not in profile:
            return "unknown"
        return "met" if self.test(profile[self.field]) else "failed"

    def unknown_fields(self, profile: Profile) -> list[str]:
        return [self.field] if self.field not in profile else []

    def leaves(self) -> list[_Leaf]:
        return [self]


class FieldIs(_Leaf):
    is_: bool = Field(alias="is")

    def test(self, value: Value) -> bool:
        return value is self.is_


class FieldIn(_Leaf):
    in_: list[str] = Field(alias="in", min_length=1)

    def test(self, value: Value) -> bool:
        return value in self.in_


class FieldNotIn(_Leaf):
    not_in: list[str] = Field(min_length=1)

    def test(self, value: Value) -> bool:
        return value not in self.not_in


class FieldRange(_Leaf):
    min: int | None = None
    max: int | None = None

    @model_validator(mode="after")
    def _bounded(self) -> FieldRange:
        if self.min is None and self.max is None:
            raise ValueError("min 或 max 至少要有一个")
        return self

    def test(self, value: Value) -> bool:
        number = int(value)
        return (self.min is None or number >= self.min) and (self.max is None or number <= self.max)


class _Group(RuleModel):
    """Shared by all/any: the children's unknown fields and leaves, in order."""

    def children(self) -> list[Condition]:
        raise NotImplementedError

    def unknown_fields(self, profile: Profile) -> list[str]:
        return [f for c in self.children() if c.status(profile) == "unknown"
                for f in c.unknown_fields(profile)]

    def leaves(self) -> list[_Leaf]:
        return [leaf for c in self.children() for leaf in c.leaves()]


class AllOf(_Group):
    all: list[Condition] = Field(min_length=1)

    def children(self) -> list[Condition]:
        return self.all

    def status(self, profile: Profile) -> Status:
        return _all([c.status(profile) for c in self.all])


class AnyOf(_Group):
    any: list[Condition] = Field(min_length=1)

    def children(self) -> list[Condition]:
        return self.any

    def status(self, profile: Profile) -> Status:
        return _any([c.status(profile) for c in self.any])


Condition = FieldIs | FieldIn | FieldNotIn | FieldRange | AllOf | AnyOf
AllOf.model_rebuild()
AnyOf.model_rebuild()

_KIND_OF_LEAF = {FieldIs: "bool", FieldIn: "choice", FieldNotIn: "choice", FieldRange: "int"}


class QuestionSpec(RuleModel):
    field: str
    kind: Literal["bool", "choice", "int", "text"]
    prompt_zh: str
    choices: list[tuple[str, str]] = Field(default_factory=list)


class Note(RuleModel):
    """A cited remark shown with a result: type notes, what follows eligibility."""

    text_zh: str
    citation: RuleCitation


class ApplicantType(RuleModel):
    jurisdiction: Jurisdiction
    code: str
    name_zh: str
    notes: list[Note] = Field(default_factory=list)


class ProcedureNote(Note):
    jurisdiction: Jurisdiction


class EligibilityRule(RuleModel):
    id: str
    jurisdiction: Jurisdiction
    types: list[str] = Field(default_factory=list)  # empty: every applicant type
    text_zh: str
    applies_if: Condition | None = None
    condition: Condition
    vague_note: str | None = None
    citation: RuleCitation


class EligibilityTable(RuleModel):
    regions: dict[Jurisdiction, str]
    questions: list[QuestionSpec]
    applicant_types: list[ApplicantType]
    procedure_notes: list[ProcedureNote]
    rules: list[EligibilityRule]

    @model_validator(mode="after")
    def _consistent(self) -> EligibilityTable:
        specs = {q.field: q for q in self.questions}
        if len(specs) != len(self.questions):
            raise ValueError("问题字段重复")
        if len({r.id for r in self.rules}) != len(self.rules):
            raise ValueError("规则 id 重复")
        for rule in self.rules:
            codes = {t.code for t in self.applicant_types if t.jurisdiction is rule.jurisdiction}
            if unknown := set(rule.types) - codes:
                raise ValueError(f"{rule.id}: 未登记的申请人类型 {sorted(unknown)}")
            for cond in (rule.condition, rule.applies_if):
                for leaf in cond.leaves() if cond else []:
                    spec = specs.get(leaf.field)
                    if spec is None or spec.kind != _KIND_OF_LEAF[type(leaf)]:
                        raise ValueError(f"{rule.id}: 字段 {leaf.field} 不存在或类型不符")
                    values = {v for v, _ in spec.choices}
                    listed = getattr(leaf, "in_", None) or getattr(leaf, "not_in", None) or []
                    if set(listed) - values:
                        raise ValueError(f"{rule.id}: {leaf.field} 没有选项 {set(listed) - values}")
        return self

    def question(self, field_name: str, jurisdiction: Jurisdiction) -> Question:
        spec = next(q for q in self.questions if q.field == field_name)
        region = self.regions.get(jurisdiction, jurisdiction.label_zh)
        return Question(spec.field, spec.prompt_zh.format(region=region), spec.kind, list(spec.choices))


@dataclass(frozen=True)
class Question:
    field: str
    prompt_zh: str
    kind: Literal["bool", "choice", "int", "text"]
    choices: list[tuple[str, str]] = _field(default_factory=list)  # (value, label_zh)


@dataclass(frozen=True)
class RuleOutcome:
    rule_id: str
    status: Status
    text_zh: str
    citation: RuleCitation
    vague_note: str | None = None


@dataclass(frozen=True)
class EligibilityResult:
    jurisdiction: str
    applicant_type: str
    verdict: Literal["eligible", "not_eligible", "need_info"]
    outcomes: list[RuleOutcome]
    next_question: Question | None  # set whenever a rule is unknown, even if another failed
    notes: list[Note] = _field(default_factory=list)  # type notes, then what follows eligibility
    skipped: list[str] = _field(default_factory=list)  # rule ids whose applies_if is false

    @property
    def citations(self) -> list[RuleCitation]:
        return [o.citation for o in self.outcomes] + [n.citation for n in self.notes]


@lru_cache(maxsize=1)
def eligibility_table() -> EligibilityTable:
    return load_table("eligibility", EligibilityTable)


def applicant_types(jurisdiction: str) -> list[tuple[str, str]]:
    """(code, 中文名) of the applicant types the jurisdiction's text sets conditions for."""
    where = parse_jurisdiction(jurisdiction)
    return [(t.code, t.name_zh) for t in eligibility_table().applicant_types if t.jurisdiction is where]


def _applicant_type(where: Jurisdiction, value: str) -> ApplicantType:
    types = [t for t in eligibility_table().applicant_types if t.jurisdiction is where]
    if not types:
        raise InputError(f"本库收录的{where.label_zh}文件没有规定评价机构的申报条件。")
    for t in types:
        if value.strip() in (t.code, t.name_zh):
            return t
    choices = "、".join(f"{t.code}({t.name_zh})" for t in types)
    raise InputError(f"{where.label_zh}没有“{value}”这类申请人。可选:{choices}")


def _rules(where: Jurisdiction, code: str) -> list[EligibilityRule]:
    return [r for r in eligibility_table().rules
            if r.jurisdiction is where and (not r.types or code in r.types)]


_YES = {"是", "有", "对", "符合", "yes", "y", "true", "1"}
_NO = {"否", "无", "没有", "不是", "不符合", "no", "n", "false", "0"}
_UNKNOWN = {"", "不确定", "不知道", "unknown", "?", "？"}


def _coerce(spec: QuestionSpec, raw: object) -> Value:
    """One answer in the field's type; a bad answer is an InputError naming the question."""
    if spec.kind == "bool":
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in _YES or text in _NO:
            return text in _YES
        raise InputError(f"“{spec.prompt_zh}”请回答“是”或“否”,收到的是“{raw}”。")
    if spec.kind == "int":
        text = re.sub(r"[人名家个]$", "", str(raw).strip())
        if isinstance(raw, bool) or not re.fullmatch(r"[-+]?\d+", text):
            raise InputError(f"“{spec.prompt_zh}”请填写整数,收到的是“{raw}”。")
        number = int(text)
        if number < 0:
            raise InputError(f"“{spec.prompt_zh}”不能是负数(收到{number})。")
        if number > MAX_COUNT:
            raise InputError(f"“{spec.prompt_zh}”的数字{number}过大,请核对。")
        return number
    if spec.kind == "choice":
        text = str(raw).strip()
        for value, label in spec.choices:
            if text in (value, label):
                return value
        # Part of one label only ("全国性行业协会、学会" of "经国务院…批准的全国性行业协会、学会").
        partial = [value for value, label in spec.choices if len(text) >= MIN_PARTIAL_LABEL and text in label]
        if len(partial) == 1:
            return partial[0]
        shown = ";".join(f"{label}({v})" for v, label in spec.choices)
        raise InputError(f"“{spec.prompt_zh}”的回答“{raw}”不在选项中。可选:{shown}")
    return str(raw).strip()


def normalize_profile(profile: dict[str, object]) -> Profile:
    """Known fields only, each coerced to its type; blank or 不确定 answers are dropped (unknown)."""
    specs = {q.field: q for q in eligibility_table().questions}
    clean: Profile = {}
    for key, raw in profile.items():
        spec = specs.get(key)
        if spec is None:
            raise InputError(f"不认识的条件字段“{key}”。")
        if raw is None or (isinstance(raw, str) and raw.strip().lower() in _UNKNOWN):
            continue
        clean[key] = _coerce(spec, raw)
    return clean


def evaluate_eligibility(
    jurisdiction: str, applicant_type: str, profile: dict[str, object]
) -> EligibilityResult:
    """Mark every applicable rule met/failed/unknown and pick the next question to ask."""
    where = parse_jurisdiction(jurisdiction)
    kind = _applicant_type(where, applicant_type)
    answers = normalize_profile(profile)
    table = eligibility_table()
    outcomes: list[RuleOutcome] = []
    skipped: list[str] = []
    pending: list[str] = []
    for rule in _rules(where, kind.code):
        gate = rule.applies_if.status(answers) if rule.applies_if else "met"
        if gate == "failed":
            skipped.append(rule.id)
            continue
        status = rule.condition.status(answers) if gate == "met" else "unknown"
        if status == "unknown":
            gate_fields = rule.applies_if.unknown_fields(answers) if rule.applies_if else []
            pending += gate_fields or rule.condition.unknown_fields(answers)
        outcomes.append(RuleOutcome(rule.id, status, rule.text_zh, rule.citation, rule.vague_note))
    statuses = [o.status for o in outcomes]
    verdict: Literal["eligible", "not_eligible", "need_info"] = (
        "not_eligible" if "failed" in statuses else "need_info" if "unknown" in statuses else "eligible"
    )
    notes: list[Note] = [*kind.notes, *(n for n in table.procedure_notes if n.jurisdiction is where)]
    return EligibilityResult(
        jurisdiction=where.value,
        applicant_type=kind.code,
        verdict=verdict,
        outcomes=outcomes,
        next_question=table.question(pending[0], where) if pending else None,
        notes=notes,
        skipped=skipped,
    )


def questions_for(jurisdiction: str, applicant_type: str) -> list[Question]:
    """Every field the rules for this applicant type may ask, in asking order."""
    where = parse_jurisdiction(jurisdiction)
    kind = _applicant_type(where, applicant_type)
    seen: list[str] = []
    for rule in _rules(where, kind.code):
        for cond in (rule.applies_if, rule.condition):
            for leaf in cond.leaves() if cond else []:
                if leaf.field not in seen:
                    seen.append(leaf.field)
    return [eligibility_table().question(f, where) for f in seen]


VERDICT_ZH = {"eligible": "符合文本所列条件", "not_eligible": "不符合条件", "need_info": "还需要更多信息"}
_MARK = {"met": "✔", "failed": "✘", "unknown": "?"}


def render_eligibility(result: EligibilityResult) -> str:
    """Plain Chinese text: verdict, each rule with its mark and citation, notes, next question.
    A "no" says why on its first line, in the text's own words: the reader may read no further."""
    failed = next((o for o in result.outcomes if o.status == "failed"), None)
    reason = f":原文“{failed.citation.quote}”({failed.citation.formatted})" if failed and result.verdict == "not_eligible" else ""
    lines = [f"结论:{VERDICT_ZH[result.verdict]}{reason}"]
    for o in result.outcomes:
        lines.append(f"{_MARK[o.status]} {o.text_zh}  ——{o.citation.formatted}")
        if o.vague_note:
            lines.append(f"   注:{o.vague_note}")
    lines += [f"说明:{n.text_zh}  ——{n.citation.formatted}" for n in result.notes]
    if result.next_question:
        lines.append(f"下一个问题:{result.next_question.prompt_zh}")
    return "\n".join(lines)
