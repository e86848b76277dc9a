"""Deadlines as a dialogue: region, which time limit, and the date it runs from.

What the date means (备案日期, 收到处理决定日期 …) comes from the rule table, so
the question asked names the right date. A date the user gives carries a role read
from the words around it (`bot.date_roles`: 备案 → filing, 到期 → expiry, 公告 →
announcement …), and the role picks among sibling events (申辩 after 公告 vs after
收到决定) and the date to use. A renewal question may give the filing date instead of
the expiry date ("兵团一家机构2024年3月1日备案"); the tool derives the expiry first with
the registry's one validity rule and says so.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from bot.citations import hits_from_rules
from bot.dates import DateFlag, DateRole, ParsedDate, Precision, parse_dates
from bot.dialogues import common
from bot.handlers import answer_policy, source_buttons
from bot.intents import Routed
from bot.messages import Intent, Reply
from bot.remind import deadline_button
from bot.slots import Slot
from bot.states import Dialogue, Payload, Step
from corpus.models import JURISDICTION_NAMES, Jurisdiction
from errors import InputError
from tools.deadlines import (
    DeadlineAnswer,
    compute_deadline,
    deadline_from_filing,
    list_events,
    render_deadline,
    renewal_for_agency,
    rule_statement,
)
from tools.workdays import format_date_zh

if TYPE_CHECKING:
    from bot.services import Services
    from bot.turn import Turn
    from db.models import ConversationState

D = Dialogue.DEADLINE
# The router's event names mapped to the rule table's event codes, in order of preference.
EVENT_CODES: dict[str, tuple[str, ...]] = {
    "renewal": ("renewal", "filing"),  # "有效期到哪天" with a filing date is the filing row
    "archive": ("archive",),
    "retention": ("records_paper", "records_electronic"),
    "objection_receipt": ("objection_receipt", "objection_announcement"),
    "appeal": ("appeal",),
    "publicity": ("cancel_notice",),
    "publication": ("publication",),
}


def _regions() -> list[str]:
    return list(dict.fromkeys(e.jurisdiction for e in list_events()))


def _events(region: str) -> list[tuple[str, str]]:
    return [(e.event, e.name_zh) for e in list_events(region)]


def _date_prompt(region: str, event: str) -> str:
    info = next(e for e in list_events(region) if e.event == event)
    if event == "renewal":
        return "请发送备案有效期届满日(如 2026年5月10日);只知道备案日期的,请写“备案日期 2023年5月10日”。"
    return f"请发送{info.date_zh}(如 2025年3月15日 或 2025-3-15)。"


def start(engine: Services, turn: Turn, routed: Routed) -> Reply:
    entities = routed.entities
    answers: dict[str, Any] = {}
    region = common.initial_region(turn, entities.regions, _regions())
    good = [d for d in entities.dates if _countable(d)]
    if region:
        answers["jurisdiction"] = region
        wanted = EVENT_CODES.get(entities.deadline_event.value, ()) if entities.deadline_event else ()
        if wanted and not _regulates(region, wanted):
            return answer_policy(engine, turn, routed)
        event = _pick_event(region, wanted, good, routed.text)
        if event:
            answers["event"] = event
            also = _unpicked_siblings(region, wanted, event, routed.text)
            if also:
                answers["also"] = also
    problem = entities.date_problem
    if problem:
        return common.reask(_without_date, turn, answers, f"{problem},请核对后重新输入。")
    if good:
        answers.update(_date_answer(good, answers.get("event")))
    if routed.slot == Slot.HOW_LONG.value:
        answers["period_asked"] = True  # "续期要提前多久交": the rule's period is the answer
    return advance(turn, answers)


def _countable(parsed: ParsedDate) -> bool:
    """A date a deadline can be counted from. A year alone ("2024年备案的") is not: the rule is
    said and the day asked for, as for a month whose days give different deadlines."""
    return parsed.ok and parsed.value is not None and parsed.precision is not Precision.YEAR


def _regulates(region: str, wanted: tuple[str, ...]) -> bool:
    """Whether the region's rule table holds one of the events the question names. When it
    holds none ("兵团 档案要保存多久": 兵团 sets no period), the answer comes from the texts,
    which say the region is silent and what others set, not a menu of unrelated limits."""
    return any(e.event in wanted for e in list_events(region))


def _pick_event(region: str, wanted: tuple[str, ...], dates: list[ParsedDate], text: str) -> str | None:
    """Among the events the question may mean, one whose cue words the question uses
    (续期, 公告 → the announcement branch), else the one whose date role a given date has,
    else the first the region regulates."""
    infos = {e.event: e for e in list_events(region)}
    candidates = [code for code in wanted if code in infos]
    roles = {d.role.value for d in dates}
    by_role = [code for code in candidates if infos[code].date_role in roles]
    by_cue = [code for code in candidates if any(cue in text for cue in infos[code].cues)]
    return next(iter(by_cue or by_role or candidates), None)


def _unpicked_siblings(region: str, wanted: tuple[str, ...], event: str, text: str) -> list[str]:
    """The other branches of one time limit, counted from the same date, when the question
    picks none by its words: "资料保管到啥时候" is answered for paper (3 years) and electronic
    (5 years) records alike, rather than for whichever the table lists first."""
    infos = {e.event: e for e in list_events(region)}
    if any(cue in text for code in wanted if code in infos for cue in infos[code].cues):
        return []
    role = infos[event].date_role
    return [code for code in wanted if code in infos and code != event and role and infos[code].date_role == role]


def _date_answer(dates: list[ParsedDate], event: str | None) -> dict[str, Any]:
    """The date to compute from and what it is. For renewal an expiry date wins over a
    filing date (no derivation needed); otherwise the date whose role is the event's."""
    wanted = DateRole.EXPIRY if event in (None, "renewal") else _event_role(event)
    chosen = next((d for d in dates if d.role is wanted), None)
    if chosen is None and event in (None, "renewal"):
        # A filing's term runs from its filing, which is published as the filing result
        # ("我们是2024年10月18号公布的"): a day announced is the filing's day here.
        chosen = next((d for d in dates if d.role in (DateRole.FILING, DateRole.ANNOUNCEMENT)), None)
    chosen = chosen or next((d for d in dates if d.role is DateRole.UNKNOWN), dates[0])
    filed = chosen.role is DateRole.FILING or (event in (None, "renewal") and chosen.role is DateRole.ANNOUNCEMENT)
    role = "filed_on" if filed else "on"
    return {"date": chosen.value.isoformat(), "date_role": role, "month_only": chosen.precision is Precision.MONTH}  # type: ignore[union-attr]


