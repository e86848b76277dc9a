"""What a lookup's reply says of the agencies it found, for the question asked next.

A rule question after a status lookup ("它以前发的证还有人管不" of one found 已终止备案) or after a
regulator's list ("它们咋处理" after the filings about to expire) turns on the state the reply
gave, said in the texts' words (question.yaml `followup.state_words`, `listed_states`).
"""

from __future__ import annotations

import re

from bot.question import cue_tables

__all__ = ["agency_state", "listed_state"]


def agency_state(text: str) -> str:
    """The state a status reply's first line gives ("…:已终止备案(2026年9月8日起),不能再开展评价。"
    → "已终止备案"), "" for an agency in good standing: a rule question asked next turns on it."""
    first = re.split(r"[:：]", text.splitlines()[0] if text else "", maxsplit=1)
    state = re.sub(r"[(（][^)）]*[)）]", "", re.split(r"[,，。;；]", first[-1])[0]).strip()
    if len(first) < 2 or state.startswith("有效") or not re.search(cue_tables().raw["followup"]["state_words"], state):
        return ""
    return state


def listed_state(text: str) -> str:
    """The state a regulator's list is of ("已过期未续期的备案(范围:兵团):共2条。" → "已过期未续期"):
    "它们按办法该咋处理" asked next turns on it."""
    found = re.match(r"\s*([^\s:：]{2,16}?)的备案", text)
    if not found:
        return ""
    said = re.sub(r"[(（][^)）]*[)）]", "", found.group(1))
    listed = cue_tables().raw["followup"]["listed_states"]
    return next((row["says"] for row in listed if re.search(row["cue"], said)), said)
