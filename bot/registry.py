"""Registry turns: an agency's filing status, regulator lists, and linking staff to an agency.

The tools decide who may see what (tools.registry_queries.require_regulator logs
every refusal); this module only picks the query out of the message and pages
long lists. A regulator is whoever the channel says is one (REGULATOR_IDS), never
a role a user picked for themselves.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from bot.citations import hits_from_rules
from bot.dates import Precision
from bot.horizons import horizon_days
from bot.intents import Routed
from bot.messages import Button, Intent, Reply, Role
from bot.question import cue_tables, level_of, trade_of
from bot.states import Payload, payload
from corpus.models import Jurisdiction
from db.reference import named_place, regions

if TYPE_CHECKING:
    from bot.dates import ParsedDate
    from bot.services import Services
    from bot.turn import Turn

PAGE_SIZE = 10
DEFAULT_DAYS = 90
# What a button's payload may take: Telegram's 64-byte callback_data, less its channel's prefix.
MAX_PAYLOAD_BYTES = 59
ASK_AGENCY = "请发送要查询的评价机构名称、备案编号或统一社会信用代码,例如:/status 示例XX职业技能评价中心"
REGISTRY_HELP = (
    "监管名录查询:\n/registry 到期 90 — 90天内到期的备案\n/registry 已过期 — 已过期未续期\n"
    "/registry 暂停 — 暂停(核查中)\n/registry 终止 — 已终止的备案(可加期间,如 2026-01-01 2026-11-22)\n"
    "/registry 汇总 — 各状态数量\n/registry 记录 机构名称 — 变更记录\n可加地区,如 /registry 到期 60 兵团"
)
# Words a regulator types → list kind (the stable code used in page buttons).
KINDS: tuple[tuple[str, str], ...] = (
    (r"记录|历史|history", "his"),
    (r"已过期|过期|expired", "exd"),
    (r"到期|临期|expiring", "exp"),
    (r"暂停|核查|suspend", "sus"),
    (r"白名单|红榜|黑榜|红名单|黑名单|红黑榜", "rat"),
    (r"终止|注销|terminat", "ter"),
    (r"汇总|统计|总数|summary", "sum"),
)
_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")


def _query(routed: Routed) -> str:
    entities = routed.entities
    if routed.command:
        return routed.args.strip()
    if routed.rule == "status_ref":
        # "这家机构被暂停了吗" with no agency before it: it points at one and names none, so
        # the message is no name to look up (the user's own agency was taken before this).
        return entities.filing_number or entities.credit_code or entities.agency_name or ""
    return entities.filing_number or entities.credit_code or entities.agency_name or routed.text


def status(engine: Services, turn: Turn, routed: Routed) -> Reply:  # noqa: ARG001
    from bot.question import Question  # noqa: PLC0415

    question = routed if isinstance(routed, Question) else None
    named = question.agency.query if question and question.agency and not routed.command else ""
    query = named or _query(routed) or (turn.profile.linked_filing_number or "")
    if not query:
        return Reply(ASK_AGENCY, Intent.STATUS, covered=False)
    return status_of(turn, query, question)


def status_of(turn: Turn, query: str, question: Any = None) -> Reply:
    """The filing status of `query`; a plain-text `question` (bot.question.Question) gets a
    first line that answers what it asked (valid? expiry? renewal? may it evaluate X?)."""
    from tools.filing_status import filing_status  # noqa: PLC0415

    result = filing_status(session=turn.session, query=query, role=turn.role, actor=turn.user_id, today=turn.today)
    if result.answer is None:
        if not result.candidates:
            return Reply(result.text_zh(), Intent.STATUS, covered=False)
        buttons = tuple(
            (Button(c.name, payload(Payload.STATUS, c.filing_number)),) for c in result.candidates if c.filing_number
        )
        return Reply(result.text_zh(), Intent.STATUS, buttons=buttons)
    answer = result.answer
    hits = hits_from_rules([*answer.state_basis, *(answer.renewal.citations if answer.renewal else ())])
    text = result.text_zh()
    asked = _asked_day(question)
    if question is not None and (question.aspect or asked):
        from bot.agency_answer import lead_line  # noqa: PLC0415

        on, whole_month = (_upcoming(asked, turn.today), asked.precision != "day") if asked else (None, False)
        line = lead_line(answer, question.aspect, question.occupation, question.level, question.text, on, whole_month)
        text = f"{line}\n{text}"
    return Reply(text, Intent.STATUS, citations=hits, buttons=_renewal_row(turn, answer))


def _asked_day(question: Any) -> ParsedDate | None:
    """The day or month a status question asks about ("明年1月15号还有效吗", "2029年6月呢"): a
    date no word gives another role (备案日, 有效期至). A bare year is too coarse to answer."""
    from bot.dates import DateRole, Precision  # noqa: PLC0415

    dates = question.entities.dates if question is not None else ()
    return next(
        (d for d in dates if d.value is not None and d.role is DateRole.UNKNOWN and d.precision is not Precision.YEAR), None
    )


def _upcoming(asked: ParsedDate, today: date) -> date:
    """A day named without a year that has passed this year is next year's ("1月15号去考" in
    December): a day asked of an agency's filing is one the user plans for."""
    from bot.dates import DateFlag  # noqa: PLC0415
    from tools.workdays import add_months  # noqa: PLC0415

    day = asked.value
    assert day is not None
    return add_months(day, 12) if DateFlag.YEAR_INFERRED in asked.flags and day < today else day


