"""Follow-ups: a message that continues the last question instead of asking a new one.

"那内蒙古呢" (same question, another region), "那绿洲机电呢" (same question, another
agency), "它能评钳工吗" (the last agency), a bare date after a renewal question, a bare
region after any question. The last turn's subject is a database row (db.chat_state
`get_subject`/`save_subject`), so a restart or another worker continues the conversation;
nothing is kept in process memory. A new full question simply overwrites the subject.

`understand(turn, routed)` is the engine's one call per turn; `remember(turn, question,
reply)` stores the subject after an answer.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from bot.followup_lists import list_followup
from bot.followup_lists import rerouted as _rerouted
from bot.followup_shape import (
    asks_of_a_day,
    bare_date,
    elliptical,
    last_clause,
    new_subject,
    tells_a_date,
    tells_a_detail,
)
from bot.intents import Routed, route
from bot.messages import Intent
from bot.question import (
    AgencyRef,
    Question,
    analyse,
    aspect_of,
    cue_tables,
    find_agency,
    level_of,
    occupation_of,
)
from bot.question_text import refers_back
from bot.region_swap import (
    REGION_SWAPPABLE,
    asked_of,
    asked_regions,
    asks_again,
    bare_place,
    echoing_region,
    list_region,
    other_regions,
    region_of,
    swap_region,
    swap_target,
    swapped_question,
    swaps_region,
    tells_place,
    topic_term,
    verb_swap,
)
from bot.routed import DeadlineEvent, Procedure
from bot.slots import NUMERIC, Slot, asks, detect_slot, names_a_question
from bot.subject_store import cited_for, last_cited, stored_subject
from corpus.models import Jurisdiction
from retrieval.textnorm import MAX_QUERY_CHARS

if TYPE_CHECKING:
    from bot.turn import Turn

__all__ = ["understand"]

# What a rule says happens: asked after a status lookup, a question of the agency's
# region's rules, not of its filing ("续期怎么弄" still asks the agency's own renewal).
RULE_SLOTS = frozenset({Slot.CONSEQUENCES})
# What a question about the agency asks when it asks its region's rules, not its filing.
RULE_QUESTION_SLOTS = frozenset({Slot.STEPS, Slot.WHO, Slot.CONSEQUENCES})
# A short policy question after these leans on the question they answered.
LEANED_ON = frozenset({Intent.POLICY.value, Intent.CHECKLIST.value})
# An ask told after a story shorter than this leans on its story ("需要什么条件?").
MIN_OWN_ASK = 10
# Answers about agencies in the registry: one agency's card, or a regulator's list.
LOOKUPS = frozenset({Intent.STATUS.value, Intent.REGISTRY.value})
# The slots a day told after the answer bears on (when, how long, how often), as stored.
TIMED_SLOTS = frozenset(slot.value for slot in NUMERIC)
# Questions that continue the conversation's region when they name none.
CONTEXT_INTENTS = frozenset({Intent.POLICY, Intent.DEADLINE, Intent.CHECKLIST, Intent.ELIGIBILITY})


def _previous_agency(subject: dict[str, Any]) -> AgencyRef | None:
    agency = subject.get("agency")
    return AgencyRef(agency["query"], agency["name"], "pronoun") if agency else None


def _same_question_new_agency(turn: Turn, routed: Routed, subject: dict[str, Any], agency: AgencyRef, kind: str) -> Question:
    """Status of `agency`, asking what the last status question asked (or what this one does)."""
    own = aspect_of(routed.text)
    carried = subject if subject.get("intent") == Intent.STATUS.value else {}
    # "那钳工二级呢" after "它能评电工二级不": the 工种 and level this message names replace the last ones.
    occupation, level = occupation_of(routed.text, []) or _swapped_occupation(routed.text), level_of(routed.text)
    return analyse(
        turn,
        routed,
        agency=agency,
        aspect=own or carried.get("aspect"),
        occupation=occupation or (None if own else carried.get("occupation")),
        level=level or (None if own else carried.get("level")),
        followup=kind,
    )


def _swapped_occupation(text: str) -> str | None:
    """The 工种 of "那钳工二级呢" (no verb names it): the swapped words without their level."""
    swap = swap_target(text)
    if swap is None or swap[1]:
        return None
    tables = cue_tables()
    name = tables.level_words.sub("", swap[0]).strip("的")
    return name if len(name) >= 2 and not tables.not_occupation.search(name) and region_of(name) is None else None


def _continues_dates(subject: dict[str, Any]) -> bool:
    events = set(cue_tables().raw["followup"]["date_events"])
    return subject.get("intent") == Intent.DEADLINE.value or subject.get("event") in events or subject.get("aspect") == "renewal"


def _follow(turn: Turn, routed: Routed, subject: dict[str, Any]) -> Question | None:
    """The follow-up reading of this message, or None when it asks something new."""
    text = routed.text
    tables = cue_tables()
    place = tells_place(routed, subject)
    if routed.intent is Intent.SETTINGS and routed.rule != "settings_bare_region" and not place and not asks_again(text, subject):
        return None  # "设置地区 内蒙古", "把角色改成监管部门": a settings change, not a question
    if routed.intent is Intent.SOURCE and routed.command is None and last_cited(subject) and not routed.entities.article:
        # "依据是哪条", "原文呢": the article the last answer quoted first (bot/sources.py).
        return analyse(turn, routed, followup="source", last_cited=last_cited(subject))
    steps = tables.next_step.match(text)
    if steps and subject.get("cited") and subject.get("intent") == Intent.POLICY.value:
        return analyse(
            turn, routed, followup="next", last_cited=last_cited(subject), last_lead=subject.get("lead") or "",
            next_from="".join(steps.groupdict().get(name) or "" for name in ("done", "said", "object")),
        )
    listed = list_followup(turn, routed, subject)
    if listed is not None:  # "都是啥原因", "那终止的呢", "里面有天津的吗", "最早过期的是哪家" after a list
        return listed
    told = _with_its_story(turn, routed, subject)
    if told is not None:  # "我们是呼市一家事业单位下面的培训中心,想做等级认定" → "能报吗"
        return _rerouted(turn, told, text, "story")
    previous = _previous_agency(subject)
    if previous and subject.get("intent") == Intent.STATUS.value and asks_of_a_day(routed):
        # "那我明年1月15号去考呢" after its status: is the agency's filing in force that day;
        # after its renewal deadline, is the day within the renewal window.
        aspect = "renewal" if subject.get("aspect") == "renewal" else "valid"
        return analyse(turn, replace(routed, intent=Intent.STATUS), agency=previous, aspect=aspect, followup="date")
    if previous and routed.intent in CONTEXT_INTENTS and (tables.like_it.search(text) or _asks_a_rule(text, routed.intent) or _a_procedure_of_it(routed)):
        return None  # the rules for agencies like it, in its region (`_in_context`)
    named = find_agency(turn.session, text) if previous else None
    if previous and tables.pronoun.search(text) and named is None:
        return _same_question_new_agency(turn, routed, subject, previous, "pronoun")
    if previous and (named is None or named.name == previous.name) and (tables.agency_state.match(text) or _about_the_agency(routed, subject)):
        # (Another agency named, "那天山机电呢,它备案到啥时候", is asked about itself.)
        return _same_question_new_agency(turn, routed, subject, previous, "pronoun")
    others = other_regions(text, subject)
    if others:
        return _rerouted(
            turn, asked_of(subject, others), text, "region", asked_before=asked_regions(subject),
            last_cited=cited_for(subject, others), last_lead=subject.get("lead") or "", similar_before=bool(subject.get("similar")),
        )
    swap = swap_target(text) or verb_swap(text, subject)
    target, rest = swap if swap else (None, "")
    region = region_of(target) if target and not topic_term(target, subject) else None
    region = region or list_region(text, subject)  # "内蒙古的有几家" after a list
    if region is None and target and not rest:
        region = echoing_region(target, subject)
    if region is None and not rest and (bare := bare_place(text)) is not None:
        target, region = bare[0], region_of(bare[0])  # "那要是在天津呢", "天津这块呢"
    if region is None and (routed.rule == "settings_bare_region" or place):
        region = place or (routed.entities.regions[0] if routed.entities.regions else None)
    if region is not None and subject.get("intent") in REGION_SWAPPABLE:
        question = asked_of(subject, (region,))
        before = tuple(r for r in asked_regions(subject) if r is not region)
        return _rerouted(
            turn, swapped_question(question, rest, region, subject.get("slot")), text, "region", asked_before=before,
            last_cited=cited_for(subject, (region,)), last_lead=subject.get("lead") or "", similar_before=bool(subject.get("similar")),
            told_region=place,
        )
    if target and subject.get("intent") == Intent.CHECKLIST.value and _names_procedure(routed) and asked_regions(subject):
        # "那终止备案呢" after a checklist: that procedure's checklist, in the same region.
        label = asked_regions(subject)[0].label_zh
        return _rerouted(turn, f"{label}{target}要交哪些材料", text, "procedure")
    if target:
        agency = find_agency(turn.session, target)
        if agency is not None:
            return _same_question_new_agency(turn, routed, subject, agency, "agency")
        if region is None and not rest and not re.match(tables.raw["followup"]["narrowing"], text) and _a_case_of_it(target, subject):
            # "专项考核机构也一样吗" after 等级认定机构's filing: that case of the same rule, as "…呢".
            return _rerouted(turn, f"{target}呢", text, "case")
    if bare_date(routed) and _continues_dates(subject):
        return _rerouted(turn, f"{subject['text']} {text}", text, "date")
    if tells_a_date(routed) and subject.get("intent") == Intent.POLICY.value and subject.get("slot") in TIMED_SLOTS:
        # "我们11月份才交的材料" after "备案结果一般啥时候公布": the last question, asked with the day told.
        return _rerouted(turn, f"{subject['text']} {text}", text, "date")
    if tells_a_detail(routed) and subject.get("intent") == Intent.POLICY.value:
        # "我们在呼和浩特,是给本企业职工做自主评价的" after "…再设一档,可以吗": the last question, with
        # it; after a story that asked nothing ("我们公司改了名字。"), the story goes on.
        return _rerouted(turn, f"{subject['text']} {text}", text, "detail")
    return None


def _with_its_story(turn: Turn, routed: Routed, subject: dict[str, Any]) -> str | None:
    """The story the last message told (who we are, what we want, no question) and this short
    whether-question, as the one message the sender split in two, when together they ask
    whether the sender may become an agency (the eligibility check reads who it is); None
    otherwise. A story then any other short question leans on it as before."""
    last = subject.get("text") or ""
    follow = cue_tables().raw["followup"]
    if subject.get("intent") != Intent.POLICY.value or not re.match(follow["story_opening"], last):
        return None
    if asks(last) or detect_slot(last) is not Slot.OTHER or re.search(follow["story_asks"], last):
        return None
    text = routed.text
    if routed.entities.regions or routed.entities.unsupported_regions or not elliptical(text) or detect_slot(text) is not Slot.WHETHER:
        return None
    told = f"{last},{text}"
    fits = len(told) < MAX_QUERY_CHARS and route(told, today=turn.today).intent is Intent.ELIGIBILITY
    return told if fits else None


def _a_case_of_it(target: str, subject: dict[str, Any]) -> bool:
    """Whether `target` is a case the last policy answer's article names ("专项考核机构" in
    兵团 第八条, which answered 等级认定机构's filing), not a place or a new topic."""
    from bot.citations import article_hit  # noqa: PLC0415

    cited = last_cited(subject)
    hit = article_hit(*cited) if cited and subject.get("intent") == Intent.POLICY.value else None
    return hit is not None and len(target) >= 2 and target in hit.text


