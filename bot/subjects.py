"""Sentences read in their place: a clause that lost its subject gets it back, and a rule
keeps the sentence that qualifies it.

"统筹管理特级技师、首席技师评价工作。" alone does not say who: the subject stands in an
earlier clause of the same 款 ("兵团人力资源和社会保障局……统筹管理…"). "不得擅自变动试卷内容"
alone is a no; the next sentence ("确需调整试卷内容的,…不超过10%") is its condition.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from bot.shapes import shapes
from bot.structure import ELLIPSIS, ITEM_LABEL, short_item
from corpus.parsers.headings import Level, match_heading

# A unit of an article: (its 款, its position, the sentence).
Unit = tuple[int, int, str]

# A clause that starts with one of these verbs has lost its subject to an earlier clause.
_VERB_START = re.compile(
    r"^(?:统筹|负责|进行|受理|对|组织|承担|建立|制定|开展|做好|配合|指导|督促|审核|提交|报送|公布|发布|"
    r"加强|实行|严格|配足|按照|依据|协调|监督|管理|指定|确定|核发|颁发|推进|推动)"
)
# A subject is a body: it ends in one of these.
_SUBJECT = re.compile(
    r"^(?P<subject>[^,,;;。:: ]{2,28}?(?:局|厅|部门|中心|机构|组织|单位|处|部|委员会|站))"
    r"(?:负责|应当|应|可以|可|须|统筹|受理|承担|组织|建立|对|按照|依据|会同)"
)
# A "who" lead quotes the clause that holds the subject whole up to this length.
WHOLE_SUBJECT_CLAUSE = 100


def with_subject(units: list[Unit], index: int, chosen: set[int], *, whole_clause: bool = False) -> str:
    """Sentence `index`, given the subject of the nearest earlier clause of its 款 when it lost
    it, unless that clause is quoted right before it anyway. `whole_clause` (a "who" question)
    quotes the subject's clause whole when short: it names the co-actors (会同有关部门)."""
    paragraph, _, sentence = units[index]
    if not _VERB_START.match(sentence) or (index - 1 in chosen and units[index - 1][0] == paragraph):
        return sentence
    for earlier in range(index - 1, -1, -1):
        if units[earlier][0] != paragraph:
            break
        found = _SUBJECT.match(units[earlier][2])
        if found and whole_clause and earlier == index - 1 and len(units[earlier][2]) <= WHOLE_SUBJECT_CLAUSE:
            return f"{units[earlier][2]}{sentence}"
        if found:
            return f"{found.group('subject')}{ELLIPSIS}{sentence}"
    return sentence


# An opening sentence that names the scheme is quoted as a frame up to this length.
FRAME_CHARS = 36


def scheme_frame(units: list[Unit], chosen: list[int]) -> list[int]:
    """The sentence right before the first chosen one, in the same 款, when it names the scheme
    the chosen ones run (shapes.yaml `establishes`): "每三年调整并公布“红黑榜”名单" says how the
    list is kept, "建立评价机构“红黑榜”机制" what it is."""
    founds = shapes().establishes
    if founds is None or not chosen:
        return []
    first = min(chosen)
    before = first - 1
    if before < 0 or units[before][0] != units[first][0] or len(units[before][2]) > FRAME_CHARS:
        return []
    return [before] if founds.search(units[before][2]) else []


# A semicolon half's sibling is quoted with it up to this length; the opening they share is
# at least this long ("被评为“" of 被评为“红色”的… ; 被评为“黑色”的…).
SIBLING_CHARS = 60
SHARED_OPENING = 3


def sibling_halves(units: list[Unit], chosen: list[int]) -> list[int]:
    """The other half of a sentence cut at a semicolon, when both halves open alike: "被评为
    “红色”的…可申请连续备案;" alone hides that "被评为“黑色”的…退出评价机构目录"."""
    found = []
    for i in chosen:
        after = i + 1
        if not units[i][2].endswith((";", ";")) or after >= len(units) or after in chosen or after in found:
            continue
        half, sibling = units[i][2], units[after][2]
        same = units[after][0] == units[i][0] and len(sibling) <= SIBLING_CHARS
        if same and half[:SHARED_OPENING] == sibling[:SHARED_OPENING] and ITEM_LABEL.match(sibling) is None:
            found.append(after)
    return found


def qualifiers(units: list[Unit], chosen: list[int], max_chars: int) -> list[int]:
    """The sentence right after a chosen rule that qualifies it (确需…的, 但…; shapes.yaml
    `exceptions`), when in the same 款 and at most `max_chars` long: a yes or no is said
    with its condition."""
    opening = shapes().exception
    if opening is None:
        return []
    return [
        i + 1
        for i in chosen
        if i + 1 < len(units) and i + 1 not in chosen and units[i + 1][0] == units[i][0]
        and len(units[i + 1][2]) <= max_chars and opening.match(units[i + 1][2])
    ]


def part_title(units: list[Unit], chosen: list[int], heads: dict[int, str]) -> list[str]:
    """The heading of the item ("(二)责令终止备案") the chosen sentences were all cut from,
    when they are only its numbered points: "6.…拒不执行的;8.…不合格的" says what follows
    from them only under that heading."""
    texts = [text for _, _, text in units]
    if not chosen or not all(i in heads and match_heading(texts[i], (Level.SUBITEM,)) for i in chosen):
        return []
    titles = {heads[i] for i in chosen}
    return [short_item(titles.pop())] if len(titles) == 1 else []


