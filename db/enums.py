"""Closed sets of the registry, with stable English values (persisted) and Chinese labels (shown).

Values are what the database and `--json` hold, so they never change; labels are what
people read and type, so `parse_label` accepts the label, the value and a few common
variants ("社会培训评价组织" or "社培组织"). Anything else gets a Chinese message listing
the allowed labels.
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum
from typing import TypeVar

from errors import InputError

E = TypeVar("E", bound="LabelledEnum")


def _fold(text: str) -> str:
    """NFKC (full-width brackets to ASCII) without any whitespace."""
    return "".join(unicodedata.normalize("NFKC", str(text)).split())


class LabelledEnum(StrEnum):
    """A StrEnum whose members carry a Chinese label in `_LABELS` (set after the class)."""

    @property
    def label_zh(self) -> str:
        return _LABELS[self]

    @classmethod
    def parse_label(cls: type[E], text: str, *, field: str) -> E:
        """Member named by `text` (label, value or alias); InputError in Chinese otherwise."""
        key = _fold(text)
        for member in cls:
            names = {_fold(n) for n in (member.label_zh, *_ALIASES.get(member, ()))}
            if key in names or key.lower() == member.value:
                return member
        allowed = "、".join(m.label_zh for m in cls)
        raise InputError(f"{field}“{text}”无法识别,可选:{allowed}。")


class AgencyType(LabelledEnum):
    """评价机构类型 (兵团办法第二条; 内蒙古办法第三条; 国家行业组织承接办法)."""

    EMPLOYER = "employer"
    COLLEGE = "college"
    SOCIAL_ORG = "social_org"
    SPECIAL_ABILITY = "special_ability"
    QUALIFICATION = "qualification"
    INDUSTRY_ORG = "industry_org"


class FilingState(LabelledEnum):
    """The administrative state a regulator decides; time-based states are derived, not stored."""

    ACTIVE = "active"
    SUSPENDED = "suspended"
    TERMINATED = "terminated"


class TerminationKind(LabelledEnum):
    """How a filing ended: 兵团办法第十八条(五) 自愿, 第十九条(一) 自动, 第十九条(二) 责令."""

    VOLUNTARY = "voluntary"
    AUTOMATIC = "automatic"
    ORDERED = "ordered"


class FilingStatus(LabelledEnum):
    """What users see: the stored state refined by the dates (see `db.status.derive_status`)."""

    VALID = "valid"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    SUSPENDED = "suspended"
    TERMINATED = "terminated"


class SupervisionKind(LabelledEnum):
    """督导、年检、评估 and list ratings, as named in the three local texts."""

    SPECIAL_INSPECTION = "special_inspection"
    ONSITE_INSPECTION = "onsite_inspection"
    ANNUAL_CHECK = "annual_check"
    PERIODIC_EVALUATION = "periodic_evaluation"
    RATING = "rating"


class SupervisionResult(LabelledEnum):
    EXCELLENT = "excellent"
    PASSED = "passed"
    RECTIFY = "rectify"
    FAILED = "failed"


class Rating(LabelledEnum):
    """天津规程第二十三条 红黑榜; 兵团办法第二十一条 白名单."""

    RED = "red"
    BLACK = "black"
    WHITELIST = "whitelist"


_LABELS: dict[LabelledEnum, str] = {
    AgencyType.EMPLOYER: "用人单位",
    AgencyType.COLLEGE: "院校",
    AgencyType.SOCIAL_ORG: "社会培训评价组织",
    AgencyType.SPECIAL_ABILITY: "专项职业能力考核机构",
    AgencyType.QUALIFICATION: "职业资格评价机构",
    AgencyType.INDUSTRY_ORG: "行业组织",
    FilingState.ACTIVE: "有效",
    FilingState.SUSPENDED: "暂停(核查中)",
    FilingState.TERMINATED: "终止",
    TerminationKind.VOLUNTARY: "自愿终止",
    TerminationKind.AUTOMATIC: "自动终止",
    TerminationKind.ORDERED: "责令终止",
    FilingStatus.VALID: "有效",
    FilingStatus.EXPIRING: "临近到期",
    FilingStatus.EXPIRED: "已过期未续期",
    FilingStatus.SUSPENDED: "暂停(核查中)",
    FilingStatus.TERMINATED: "终止",
    SupervisionKind.SPECIAL_INSPECTION: "专项督导",
    SupervisionKind.ONSITE_INSPECTION: "现场督导",
    SupervisionKind.ANNUAL_CHECK: "年检",
    SupervisionKind.PERIODIC_EVALUATION: "定期评估",
    SupervisionKind.RATING: "红黑榜/白名单评定",
    SupervisionResult.EXCELLENT: "优秀",
    SupervisionResult.PASSED: "合格",
    SupervisionResult.RECTIFY: "限期整改",
    SupervisionResult.FAILED: "不合格",
    Rating.RED: "红榜",
    Rating.BLACK: "黑榜",
    Rating.WHITELIST: "白名单",
}

_ALIASES: dict[LabelledEnum, tuple[str, ...]] = {
    AgencyType.COLLEGE: ("院校评价机构", "技工院校", "职业院校"),
    AgencyType.SOCIAL_ORG: ("社培组织", "社会培训评价机构"),
    AgencyType.SPECIAL_ABILITY: ("专项考核机构", "专项职业能力"),
    AgencyType.QUALIFICATION: ("职业资格评价", "职业资格"),
    AgencyType.INDUSTRY_ORG: ("行业协会",),
    FilingState.SUSPENDED: ("暂停", "核查中"),
    FilingState.TERMINATED: ("终止备案", "已终止"),
    TerminationKind.VOLUNTARY: ("自愿",),
    TerminationKind.AUTOMATIC: ("自动",),
    TerminationKind.ORDERED: ("责令",),
    Rating.RED: ("红", "红色"),
    Rating.BLACK: ("黑", "黑色"),
}
