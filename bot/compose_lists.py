"""The lead of a list article: a header with its items, a procedure's steps, the one case
or item a question names, and an article without items quoted whole or by its best
sentences. `Composer` (bot/compose.py) takes these from `ListLeads`; they read the
question's words through the composer's own scoring (overlap, near, key words).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.slots import Slot
from bot.structure import (
    Item,
    Paragraph,
    case_clause,
    is_case_list,
    joined,
    parallel_cases,
    parse_structure,
    short_item,
)
from bot.subjects import stated_sanction
from retrieval.sentences import split_sentences

if TYPE_CHECKING:
    from retrieval.terms import TermStats

MATCHED_ITEM = 0.7
# A one- or two-character insert in brackets inside a word: 题(卷)库, 工(量)器具.
INSERT = re.compile(r"[((][^()()]{1,2}[))]")
# A list question is about one item when that item carries this share of its key words, the
# list's header less than ONE_ITEM_HEADER of them, and no other item half as much.
ONE_ITEM_SHARE = 0.5
ONE_ITEM_HEADER = 0.3
MAX_ITEMS = 14
# What happens asked of a sentence under a 项 ("违规发出去的证书咋处理": 对违纪违规证书数据,应…宣布
# 证书作废), not of one of its grounds: that sentence scores this many times the best ground.
BODY_OVER_GROUND = 2.0
MAX_STEPS_CHARS = 420
# A step is said whole up to this length (its first sentence always).
SHORT_STEP = 60
# An article without items is quoted whole up to this length (a procedure's up to the next).
WHOLE_PROSE = 220
WHOLE_PROCEDURE = 320
# A case is named when the words only it carries weigh at least this many IDF units.
MIN_CASE_WORDS = 2.0
# A case named by a run of its own words this long (characters), when its words weigh little.
SAID_RUN = 4


class ListLeads:
    """List and prose leads; mixed into `Composer`, whose scoring they use."""

    terms: TermStats
    slot: Slot
    wanted: set[str]
    _key_words: list[str]

    if TYPE_CHECKING:  # the composer's scoring, which these leads read by

        def overlap(self, text: str) -> float: ...

        def near(self, sentence: str, words: list[str]) -> float: ...

        def score(self, sentence: str) -> float: ...

    def names_one_case(self, text: str) -> bool:
        """Whether the question names one case of the article's case list: that case is
        its answer ("想加个工种走啥程序": 第十八条(三)), whichever article lists a 流程."""
        return any(
            self._one_case_asked(joined(p.lines), p.items[:MAX_ITEMS]) is not None
            for p in parse_structure(text) if p.items
        )

    def _list(self, paragraphs: list[Paragraph]) -> str:
        """Header plus every item; the item the question is about is opened up (its own
        plain lines and sub-items), the others stay short."""
        listed = [p for p in paragraphs if p.items]
        if not listed:
            return self._prose(paragraphs)
        paragraph = max(listed, key=lambda p: self.overlap("".join([*p.lines, *(i.text for i in p.items)])))
        items = paragraph.items[:MAX_ITEMS]
        best = max(items, key=self._item_match)
        if self.slot is Slot.CONDITIONS and self._one_item_asked(paragraph, best):
            return joined([joined(paragraph.lines), *self._opened(best)])
        case = self._one_case_asked(joined(paragraph.lines), items)
        if case is not None:
            return joined([joined(paragraph.lines), *self._opened(case)])
        if not (best.subitems or best.body):
            heads = [i.head for i in items]
            if self.slot is Slot.STEPS and sum(len(h) for h in heads) <= MAX_STEPS_CHARS:
                return joined([joined(paragraph.lines), *heads])  # every step whole, in order
            return joined([joined(paragraph.lines), *self._items(heads)])
        if self.slot is Slot.STEPS:
            # A procedure: every step with what happens in it (初审 is said under 备案申请).
            steps = [joined(self._opened(item)) if item is best else self._step(item) for item in items]
            if sum(len(step) for step in steps) <= MAX_STEPS_CHARS:
                return joined([joined(paragraph.lines), *steps])
        # Items matched about as well as the best are opened too: "给啥激励 怎么约束" asks both.
        top = self._item_match(best)[0]
        asked = [i for i in items if i is best or (top > 0 and self._item_match(i)[0] >= MATCHED_ITEM * top)]
        parts = [joined(paragraph.lines)]
        for item in items:
            parts.extend(self._opened(item) if item in asked else [short_item(item.head)])
        return joined(parts)

    @staticmethod
    def _step(item: Item) -> str:
        """One step of a procedure: its heading and the first sentence under it, with the
        sentences after it while the step stays short: a short step's second sentence is
        often where it leads ("公示无异议后,报自治区评价监管部门")."""
        if not item.body:
            return short_item(item.head)
        sentences = split_sentences(joined(item.body))
        kept = sentences[:1]
        for sentence in sentences[1:]:
            if sum(map(len, kept)) + len(sentence) > SHORT_STEP:
                break
            kept.append(sentence)
        return joined([item.head, *kept])

    def _one_item_asked(self, paragraph: Paragraph, best: Item) -> bool:
        """Whether a conditions question is about one item, not the list: its key words are in
        that item and neither in the list's header nor in the other items ("考评员有什么要求"
        under the 基本条件 list: only the item on staff answers). Steps are never narrowed."""
        words = self._key_words
        total = sum(self.terms.idf(t) for t in words)
        if not total:
            return False
        header = joined(paragraph.lines)
        if self.near(header, words) >= ONE_ITEM_HEADER * total:
            return False
        rest = [i.text for i in paragraph.items if i is not best]
        # Counted with synonyms first; then by the words themselves, so that a word one item
        # says and another only echoes (命题专家 in (二); 命题 in (四)'s 命题技术规程) decides.
        for weigh in (self.near, self._literal):
            in_best = weigh(best.text, words)
            others = max((weigh(text, words) for text in rest), default=0.0)
            if in_best >= ONE_ITEM_SHARE * total and in_best >= 2 * others:
                return True
        return False

    def _literal(self, text: str, words: list[str]) -> float:
        """The weight of the question's words a text says itself, synonyms not counted; a
        short bracketed insert is read without it (题(卷)库 says 题库, 工(量)器具 工器具)."""
        plain = INSERT.sub("", text)
        return sum(self.terms.idf(t) for t in words if t in text or t in plain)

    def _one_case_asked(self, header: str, items: list[Item], by_opening: bool = False) -> Item | None:
        """The one case a question names, when the items are cases ("评价机构增加评价范围的,
        提交增量备案申请"): "想加个工种走啥程序" is answered by that case, not every case.
        A case is named when it alone carries words of the question (its synonyms counted)
        and no other case carries half as many of its own. Words of the header name every case
        ("变更信息和终止备案分别交什么" asks for all of them). Parallel openings ("申请成为等级
        认定机构的单位") are named by a run of their own words the question says. `by_opening`
        reads only each case's opening clause: what a case says it requires names no case."""
        if not parallel_cases(items):
            return None
        clauses = [case_clause(item) for item in items]
        named = self._one_named(clauses if by_opening else [item.text for item in items], header) if is_case_list(items) else None
        if named is None:
            named = _one_said(self.question, clauses, header)
        return None if named is None else items[named]

    def _case_named(self, paragraphs: list[Paragraph]) -> list[Paragraph] | None:
        """The one case of a list the question names by its opening, as the whole of what a
        non-list lead is composed from: "想做职业技能等级认定机构 找谁备案" is answered by
        "(二)申请成为等级认定机构的单位,…", not by the other kinds of agency's items. "交个变更
        说明就完事了吧" after a change of name names no case: 变更说明 is what (二) requires."""
        for paragraph in paragraphs:
            case = self._one_case_asked(joined(paragraph.lines), paragraph.items, by_opening=True)
            if case is not None:
                return [Paragraph(items=[case])]
        return None

    def _one_ground(self, grounds: list[str]) -> str | None:
        """The one ground of a list the question names ("证书数据造假会被咋处理": 5.证书数据造假…)."""
        named = self._one_named(grounds)
        return None if named is None else grounds[named]

    def _one_named(self, texts: list[str], header: str = "") -> int | None:
        """Which of `texts` (cases, grounds) the question names: it alone carries words of the
        question (synonyms counted, the header's words not), weighing at least MIN_CASE_WORDS,
        and no other carries half as many of its own."""
        found = [{t for t in self.wanted if len(t) > 1 and t in text and t not in header} for text in texts]
        distinct = [
            sum(self.terms.idf(t) for t in words if not any(t in other for j, other in enumerate(found) if j != i))
            for i, words in enumerate(found)
        ]
        ranked = sorted(range(len(texts)), key=lambda i: -distinct[i])
        if not ranked or distinct[ranked[0]] < MIN_CASE_WORDS:
            return None
        if len(ranked) > 1 and distinct[ranked[1]] * 2 > distinct[ranked[0]]:
            return None
        return ranked[0]

    def _item_match(self, item: Item) -> tuple[float, float]:
        """How well a 项 matches: its best line first (a long 项 does not win by length),
        then the whole of it."""
        lines = [item.head, *item.body, *item.subitems]
        return max(self.overlap(line) for line in lines), self.overlap(item.text)

    def _opened(self, item: Item) -> list[str]:
        """One 项 in full: for steps its procedure (plain lines); for what happens on one of
        its grounds, that ground and the sanction the 项 states for all; otherwise its first
        plain sentence and every sub-item."""
        if self.slot is Slot.STEPS and item.body:
            return [item.head, *item.body]
        ground = self._one_ground(item.subitems) if self.slot is Slot.CONSEQUENCES else None
        if ground is not None:
            sentences = split_sentences(joined(item.body)) if item.body else []
            told = max(sentences, key=self.score, default="")
            if told and self.score(told) >= BODY_OVER_GROUND * self.score(ground):
                return [item.head, told]
            said = stated_sanction(item.head, sentences)
            return [item.head, ground, *([sentences[said]] if said is not None else [])]
        first = [split_sentences(joined(item.body))[0]] if item.body else []
        return [item.head, *first, *self._items(item.subitems[:MAX_ITEMS])]

    def _items(self, items: list[str]) -> list[str]:
        """Every item: the ones the question is about whole, the others short."""
        scores = [self.overlap(item) for item in items]
        top = max(scores, default=0.0)
        return [item if top > 0 and sc >= MATCHED_ITEM * top else short_item(item) for item, sc in zip(items, scores, strict=True)]

    def _prose(self, paragraphs: list[Paragraph]) -> str:
        """An article without items: all of it when short (a procedure may be longer: every
        step counts), else its best sentences in order."""
        sentences = [s for p in paragraphs for line in p.lines for s in split_sentences(line)]
        if sum(len(s) for s in sentences) <= (WHOLE_PROCEDURE if self.slot is Slot.STEPS else WHOLE_PROSE):
            return joined(sentences)
        ranked = sorted(range(len(sentences)), key=lambda i: -self.score(sentences[i]))
        chosen = ranked[:1]
        for _ in range(2):
            # The next sentence carries the question's words the chosen ones lack first (跨师市
            # is in three sentences, the 书面同意 asked for in one), then scores best.
            have = "".join(sentences[i] for i in chosen)
            missing = [t for t in self._key_words if not self.near(have, [t])]
            rest = [i for i in ranked if i not in chosen]
            if not rest:
                break
            chosen.append(max(rest, key=lambda i: (self.near(sentences[i], missing), -ranked.index(i))))
        return joined([sentences[i] for i in sorted(chosen)])


def _one_said(question: str, clauses: list[str], header: str) -> int | None:
    """The clause whose own words the question says in the longest run, at least SAID_RUN
    characters and twice any other's: "职业技能等级认定机构" says "等级认定机构" of "申请成为
    等级认定机构的单位", though 等级 and 认定 alone weigh little. A run the header or another
    clause also says ("评价机构" of "各类评价机构按照以下流程办理") names no one case."""
    runs = [_own_run(question, clause, [header, *(c for c in clauses if c is not clause)]) for clause in clauses]
    ranked = sorted(range(len(clauses)), key=lambda i: -runs[i])
    if not ranked or runs[ranked[0]] < SAID_RUN or (len(ranked) > 1 and runs[ranked[1]] * 2 > runs[ranked[0]]):
        return None
    return ranked[0]


def _own_run(question: str, clause: str, others: list[str]) -> int:
    """The length of the longest run of `clause` the question says and none of `others` does."""
    for size in range(len(clause), SAID_RUN - 1, -1):
        for start in range(len(clause) - size + 1):
            run = clause[start : start + size]
            if run in question and not any(run in other for other in others):
                return size
    return 0