def _names_procedure(routed: Routed) -> bool:
    """Whether the message names a filing procedure, or a kind of them (信息变更)."""
    return routed.entities.procedure is not None or routed.entities.procedure_family is not None


def _dialogue_asked_last(turn: Turn, subject: dict[str, Any]) -> bool:
    """A guided dialogue stepped after the last answered question, so a bare date or region
    answers the dialogue's question, not the older one."""
    from datetime import datetime  # noqa: PLC0415

    from db.chat_state import latest_conversation  # noqa: PLC0415

    state = latest_conversation(session=turn.session, user_id=turn.user_id)
    if state is None:
        return False
    # The question that started the dialogue was kept after the dialogue's first step.
    started = subject.get("started") == state.dialogue
    return started or bool(state.updated_at >= datetime.fromisoformat(subject["updated_at"]))


def understand(turn: Turn, routed: Routed) -> Question:
    """The one analysis of this turn: a follow-up of the stored subject, or a fresh question."""
    if routed.command is None and routed.intent not in (Intent.CANCEL, Intent.HELP, Intent.SMALLTALK):
        subject = stored_subject(turn)
        # A question typed while a dialogue waits ("申请往哪递" while the eligibility check asks
        # which kind of organisation) continues the last question; the dialogue may still
        # take the words first, and lets them go when they answer none of its choices.
        # So does a place told ("机构注册在鄂尔多斯"), which the dialogue lets go: that question there.
        told = subject is not None and tells_place(routed, subject) is not None
        if subject and subject.get("text") and (asks(routed.text) or told or not _dialogue_asked_last(turn, subject)):
            followed = _follow(turn, routed, subject)
            return _in_context(followed or analyse(turn, routed), subject)
        if subject and subject.get("text") and swaps_region(routed.text):
            # "那天津呢" while a dialogue waits for 申请主体: the question asked again of 天津.
            # The dialogue reads the user's own words first (a region step takes 天津).
            followed = _follow(turn, routed, subject)
            if followed is not None and followed.followup == "region":
                return followed
    return analyse(turn, routed)


