"""What search and judging read of a question: split verbs joined (备一次案 → 备案), region
names set apart, the conversation's last question beside an elliptical one."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from corpus.models import JURISDICTION_NAMES, Jurisdiction
from retrieval.textnorm import MAX_QUERY_CHARS

# Separable verbs split by a colloquial insert (备一次案, 备完案, 考过试): joined again before
# searching, so the law's word is found and weighed.
SPLIT_VERBS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"备[了过完好一两几次回个]{1,3}案"), "备案"),
    (re.compile(r"考[了过完]试"), "考试"),
)


def rejoin_split_verbs(question: str) -> str:
    """The question with split separable verbs joined (备一回案 → 备案)."""
    for pattern, word in SPLIT_VERBS:
        question = pattern.sub(word, question)
    return question


@lru_cache(maxsize=1)
def region_words() -> tuple[str, ...]:
    """Region names and the pieces search-mode cutting makes of them (内蒙古 → 内蒙, 蒙古)."""
    from retrieval.regions import PLACE_ALIASES, WEAK_ALIASES  # noqa: PLC0415

    literals = [a for table in (PLACE_ALIASES, WEAK_ALIASES) for aliases in table.values() for a in aliases]
    words: set[str] = set()
    for keyword in (a for a in literals if re.escape(a) == a):
        words.add(keyword)
        words.update(_pieces(keyword))
    return tuple(sorted(words))


def _pieces(keyword: str) -> set[str]:
    return {keyword[i:j] for i in range(len(keyword)) for j in range(i + 2, len(keyword) + 1)}


def region_words_but_named(question: str) -> tuple[str, ...]:
    """`region_words()` less a word that only weakly names the national texts when the
    question says it whole ("水平评价类呢": 水平评价类, cut as 水平/评价/类, is what is asked)."""
    from retrieval.regions import WEAK_ALIASES  # noqa: PLC0415

    named = [a for aliases in WEAK_ALIASES.values() for a in aliases if re.escape(a) == a and a in question]
    if not named:
        return region_words()
    kept = {piece for word in named for piece in (word, *_pieces(word))}
    return tuple(w for w in region_words() if w not in kept)


# Region words that are also the texts' own terms: the sub-areas of cross-area rules (盟市,
# 师市) and the level of 自治区评价监管部门 / 自治区级评价机构.
_SUB_AREAS = frozenset({"盟市", "师市", "自治区"})


def without_places(question: str) -> str:
    """The question without the local regions' own names (兵团, 内蒙古, 天津, 浙江). Words
    that also name a topic stay: 师市 and 盟市 (cross-area exams), 行业组织, 人社部; so do
    places inside a region (包头). Short names go too ("跟内蒙的…": 内蒙, 津)."""
    from retrieval.regions import find_region_mentions  # noqa: PLC0415

    for m in sorted(find_region_mentions(question), key=lambda m: m.start, reverse=True):
        if not (m.weak or m.inside) and question[m.start:m.end] not in _SUB_AREAS:
            question = f"{question[:m.start]} {question[m.end:]}"
    for region, name in JURISDICTION_NAMES.items():
        if region is not Jurisdiction.NATIONAL:
            question = question.replace(name, " ")
    return question


def with_context(question: str, context: str) -> str:
    """The text search reads: an elliptical question ("企业自己评的话还能往上加级别不") with the
    conversation's last question beside it; judging and composing read the question alone.
    The context is cut to what fits search's length limit: it only helps."""
    room = MAX_QUERY_CHARS - len(question) - 10
    return f"{question} {context[:room]}" if context and room > 0 else question


def distinctive_run(question: str, text: str, corpus: Sequence[str], at_most: int = 3) -> int:
    """The longest run of the question's characters that `text` repeats and that few passages
    of the corpus hold (at most `at_most`): "主动申请终止备案" is one, 职业技能等级认定, which
    dozens of passages hold, is the domain's name and tells nothing."""
    best = 0
    for part in re.split(r"[\s,，。?？!！、;；:：]+", question):
        for start in range(len(part)):
            end = start + best + 1  # only a longer run can change the answer
            while end <= len(part) and part[start:end] in text:
                end += 1
            run = part[start : end - 1]
            if len(run) > best and sum(run in passage for passage in corpus) <= at_most:
                best = len(run)
    return best


