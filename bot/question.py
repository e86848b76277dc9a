"""One analysis per turn: the typed `Question` that routing, tools, search and composition share.

The router (bot/intents.py) says what kind of message this is and which entities it
carries. A `Question` extends that verdict with what only the database can tell: which
registry agency the text names (full name, 简称, 备案编号, credit code, or "我们机构" for
staff linked with /link), which part of its filing is asked for (`aspect`: still valid,
expiry, renewal window, may it evaluate an occupation), a regulator's list question, the
slot asked for (bot.slots, when present) and whether it continues the last turn
(bot/followup.py). Handlers receive it in place of the `Routed` it extends, so code that
only knows `Routed` keeps working and nothing re-parses the text.

Cue words live in question.yaml, loaded once on first use.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.intents import Routed, route
from bot.leaning import Leaning
from bot.messages import Intent
from bot.question_parts import QuestionParts, split_parts
from bot.question_story import story_and_ask
from bot.slots import Slot, detect_slot
from corpus.models import Jurisdiction

if TYPE_CHECKING:
    from sqlmodel import Session

    from bot.turn import Turn

__all__ = ["AgencyRef", "Question", "analyse", "find_agency", "cue_tables"]

TABLE_PATH = Path(__file__).with_name("question.yaml")
MIN_SHORT_NAME = 3  # a shorter 简称 matched inside free text would be a guess
# Router intents a named agency turns into a status question; others (a checklist, a
# dialogue the user asked for) keep theirs.
STATUS_OVER = frozenset({Intent.POLICY, Intent.STATUS, Intent.ELIGIBILITY})
_NOISE = re.compile(r"[\s\W_]+")


@dataclass(frozen=True)
class AgencyRef:
    """An agency the question is about. `query` is what the filing-status tool is asked
    (a credit code or filing number when known, so the lookup is exact)."""

    query: str
    name: str
    via: str  # filing_number | credit_code | name | self | pronoun | followup
    # The words of the message that name it (folded), so they are read as no other thing:
    # "红枣考核中心是不是不能考了" names no occupation 核中心.
    mention: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"query": self.query, "name": self.name, "via": self.via}


@dataclass(frozen=True)
class Question(Routed):
    """The router's verdict plus what the turn asks of the registry and of the last turn."""

    agency: AgencyRef | None = None
    aspect: str | None = None  # scope | filed | renewal | expiry | valid (question.yaml `aspects`)
    occupation: str | None = None
    level: str | None = None  # a registry grade: 五级 … 一级, 特级技师 …
    list_kind: str | None = None  # a regulator list: exd | exp | sus | ter (bot/registry.py)
    slot: str | None = None  # a bot.slots.Slot value: what the question asks for
    followup: str | None = None  # region | agency | agency_state | pronoun | date | context | elsewhere | reasons | list_pick …, when continuing a turn
    # The region the conversation is about (the last question named it), for a question that
    # names none: policy answers prefer it, as they prefer the user's stored region.
    context_region: Jurisdiction | None = None
    # The last question, when this one is elliptical and leans on it: search reads both.
    context_text: str = ""
    original: str = ""  # the user's own words when `text` was rewritten by a follow-up
    # The regions the last question was about, when this one asks it again of another
    # ("那天津呢"): their articles carry the question's wording, so they say nothing of silence.
    asked_before: tuple[Jurisdiction, ...] = ()
    # The article the last answer quoted first (doc key, number), when this question leans on
    # it: "向谁申请" after an answer on 站点备案 is most likely asked of that very article.
    last_cited: tuple[str, int] | None = None
    # The last answer's first line, when this question asks it again of another region: the
    # rule it quoted names the topic in the law's words (承诺书 → 内蒙古's 诚信承诺书).
    last_lead: str = ""
    # The parts of a message asking two or three things at once ("向谁申请 怎么确定"), each
    # answered on its own (bot/question_parts.py).
    parts: QuestionParts | None = None
    # What a message tells before it asks ("我们是…公司,老板决定不做认定了。"): background to
    # the ask, which alone decides the slot and the parts; what refuses, unless the ask is thin.
    story: str = ""
    # The rows of the last list the message picks when several fit ("哪家是被责令终止的"):
    # the same list, narrowed to them (bot/registry.py).
    listed_subset: tuple[str, ...] = ()
    # "然后呢", "评完谁批": the procedure step reached, in the user's words ("" for the one last
    # quoted), when the message asks what follows it (bot/next_step.py).
    next_from: str | None = None
    # The last question asked for a like rule ("兵团有类似的吗"), and this one asks it again of
    # another region ("蒙呢"): it asks for a like rule too.
    similar_before: bool = False
    # "我们在包头" after a question asked of no region: where the sender is, told. The question is
    # asked of it, and it becomes the user's region (bot/handlers.py `keep_told_region`).
    told_region: Jurisdiction | None = None

    @property
    def asked(self) -> str:
        """The message without the story told before its question."""
        return self.text[len(self.story) :] if self.story and self.text.startswith(self.story) else self.text

    def leaning(self) -> Leaning:
        """How this question leans on the last turn, for the policy answerer."""
        return Leaning(
            context=self.context_text,
            guessed=self.followup == "elsewhere",
            asked_before=self.asked_before,
            last_cited=self.last_cited,
            last_lead=self.last_lead,
            story=self.story,
            next_from=self.next_from,
            approver=self.next_from is not None and re.search(cue_tables().raw["followup"]["approver_asked"], self.text) is not None,
            narrows=self._narrows(),
            of_agency=self.followup == "agency_state",
            similar=self._asks_similar(),
            elsewhere=self.followup in ("elsewhere", "elsewhere_marked"),
        )

    def _asks_similar(self) -> bool:
        """Whether this region follow-up asks for a like rule, in its own words or the last one's."""
        own = re.search(cue_tables().raw["followup"]["similar"], self.original) is not None
        return self.followup == "region" and (own or self.similar_before)

    def _narrows(self) -> str:
        """The words of "X呢" leaning on the last answer's article (bot/leaning.py `narrows`)."""
        if self.last_cited is None:
            return ""
        found = re.match(cue_tables().raw["followup"]["narrowing"], self.text)
        return found["x"] if found else ""

    @classmethod
    def of(cls, routed: Routed, **extra: Any) -> Question:
        base = {f.name: getattr(routed, f.name) for f in fields(Routed)}
        if isinstance(routed, Question):
            base |= {f.name: getattr(routed, f.name) for f in fields(Question)}
        return cls(**(base | extra))

    def subject(self) -> dict[str, Any]:
        """What a follow-up needs of this turn, as JSON for db.chat_state.save_subject."""
        entities = self.entities
        first = next((d for d in entities.dates if d.value is not None), None)
        role = getattr(first, "role", None) if first else None
        return {
            "text": self.text,
            "asked": self.asked,
            "context": self.context_text,
            "intent": self.intent.value,
            "regions": [r.value for r in entities.regions or ((self.context_region,) if self.context_region else ())],
            "agency": self.agency.as_dict() if self.agency else None,
            "aspect": self.aspect,
            "occupation": self.occupation,
            "level": self.level,
            "slot": self.slot,
            "event": entities.deadline_event.value if entities.deadline_event else None,
            "procedure": entities.procedure.value if entities.procedure else None,
            "date": first.value.isoformat() if first and first.value else None,
            "date_role": str(role.value if hasattr(role, "value") else role) if role else None,
            "list_kind": self.list_kind,
            "similar": self._asks_similar(),
        }


