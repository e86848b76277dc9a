"""Words only other regions' texts use: a regional question turning on one is one its own text is silent on.

"兵团对考评员有回避、轮换这类要求吗": 回避 and 轮换 occur in 内蒙古's text and nowhere in
兵团's, so whichever 兵团 article matched best (考评人员 counts), it does not answer. A word
counts only when it is the law's kind of word: known to the corpus, not a way of asking,
and not an everyday word (主要, 时间, 必须 occur in any text by chance of wording).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from functools import cached_property, lru_cache

from bot.date_roles import DateRole, role_words
from bot.dates import parse_dates
from bot.shapes import extent_of, same_list_nouns
from bot.slots import asking_words
from retrieval.expansion import expansions
from retrieval.terms import TermStats
from retrieval.tokenize import domain_words

# jieba's general-language count from which a word is everyday (必须 21884, 时间 33288, 鼓励
# 2370) rather than a rule's own word (回避 984, 纸质 67, 分值 180).
EVERYDAY = 2000
# The longest colloquial phrase whose statutory words say a word inside it ("取消了 是不是就作废").
MAX_PHRASE = 12


class RegionVocabulary:
    """Each jurisdiction's whole text, to ask which of a question's words it never uses."""

    def __init__(self, terms: TermStats, texts: Sequence[tuple[str, str]]) -> None:
        self.terms = terms
        self._texts = texts  # (jurisdiction, passage text)

    @cached_property
    def _by_region(self) -> Mapping[str, str]:
        joined: dict[str, list[str]] = {}
        for region, text in self._texts:
            joined.setdefault(region, []).append(text)
        return {region: "".join(parts) for region, parts in joined.items()}

    def uses(self, region: str, phrase: str) -> bool:
        """Whether `region`'s text has this phrase anywhere."""
        return phrase in self._by_region.get(region, "")

    def foreign_words(self, question: str, region: str, ignore: tuple[str, ...] = (), told: str = "") -> tuple[str, ...]:
        """The question's rule words that `region`'s text never uses (nor their statutory
        synonyms) while another region's text does. `told` is the story before the ask: a
        phrase spanning both ("资格被国家取消了。…老证还算数吗") is read whole."""
        own = self._by_region.get(region, "")
        if not own:
            return ()
        synonyms = expansions(question)
        asking = asking_words(question)
        of_extent = extent_of(question)
        found: list[str] = []
        told_date = _date_story(question)
        # What a colloquial phrase inside one the text answers stands for is not asked: "还算数吗"
        # within "资格被国家取消了。…老证还算数吗" asks nothing of 证书作废.
        answered = self._answered(question, own, told)
        shadowed = {
            w for trigger, adds in synonyms.items() if any(trigger != longer and trigger in longer for longer in answered)
            for w in adds
        }
        for term in self.terms.content_terms(question, ignore=ignore):
            if len(term) < 2 or not self.terms.known(term) or term in asking or term in told_date or term in shadowed:
                continue
            if not self._foreign_kind(term, own):
                continue
            if of_extent(term):
                continue  # 大面积: how badly, not what; the region's rule on the act still answers
            # A word inside a colloquial phrase the statute says otherwise ("取消了…作废": 浙江's
            # 取消前取得的…仍可作为) is said by the phrase's statutory words, as the judge reads it.
            # (A short phrase only: a pattern spanning the question, "兵团…五家渠", says nothing of 回避.)
            phrased = (
                w for phrase, adds in synonyms.items() if term in phrase and term != phrase and len(phrase) <= MAX_PHRASE
                for w in adds
            )
            forms = (term, *synonyms.get(term, ()), *same_list_nouns(term), *phrased)
            if any(form in own for form in forms) or self._parts_used(term, own):
                continue
            if any(any(form in text for form in forms) for other, text in self._by_region.items() if other != region):
                found.append(term)
        found.extend(self._foreign_statutory(question, own, region, asking, answered))
        # A piece search-mode cutting makes of a longer foreign word (竞赛 of 职业技能竞赛) is that word.
        return tuple(w for w in dict.fromkeys(found) if not any(w != longer and w in longer for longer in found))

    def _foreign_statutory(self, question: str, own: str, region: str, asking: str, answered: list[str]) -> list[str]:
        """The law words a colloquial phrase of the question stands for ("顺便兼" → 兼任), when
        the region's text uses neither the phrase nor any of those words, and another region's
        text uses one; the phrases inside one the text `answered` stand for nothing asked."""
        found: list[str] = []
        matched = expansions(question)
        # A law word another phrase of the question also stands for, when the region's text
        # uses that phrase ("增加个工种": 工种 is in 内蒙古's text, so 评价范围 is said there in
        # the question's own words; so is 增量备案 when the text uses 加个's sibling 增加).
        excused = {w for trigger, additions in matched.items() if trigger in own for w in additions}
        for trigger, additions in matched.items():
            # Only the law's own words count: 增加 (everyday) in the text says nothing of 增量备案.
            rule_words = [w for w in additions if len(w) > 1 and self._law_word(w) and w not in excused]
            mates = same_list_nouns(trigger)  # 流程 asked where the text lists its 程序: not silent
            # (The text using any law word the phrase stands for speaks of it, though another
            # phrase of the question stands for that word too: 外督's 外部督导人员 beside 派出.)
            if trigger in asking or trigger in own or trigger in answered or any(word in own for word in mates):
                continue
            if any(trigger != longer and trigger in longer for longer in answered):
                continue
            # Every law word the phrase stands for that another text uses: "设点" is 兵团's
            # 跨师市 and 内蒙古's 站点备案, and either region's article may be the reference.
            found.extend(w for w in rule_words if any(w in text for r, text in self._by_region.items() if r != region))
        return found

    def _answered(self, question: str, own: str, told: str) -> list[str]:
        """The colloquial phrases the text answers in its own words ("增加个工种" → 变更 认定职业):
        the reading of the shorter phrases inside them (增加 → 增量备案). The story told before
        the ask may open the phrase ("取消了。…还算数吗")."""
        whole = expansions(f"{told}{question}")
        return [t for t, additions in whole.items() if any(w in own for w in additions if len(w) > 1 and self._law_word(w))]

    def _foreign_kind(self, term: str, own: str) -> bool:
        """A word that can be foreign: rare in general Chinese, or a word of the domain list
        (证卡) none of whose parts the region's text uses (内部质量督导员 where it says
        内部质量督导人员 is its own word in other words)."""
        if self.terms.rare(term, EVERYDAY):
            return True
        if self.terms.everyday(term) is not None or term not in domain_words():
            return False
        return not any(p in own for p in self.terms.tokens(term) if p != term and len(p) > 1)

    def _law_word(self, word: str) -> bool:
        """A statute's own word: rare in general Chinese, or known only to the domain list
        (增量备案), which a statutory synonym names on purpose."""
        return self.terms.rare(word, EVERYDAY) or self.terms.everyday(word) is None

    def _parts_used(self, term: str, own: str) -> bool:
        """A compound whose parts the text uses (登记注册 where it says 登记(或注册)). The parts
        must make up the whole word: 信息 is not 信息库."""
        parts = [p for p in self.terms.tokens(term) if p != term and len(p) > 1]
        covered = {i for p in parts for start in _starts(term, p) for i in range(start, start + len(p))}
        return bool(parts) and len(covered) == len(term) and all(p in own for p in parts)


def _starts(word: str, part: str) -> list[int]:
    return [i for i in range(len(word) - len(part) + 1) if word.startswith(part, i)]


@lru_cache(maxsize=256)
def _date_story(question: str) -> frozenset[str]:
    """The words that say what a told date is (收到, 考完, 公告), when the question tells one:
    "11月3号收到处理决定 申诉最晚啥时候" asks of 申诉, and a text that never says 收到 is
    not silent on it. The day itself does not matter, only whether a date has a role."""
    told = any(d.role is not DateRole.UNKNOWN for d in parse_dates(question, date(2000, 1, 1)))
    return frozenset(role_words()) if told else frozenset()
