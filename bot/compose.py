"""The lead of an answer, composed from an article's structure and the slot asked for.

Users read only the first line, so it must state the answer: a number with its unit
for "how long", the body with its subject for "who", the header plus every item for
conditions, the procedure for "steps". Every word is quoted from the article or is
fixed connective text ("……" for an elided span), so no figure appears that is not
in the cited passage. The article is always composed whole (from the corpus), even
when search matched only one embedded part of it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cached_property

from bot.compose_lists import ListLeads
from bot.shapes import (
    DEFINED,
    NEGATIVE,
    POSITIVE,
    SHAPES,
    asked_unit,
    asked_unit_words,
    bare_unit_words,
    defined_term_asked,
    fitting,
    same_list_nouns,
    shapes,
    states_measured,
    verdict,
)
from bot.slots import LISTS, NUMERIC, QUANTITY, Slot, asking_words, detect_slots
from bot.structure import ITEM_LABEL, Paragraph, enumerates, joined, parse_structure, section_title
from bot.sub_questions import per_question, sub_questions
from bot.subjects import (
    Unit,
    continuation,
    frames_item,
    hedged_rest,
    kind_asked,
    parallel_items,
    part_title,
    qualifiers,
    sanction_of_ground,
    scheme_frame,
    sibling_halves,
    with_subject,
)
from retrieval.sentences import split_sentences, strip_label
from retrieval.terms import TermStats

# The noun a list question asks for; an article using it is the better lead.
NEAR_SHARE = 0.35
# Slots whose answer is a figure: a region's text without one near the question's words is
# silent (for how-many only when the question names what it counts: people, a share).
TIMED = frozenset({Slot.HOW_LONG, Slot.WHEN, Slot.HOW_MANY})
MIN_MASS = 6.0
SHAPED_SHARE = 0.7
PARALLEL_SHARE = 0.8  # another case's item, as near as this to the best, is said too (who, per case)
MEASURED_SHARE = 0.5  # … when its figure is said of the thing the question measures (公示7个工作日)
# A part's title is read with a figure's sentence when it is a title, not a long first clause.
SHORT_TITLE = 20
WHOLE_ITEM = 150
COMPLEMENT = 0.4
# The best sentence and the one after it are both quoted when together at most this long.
CONTINUATION_CHARS = 140
# A figure said to hold as a rule (一般) is quoted with the rest of its paragraph up to this long.
HEDGED_CHARS = 280
# A sentence joins the lead for question words the lead lacks when they weigh this share of
# the question's words and at least MIN_COVER IDF units; at most MAX_COVERING such sentences.
COVER_SHARE = 0.2
MIN_COVER = 2.0
MAX_COVERING = 2
MAX_COVERING_CHARS = 200
# A "who" question asks for another body than the one it names: a sentence whose subject (its
# first SUBJECT_SPAN characters, after an item label) is that body weighs this much.
ASKER_WEIGHT = 0.5
SUBJECT_SPAN = 10


class Composer(ListLeads):
    """Composes leads for one question: its wanted words are computed once."""

    def __init__(
        self,
        terms: TermStats,
        question: str,
        wanted: set[str],
        slot: Slot,
        synonyms: Mapping[str, tuple[str, ...]] | None = None,
    ) -> None:
        self.terms = terms
        self.question = question
        self.wanted = wanted
        self.slot = slot
        # The question's own law words, each with the statutory words its colloquial form
        # stands for: nearness is counted in these, once per question word.
        self.asked = {
            t: tuple(s for trigger, extra in (synonyms or {}).items() if t in trigger or trigger in t for s in extra)
            for t in wanted
            if terms.known(t) and t in question and not QUANTITY.match(t)
        }
        shape = SHAPES.get(slot)
        # A figure asked in a unit ("最晚啥时候交": a period or 当日; "几年": years) is the
        # sentence's shape, as it is what fits the slot (`fits`).
        unit = asked_unit(question, slot) if slot in TIMED else None
        self.shape = unit or (shape[0] if shape else None)
        self.shape_bonus = shape[1] if shape else 0.0

    # -- scoring -------------------------------------------------------------
    def overlap(self, text: str) -> float:
        present = set(self.terms.tokens(text))
        return sum(self.terms.idf(t) for t in self.wanted if t in present or (len(t) > 1 and t in text))

    def score(self, sentence: str) -> float:
        shaped = self.shape_bonus if self.shape and self.shape.search(sentence) else 0.0
        base = (self.overlap(sentence) + shaped) / (1.0 + len(sentence) / 150)
        return base * ASKER_WEIGHT if self.slot is Slot.WHO and self._asker_is_subject(sentence) else base

    def _asked_term(self, term: str) -> bool:
        """Whether a defined term ("所称行业组织") is the one the question asks about: the words
        just before its "是指/什么意思" when the question has them, else any of its key words."""
        asked = self._defined_term
        if asked:
            return asked in term or term in asked
        return any(len(t) >= 2 and (t in term or term in t) for t in self._key_words)

    @cached_property
    def _figure_shapes(self) -> list[re.Pattern[str]]:
        """Every figure the question asks for (最少几个 and 签多长 in one question)."""
        return [SHAPES[slot][0] for slot in detect_slots(self.question) if slot in NUMERIC and slot in SHAPES]

    @cached_property
    def _defined_term(self) -> str:
        return defined_term_asked(self.question)

    def _asker_is_subject(self, sentence: str) -> bool:
        """Whether the sentence's subject is the body the question itself names ("评价机构备案
        归哪个单位管": a sentence about what 各评价机构 do is not who manages them)."""
        head = ITEM_LABEL.sub("", sentence)[:SUBJECT_SPAN]
        if shapes().regulated_subject(self.question, head):
            # "天津备案找哪个部门": not what 各评价机构 do, unless it says where they go.
            return not shapes().names_receiver(sentence)
        return any(len(t) >= 3 and t in head and t in self.question for t in self.terms.tokens(head))

    def fits(self, text: str, strict: frozenset[Slot] = TIMED) -> bool:
        """Whether an article holds what the slot asks for near the question's words (for
        time questions a period or date; a text without one is silent on the point)."""
        if self.slot not in strict:
            return True
        unit = asked_unit(self.question, self.slot)
        if self.slot is Slot.HOW_MANY and unit is None:
            return True  # "how many" of what is unclear: any figure may answer
        pattern = unit or fitting(self.shape, self.slot)
        if pattern is None:
            return True
        # "Near the question's words": the figure's sentence carries a fair share of them;
        # a question with too few of the law's words to judge that takes a figure anywhere.
        # A figure's sentence is read with the title of the part it stands in: the rule it
        # belongs to is named there ("(二)责令终止备案" … 公示7个工作日).
        sentences = split_sentences(strip_label(text))
        figures = [
            f"{section_title(sentences, i)}{s}" for i, s in enumerate(sentences)
            if pattern.search(s) and shapes().figure_answers(s, self.question)
        ]
        # "提前多久" asks for a lead time: only a figure stated as one (有效期满3个月前) answers,
        # not the 3 years a filing lasts. 提前 says what kind of figure, not what it is about.
        shaped = {word: shape for word, shape in shapes().stated_as.items() if word in self.question}
        for word, shape in shaped.items():
            figures = [s for s in figures if word in s or shape.search(s)]
        # Only a time unit is a pure unit: a head count's cue holds what is counted (几个出题的专家);
        # a bare share (比例) is of something the figure's sentence names too (监考和考生按啥比例配).
        unit_words = asked_unit_words(self.question, self.slot) if self.slot is Slot.HOW_LONG else ""
        share_words = bare_unit_words(self.question, self.slot)
        asking = asking_words(self.question)
        for words in self._word_groups():
            # One character (人 of 几个人) is a unit or a particle, and a way of asking (几个人)
            # is not what is asked about: neither is a topic.
            group = [
                t for t in words
                if len(t) > 1 and t not in asking and t not in shaped
                and not (unit_words and (t in unit_words or unit_words in t))
            ]
            if not group and figures:
                return True  # only ways of asking ("多久之内要弄完"): the topic is the article's
            # A question asking two things is near when the figure is near either of them.
            mass = sum(self.terms.idf(t) for t in group)
            # Too few words to ask for a share of them: a figure anywhere answers, except a
            # deadline, whose sentence still names one ("天津续期最晚啥时候交": 天津's 每三年调整并
            # 公布“红黑榜” is no renewal deadline).
            named_once = min(mass, 1e-9) if self.slot in (Slot.WHEN, Slot.HOW_LONG) else 0.0
            need = NEAR_SHARE * mass if mass >= MIN_MASS else named_once
            said_of = [t for t in group if t not in share_words and share_words not in t] if share_words else []
            if any(self.near(s, group) >= need and (not said_of or self.near(s, said_of) > 0) for s in figures):
                return True
        return False

    def _word_groups(self) -> list[list[str]]:
        """The question's own law words, per sub-question when it asks more than one."""
        parts = [p for p in re.split(r"[?？]", self.question) if p.strip()]
        groups = [[t for t in self.asked if t in part] for part in parts] if len(parts) > 1 else []
        return [g for g in groups if g] or [list(self.asked)]

    def near(self, sentence: str, words: list[str]) -> float:
        """The weight of the question's own words a sentence carries (a word counts once,
        found itself or as a statutory synonym), in the same units as their total mass."""
        return sum(self.terms.idf(t) for t in words if t in sentence or any(s in sentence for s in self.asked[t]))

    def prefers(self, text: str) -> bool:
        """A softer fit, for choosing among close hits: the figure for numeric slots, a sanction
        for what-happens questions, and the list's own noun (原则, 材料, 形式 …) for list slots
        when the question names one."""
        if not self.fits(text, NUMERIC):
            return False
        if self.slot is Slot.DEFINITION:
            return any(self._asked_term(m.group("term")) for m in DEFINED.finditer(text))
        sanction = shapes().sanction
        if self.slot is Slot.CONSEQUENCES and sanction is not None:
            # What happens, not only who handles it. The sanction is the fit: "还有啥处理方式"
            # names 方式, but asks which sanctions, not an article listing 方式.
            return sanction.search(text) is not None
        groups = [g for g in shapes().list_nouns if any(n in self.question for n in g)] if self.slot in LISTS else []
        if self.slot is Slot.STEPS:
            # "材料往哪交,后面咋审" names no 流程, but asks for one: the article listing its 流程.
            steps = same_list_nouns("流程")
            groups = [*groups, *([steps] if steps and steps not in groups else [])]
        return not groups or any(enumerates(text, n) for g in groups for n in g)

    # -- composing -----------------------------------------------------------
    def compose(self, text: str) -> str:
        """The lead for this article: list slots by structure, others by their best sentence."""
        paragraphs = parse_structure(text)
        if not paragraphs:
            return text
        if self.slot in LISTS:
            listed = self._list(paragraphs)
            if listed:
                return listed
        # "想做等级认定机构 找谁备案": who/when/how long of the one case named (not whether or why).
        named = self._case_named(paragraphs) if self.slot in (*TIMED, Slot.WHO) else None
        lead = self._sentences(named or paragraphs)
        if lead.endswith((":", ":")) and any(p.items for p in paragraphs):
            return self._list(paragraphs) or lead  # a bare list header: give its items too
        first = split_sentences(lead)[0] if lead else ""
        if self.slot is not Slot.WHETHER or self._lacking(first) or not self._decides(first):
            return lead
        return f"{verdict(lead)}{lead}"

    def _decides(self, sentence: str) -> bool:
        """Whether the clause saying 不得/可以 is about what the question asks: "严禁不符合条件人员
        参加评价" decides nothing on whether an agency may run a training class."""
        clauses = [c for c in re.split(r"[,,;;::]", sentence) if NEGATIVE.search(c) or POSITIVE.search(c)]
        return not clauses or any(self.near(c, [t]) for c in clauses for t in self._key_words)

    def _lacking(self, sentence: str) -> float:
        """The weight of the question's key words a sentence lacks, when it is enough to
        have called for another sentence: a 可以 said of 用人单位 is no verdict on 社会培训评价组织."""
        words = self._key_words
        total = sum(self.terms.idf(t) for t in words)
        lacking = sum(self.terms.idf(t) for t in words if not self.near(sentence, [t]))
        return lacking if lacking >= max(COVER_SHARE * total, MIN_COVER) else 0.0

    def _sentences(self, paragraphs: list[Paragraph]) -> str:
        """The best sentence (with its subject carried), and a close runner-up when short."""
        units: list[Unit] = []  # paragraph, position, sentence
        heads: dict[int, str] = {}  # unit → the heading of the long item it was cut from
        parts: dict[int, int] = {}  # unit → the item it stands in (absent: the paragraph's own lines)
        # A figure question is answered by the figure's sentence, even inside a short item
        # ("(三)备案。…完成本市备案。备案有效期为3年" → "备案有效期为3年").
        by_sentence = self.shape is not None and self.slot in NUMERIC
        for p, paragraph in enumerate(paragraphs):
            pieces = [s for line in paragraph.lines for s in split_sentences(line)]
            for number, item in enumerate(paragraph.items):  # an item is one rule: whole when short
                text = item.text
                cut = [text] if len(text) <= WHOLE_ITEM and not by_sentence else [s for s in split_sentences(text)]
                if len(cut) > 1:
                    heads.update((len(units) + len(pieces) + k, item.head) for k in range(len(cut)))
                parts.update((len(units) + len(pieces) + k, number) for k in range(len(cut)))
                pieces.extend(cut)
            units.extend((p, n, piece) for n, piece in enumerate(pieces))
        if not units:
            return ""
        scored = [(self.score(s), i) for i, (_, _, s) in enumerate(units)]
        if self.shape is not None and self.slot in NUMERIC:
            # A figure question wants a sentence with a figure, unless the question's words
            # point clearly at another sentence (有效期按什么算: the rule, not the 3 years).
            # A figure's sentence is read with the title of the part it stands in ("(二)责令
            # 终止备案" … 公示7个工作日), as `fits` reads it.
            titled = lambda i: f"{title if len(title := heads.get(i, '')) <= SHORT_TITLE else ''}{units[i][2]}"  # noqa: E731
            shaped = [
                (self.score(titled(i)), i) for _, i in scored
                if self.shape.search(units[i][2]) and shapes().figure_answers(units[i][2], self.question)
            ]
            best_words = max(self.overlap(s) for _, _, s in units)
            figure = asked_unit(self.question, self.slot) or self.shape
            measured = [
                (v, i) for v, i in shaped if states_measured(units[i][2], self.question, self.asked, figure, self.slot)
                and self.overlap(titled(i)) >= MEASURED_SHARE * best_words
            ]
            if measured:
                scored = measured  # "公示要几天": the figure said of 公示
            elif shaped and max(self.overlap(titled(i)) for _, i in shaped) >= SHAPED_SHARE * best_words:
                scored = shaped
        best_score, best = max(scored, key=lambda pair: (pair[0], -pair[1]))
        chosen = [best, *self._complement(units, scored, best, best_score)]
        chosen.extend(continuation(units, best, chosen, heads, CONTINUATION_CHARS))
        if self.slot in NUMERIC:
            chosen.extend(hedged_rest(units, best, chosen, HEDGED_CHARS, parts))
        chosen.extend(i for i in per_question(units, chosen, self.terms, sub_questions(self.question, self.terms, self.asked)) if i not in chosen)
        chosen.extend(self._covering(units, chosen))
        if self.slot is Slot.WHETHER:
            chosen.extend(qualifiers(units, chosen, MAX_COVERING_CHARS))
            chosen.extend(kind_asked(units, chosen, self.question))
        chosen.extend(scheme_frame(units, chosen))
        chosen.extend(sibling_halves(units, chosen))
        title = part_title(units, chosen, heads)
        # A ground's sanction, said after the ground ("12.不履行工作承诺…的。…取消其备案资质。").
        sanction = sanction_of_ground(units, chosen, heads) if self.slot is Slot.CONSEQUENCES or (
            self.slot is Slot.OTHER and title
        ) else []
        parts = [with_subject(units, i, set(chosen), whole_clause=self.slot is Slot.WHO) for i in sorted(chosen)]
        return joined([*title, *parts, *(units[i][2] for i in sanction if i not in chosen)])

    def _covering(self, units: list[Unit], chosen: list[int]) -> list[int]:
        """Sentences carrying question words the chosen ones lack, most weight first: the
        question asks about 社会培训评价组织 and the best sentence speaks of 用人单位, or it
        names 命题专家 and 考评员 and the best sentence counts only the latter."""
        words = self._key_words
        total = sum(self.terms.idf(t) for t in words)
        # For a figure question a word is answered only where a figure stands beside it
        # (any figure the question asks for: 最少几个 and 签多长 in one question).
        shapes = self._figure_shapes
        answers = lambda text: not shapes or any(p.search(text) for p in shapes)  # noqa: E731
        have = "".join(units[i][2] for i in chosen if answers(units[i][2]))
        missing = {t for t in words if not self.near(have, [t])}
        added: list[int] = []
        while missing and len(added) < MAX_COVERING:
            gains = [
                (sum(self.terms.idf(t) for t in missing if self.near(units[i][2], [t])), i)
                for i in range(len(units))
                if i not in chosen and i not in added and len(units[i][2]) <= MAX_COVERING_CHARS and answers(units[i][2])
            ]
            if not gains:
                break
            gain, index = max(gains, key=lambda pair: (pair[0], -pair[1]))
            if gain < max(COVER_SHARE * total, MIN_COVER):
                break
            added.append(index)
            missing = {t for t in missing if not self.near(units[index][2], [t])}
        return added

    @cached_property
    def _key_words(self) -> list[str]:
        """The question's own law words, each counted once: none inside a longer one (技师 in
        特级技师) and none of its ways of asking (不能 in 能不能). Once per question: a composer
        weighs several articles."""
        asking = asking_words(self.question)
        return [
            t for t in self.asked
            if t not in asking and not any(t != other and t in other for other in self.asked)
        ]

    def _complement(
        self, units: list[Unit], scored: list[tuple[float, int]], best: int, best_score: float
    ) -> list[int]:
        """A second sentence when it is nearly as good, the first is short, or it carries
        question words the first lacks (the question asks about two things)."""
        if self.slot is Slot.WHO and (cases := parallel_items(units, scored, best, PARALLEL_SHARE)):
            return cases
        runner = sorted(((sc, i) for sc, i in scored if i != best and sc > 0), reverse=True)
        if not runner:
            return []
        score, index = runner[0]
        first = units[best][2]
        if not frames_item(units, index, best) and (score >= 0.9 * best_score or (len(first) < 40 and score >= 0.6 * best_score)):
            return [index]
        for score, index in runner:
            if score < COMPLEMENT * best_score:
                break
            extra = [t for t in self.wanted if len(t) > 1 and t in units[index][2] and t not in first and t in self.question]
            if extra:
                return [index]
        return []
