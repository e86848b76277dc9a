"""What a date in a question stands for: filing day, expiry day, decision received, announcement…

"兵团一家机构2024年3月1日备案,续期申请最晚哪天交?" names a filing date, "有效期至2026年5月10日"
an expiry date; a deadline computed from the wrong one is off by three years. The role is
read from cue words next to the date in the same clause, the nearest cue winning. The cue
words are data (`date_roles.yaml`), the same for every jurisdiction, so adding a phrasing
is a YAML edit. This module knows only spans, not `ParsedDate`, so `bot.dates` can call it
without an import cycle.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

import yaml

__all__ = ["DateRole", "roles_for"]

ROLES_FILE = Path(__file__).with_name("date_roles.yaml")
_CLAUSE_END = re.compile(r"[,,。;;??!!\n]")


class DateRole(StrEnum):
    """The stable role names; the deadline rule table refers to them (`events.*.role`)."""

    FILING = "filing"  # 备案日
    EXPIRY = "expiry"  # 有效期至
    DECISION_RECEIVED = "decision_received"  # 收到处理决定
    ANNOUNCEMENT = "announcement"  # 公告 / 公示
    EVALUATION_END = "evaluation_end"  # 评价结束
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class _Cues:
    window: int
    after: tuple[tuple[str, DateRole], ...]  # longest first
    before: tuple[tuple[str, DateRole], ...]  # longest first


@lru_cache(maxsize=1)
def _cues() -> _Cues:
    data = yaml.safe_load(ROLES_FILE.read_text(encoding="utf-8"))
    after: list[tuple[str, DateRole]] = []
    before: list[tuple[str, DateRole]] = []
    for name, sides in data["roles"].items():
        role = DateRole(name)  # an unknown role name in the YAML fails loudly here
        after += [(word, role) for word in sides.get("after", [])]
        before += [(word, role) for word in sides.get("before", [])]
    by_length = lambda pair: -len(pair[0])  # noqa: E731
    return _Cues(int(data["window"]), tuple(sorted(after, key=by_length)), tuple(sorted(before, key=by_length)))


def role_words() -> tuple[str, ...]:
    """Every word that says what a date is (备案, 到期, 考完, 收到 …), longest first: beside a
    date they still leave a message "just a date" ("我们11月20日考完的")."""
    cues = _cues()
    return tuple(sorted({word for word, _ in (*cues.after, *cues.before)}, key=lambda word: (-len(word), word)))


def _after(text: str, cues: _Cues) -> tuple[int, DateRole] | None:
    """The nearest cue at or after the start of `text` (the clause after a date)."""
    best: tuple[int, DateRole] | None = None
    for word, role in cues.after:
        at = text.find(word, 0, cues.window + len(word))
        if at >= 0 and (best is None or at < best[0]):
            best = (at, role)
    return best


def _before(text: str, cues: _Cues) -> tuple[int, DateRole] | None:
    """The nearest cue ending at or before the end of `text` (the clause before a date)."""
    best: tuple[int, DateRole] | None = None
    for word, role in cues.before:
        at = text.rfind(word)
        if at < 0:
            continue
        distance = len(text) - (at + len(word))
        if distance <= cues.window and (best is None or distance < best[0]):
            best = (distance, role)
    return best


def roles_for(text: str, spans: list[tuple[int, int]]) -> list[DateRole]:
    """One role per date span of `text` (spans in order, not overlapping)."""
    cues = _cues()
    roles: list[DateRole] = []
    for index, (start, end) in enumerate(spans):
        next_start = spans[index + 1][0] if index + 1 < len(spans) else len(text)
        prev_end = spans[index - 1][1] if index else 0
        tail = text[end:next_start]
        stop = _CLAUSE_END.search(tail)
        tail = tail[: stop.start()] if stop else tail
        head = text[prev_end:start]
        cut = max((m.end() for m in _CLAUSE_END.finditer(head)), default=0)
        head = head[cut:]
        found = [c for c in (_after(tail, cues), _before(head, cues)) if c is not None]
        roles.append(min(found, key=lambda c: c[0])[1] if found else DateRole.UNKNOWN)
    return roles
