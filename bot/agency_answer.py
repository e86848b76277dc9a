"""The first line of a plain-text status answer: the answer to what was asked, stated first.

"绿洲机电还有效吗" → "示例…有限公司:有效,有效期至2028年5月14日(剩余…天)。";
"它能评三级钳工吗" → "不可以:示例…可评价钳工(五级/四级),不含高级工/三级。" The first line
writes the scope as the registry does (钳工(五级/四级)): users name levels by number, and the
full status text below spells each level out. The full status text the
filing-status tool writes follows unchanged, so nothing it shows (or hides from
non-regulators) changes; this line only reads public fields of the same answer.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from corpus.models import JURISDICTION_NAMES, Jurisdiction
from db.enums import FilingStatus
from db.scope import LEVEL_TITLES, format_scope, names_trade
from tools.scope_rules import scope_rule
from tools.status_answer import StatusAnswer
from tools.workdays import format_date_zh, month_end

__all__ = ["lead_line"]

_LIVE = frozenset({FilingStatus.VALID, FilingStatus.EXPIRING})


def _state(answer: StatusAnswer) -> str:
    """有效/临近到期/已过期/暂停/终止, with the date that matters for it."""
    until = format_date_zh(answer.valid_until)
    if answer.status is FilingStatus.TERMINATED:
        since = f"({format_date_zh(answer.state_changed_on)}起)" if answer.state_changed_on else ""
        return f"已终止备案{since},不能再开展评价"
    if answer.status is FilingStatus.SUSPENDED:
        since = f"自{format_date_zh(answer.state_changed_on)}起" if answer.state_changed_on else ""
        return f"暂停({since}暂停评价工作),有效期至{until}"
    if answer.days_left < 0:
        return f"已过期,有效期至{until},已过期{-answer.days_left}天,登记册中没有续期记录"
    label = "有效" if answer.status is FilingStatus.VALID else f"有效({answer.status.label_zh})"
    return f"{label},有效期至{until}(剩余{answer.days_left}天)"


def _level_name(level: str) -> str:
    return f"{LEVEL_TITLES[level]}/{level}" if level in LEVEL_TITLES else level


def _wanted(answer: StatusAnswer, occupation: str | None, text: str) -> str | None:
    """The 工种 asked about: the one the question names, or one of the agency's it mentions."""
    known = [str(i["occupation"]) for i in answer.scope]
    return occupation or next((k for k in sorted(known, key=len, reverse=True) if k in text), None)


def _scope_line(answer: StatusAnswer, occupation: str | None, level: str | None, text: str) -> str:
    name = answer.agency_name
    items: list[dict[str, Any]] = list(answer.scope)
    wanted = _wanted(answer, occupation, text)
    if wanted is None and level and not any(level in (i.get("levels") or []) for i in items):
        # "一级呢 能不能顺带评了": no 工种 it filed goes to that level.
        return f"不可以:{name}的备案评价范围不含{_level_name(level)}。其评价范围:{format_scope(items)}。{_scope_basis(answer)}"
    if wanted is None:
        return f"{name}的评价范围:{format_scope(items)}。"
    item = next((i for i in items if names_trade(wanted, str(i["occupation"]))), None)
    live = answer.status in _LIVE and answer.days_left >= 0
    if item is None:
        return f"不可以:{name}的备案评价范围不含{wanted}。其评价范围:{format_scope(items)}。{_scope_basis(answer)}"
    levels = list(item.get("levels") or [])
    shown = format_scope([item])
    if level and levels and level not in levels:
        return f"不可以:{name}可评价{shown},不含{_level_name(level)}。{_scope_basis(answer)}"
    if not live:
        return f"不可以:{name}的评价范围含{shown},但该机构{_state(answer)}。"
    at = f"的{_level_name(level)}" if level else ""
    return f"可以:{name}可以评价{item['occupation']}{at}(备案范围:{shown});备案{_state(answer)}。"


def _scope_basis(answer: StatusAnswer) -> str:
    """Why outside the filed scope is "no": the agency's jurisdiction's rule, quoted, when its
    text has one (corpus/rules/scope.yaml)."""
    rule = scope_rule(answer.jurisdiction)
    if rule is None:
        return ""
    breach = f"{rule.breach.short}将“{rule.breach.quote}”列为{rule.breach_is}。" if rule.breach and rule.breach_is else ""
    return f"依据{rule.citation.short}:{rule.citation.quote}。{breach}"


