"""The policy texts: clean documents, their metadata, and parsers into articles."""

from corpus.loader import Corpus, Document, cached_corpus, load_corpus
from corpus.models import Article, DocKind, DocumentMeta, Jurisdiction
from corpus.numerals import parse_chinese_number, to_chinese

__all__ = [
    "Article",
    "Corpus",
    "DocKind",
    "Document",
    "DocumentMeta",
    "Jurisdiction",
    "cached_corpus",
    "load_corpus",
    "parse_chinese_number",
    "to_chinese",
]