def _renewal_row(turn: Turn, answer: Any) -> tuple[tuple[Button, ...], ...]:
    """"提醒我续期" under linked staff's own filing (status and renewal answers alike), unless
    it is terminated (bot/remind.py)."""
    from bot.remind import renewal_button  # noqa: PLC0415
    from db.enums import FilingStatus  # noqa: PLC0415

    button = None if answer.status is FilingStatus.TERMINATED else renewal_button(turn, answer.filing_number)
    return ((button,),) if button else ()


def on_status_button(engine: Services, turn: Turn, args: list[str]) -> Reply | None:  # noqa: ARG001
    """A candidate chosen by button; remembered like a typed lookup, so "它…" follows it."""
    if not args or not args[0]:
        return None
    from bot.question import AgencyRef, Question  # noqa: PLC0415
    from bot.subject_store import remember  # noqa: PLC0415

    reply = status_of(turn, args[0])
    chosen = Question(Intent.STATUS, 1.0, text=args[0], agency=AgencyRef(args[0], args[0], "filing_number"))
    remember(turn, chosen, reply)
    return reply


# A list's scope as its page buttons carry it: the region, the place in it when named (its
# index in db/regions.yaml after "@"), then the kind of body when asked ("bingtuan@8+social_org";
# the payload separates its fields by ":"), so that the next page lists the same rows.
_OF_KIND = "+"
_AT_PLACE = "@"


def _kind(text: str) -> str:
    for pattern, kind in KINDS:
        if re.search(pattern, text, re.IGNORECASE):
            return kind
    return "exp" if re.search(r"\d", text) else ""


def registry(engine: Services, turn: Turn, routed: Routed) -> Reply:  # noqa: ARG001
    text = routed.args if routed.command else routed.text
    kind = getattr(routed, "list_kind", None) or _kind(text)
    region = _scope(routed, text)
    if kind == "his":
        return _history(turn, re.sub(r"^\s*(记录|历史|history)\s*", "", text))
    if kind == "ter":
        # The period as typed (2026-01-01) or as said ("2026年1月1日到11月30日"), days only.
        dates = _DATE.findall(text) or [d.value.isoformat() for d in routed.entities.dates if d.value and d.precision is Precision.DAY]
        since = dates[0] if dates else ""  # no period named: every terminated filing up to today
        until = dates[1] if len(dates) > 1 else turn.today.isoformat()
        return _listed(turn, routed, "ter", f"{since}~{until}", region)
    if kind == "rat":  # "列入白名单的有哪几家": the ratings named, as the page buttons carry them
        return _listed(turn, routed, "rat", _ratings(text), region)
    if kind == "occ" and (trade := trade_of(text)) is not None:  # "哪些机构能考电工三级": public, anyone
        return _listed(turn, routed, "occ", f"{trade}~{level_of(text) or ''}", region)
    if kind in ("exp", "exd", "sus", "sum"):
        # "明年上半年到期", "半年内": the period named; else the first number; else 90 days.
        named = horizon_days(text, turn.today) if kind == "exp" else None
        days = named or next((int(n) for n in re.findall(r"-?\d+", text)), DEFAULT_DAYS)  # the tool rejects < 1
        reply = _listed(turn, routed, kind, str(days), region)
        return _with_lapsed(turn, reply, region) if named and not _asks_reasons(routed) else reply
    if turn.role is not Role.REGULATOR:
        return listing(turn, "sum", "-", "-", 1)  # refused and logged by the tool
    return Reply(REGISTRY_HELP, Intent.REGISTRY)


def _scope(routed: Routed, text: str) -> str:
    """Where a list looks, as the page buttons carry it: the jurisdiction ("-" for all), the
    place in it the message names ("包头的评价机构" → @ and its index in db/regions.yaml), and
    the kind of body ("哪些社会培训评价组织被暂停了" → + and the kind)."""
    where = routed.entities.regions[0] if routed.entities.regions else None
    scope = where.value if where is not None else "-"
    place = named_place(text, where)
    if place is not None:
        scope = f"{place.jurisdiction.value}{_AT_PLACE}{regions(place.jurisdiction).index(place)}"
    if routed.entities.applicant_type is not None:
        scope = f"{scope}{_OF_KIND}{routed.entities.applicant_type.value}"
    return scope