@dataclass(frozen=True)
class _Tables:
    raw: dict[str, Any]
    swap: tuple[re.Pattern[str], ...]
    swap_verb: re.Pattern[str]
    others: re.Pattern[str]
    pronoun: re.Pattern[str]
    next_step: re.Pattern[str]
    like_it: re.Pattern[str]
    rule_ask: re.Pattern[str]
    agency_state: re.Pattern[str]
    bare_date_rest: re.Pattern[str]
    self_agency: re.Pattern[str]
    aspects: tuple[tuple[str, re.Pattern[str]], ...]
    occupation: re.Pattern[str]
    not_occupation: re.Pattern[str]
    levels: dict[str, str]
    level_words: re.Pattern[str]
    list_ask: re.Pattern[str]
    list_not: re.Pattern[str]
    list_kinds: tuple[tuple[str, re.Pattern[str]], ...]
    list_excluded: re.Pattern[str] | None


@lru_cache(maxsize=1)
def cue_tables() -> _Tables:
    """question.yaml, compiled once."""
    import yaml  # lazy: only the first message pays for it

    raw: dict[str, Any] = yaml.safe_load(TABLE_PATH.read_text(encoding="utf-8"))
    follow, listing = raw["followup"], raw["registry_list"]
    levels = {str(k): str(v) for k, v in raw["levels"].items()}
    return _Tables(
        raw=raw,
        swap=tuple(re.compile(p) for p in follow["swap"]),
        swap_verb=re.compile(follow["swap_verb"]),
        others=re.compile(follow["others"]),
        pronoun=re.compile(follow["pronoun"]),
        next_step=re.compile(follow["next_step"]),
        like_it=re.compile(follow["like_it"]),
        rule_ask=re.compile(follow["rule_ask"]),
        agency_state=re.compile(follow["agency_state"]),
        bare_date_rest=re.compile(follow["bare_date_rest"]),
        self_agency=re.compile(raw["self_agency"]),
        aspects=tuple((k, re.compile(v, re.IGNORECASE)) for row in raw["aspects"] for k, v in row.items()),
        occupation=re.compile(raw["occupation"]),
        not_occupation=re.compile(raw["not_occupation"]),
        levels=levels,
        level_words=re.compile("|".join(sorted(map(re.escape, levels), key=len, reverse=True))),
        list_ask=re.compile(listing["ask"]),
        list_not=re.compile(listing["not"]),
        list_kinds=tuple((k, re.compile(v)) for k, v in listing["kinds"].items()),
        list_excluded=re.compile(listing["excluded"]) if listing.get("excluded") else None,
    )


