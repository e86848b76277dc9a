"""Filing status of one evaluation agency, as typed data plus a Chinese text.

`filing_status` answers "is this agency's filing valid?": status (derived from the stored
decision and today's date), valid until, days left, the renewal window of its
jurisdiction's rule with citations (from tools.deadlines, which also says when a text
has no such rule, as 天津's does not), scope, the reason and legal basis of a suspension
or termination, and any 红黑榜/白名单 rating (published lists). Regulators also get the
supervision records and the change history; `audit_history` is regulator-only and a refusal
is logged. An ambiguous name returns candidates instead of guessing.

LangChain wrappers for these and the registry lists are in tools/filing_tools.py.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session

from db.crud import current_rating, filings_of, list_audit, supervision_of
from db.enums import FilingState
from db.models import Agency, AuditEntry, Filing, SupervisionRecord
from db.reference import bases_from_refs
from db.session import POLICY_TZ, today_cn
from db.status import days_left, derive_status
from domain import Role
from errors import PolicybotError
from tools.agency_lookup import Lookup, lookup_agency
from tools.deadlines import DeadlineAnswer, renewal_for_agency
from tools.registry_queries import parse_role, require_regulator
from tools.status_answer import Candidate, Citation, StatusAnswer, StatusResult

__all__ = [
    "AuditHistory",
    "Candidate",
    "Citation",
    "StatusAnswer",
    "StatusResult",
    "audit_history",
    "build_answer",
    "filing_status",
]

logger = logging.getLogger(__name__)
HISTORY_LIMIT = 20


def _primary(filings: list[Filing]) -> Filing | None:
    """The filing to report: the live one valid longest, else the most recent."""
    live = [f for f in filings if f.state is not FilingState.TERMINATED]
    return max(live or filings, key=lambda f: (f.valid_until, f.filed_on), default=None)


def _supervision_line(record: SupervisionRecord) -> str:
    parts = [str(record.held_on), record.kind.label_zh]
    if record.result:
        parts.append(record.result.label_zh)
    if record.rating:
        parts.append(record.rating.label_zh)
    return " ".join(parts) + (f":{record.notes}" if record.notes else "")


def history_line(entry: AuditEntry) -> str:
    changed = "、".join(sorted((entry.after or {}).keys())) if entry.action != "create" else "新建"
    local = entry.at.astimezone(POLICY_TZ).strftime("%Y-%m-%d %H:%M")
    return f"{local} {entry.actor} {entry.action} {entry.entity} {entry.entity_id}:{changed}"


def _renewal(
    filing: Filing, agency: Agency, today: date
) -> tuple[DeadlineAnswer | None, tuple[str, ...]]:
    if filing.state is FilingState.TERMINATED:
        return None, ()
    try:
        return renewal_for_agency(
            agency.jurisdiction.value, valid_until=filing.valid_until, today=today
        ), ()
    except PolicybotError as exc:
        return None, (f"无法计算续期时间:{exc.message_zh}",)


def build_answer(
    *, session: Session, agency: Agency, filing: Filing, role: Role, today: date
) -> StatusAnswer:
    """The answer for one filing; supervision and history only for regulators."""
    others = [f for f in filings_of(session=session, agency_id=agency.id or 0) if f.id != filing.id]
    rating = current_rating(session=session, filing_id=filing.id or 0)
    regulator = role is Role.REGULATOR
    history = None
    if regulator:
        ids = [agency.credit_code, *(f.filing_number for f in [filing, *others])]
        history = tuple(
            history_line(e)
            for e in list_audit(session=session, entity_ids=ids, limit=HISTORY_LIMIT)
        )
    renewal, _ = _renewal(filing, agency, today)
    return StatusAnswer(
        agency_name=agency.name,
        short_name=agency.short_name,
        credit_code=agency.credit_code,
        agency_type_zh=agency.agency_type.label_zh,
        jurisdiction=agency.jurisdiction.value,
        region=agency.region,
        filing_number=filing.filing_number,
        status=derive_status(filing.state, filing.valid_until, today),
        filed_on=filing.filed_on,
        valid_until=filing.valid_until,
        days_left=days_left(filing.valid_until, today),
        scope=tuple(filing.scope),
        state_changed_on=filing.state_changed_on
        if filing.state is not FilingState.ACTIVE
        else None,
        termination_kind_zh=filing.termination_kind.label_zh if filing.termination_kind else None,
        state_reason=filing.state_reason,
        state_basis=tuple(
            Citation(b.doc_key, b.article, b.citation(), b.quote)
            for b in bases_from_refs(filing.state_basis)
        ),
        renewal=renewal,
        rating_zh=f"{rating.rating.label_zh}({rating.held_on}评定)"
        if rating and rating.rating
        else None,
        # Each other filing with why it ended, when it did ("它之前那条是为啥终止的").
        other_filings=tuple(
            f"{f.filing_number}({derive_status(f.state, f.valid_until, today).label_zh}"
            + (f",原因:{f.state_reason}" if f.state_reason and f.state is not FilingState.ACTIVE else "")
            + ")"
            for f in others
        ),
        supervision=tuple(
            _supervision_line(r) for r in supervision_of(session=session, filing_id=filing.id or 0)
        )
        if regulator
        else None,
        history=history,
    )


def filing_status(
    *,
    session: Session,
    query: str,
    role: Role | str = Role.APPLICANT,
    actor: str = "anonymous",
    today: date | None = None,
) -> StatusResult:
    """Look the agency up and answer; raises Invalid*/UnknownAgencyError/InputError in Chinese."""
    who = parse_role(role)
    day = today or today_cn()
    logger.info("filing status query by %s (%s): %s", actor, who.value, query[:100])
    found: Lookup = lookup_agency(session=session, query=query)
    if found.agency is None:
        candidates = []
        for scored in found.candidates:
            primary = _primary(filings_of(session=session, agency_id=scored.agency.id or 0))
            candidates.append(
                Candidate(
                    scored.agency.name,
                    scored.agency.short_name,
                    primary.filing_number if primary else None,
                    scored.agency.jurisdiction.value,
                    scored.agency.region,
                    scored.score,
                )
            )
        return StatusResult(
            query, found.matched_by.value, candidates=tuple(candidates), more=found.more
        )
    filings = filings_of(session=session, agency_id=found.agency.id or 0)
    chosen = next((f for f in filings if f.filing_number == found.filing_number), None) or _primary(
        filings
    )
    if chosen is None:
        raise PolicybotError(f"{found.agency.name}在登记册中没有备案记录。")
    answer = build_answer(session=session, agency=found.agency, filing=chosen, role=who, today=day)
    return StatusResult(query, found.matched_by.value, answer=answer)


@dataclass(frozen=True)
class AuditHistory:
    agency_name: str
    entries: tuple[AuditEntry, ...]

    def text_zh(self) -> str:
        if not self.entries:
            return f"{self.agency_name}:没有变更记录。"
        return "\n".join(
            [
                f"{self.agency_name} 的变更记录(最近{len(self.entries)}条):",
                *(history_line(e) for e in self.entries),
            ]
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "agency_name": self.agency_name,
            "entries": [
                {
                    "at": e.at.isoformat(),
                    "actor": e.actor,
                    "entity": e.entity,
                    "entity_id": e.entity_id,
                    "action": e.action,
                    "before": e.before,
                    "after": e.after,
                    "note": e.note,
                }
                for e in self.entries
            ],
        }


def audit_history(
    *, session: Session, query: str, role: Role | str, actor: str, limit: int = HISTORY_LIMIT
) -> AuditHistory | StatusResult:
    """Regulators only: every audited change of one agency and its filings (newest first)."""
    require_regulator(
        session=session,
        role=role,
        actor=actor,
        action="agency.history",
        what_zh="机构的变更记录",
        detail=query,
    )
    found = lookup_agency(session=session, query=query)
    if found.agency is None:
        return filing_status(session=session, query=query, role=role, actor=actor)
    ids = [
        found.agency.credit_code,
        *(f.filing_number for f in filings_of(session=session, agency_id=found.agency.id or 0)),
    ]
    return AuditHistory(
        found.agency.name, tuple(list_audit(session=session, entity_ids=ids, limit=limit))
    )