def _month_days(chosen: dict[str, Any]) -> tuple[date, date]:
    """The first and the last day of the month a date without a day names."""
    first = date.fromisoformat(chosen["date"])
    return first, first.replace(day=monthrange(first.year, first.month)[1])


def _month_ends(turn: Turn, answers: dict[str, Any], chosen: dict[str, Any]) -> tuple[date | None, date | None]:
    """For a month without a day: the deadlines its first and its last day give (None where
    none can be computed)."""
    ends: list[date | None] = []
    for day in _month_days(chosen):
        try:
            ends.append(_compute(turn, answers["jurisdiction"], answers["event"], day, chosen["date_role"]).end)
        except InputError:
            ends.append(None)
    return ends[0], ends[1]


def _month_range(chosen: dict[str, Any], ends: tuple[date | None, date | None]) -> str:
    """The two deadlines of a month's first and last day, and a request for the day
    (computing from the 1st would call a deadline passed that may be weeks away)."""
    first, last = _month_days(chosen)
    said = [f"{format_date_zh(day)}的最迟{format_date_zh(due)}" for day, due in zip((first, last), ends, strict=True) if due]
    month = f"{first.year}年{first.month}月"
    spread = f"截止日取决于具体哪天:{';'.join(said)}。" if len(said) == 2 else ""
    return f"只给了月份({month}),{spread}请发送具体日期,如{month}15日。"


