"""jieba tokens for BM25, with the domain dictionary so 评价机构 or 社会培训评价组织 stay whole.

Search-mode cutting also emits the parts of long compounds (职业技能等级认定 →
职业/技能/等级/认定), which lets a colloquial query meet the statute's wording.

jieba's full dictionary takes about 0.5 s to load, a quarter of the budget for
a cold `policybot search`. BM25 can only ever match words that occur in the
corpus, so ingestion writes a corpus dictionary (the full dictionary's entries
that occur in the corpus, plus the domain terms) and search loads that one;
corpus and queries are always cut with the same dictionary.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

DOMAIN_TERMS = Path(__file__).with_name("domain_terms.txt")
MAX_WORD_LEN = 12

STOPWORDS = frozenset(
    "的 了 吗 呢 吧 啊 是 在 和 与 及 或 等 也 都 就 还 要 会 能 可以 怎么 什么 哪些 哪个 如何 有 没有 这个 那个 "
    "我 我们 你 你们 他 他们 它 这 那 一 个 对 把 被 给 从 向 于 以 之 其 中 上 下 由 为 并 而 或者 "
    "请问 一下 多少 多久 么 呀 嘛 啥 咋".split()
)


@lru_cache(maxsize=4)
def _tokenizer(dictionary: str | None) -> Any:
    import jieba  # noqa: PLC0415 - loaded only when tokens are needed

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer(dictionary=dictionary) if dictionary else jieba.Tokenizer()
    tokenizer.initialize()
    tokenizer.load_userdict(str(DOMAIN_TERMS))
    return tokenizer


@lru_cache(maxsize=1)
def domain_words() -> frozenset[str]:
    """The words of the domain list itself (its first column)."""
    lines = DOMAIN_TERMS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.split()[0] for line in lines if line.strip() and not line.startswith("#"))


def tokenize(text: str, dictionary: Path | None = None) -> list[str]:
    """Lower-cased search-mode tokens without punctuation, whitespace or stopwords."""
    return list(_tokens(text, str(dictionary) if dictionary else None))


@lru_cache(maxsize=8192)
def _tokens(text: str, dictionary: str | None) -> tuple[str, ...]:
    """Cached: each answer judges the same indexed passages again (about 3 ms a passage)."""
    tokens = []
    for token in _tokenizer(dictionary).cut_for_search(text):
        token = token.strip().lower()
        if not token or token in STOPWORDS or not any(ch.isalnum() for ch in token):
            continue
        tokens.append(token)
    return tuple(tokens)


def words(text: str, dictionary: Path | None = None) -> list[str]:
    """The text cut into whole words, in order and covering it (jieba's precise mode, the
    same tokenizer search uses): for finding where a name starts, not for ranking."""
    return list(_tokenizer(str(dictionary) if dictionary else None).cut(text))


def everyday_frequency(word: str, dictionary: Path | None = None) -> int | None:
    """How often `word` occurs in jieba's general-language counts (None for a word only our
    domain list knows): 主要, 时间, 必须 are everyday; 回避, 纸质, 申辩 are not. Read from the
    dictionary file itself: the tokenizer's own table also holds the domain terms, each given
    a high count so that it stays whole, which says nothing of how common it is."""
    return _general_counts(str(dictionary) if dictionary else None).get(word)


@lru_cache(maxsize=4)
def _general_counts(dictionary: str | None) -> dict[str, int]:
    if dictionary is None:
        import jieba  # noqa: PLC0415

        dictionary = str(Path(jieba.__file__).with_name("dict.txt"))
    counts: dict[str, int] = {}
    with open(dictionary, encoding="utf-8") as handle:
        for line in handle:
            parts = line.split(" ", 2)
            if len(parts) >= 2 and parts[1].strip().isdigit() and int(parts[1]) > 0:
                counts[parts[0]] = int(parts[1])
    return counts


def write_corpus_dictionary(texts: Iterable[str], path: Path) -> int:
    """Write the full dictionary's entries that occur in `texts`; return how many."""
    import jieba  # noqa: PLC0415

    substrings: set[str] = set()
    for text in texts:
        for start in range(len(text)):
            for end in range(start + 1, min(start + MAX_WORD_LEN, len(text)) + 1):
                substrings.add(text[start:end])
    source = Path(jieba.__file__).with_name("dict.txt")
    kept = []
    with source.open(encoding="utf-8") as handle:
        for line in handle:
            word = line.split(" ", 1)[0]
            if word in substrings:
                kept.append(line if line.endswith("\n") else line + "\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(kept), encoding="utf-8")
    return len(kept)
