"""Deadlines and windows of the filing regimes, computed from `corpus/rules/deadlines.yaml`.

Each (jurisdiction, event) pair has exactly one rule, so `compute_deadline` returns
one `DeadlineAnswer`: the due date or window, the rule's citations and every
caveat that applies (text silent or vague, counting convention, holiday
rollover, working days estimated beyond the calendar's known years). Where a
text sets no date the rule is `unstated` and the answer says so with start and
end None; nothing is invented here — all numbers come from the YAML.

Date semantics: `start`/`end` are inclusive. A due date alone has start None;
a "from this day on" threshold (e.g. a year without evaluations) has end None.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from corpus import Jurisdiction
from errors import InputError
from tools.deadline_rules import (
    DeadlineRule,
    DeadlineTable,
    NextMonthOutcome,
    OffsetOutcome,
    UnstatedOutcome,
    YearEndOutcome,
)
from tools.rules import RuleCitation, load_table, parse_jurisdiction
from tools.workdays import (
    calendar_caveat,
    estimated_years,
    format_date_zh,
    is_workday,
    month_end,
    next_workday,
    validate_input_date,
)

__all__ = [
    "DeadlineAnswer",
    "DeadlineRule",
    "EventInfo",
    "compute_deadline",
    "deadline_from_filing",
    "deadline_table",
    "list_events",
    "renewal_for_agency",
    "render_deadline",
    "renewal_window",
    "rule_statement",
]


@dataclass(frozen=True)
class DeadlineAnswer:
    rule_id: str
    jurisdiction: str
    event: str
    description_zh: str
    start: date | None  # window start, inclusive (None when only a due date)
    end: date | None  # due date / window end, inclusive (None for "from start on")
    citations: tuple[RuleCitation, ...]
    caveats: tuple[str, ...]  # text silent or vague, conventions, calendar estimates


@dataclass(frozen=True)
class EventInfo:
    """One menu entry: which date to ask for, in Chinese, and the rule that answers."""

    jurisdiction: str
    event: str
    name_zh: str
    date_zh: str
    rule_id: str
    date_role: str | None = None  # what the asked-for date is: filing, expiry, announcement …
    cues: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def deadline_table() -> DeadlineTable:
    return load_table("deadlines", DeadlineTable)


def list_events(jurisdiction: str | None = None) -> list[EventInfo]:
    """Every (jurisdiction, event) with a rule, optionally for one jurisdiction, in file order."""
    table = deadline_table()
    wanted = parse_jurisdiction(jurisdiction) if jurisdiction else None
    return [
        EventInfo(rule.jurisdiction.value, rule.event, table.events[rule.event].name_zh,
                  table.events[rule.event].date_zh, rule.id, table.events[rule.event].role,
                  table.events[rule.event].cues)
        for rule in table.rules
        if wanted is None or rule.jurisdiction is wanted
    ]


def _find_rule(table: DeadlineTable, jurisdiction: Jurisdiction, event: str) -> DeadlineRule:
    """Accept an event code or its Chinese name; name the choices when it is neither."""
    text = event.strip()
    for code, name in table.events.items():
        rule = table.rule_for(jurisdiction, code) if text in (code, name.name_zh) else None
        if rule is not None:
            return rule
    choices = [f"{e.event}({e.name_zh})" for e in list_events(jurisdiction.value)]
    if not choices:
        raise InputError(f"本库收录的{jurisdiction.label_zh}文件中没有评价机构相关的期限规定。")
    raise InputError(f"{jurisdiction.label_zh}没有“{text}”这一期限事项。可选:{'、'.join(choices)}")


@dataclass(frozen=True)
class _Span:
    start: date | None
    end: date | None
    estimated: tuple[int, ...] = ()  # years whose working days were only estimated
    clamped: bool = False  # a month-based bound fell on a month without the same day


def _span(rule: DeadlineRule, on: date) -> _Span:
    outcome = rule.outcome
    if isinstance(outcome, OffsetOutcome):
        offsets = [o for o in (outcome.start, outcome.end) if o is not None]
        start = outcome.start.apply(on) if outcome.start else None
        end = outcome.end.apply(on) if outcome.end else None
        bounds = [d for d in (on, start, end) if d is not None]
        uses_workdays = any(o.workdays for o in offsets)
        return _Span(
            start,
            end,
            estimated_years(*bounds) if uses_workdays else (),
            any(o.clamps(on) for o in offsets),
        )
    if isinstance(outcome, NextMonthOutcome):
        year, month = on.year, next((m for m in sorted(outcome.months) if m >= on.month), None)
        if month is None:
            year, month = on.year + 1, min(outcome.months)
        return _Span(date(year, month, 1), month_end(year, month))
    if isinstance(outcome, YearEndOutcome):
        return _Span(date(on.year, 1, 1), date(on.year, 12, 31))
    return _Span(None, None)


@dataclass(frozen=True)
class RuleStatement:
    """What the text says of a time limit before any date is known: its own words, or for a
    rule the text leaves unstated the table's sentence saying so."""

    text: str
    citations: tuple[RuleCitation, ...]
    stated: bool


