"""The guard on LLM answers: citations of given passages only, and no number without evidence.

Evidence is only the verbatim corpus text of the articles the answer cites (and their
citation, built from the corpus metadata). Never the question: a user can plant "10年" in a
question. Never a passage's text as it reached the model: a passage altered in the index or
by a tool could plant one too, so a cited passage whose text is not verbatim in its article
fails the guard, and its numbers are looked up in the corpus, not in the passage. Numbers
are compared as values, so 五年 in the answer is 5 and cannot hide behind "3年" in the text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from corpus.loader import Corpus
from corpus.models import Article
from corpus.numerals import parse_chinese_number
from retrieval.citation import format_citation
from retrieval.hits import Hit

_CITED_TITLE = re.compile(
    r"《([^》]+)》\s*(第[零〇一二三四五六七八九十百千\d]+[条段]|第[一二三四五六七八九十]+部分)?"
)
_MARKER = re.compile(r"\[(\d{1,2})\]")
_DIGITS = re.compile(r"\d+(?:\.\d+)?")
# A Chinese numeral counts as a figure when it ordinals (第…) or quantifies (…年, …个月, 百分之…);
# a bare 一 in 统一 or 一般 is a word, not a claim.
_HAN = "零〇一二三四五六七八九两十百千"
_MEASURE = "年个月日天周条款项章节名人次级倍元岁家份小分类种批届期号位成"
# Enumerations count too: 项 (二) and sections 三、 are what "第二项" / "第三部分" refer to.
_HAN_NUMBER = re.compile(
    rf"百分之([{_HAN}]+)|第([{_HAN}]+)|[((]([{_HAN}]+)[))]|(?:^|\n)([{_HAN}]+)、"
    rf"|([{_HAN}]+)(?=[{_MEASURE}万]|工作日)"
)


@dataclass(frozen=True)
class GuardResult:
    ok: bool
    text: str
    cited: tuple[Hit, ...]
    problems: tuple[str, ...]


def figures(text: str) -> set[str]:
    """Every figure in `text` as a canonical decimal string: "3年", "三年" and "３年" give "3"."""
    folded = unicodedata.normalize("NFKC", text)
    found = {_canonical(m) for m in _DIGITS.findall(folded)}
    for match in _HAN_NUMBER.finditer(folded):
        numeral = next(g for g in match.groups() if g)
        try:
            found.add(_han_value(numeral))
        except ValueError:
            continue
    return found


def _han_value(numeral: str) -> str:
    """二〇二四 digit by digit (a year), 二十四 by its units."""
    if not set(numeral) & set("十百千"):
        return str(int("".join(str(parse_chinese_number(char)) for char in numeral)))
    return str(parse_chinese_number(numeral))


def _canonical(number: str) -> str:
    return str(int(number)) if number.isdigit() else number.rstrip("0").rstrip(".")


def source_article(corpus: Corpus, hit: Hit) -> Article | None:
    """The corpus article a hit claims to quote, or None when the corpus has no such article."""
    document = corpus.documents.get(hit.doc_key)
    if document is None:
        return None
    for article in document.articles:
        if article.number == hit.article and article.label == hit.article_label:
            return article
    return None


def is_verbatim(hit: Hit, article: Article) -> bool:
    """True when every line of the passage is in the article (a split chunk is lead + 项)."""
    return all(line.strip() in article.text for line in hit.text.splitlines() if line.strip())


def evidence_of(corpus: Corpus, cited: Sequence[Hit]) -> tuple[str, list[str]]:
    """The corpus text and citations of the cited articles, and a problem per bad passage."""
    parts: list[str] = []
    problems: list[str] = []
    for hit in cited:
        article = source_article(corpus, hit)
        if article is None:
            problems.append(f"所引条文不在语料中:{hit.citation}")
            continue
        if not is_verbatim(hit, article):
            problems.append(f"所引条文与原文不符:{hit.citation}")
        meta = corpus.documents[hit.doc_key].meta
        parts += [article.text, format_citation(meta, article)]
    return "\n".join(parts), problems


def guard(answer: str, given: Sequence[Hit], corpus: Corpus) -> GuardResult:
    """Keep citations of given passages only; fail when a figure is in no cited article.

    `[n]` markers name given passages by position; 《title》第X条 mentions must
    match a given passage's title and article. Citations of anything else are
    removed from the text and reported.
    """
    problems: list[str] = []
    cited: list[Hit] = []

    def keep(hit: Hit) -> None:
        if hit not in cited:
            cited.append(hit)

    def marker(match: re.Match[str]) -> str:
        index = int(match.group(1)) - 1
        if 0 <= index < len(given):
            keep(given[index])
            return match.group(0)
        problems.append(f"引用了未提供的条文编号 {match.group(0)}")
        return ""

    def title(match: re.Match[str]) -> str:
        name, label = match.group(1), match.group(2)
        found = [
            h for h in given if h.doc_title == name and (label is None or h.article_label == label)
        ]
        if label is None and any(h.doc_title == name for h in given):
            return match.group(0)  # naming a document is not a citation of an article
        if found:
            keep(found[0])
            return match.group(0)
        problems.append(f"引用了未检索到的条文 {match.group(0)}")
        return ""

    text = _MARKER.sub(marker, answer)
    text = _CITED_TITLE.sub(title, text)
    if not cited:
        problems.append("回答没有引用任何给出的条文")
    evidence, bad_passages = evidence_of(corpus, cited)
    problems += bad_passages
    claims = _CITED_TITLE.sub("", _MARKER.sub("", text))
    stray = sorted(figures(claims) - figures(evidence), key=lambda s: (len(s), s))
    if stray:
        problems.append(f"回答中的数字不见于所引条文:{'、'.join(stray)}")
    return GuardResult(not problems, text.strip(), tuple(cited), tuple(problems))
