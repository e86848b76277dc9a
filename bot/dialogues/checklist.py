"""Checklists as a dialogue: region and procedure, then the list with tick buttons.

Ticks edit the message in place and are stored per user (ChecklistProgress), so
progress survives restarts. Once the list is on screen the dialogue lets free
text go to the router again; the tick buttons keep working.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from bot.citations import hits_from_rules
from bot.dialogues import common
from bot.intents import Routed
from bot.messages import Button, Intent, Reply
from bot.routed import Procedure
from bot.states import Dialogue, Payload, Step, payload
from corpus.models import JURISDICTION_NAMES, Jurisdiction
from errors import InputError
from tools.checklists import (
    Checklist,
    checklist_table,
    get_checklist,
    lead_line,
    list_procedures,
    render_checklist,
    summarize,
)

if TYPE_CHECKING:
    from bot.services import Services
    from bot.turn import Turn
    from db.models import ConversationState

D = Dialogue.CHECKLIST
TICKS_PER_ROW = 4


def _regions() -> list[str]:
    return list(dict.fromkeys(j for j, _, _ in list_procedures()))


def _procedures(region: str) -> list[tuple[str, str]]:
    return [(code, name) for _, code, name in list_procedures(region)]


def start(engine: Services, turn: Turn, routed: Routed) -> Reply:  # noqa: ARG001
    entities = routed.entities
    answers: dict[str, Any] = {}
    region = common.initial_region(turn, entities.regions, _regions())
    procedure = entities.procedure.value if entities.procedure else None
    if procedure == "industry_org_application":
        region = "national"
    asked = entities.regions[0] if entities.regions else turn.region
    if region is None and asked is not None and asked.value not in _regions():
        # "宁波的评价机构备案要交哪些材料": 浙江's text lists no materials; said first, then the menu.
        return _not_in_region(advance(turn, answers), asked.value, procedure or "initial_filing")
    if region:
        answers["jurisdiction"] = region
        if procedure in {code for code, _ in _procedures(region)}:
            answers["procedure"] = procedure
        elif procedure is not None:
            return _not_in_region(advance(turn, answers), region, procedure)
        elif entities.procedure_family is not None:
            return _family(turn, answers, region, *entities.procedure_family)
    elif procedure is not None:
        # Kept until the region is known ("评价机构变更名称要交哪些材料?" and then "我们在包头"):
        # the region decides which procedures there are.
        answers["stated_procedure"] = procedure
    return advance(turn, answers)


def _family(turn: Turn, answers: dict[str, Any], region: str, name: str, family: tuple[Procedure, ...]) -> Reply:
    """A kind of procedure named without which one ("兵团评价机构变更信息要交啥材料"): each of
    the region's procedures of that kind with what it takes, first, then the choice among them
    for the full list. One such procedure is shown at once; none leaves the region's menu."""
    codes = {procedure.value for procedure in family}
    offered = [(code, label) for code, label in _procedures(region) if code in codes]
    if len(offered) == 1:
        return advance(turn, {**answers, "procedure": offered[0][0]})
    if not offered:
        return _not_in_region(advance(turn, answers), region, *(p.value for p in family), name=name)
    checklists = [get_checklist(region, code) for code, _ in offered]
    lines = [f"{JURISDICTION_NAMES[Jurisdiction(region)]}的{name}分{len(offered)}种,所交材料不同:"]
    lines += [f"{number}. {summarize(checklist)}" for number, checklist in enumerate(checklists, start=1)]
    menu = common.ask(turn, D, Step.PROCEDURE, answers, "选择一项可查看完整清单并逐项勾选:", offered, per_row=1)
    cited = hits_from_rules([c for checklist in checklists for c in checklist.citations])
    return replace(menu, text="\n".join([*lines, menu.text]), citations=cited)


def _not_in_region(menu: Reply, region: str, *procedures: str, name: str = "") -> Reply:
    """The region's text has no such procedure ("天津的评价机构改名了,变更备案要交哪些材料": 天津's
    规程 describes no change of an agency's details): said first, then which regions' texts do,
    for reference, then the region's own procedures to choose from. Not covered."""
    from corpus import cached_corpus  # noqa: PLC0415

    name = name or checklist_table().procedures.get(procedures[0], procedures[0])
    titles = [d.meta.title for d in cached_corpus().documents.values() if d.meta.jurisdiction is Jurisdiction(region)]
    title = f"《{titles[0]}》" if titles else Jurisdiction(region).label_zh
    others = list(dict.fromkeys(Jurisdiction(j).label_zh for j, code, _ in list_procedures() if code in procedures and j != region))
    lines = [f"{title}没有规定“{name}”的办理程序和材料。"]
    if others:
        lines.append(f"{'、'.join(others)}的规定有这项清单,仅供参考(可问“{others[0]}{name}要交哪些材料”)。")
    return replace(menu, text="\n".join([*lines, menu.text]), covered=False)