def _place_name(jurisdiction: str, index: str) -> str | None:
    """The place a scope's index names; None for none, or for an index no list made."""
    if not index.isdigit() or jurisdiction not in {j.value for j in Jurisdiction}:
        return None
    places = regions(Jurisdiction(jurisdiction))
    return places[int(index)].name if int(index) < len(places) else None


def _ratings(text: str) -> str:
    """The ratings a list names ("whitelist", "red.black" for 红黑榜), as the page payload carries them."""
    cues = cue_tables().raw["registry_list"]["ratings"]
    return ".".join(code for code, cue in cues.items() if re.search(cue, text)) or "whitelist.red.black"


def _asks_reasons(routed: Routed) -> bool:
    """"都是啥原因" after a list (bot/followup.py reads it as the same list, asked for reasons)."""
    return getattr(routed, "followup", None) == "reasons"


def _listed(turn: Turn, routed: Routed, kind: str, param: str, region: str) -> Reply:
    """The list's first page; asked for reasons, those the registry records first."""
    result = _fetch(turn, kind, param, region)
    reply = listing(turn, kind, param, region, 1, result)
    subset = getattr(routed, "listed_subset", ())
    if subset:
        return _narrowed(reply, getattr(result, "rows", ()), subset)
    return _reasons_first(reply, getattr(result, "rows", ())) if _asks_reasons(routed) else reply


def _narrowed(reply: Reply, rows: Sequence[Any], subset: Sequence[str]) -> Reply:
    """"哪家是被责令终止的" after a list where two are: those rows, each with its state and
    reason; the list as shown when none is still in it (or it is refused)."""
    picked = [row for row in rows if row.filing_number in subset]
    if not picked:
        return reply
    names = "、".join(row.agency_name for row in picked)
    return replace(reply, text="\n".join([f"名单中符合的有{len(picked)}家:{names}。", *(row.line_zh() for row in picked)]))


def _reasons_first(reply: Reply, rows: Sequence[Any]) -> Reply:
    """"都是啥原因" after a list: a first line with each row's recorded reason, then the list.
    A refused list (not a regulator) has no rows and stays refused: it reveals nothing."""
    if not rows:
        return reply
    reasons = [f"{row.agency_name}:{row.state_reason}" for row in rows[:PAGE_SIZE] if row.state_reason]
    more = f"(另有{len(rows) - PAGE_SIZE}条,见下方列表)" if len(rows) > PAGE_SIZE else ""
    line = f"原因(名录记录):{';'.join(reasons)}。{more}" if reasons else "名录没有记录这些备案的原因。"
    return replace(reply, text=f"{line}\n{reply.text}")


def _with_lapsed(turn: Turn, reply: Reply, region: str) -> Reply:
    """A list of filings expiring up to a date the question names ("年底前到期的") with the ones
    that already expired and were not renewed: up to that date they lapsed too, and they are
    what a regulator asking so has to chase. Nothing is added for anyone else."""
    lapsed = getattr(_fetch(turn, "exd", "-", region), "rows", ())
    if not lapsed:
        return reply
    lines = [f"另有已过期、未续期的备案{len(lapsed)}条:", *(row.line_zh() for row in lapsed[:PAGE_SIZE])]
    if len(lapsed) > PAGE_SIZE:
        lines.append("(输入“已过期的机构有哪些”查看全部)")
    return replace(reply, text="\n".join([reply.text, *lines]))


def _fetch(turn: Turn, kind: str, param: str, region: str) -> Any:
    from tools import registry_queries as rq  # noqa: PLC0415

    common = {"session": turn.session, "role": turn.role, "actor": turn.user_id}
    region, _, body = region.partition(_OF_KIND)
    region, _, index = region.partition(_AT_PLACE)
    place = _place_name(region, index)
    filters = rq.Filters.parse(jurisdiction=None if region == "-" else region, region=place, agency_type=body or None)
    if kind == "exp":
        return rq.expiring_within(days=int(param), filters=filters, today=turn.today, **common)
    if kind == "exd":
        return rq.expired_unrenewed(filters=filters, today=turn.today, **common)
    if kind == "sus":
        return rq.suspended_filings(filters=filters, today=turn.today, **common)
    if kind == "rat":
        from db.enums import Rating  # noqa: PLC0415

        known = {rating.value for rating in Rating}  # a crafted page payload names none: an empty list
        ratings = tuple(Rating(r) for r in param.split(".") if r in known)
        return rq.rated_filings(ratings=ratings, filters=filters, today=turn.today, **common)
    if kind == "occ":
        from tools.agency_finder import evaluating  # noqa: PLC0415

        trade, _, level = param.partition("~")
        return evaluating(session=turn.session, occupation=trade, level=level or None, filters=filters, today=turn.today)
    if kind == "ter":
        since, _, until = param.partition("~")
        return rq.terminated_between(since=since or None, until=until, filters=filters, today=turn.today, **common)
    return rq.registry_summary(filters=filters, today=turn.today, **common)


