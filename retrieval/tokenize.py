"""jieba tokens for BM25, with the domain dictionary so 评价机构 or 社会培训评价组织 stay whole.

Search-mode cutting also emits the parts of long compounds (职业技能等级认定 →
职业/技能/等级/认定), which lets a colloquial query meet the statute's wording.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from typing import Any

DOMAIN_TERMS = Path(__file__).with_name("domain_terms.txt")

STOPWORDS = frozenset(
    "的 了 吗 呢 吧 啊 是 在 和 与 及 或 等 也 都 就 还 要 会 能 可以 怎么 什么 哪些 哪个 如何 有 没有 这个 那个 "
    "我 我们 你 你们 他 他们 它 这 那 一 个 对 把 被 给 从 向 于 以 之 其 中 上 下 由 为 并 而 或者 "
    "请问 一下 多少 多久 吗 么 呀 嘛 啥 咋".split()
)


@lru_cache(maxsize=1)
def _tokenizer() -> Any:
    import jieba  # noqa: PLC0415 - dictionary load costs ~0.5 s, pay it only when searching

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    tokenizer.load_userdict(str(DOMAIN_TERMS))
    return tokenizer


def tokenize(text: str) -> list[str]:
    """Lower-cased search-mode tokens without punctuation, whitespace or stopwords."""
    tokens = []
    for token in _tokenizer().cut_for_search(text):
        token = token.strip().lower()
        if not token or token in STOPWORDS or not any(ch.isalnum() for ch in token):
            continue
        tokens.append(token)
    return tokens
