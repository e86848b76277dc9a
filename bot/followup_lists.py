"""Follow-ups of a regulator's list: the same list again, narrowed, of another state or
region, or one of its rows looked up ("都是啥原因", "那终止的呢", "里面有天津的吗", "最早过期的是哪家",
"哪家是被责令终止的"). Split from bot/followup.py, which asks this first."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from bot.followup_shape import elliptical
from bot.intents import Routed, route
from bot.list_pick import asks_upcoming, narrows, picked_rows, status_swapped
from bot.messages import Intent
from bot.question import AgencyRef, Question, analyse, aspect_of, cue_tables, list_kind_of
from bot.region_swap import asked_of
from db.reference import named_place

if TYPE_CHECKING:
    from bot.turn import Turn

__all__ = ["list_followup", "rerouted"]


def rerouted(turn: Turn, text: str, original: str, kind: str, **extra: Any) -> Question:
    """The question `text` (the last one rewritten) as this turn's, marked as a follow-up."""
    routed = route(text, today=turn.today)
    return analyse(turn, routed, followup=kind, original=original, **extra)


def list_followup(turn: Turn, routed: Routed, subject: dict[str, Any]) -> Question | None:
    """The reading of a short message after a regulator's list, or None when it is none."""
    text = routed.text
    if subject.get("intent") != Intent.REGISTRY.value or not elliptical(text):
        return None
    tables = cue_tables()
    follow = tables.raw["followup"]
    if re.search(follow["list_reasons"], text):
        return rerouted(turn, subject["text"], text, "reasons")  # "都是啥原因": the same list, its reasons first
    if swapped := status_swapped(subject["text"], text):
        return rerouted(turn, swapped, text, "list_status")  # "那终止的呢" after the suspended ones
    regions = routed.entities.regions
    if len(regions) == 1 and re.search(follow["list_within_region"], text):
        return rerouted(turn, asked_of(subject, (regions[0],)), text, "region")  # "里面有天津的吗"
    within = re.match(follow["list_within"], text) is not None
    if not within and list_kind_of(text) is not None:
        return None  # a list asked anew ("兵团哪些机构明年上半年到期") picks nothing from the last one
    picked = picked_rows(text, subject.get("listed") or (), routed.entities.applicant_type)
    if len(picked) == 1:  # "最早过期的是哪家", "里头哪家是行业协会": that row of the list, looked up
        agency = AgencyRef(picked[0], picked[0], "filing_number")
        status = replace(routed, intent=Intent.STATUS)
        return analyse(turn, status, agency=agency, aspect=aspect_of(text) or "valid", followup="list_pick")
    if picked:  # "哪家是被责令终止的", two are: the same list, narrowed to them
        return rerouted(turn, subject["text"], text, "list_subset", listed_subset=tuple(picked))
    if asks_upcoming(text) and (upcoming := status_swapped(subject["text"], follow["upcoming_list"])):
        # "接下来最快到期的是哪家" after the expired ones: the filings about to run out, soonest first.
        return rerouted(turn, upcoming, text, "list_status")
    if not subject.get("listed") and _settles_for_less(text):
        # "就告诉我东丽区的也行" after a list refused (or empty): less of the same list, which
        # is refused (or empty) as the whole was.
        return rerouted(turn, subject["text"], text, "list_again")
    return None


def _settles_for_less(text: str) -> bool:
    """Whether a message asks for part of the last list: a place in it, a narrowing ("只看…")
    or settling for less ("…也行")."""
    return named_place(text) is not None or narrows(text)