def _about_the_agency(routed: Routed, subject: dict[str, Any]) -> bool:
    """After a status answer, a short message naming a level, an occupation or a part of a
    filing ("三级的有没有", "钳工呢", "续期怎么弄") asks it of the same agency; one naming a
    place ("内蒙古事业单位能申报吗") asks that place's rules."""
    text = last_clause(routed.text)  # "我就是他们那的,续期申请现在交还来得及不": what it asks
    if subject.get("intent") != Intent.STATUS.value or not elliptical(text) or region_of(text) is not None:
        return False
    if routed.entities.regions or routed.entities.unsupported_regions:
        return False
    if detect_slot(text) in RULE_SLOTS or (text != routed.text and detect_slot(text) in NUMERIC):
        # "要是过期了没续会咋样": what the rule says happens, not this agency's filing; "说是考评人员
        # 不够 按规定每个工种至少得几个考评员": how many a rule asks for, told why.
        return False
    tables = cue_tables()
    if subject.get("aspect") == "scope" and _swapped_occupation(text):
        return True  # "那钳工呢" after whether it may evaluate 电工
    return bool(tables.level_words.search(text) or aspect_of(text, tables) or occupation_of(text, [], tables))


def _asks_a_rule(text: str, intent: Intent) -> bool:
    """"这家要是想再加个工种 得怎么办", "它发出去的证出问题谁负责维护", "那它续期要准备啥": how
    to, who, what happens or what to hand in, of no part of its filing (no 有效期, 续期, 工种 it
    may evaluate) or as a what-if: a question of its region's rules, the agency only its example."""
    tables = cue_tables()
    if tables.rule_ask.search(text) or intent is Intent.CHECKLIST:
        return True
    if aspect_of(text, tables) or occupation_of(text, [], tables) or tables.level_words.search(text):
        return False
    return detect_slot(text) in RULE_QUESTION_SLOTS


