"""What a short message is, by its shape: one leaning on the last question, just a date, a day asked of.

The follow-up reading (bot/followup.py) asks these before it reads what a message means:
"我们11月份才交的材料" tells a date and asks nothing; "那我明年1月15号去考呢" asks of a day;
"都是啥原因" is short enough to lean on the last turn. The cue words are `question.yaml`'s.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.date_roles import DateRole, role_words
from bot.intents import Routed
from bot.messages import Intent
from bot.question import cue_tables
from bot.region_swap import region_of
from bot.shapes import shapes
from bot.slots import Slot, asks, names_a_question

__all__ = ["asks_of_a_day", "bare_date", "elliptical", "new_subject", "tells_a_date", "with_party"]


def bare_date(routed: Routed) -> bool:
    """A message that is a date and nothing more, the words saying what the date is aside."""
    dates = routed.entities.dates
    if not dates or routed.command:
        return False
    rest = routed.text
    for d in sorted(dates, key=lambda d: d.start, reverse=True):
        rest = rest[: d.start] + rest[d.end :]
    # What the date is (考完, 收到) is part of "just a date". Read left to right, longest word
    # first at each place: "拿到备案回函是" is 拿到备案 + 回函是, not 备案回函 between leftovers.
    rest = _role_words().sub("", rest)
    return cue_tables().bare_date_rest.match(rest) is not None


@lru_cache(maxsize=1)
def _role_words() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(word) for word in role_words()))


def tells_a_date(routed: Routed) -> bool:
    """A short statement naming a day or month, with no question of its own."""
    return bool(routed.entities.dates) and elliptical(routed.text) and not names_a_question(routed.text)


def tells_a_detail(routed: Routed) -> bool:
    """A short statement that asks nothing ("我们在呼和浩特,是给本企业职工做自主评价的"): the
    detail the last question lacked, told after it."""
    bare = "".join(ch for ch in routed.text if ch.isalnum())
    follow = cue_tables().raw["followup"]
    if routed.intent is not Intent.POLICY or len(bare) > int(follow["detail_max_chars"]):
        return False
    return not _asks_anything(routed.text)


def _asks_anything(text: str) -> bool:
    """Whether any word makes the text a question, however it is worded ("有要求没", "行不行")."""
    return asks(text) or names_a_question(text) or re.search(cue_tables().raw["followup"]["question_marks"], text) is not None


def last_clause(text: str) -> str:
    """The clause a message asks in, when the ones before it only tell ("我就是他们那的,续期
    申请现在交还来得及不"); the whole message when an earlier clause asks too."""
    clauses = [c for c in re.split(r"[,，;；。\s]+", text.strip()) if c]
    if len(clauses) < 2:
        return text
    return text if _asks_anything("".join(clauses[:-1])) else clauses[-1]


def asks_of_a_day(routed: Routed) -> bool:
    """A short message naming a day no word gives another role (备案日, 收到决定)."""
    days = [d for d in routed.entities.dates if d.value is not None]
    return bool(days) and all(d.role is DateRole.UNKNOWN for d in days) and elliptical(routed.text)


def elliptical(text: str) -> bool:
    """Short, opening with a word that continues ("那…", "还…"), or asking whether the last
    answer's way holds ("也能这么设吗"): it leans on the last question."""
    follow = cue_tables().raw["followup"]
    bare = "".join(ch for ch in text if ch.isalnum())
    return (
        len(bare) <= int(follow["elliptical_max_chars"]) or re.match(follow["elliptical_cue"], text) is not None
        or re.search(follow["points_back"], text) is not None
    )


def with_party(question: str, context: str, slot: Slot) -> str:
    """A conditions follow-up asked of the party the conversation is about, when it names none:
    "有啥资格要求" after "兵团考评员要几个" is asked of 考评员 (the item on 考评人员, not the whole
    list). A figure's follow-up ("那命题专家呢") names what it counts: no party is carried."""
    carried = shapes().party(context) if context and slot is Slot.CONDITIONS and elliptical(question) else ""
    return f"{carried}{question}" if carried and not shapes().party(question) else question


def new_subject(text: str, last: str) -> bool:
    """"那考评员呢 有啥硬性要求" after "内蒙 内部督导员能不能兼个同场监考": X and what is asked of
    it, X never named by the `last` question, and no region: a new question in the same region.
    So is another party's own misconduct ("那要是机构自己违规呢" after "考生作弊被查出来,证书
    会咋处理"): the agency's sanctions, not the last question's again."""
    found = re.match(cue_tables().raw["followup"]["new_subject"], text)
    if found is not None and found["x"] not in last and region_of(found["x"]) is None:
        return True
    act = shapes().violations
    if act is None or not act.search(text):
        return False
    mine, theirs = party_named(text), party_named(last)
    return bool(mine and theirs and mine != theirs)


def party_named(text: str) -> str:
    """Who `text` is about, as the law names them (机构 → 评价机构, 考生 → 参评人员), by the
    longest name it says (`question.yaml` `followup.party_names`); "" for none."""
    names: dict[str, str] = cue_tables().raw["followup"]["party_names"]
    said = [name for name in names if name in text]
    return names[max(said, key=len)] if said else ""