def rule_statement(jurisdiction: str, event: str) -> RuleStatement:
    """The rule of (jurisdiction, event) as the text words it: "原文:“…应于有效期满3个月前…”",
    so a question without its date still gets the rule first (the date only places it)."""
    rule = _find_rule(deadline_table(), parse_jurisdiction(jurisdiction), event)
    if isinstance(rule.outcome, UnstatedOutcome):
        return RuleStatement(rule.description_zh, tuple(rule.citations), stated=False)
    first = rule.citations[0]
    quotes = [c.quote for c in rule.citations if (c.doc_key, c.article) == (first.doc_key, first.article)]
    return RuleStatement(f"原文:“{'……'.join(quotes)}”({first.formatted})", (first,), stated=True)


def _answer(rule: DeadlineRule, on: date) -> DeadlineAnswer:
    table = deadline_table()
    span = _span(rule, on)
    start, end, estimated = span.start, span.end, span.estimated
    values = {
        "on": format_date_zh(on),
        "start": format_date_zh(start) if start else "",
        "end": format_date_zh(end) if end else "",
    }
    caveats = [text.format(**values) for text in rule.caveats]
    caveats += [table.notes[key].format(**values) for key in rule.notes]
    if span.clamped and "month_end" not in rule.notes:
        caveats.append(table.notes["month_clamped"].format(**values))
    outcome = rule.outcome
    if isinstance(outcome, OffsetOutcome) and outcome.action_due and end and not is_workday(end):
        rolled = format_date_zh(next_workday(end))
        caveats.append(table.notes["holiday_rollover"].format(**values, next=rolled))
        estimated = tuple(sorted({*estimated, *estimated_years(end, next_workday(end))}))
    if note := calendar_caveat(estimated):
        caveats.append(note)
    return DeadlineAnswer(
        rule_id=rule.id,
        jurisdiction=rule.jurisdiction.value,
        event=rule.event,
        description_zh=rule.description_zh.format(**values),
        start=start,
        end=end,
        citations=tuple(rule.citations),
        caveats=tuple(caveats),
    )


def compute_deadline(
    jurisdiction: str, event: str, on: date, *, today: date | None = None
) -> DeadlineAnswer:
    """The due date or window of one event in one jurisdiction, given the event's date.

    `event` is a code from `list_events` or its Chinese name. A date before 2000 or
    more than ten years ahead raises InvalidDateError; an event the jurisdiction's
    text does not regulate raises InputError listing the events it does.
    """
    rule = _find_rule(deadline_table(), parse_jurisdiction(jurisdiction), event)
    validate_input_date(on, today)
    return _answer(rule, on)


def renewal_window(
    jurisdiction: str, valid_until: date, *, today: date | None = None
) -> DeadlineAnswer:
    """When to apply for renewal of a filing valid until `valid_until`.

    A jurisdiction whose texts set no renewal rule at all gets an answer saying so
    (no dates, no citations); 天津's rule is `unstated` in the table with its citations.
    """
    where = parse_jurisdiction(jurisdiction)
    if deadline_table().rule_for(where, "renewal"):
        return compute_deadline(where.value, "renewal", valid_until, today=today)
    validate_input_date(valid_until, today)
    return DeadlineAnswer(
        rule_id=f"{where.value}.renewal.none",
        jurisdiction=where.value,
        event="renewal",
        description_zh=f"本库收录的{where.label_zh}文件没有规定评价机构备案的有效期或续期申请时间。",
        start=None,
        end=None,
        citations=(),
        caveats=("请向备案部门确认续期要求。",),
    )


