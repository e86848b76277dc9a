"""Load the clean corpus: every `<key>.txt` with its `<key>.json` under corpus/documents.

A sixth document needs only those two files; nothing here names the five seeds. An
optional `<key>.headings.yaml` adds an editorial 条旨 per article label.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path

from corpus.models import Article, ArticleHeading, DocKind, DocumentMeta, Jurisdiction, Successor, Validity
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


def _text(value: object, name: str, field: str) -> str | None:
    """An optional string field: None or empty is unknown; anything but a string is an error."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise CorpusError(f"元数据文件 {name} 的 {field} 应为文字或 null,而不是:{value!r}")
    return value.strip() or None


def _validity(raw: Mapping[str, object], name: str) -> tuple[Validity, str | None, Successor | None]:
    """Validity, its source and the successor, checked together: 失效 and 已被替代 need a source
    (users are told a text is dead only with who said so), and only 已被替代 has a successor."""
    value = raw.get("validity", Validity.VALID.value)
    try:
        validity = Validity(value)
    except ValueError:
        allowed = "、".join(v.value for v in Validity)
        raise CorpusError(f"元数据文件 {name} 的 validity 无效:“{value}”,应为 {allowed} 之一") from None
    source = _text(raw.get("validity_source"), name, "validity_source")
    successor = _successor(raw.get("superseded_by"), name)
    if validity in (Validity.REPEALED, Validity.SUPERSEDED) and source is None:
        raise CorpusError(f"元数据文件 {name} 的 validity 为“{validity.value}”,须在 validity_source 写明依据(网址或文件)")
    if validity is Validity.SUPERSEDED and successor is None:
        raise CorpusError(f"元数据文件 {name} 的 validity 为“已被替代”,须在 superseded_by 写明替代它的文件")
    if successor is not None and validity is not Validity.SUPERSEDED:
        raise CorpusError(f"元数据文件 {name} 写了 superseded_by,validity 应为“已被替代”而不是“{validity.value}”")
    return validity, source, successor


def _successor(value: object, name: str) -> Successor | None:
    """`superseded_by`: {key?, title?, doc_number?, date?}, at least a key or a title."""
    if value in (None, "", {}):
        return None
    if not isinstance(value, dict):
        raise CorpusError(f"元数据文件 {name} 的 superseded_by 应为 {{key, title, doc_number, date}}")
    unknown = sorted(set(value) - {"key", "title", "doc_number", "date"})
    if unknown:
        raise CorpusError(f"元数据文件 {name} 的 superseded_by 含未知字段:{'、'.join(map(str, unknown))}")
    key = _text(value.get("key"), name, "superseded_by.key")
    title = _text(value.get("title"), name, "superseded_by.title")
    if key is None and title is None:
        raise CorpusError(f"元数据文件 {name} 的 superseded_by 须有 key(本库文件代码)或 title(文件标题)")
    return Successor(
        title=title or "",
        key=key,
        doc_number=_text(value.get("doc_number"), name, "superseded_by.doc_number"),
        dated=_parse_date(value.get("date"), Path(name).stem, "superseded_by.date"),
    )


def read_meta(path: Path) -> DocumentMeta:
    """Validate one metadata file; a bad field names the file and the field."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        key = raw["key"]
        validity, validity_source, superseded_by = _validity(raw, path.name)
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
            validity=validity,
            validity_source=validity_source,
            superseded_by=superseded_by,
            source_url=raw.get("source_url") or None,
            source_file=raw.get("source_file") or None,
            forwarded_in=raw.get("forwarded_in") or None,
            notes=raw.get("notes", ""),
        )
    except (KeyError, ValueError, TypeError, AttributeError, json.JSONDecodeError) as exc:
        raise CorpusError(f"元数据文件 {path.name} 无效:{exc}") from exc


def _resolve_successors(documents: dict[str, Document]) -> None:
    """A successor named by corpus key must exist; its title, 文号 and date come from it when
    the metadata leaves them out."""
    for key, document in documents.items():
        successor = document.meta.superseded_by
        if successor is None or successor.key is None:
            continue
        target = documents.get(successor.key)
        if target is None:
            raise CorpusError(f"元数据文件 {key}.json 的 superseded_by.key“{successor.key}”不是本库中的文件")
        if target.meta.key == key:
            raise CorpusError(f"元数据文件 {key}.json 的 superseded_by 不能指向自身")
        filled = replace(
            successor,
            title=successor.title or target.meta.title,
            doc_number=successor.doc_number or target.meta.doc_number,
            dated=successor.dated or target.meta.effective or target.meta.published,
        )
        documents[key] = replace(document, meta=replace(document.meta, superseded_by=filled))


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
    _resolve_successors(documents)
    return Corpus(documents)


@lru_cache(maxsize=4)
def cached_corpus(corpus_dir: Path | None = None) -> Corpus:
    """Process-wide corpus; it is small (six documents) and read-only."""
    return load_corpus(corpus_dir)
