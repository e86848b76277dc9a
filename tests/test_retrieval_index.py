"""Ingestion into a real embedded Chroma on tmp_path: idempotence, updates, model changes, failures."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from config import Settings
from corpus import load_corpus
from errors import IndexUnavailableError
from retrieval.cache import VectorCache, embed_with_cache
from retrieval.embeddings import FakeEmbeddings
from retrieval.index import ingest, question_collection_name, sidecar_path
from retrieval.search import open_searcher
from retrieval.store import build_client

ROOT = Path(__file__).resolve().parent.parent


def make_settings(tmp_path: Path, **extra: object) -> Settings:
    corpus_dir = tmp_path / "corpus"
    if not corpus_dir.exists():
        shutil.copytree(ROOT / "corpus" / "documents", corpus_dir / "documents")
    values = {"data_dir": tmp_path / "data", "corpus_dir": corpus_dir, "embedding_backend": "fake"}
    return Settings(**{**values, **extra})  # type: ignore[arg-type]


def snapshot(settings: Settings) -> dict[str, object]:
    collection = build_client(settings).get_collection(settings.chroma_collection)
    got = collection.get(include=["documents", "metadatas", "embeddings"])
    return {
        cid: (doc, meta, [round(x, 6) for x in emb])
        for cid, doc, meta, emb in zip(got["ids"], got["documents"], got["metadatas"], got["embeddings"], strict=True)
    }


class CountingEmbeddings(FakeEmbeddings):
    def __init__(self) -> None:
        super().__init__()
        self.embedded = 0
        self.queried = 0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.embedded += len(texts)
        return super().embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        self.queried += 1
        return super().embed_query(text)


def test_second_ingest_embeds_nothing_and_changes_nothing(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    first = ingest(settings)
    assert len(first.added) > 100
    assert first.embedded > len(first.added)  # articles and their sentences
    before = snapshot(settings)
    counting = CountingEmbeddings()
    second = ingest(settings, embeddings=counting)
    assert (second.added, second.replaced, second.removed, second.embedded) == ([], [], [], 0)
    assert counting.embedded == 0
    assert snapshot(settings) == before


def test_vectors_come_from_the_cache_after_the_index_is_lost(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    ingest(settings)
    shutil.rmtree(settings.chroma_dir)
    from chromadb.api.client import SharedSystemClient

    SharedSystemClient.clear_system_cache()  # a new process would start with no cached client
    counting = CountingEmbeddings()
    report = ingest(settings, embeddings=counting)
    assert len(report.added) > 100 and counting.embedded == 0


def test_changed_article_is_replaced_and_removed_one_deleted(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    ingest(settings)
    path = settings.corpus_dir / "documents" / "tianjin2020.txt"
    text = path.read_text(encoding="utf-8")
    text = text.replace("第二十六条 本规程自印发之日起试行。\n", "")
    text = text.replace("备案有效期为3年,实行动态调整。", "备案有效期为5年,实行动态调整。")
    path.write_text(text, encoding="utf-8")
    headings = path.with_name("tianjin2020.headings.yaml")  # a removed article loses its 条旨 too
    entries = yaml.safe_load(headings.read_text(encoding="utf-8"))
    del entries["第二十六条"]
    headings.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    report = ingest(settings)
    assert report.replaced == ["tianjin2020:12"]
    assert report.removed == ["tianjin2020:26"]
    assert report.embedded == 2  # the article and its one changed sentence, nothing else
    searcher = open_searcher(settings)
    assert all(c.id != "tianjin2020:26" for c in searcher.chunks)
    stored = snapshot(settings)["tianjin2020:12"]
    assert "备案有效期为5年" in stored[0]  # type: ignore[index]


def test_model_change_rebuilds_instead_of_mixing(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    ingest(settings)

    class OtherModel(FakeEmbeddings):
        model_id = "fake:other"

    report = ingest(settings, embeddings=OtherModel(size=32))
    assert len(report.added) == len(snapshot(settings))
    collection = build_client(settings).get_collection(settings.chroma_collection)
    assert collection.metadata["embedding_model"] == "fake:other"
    with pytest.raises(IndexUnavailableError):
        open_searcher(settings)  # settings still name the first model


def test_failed_ingest_leaves_previous_index_usable(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    ingest(settings)
    before = snapshot(settings)
    path = settings.corpus_dir / "documents" / "bingtuan2025.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("有效期为3年", "有效期为4年"), encoding="utf-8")

    class Broken(FakeEmbeddings):
        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            raise RuntimeError("embedder crashed")

    with pytest.raises(RuntimeError):
        ingest(settings, embeddings=Broken())
    assert snapshot(settings) == before
    hits = open_searcher(settings).search("备案有效期", k=3)
    assert hits


def test_missing_index_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(IndexUnavailableError) as caught:
        open_searcher(make_settings(tmp_path))
    assert "policybot ingest" in caught.value.message_zh


def test_corrupt_sidecar_is_a_clear_error(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    ingest(settings)
    sidecar_path(settings).write_text("{not json", encoding="utf-8")
    with pytest.raises(IndexUnavailableError):
        open_searcher(settings)


def test_chunk_ids_are_stable_and_long_articles_split_by_item(tmp_path: Path) -> None:
    from retrieval.chunking import chunk_corpus

    corpus = load_corpus(make_settings(tmp_path).corpus_dir)
    chunks = chunk_corpus(corpus, max_tokens=460)
    ids = [c.id for c in chunks]
    assert len(ids) == len(set(ids))
    parts = [c for c in chunks if c.doc_key == "bingtuan2025" and c.article == 19]
    assert [c.id for c in parts] == [f"bingtuan2025:19:{i}" for i in range(1, len(parts) + 1)]
    assert len(parts) >= 2
    header = "第十九条 评价机构自动终止备案和责令终止备案的按以下程序处理。"
    assert all(c.text.startswith(header) for c in parts)
    assert all(c.citation == "《兵团技能人才评价机构管理办法(试行)》第十九条 (2025年8月12日发布,2025年9月1日施行)" for c in parts)
    eleven = next(c for c in chunks if c.id == "neimenggu2024:11")
    assert eleven.citation == "《内蒙古自治区职业技能等级认定实施办法》第十一条 (内人社办发〔2024〕53号,2024年4月7日发布施行)"
    assert eleven.chapter == "第二章 备案管理" and eleven.article == 11


def test_a_heading_edit_reaches_bm25_without_embedding(tmp_path: Path) -> None:
    """Headings are searched, never embedded: editing one rewrites the sidecar and nothing else."""
    settings = make_settings(tmp_path)
    ingest(settings)
    word = "甲乙丙丁"  # nowhere in the corpus
    before = snapshot(settings)
    path = settings.corpus_dir / "documents" / "tianjin2020.headings.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("备案回函, 签承诺书", f"备案回函, 签承诺书, {word}"),
        encoding="utf-8",
    )
    counting = CountingEmbeddings()
    report = ingest(settings, embeddings=counting)
    assert (report.replaced, report.embedded, counting.embedded) == ([], 0, 0)
    assert snapshot(settings) == before
    searcher = open_searcher(settings)
    hit = searcher.search(word, k=1)[0]
    assert (hit.doc_key, hit.article) == ("tianjin2020", 12)
    assert word not in hit.text and word in hit.heading
    assert not searcher.terms.known(word)  # the answer layer counts only the law's own words


def test_an_old_sidecar_is_rewritten_by_the_next_ingest(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    ingest(settings)
    path = sidecar_path(settings)
    payload = json.loads(path.read_text(encoding="utf-8"))
    payload["version"] = 1
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(IndexUnavailableError):
        open_searcher(settings)
    assert ingest(settings).embedded == 0
    assert open_searcher(settings).search("天津评价机构备案有效期", k=1)


def test_editorial_questions_get_vectors_of_their_own(tmp_path: Path) -> None:
    """Questions are embedded on the query side, once; editing one embeds that one only."""
    settings = make_settings(tmp_path)
    ingest(settings)
    client = build_client(settings)
    stored = client.get_collection(question_collection_name(settings)).get(include=["documents", "metadatas"])
    assert len(stored["ids"]) > 400
    assert all(meta["chunk"] in cid for cid, meta in zip(stored["ids"], stored["metadatas"], strict=True))
    path = settings.corpus_dir / "documents" / "tianjin2020.headings.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("纸质资料要留几年", "纸质的评价资料最少保存几年"),
        encoding="utf-8",
    )
    counting = CountingEmbeddings()
    report = ingest(settings, embeddings=counting)
    assert (report.replaced, report.embedded, counting.embedded) == ([], 1, 0)  # on the query side
    assert counting.queried == 1


def test_query_and_passage_vectors_of_one_text_are_cached_apart(tmp_path: Path) -> None:
    cache = VectorCache(tmp_path / "cache.sqlite")
    counting = CountingEmbeddings()
    embed_with_cache(counting, ["资料要留几年"], cache)
    _, computed = embed_with_cache(counting, ["资料要留几年"], cache, as_query=True)
    assert computed == 1 and (counting.embedded, counting.queried) == (1, 1)
    _, computed = embed_with_cache(counting, ["资料要留几年"], cache, as_query=True)
    assert computed == 0
    cache.close()


def test_a_new_domain_term_changes_the_digest_that_rewrites_the_sidecar(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The sidecar's BM25 tokens are cut with the domain dictionary: a term added there
    (人社局) must rewrite them on the next ingest, though no chunk changed."""
    import retrieval.index as index
    from retrieval.chunking import chunk_corpus

    chunks = chunk_corpus(load_corpus(ROOT / "corpus"))
    terms = tmp_path / "domain_terms.txt"
    terms.write_text(index.DOMAIN_TERMS.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(index, "DOMAIN_TERMS", terms)
    before = index.chunks_digest(chunks)
    terms.write_text(terms.read_text(encoding="utf-8") + "人社局 20000 n\n", encoding="utf-8")
    assert index.chunks_digest(chunks) != before