@lru_cache(maxsize=1)
def _question_table() -> dict[str, Any]:
    return yaml.safe_load(Path(__file__).with_name("question.yaml").read_text(encoding="utf-8")) or {}


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    table = _question_table()
    return {name: re.compile(table[name]) for name in ("self_description", "aspiration", "time_frame", "hearsay", "ask_marker", "reported_question", "question_words", "unsure", "similar_ask", "refers_back", "asking_only")}


# What a hearsay claim must keep to be the question on its own ("一个师同一个职业只给挂一家牌子").
MIN_CLAIM = 6


def hearsay_claim(question: str) -> str:
    """The claim a user checks ("…,听人说一个师同一个职业只给挂一家牌子,真的假的"): what
    follows the hearsay cue is what is asked; the clauses before it (who asks, where) are
    background, read once by the question analysis. The question as asked when it has none,
    or when a question comes before the cue ("…有啥实际好处没?听说就是发个表扬": the hearsay
    is what the user doubts, the question is what is asked)."""
    found = _patterns()["hearsay"].search(question)
    if found is None or found.start() == 0 or len(question) - found.end() < MIN_CLAIM:
        return question
    if re.search(r"[?？]", question[: found.start()]):
        return question
    return question[found.end() :].lstrip(",,:: ")


def without_asker(question: str) -> str:
    """The question without the clauses describing who asks ("我们是一家…的民办职业学校,")."""
    return _patterns()["self_description"].sub("", question)


def without_aspiration(question: str) -> str:
    """The question without the clause saying what the asker wants to become ("我们公司想申请
    当职业技能等级认定机构,"), "" when nothing else is left."""
    return _patterns()["aspiration"].sub("", question).strip()


def time_frame(question: str) -> str:
    """The period the question is set in ("备案有效期内"), "" when none."""
    found = _patterns()["time_frame"].search(question)
    return found.group(0) if found else ""


def without_time_frame(question: str) -> str:
    """The question without the period it is set in ("备案有效期内"): what is asked about is
    what happens then. The caller keeps the question as asked when nothing else is left."""
    return _patterns()["time_frame"].sub("", question)


@lru_cache(maxsize=1)
def _text_subjects() -> dict[str, re.Pattern[str]]:
    return {region: re.compile(pattern) for region, pattern in (_question_table().get("text_subjects") or {}).items()}


def without_text_subject(question: str, jurisdiction: str) -> str:
    """The question without the subject `jurisdiction`'s text is about throughout ("水平评价类
    职业资格具体认定工作"), which names the text, not the article; as asked when it names none."""
    pattern = _text_subjects().get(jurisdiction)
    return pattern.sub("", question) if pattern else question


def asking_only() -> re.Pattern[str]:
    """Words that ask without naming a topic ("有固定时间吗"): `asking_only` in question.yaml."""
    return _patterns()["asking_only"]


def ask_marker() -> re.Pattern[str]:
    """An asking phrase that opens the ask of a message telling its story first ("想先问问:")."""
    return _patterns()["ask_marker"]



def refers_back() -> re.Pattern[str]:
    """Words of an ask pointing back at the story told before it ("这些人", "这两件事")."""
    return _patterns()["refers_back"]


def similar_ask() -> re.Pattern[str]:
    """A sentence asking only whether a text has the like ("办法里也有类似的吗?"): it says where
    to look; the question after it says what."""
    return _patterns()["similar_ask"]


def reported_question() -> re.Pattern[str]:
    """A verb that reports a question ("领导问我…有啥好处。"): the sentence asks, full stop or not."""
    return _patterns()["reported_question"]


def question_words() -> re.Pattern[str]:
    """Question words beyond the slot table's ways of asking ("咋定", "选不选")."""
    return _patterns()["question_words"]


def unsure() -> re.Pattern[str]:
    """An answer saying the user does not know ("不知道有没有")."""
    return _patterns()["unsure"]
