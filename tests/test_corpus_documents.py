"""The committed corpus: regenerated from the seeds, cleaned of known defects, complete."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from config import get_settings
from corpus import load_corpus
from corpus.clean import build_corpus, clean_source, load_specs
from errors import CorpusError

CORPUS_DIR = Path(__file__).resolve().parent.parent / "corpus"
SEEDS = get_settings().seed_docs_dir


@pytest.fixture(scope="module")
def corpus():  # type: ignore[no-untyped-def]
    return load_corpus()


def test_committed_corpus_matches_a_fresh_build(tmp_path: Path) -> None:
    if not SEEDS.exists():
        pytest.skip(f"seed documents not found at {SEEDS}")
    shutil.copy(CORPUS_DIR / "sources.yaml", tmp_path / "sources.yaml")
    build_corpus(SEEDS, tmp_path)
    for built in (tmp_path / "documents").iterdir():
        committed = CORPUS_DIR / "documents" / built.name
        assert committed.read_text(encoding="utf-8") == built.read_text(encoding="utf-8"), built.name


def test_expected_article_counts(corpus) -> None:  # type: ignore[no-untyped-def]
    numbered = {key: [a.number for a in doc.articles if a.number] for key, doc in corpus.documents.items()}
    assert numbered["bingtuan2025"] == list(range(1, 29))
    assert numbered["neimenggu2024"] == list(range(1, 52))
    assert numbered["tianjin2020"] == list(range(1, 27))
    assert numbered["mohrss2016"] == list(range(1, 24))
    assert numbered["zhejiang2017"] == [1, 2, 3]
    assert numbered["mohrss2017"] == [1, 2, 3, 4]


@pytest.mark.parametrize(
    "furniture",
    ["二维码", "公众号", "阅读量", "400-668-5151", "一级建造师", "执业药师", "ICP备", "拓尔思", "【打印】", "原文地址", "HR政策库", "当前位置"],
)
def test_page_furniture_is_gone(corpus, furniture: str) -> None:  # type: ignore[no-untyped-def]
    for doc in corpus.documents.values():
        assert furniture not in doc.text, (doc.meta.key, furniture)


def test_zhejiang_numbers_and_dates_repaired(corpus) -> None:  # type: ignore[no-untyped-def]
    provincial = corpus.document("zhejiang2017").text
    national = corpus.document("mohrss2017").text
    assert "(人社部发〔2017〕68号)" in provincial
    assert "(国发〔2013〕39号)" in national
    assert "2017年12月28日" in provincial
    for text in (provincial, national):
        assert "〔201768" not in text and "〔201339" not in text and "20171228" not in text


def test_zhejiang_file_is_two_citable_documents(corpus) -> None:  # type: ignore[no-untyped-def]
    provincial = corpus.document("zhejiang2017").meta
    national = corpus.document("mohrss2017").meta
    assert provincial.doc_number == "浙人社发〔2017〕146号"
    assert national.doc_number == "人社部发〔2017〕68号"
    assert national.forwarded_in == "zhejiang2017"
    assert provincial.jurisdiction.value == "zhejiang" and national.jurisdiction.value == "national"


def test_wording_is_kept_and_copy_breaks_mended(corpus) -> None:  # type: ignore[no-untyped-def]
    bingtuan = corpus.article("bingtuan2025", 7).text
    assert "近3年年审不合格名单或经营异常名单内" in bingtuan
    assert "首席技师" in corpus.article("tianjin2020", 8).text
    eleven = corpus.article("neimenggu2024", 11).text
    assert "备案公布原则上每年进行两次,分别于每年4月和10月各进行一次。" in eleven


def test_every_article_text_occurs_in_its_seed(corpus) -> None:  # type: ignore[no-untyped-def]
    """Cleaning may drop and mend, never reword: each line is in the raw copy (spaces aside)."""
    if not SEEDS.exists():
        pytest.skip("seed documents not available")
    specs = {spec.key: spec for spec in load_specs(CORPUS_DIR / "sources.yaml")}
    for key, doc in corpus.documents.items():
        spec = specs[key]
        raw = "".join((SEEDS / spec.source_file).read_text(encoding="utf-8").split())
        for old, new in spec.replacements:
            raw = raw.replace("".join(old.split()), "".join(new.split()))
        for line in doc.text.splitlines():
            assert "".join(line.split()) in raw, (key, line[:40])


def test_missing_start_line_is_a_corpus_error() -> None:
    spec = load_specs(CORPUS_DIR / "sources.yaml")[0]
    with pytest.raises(CorpusError):
        clean_source("完全无关的网页", spec)


def test_a_sixth_document_is_picked_up(tmp_path: Path) -> None:
    shutil.copytree(CORPUS_DIR / "documents", tmp_path / "documents")
    (tmp_path / "documents" / "demo2026.txt").write_text(
        "第一章 总则\n第一条 示例条文。\n第二条 本办法自印发之日起施行。\n", encoding="utf-8"
    )
    meta = {"key": "demo2026", "title": "示例办法", "issuer": "示例厅", "jurisdiction": "tianjin", "kind": "law"}
    (tmp_path / "documents" / "demo2026.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert corpus.article("demo2026", 2).label == "第二条"


def test_bad_metadata_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "bad.json").write_text('{"key": "bad", "title": "x"}', encoding="utf-8")
    (tmp_path / "documents" / "bad.txt").write_text("第一条 x\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="bad.json"):
        load_corpus(tmp_path)


def test_every_article_has_a_heading(corpus) -> None:  # type: ignore[no-untyped-def]
    regions = ("兵团", "内蒙古", "天津", "浙江")
    for document in corpus.documents.values():
        for article in document.articles:
            heading = document.heading(article)
            assert heading is not None, (document.meta.key, article.label)
            assert heading.topics and heading.keywords, (document.meta.key, article.label)
            assert not any(r in heading.text for r in regions), (document.meta.key, article.label)


def test_a_heading_for_an_article_the_document_lacks_is_an_error(tmp_path: Path) -> None:
    shutil.copytree(CORPUS_DIR / "documents", tmp_path / "documents")
    path = tmp_path / "documents" / "tianjin2020.headings.yaml"
    path.write_text("第九十九条:\n  topic: 不存在\n  keywords: [无]\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="第九十九条"):
        load_corpus(tmp_path)
    path.write_text("第一条: [unclosed\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="tianjin2020.headings.yaml"):
        load_corpus(tmp_path)


def test_headings_are_optional(tmp_path: Path) -> None:
    shutil.copytree(CORPUS_DIR / "documents", tmp_path / "documents")
    (tmp_path / "documents" / "tianjin2020.headings.yaml").unlink()
    corpus = load_corpus(tmp_path)
    tianjin = corpus.document("tianjin2020")
    assert tianjin.headings == {} and tianjin.heading(tianjin.articles[1]) is None