def _in_asked_year(parsed: ParsedDate, asked_month: str | None) -> ParsedDate:
    """"3月20号" after "只给了月份(2027年3月)": the year is the one just named, not this one."""
    if not asked_month or DateFlag.YEAR_INFERRED not in parsed.flags or parsed.value is None:
        return parsed
    year, month = (int(part) for part in asked_month.split("-"))
    if parsed.value.month != month or parsed.value.year == year:
        return parsed
    return replace(parsed, value=parsed.value.replace(year=year))


def _event_role(event: str) -> DateRole | None:
    role = next((e.date_role for e in list_events() if e.event == event and e.date_role), None)
    return DateRole(role) if role else None


def advance(turn: Turn, answers: dict[str, Any]) -> Reply:
    region = answers.get("jurisdiction")
    if not region:
        return common.ask(turn, D, Step.JURISDICTION, answers, "请选择地区:", common.region_choices(_regions()))
    event = answers.get("event")
    if not event:
        return common.ask(turn, D, Step.EVENT, answers, "要计算哪个期限?", _events(region), per_row=1)
    if answers.get("date") and answers.get("month_only"):
        # "明年3月到期": the 1st and the 31st give different deadlines; ask for the day, unless
        # the text sets no such time limit (天津's renewal), which is said at once.
        chosen = {"date": answers["date"], "date_role": answers.get("date_role", "on")}
        rest = {k: v for k, v in answers.items() if k not in ("date", "date_role", "month_only")}
        if not rule_statement(region, event).stated:
            return _rule_then_date(turn, rest, region, event)
        ends = _month_ends(turn, rest, chosen)
        if ends[0] is None or ends[0] != ends[1]:
            rest["asked_month"] = answers["date"][:7]  # "3月20号" next means that month's year
            if answers.get("period_asked"):  # the rule first, then what the month leaves open
                return common.reask_after_first(_without_date, turn, rest, _month_range(chosen, ends))
            return common.reask(_without_date, turn, rest, _month_range(chosen, ends))
        # Every day of the month gives one deadline (the next 公布 batch): it is answered.
        answers = {**rest, **chosen, "whole_month": True}
    if not answers.get("date"):
        return _rule_then_date(turn, answers, region, event)
    on, role = date.fromisoformat(answers["date"]), answers.get("date_role", "on")
    answer = _compute(turn, region, event, on, role)
    siblings = [_compute(turn, region, code, on, role) for code in answers.get("also", ())]
    common.finish(turn, D)
    hits = hits_from_rules((*answer.citations, *(c for s in siblings for c in s.citations)))
    remind = deadline_button(turn, answer, on, from_filing=role == "filed_on")  # "提醒我" (bot/remind.py)
    buttons = (*source_buttons(hits), (remind,)) if remind else source_buttons(hits)
    # A rule the text leaves unstated (天津 sets no renewal window) is said, and is no answer.
    stated = answer.start is not None or answer.end is not None
    text = _rendered(answer, siblings)
    if answers.get("whole_month"):  # the answer first: users read the first line
        head, _, rest = text.partition("\n")
        text = "\n".join(filter(None, [head, f"(只说了{on.year}年{on.month}月:这个月哪一天结果都一样,上面按{on.month}月1日算。)", rest]))
    return Reply(text, Intent.DEADLINE, citations=hits, buttons=buttons, covered=stated)


def _rendered(answer: DeadlineAnswer, siblings: list[DeadlineAnswer]) -> str:
    """The answer, with each sibling branch's own line right under its first line."""
    lines = render_deadline(answer).splitlines()
    extra = [s.description_zh for s in siblings]
    cited = [line for s in siblings for line in render_deadline(s).splitlines()[1:] if line not in lines]
    return "\n".join([lines[0], *extra, *lines[1:], *dict.fromkeys(cited)])