def _status_zh(answer: DeadlineAnswer, today: date) -> str:
    """Where today stands relative to the renewal window, as one Chinese sentence."""
    if answer.end is None:
        return ""
    if today > answer.end:
        return f"今天({format_date_zh(today)})已过申请截止日{(today - answer.end).days}天。"
    if answer.start and today < answer.start:
        return f"申请期尚未开始,还有{(answer.start - today).days}天开始。"
    if today == answer.end:
        return "今天就是申请截止日。"
    return f"距申请截止还有{(answer.end - today).days}天。"


def renewal_for_agency(
    jurisdiction: str,
    *,
    valid_until: date | None = None,
    filed_on: date | None = None,
    today: date | None = None,
) -> DeadlineAnswer:
    """"When must we apply for renewal" for a registry agency, from plain registry values.

    Uses `valid_until` when the registry has it, else derives it from `filed_on` with
    the jurisdiction's filing-validity rule (and says so). Adds today's position
    relative to the window to the description.
    """
    today = today or date.today()
    derived: tuple[str, ...] = ()
    validity_citations: tuple[RuleCitation, ...] = ()
    if valid_until is None:
        if filed_on is None:
            raise InputError("需要备案有效期届满日或备案日期中的至少一个。")
        valid_until, derived, validity_citations = _expiry_from_filing(jurisdiction, filed_on, today)
    answer = renewal_window(jurisdiction, valid_until, today=today)
    status = _status_zh(answer, today)
    return replace(
        answer,
        description_zh=f"{answer.description_zh}{status}",
        citations=answer.citations + tuple(c for c in validity_citations if c not in answer.citations),
        caveats=derived + answer.caveats,
    )


def deadline_from_filing(
    jurisdiction: str, event: str, filed_on: date, *, today: date | None = None
) -> DeadlineAnswer:
    """An event whose date is the expiry date (续期, 期满未续期, 续期后的有效期), given the
    filing date instead: the expiry is derived first (`db.status.validity_end`) and the
    answer says so and cites the validity rule too. Other events use `filed_on` as is."""
    if event == "renewal":
        return renewal_for_agency(jurisdiction, filed_on=filed_on, today=today)
    info = next((e for e in list_events(jurisdiction) if e.event == event), None)
    if info is None or info.date_role != "expiry":
        return compute_deadline(jurisdiction, event, filed_on, today=today)
    valid_until, derived, validity_citations = _expiry_from_filing(jurisdiction, filed_on, today)
    answer = compute_deadline(jurisdiction, event, valid_until, today=today)
    return replace(
        answer,
        citations=answer.citations + tuple(c for c in validity_citations if c not in answer.citations),
        caveats=derived + answer.caveats,
    )


def _expiry_from_filing(
    jurisdiction: str, filed_on: date, today: date | None
) -> tuple[date, tuple[str, ...], tuple[RuleCitation, ...]]:
    """The last valid day of a filing, the caveat saying it was derived, and the rule's citations."""
    validity = compute_deadline(jurisdiction, "filing", filed_on, today=today)
    years = _validity_years(jurisdiction)
    if validity.end is None or years is None:
        raise InputError("无法由备案日期推算有效期,请提供有效期届满日。")
    from db.status import validity_end  # noqa: PLC0415  (see _months_later)

    valid_until = validity_end(filed_on, years)
    derived = f"有效期届满日由备案日期{format_date_zh(filed_on)}推算为{format_date_zh(valid_until)}(期满日为{years}年后的对应日)。"
    return valid_until, (derived,), validity.citations


def _validity_years(jurisdiction: str) -> int | None:
    """Whole years of the jurisdiction's filing-validity rule (3 where a text sets it)."""
    rule = deadline_table().rule_for(parse_jurisdiction(jurisdiction), "filing")
    outcome = rule.outcome if rule else None
    if not isinstance(outcome, OffsetOutcome) or outcome.end is None:
        return None
    end = outcome.end
    return end.years if not (end.months or end.days or end.workdays) else None


def render_deadline(answer: DeadlineAnswer) -> str:
    """Plain Chinese text: the answer, its caveats, then its citations."""
    lines = [answer.description_zh]
    lines += [f"注:{caveat}" for caveat in answer.caveats]
    lines += list(dict.fromkeys(f"依据:{c.formatted}" for c in answer.citations))
    return "\n".join(lines)
