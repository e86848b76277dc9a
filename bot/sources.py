"""Showing a whole article: from a "查看原文" button or from /source <doc> <article>."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.intents import Routed
from bot.messages import Intent, Reply
from corpus import Article, Document, cached_corpus
from corpus.numerals import parse_chinese_number
from errors import NotFoundError
from retrieval.citation import document_details, format_citation, validity_text

if TYPE_CHECKING:
    from bot.turn import Turn

USAGE = "用法:/source 文件代码 条号,例如 /source neimenggu2024 11。可用文件:"
# (?<![a-z]): a document key starts where a run of letters starts, so "/source aaa…a" is
# scanned once instead of once per letter (quadratic).
_REF = re.compile(r"(?<![a-z])(?P<doc>[a-z]+\d{4})\s*(?:第)?(?P<num>[0-9零〇一二三四五六七八九十百千两]{1,9})?")


def article_text(document: Document, article: Article) -> str:
    """A whole article as /source and `policybot source` show it: the citation (文号, dates),
    the document's recorded validity with its source, the chapter, then the text."""
    lines = [format_citation(document.meta, article), validity_text(document.meta)]
    if article.chapter:
        lines.append(article.chapter)
    lines.append(article.text)
    return "\n".join(lines)


def article_reply(doc_key: str, number: int | None) -> Reply:
    document = cached_corpus().document(doc_key)
    return Reply(article_text(document, document.article(number)), Intent.SOURCE)


def source_from_payload(args: list[str]) -> Reply:
    doc_key, number = args[0], int(args[1]) if len(args) > 1 and args[1].isdigit() else 0
    return article_reply(doc_key, number or None)


def source_from_text(turn: Turn, routed: Routed) -> Reply:  # noqa: ARG001
    text = (routed.args if routed.command else routed.text).lower()
    corpus = cached_corpus()
    found = _REF.search(text)
    cited = getattr(routed, "last_cited", None)
    if found is None and cited is not None:
        return article_reply(*cited)  # "原文呢", "依据是哪条" after an answer: the article it quoted first
    if found is None:
        return Reply(USAGE + "、".join(corpus.documents), Intent.SOURCE, covered=False)
    number = parse_chinese_number(found.group("num")) if found.group("num") else routed.entities.article
    rest = text[found.end() :].strip()
    if routed.command and number is None and rest:
        return Reply(f"无法识别条号“{rest[:20]}”,请写成 11 或 第十一条。", Intent.SOURCE, covered=False)
    try:
        if number is None and routed.command:
            return contents_reply(found.group("doc"))
        return article_reply(found.group("doc"), number)
    except NotFoundError as exc:
        return Reply(exc.message_zh, Intent.SOURCE, covered=False)


def contents_reply(doc_key: str) -> Reply:
    """A document's articles, for /source <doc> without an article number."""
    document = cached_corpus().document(doc_key)
    numbered = [a for a in document.articles if a.number is not None]
    meta = document.meta
    details = document_details(meta)
    lines = [
        f"《{meta.title}》" + (f"({details})" if details else ""),
        validity_text(meta),  # which version, and how binding, the user is about to read
        f"共{len(numbered)}条,请在文件代码后写上条号,例如 /source {doc_key} {numbered[0].number}:",
    ]
    lines += [f"{a.label} {a.body[:24]}…" for a in numbered]
    return Reply("\n".join(lines), Intent.SOURCE, covered=False)
