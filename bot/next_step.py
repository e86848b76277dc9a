"""What comes next in a procedure the last answer quoted ("然后呢", "评完谁批", "公示完了呢").

A procedure article lists its steps as items under a header naming it (评价机构备案流程为:
(一)备案申请 (二)评估 …). A follow-up asking what follows continues from the step it names
("评完" → 评估), else from the first step the last answer quoted, and is answered by the
next item, quoted whole. Any other article (a rule, a list of grounds) has no "next": the
follow-up is then answered as any other.
"""

from __future__ import annotations

import re

from bot.article_choice import PolicyAnswer
from bot.citations import article_hit
from bot.leaning import Leaning
from bot.question import cue_tables
from bot.shapes import shapes
from bot.structure import Item, parse_structure
from retrieval.hits import Hit
from retrieval.sentences import split_sentences, strip_label

__all__ = ["carried_on", "next_item", "next_step_answer"]

# A header that introduces steps ("评价机构备案流程为:", "评价机构的遴选程序"), not one
# that sorts cases ("…的按以下程序处理。" before 自动终止 and 责令终止).
_STEPS_HEADER = re.compile(r"(?:流程|程序|步骤)(?:为|如下)?[::]?\s*$")
# How much of a procedure told in sentences follows the act done ("核实完了呢").
PROSE_SENTENCES = 2
# Steps are named in a word or two ("(二)评估"); longer heads are cases or kinds.
MAX_STEP_NAME = 8
# A part's label ("(二)"), as quoted in a lead.
_PART = re.compile(r"[((][一二三四五六七八九十]+[))]")
_LABEL = re.compile(r"^[((][一二三四五六七八九十\d]+[))]|^\d+[.、.]")
_NAME_END = re.compile(r"[。::,,]")
# Words saying one act follows another within a sentence.
_SEQUENCE = re.compile(r"待|之后|然后|再(?:提交|报|向|进行|由)")
# A chapter setting out a procedure article by article (人社部 2016 第三章 工作程序: 第九条 the
# application, 第十条 the assessment): an article there that lists no steps is one of them.
_PROCEDURE_CHAPTER = re.compile(r"程序|流程")


def _name(item: Item) -> str:
    """A step's own name ("(二)评估。市鉴定中心…" → 评估; "(一)备案申请" → 备案申请)."""
    head = _LABEL.sub("", item.head.strip())
    return _NAME_END.split(head, maxsplit=1)[0]


def _steps(article: str) -> list[Item]:
    """The article's steps, when its header says they are steps; [] otherwise."""
    paragraphs = parse_structure(article)
    first = strip_label(article).strip().split("\n", 1)[0]
    if not paragraphs or not _STEPS_HEADER.search(first):
        return []
    steps = [item for paragraph in paragraphs for item in paragraph.items]
    return steps if all(0 < len(_name(item)) <= MAX_STEP_NAME for item in steps) else []


def _done_index(steps: list[Item], done: str, last_lead: str) -> int | None:
    """The step the user has got to: the one whose name shares words with `done` ("评完" →
    评估), else the first one the last answer quoted."""
    if done:
        for index, item in enumerate(steps):
            name = _name(item)
            if name and (done in name or name in done or any(done[i : i + 2] in name for i in range(len(done) - 1))):
                return index
    quoted = [i for i, item in enumerate(steps) if _labelled_name(item) in last_lead]
    return quoted[0] if quoted else None


def _labelled_name(item: Item) -> str:
    """"(二)评估": with its label, so 备案 in "(四)公布。完成备案的…" is not step (三)备案."""
    found = _LABEL.match(item.head.strip())
    return f"{found.group(0) if found else ''}{_name(item)}"


def next_item(article: str, last_lead: str, done: str = "", approver: bool = False) -> str | None:
    """The step after the one reached, quoted whole with its label (for who decides, the
    first step from there on that decides); None when the article lists no steps, the step
    reached is unknown, or it was the last."""
    steps = _steps(article)
    index = _done_index(steps, done, last_lead) if steps else None
    if approver and (index is not None or not done):
        deciding = _deciding(steps, index if done else None)
        if deciding is not None:
            return " ".join([deciding.head, *deciding.body, *deciding.subitems])
    if index is None:
        return None
    rest = _after_done(steps[index], done)
    if index + 1 >= len(steps):
        return rest
    following = steps[index + 1]
    return " ".join([*([rest] if rest else []), following.head, *following.body, *following.subitems])


def _deciding(steps: list[Item], after: int | None) -> Item | None:
    """The first step (after the one reached, when the user named one) whose text decides
    (`approves`: 统筹确定, 复核…): "谁批" after 内蒙古's filing procedure is (四)
    自治区评价监管部门统筹确定, not (二) 评估."""
    approves = re.compile(cue_tables().raw["followup"]["approves"])
    first = 0 if after is None else after + 1
    return next((item for item in steps[first:] if approves.search(item.text)), None)