# ---------------------------------------------------------------- agencies in the text


def _fold(text: str) -> str:
    from retrieval.textnorm import normalise_query  # noqa: PLC0415

    return _NOISE.sub("", unicodedata.normalize("NFKC", normalise_query(text))).upper()


def find_agency(session: Session, text: str) -> AgencyRef | None:
    """The registry agency whose name (without 示例 and legal suffix), 简称, or name without
    the places it opens with ("北辰精密机械") the text contains; the longest match wins, so
    石河子天山机电 beats 天山机电's neighbours (`tools.agency_lookup.mention_needles`)."""
    from sqlmodel import select  # noqa: PLC0415

    from db.models import Agency  # noqa: PLC0415
    from tools.agency_lookup import mention_by_place, mention_needles  # noqa: PLC0415

    folded = _fold(text)
    if len(folded) < 2:
        return None
    rows = session.exec(select(Agency.name, Agency.short_name, Agency.credit_code, Agency.jurisdiction, Agency.region)).all()
    listed = tuple((name, short, credit, Jurisdiction(j).label_zh, region) for name, short, credit, j, region in rows)
    needles = mention_needles(listed)
    found = [needle for needle in needles if len(needle) >= MIN_SHORT_NAME and needle in folded]
    if not found:
        placed = mention_by_place(folded, listed)
        return AgencyRef(placed[0], placed[1], "name", mention=placed[1]) if placed else None
    needle = max(found, key=len)
    credit, name = needles[needle]
    return AgencyRef(credit, name, "name", mention=needle)


def _mention(turn: Turn, routed: Routed, tables: _Tables) -> AgencyRef | None:
    """The agency this message names: a code, the user's own agency, or a registry name."""
    entities = routed.entities
    if entities.filing_number:
        return AgencyRef(entities.filing_number, entities.filing_number, "filing_number")
    if entities.credit_code:
        return AgencyRef(entities.credit_code, entities.credit_code, "credit_code")
    linked = turn.profile.linked_filing_number
    if linked and tables.self_agency.search(routed.text):
        return AgencyRef(linked, linked, "self")
    found = find_agency(turn.session, routed.text)
    if found is None and routed.intent is Intent.STATUS and entities.agency_name:
        return AgencyRef(entities.agency_name, entities.agency_name, "name")
    return found


# ---------------------------------------------------------------- what is asked of it


def aspect_of(text: str, tables: _Tables | None = None) -> str | None:
    tables = tables or cue_tables()
    return next((name for name, cue in tables.aspects if cue.search(text)), None)


def level_of(text: str, tables: _Tables | None = None) -> str | None:
    tables = tables or cue_tables()
    m = tables.level_words.search(text)
    return tables.levels[m.group(0)] if m else None


def occupation_of(text: str, known: list[str], tables: _Tables | None = None) -> str | None:
    """An occupation the text names: one of `known` (the agency's scope) first, longest
    first, else the words after an "evaluate" verb ("能评厨师吗" → 厨师)."""
    tables = tables or cue_tables()
    for name in sorted(known, key=len, reverse=True):
        if name and name in text:
            return name
    m = tables.occupation.search(text)
    if m is None or tables.not_occupation.search(m["occ"]):
        return None
    # "能评三级钳工吗": the level said first is no part of the 工种's name.
    level = tables.level_words.match(m["occ"])
    rest = m["occ"][level.end() :] if level else m["occ"]
    return rest if len(rest) >= 2 else m["occ"]