def _rule_then_date(turn: Turn, answers: dict[str, Any], region: str, event: str) -> Reply:
    """Before the date: the rule in the text's words ("续期申请啥时候交" is answered by "应于有效期满
    3个月前"), then the date that would place it. A rule the text leaves unstated is said at
    once: no date can compute it, so none is asked for."""
    statement = rule_statement(region, event)
    hits = hits_from_rules(statement.citations)
    if not statement.stated:
        common.finish(turn, D)
        return Reply(statement.text, Intent.DEADLINE, citations=hits, buttons=source_buttons(hits), covered=False)
    prompt = f"{_region_label(region)}{statement.text}\n要算出具体日期,{_date_prompt(region, event)}"
    return replace(common.ask(turn, D, Step.DATE, answers, prompt), citations=hits)


def _region_label(region: str) -> str:
    return f"{JURISDICTION_NAMES[Jurisdiction(region)]}:"


def _compute(turn: Turn, region: str, event: str, on: date, role: str) -> DeadlineAnswer:
    """A filing date given for an expiry-dated event derives the expiry first."""
    if role == "filed_on":
        return deadline_from_filing(region, event, on, today=turn.today)
    if event == "renewal":
        return renewal_for_agency(region, valid_until=on, today=turn.today)
    return compute_deadline(region, event, on, today=turn.today)


def _apply(turn: Turn, state: ConversationState, value: str) -> Reply:
    answers = dict(state.answers)
    step = Step(state.step)
    if step is Step.JURISDICTION:
        return common.choose_region(advance, turn, answers, value, _regions())
    if step is Step.EVENT:
        choices = _events(answers["jurisdiction"])
        return common.choose(advance, turn, answers, value, "event", choices, "请从按钮中选择要计算的期限。")
    dates = parse_dates(value, turn.today)
    problem = next((d.problem for d in dates if d.problem), None)
    moved = _named_region(value, answers) if not dates else None
    if moved is not None:  # "内蒙古那边是啥要求": the same time limit, asked of another region
        return advance(turn, _in_region(answers, moved))
    if problem or not dates or dates[0].value is None:
        return common.reask(_without_date, turn, answers, f"{problem}。" if problem else "没有识别出日期。")
    good = [_in_asked_year(d, answers.get("asked_month")) for d in dates if _countable(d)]
    if not good:  # "2024年": no day to count from
        year = dates[0].value.year
        return common.reask(_without_date, turn, answers, f"只给了年份({year}年),请发送具体日期,如{year}年5月10日。")
    chosen = _date_answer(good, answers.get("event"))
    try:
        given = {**answers, "date_role": chosen["date_role"], "month_only": chosen["month_only"]}
        return advance(turn, common.remember(given, "date", chosen["date"]))
    except InputError as exc:
        return common.reask(_without_date, turn, answers, exc.message_zh)


def _named_region(text: str, answers: dict[str, Any]) -> str | None:
    """Another region with time-limit rules, asked of instead of giving a date: "内蒙古",
    "那天津呢", "内蒙古那边是啥要求" (the follow-up swap cues). A full question naming a
    region ("天津评价机构资料保管多少年") is a new question, not this."""
    from bot.region_swap import asked_again_of  # noqa: PLC0415

    region = asked_again_of(text.strip())
    if region is None or region.value not in _regions() or region.value == answers.get("jurisdiction"):
        return None
    return region.value


def _in_region(answers: dict[str, Any], region: str) -> dict[str, Any]:
    """The dialogue's answers moved to `region`: its event kept when that region has it."""
    kept = {k: v for k, v in answers.items() if k not in ("jurisdiction", "event", "also", "date", "date_role")}
    moved = common.remember(kept, "jurisdiction", region)
    event = answers.get("event")
    return common.remember(moved, "event", event) if event in dict(_events(region)) else moved


def _without_date(turn: Turn, answers: dict[str, Any]) -> Reply:
    """Ask for the date again: a rejected date must not be kept."""
    return advance(turn, {k: v for k, v in answers.items() if k not in ("date", "date_role")})


def on_text(engine: Services, turn: Turn, state: ConversationState, routed: Routed) -> Reply | None:  # noqa: ARG001
    return common.on_text(_apply, turn, state, routed)


def on_button(
    engine: Services, turn: Turn, state: ConversationState | None, prefix: Payload, args: list[str]  # noqa: ARG001
) -> Reply | None:
    return common.on_button(advance, _apply, turn, state, prefix, args)