def listing(turn: Turn, kind: str, param: str, region: str, page: int, result: Any = None) -> Reply:
    """One page of a regulator list, with 上一页/下一页 buttons that recompute it; `result`,
    the list already fetched."""
    result = result if result is not None else _fetch(turn, kind, param, region)
    rows = getattr(result, "rows", ())
    pages = max(1, -(-len(rows) // PAGE_SIZE))
    page = min(max(page, 1), pages)
    head = result.text_zh(counts_only=True) if hasattr(result, "rows") else result.text_zh()
    shown = [row.line_zh() for row in rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]]
    footer = [f"第{page}/{pages}页"] if pages > 1 else []
    nav = []
    if page > 1:
        nav.append(Button("上一页", payload(Payload.PAGE, kind, param, region, page - 1)))
    if page < pages:
        nav.append(Button("下一页", payload(Payload.PAGE, kind, param, region, page + 1)))
    # A page button whose payload (a list by a long 工种 name, in a narrow scope) would not fit a
    # channel's button data is left out: the page says how many pages there are.
    nav = [button for button in nav if len(button.payload.encode()) <= MAX_PAYLOAD_BYTES]
    text = "\n".join([head, *shown, *footer])
    return Reply(text, Intent.REGISTRY, buttons=(tuple(nav),) if nav else ())


def on_page(engine: Services, turn: Turn, args: list[str]) -> Reply | None:  # noqa: ARG001
    if len(args) != 4 or args[0] not in {k for _, k in KINDS} or not args[3].isdigit():
        return None
    if args[0] == "exp" and not args[1].isdigit():  # a day count this engine never made
        return None
    reply = listing(turn, args[0], args[1], args[2], int(args[3]))
    return Reply(reply.text, reply.intent, buttons=reply.buttons, edit=True)


def _history(turn: Turn, query: str) -> Reply:
    from tools.filing_status import audit_history  # noqa: PLC0415

    if not query.strip():
        return Reply("请在“记录”后写上机构名称或备案编号。", Intent.REGISTRY, covered=False)
    return Reply(audit_history(session=turn.session, query=query, role=turn.role, actor=turn.user_id).text_zh(), Intent.REGISTRY)


def issue_code(engine: Services, turn: Turn, routed: Routed) -> Reply:  # noqa: ARG001
    """/linkcode 备案编号 — a regulator issues a one-time code for that agency's staff."""
    from db.chat_state import issue_link_code  # noqa: PLC0415
    from db.crud import require_filing  # noqa: PLC0415
    from tools.registry_queries import require_regulator  # noqa: PLC0415

    number = routed.entities.filing_number or routed.args.strip()
    require_regulator(session=turn.session, role=turn.role, actor=turn.user_id, action="staff.linkcode", what_zh="签发绑定码", detail=number)
    if not number:
        return Reply("用法:/linkcode 备案编号,例如 /linkcode BT-2024-0001", Intent.SETTINGS, covered=False)
    filing = require_filing(session=turn.session, filing_number=number)
    link = issue_link_code(session=turn.session, filing_number=filing.filing_number, issued_by=turn.user_id)
    expires = link.expires_at.date().isoformat() if hasattr(link.expires_at, "date") else str(link.expires_at)
    return Reply(
        f"绑定码:{link.code}\n适用备案:{filing.filing_number}\n有效期至:{expires}\n"
        "请交给该机构的工作人员,由其发送 /link 绑定码 完成绑定。每个绑定码只能使用一次。",
        Intent.SETTINGS,
    )


def redeem(engine: Services, turn: Turn, routed: Routed) -> Reply:
    """/link CODE — agency staff link their chat to their agency."""
    from db.chat_state import redeem_link_code  # noqa: PLC0415

    code = routed.args.strip()
    if not code:
        return Reply("用法:/link 绑定码(由主管的人社部门签发)", Intent.SETTINGS, covered=False)
    profile = redeem_link_code(
        session=turn.session,
        code=code,
        user_id=turn.user_id,
        max_failures_per_user=engine.settings.link_failures_per_user_hour,
        max_failures_overall=engine.settings.link_failures_per_minute,
    )
    return Reply(
        f"绑定成功:您已作为评价机构工作人员绑定备案 {profile.linked_filing_number}。发送 /status 可直接查看本机构备案状态。",
        Intent.SETTINGS,
    )
