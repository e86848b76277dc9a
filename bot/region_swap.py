"""Which region a follow-up asks the last question again of, and that question's words there.

"那内蒙古呢", "天津这块呢", "换成兵团", "内蒙跨盟市呢", "其他地方呢": each names a region and
asks nothing new, so the last question is asked again of it (`swap_region` rewrites its
places, 盟市 for 师市). Split from `bot.followup`, which decides whether a message is a
follow-up at all; this module only reads region words.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from bot.messages import Intent
from bot.question import cue_tables
from bot.question_text import asking_only, question_words
from bot.slots import Slot, asks, detect_slot
from corpus.models import LOCAL_REGIONS, Jurisdiction
from retrieval.textnorm import MAX_QUERY_CHARS

if TYPE_CHECKING:
    from bot.intents import Routed

__all__ = [
    "REGION_SWAPPABLE",
    "asked_again_of",
    "asked_of",
    "asked_regions",
    "asks_again",
    "asks_it_again",
    "bare_place",
    "echoing_region",
    "list_region",
    "other_regions",
    "region_of",
    "swap_region",
    "swap_target",
    "swapped_question",
    "swaps_region",
    "topic_term",
    "verb_swap",
]

REGION_SWAPPABLE = frozenset(
    {Intent.POLICY.value, Intent.DEADLINE.value, Intent.REGISTRY.value, Intent.CHECKLIST.value, Intent.ELIGIBILITY.value}
)

# An administrative suffix right after a place's name belongs to it (天津市, 内蒙古自治区).
_PLACE_SUFFIX = re.compile(r"市|省|自治区|维吾尔自治区")


def swap_region(text: str, region: Jurisdiction) -> str:
    """`text` with every place it names replaced by `region`'s name (prefixed if none); a
    place inside the named region (包头 beside 内蒙古) by `region`'s word for elsewhere in it."""
    from retrieval.regions import find_region_mentions  # noqa: PLC0415

    label = region.label_zh
    mentions = [m for m in find_region_mentions(text) if not m.weak]
    if not mentions:
        return f"{label}{text}"
    followup = cue_tables().raw["followup"]
    named = any(not m.inside for m in mentions)
    # One span per place: "内蒙古自治区" is two mentions, and "天津市人社局" must not become
    # "内蒙古市人社局" (the suffix would cut 市人/社局 into the question's words).
    spans: list[list[Any]] = []
    for m in mentions:
        end = m.end + (len(suffix[0]) if (suffix := _PLACE_SUFFIX.match(text, m.end)) else 0)
        if spans and m.start <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], end)
            spans[-1][2] = spans[-1][2] and m.inside
        else:
            spans.append([m.start, end, m.inside])
    units: dict[str, str] = followup["units"]
    for start, end, inside in reversed(spans):
        if text[start:end] in units.values():  # 盟市, 师市: the sub-areas, not the region
            word = units.get(region.value, text[start:end])
        elif inside and named:
            word = followup["elsewhere"].get(region.value, label)
        elif text.startswith("级", end):
            word = followup["level_names"].get(region.value, label)
        else:
            word = label
        text = text[:start] + word + text[end:]
    return text


def swap_target(text: str) -> tuple[str, str] | None:
    """(X, what else is asked) for "那X呢" / "X呢,有没有时限"; None for anything else. An
    interjection or correction before it ("哦不对,天津呢") is dropped; so is a clause before
    it that asks nothing ("我们单位在天津,天津那边呢")."""
    for reading in _readings(text):
        for pattern in cue_tables().swap:
            m = pattern.match(reading)
            if m:
                rest = m.groupdict().get("rest") or ""
                return m["x"].strip(), rest.strip()
    return None


def _readings(text: str) -> list[str]:
    """The message, without what leads in to it, then its last clause after one that tells."""
    lead = re.match(cue_tables().raw["followup"]["swap_lead"], text)
    bare = text[lead.end() :] if lead else text
    readings = [text, bare] if bare and bare != text else [text]
    *told, last = re.split(r"[,，]", bare)
    if told and last.strip() and not asks(",".join(told)):
        readings.append(last.strip())
    return readings


