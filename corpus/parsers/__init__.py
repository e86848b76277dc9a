"""Parsers keyed by document kind; a new kind registers here like the built-ins."""

from __future__ import annotations

from corpus.models import DocKind
from corpus.parsers.base import Parser
from corpus.parsers.law import parse_law
from corpus.parsers.notice import parse_notice

PARSERS: dict[DocKind, Parser] = {
    DocKind.LAW: parse_law,
    DocKind.NOTICE: parse_notice,
}

__all__ = ["PARSERS", "Parser", "parse_law", "parse_notice"]