def _a_procedure_of_it(routed: Routed) -> bool:
    """"它想再加个电工 现在能加不": a filing procedure the agency would go through, asked of no
    part of its filing (no 有效期 or 续期 date): its region's rule for the procedure."""
    return routed.entities.procedure is not None and not aspect_of(routed.text, cue_tables())


def _in_context(question: Question, subject: dict[str, Any]) -> Question:
    """A question that names no region continues the region the conversation is about
    ("兵团备案管几年" → "续期申请啥时候交" → "我们是2024年6月15日备案的"): a tool that needs a
    region takes it as named, a policy answer prefers it; a date question with no event
    of its own continues the last one's (续期)."""
    entities = question.entities
    regions = subject.get("regions") or []
    if len(entities.regions) == 1 and not entities.comparison:
        if subject.get("intent") in LOOKUPS and question.intent is Intent.POLICY and not question.agency:
            # "他们想去阿拉尔那边搞评价 行不行": a place named, the agency still the one asked of.
            return _leaning_on(question, subject, entities.regions[0])
        return _leaning_elsewhere(question, subject, entities.regions[0])
    if entities.regions or entities.comparison or entities.unsupported_regions:
        return question
    if question.agency and question.intent is not Intent.DEADLINE:
        return question  # (a deadline of the agency's is computed under its region's rule)
    if len(regions) != 1:
        # No one region to continue ("国徽呢" after a question on the ministry's notice): the
        # last question is still what an elliptical one leans on.
        return _leaning_on(question, subject, None) if question.intent is Intent.POLICY else question
    after_status = subject.get("intent") in LOOKUPS and question.intent in (Intent.POLICY, Intent.CHECKLIST, Intent.DEADLINE)
    if (subject.get("intent") not in REGION_SWAPPABLE and not after_status) or question.intent not in CONTEXT_INTENTS:
        return question
    region = Jurisdiction(regions[0])
    if question.intent is Intent.POLICY:
        return _leaning_on(question, subject, region)
    event = entities.deadline_event
    if event is None and question.intent is Intent.DEADLINE and _continues_dates(subject):
        event = DeadlineEvent(subject["event"]) if subject.get("event") else DeadlineEvent.RENEWAL
    # "要交哪些材料" after "兵团评价机构要改机构名称咋办": the checklist of the procedure asked about.
    procedure = entities.procedure
    if procedure is None and question.intent is Intent.CHECKLIST and subject.get("procedure"):
        procedure = Procedure(subject["procedure"])
    elif procedure is None and question.intent is Intent.CHECKLIST and re.search(cue_tables().raw["followup"]["applying"], subject["text"]):
        procedure = Procedure.INITIAL_FILING  # "要交啥材料" after "申请评价机构要啥条件": the first filing's
    entities = replace(entities, regions=(region,), deadline_event=event, procedure=procedure)
    return Question.of(question, entities=entities, followup=question.followup or "context")


