"""Rule tables as data: load `corpus/rules/*.yaml` into typed models and check their citations.

Policy facts (3 years, 5 working days, who may apply, what to submit) live in the
YAML files, each row with a citation {doc, article, optional 款/项, verbatim quote}.
This module owns the shared pieces: the `RuleCitation` model, jurisdiction
parsing, YAML loading with Chinese errors, and `check_citations`, which proves
every quote is a verbatim substring of the article it cites. The row models of
each table live beside the tool that reads them (deadlines, eligibility,
checklists) and are validated through `load_table`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import fields, is_dataclass
from datetime import date
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from corpus import Article, Corpus, Jurisdiction, cached_corpus
from corpus.loader import DEFAULT_CORPUS_DIR
from errors import CorpusError, InputError, PolicybotError
from retrieval.citation import format_citation, short_citation

__all__ = [
    "RULE_FILES",
    "RULES_DIR",
    "RuleCitation",
    "RuleModel",
    "check_citations",
    "iter_citations",
    "load_table",
    "parse_jurisdiction",
    "to_jsonable",
]

RULES_DIR = DEFAULT_CORPUS_DIR / "rules"
RULE_FILES = ("deadlines", "eligibility", "checklists", "scope")

# A 项 reference such as 第(二)项 names the item line that starts with (二).
_ITEM_PART = re.compile(r"^第(?P<mark>\([一二三四五六七八九十]+\))项")
_PART = re.compile(r"^第[^,,。]{1,12}[款项目]$")


class RuleModel(BaseModel):
    """Base for rule rows: frozen (rows are shared, never mutated) and strict about keys."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class RuleCitation(RuleModel):
    """Where a rule comes from: document key, article number, optional 款/项, verbatim quote."""

    doc_key: str = Field(alias="doc")
    article: int = Field(gt=0)
    part: str | None = None
    quote: str = Field(min_length=2)

    @field_validator("part")
    @classmethod
    def _part_shape(cls, value: str | None) -> str | None:
        if value is not None and not _PART.match(value):
            raise ValueError(f"款/项写法应如“第二款”“第(二)项”:{value!r}")
        return value

    def resolve(self, corpus: Corpus | None = None) -> Article:
        """The cited article; raises UnknownDocumentError/UnknownArticleError if it is absent."""
        return (corpus or cached_corpus()).article(self.doc_key, self.article)

    @property
    def formatted(self) -> str:
        """《兵团技能人才评价机构管理办法(试行)》第十条, with 款/项 and 文号 when known."""
        corpus = cached_corpus()
        return format_citation(corpus.document(self.doc_key).meta, self.resolve(corpus), self.part or "")

    @property
    def short(self) -> str:
        """《兵团技能人才评价机构管理办法(试行)》第十二条, for a citation inside a sentence."""
        corpus = cached_corpus()
        return short_citation(corpus.document(self.doc_key).meta, self.resolve(corpus), self.part or "")

    def as_dict(self) -> dict[str, object]:
        """Plain data for JSON output and tool artifacts."""
        article = self.resolve()
        return {
            "doc_key": self.doc_key,
            "article": self.article,
            "article_label": article.label,
            "part": self.part,
            "quote": self.quote,
            "citation": self.formatted,
        }

    def problem(self, corpus: Corpus) -> str | None:
        """Why this citation does not hold, or None when it resolves and quotes verbatim."""
        try:
            article = self.resolve(corpus)
        except PolicybotError as exc:
            return exc.message_zh
        if self.quote not in article.text:
            return f"引文不在{self.doc_key}第{self.article}条原文中:{self.quote!r}"
        item = _ITEM_PART.match(self.part or "")
        if item and article.items:
            texts = [t for t in article.items if t.startswith(item.group("mark"))]
            if not texts or self.quote not in texts[0]:
                return f"引文不在{self.doc_key}第{self.article}条{self.part}中:{self.quote!r}"
        return None


def to_jsonable(obj: object) -> object:
    """Tool results (dataclasses, rule models, dates) as plain JSON data; citations formatted."""
    if isinstance(obj, RuleCitation):
        return obj.as_dict()
    if is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_jsonable(getattr(obj, f.name)) for f in fields(obj)}
    if isinstance(obj, BaseModel):
        return {name: to_jsonable(getattr(obj, name)) for name in type(obj).model_fields}
    if isinstance(obj, dict):
        return {str(to_jsonable(k)): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple | set | frozenset):
        return [to_jsonable(item) for item in obj]
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, date):
        return obj.isoformat()
    return obj


def parse_jurisdiction(value: str | Jurisdiction) -> Jurisdiction:
    """Accept a code (`bingtuan`) or its Chinese name (兵团); anything else is an InputError."""
    text = str(value).strip()
    for jurisdiction in Jurisdiction:
        if text in (jurisdiction.value, jurisdiction.label_zh):
            return jurisdiction
    known = "、".join(f"{j.value}({j.label_zh})" for j in Jurisdiction)
    raise InputError(f"不认识的地区“{text}”。可选:{known}")


@lru_cache(maxsize=8)
def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CorpusError(f"规则文件 {path.name} 无法读取:{exc}") from exc
    if not isinstance(raw, dict):
        raise CorpusError(f"规则文件 {path.name} 顶层应为映射")
    return raw


TableT = TypeVar("TableT", bound=BaseModel)


def load_table(name: str, model: type[TableT], rules_dir: Path | None = None) -> TableT:
    """Validate `<rules_dir>/<name>.yaml` as `model`; any schema error becomes a CorpusError."""
    path = (rules_dir or RULES_DIR) / f"{name}.yaml"
    try:
        return model.model_validate(_read_yaml(path))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise CorpusError(f"规则文件 {path.name} 有误({where}):{first['msg']}") from exc


def iter_citations(node: object, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every raw `citation`/`citations` mapping in a loaded YAML tree, with its location."""
    if isinstance(node, dict):
        for key, value in node.items():
            where = f"{path}.{key}" if path else str(key)
            if key == "citation" and isinstance(value, dict):
                yield where, value
            elif key == "citations" and isinstance(value, list):
                for i, item in enumerate(value):
                    if isinstance(item, dict):
                        yield f"{where}[{i}]", item
            else:
                yield from iter_citations(value, where)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            where = f"{path}[{item.get('id', i) if isinstance(item, dict) else i}]"
            yield from iter_citations(item, where)


def check_citations(corpus: Corpus | None = None, rules_dir: Path | None = None) -> list[str]:
    """One line per citation that is malformed, unresolvable or not verbatim; [] when all hold.

    Walks the raw YAML rather than the typed tables so a citation in any position is
    checked, including ones a table model might not (yet) read.
    """
    corpus = corpus or cached_corpus()
    problems: list[str] = []
    for name in RULE_FILES:
        path = (rules_dir or RULES_DIR) / f"{name}.yaml"
        count = 0
        for where, raw in iter_citations(_read_yaml(path)):
            count += 1
            try:
                citation = RuleCitation.model_validate(raw)
            except ValidationError as exc:
                problems.append(f"{name}:{where}: {exc.errors()[0]['msg']}")
                continue
            problem = citation.problem(corpus)
            if problem:
                problems.append(f"{name}:{where}: {problem}")
        if count == 0:
            problems.append(f"{name}: 没有任何引文")
    return problems
