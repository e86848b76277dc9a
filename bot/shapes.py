"""What an answer looks like: the shape of a sentence that answers each slot, the units of
figures and the list nouns (data in shapes.yaml), definition clauses, and the 可以/不可以
verdict. The composer (bot/compose.py) weighs sentences with these; nothing here chooses.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import yaml

from bot.slots import Slot
from retrieval.sentences import split_sentences

# What a sentence that answers a slot looks like (the "shape"), and its weight in IDF units.
_TIME = r"\d+\s*(?:年|个月|月|日|天|个工作日|周)|[一二三四五六七八九十两]+(?:年|个月|个工作日|日|天)"
SHAPES: dict[Slot, tuple[re.Pattern[str], float]] = {
    # "结束当日向派出单位提交" answers "多久要交回来": the same day is a period too.
    Slot.HOW_LONG: (re.compile(rf"{_TIME}|当日|当天"), 4.0),
    # "评价活动结束当日向派出单位提交…评分表" says when the sheet is handed in.
    Slot.WHEN: (re.compile(rf"{_TIME}|\d{{4}}年\d{{1,2}}月|前|内|起|当日|当天|同日"), 3.0),
    Slot.HOW_MANY: (re.compile(r"\d+\s*(?:人|名|家|次|%|个|分)|不少于|不低于|不超过|至少|[一二三四五六七八九十]+(?:人|名|家|次)"), 4.0),
    Slot.WHO: (re.compile(r"部门|中心|局|厅|处|委员会|机构|组织"), 1.5),
    Slot.WHETHER: (re.compile(r"可以|可|不得|严禁|禁止|不能|不予|应当|应|须|需"), 1.0),
    Slot.DEFINITION: (re.compile(r"所称|是指|指的是"), 4.0),
}
# What else answers a slot, though it earns no sentence the shape's bonus: an event a clause
# waits for ("在…证书数据成功上传…后,提交缩减信息材料") says when, as a date does, so a text
# saying it is not silent on when; the lead is still chosen as before ("公示通过后,报…复核"
# beside "…发放备案回函" keeps both). Read through `fitting`.
ALSO_FITS: dict[Slot, str] = {Slot.WHEN: r"后(?=[,，])"}
SHAPES_FILE = Path(__file__).with_name("shapes.yaml")
# How a question asks what a term means, and the words around the term it asks about.
_DEFINITION_CUE = re.compile(r"是?(?:什么意思|啥意思|指什么|指啥|指的是|具体指|指哪些|是干啥的|是干什么的|是做什么的|说白了)|何谓|什么叫|啥叫")
_TERM_LEAD = re.compile(r"所说的|说的|讲的|所谓的?|里的|中的")
_TERM_TAIL = re.compile(r"(?:到底|究竟|具体|一般)?(?:是|的)?$")
# A statute's definition clause and the term it defines (本办法所称行业组织,是指…).
DEFINED = re.compile(r"所称的?(?P<term>[^,,。;;]{2,24}?)(?:[,,]\s*)?(?:是指|指的是|包括)")
# Whether the rule allows or forbids: polarity words of a 可以/不可以 verdict.
NEGATIVE = re.compile(r"不得|严禁|禁止|不能|不予|不可|不允许")
POSITIVE = re.compile(r"可以|可在|可申请|可续期|可降低|可按|可由|可向|允许")


def same_list_nouns(term: str) -> tuple[str, ...]:
    """The nouns naming the same kind of list as `term` (流程 = 程序 = 步骤), or ()."""
    return next((group for group in shapes().list_nouns if term in group), ())


def extent_of(question: str) -> Callable[[str], bool]:
    """Whether a term of `question` is part of its words saying how much or how badly something
    happened (大面积, and 大面 its tokenizer also yields): no topic, so no text is silent for
    lacking them, and no passage is judged by them."""
    extent = [word for word in shapes().extent_words if word in question]
    return lambda term: any(term in word for word in extent)


def verdict(lead: str) -> str:
    """可以/不可以 when the quoted rule decides it one way (one polarity only), else nothing."""
    first = split_sentences(lead)[0] if lead else ""
    negative, positive = NEGATIVE.search(first), POSITIVE.search(first)
    if negative and not positive:
        return "不可以。依据原文:"
    if positive and not negative:
        return "可以。依据原文:"
    return ""


def defined_term_asked(question: str) -> str:
    """The term a "what does X mean" question asks about: the words before the asking cue, in
    its clause or the clause before, after 说的/讲的/所谓 ("内蒙古讲的职业技能等级认定,说白了是干啥的"
    → 职业技能等级认定). Empty when the question has no such cue."""
    clauses = [c for c in re.split(r"[,,?？。!!;;]", question) if c.strip()]
    for i, clause in enumerate(clauses):
        cue = _DEFINITION_CUE.search(clause)
        if cue is None:
            continue
        before = clause[: cue.start()] or (clauses[i - 1] if i else clause[cue.end() :])  # 什么叫X
        term = _TERM_LEAD.split(before)[-1]
        return _TERM_TAIL.sub("", term.strip("“”\"' "))
    return ""


class UnitRow(NamedTuple):
    """One row of shapes.yaml `units`: how a question asks in a unit, what a figure in it looks
    like, and what a text without such a figure is said to lack ("" for the slot's own word)."""

    asked: re.Pattern[str]
    figure: re.Pattern[str]
    silent: str = ""
    said_of: bool = False  # a bare unit (比例): its figure's sentence names what it is of


# How far before a unit's ask the thing measured is looked for ("公示要几天", "保存期是几年").
MEASURED_SPAN = 6
# … and how far before a figure in the text ("公示7个工作日", "保管不少于3年").
MEASURED_GAP = 4


def _asked_row(question: str, slot: Slot) -> tuple[UnitRow, re.Match[str]] | None:
    """The first unit row of `slot` whose cue the question uses, with the words that matched."""
    for row in shapes().units.get(slot, ()):
        if found := row.asked.search(question):
            return row, found
    return None


def asked_unit(question: str, slot: Slot = Slot.HOW_LONG) -> re.Pattern[str] | None:
    """The unit a figure question asks in (几年 → 年, 几名 → 人/名), if it names one."""
    asked = _asked_row(question, slot)
    return asked[0].figure if asked else None


def measured_words(question: str, slot: Slot = Slot.HOW_LONG) -> str:
    """What the question measures: the few characters just before its ask for a unit
    ("对外公示要几天" → "对外公示要"), "" when it asks in none."""
    asked = _asked_row(question, slot)
    return question[max(0, asked[1].start() - MEASURED_SPAN) : asked[1].start()] if asked else ""


def states_measured(sentence: str, question: str, words: Iterable[str], figure: re.Pattern[str], slot: Slot) -> bool:
    """Whether the sentence gives a figure right after a word the question measures
    ("向社会公示7个工作日" for "对外公示要几天"): that figure is the one asked, though another
    sentence shares more of the question's other words (违规, 取消)."""
    before = measured_words(question, slot)
    measured = [w for w in words if len(w) > 1 and w in before]
    return any(
        w in sentence[max(0, m.start() - len(w) - MEASURED_GAP) : m.start()] for m in figure.finditer(sentence) for w in measured
    )


def silent_noun(question: str, slot: Slot) -> str:
    """What a text without the asked figure lacks, when the unit row names it ("认定费多少" →
    相应的金额); "" when it does not (the slot's own word is said)."""
    asked = _asked_row(question, slot)
    return asked[0].silent if asked else ""


def bare_unit_words(question: str, slot: Slot) -> str:
    """The words asking for a unit that says nothing of what is measured (比例, `said_of`),
    "" for any other ask."""
    asked = _asked_row(question, slot)
    return asked[1].group(0) if asked and asked[0].said_of else ""


def asked_unit_words(question: str, slot: Slot = Slot.HOW_LONG) -> str:
    """The words that ask for the unit ("工作日" of 多少个工作日), "" when none: the figure's
    sentence always has them, so they say nothing about whether it is the sentence asked."""
    asked = _asked_row(question, slot)
    return asked[1].group(0) if asked else ""


@dataclass(frozen=True)
class _Shapes:
    """bot/shapes.yaml: per figure slot, its `UnitRow`s in order; the
    groups of list nouns that name the same kind of list (程序 = 流程 = 步骤); and how a
    sentence that qualifies the one before it opens (确需…的, 但…); how a question asks
    about a text itself (印发, 文号); what a sanction looks like (约谈, 终止备案); and how
    a question asks when a text takes effect, with the clause that says it; and the question
    words a rule states in another shape (提前 as "3个月前"); and the article saying why a text
    was made, with how a question asks for that; the words that say how much or how badly
    something happened (大面积), which no text's silence turns on; the act a keeping period is
    said of (`bound`); the parties a sanction falls on; and the regulated party that is no
    answer to where to go (`to_whom`); how a question names a text as the one asked of
    (`text_named`); how it asks whether a step ends the procedure (`skips_ahead`); and how a rule
    says a figure holds as a rule, with exceptions after it (`hedges`); and how a sentence names
    the scheme the sentences after it run (`establishes`)."""

    units: dict[Slot, tuple[UnitRow, ...]]
    list_nouns: tuple[tuple[str, ...], ...]
    exception: re.Pattern[str] | None = None
    document: re.Pattern[str] | None = None
    sanction: re.Pattern[str] | None = None
    effective_asked: re.Pattern[str] | None = None
    effective_clause: re.Pattern[str] | None = None
    stated_as: dict[str, re.Pattern[str]] = field(default_factory=dict)
    purpose_clause: re.Pattern[str] | None = None
    purpose_asked: re.Pattern[str] | None = None
    covering_clause: re.Pattern[str] | None = None
    supplement_clause: re.Pattern[str] | None = None
    supplement_asked: re.Pattern[str] | None = None
    reserved: dict[str, re.Pattern[str]] = field(default_factory=dict)
    extent_words: frozenset[str] = frozenset()
    body_names: tuple[str, ...] = ()
    bound: tuple[tuple[re.Pattern[str], re.Pattern[str], bool], ...] = ()
    parties: re.Pattern[str] | None = None
    violations: re.Pattern[str] | None = None
    to_whom: tuple[re.Pattern[str], re.Pattern[str]] | None = None
    receiver: re.Pattern[str] | None = None
    hands_in: re.Pattern[str] | None = None
    accepting: re.Pattern[str] | None = None
    text_named: re.Pattern[str] | None = None
    skips_ahead: re.Pattern[str] | None = None
    hedge: re.Pattern[str] | None = None
    establishes: re.Pattern[str] | None = None
    kinds_of_body: tuple[str, ...] = ()
    interpretation: tuple[re.Pattern[str], re.Pattern[str]] | None = None

    def final_clauses(self) -> tuple[tuple[re.Pattern[str], re.Pattern[str]], ...]:
        """(how a question asks it, the clause that says it) for what a text says of itself in
        its final article: when it takes effect, who interprets it."""
        pairs = [(self.effective_asked, self.effective_clause), self.interpretation or (None, None)]
        return tuple((asked, clause) for asked, clause in pairs if asked is not None and clause is not None)

    def regulated_subject(self, question: str, head: str) -> bool:
        """Whether a question asking where to go (`to_whom`) meets a sentence whose subject
        (`head`, after any item label) is the regulated party itself."""
        return self.to_whom is not None and bool(self.to_whom[0].search(question) and self.to_whom[1].search(head))

    def asks_where_to_hand_in(self, question: str) -> bool:
        """Whether a who question asks where the party hands something in ("向哪个部门递申请",
        "材料交给谁"), not who does a task ("证书数据找谁维护")."""
        return bool(self.to_whom and self.hands_in and self.to_whom[0].search(question) and self.hands_in.search(question))

    def names_receiver(self, sentence: str) -> bool:
        """Whether the sentence says where the regulated party goes ("应向属地…部门提交")."""
        return self.receiver is not None and self.receiver.search(sentence) is not None

    def receives(self, sentence: str) -> bool:
        """Whether the sentence names where the party's papers go, or the body that takes them
        in ("兵团评价管理机构…受理…备案申请")."""
        return self.names_receiver(sentence) or (self.accepting is not None and self.accepting.search(sentence) is not None)

    def party(self, text: str) -> str:
        """The party `text` is about: the last one named before the misconduct (行业组织 of
        "…的行业组织违规了", 工作人员 of "行业组织的工作人员违反纪律"), else the first one named;
        "" for none."""
        named = list(self.parties.finditer(text)) if self.parties is not None else []
        act = self.violations.search(text) if self.violations is not None else None
        before = [m for m in named if act is not None and m.end() <= act.start()]
        return before[-1].group(0) if before else (named[0].group(0) if named else "")

    def same_party(self, party: str, rule: str) -> bool:
        """Whether a rule's first clause is about `party`, the one a question asks of (人员
        answers for 工作人员): the last party that clause names is the one it rules on."""
        clause = re.split(r"[,,。;;]", rule, maxsplit=1)[0]
        named = [m.group(0) for m in self.parties.finditer(clause)] if self.parties is not None else []
        subject = named[-1] if named else ""
        return bool(party and subject) and (party.endswith(subject) or subject.endswith(party))

    def figure_answers(self, sentence: str, question: str) -> bool:
        """Whether a figure in `sentence` may answer `question`: not a period reserved for
        another kind of question (a filing's 有效期 for "办下来要多久"), and, for a question
        asking how long something is kept, a figure said of keeping it (`bound`)."""
        if not all(key not in sentence or asked.search(question) for key, asked in self.reserved.items()):
            return False
        return all(_said_of(sentence, act, near) for asked, act, near in self.bound if asked.search(question))


@lru_cache(maxsize=16)
def fitting(shape: re.Pattern[str] | None, slot: Slot) -> re.Pattern[str] | None:
    """What a sentence that fits `slot` looks like: its shape, or what else answers it
    (`ALSO_FITS`)."""
    also = ALSO_FITS.get(slot)
    if shape is None or also is None:
        return shape
    return re.compile(f"{shape.pattern}|{also}")


@lru_cache(maxsize=1)
def shapes() -> _Shapes:
    table = yaml.safe_load(SHAPES_FILE.read_text(encoding="utf-8")) or {}
    units = {
        Slot(slot): tuple(
            UnitRow(re.compile(r["asked"]), re.compile(r["figure"]), str(r.get("silent") or ""), bool(r.get("said_of")))
            for r in rows
        )
        for slot, rows in (table.get("units") or {}).items()
    }
    openings = table.get("exceptions") or []
    exception = re.compile("^(?:" + "|".join(openings) + ")") if openings else None
    document = table.get("document_cues") or []
    return _Shapes(
        units,
        tuple(tuple(group) for group in table.get("list_nouns") or ()),
        exception,
        re.compile("|".join(document)) if document else None,
        re.compile("|".join(sanctions)) if (sanctions := table.get("sanctions") or []) else None,
        re.compile(effective["asked"]) if (effective := table.get("effective") or {}) else None,
        re.compile(effective["clause"]) if effective else None,
        {word: re.compile(shape) for word, shape in (table.get("stated_as") or {}).items()},
        re.compile(purpose["clause"]) if (purpose := table.get("purpose") or {}) else None,
        re.compile(purpose["asked"]) if purpose else None,
        re.compile(purpose["covering"]) if purpose.get("covering") else None,
        re.compile(table["supplement"]) if table.get("supplement") else None,
        re.compile(table["supplement_asked"]) if table.get("supplement_asked") else None,
        {key: re.compile(asked) for key, asked in (table.get("reserved") or {}).items()},
        frozenset(table.get("extent_words") or ()),
        tuple(table.get("body_names") or ()),
        tuple((re.compile(row["asked"]), re.compile(row["clause"]), bool(row.get("near"))) for row in table.get("bound") or ()),
        re.compile("|".join(parties)) if (parties := table.get("parties") or []) else None,
        re.compile(table["violations"]) if table.get("violations") else None,
        (re.compile(whom["asked"]), re.compile(whom["party"])) if (whom := table.get("to_whom")) else None,
        re.compile(whom["receiver"]) if whom and whom.get("receiver") else None,
        re.compile(whom["hands_in"]) if whom and whom.get("hands_in") else None,
        re.compile(whom["accepting"]) if whom and whom.get("accepting") else None,
        re.compile("|".join(named)) if (named := table.get("text_named") or []) else None,
        re.compile("|".join(ahead)) if (ahead := table.get("skips_ahead") or []) else None,
        re.compile("|".join(hedges)) if (hedges := table.get("hedges") or []) else None,
        re.compile("|".join(founds)) if (founds := table.get("establishes") or []) else None,
        tuple(table.get("kinds_of_body") or ()),
        (re.compile(meaning["asked"]), re.compile(meaning["clause"])) if (meaning := table.get("interpretation")) else None,
    )


_CLAUSES = re.compile(r"[,,;;]")
_PERIOD = re.compile(_TIME)


def _said_of(sentence: str, act: re.Pattern[str], near: bool = False) -> bool:
    """Whether a period in `sentence` stands in a clause naming the act, or in the clause
    after one that names it and holds a period itself (a parallel list); `near`: or in the
    clause before the act's ("应于有效期满3个月前,向…提交申请")."""
    clauses = _CLAUSES.split(sentence)
    for i, clause in enumerate(clauses):
        if not _PERIOD.search(clause):
            continue
        if act.search(clause) or (i and act.search(clauses[i - 1]) and _PERIOD.search(clauses[i - 1])):
            return True
        if near and i + 1 < len(clauses) and act.search(clauses[i + 1]):
            return True
    return False