def continuation(units: list[Unit], best: int, chosen: list[int], heads: dict[int, str], max_chars: int) -> list[int]:
    """The sentence right after the best one, in the same paragraph, when both together stay
    within `max_chars`: a rule often ends there ("…提交申请。经评估合格的,可续期备案3年。",
    "…考核发证工作。" then who issues the 外督证卡). Not a sentence cut from another item."""
    following = best + 1
    if following >= len(units) or following in chosen or following in heads:
        return []
    same_paragraph = units[following][0] == units[best][0]
    short = len(units[best][2]) + len(units[following][2]) <= max_chars
    return [following] if same_paragraph and short else []


def frames_item(units: list[Unit], index: int, best: int) -> bool:
    """Whether unit `index` is the sentence framing the list whose item `best` is quoted
    ("建立权责清晰…管理体制。" before "(二)市鉴定中心负责…"): it adds nothing to the item. A
    list header (ending in a colon) and a sibling item are no framing."""
    framed, sentence = units[best][2], units[index][2]
    return (
        units[index][0] == units[best][0] and index < best and ITEM_LABEL.match(framed) is not None
        and ITEM_LABEL.match(sentence) is None and not sentence.endswith((":", "："))
    )


def hedged_rest(
    units: list[Unit], best: int, chosen: list[int], max_chars: int, parts: Mapping[int, int] | None = None
) -> list[int]:
    """After a figure said to hold as a rule (shapes.yaml `hedges`: 一般), the rest of its paragraph, when all of it
    stays within `max_chars`: the cases that differ ("一般分为…五个级别。开展自主评价的用人单位…
    “新八级工”…。社会培训评价组织一般按五个技能等级开展评价。"). `parts` maps a unit to the list item it
    stands in: the rest of an item is that item's, never the next items ("考评人员一般不少于3人" is
    not followed by (三) 场所…)."""
    hedge = shapes().hedge
    if hedge is None or not hedge.search(units[best][2]):
        return []
    part = (parts or {}).get(best)
    rest = [
        i for i in range(best + 1, len(units))
        if units[i][0] == units[best][0] and i not in chosen and (parts or {}).get(i) == part
    ]
    total = len(units[best][2]) + sum(len(units[i][2]) for i in rest)
    return rest if rest and total <= max_chars else []


def stated_sanction(title: str, sentences: list[str]) -> int | None:
    """Which of a part's own sentences states the sanction its grounds share ("(二)责令终止备案":
    "…公示7个工作日,取消其备案资质", not "核查期间,暂停评价报名" nor what befalls the
    certificates): a sanction said in it, and the most of the title's words. Numbered grounds
    are not the part's own sentences."""
    sanction = shapes().sanction
    if sanction is None:
        return None
    body = {i: text.replace(title, "") for i, text in enumerate(sentences)}
    stating = [i for i, text in body.items() if sanction.search(text) and not match_heading(text, (Level.SUBITEM,))]
    if not stating:
        return None
    pairs = {title[k : k + 2] for k in range(len(title) - 1)}
    return max(stating, key=lambda i: (sum(body[i].count(pair) for pair in pairs), -i))


def sanction_of_ground(units: list[Unit], chosen: list[int], heads: dict[int, str]) -> list[int]:
    """What happens, for a ground quoted from a list whose sanction its part states once
    ("12.不履行工作承诺…的" under "(二)责令终止备案", whose opening says "…取消其备案资质"):
    the part's sentence stating the sanction, when the chosen ones state none. Asked what
    happens, or asked nothing in particular of a lead that is only grounds ("咋处理")."""
    sanction = shapes().sanction
    if sanction is None or any(sanction.search(units[i][2]) for i in chosen):
        return []
    parts = {heads[i] for i in chosen if i in heads}
    if len(parts) != 1:
        return []
    part = parts.pop()
    mine = [i for i in range(len(units)) if heads.get(i) == part]
    found = stated_sanction(part, [units[i][2] for i in mine])
    return [] if found is None else [mine[found]]

def parallel_items(units: list[Unit], scored: list[tuple[float, int]], best: int, share: float) -> list[int]:
    """The other items of the best one's list that answer nearly as well: the same rule for
    each case ("(一)申请成为职业资格评价机构的单位,向…提交 (二)…等级认定机构…向… (三)…"), when
    the question named none of the cases above the others. Empty unless `best` is an item."""
    if ITEM_LABEL.match(units[best][2]) is None:
        return []
    floor = share * max(score for score, i in scored if i == best)
    return [
        i for score, i in scored
        if i != best and units[i][0] == units[best][0] and ITEM_LABEL.match(units[i][2]) is not None and score >= floor
    ]


def kind_asked(units: list[Unit], chosen: list[int], question: str) -> list[int]:
    """The first sentence of the article said of the one kind of body the question names, when
    the chosen sentences are said of another kind only: "内蒙 社会培训评价组织能评特级技师首席技师不"
    is answered by 社会培训评价组织一般按五个技能等级开展评价, not only by what 用人单位 may do."""
    kinds = shapes().kinds_of_body
    named = {k for k in kinds if k in question}
    if len(named) != 1:
        return []
    (asked,) = named
    texts = [text for _, _, text in units]
    said = {k for i in chosen for k in kinds if k in texts[i]}
    if not chosen or asked in said or not said:
        return []
    return next(([i] for i, text in enumerate(texts) if asked in text and i not in chosen), [])
