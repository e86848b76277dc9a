"""Term statistics over the indexed chunks: which query words the corpus knows, and how rare they are.

The answer layer uses them to judge whether the best passages actually speak
to the question (an unknown, rare word such as 补办 or 津贴 left unmatched means
the texts do not answer it) and to pick the sentences that answer.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from retrieval.tokenize import everyday_frequency, tokenize, words

FILLER_FILE = Path(__file__).with_name("filler_words.txt")


def _filler(path: Path = FILLER_FILE) -> frozenset[str]:
    """Words that carry the question's form, not its topic (data: filler_words.txt)."""
    lines = (line.split("#", 1)[0] for line in path.read_text(encoding="utf-8").splitlines())
    return frozenset(word for line in lines for word in line.split())


FILLER = _filler()


class TermStats:
    def __init__(self, tokenized_docs: list[list[str]], dictionary: Path | None) -> None:
        self._dictionary = dictionary
        self._n = len(tokenized_docs)
        self._df: Counter[str] = Counter()
        for doc in tokenized_docs:
            self._df.update(set(doc))
        self.unknown_idf = math.log(self._n + 1) + 1.0

    def idf(self, term: str) -> float:
        df = self._df.get(term, 0)
        if df == 0:
            return self.unknown_idf
        return math.log((self._n - df + 0.5) / (df + 0.5) + 1.0)

    def tokens(self, text: str) -> list[str]:
        return tokenize(text, self._dictionary)

    def words(self, text: str) -> list[str]:
        """Whole words in order, covering the text (see `retrieval.tokenize.words`)."""
        return words(text, self._dictionary)

    def content_terms(self, text: str, ignore: Iterable[str] = ()) -> list[str]:
        """Distinct topical terms of a question, longest-first duplicates removed."""
        skip = FILLER | set(ignore)
        terms: list[str] = []
        for term in self.tokens(text):
            if term in skip or term in terms or term.isdigit():
                continue
            terms.append(term)
        # search-mode cutting yields 社会培训评价组织 and its parts: keep the whole when all parts agree
        return terms

    def known(self, term: str) -> bool:
        return term in self._df

    def rare(self, term: str, threshold: int) -> bool:
        """Whether a term is a dictionary word that is uncommon in general Chinese (its jieba
        count is below `threshold`): a rule's own word, not 主要 or 时间, nor a cutting
        artefact (社局) or a domain word every text uses (评价机构)."""
        frequency = self.everyday(term)
        return frequency is not None and frequency < threshold

    def everyday(self, term: str) -> int | None:
        """The term's count in general Chinese (None for a word only the domain list knows)."""
        return everyday_frequency(term, self._dictionary)