def verb_swap(text: str, subject: dict[str, Any]) -> tuple[str, str] | None:
    """(region, "") for "内蒙古是怎么查的" when the last question asked about that verb (抽查)."""
    m = cue_tables().swap_verb.match(text)
    if m is None or m["verb"] not in subject.get("text", "") or region_of(m["x"]) is None:
        return None
    return m["x"].strip(), ""


def bare_place(text: str) -> tuple[str, str] | None:
    """(the place, "") when the message names one region and otherwise only words that ask
    again (`swap_fillers`: "在内蒙古呢", "换内蒙看看", "天津那块儿呢", "内蒙有没有")."""
    from retrieval.regions import find_region_mentions  # noqa: PLC0415

    mentions = [m for m in find_region_mentions(text) if not m.weak]
    if not mentions or len({m.region for m in mentions}) != 1:
        return None
    rest = text
    for m in sorted(mentions, key=lambda m: m.start, reverse=True):
        rest = rest[: m.start] + " " + rest[m.end :]
    for word in sorted(cue_tables().raw["followup"]["swap_fillers"], key=len, reverse=True):
        rest = rest.replace(word, " ")
    if re.sub(r"[\s,。?!、.?!,]+", "", rest):
        return None
    first = mentions[0]
    return text[first.start : first.end], ""


def asked_again_of(text: str) -> Jurisdiction | None:
    """The region a message asks the last question again of, and nothing more ("那天津呢",
    "内蒙古那边是啥要求", "天津这块呢", "内蒙古"); None for anything else."""
    swap = swap_target(text)
    region = region_of(swap[0]) if swap and not swap[1] else None
    if region is None and (bare := bare_place(text)) is not None:
        region = region_of(bare[0])
    return region


def topic_term(target: str, subject: dict[str, Any]) -> bool:
    """"水平评价类呢" after a question on the national 目录's 准入类: a word that only weakly
    names the national texts (水平评价类, 行业组织) is the topic swapped, not the region, when
    the last question was already about no region or the national texts."""
    from retrieval.regions import find_region_mentions  # noqa: PLC0415

    mentions = find_region_mentions(target)
    asked = asked_regions(subject)
    return bool(mentions) and all(m.weak for m in mentions) and asked in ((), (Jurisdiction.NATIONAL,))


def echoing_region(target: str, subject: dict[str, Any]) -> Jurisdiction | None:
    """The region of "内蒙跨盟市呢" after 兵团's 跨师市 question: a region named with words the
    last question or its answer already said, in that region's own terms (盟市 for 师市), asks
    the last question again of it."""
    from retrieval.regions import find_region_mentions  # noqa: PLC0415

    mentions = sorted((m for m in find_region_mentions(target) if not m.weak), key=lambda m: m.start)
    regions = {m.region for m in mentions}
    if len(regions) != 1:
        return None
    units: dict[str, str] = cue_tables().raw["followup"]["units"]
    last_unit = next((units[r.value] for r in asked_regions(subject) if r.value in units), "")
    pieces, start = [], 0
    for m in mentions:
        span = target[m.start : m.end]
        pieces += [target[start : m.start], last_unit if span in units.values() else ""]
        start = m.end
    words = "".join([*pieces, target[start:]])
    said = f"{subject.get('text', '')}{subject.get('lead', '')}"
    return regions.pop() if len(words) >= 2 and words in said else None


def list_region(text: str, subject: dict[str, Any]) -> Jurisdiction | None:
    """The region a message asks the last regulator's list again of ("内蒙古的有几家",
    "再看看内蒙古的"): a place and only words asking for the list; None otherwise."""
    if subject.get("intent") != Intent.REGISTRY.value:
        return None
    found = re.match(cue_tables().raw["followup"]["list_region"], text)
    return region_of(found["x"]) if found else None


def region_of(text: str) -> Jurisdiction | None:
    from retrieval.regions import parse_region_choice  # noqa: PLC0415

    return parse_region_choice(text)


