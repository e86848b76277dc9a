"""What one turn leaves for the next: the subject a follow-up continues, kept in the database.

A turn that answered a question (a policy answer, a lookup, a list, a deadline, a checklist
on screen) stores its subject with the user's state (`db.chat_state`), so "那内蒙古呢", "它"
or "第二家呢" continue it after a restart or on another worker. bot/followup.py reads it.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from bot.intents import Routed
from bot.list_pick import listed_rows
from bot.messages import Intent, Reply
from bot.question import Question, cue_tables
from bot.reply_state import agency_state, listed_state
from bot.states import Dialogue, Step, state_dialogue
from corpus.models import Jurisdiction

if TYPE_CHECKING:
    from bot.turn import Turn

__all__ = ["REMEMBERED", "cited_for", "last_cited", "remember", "stored_subject"]

# Answers worth continuing; settings, help and small talk leave the last subject in place.
# A checklist on screen is an answer too ("只改个联系电话呢" after 兵团's 改名 list).
REMEMBERED = frozenset(
    {Intent.POLICY, Intent.STATUS, Intent.DEADLINE, Intent.REGISTRY, Intent.CHECKLIST, Intent.ELIGIBILITY}
)
# The one dialogue state that is an answer shown, not a question asked.
ANSWER_SHOWN = f"{Dialogue.CHECKLIST.value}:{Step.SHOWING.value}"
# How much of the last answer's first line a question asked again elsewhere searches by.
LEAD_QUERY_CHARS = 200


def stored_subject(turn: Turn) -> dict[str, Any] | None:
    """The last turn's subject, unless it is older than the follow-up window."""
    from db.chat_state import get_subject  # noqa: PLC0415

    minutes = int(cue_tables().raw["followup"]["max_age_minutes"])
    return get_subject(session=turn.session, user_id=turn.user_id, max_age=timedelta(minutes=minutes))


def remember(turn: Turn, routed: Routed, reply: Reply) -> None:
    """Keep this turn's subject for the next one, when it answered a question (a question
    typed in full that starts a dialogue is answered from the texts first: it counts)."""
    asking = reply.state not in (None, ANSWER_SHOWN)
    # A question answered first and then asking: with the texts, or with their silence said
    # ("天津…没有规定…的办理程序和材料" before the menu): "那兵团呢" asks it of 兵团.
    answered_first = asking and (bool(reply.citations) or not reply.covered)
    # A question whose dialogue asks first where ("续期申请要交什么材料" → 请选择办理地区): a place
    # told next ("我们在包头") asks it there (bot/region_swap.py `tells_place`).
    asks_where = asking and str(reply.state).endswith(f":{Step.JURISDICTION.value}")
    if not isinstance(routed, Question) or reply.intent not in REMEMBERED or (asking and not answered_first and not asks_where):
        return  # a dialogue asking its next question keeps its own state instead
    from db.chat_state import save_subject  # noqa: PLC0415

    subject = routed.subject()
    subject["intent"] = reply.intent.value
    if not subject["regions"] and reply.intent is Intent.STATUS and reply.citations:
        # The agency's rules are its region's: "过期了会咋样" after its status asks them there.
        subject["regions"] = [reply.citations[0].jurisdiction]
    first = reply.citations[0] if reply.citations else None
    subject["cited"] = [first.doc_key, first.article] if first is not None and first.article is not None else None
    # Every article quoted, by region: after a silence, the reference quoted for a region is
    # what "那天津呢" asks about (`bot.followup`).
    subject["quoted"] = [[c.doc_key, c.article, c.jurisdiction] for c in reply.citations if c.article is not None]
    # What a covered policy answer quoted first: a question asked again elsewhere searches by it.
    subject["lead"] = reply.text.splitlines()[0][:LEAD_QUERY_CHARS] if reply.intent is Intent.POLICY and reply.covered else ""
    if reply.intent is Intent.STATUS and routed.agency is not None:
        subject["lead"] = agency_state(reply.text)
    if reply.intent is Intent.REGISTRY:
        subject["lead"] = listed_state(reply.text)
        subject["listed"] = listed_rows(reply.text)
    subject["started"] = state_dialogue(reply.state) if answered_first and reply.state else None
    if subject["agency"] is None and cue_tables().pronoun.search(routed.original or routed.text):
        # "它想再加个电工 现在能加不" is answered by the region's rule; the agency it asked of is
        # still the one "那它啥时候到期" means.
        before = stored_subject(turn)
        subject["agency"] = before.get("agency") if before else None
    save_subject(session=turn.session, user_id=turn.user_id, subject=subject)


def last_cited(subject: dict[str, Any]) -> tuple[str, int] | None:
    """The article the last answer quoted first, as stored by `remember`."""
    cited = subject.get("cited")
    return (str(cited[0]), int(cited[1])) if cited else None


def cited_for(subject: dict[str, Any], regions: tuple[Jurisdiction, ...]) -> tuple[str, int] | None:
    """The article a question asked again of `regions` leans on. After an answer, the one it
    quoted. After a silence, whose first citation is another region's rule quoted for reference,
    the reference quoted for the region now asked, if one was ("兵团发的电子证书…效力一样吗"
    quotes 天津 第十八条; "那天津呢" asks about it), else none: a reference about another point
    (内蒙古's 电子材料 kept 5 years) leads nowhere."""
    if subject.get("intent") != Intent.POLICY.value or subject.get("lead") or len(regions) != 1:
        return last_cited(subject)
    asked = regions[0].value
    return next(((str(doc), int(article)) for doc, article, region in subject.get("quoted") or () if region == asked), None)
