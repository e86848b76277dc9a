"""Sentences of an article: the unit a question usually targets.

Search embeds each sentence beside the whole article (a long article's vector
blurs its one relevant sentence), and the answer layer quotes the best ones.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from retrieval.chunking import Chunk

_SENTENCE_END = re.compile(r"(?<=[。;;!?!?])|\n")
_LABEL = re.compile(r"^(第[零〇一二三四五六七八九十百千\d]+[条段]|[一二三四五六七八九十]+、)\s*")
MIN_SENTENCE_CHARS = 6


def strip_label(text: str) -> str:
    """Article text without its leading 第N条 / 一、 label."""
    return _LABEL.sub("", text, count=1)


def split_sentences(text: str) -> list[str]:
    parts = [p.strip() for p in _SENTENCE_END.split(text)]
    return [p for p in parts if p]


@dataclass(frozen=True)
class SentenceItem:
    id: str
    chunk_id: str
    text: str  # context + sentence, what is embedded

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()[:16]


def chunk_sentences(chunk: Chunk) -> list[SentenceItem]:
    sentences = [s for s in split_sentences(strip_label(chunk.text)) if len(s) >= MIN_SENTENCE_CHARS]
    return [
        SentenceItem(f"{chunk.id}#{n}", chunk.id, f"{chunk.context} {sentence}")
        for n, sentence in enumerate(sentences, start=1)
    ]
