"""One handler per intent: plain values in (the turn and the router's verdict), a Reply out.

Handlers hold no policy facts: answers come from the corpus via the answerer,
and from the tools' rule tables via the dialogues.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from bot import texts
from bot.citations import validity_note
from bot.intents import Routed
from bot.leaning import Leaning
from bot.messages import Button, Intent, Reply, Role
from bot.question import Question
from bot.slots import Slot
from bot.states import Payload, payload
from corpus.models import JURISDICTION_NAMES, Jurisdiction
from retrieval.hits import Hit

if TYPE_CHECKING:
    from bot.services import Services
    from bot.turn import Turn

ROLE_NAMES = {Role.APPLICANT: "申请人(个人或单位)", Role.STAFF: "评价机构工作人员", Role.REGULATOR: "监管人员"}


def source_buttons(hits: tuple[Hit, ...]) -> tuple[tuple[Button, ...], ...]:
    """One "查看原文" button per cited article."""
    rows = []
    for hit in hits:
        region = JURISDICTION_NAMES.get(Jurisdiction(hit.jurisdiction), "")
        label = f"查看原文:{region}{hit.article_label}"
        rows.append((Button(label, payload(Payload.SOURCE, hit.doc_key, hit.article or 0)),))
    return tuple(rows)


def answer_policy(engine: Services, turn: Turn, routed: Routed) -> Reply:
    # The story a message told before it asked is background (`Question.story`, in `leaning()`).
    if routed.command:
        question = routed.args
    else:
        question = routed.asked if isinstance(routed, Question) else routed.text
    if not question.strip():
        return Reply(texts.ASK_QUESTION, Intent.POLICY, covered=False)
    entities = routed.entities
    regions = tuple(entities.regions)
    per_region = entities.comparison and not regions
    # The slot was decided once, by the question analysis; a /ask command's text was not analysed.
    slot = Slot(routed.slot) if isinstance(routed, Question) and routed.slot and not routed.command else None
    answer = engine.answerer.answer(
        question, regions=regions, per_region=per_region or (entities.comparison and len(regions) > 1),
        prefer=None if regions or entities.comparison else _context_region(routed) or turn.region, slot=slot,
        leaning=routed.leaning() if isinstance(routed, Question) else Leaning(),
        parts=routed.parts if isinstance(routed, Question) and not routed.command else None,
        procedure=entities.procedure.value if entities.procedure else None,
    )
    notes: tuple[str, ...] = ()
    if engine.llm is not None:
        answer, notes = engine.llm.answer(question, answer)
    note = validity_note(answer.citations)  # 试行 / superseded texts quoted: one line, after the lead
    return Reply(
        answer.text + (f"\n{note}" if note else "") + _region_hint(routed),
        Intent.POLICY,
        citations=answer.citations,
        buttons=source_buttons(answer.citations),
        covered=answer.covered,
        notes=notes,
    )


def _context_region(routed: Routed) -> Jurisdiction | None:
    """The region the conversation is about, when this question names none (bot/followup.py)."""
    return routed.context_region if isinstance(routed, Question) else None


def _region_hint(routed: Routed) -> str:
    """A bare region typed after a question re-asks it there (bot/followup.py); say how to
    make that region the default instead, since the user may have meant that."""
    from retrieval.regions import parse_region_choice  # noqa: PLC0415

    if not isinstance(routed, Question) or routed.followup != "region" or not routed.original or routed.told_region:
        return ""
    region = parse_region_choice(routed.original)
    if region is None:
        return ""
    name = JURISDICTION_NAMES[region]
    return f"\n\n(已按您上一个问题回答{name}的规定。如需把默认地区设为{name},请发送 /region {name}。)"


def show_help(engine: Services, turn: Turn, routed: Routed) -> Reply:  # noqa: ARG001
    text = texts.WELCOME if routed.command == "start" else texts.HELP
    return Reply(text, Intent.HELP)


def smalltalk(engine: Services, turn: Turn, routed: Routed) -> Reply:  # noqa: ARG001
    return Reply(texts.SMALLTALK, Intent.SMALLTALK)


def cancel(engine: Services, turn: Turn, routed: Routed) -> Reply:  # noqa: ARG001
    from db.chat_state import clear_conversation  # noqa: PLC0415

    removed = clear_conversation(session=turn.session, user_id=turn.user_id)
    return Reply(texts.CANCELLED if removed else texts.NOTHING_TO_CANCEL, Intent.CANCEL)


def region_buttons() -> tuple[tuple[Button, ...], ...]:
    return tuple((Button(name, payload(Payload.REGION, code.value)),) for code, name in JURISDICTION_NAMES.items())


def role_buttons() -> tuple[tuple[Button, ...], ...]:
    return tuple(
        (Button(ROLE_NAMES[role], payload(Payload.ROLE, role.value)),) for role in (Role.APPLICANT, Role.STAFF)
    )


def keep_told_region(turn: Turn, routed: Routed, reply: Reply) -> Reply:
    """A place told after a question ("我们在包头") had that question answered there
    (bot/followup.py); it is also where the sender is, so it becomes their region, said last:
    the first line stays the answer."""
    region = routed.told_region if isinstance(routed, Question) else None
    if region is None:
        return reply
    _store_region(turn, region)
    name = JURISDICTION_NAMES[region]
    return replace(reply, text=f"{reply.text}\n\n(已按您上一个问题回答{name}的规定,并将您的地区设置为{name}。)")


def _store_region(turn: Turn, region: Jurisdiction) -> None:
    from db.chat_state import update_profile  # noqa: PLC0415

    update_profile(session=turn.session, user_id=turn.user_id, actor=turn.user_id, jurisdiction=region)


def set_region(turn: Turn, region: Jurisdiction) -> Reply:
    _store_region(turn, region)
    return Reply(f"已将您的地区设置为:{JURISDICTION_NAMES[region]}。之后的回答会优先依据该地区的规定。", Intent.SETTINGS)


def set_role(turn: Turn, role: Role) -> Reply:
    from db.chat_state import update_profile  # noqa: PLC0415

    if role is Role.REGULATOR:
        return Reply("监管人员身份由系统管理员按名单配置,不能自行设置。", Intent.SETTINGS, covered=False)
    update_profile(session=turn.session, user_id=turn.user_id, actor=turn.user_id, role=role)
    extra = ";如需查看本机构的备案详情,请用监管部门签发的验证码发送 /link 验证码 完成绑定" if role is Role.STAFF else ""
    return Reply(f"已将您的身份设置为:{ROLE_NAMES[role]}{extra}。", Intent.SETTINGS)


def settings(engine: Services, turn: Turn, routed: Routed) -> Reply:  # noqa: ARG001
    entities = routed.entities
    wants_role = routed.command == "role" or (entities.role is not None and not entities.regions)
    if wants_role:
        if entities.role is not None:
            return set_role(turn, entities.role)
        current = ROLE_NAMES[turn.role]
        return Reply(f"{texts.ROLE_PROMPT}(当前:{current})", Intent.SETTINGS, buttons=role_buttons())
    if len(entities.regions) == 1:
        return set_region(turn, entities.regions[0])
    current = JURISDICTION_NAMES[turn.region] if turn.region else "未设置"
    return Reply(f"{texts.REGION_PROMPT}(当前:{current})", Intent.SETTINGS, buttons=region_buttons())


def show_source(engine: Services, turn: Turn, routed: Routed) -> Reply:  # noqa: ARG001
    from bot.sources import source_from_text  # noqa: PLC0415

    return source_from_text(turn, routed)
