"""Extractive answers to policy questions: a lead taken from the text, then the passages.

No LLM is needed: the lead is composed from the whole article's structure for the
slot the question asks (`bot/compose.py`, `bot/slots.py`), so every number in it is
quoted from a cited passage. A region named or stored is answered from its own text,
or said to be silent with other regions labelled as reference (`bot/regional.py`).
Coverage is judged before answering: when the best
passages leave the question's rare words unmatched, or are not close enough in
meaning, the answer says the texts do not cover it instead of showing weakly
related articles (`bot/judgement.py`). Thresholds live in `CoverageThresholds` there and
are calibrated by `benchmarks/eval_answers.py`. Judging hits and choosing the lead article
is `bot/article_choice.py`'s `ArticleChooser`, which `PolicyAnswerer` extends.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from bot.answer_parts import answer_in_parts, embedded
from bot.article_choice import PolicyAnswer
from bot.article_text import compose_lead, notice_last, whole_article
from bot.asked_act import silent_on_act
from bot.comparison import RegionComparer
from bot.followup_shape import with_party
from bot.known_articles import (
    first_asked_kept,
    is_tabled,
    procedure_hits,
    tabled_first,
    tabled_hits,
    with_analog,
)
from bot.leaning import Leaning
from bot.next_step import carried_on, next_step_answer
from bot.not_covered import not_covered, refusal
from bot.question import cue_tables
from bot.question_parts import QuestionParts
from bot.question_text import (
    hearsay_claim,
    refers_back,
    region_words,
    rejoin_split_verbs,
    time_frame,
    with_context,
    without_asker,
    without_aspiration,
    without_text_subject,
    without_time_frame,
)
from bot.regional import (
    MAX_REFERENCES,
    SILENT_NOUN,
    Candidate,
    first_answering,
    national_lead,
    other_regions,
    silence_text,
    silent_about,
)
from bot.shapes import shapes
from bot.slots import DETAILS, NUMERIC, Slot, detect_slot
from bot.word_mass import topic_mass, word_mass
from corpus.models import LOCAL_REGIONS, Jurisdiction
from retrieval.hits import Hit


class PolicyAnswerer(RegionComparer):
    """Answers a policy question: from a region's own text, nationally, or region by region."""

    # -- answers -------------------------------------------------------------
    def answer(
        self,
        question: str,
        regions: tuple[Jurisdiction, ...] = (),
        per_region: bool = False,
        prefer: Jurisdiction | None = None,
        slot: Slot | None = None,
        leaning: Leaning = Leaning(),
        parts: QuestionParts | None = None,
        procedure: str | None = None,
    ) -> PolicyAnswer:
        """The reply to a policy question; `slot` is what it asks for (detected when not given);
        `leaning` is what it brings from the last turn (`bot/leaning.py`); `parts` what each
        part of a message asking several things asks (`bot/question_parts.py`)."""
        question = rejoin_split_verbs(question)
        slot = slot or detect_slot(question)
        asked_of = regions[0] if len(regions) == 1 else prefer
        question = hearsay_claim(self._without_frame(question, asked_of))
        context = self._without_frame(leaning.context, asked_of) if leaning.context else ""
        # The story told before the ask stands in for a last question: searched with the ask,
        # and judged with it (its topics refusing too) only when the ask is thin ("…不做认定了。
        # 要怎么办?", "我想在天津落户。需要什么条件?").
        told = "" if context else rejoin_split_verbs(leaning.story)
        context = context or told
        # "那保存几年" carries too few of the texts' words to judge an article by: what it asks
        # about is the last question's (档案), so it is judged with it, as an ask pointing back at
        # its story is ("这些人能参加吗"). Its lead is composed from its own words.
        pointing = bool(told and refers_back().search(question))
        # (An ask after a story counts the statutory words its colloquial ones say: "发出来的证还
        # 算数吗" asks about 证书作废, whatever the story's 举报 is about.)
        terms = self.searcher.terms
        mass = topic_mass(terms, question, phrases_only=True) if told else word_mass(terms, question)
        thin = bool(context) and (mass < self.thresholds.own_words_mass or pointing)
        judged = with_context(question, context) if thin else question
        # (How it asks is no topic: "兵团的话走啥程序" names none, 程序 is its way of asking;
        # "内蒙古是怎么发证的" names one, 发证 = 颁发证书.)
        if leaning.guessed and topic_mass(terms, question) >= self.thresholds.guessed_context_mass:
            context, judged = "", question  # "天津续期申请啥时候交" names its topic (续期): its own question
        if told and not thin:
            context = ""  # an ask with words of its own is searched by them alone
        # A topic the texts leave out counts when the ask names it, or when the ask names next to
        # nothing and its story does ("我的证书丢了。怎么办?"): a story's 培训费 is background to an
        # ask with words of its own ("…培训费都谈好了。跨师市开展评价要办啥手续?").
        by_story = told and thin and not pointing and mass < self.thresholds.story_topic_mass
        refused = refusal(judged if by_story else question, places_in=leaning.story, region=asked_of)
        if refused is not None:
            return refused
        if (following := next_step_answer(leaning)) is not None:
            return following  # "然后呢" after a procedure's step: the next one
        issued = self.issued_answer(question, regions[0] if len(regions) == 1 else prefer)
        if issued is not None:
            return issued
        if parts is not None and not per_region and len(regions) < 2:
            self.searcher.prefetch(embedded(question, parts))
            whole = self.answer(question, regions, per_region, prefer, slot, leaning, procedure=procedure)
            if whole.citations and not whole.covered:
                return whole  # the region's text is silent on what the message asks: said first
            return answer_in_parts(self, self.answer, question, parts, regions, prefer, leaning, whole) or whole
        if per_region or len(regions) >= 2:
            lead = leaning.last_lead if leaning.asked_before else ""  # "其他地方呢"
            return self.compare(question, regions or LOCAL_REGIONS, analog_of=lead)
        region = regions[0] if regions else prefer
        # "人社部那个行业组织办法里…": the ministry's text named as the one asked of. When a region's
        # rule outranks its own, it is answered as a region's own text is, silence said first.
        named_text = shapes().text_named
        # So is the ministry asked after a region ("人社部怎么规定的" after 兵团's 有效期).
        asked_of_it = bool(leaning.asked_before) or (named_text is not None and named_text.search(question) is not None)
        of_text = region is Jurisdiction.NATIONAL and bool(regions) and asked_of_it
        if of_text and (ranked := self.searcher.search(with_context(question, context), k=1, prefer=region.value)) and ranked[0].jurisdiction != region.value:
            return self.regional(question, region, slot, judged=judged, leaning=replace(leaning, context=context))
        if region is not None and region is not Jurisdiction.NATIONAL:
            return self.regional(
                question, region, slot, named=bool(regions), judged=judged,
                leaning=replace(leaning, context=context, last_cited=leaning.last_cited if thin or leaning.narrows or leaning.asked_before else None),
                procedure=procedure,
            )
        # A question naming the subject a whole national text is about ("…承接水平评价类职业资格
        # 认定,申请该往哪儿交") is read by its other words among the national texts, as a region
        # named is; judged whole.
        own_words, searched = self._searched_by_own_words(
            question, judged, lambda text: self.searcher.search(
                with_context(text, context), k=self._depth(slot, 5),
                prefer=region.value if region else (Jurisdiction.NATIONAL.value if text != question else None),
            ),
            region,
        )
        hits = self._better_covered(own_words, notice_last(question, searched), leaning=bool(context))
        if context and not told:  # leaning on the last turn, asking something new
            hits = self._own_words_first(question, hits, region.value if region else None, self._depth(slot, 5), context=context if slot is Slot.WHETHER else None)
        hits = self._narrowed(hits, leaning)
        if context and not thin and hits and not self.judge(judged, hits[0], ignore=region_words()).covered:
            # A follow-up with words of its own the last article lacks ("…名单和结果报给谁"): by them.
            hits = notice_last(question, self.searcher.search(question, k=self._depth(slot, 5))) or hits
        if not hits:
            return not_covered(question)
        judgement = self.judge(judged, hits[0], ignore=region_words())
        if not judgement.covered:
            return not_covered(question, judgement)
        # (A national follow-up composes from its own words: "水平评价类呢" after 准入类 names its topic
        # in a word that also names the national texts.)
        composer = self.composer(self._composed(question, context if told else "", slot), slot if slot is not Slot.COMPARISON else None)
        effective = self._effective_clause(question, hits)
        if effective is not None:
            return self._clause_answer(effective, composer)
        if self._silent(question, hits, composer):
            return not_covered(question, reason=f"收录的文本没有规定{silent_about(question, composer.slot)}")
        if region is None:
            spread = self._regional_spread(question, hits)
            if len(spread) >= 2:
                return self.compare(question, tuple(spread))
        hits = self._slot_fit(own_words, hits, composer, asked_of=region.value if regions and region else None)
        if slot is Slot.STEPS and procedure and re.search(cue_tables().raw["applying"], question):  # how to apply (承接…认定)
            hits = tabled_first(hits, procedure_hits(self.searcher, region or Jurisdiction.NATIONAL, procedure, hits[0].score))
        top = hits[0]
        support = self._support(question, hits)
        lead, quoted = carried_on(compose_lead(composer, top), top, composer.slot is Slot.STEPS, question)
        text = f"{lead}\n(依据:{';'.join(h.citation for h in quoted)})"
        support = (*quoted, *(h for h in support if h not in quoted))
        return PolicyAnswer(text, support, True, regions=tuple(h.jurisdiction for h in support))

    def regional(
        self, question: str, region: Jurisdiction, slot: Slot, named: bool = True, judged: str = "",
        leaning: Leaning = Leaning(), procedure: str | None = None,
    ) -> PolicyAnswer:
        """From the region's own text, else a national rule labelled as national, else "the
        region's text is silent" with other regions' rules labelled as reference (not covered).
        `judged` is the text an article is judged against when not the question itself; `leaning`
        what the question brings from the last turn."""
        composer = self.composer(self._composed(question, leaning.context, slot), slot if slot is not Slot.COMPARISON else None)
        compose = lambda hit: compose_lead(composer, hit)  # noqa: E731
        own_words, searched = self._searched_by_own_words(
            question, judged or question, lambda text: self.searcher.search(with_context(text, leaning.context), k=self._depth(slot, 3), jurisdiction=region.value),
            region,
        )
        found_hits = self._better_covered(own_words, ranked := notice_last(question, searched), leaning=bool(leaning.context))
        # (A yes/no follow-up asks whether the conversation's rule reaches its case: "那我们还能再
        # 申请加工种不" after a bad credit record is that record's restriction, not 增量备案 itself;
        # unless that rule holds none of its words.)
        if leaning.context and leaning.context != rejoin_split_verbs(leaning.story) and not leaning.of_agency:
            found_hits = self._own_words_first(question, found_hits, region.value, self._depth(slot, 3), context=leaning.context if slot is Slot.WHETHER else None)
        if leaning.context and judged in ("", question):  # words of its own, judged alone
            found_hits = self._searched_alone(question, found_hits, region.value, self._depth(slot, 3))
        found_hits = self._narrowed(found_hits, leaning)
        # An article carrying the follow-up's own words where the top carries none is judged by
        # them ("要是查实了他们就是没兑现承诺呢": 承诺, not the complaint the last question was about).
        own_pick = found_hits[0] if found_hits and found_hits[0] is not ranked[0] else None
        by_judged, by_own = self._answers(judged or question, composer), self._answers(question, composer)
        answers = lambda hit: by_judged(hit) or (hit is own_pick and by_own(hit))  # noqa: E731
        if leaning.asked_before and leaning.last_lead:
            # (Asked for a like rule, the last rule's wording is the guide, whatever the question's.)
            asked_words = "" if leaning.similar else question
            found_hits = with_analog(self.searcher, self.thresholds, found_hits, leaning.last_lead, region, asked_words)
        steps, candidates = tabled_hits(self.searcher, region, question, slot, procedure, leaning, found_hits)
        if candidates and not steps and not is_tabled(found_hits[0], candidates):
            # The region's own article repeating the question's words ("不能申报" of the 禁止性规定)
            # is what it asks, though the last rule's provision here is another (基本条件).
            if self._says_it_closer(question, found_hits[0], tabled_first(found_hits, candidates)[0]):
                candidates = []
        found_hits = tabled_first(found_hits, candidates)
        effective = self._effective_clause(question, found_hits)
        if effective is not None:
            return self._clause_answer(effective, composer)
        # After a lookup, "它们该咋处理" fits what the agencies' state says (停止认定工作), not 处理 alone.
        fitted = judged if leaning.of_agency and judged else question
        own = self._slot_fit(fitted, self._last_first(question, found_hits, leaning.last_cited, answers, composer, judged), composer)
        own = tabled_first(own, candidates)  # unless the slot's fit is one of them
        # Words only other regions' texts use (回避, 轮换): the region's text is silent on them,
        # when another region's answering article uses them (选拔 said where the text says 遴选
        # has no such article: the region's own text answers).
        # Who asks ("我们是…民办职业学校") is what a whether/conditions question turns on, and no
        # more than background to a procedure or a figure.
        asked = question if slot in (Slot.WHETHER, Slot.CONDITIONS) else without_asker(question)
        # A short question asking the last one again of another region ("内蒙那边电子证书咋说的"
        # after 天津's 电子证书效力) asks that question's words too (效力).
        silent_on = f"{leaning.context} {asked}" if leaning.elsewhere else asked
        foreign = self.vocabulary.foreign_words(silent_on, region.value, region_words(), told=rejoin_split_verbs(leaning.story))
        with_words = lambda hit: self.covers(asked, hit) and any(w in whole_article(hit) for w in foreign)  # noqa: E731
        word_references = self._references(question, region, with_words, compose) if foreign else []
        # The other text must also be about as close in meaning as the region's own article that
        # would lead: a word used in passing (合格, 涉嫌) elsewhere does not silence the region's
        # own rule. (Not its closest article of all: 天津's 第二十四条 on sanctions is close to
        # "被处理了不服", yet no 天津 article rules on objecting to a 处理决定.)
        closest_own = own[0].dense if own else 0.0
        margin = self.thresholds.foreign_dense_margin
        # The region the question was first asked of ("天津有没有这种规定" after 内蒙古's 站点备案)
        # answered it with those words: its rule is the one asked about, however it ranks.
        first_asked = {r.value for r in leaning.asked_before}
        word_references = [r for r in word_references if r.hit.dense >= closest_own - margin or r.hit.jurisdiction in first_asked]
        # Asked again of this region ("天津有没有这种规定"), "this rule" is the first region's.
        word_references = [r for r in word_references if r.hit.jurisdiction in first_asked] or word_references
        # The silence names the words the references quoted use ("站点备案", not every law word
        # the phrase "设点" may stand for).
        foreign = tuple(w for w in foreign if any(w in whole_article(r.hit) for r in word_references))
        # The region's provision on the point asked again answers it, in whatever words; asked
        # for a like rule ("内蒙那边有类似的没"), whatever the words only the first text uses.
        concordant = own[:1] if own and is_tabled(own[0], candidates) else []
        foreign = () if concordant and leaning.similar else foreign
        found = None if foreign else first_answering(own, lambda hit: hit in concordant or answers(hit), compose)
        # A question asked again of another region keeps the first region's wording (市人社局,
        # 抽查): that region's article always outmatches, so only the others may. An article with
        # the topic but not the act asked (谁来培训) is outmatched by one saying it (bot/asked_act.py).
        outmatching = (
            self._outmatching(question, region, found, answers, compose, skip=first_asked_kept(found.hit, leaning))
            or silent_on_act(
                self.searcher.terms, asked, slot, found, lambda: self._references(question, region, answers, compose),
                self.thresholds.foreign_dense_margin,
            )
            if found is not None and not (steps and found.hit in concordant) else []
        )
        if found is not None and not outmatching:
            lead, quoted = carried_on(found.lead, found.hit, composer.slot is Slot.STEPS, question)
            support = self._support(question, [*quoted, *(h for h in own if h not in quoted)])
            text = f"{lead}\n(依据:{';'.join(h.citation for h in quoted)})"
            return PolicyAnswer(text, support, True, regions=(region.value,))
        # A stored region with a question that names none: a national rule may answer it,
        # labelled. A region named in the question is answered from its own text only.
        national = None if named else first_answering(
            self.searcher.search(question, k=2, jurisdiction=Jurisdiction.NATIONAL.value), answers, compose
        )
        if national is not None:
            return PolicyAnswer(national_lead(national), (national.hit,), True, regions=(Jurisdiction.NATIONAL.value,))
        if not own and not named:
            return not_covered(question)
        references = word_references or outmatching or self._references(
            question, region, answers, compose, searched=with_context(question, leaning.context), topic=judged or question,
        )
        title = own[0].doc_title if own else self._region_title(region)
        # The region's own article on the topic, though it lacks what the slot asks (a 申辩
        # article without a number of days): said after the silence, before other regions.
        asks_figure = composer.slot in SILENT_NOUN or foreign
        related = found if outmatching else (
            first_answering(own, lambda hit: hit in concordant or self.covers(question, hit), compose) if asks_figure else None
        )
        text = silence_text(region, title, slot, references, related, missing=foreign, asked=question)
        if not references and related is None:
            text = f"{text}\n{not_covered(question).text}"
        cited = (*((related.hit,) if related else ()), *(r.hit for r in references))
        return PolicyAnswer(text, cited, False, regions=(region.value,))

    def _outmatching(
        self, question: str, region: Jurisdiction, found: Candidate, answers: Callable[[Hit], bool],
        compose: Callable[[Hit], str], skip: tuple[Jurisdiction, ...] = (),
    ) -> list[Candidate]:
        """Other regions' answering articles, when one of them carries nearly all the question's
        words and the region's own best carries far fewer ("天津这边想主动不干了,退出备案要怎么弄":
        天津's 红黑榜 article against 兵团's 自愿终止备案): the region's text is silent on the point
        and its article is only related. Empty when the region's own article holds its own."""
        own = self.judge(question, found.hit, ignore=region_words()).coverage
        limits = self.thresholds
        if own > 1.0 - limits.outmatch_margin:
            return []  # nothing can carry enough more of the words (and searching costs time)
        skip = skip if own >= limits.asked_before_floor else ()
        references = self._references(question, region, answers, compose, skip=skip)
        # Closer in meaning too: one word the region's text phrases otherwise (名单, 申请)
        # costs its article coverage but not closeness.
        outmatched = any(
            r.hit.dense > found.hit.dense
            and (cover := self.judge(question, r.hit, ignore=region_words()).coverage) >= limits.outmatch_min
            and cover - own >= limits.outmatch_margin
            for r in references
        )
        return references if outmatched else []

    def _references(
        self, question: str, region: Jurisdiction, answers: Callable[[Hit], bool], compose: Callable[[Hit], str],
        skip: tuple[Jurisdiction, ...] = (), searched: str = "", topic: str = "",
    ) -> list[Candidate]:
        """Other regions' articles that answer, national last, for a reply labelled as reference.
        A follow-up is `searched` with what it leans on, and its references must be about the
        conversation's `topic` ("多久内要报" after 信息变更: no region's 档案 period)."""
        found = ((other, self.searcher.search(searched or question, k=3, jurisdiction=other.value)) for other in other_regions(region) if other not in skip)
        return [ref for _, hits in found if (ref := first_answering(self._on_topic(topic, hits) if topic else hits, answers, compose))][:MAX_REFERENCES]

    def _composed(self, question: str, context: str, slot: Slot) -> str:
        """What picks the lead's sentences: the question, or with what it leans on when it names
        no topic ("在哪能查到", "这两件事能干吗" after the story that says which). "归谁管", "要多久"
        ask for a body or a figure: the slot's own shape picks the sentence. A colloquial word
        the statutes say otherwise ("卷子" is 试卷) names a topic of its own."""
        wordless = bool(context) and slot not in DETAILS and (topic_mass(self.searcher.terms, question) == 0.0 or bool(refers_back().search(question)))
        if slot in NUMERIC and not wordless:
            # What the asker wants to become is background to a figure ("我们公司想申请当认定机构,
            # 备案结果一般啥时候公布"): the figure must be near what is asked.
            question = without_aspiration(question) or question
        return with_context(question, context) if wordless else with_party(question, context, slot)

    def _searched_by_own_words(
        self, question: str, judged: str, search: Callable[[str], list[Hit]], region: Jurisdiction | None,
    ) -> tuple[str, list[Hit]]:
        """The words the question is searched by, and the hits: its own words when it names the
        subject the text is about throughout, unless the whole question finds an article carrying
        far more of its words (the subject named a topic after all)."""
        own_words = self._subject_free(question, region)
        searched = search(own_words)
        if own_words == question or not searched:
            return own_words, searched
        coverage = lambda hits: self.judge(judged, hits[0], ignore=region_words()).coverage if hits else 0.0  # noqa: E731
        margin = self.thresholds.topic_margin
        own = coverage(searched)
        if own >= 1.0 - margin:
            return own_words, searched  # nothing can carry more than the margin beyond it: one search
        whole = search(question)
        return (question, whole) if coverage(whole) - own > margin else (own_words, searched)

    def _subject_free(self, question: str, region: Jurisdiction | None) -> str:
        """The question without the subject the text asked of (the national ones, when it names
        no region) is about throughout, when it has words of its own left: every article says it."""
        rest = without_text_subject(question, (region or Jurisdiction.NATIONAL).value)
        return rest if rest != question and topic_mass(self.searcher.terms, rest) >= self.thresholds.own_words_mass else question

    def _without_frame(self, question: str, region: Jurisdiction | None) -> str:
        """"兵团备案有效期内能不能加个工种" is about adding a 工种, not the 有效期: the period a
        question is set in is not searched or judged by, unless the region's text sets its
        rule in that period (内蒙古: "原则上在备案有效期内不得变更认定职业")."""
        frame = time_frame(question)
        framed = without_time_frame(question)
        if not frame or word_mass(self.searcher.terms, framed) == 0:
            return question
        period = frame.removeprefix("在").removeprefix("备案")  # 有效期内, 期内
        if region is not None and self.vocabulary.uses(region.value, period):
            return question
        return framed

    def _support(self, question: str, hits: list[Hit]) -> tuple[Hit, ...]:
        top = hits[0]
        chosen = [top]
        for hit in hits[1:]:
            if len(chosen) >= self.thresholds.max_support:
                break
            if hit.score >= self.thresholds.support_ratio * top.score and self.judge(question, hit).covered:
                chosen.append(hit)
        return tuple(chosen)

    def _regional_spread(self, question: str, hits: list[Hit]) -> list[Jurisdiction]:
        """Local regions whose best article answers about as well as the top one."""
        top = hits[0]
        regions: list[Jurisdiction] = []
        for hit in hits:
            region = Jurisdiction(hit.jurisdiction)
            if region not in LOCAL_REGIONS or region in regions:
                continue
            if hit.score >= self.thresholds.per_region_ratio * top.score and self.judge(question, hit).covered:
                regions.append(region)
        return regions if Jurisdiction(top.jurisdiction) in regions else []
