"""Load the clean corpus: every `<key>.txt` with its `<key>.json` under corpus/documents.

A sixth document needs only those two files; nothing here names the five seeds. An
optional `<key>.headings.yaml` adds an editorial 条旨 per article label.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from corpus.models import Article, ArticleHeading, DocKind, DocumentMeta, Jurisdiction
from corpus.numerals import to_chinese
from corpus.parsers import PARSERS
from errors import CorpusError, UnknownArticleError, UnknownDocumentError

DEFAULT_CORPUS_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Document:
    meta: DocumentMeta
    text: str
    articles: tuple[Article, ...]
    headings: Mapping[str, ArticleHeading] = field(default_factory=dict, hash=False)  # by label

    def heading(self, article: Article) -> ArticleHeading | None:
        return self.headings.get(article.label)

    def article(self, number: int | None) -> Article:
        for article in self.articles:
            if article.number == number:
                return article
        shown = f"第{to_chinese(number)}条" if number and 0 < number < 10000 else str(number)
        raise UnknownArticleError(f"《{self.meta.title}》中没有{shown}。")


@dataclass(frozen=True)
class Corpus:
    documents: dict[str, Document]

    def document(self, key: str) -> Document:
        try:
            return self.documents[key]
        except KeyError:
            known = "、".join(sorted(self.documents))
            raise UnknownDocumentError(f"没有文件“{key}”。可用文件:{known}") from None

    def article(self, doc_key: str, number: int | None) -> Article:
        return self.document(doc_key).article(number)

    def all_articles(self) -> list[Article]:
        return [a for doc in self.documents.values() for a in doc.articles]


def _parse_date(value: object, key: str, field: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise CorpusError(f"{key}.json 的 {field} 不是有效日期:{value}") from exc


def read_meta(path: Path) -> DocumentMeta:
    """Validate one metadata file; a bad field names the file and the field."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        key = raw["key"]
        return DocumentMeta(
            key=key,
            title=raw["title"],
            short_title=raw.get("short_title") or raw["title"],
            issuer=raw["issuer"],
            jurisdiction=Jurisdiction(raw["jurisdiction"]),
            kind=DocKind(raw.get("kind", "law")),
            doc_number=raw.get("doc_number") or None,
            published=_parse_date(raw.get("published"), key, "published"),
            effective=_parse_date(raw.get("effective"), key, "effective"),
            validity=raw.get("validity", "有效"),
            source_url=raw.get("source_url") or None,
            source_file=raw.get("source_file") or None,
            forwarded_in=raw.get("forwarded_in") or None,
            notes=raw.get("notes", ""),
        )
    except (KeyError, ValueError, json.JSONDecodeError) as exc:
        raise CorpusError(f"元数据文件 {path.name} 无效:{exc}") from exc


def _split(value: object) -> tuple[str, ...]:
    """A YAML string ("a;b") or list as stripped, non-empty parts."""
    parts = value.replace(";", ";").split(";") if isinstance(value, str) else list(value or [])  # type: ignore[call-overload]
    return tuple(str(p).strip() for p in parts if str(p).strip())


def read_headings(path: Path, articles: tuple[Article, ...]) -> dict[str, ArticleHeading]:
    """Headings by article label; a label the document does not have is an error, not a silent miss."""
    if not path.exists():
        return {}
    import yaml  # noqa: PLC0415 - only documents with headings need it

    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(raw, dict):
            raise ValueError("顶层应为“条文标签: {topic, keywords}”")
        headings = {
            str(label): ArticleHeading(
                _split(entry.get("topic")), _split(entry.get("keywords")), _split(entry.get("questions"))
            )
            for label, entry in raw.items()
        }
    except (yaml.YAMLError, ValueError, AttributeError, TypeError) as exc:
        raise CorpusError(f"条旨文件 {path.name} 无效:{exc}") from exc
    labels = {a.label for a in articles}
    unknown = [label for label in headings if label not in labels]
    if unknown:
        raise CorpusError(f"条旨文件 {path.name} 中的 {'、'.join(unknown)} 不是该文件的条文")
    return headings


def load_corpus(corpus_dir: Path | None = None) -> Corpus:
    documents_dir = (corpus_dir or DEFAULT_CORPUS_DIR) / "documents"
    documents: dict[str, Document] = {}
    for meta_path in sorted(documents_dir.glob("*.json")):
        meta = read_meta(meta_path)
        text_path = meta_path.with_suffix(".txt")
        if meta.key != meta_path.stem:
            raise CorpusError(f"{meta_path.name} 的 key 应为 {meta_path.stem}")
        if not text_path.exists():
            raise CorpusError(f"缺少正文文件 {text_path.name}")
        text = text_path.read_text(encoding="utf-8")
        articles = tuple(PARSERS[meta.kind](text, meta))
        if not articles:
            raise CorpusError(f"{text_path.name} 中没有解析出任何条文")
        headings = read_headings(meta_path.with_name(f"{meta.key}.headings.yaml"), articles)
        documents[meta.key] = Document(meta, text, articles, headings)
    if not documents:
        raise CorpusError(f"{documents_dir} 中没有任何文件")
    return Corpus(documents)


@lru_cache(maxsize=4)
def cached_corpus(corpus_dir: Path | None = None) -> Corpus:
    """Process-wide corpus; it is small (six documents) and read-only."""
    return load_corpus(corpus_dir)
