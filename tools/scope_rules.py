"""Which text rules that an agency evaluates only what it filed, loaded from
`corpus/rules/scope.yaml`: a reply saying an agency may not evaluate a 工种 or level quotes it."""

from __future__ import annotations

from functools import lru_cache

from corpus import Jurisdiction
from tools.rules import RuleCitation, RuleModel, load_table

__all__ = ["ScopeRule", "scope_rule", "scope_table"]


class ScopeRule(RuleModel):
    jurisdiction: Jurisdiction
    citation: RuleCitation  # its quote is the rule as the reply quotes it
    breach: RuleCitation | None = None  # what evaluating outside the scope leads to, where said
    breach_is: str = ""  # what the breach passage makes of it ("责令终止备案的情形")


class ScopeTable(RuleModel):
    rules: tuple[ScopeRule, ...]


@lru_cache(maxsize=1)
def scope_table() -> ScopeTable:
    return load_table("scope", ScopeTable)


def scope_rule(jurisdiction: str) -> ScopeRule | None:
    """The rule of `jurisdiction` (a code) that an agency evaluates within its filed scope, if
    its text has one."""
    return next((r for r in scope_table().rules if r.jurisdiction.value == jurisdiction), None)
