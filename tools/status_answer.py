"""The filing-status answer as data: candidates, citations, the answer and its Chinese text.

Split from tools.filing_status so the lookup logic and the rendering stay small. `as_dict`
is the `--json` / tool-artifact shape (add keys, never rename). Citations are rebuilt from
the corpus metadata (doc key + article), never copied from free text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from corpus.models import Jurisdiction
from db.enums import FilingStatus
from db.reference import LegalBasis
from db.scope import describe_scope
from tools.deadlines import DeadlineAnswer


@dataclass(frozen=True)
class Candidate:
    """One agency an ambiguous name could mean; `filing_number` is a good button payload."""

    name: str
    short_name: str | None
    filing_number: str | None
    jurisdiction: str
    region: str
    score: float

    def line_zh(self) -> str:
        number = self.filing_number or "无备案"
        return f"{self.name}({number},{Jurisdiction(self.jurisdiction).label_zh}·{self.region})"


@dataclass(frozen=True)
class Citation:
    doc_key: str
    article: int
    citation: str
    quote: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "doc_key": self.doc_key,
            "article": self.article,
            "citation": self.citation,
            "quote": self.quote,
        }


@dataclass(frozen=True)
class StatusAnswer:
    agency_name: str
    short_name: str | None
    credit_code: str
    agency_type_zh: str
    jurisdiction: str
    region: str
    filing_number: str
    status: FilingStatus
    filed_on: date
    valid_until: date
    days_left: int
    scope: tuple[dict[str, Any], ...]
    state_changed_on: date | None = None
    termination_kind_zh: str | None = None
    state_reason: str | None = None
    state_basis: tuple[Citation, ...] = ()
    renewal: DeadlineAnswer | None = None
    rating_zh: str | None = None
    other_filings: tuple[str, ...] = ()
    supervision: tuple[str, ...] | None = None  # regulators only
    history: tuple[str, ...] | None = None  # regulators only

    @property
    def renewal_citations(self) -> tuple[Citation, ...]:
        return tuple(_rule_citation(c) for c in self.renewal.citations) if self.renewal else ()

    @property
    def citations(self) -> tuple[Citation, ...]:
        return self.state_basis + self.renewal_citations

    def text_zh(self) -> str:
        short = f"(简称:{self.short_name})" if self.short_name else ""
        where = f"{Jurisdiction(self.jurisdiction).label_zh}·{self.region}"
        lines = [
            f"{self.agency_name}{short}",
            f"备案编号:{self.filing_number}|{where}|{self.agency_type_zh}|备案日期:{self.filed_on}",
        ]
        lines.append(f"状态:{self.status.label_zh}。{self._status_detail()}")
        if self.state_reason:
            lines.append(f"原因:{self.state_reason}")
        if self.state_basis:
            lines.append("依据:" + ";".join(c.citation for c in self.state_basis))
        if self.renewal is not None:
            lines.append(f"续期:{self.renewal.description_zh}")
            lines += [f"  注意:{c}" for c in self.renewal.caveats]
            if self.renewal.citations:
                lines.append("  依据:" + ";".join(c.citation for c in self.renewal_citations))
        lines.append(f"评价范围:{describe_scope(list(self.scope))}")
        if self.rating_zh:
            lines.append(f"名单:{self.rating_zh}")
        if self.other_filings:
            lines.append("该机构另有备案:" + ";".join(self.other_filings))
        if self.supervision is not None:
            lines.append("督导记录:" + ("无" if not self.supervision else ""))
            lines += [f"  {s}" for s in self.supervision]
        if self.history is not None:
            lines.append("变更记录(最近):" + ("无" if not self.history else ""))
            lines += [f"  {h}" for h in self.history]
        return "\n".join(lines)

    def _status_detail(self) -> str:
        if self.status is FilingStatus.TERMINATED:
            kind = f"({self.termination_kind_zh})" if self.termination_kind_zh else ""
            return f"已于{self.state_changed_on}终止备案{kind},不能再开展评价。"
        if self.status is FilingStatus.SUSPENDED:
            return f"自{self.state_changed_on}起暂停评价报名及相关评价工作;有效期至{self.valid_until}。"
        if self.days_left < 0:
            return f"有效期至{self.valid_until},已过期{-self.days_left}天,登记册中没有续期记录。"
        return f"有效期至{self.valid_until},剩余{self.days_left}天。"

    def as_dict(self) -> dict[str, Any]:
        return {
            "agency_name": self.agency_name,
            "short_name": self.short_name,
            "credit_code": self.credit_code,
            "agency_type_zh": self.agency_type_zh,
            "jurisdiction": self.jurisdiction,
            "region": self.region,
            "filing_number": self.filing_number,
            "status": self.status.value,
            "status_zh": self.status.label_zh,
            "filed_on": self.filed_on.isoformat(),
            "valid_until": self.valid_until.isoformat(),
            "days_left": self.days_left,
            "scope": list(self.scope),
            "state_changed_on": self.state_changed_on.isoformat()
            if self.state_changed_on
            else None,
            "termination_kind_zh": self.termination_kind_zh,
            "state_reason": self.state_reason,
            "renewal": _renewal_dict(self.renewal, self.renewal_citations),
            "rating_zh": self.rating_zh,
            "other_filings": list(self.other_filings),
            "citations": [c.as_dict() for c in self.citations],
            "supervision": list(self.supervision) if self.supervision is not None else None,
            "history": list(self.history) if self.history is not None else None,
        }


@dataclass(frozen=True)
class StatusResult:
    """`answer` for a match; otherwise `candidates` (an ambiguous name) to choose from."""

    query: str
    matched_by: str
    answer: StatusAnswer | None = None
    candidates: tuple[Candidate, ...] = ()
    more: int = 0
    notes: tuple[str, ...] = field(default=())

    def text_zh(self) -> str:
        if self.answer is not None:
            return self.answer.text_zh()
        lines = [f"找到多家与“{self.query}”相近的机构,请选择或输入更完整的名称、备案编号:"]
        lines += [f"{i}. {c.line_zh()}" for i, c in enumerate(self.candidates, start=1)]
        if self.more:
            lines.append(f"……另有{self.more}家相近的机构。")
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "matched_by": self.matched_by,
            "answer": self.answer.as_dict() if self.answer else None,
            "candidates": [c.__dict__ for c in self.candidates],
            "more": self.more,
        }


def _rule_citation(rule_citation: Any) -> Citation:
    """A tools.deadlines RuleCitation (doc_key, article, quote, optional part) as our Citation."""
    part = getattr(rule_citation, "part", None) or ""
    text = LegalBasis(rule_citation.doc_key, rule_citation.article).citation()
    if part:
        head, sep, tail = text.partition(" (")
        text = f"{head}{part}{sep}{tail}"
    return Citation(rule_citation.doc_key, rule_citation.article, text, rule_citation.quote)


def _renewal_dict(
    answer: DeadlineAnswer | None, citations: tuple[Citation, ...]
) -> dict[str, Any] | None:
    if answer is None:
        return None
    return {
        "rule_id": answer.rule_id,
        "description_zh": answer.description_zh,
        "start": answer.start.isoformat() if answer.start else None,
        "end": answer.end.isoformat() if answer.end else None,
        "citations": [c.as_dict() for c in citations],
        "caveats": list(answer.caveats),
    }