def _leaning_on(question: Question, subject: dict[str, Any], region: Jurisdiction | None) -> Question:
    """A policy question continuing the conversation: in its region, leaning on the last
    question when elliptical (search reads both)."""
    if subject.get("intent") in LOOKUPS:
        # After a lookup, what a rule question about the agency turns on is its state ("它以前发
        # 的证还有人管不" of one found 已终止备案), not the lookup's words.
        # The pronoun stands for an agency: search and judging read it as one ("他们想去阿拉尔
        # 搞评价 行不行" is asked of 评价机构, which the pronoun alone leaves the embedding to guess).
        refers = cue_tables().pronoun.search(question.text) is not None or refers_back().search(question.text) is not None
        noun = cue_tables().raw["followup"]["agency_noun"]
        state = f"{noun}{subject.get('lead') or ''}" if refers else ""
        followup = question.followup or ("agency_state" if refers else "context")
        return Question.of(question, context_region=region, context_text=state, followup=followup)
    # The last question's own context comes along: "材料交给谁" after "那要提前多久交?"
    # after "兵团备案到期了还得续吗" leans on both (kept to what search reads at most).
    last = _last_asked(subject)[:MAX_QUERY_CHARS]
    # After a checklist ("站点备案要交啥" → "多久能批下来") the procedure is what it asks about.
    leaning = last if subject.get("intent") in LEANED_ON and elliptical(question.text) else ""
    # A new subject keeps what was asked ("那要是机构自己违规呢": 咋处理), not what it was asked of.
    renamed = bool(leaning) and new_subject(question.text, subject.get("text", ""))
    if renamed:
        leaning = ""
    if region is None and not leaning:
        return question
    # "出题的专家呢" after "考评员至少配几个" asks the same thing (how many) of another subject;
    # "在哪能查到" after "啥时候公布" asks a question of its own, though of no slot.
    own = question.slot if question.slot != Slot.OTHER.value or names_a_question(question.text) else None
    slot = own or (subject.get("slot") if leaning or renamed else None) or question.slot
    # The time limit the conversation is about stays ("能申辩吗" → "向谁提" → "11月27号收到的 最晚哪天").
    event = question.entities.deadline_event or (DeadlineEvent(subject["event"]) if leaning and subject.get("event") else None)
    return Question.of(
        question, context_region=region, context_text=leaning, slot=slot, entities=replace(question.entities, deadline_event=event),
        last_cited=last_cited(subject) if leaning else None, followup=question.followup or "context",
    )


def _leaning_elsewhere(question: Question, subject: dict[str, Any], region: Jurisdiction) -> Question:
    """"内蒙古可以中途加吗" after "兵团想给机构加两个评价工种咋操作": an elliptical question that
    names a region leans on the last question, asked of that region (search reads both, when
    the question carries too few words of its own: "天津续期申请啥时候交" is a new question)."""
    if question.intent is not Intent.POLICY or question.agency or subject.get("intent") != Intent.POLICY.value:
        return question
    if question.followup or question.context_text or not elliptical(question.text):
        return question  # a rewritten follow-up ("那内蒙古呢") already is the last question
    last = swap_region(_last_asked(subject), region)[:MAX_QUERY_CHARS]
    marked = re.match(cue_tables().raw["followup"]["elsewhere_marked"], question.text) is not None
    return Question.of(question, context_text=last, followup="elsewhere_marked" if marked else "elsewhere")


def _last_asked(subject: dict[str, Any]) -> str:
    """The last question with what it leaned on, for a question that leans on it in turn. Of
    a message that told a story first, its ask ("…我想问下从递申请到最后对外公布,要走哪几步?"),
    unless the ask was too short to stand alone ("需要什么条件?"): the story was background."""
    asked = subject.get("asked") or subject["text"]
    last = asked if len(asked) >= MIN_OWN_ASK else subject["text"]
    return f"{last} {subject.get('context') or ''}".strip()