def asked_of(subject: dict[str, Any], regions: tuple[Jurisdiction, ...]) -> str:
    """The last question asked of `regions` instead of the places it named (with what it
    leaned on, when it was elliptical: "电子的呢")."""
    asked = f"{subject['context']} {subject['text']}" if subject.get("context") else subject["text"]
    question = swap_region(asked[:MAX_QUERY_CHARS], regions[0])
    if len(regions) > 1:
        question = question.replace(regions[0].label_zh, "和".join(r.label_zh for r in regions), 1)
    return question


def asked_regions(subject: dict[str, Any]) -> tuple[Jurisdiction, ...]:
    return tuple(Jurisdiction(r) for r in subject.get("regions") or ())


def other_regions(text: str, subject: dict[str, Any]) -> tuple[Jurisdiction, ...]:
    """"其他地方呢" after a question about one region: every other region with its own rules."""
    if subject.get("intent") not in REGION_SWAPPABLE or not cue_tables().others.match(text):
        return ()
    asked = asked_regions(subject)
    if len(asked) != 1:
        return ()
    return tuple(r for r in LOCAL_REGIONS if r not in asked)


def asks_again(text: str, subject: dict[str, Any]) -> bool:
    """"换成兵团" right after a question: the same question for 兵团, not a new setting,
    unless the message names a setting (地区, 角色)."""
    if subject.get("intent") not in REGION_SWAPPABLE or re.search(cue_tables().raw["followup"]["settings_words"], text):
        return False
    swap = swap_target(text)
    return swap is not None and region_of(swap[0]) is not None


def tells_place(routed: Routed, subject: dict[str, Any]) -> Jurisdiction | None:
    """The region a settings message tells the sender is in ("我们在包头"), right after a question
    answered of no region or of another: that question is asked of it, and it becomes the
    user's region (bot/handlers.py `keep_told_region`); None for a settings change asked as one
    ("地区设为内蒙古") or a region the last answer was already about."""
    regions = routed.entities.regions
    if routed.intent is not Intent.SETTINGS or routed.entities.role is not None or len(regions) != 1:
        return None
    if subject.get("intent") not in REGION_SWAPPABLE or not re.match(cue_tables().raw["followup"]["tells_place"], routed.text.strip()):
        return None
    return None if asked_regions(subject) == (regions[0],) else regions[0]


def swaps_region(text: str) -> bool:
    """"那天津呢", "天津这块呢": a region asked again, with nothing else asked."""
    swap = swap_target(text)
    target = swap[0] if swap and not swap[1] else (bare[0] if (bare := bare_place(text)) else None)
    return target is not None and region_of(target) is not None


def asks_it_again(rest: str, question: str) -> bool:
    """Whether what "那X呢" asks besides ("材料一样吗") is only the last question again."""
    own = next((rest[:n] for n in range(len(rest), 1, -1) if rest[:n] in question), "")
    return re.match(cue_tables().raw["followup"]["same_again"], rest[len(own) :].strip()) is not None


OWN_TOPIC_CHARS = 4  # Han characters left once the asking words are out: "到期续交申请"


def asks_its_own(rest: str, last_slot: str | None) -> bool:
    """Whether what "那X呢" asks besides is a question of its own, asked alone of X: it names
    a topic ("鄂尔多斯那边呢 到期想续的话啥时候交申请" after how long a filing lasts) and asks
    another thing than the last question did. "纸质的要留几年" after 档案's period, or "要多少",
    lean on the last question; so does a yes/no ask ("我们在第八师 有没有保存年限的要求"), which
    most often asks the last question again in other words."""
    if not asks(rest):
        return False
    slot = detect_slot(rest)
    if slot in (Slot.WHETHER, Slot.OTHER) or (last_slot is not None and slot.value == last_slot):
        return False
    topic = asking_only().sub("", question_words().sub("", rest))
    return len(re.findall(r"[\u4e00-\u9fff]", topic)) >= OWN_TOPIC_CHARS


def swapped_question(question: str, rest: str, region: Jurisdiction, last_slot: str | None) -> str:
    """The question "那X呢, …" asks of region X (`question` is the last one asked of X): what
    it asks besides, alone when that is a question of its own; else the last question, with
    what it asks besides when that adds to it."""
    if rest and asks_its_own(rest, last_slot):
        return f"{region.label_zh}{rest}"
    return f"{question},{rest}" if rest and not asks_it_again(rest, question) else question