def _prose_after(article: str, last_lead: str, done: str) -> str | None:
    """What an article that tells a procedure in sentences, not steps, says follows the act
    done ("核实完了呢" after 兵团 第十九条(二): "核查期间,暂停…。在确定…后,…公示7个工作日,
    取消其备案资质。"): the two sentences after the one naming the act, read from the last part
    the last answer quoted (its label, "(二)"), else from the top; None when no sentence names it."""
    if len(done) < 2:
        return None
    labels = _PART.findall(last_lead)
    start = article.find(labels[-1]) if labels else -1
    sentences = split_sentences(strip_label(article[max(start, 0):]))
    for index, sentence in enumerate(sentences):
        if any(done[i : i + 2] in sentence for i in range(len(done) - 1)):
            # The sentence itself may go on to what follows ("应提前停止评价报名工作,待所有…
            # 之后,再提交自愿终止备案申请"): from the clause after the one naming the act.
            rest = _clauses_after(sentence, done)
            after = [rest] if rest else []
            after += sentences[index + 1 : index + 1 + PROSE_SENTENCES - len(after)]
            return "".join(after) if after else None
    return None


def _clauses_after(sentence: str, done: str) -> str:
    """What a sentence says after the clause naming the act done, when it tells what comes
    next (a word of sequence: 待, 之后, 再, 然后); "" otherwise."""
    clauses = re.split(r"(?<=[,,;;])", sentence)
    named = [i for i, c in enumerate(clauses) if any(done[j : j + 2] in c for j in range(len(done) - 1))]
    if not named or named[0] + 1 >= len(clauses):
        return ""
    rest = "".join(clauses[named[0] + 1 :])
    return rest if _SEQUENCE.search(rest) else ""


def _after_done(step: Item, done: str) -> str | None:
    """What the step reached says comes after the act the user has done, when it says it
    ("(三)审核公示 …履行公示程序。公示无异议后,报自治区评价监管部门。" after "公示完了呢": the
    report to the region comes before (四)); None when the step says nothing after it."""
    if len(done) < 2:
        return None
    sentences = split_sentences(" ".join(step.body))
    for index, sentence in enumerate(sentences):
        said = [sentence.find(done[i : i + 2]) for i in range(len(done) - 1) if done[i : i + 2] in sentence]
        if said and "后" in sentence[min(said):]:
            return "".join(sentences[index:])
    return None


def next_step_answer(leaning: Leaning) -> PolicyAnswer | None:
    """The reply to "然后呢" after a procedure: its next step, cited to the same article."""
    if leaning.next_from is None or leaning.last_cited is None:
        return None
    hit = article_hit(*leaning.last_cited)
    if hit is None:
        return None
    following = next_item(hit.text, leaning.last_lead, leaning.next_from, leaning.approver) or _prose_after(
        hit.text, leaning.last_lead, leaning.next_from
    )
    if following is None:
        # A procedure set out article by article: the next step is the next article's.
        after = _following_article(hit)
        if after is None:
            return None
        return PolicyAnswer(f"下一步:{_first_sentence(after)}\n(依据:{after.citation})", (after,), True, regions=(after.jurisdiction,))
    return PolicyAnswer(f"下一步:{following}\n(依据:{hit.citation})", (hit,), True, regions=(hit.jurisdiction,))


def _following_article(hit: Hit) -> Hit | None:
    """The article carrying on the procedure `hit` states one step of: the next article of a
    procedure chapter, when `hit` lists no items of its own (兵团 第八条 lists its steps)."""
    listed = any(paragraph.items for paragraph in parse_structure(hit.text))
    if hit.article is None or not _PROCEDURE_CHAPTER.search(hit.chapter) or listed:
        return None
    after = article_hit(hit.doc_key, hit.article + 1)
    return after if after is not None and after.chapter == hit.chapter else None


def carried_on(lead: str, hit: Hit, steps: bool, question: str = "") -> tuple[str, tuple[Hit, ...]]:
    """A lead answering "what is the procedure" (`steps`) from one article of a procedure
    chapter, with the next step's first sentence after it ("…提出…申请。随后:…进行综合评估…"),
    and the articles it quotes. A lead quoting one step of a question asking whether that step
    ends it ("公示了没异议,是不是就能直接给它备案了") has the next step after it. Any other lead is
    returned as it is."""
    ahead = shapes().skips_ahead
    following = next_item(hit.text, lead) if ahead is not None and ahead.search(question) else None
    if following is not None and following not in lead:
        return f"{lead}下一步:{following}", (hit,)
    after = _following_article(hit) if steps else None
    if after is None:
        return lead, (hit,)
    return f"{lead}随后:{_first_sentence(after)}", (hit, after)


def _first_sentence(hit: Hit) -> str:
    return re.split(r"(?<=。)", strip_label(hit.text).strip(), maxsplit=1)[0]
