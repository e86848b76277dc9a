"""Which agencies may evaluate a 工种 at a level: a public list, for anyone.

A worker asking "兵团有哪些机构能考电工三级" wants the agencies in force whose filed scope holds
that 工种 at that level. Only what `/status` shows anyone is shown: the name, where it is, its
kind, how long its filing runs and its state; suspended, terminated and lapsed filings are left
out, so no regulator-only state is revealed by its absence being explained.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session

from db.enums import FilingState, FilingStatus
from db.scope import LEVEL_TITLES, names_trade
from db.session import today_cn
from tools.registry_queries import Filters, RegistryList, filings_in, registry_listing, registry_row

__all__ = ["evaluating"]

IN_FORCE = (FilingStatus.VALID, FilingStatus.EXPIRING)


def _holds(scope: list[dict[str, Any]], occupation: str, level: str | None) -> bool:
    """Whether a filed scope holds the 工种 asked at the level asked (any level when none is)."""
    return any(
        names_trade(occupation, str(item["occupation"])) and (level is None or level in (item.get("levels") or []))
        for item in scope
    )


def evaluating(
    *, session: Session, occupation: str, level: str | None = None, filters: Filters | None = None, today: date | None = None,
) -> RegistryList:
    """Filings in force whose scope holds `occupation` (at `level`, a grade such as 三级)."""
    day = today or today_cn()
    filters = filters or Filters()
    rows = []
    for filing, agency in filings_in(session, filters, [FilingState.ACTIVE]):
        row = registry_row(filing, agency, day)
        if row.status in IN_FORCE and _holds(list(filing.scope or []), occupation, level):
            rows.append(row)
    named = f"({LEVEL_TITLES[level]}/{level})" if level in LEVEL_TITLES else f"({level})" if level else ""
    return registry_listing(f"可评价{occupation}{named}的在册机构", filters, rows)