def _renewal_line(answer: StatusAnswer, on: date | None = None) -> str:
    if answer.renewal is None:
        return f"{answer.agency_name}:{_state(answer)},无法续期。"
    window = answer.renewal
    if on is not None and (window.start or window.end):
        # "那12月20号交来得及吗": the day the application would go in, against the window.
        day = format_date_zh(on)
        if window.end and on > window.end:
            verdict = f"{day}已过续期申请截止日({format_date_zh(window.end)})"
        elif window.start and on < window.start:
            verdict = f"{day}续期申请期尚未开始(自{format_date_zh(window.start)}起)"
        elif window.start is None:
            verdict = f"{day}早于续期申请截止日({format_date_zh(window.end)}),截止日前提交即可"
        else:
            verdict = f"{day}在续期申请期内"
        return f"{answer.agency_name}:{verdict}。{window.description_zh}"
    return f"{answer.agency_name}:{_state(answer)}。{window.description_zh}"


def _reason_line(answer: StatusAnswer) -> str:
    """Why the filing is suspended or ended: the registry's 原因, which the status text shows
    every role; a live filing has none to give."""
    state = _state(answer)
    if answer.status in _LIVE and answer.days_left >= 0:
        return f"{answer.agency_name}:{state},没有暂停或终止。"
    if answer.state_reason:
        return f"{answer.agency_name}:{state}。原因:{answer.state_reason}"
    if answer.status not in (FilingStatus.SUSPENDED, FilingStatus.TERMINATED):
        return f"{answer.agency_name}:{state}。"  # run out: no renewal on record is the reason
    return f"{answer.agency_name}:{state};登记册中没有记录原因。"


def _on_line(answer: StatusAnswer, on: date, whole_month: bool) -> str:
    """Whether the filing covers a day the user names ("明年1月15号去考呢"), or every day of
    a month ("2029年6月呢"): the registry's dates decide it; a filing ending before then must
    be renewed first."""
    name, until = answer.agency_name, format_date_zh(answer.valid_until)
    day = f"{on.year}年{on.month}月" if whole_month else format_date_zh(on)
    last = month_end(on.year, on.month) if whole_month else on
    if on <= answer.valid_until < last:
        return f"{name}:有效期至{until},{day}内到期,此后须已续期备案才能开展评价;现在{_state(answer)}。"
    if on < answer.filed_on:
        return f"{name}:{day}时尚未备案(备案日期{format_date_zh(answer.filed_on)});现在{_state(answer)}。"
    since = answer.state_changed_on is None or answer.state_changed_on <= on
    if answer.status is FilingStatus.TERMINATED and since:
        return f"{name}:{day}时不能开展评价,该机构{_state(answer)}。"
    if answer.status is FilingStatus.SUSPENDED and since:
        # A suspension lasts until the check ends; the registry knows no end date.
        return f"{name}:现在{_state(answer)};暂停解除前不能开展评价,{day}能否开展取决于核查结果。"
    if on > answer.valid_until:
        return f"{name}:{day}已过备案有效期(有效期至{until}),届时须已续期备案才能开展评价;现在{_state(answer)}。"
    return f"{name}:{day}在备案有效期内(有效期至{until});现在{_state(answer)}。"


def lead_line(
    answer: StatusAnswer, aspect: str | None, occupation: str | None = None, level: str | None = None, text: str = "",
    on: date | None = None, whole_month: bool = False,
) -> str:
    """One line answering `aspect` (question.yaml `aspects`) of this agency's filing; `on`, a
    day the question names, is what "still valid?" and "until when?" are asked of."""
    if on is not None and aspect in (None, "valid", "expiry"):
        return _on_line(answer, on, whole_month)
    if aspect == "scope":
        if on is not None and _wanted(answer, occupation, text) is None:
            return _on_line(answer, on, whole_month)  # "明年3月能考吗": no 工种 named, the day is asked
        return _scope_line(answer, occupation, level, text)
    if aspect == "renewal":
        return _renewal_line(answer, on)
    if aspect == "other":
        if not answer.other_filings:
            return f"{answer.agency_name}:登记册中没有该机构的其他备案;现在这条备案{_state(answer)}。"
        return f"{answer.agency_name}另有备案:{';'.join(answer.other_filings)};现在这条备案{_state(answer)}。"
    if aspect == "contact":
        return f"{answer.agency_name}:联系人和联系电话不是公开的备案信息,本助手不提供;{_state(answer)}。"
    if aspect == "reason":
        return _reason_line(answer)
    if aspect == "place":
        where = JURISDICTION_NAMES[Jurisdiction(answer.jurisdiction)]
        return f"{answer.agency_name}:{where}·{answer.region},{answer.agency_type_zh};{_state(answer)}。"
    if aspect == "rating":
        rated = f"列入{answer.rating_zh}" if answer.rating_zh else "登记册中没有红黑榜或白名单记录"
        return f"{answer.agency_name}:{rated};{_state(answer)}。"
    if aspect == "filed":
        return f"{answer.agency_name}:备案日期{format_date_zh(answer.filed_on)};{_state(answer)}。"
    return f"{answer.agency_name}:{_state(answer)}。"