def list_kind_of(text: str, tables: _Tables | None = None) -> str | None:
    """A regulator's list question in plain text: a list word asking for agencies and a kind,
    and no word of a question about the rules."""
    tables = tables or cue_tables()
    if not tables.list_ask.search(text) or tables.list_not.search(text):
        return None
    asked = tables.list_excluded.sub("", text) if tables.list_excluded else text
    kind = next((kind for kind, cue in tables.list_kinds if cue.search(asked)), None)
    return None if kind == "occ" and trade_of(text, tables) is None else kind


def trade_of(text: str, tables: _Tables | None = None) -> str | None:
    """The 工种 a list by trade asks about ("想考电工三级 兵团有哪些机构能考" → 电工), None when the
    words after the evaluating verb name none (a level, a question word, an agency)."""
    tables = tables or cue_tables()
    for found in re.finditer(tables.raw["registry_list"]["trade"], text):
        occupation = found["occ"]
        if not tables.not_occupation.search(occupation) and not any(word.startswith(occupation) for word in tables.levels):
            return occupation
    return None


def _slot(text: str) -> str | None:
    """What the question asks for (bot/slots.py), decided once here and passed on."""
    return detect_slot(text).value


def analyse(turn: Turn, routed: Routed, **extra: Any) -> Question:
    """The question of one fresh (or rewritten) message; `extra` marks a follow-up."""
    tables = cue_tables()
    text = routed.text
    slot = _slot(text)
    if routed.command:
        agency = None
        if routed.command == "status" and routed.args.strip():
            agency = find_agency(turn.session, routed.args) or AgencyRef(routed.args.strip(), routed.args.strip(), "name")
        return Question.of(routed, agency=agency, slot=slot, **extra)
    if routed.intent is Intent.REGISTRY or (list_kind_of(text, tables) and routed.intent is Intent.POLICY):
        return Question.of(routed, intent=Intent.REGISTRY, list_kind=list_kind_of(text, tables), slot=slot, **extra)
    agency = extra.pop("agency", None) or _mention(turn, routed, tables)
    if agency is None:
        # A follow-up is read as one ask, except the last question asked again of another
        # region, whose story is still background ("…HR说要纸质的才能调工资。…效力一样吗").
        replayed = extra.get("followup") == "region"
        story, asked = ("", text) if extra.get("followup") and not replayed else story_and_ask(text)
        intent = routed.intent
        if story and intent in (Intent.CHECKLIST, Intent.ELIGIBILITY) and route(asked, today=turn.today).intent is Intent.POLICY:
            # "这批材料里有…。内蒙规定哪些情形不能申报?": 材料 was the story's word ("…行业组织承接…
            # 办法里也有类似的吗?专职人员能报考不": 承接 too).
            intent = Intent.POLICY
        if intent is not Intent.POLICY:
            return Question.of(routed, slot=slot, **extra)
        # Regions named in the story are still compared ("兵团和天津都想去备案。考评员要求有啥?").
        slot = _slot(asked) if story and slot != Slot.COMPARISON.value else slot
        return Question.of(routed, intent=intent, slot=slot, parts=split_parts(asked), story=story, **extra)
    intent = routed.intent
    if intent in STATUS_OVER or (intent is Intent.DEADLINE and not routed.entities.dates):
        intent = Intent.STATUS
    # What is asked of the agency is read without its name ("静海技能评价公司是不是被取消了": 能评
    # inside 技能评价 asks nothing of its scope).
    rest = _fold(text).replace(agency.mention, "") if agency.mention else text
    aspect = extra.pop("aspect", None) or aspect_of(rest, tables) or "valid"
    occupation = extra.pop("occupation", None) or occupation_of(rest, [], tables)
    if aspect == "valid" and occupation and re.search(tables.raw["occupation_like"], occupation):
        aspect = "scope"  # "还能在那报名考砌筑工吗": may it evaluate that 工种 now (its state decides too)
    elif aspect == "scope" and not occupation and re.search(tables.raw["still_can"], text):
        aspect = "valid"  # "还能考试吗" names no 工种: whether it may still evaluate at all
    return Question.of(
        routed,
        intent=intent,
        rule=routed.rule if intent is routed.intent else f"question:{agency.via}",
        agency=agency,
        aspect=aspect,
        occupation=occupation,
        level=extra.pop("level", None) or level_of(text, tables),
        slot=slot,
        **extra,
    )
