"""The router's typed verdict: the entity kinds a message can name, the entities found, and
`Routed`, which every layer above routing reads instead of re-parsing the text.

Kept apart from `bot.intents` (the tables and the routing itself) so that the question
analysis, the dialogues and the handlers can import these types without the router.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from bot.dates import ParsedDate
from bot.messages import Intent, Role
from corpus.models import Jurisdiction

__all__ = ["BECOMING_AN_AGENCY", "ApplicantType", "DeadlineEvent", "Entities", "Procedure", "Routed"]


class ApplicantType(StrEnum):
    """Who wants to become an agency; values match db.enums.AgencyType."""

    EMPLOYER = "employer"
    COLLEGE = "college"
    SOCIAL_ORG = "social_org"
    INDUSTRY_ORG = "industry_org"


class Procedure(StrEnum):
    """Which filing procedure a checklist is for; values are the procedure codes of
    corpus/rules/checklists.yaml, except CHANGE_SCOPE, which no checklist covers yet."""

    INITIAL_FILING = "initial_filing"
    RENEWAL = "renewal"
    CHANGE_KEY_INFO = "change_key_info"  # 名称、备案号、法人等重要信息 (兵团办法第十八条(一))
    CHANGE_ROUTINE_INFO = "change_routine_info"  # 联系人、联系方式等 (兵团办法第十八条(二))
    CHANGE_SCOPE = "change_scope"  # 变更认定职业(工种)、等级 (内蒙古办法第十四条)
    ADD_SCOPE = "add_scope"
    REDUCE_SCOPE = "reduce_scope"
    VOLUNTARY_TERMINATION = "voluntary_termination"
    CROSS_DIVISION = "cross_division"
    SITE_FILING = "site_filing"
    EVALUATION_SESSION = "evaluation_session"
    INDUSTRY_ORG_APPLICATION = "industry_org_application"


class DeadlineEvent(StrEnum):
    """Which time limit a deadline question is about; where one code of
    corpus/rules/deadlines.yaml `events` fits, the value is that code."""

    RENEWAL = "renewal"  # 续期/到期/有效期
    ARCHIVE = "archive"  # 评价档案整理
    RETENTION = "retention"  # 资料保管: records_paper and records_electronic
    OBJECTION = "objection_receipt"  # 对处理决定的陈述、申辩、异议
    APPEAL = "appeal"  # 对复核决定的申诉
    PUBLICITY = "publicity"  # 公示 (several rows: cancel_notice…)
    PUBLICATION = "publication"  # 备案结果公布


# Procedures of an organisation becoming an agency; any other names an existing agency's
# business, which is not an eligibility question ("我们能不能跨师市开展评价").
BECOMING_AN_AGENCY = frozenset({Procedure.INITIAL_FILING.value, Procedure.INDUSTRY_ORG_APPLICATION.value})


@dataclass(frozen=True)
class Entities:
    """What the message names. Spans in `dates` refer to `Routed.text`."""

    regions: tuple[Jurisdiction, ...] = ()
    comparison: bool = False
    unsupported_regions: tuple[str, ...] = ()
    dates: tuple[ParsedDate, ...] = ()
    filing_number: str | None = None  # upper-cased as typed; the registry canonicalises
    credit_code: str | None = None
    agency_name: str | None = None
    applicant_type: ApplicantType | None = None
    legal_form: str | None = None  # a `legal_form` code of corpus/rules/eligibility.yaml (事业单位 …)
    procedure: Procedure | None = None
    # A kind of procedure named without which one (信息变更): (the kind's name, its procedures).
    procedure_family: tuple[str, tuple[Procedure, ...]] | None = None
    deadline_event: DeadlineEvent | None = None
    article: int | None = None
    role: Role | None = None

    @property
    def date_problem(self) -> str | None:
        return next((d.problem for d in self.dates if d.problem), None)


@dataclass(frozen=True)
class Routed:
    """The router's verdict. `rule` names the decision-list row, for logs and the eval."""

    intent: Intent
    confidence: float
    entities: Entities = field(default_factory=Entities)
    text: str = ""  # normalised text the entity spans refer to
    rule: str = ""
    command: str | None = None  # slash command name when the message was one
    args: str = ""  # the command's argument text