def advance(turn: Turn, answers: dict[str, Any]) -> Reply:
    region = answers.get("jurisdiction")
    if not region:
        return common.ask(turn, D, Step.JURISDICTION, answers, "请选择办理地区:", common.region_choices(_regions()))
    procedure = answers.get("procedure")
    if not procedure and answers.get("stated_procedure") in {code for code, _ in _procedures(region)}:
        procedure = answers["procedure"] = answers["stated_procedure"]
    if not procedure:
        return common.ask(turn, D, Step.PROCEDURE, answers, "请选择要办理的事项:", _procedures(region), per_row=1)
    checklist = get_checklist(region, procedure)
    common.save(turn, D, Step.SHOWING, {**answers, "checklist": checklist.id})
    return show(turn, checklist, edit=False)


def show(turn: Turn, checklist: Checklist, *, edit: bool) -> Reply:
    from db.chat_state import get_checklist_done  # noqa: PLC0415

    done = set(get_checklist_done(session=turn.session, user_id=turn.user_id, checklist_id=checklist.id))
    buttons = [
        Button(f"{'☑' if item.id in done else '☐'} {number}", payload(Payload.TICK, checklist.id, number))
        for number, item in enumerate(checklist.items, start=1)
    ]
    rows = [tuple(buttons[i : i + TICKS_PER_ROW]) for i in range(0, len(buttons), TICKS_PER_ROW)]
    lead = lead_line(checklist)
    text = (f"{lead}\n\n" if lead else "") + render_checklist(checklist, done) + "\n\n点击下方编号勾选已完成的事项。"
    citations = () if edit else hits_from_rules(checklist.citations)
    return Reply(text, Intent.CHECKLIST, citations=citations, buttons=tuple(rows), edit=edit, state=f"{D.value}:{Step.SHOWING.value}")


def _find(checklist_id: str) -> Checklist | None:
    region, _, procedure = checklist_id.partition(".")
    try:
        return get_checklist(region, procedure)
    except (InputError, ValueError):
        return None


def tick(turn: Turn, checklist_id: str, number: str) -> Reply | None:
    from db.chat_state import get_checklist_done, mark_checklist_item  # noqa: PLC0415

    checklist = _find(checklist_id)
    if checklist is None or not number.isdigit() or not 1 <= int(number) <= len(checklist.items):
        return None
    item = checklist.items[int(number) - 1].id
    done = set(get_checklist_done(session=turn.session, user_id=turn.user_id, checklist_id=checklist.id))
    mark_checklist_item(session=turn.session, user_id=turn.user_id, checklist_id=checklist.id, item_id=item, done=item not in done)
    return show(turn, checklist, edit=True)


def _apply(turn: Turn, state: ConversationState, value: str) -> Reply | None:
    answers = dict(state.answers)
    step = Step(state.step)
    if step is Step.JURISDICTION:
        return common.choose_region(advance, turn, answers, value, _regions())
    if step is Step.PROCEDURE:
        choices = _procedures(answers["jurisdiction"])
        return common.choose(advance, turn, answers, value, "procedure", choices, "请从按钮中选择办理事项。")
    return None  # the list is on screen: free text is a new request




def on_text(engine: Services, turn: Turn, state: ConversationState, routed: Routed) -> Reply | None:  # noqa: ARG001
    # "那终止备案呢" while the menu waits: a procedure the region has, named in words, is chosen.
    named = routed.entities.procedure
    if state.step == Step.PROCEDURE.value and named is not None:
        answers = dict(state.answers)
        if named.value in {code for code, _ in _procedures(answers.get("jurisdiction", ""))}:
            return advance(turn, common.remember(answers, "procedure", named.value))
    return common.on_text(_apply, turn, state, routed)


def on_button(
    engine: Services, turn: Turn, state: ConversationState | None, prefix: Payload, args: list[str]  # noqa: ARG001
) -> Reply | None:
    if prefix is Payload.TICK:  # ticks work on any list on screen, whatever the dialogue state
        return tick(turn, args[0], args[1]) if len(args) == 2 else None
    return common.on_button(advance, _apply, turn, state, prefix, args, back=_back)


def _back(answers: dict[str, Any]) -> dict[str, Any]:
    return common.undo({k: v for k, v in answers.items() if k != "checklist"})
