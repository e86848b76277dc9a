"""The peer baselines' windows and their article mapping, plus the eval's gold checks.

Literal texts only; no embedder is loaded (the dense and BM25 parts are stubbed
where ranking is tested).
"""

from __future__ import annotations

import numpy as np
import pytest

from benchmarks.baselines import (
    CHATCHAT_OVERLAP,
    CHATCHAT_SIZE,
    NAIVE_OVERLAP,
    NAIVE_SIZE,
    BaselineChunk,
    ChatchatRAG,
    article_spans,
    chunk_document,
    covers,
    windows,
)
from benchmarks.eval_retrieval import (
    BLIND_PATH,
    OWN_PATH,
    Gold,
    Result,
    check_questions,
    forwarded_docs,
    load_questions,
    matches,
)
from corpus.loader import load_corpus
from corpus.models import Article


@pytest.mark.parametrize(
    ("size", "overlap"), [(NAIVE_SIZE, NAIVE_OVERLAP), (CHATCHAT_SIZE, CHATCHAT_OVERLAP)]
)
def test_windows_have_fixed_size_and_overlap(size: int, overlap: int) -> None:
    length = 3 * size + 17
    spans = windows(length, size, overlap)
    assert spans[0][0] == 0 and spans[-1][1] == length
    assert all(end - start == size for start, end in spans[:-1])
    assert all(prev[1] - nxt[0] == overlap for prev, nxt in zip(spans, spans[1:], strict=False))
    assert all(end > prev_end for (_, prev_end), (_, end) in zip(spans, spans[1:], strict=False))


def test_a_short_text_is_one_window() -> None:
    assert windows(100, 250, 50) == [(0, 100)]
    assert windows(0, 250, 50) == []


def _doc() -> tuple[str, list[Article]]:
    bodies = {1: "第一条 " + "甲" * 100, 2: "第二条 " + "乙" * 300, 3: "第三条 " + "丙" * 1000}
    articles = [Article("x", n, f"第{'一二三'[n - 1]}条", "", body) for n, body in bodies.items()]
    text = "第一章 总则\n" + "\n".join(bodies.values()) + "\n"
    return text, articles


def test_article_spans_locate_each_article() -> None:
    text, articles = _doc()
    spans = article_spans("x", text, articles)
    assert [text[s.start : s.end] for s in spans] == [a.text for a in articles]


def test_gold_overlap_mapping_on_a_literal_text() -> None:
    text, articles = _doc()
    spans = {s.number: s for s in article_spans("x", text, articles)}
    one, two, three = spans[1], spans[2], spans[3]
    # holds article 2's label and first 20 characters -> counts for it
    assert covers(two.start - 5, two.start + 25, two)
    # holds article 2's label but only 10 characters of it -> does not
    assert not covers(two.start - 200, two.start + 10, two)
    # the tail of article 1 (under half of it, under half of the window) -> does not count
    assert not covers(one.start + 80, one.start + 330, one)
    # most of article 2 without its start -> counts
    assert covers(two.start + 30, two.end, two)
    # a window wholly inside long article 3 is a passage of it -> counts
    assert covers(three.start + 400, three.start + 650, three)
    chunks = chunk_document("x", text, articles, 250, 50)
    assert chunks[0].articles == ((1, "第一条"), (2, "第二条"))
    assert all(c.text == text[c.start : c.end] for c in chunks)
    assert any(c.articles == ((3, "第三条"),) for c in chunks)


class _Fixed:
    def __init__(self, scores: list[float]) -> None:
        self._scores = np.asarray(scores, dtype=np.float32)

    def scores(self, query: str) -> np.ndarray:  # noqa: ARG002 - stub
        return self._scores


def test_chatchat_fuses_each_top_k_by_reciprocal_rank() -> None:
    chunks = [BaselineChunk("x", i, i + 1, str(i), ()) for i in range(4)]
    rag = ChatchatRAG(chunks, _Fixed([0.9, 0.8, 0.1, 0.0]), _Fixed([0.0, 5.0, 0.0, 9.0]))  # type: ignore[arg-type]
    hits = rag.search("q", k=2)
    # dense top 2 = [0, 1], BM25 top 2 = [3, 1]: chunk 1 is in both lists, so it leads
    assert [h.chunk.start for h in hits] == [1, 3]


def test_whole_document_gold_accepts_a_forwarded_document() -> None:
    equivalent = forwarded_docs(load_corpus())
    national = Result("mohrss2017", frozenset({(3, "第三段")}), 10, "")
    assert matches(Gold("zhejiang2017", None), national, equivalent)
    assert not matches(Gold("zhejiang2017", 1), national, equivalent)
    assert matches(Gold("mohrss2017", 3), national, equivalent)


def test_own_questions_resolve_against_the_corpus() -> None:
    questions = load_questions(OWN_PATH, "tuning")
    assert check_questions(questions, load_corpus()) == []
    assert len(questions) >= 80
    assert sum(q.type == "comparison" for q in questions) >= 20
    assert sum(not q.gold for q in questions) >= 10
    assert 0.25 <= sum(q.split == "holdout" for q in questions) / len(questions) <= 0.45


def test_blind_questions_resolve_and_are_not_tuning_data() -> None:
    questions = load_questions(BLIND_PATH, "blind")
    assert check_questions(questions, load_corpus()) == []
    assert len(questions) >= 60 and sum(q.is_comparison for q in questions) >= 25
    assert {q.split for q in questions} == {"blind"}
    own_ids = {q.id for q in load_questions(OWN_PATH, "tuning")}
    assert own_ids.isdisjoint(q.id for q in questions)
