"""Which jurisdictions a user's message names, and whether it asks to compare them.

The corpus differs by region (兵团, 内蒙古, 天津, 浙江, plus national texts), so the
region decides which evidence is searched and in what order. A region named in
the question beats the one stored in the user's settings; a comparison question
(各地/分别/一样吗, or two regions named) gets one answer per region.

Names are matched from one alias table per jurisdiction (`PLACE_ALIASES`). Two
kinds of national mention are kept apart on purpose:

* places (全国, 国家层面): a scope, always a region;
* authorities and national-only topics (人社部, 国务院, 国家职业资格, 水平评价(类), 目录之外,
  行业组织 — the 2016 人社部 办法's term for national associations):
  `WEAK_ALIASES`. "在兵团开分支机构,人社部遴选过了" is a 兵团 question that mentions
  the ministry as an actor, so these count only when no place is named or when the
  text compares regions.

Phrases that contain a region word without naming a region (国家职业标准, 全国性行业
协会, 人社部门, 新疆维吾尔自治区, 省、自治区) are masked first (`NOT_REGIONS`).
Functions expect text already passed through `retrieval.textnorm.normalise_query`
(simplified characters); `parse_region_choice` normalises its own input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from corpus.models import Jurisdiction

__all__ = [
    "COMPARISON_CUES",
    "NOT_REGIONS",
    "PLACE_ALIASES",
    "SUB_PLACES",
    "RegionMention",
    "RegionScope",
    "UNSUPPORTED_PLACES",
    "WEAK_ALIASES",
    "detect_regions",
    "detect_unsupported",
    "find_region_mentions",
    "is_comparison",
    "parse_region_choice",
    "resolve_scope",
]

J = Jurisdiction

# 兵团's fourteen 师 by name; the patterns below also take "第8师" and "八师".
_NUMBERED_SHI = tuple(f"第{n}师" for n in ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四"))

# Places inside a region (its cities, 师市, districts): a question naming one is about that
# region, and, when it names the region too, about a place inside it ("内蒙古的机构去包头设点").
SUB_PLACES: dict[Jurisdiction, tuple[str, ...]] = {
    J.BINGTUAN: (
        *_NUMBERED_SHI,
        r"第[一二三四五六七八九十\d]{1,3}师", r"(?<![一二三四五六七八九十百零两\d第级])(?:[一二三四五六七八九十]{1,3}|\d{1,2})师(?![傅生资范父兄姐妹弟])",
        # "找师里的人社局": a 师's own bureau; not 技师里, 老师里 (a person's title ending in 师).
        r"(?<![老教律技厨医讲工程导牧法大名琴画药])师里(?:的|头|面)", "师部", "团场",
        "石河子", "五家渠", "阿拉尔", "图木舒克", "北屯", "铁门关", "双河市", "可克达拉",
        "昆玉", "胡杨河", "新星市", "白杨市",
    ),
    J.NEIMENGGU: (
        "呼和浩特", "呼市", "包头", "鄂尔多斯", "赤峰", "通辽", "呼伦贝尔", "巴彦淖尔", "乌兰察布",
        "乌海", "兴安盟", "锡林郭勒", "阿拉善", "满洲里", "二连浩特",
    ),
    J.TIANJIN: (
        "滨海新区", "和平区", "河东区", "河西区", "南开区", "河北区", "红桥区", "东丽区", "西青区",
        "津南区", "北辰区", "武清区", "宝坻区", "宁河区", "静海区", "蓟州区",
        # Said without 区 ("石河子和武清各有一家"): the names no other place shares.
        "滨海", "东丽", "西青", "津南", "北辰", "武清", "宝坻", "宁河", "静海", "蓟州",
    ),
    J.ZHEJIANG: ("杭州", "宁波", "温州", "嘉兴", "湖州", "绍兴", "金华", "衢州", "舟山", "台州", "丽水", "义乌"),
}

# Regex fragments, matched case-insensitively on normalised text: the region's own names,
# then the places inside it.
_REGION_NAMES: dict[Jurisdiction, tuple[str, ...]] = {
    J.BINGTUAN: ("新疆生产建设兵团", "兵团", "师市", "兵人社", "xpcc", "bingtuan"),
    J.NEIMENGGU: (
        "内蒙古", "内蒙", "自治区", "盟市", "蒙人社", r"(?:(?<![\u4e00-\u9fff])|(?<=[和跟与及、]))蒙(?![\u4e00-\u9fff])",
        r"^蒙(?=呢|那边|这边|那儿|也|的|和|跟)", "inner mongolia", "neimenggu",
    ),
    J.TIANJIN: (
        "天津", "津门", "市鉴定中心", "津人社", r"(?:(?<![\u4e00-\u9fff])|(?<=[和跟与及、]))津(?![\u4e00-\u9fff])", r"^津(?![贴津巴南门])", "tianjin",
    ),
    J.ZHEJIANG: (
        "浙江", "浙人社", r"(?:(?<![\u4e00-\u9fff])|(?<=[和跟与及、]))浙(?![\u4e00-\u9fff])",
        r"^浙(?=呢|那边|这边|那儿|也|的|和|跟)", "zhejiang",
    ),
    J.NATIONAL: (
        "全国", "国家层面", "国家级", r"国家(?:的)?(?:规定|文件|政策|要求|层面)", "中央层面",
        "nationwide", "national",
    ),
}
PLACE_ALIASES: dict[Jurisdiction, tuple[str, ...]] = {
    region: (*names, *SUB_PLACES.get(region, ())) for region, names in _REGION_NAMES.items()
}

WEAK_ALIASES: dict[Jurisdiction, tuple[str, ...]] = {
    J.NATIONAL: (
        "人社部", "人力资源(?:和)?社会保障部", "国务院", "国家(?:的)?职业资格", "水平评价类", "水平评价",
        # Whether anything outside the national list may be certified is the ministry's rule
        # (目录之外一律不得许可和认定职业资格), whichever region the conversation was in.
        "目录(?:之外|以外|外头|外面|外边|外)",
        "行业组织", "mohrss",
    ),
}

NOT_REGIONS: tuple[str, ...] = (
    r"国家职业(?:技能)?标准",  # a kind of standard every region applies
    r"国家(?:或|和|、)?行业",
    "国家法律",
    "全国性",  # 全国性行业协会: a kind of organisation
    r"全国统一(?:编码|的编码|样式|参考样式)",  # certificate rules every region applies
    # Words printed on a certificate ("能不能印“国家”“全国”这些字样"): characters, not a scope.
    r"(?:国家|全国|中国|中华)[”\"’]?[^。?？!！]{0,12}?(?:字样|字眼|这种字|这些字|这类字|等字|的字)",
    r"印(?:上|了|有|个)?[“\"‘]?(?:国家|全国|中国|中华)",
    r"人社部门|人力资源(?:和)?社会保障部门",  # any region's department
    r"新疆维吾尔自治区|广西壮族自治区|西藏自治区|宁夏回族自治区|各?省、自治区|省区市|自治州",
)

# Provincial-level places the corpus does not cover: the engine says so instead of
# answering with the stored region's rules.
UNSUPPORTED_PLACES: tuple[str, ...] = (
    "北京", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "安徽", "福建",
    "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西",
    "甘肃", "青海", "台湾", "广西", "西藏", "宁夏", "新疆", "香港", "澳门", "深圳", "广州",
)

COMPARISON_CUES: tuple[str, ...] = (
    "各地", "各省", r"各个?地区", "分别", r"哪里(?:的|更|规定|要求)", r"哪个地方", r"哪些地[方区]",
    r"有(?:什么|啥|何|哪些)(?:不同|区别|差别|差异)", "不同之处", "区别", "差别", "差异", "异同",
    "不一样", r"一样(?:吗|不|么|嘛)", r"是否(?:一样|相同|一致)", r"相同(?:吗|么)", r"一致(?:吗|么)",
    "两地", "几地", "各自", r"各(?:咋|怎么|如何)", r"各(?:是|有)(?:什么|啥|哪些|多少|几)", "对比", "相比", r"比较一下", r"比一比", r"(?<![a-z])vs(?![a-z])", "versus", "compare",
    "difference",
)


@dataclass(frozen=True)
class RegionMention:
    region: Jurisdiction
    start: int
    end: int
    weak: bool
    inside: bool = False  # a place inside the region (包头, 第八师), not the region's own name


@dataclass(frozen=True)
class RegionScope:
    """Which regions to search and whether to answer region by region.

    `source` says where the regions came from: "question", "stored" or "none".
    `per_region` asks the engine for one answer per region when the evidence differs
    (comparison, several regions, or nothing known at all), never a blend.
    """

    regions: tuple[Jurisdiction, ...]
    per_region: bool
    source: str


def _union(parts: tuple[str, ...]) -> str:
    return "|".join(f"(?:{p})" for p in sorted(parts, key=len, reverse=True))


@lru_cache(maxsize=1)
def _compiled() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Built on first use, so importing the module costs nothing."""
    groups: list[str] = []
    for kind, table in (("p", PLACE_ALIASES), ("w", WEAK_ALIASES)):
        for region, aliases in table.items():
            groups.append(f"(?P<{kind}_{region.value}>{_union(aliases)})")
    alias = re.compile("|".join(groups), re.IGNORECASE)
    mask = re.compile(_union(NOT_REGIONS))
    cues = re.compile(_union(COMPARISON_CUES), re.IGNORECASE)
    other = re.compile(_union(UNSUPPORTED_PLACES))
    return alias, mask, cues, other


def _masked(text: str) -> str:
    """Not-a-region phrases replaced by blanks of equal length, so spans stay valid."""
    _, mask, _, _ = _compiled()
    return mask.sub(lambda m: " " * len(m.group(0)), text)


@lru_cache(maxsize=1)
def _sub_places() -> dict[Jurisdiction, re.Pattern[str]]:
    return {region: re.compile(_union(places), re.IGNORECASE) for region, places in SUB_PLACES.items()}


def find_region_mentions(text: str) -> list[RegionMention]:
    """Every alias occurrence, leftmost (longest alias first within a region), with its kind."""
    alias, _, _, _ = _compiled()
    mentions: list[RegionMention] = []
    for m in alias.finditer(_masked(text)):
        name = m.lastgroup or ""
        kind, _, code = name.partition("_")
        region = Jurisdiction(code)
        inside = (places := _sub_places().get(region)) is not None and places.fullmatch(m.group(0)) is not None
        mentions.append(RegionMention(region, m.start(), m.end(), weak=kind == "w", inside=inside))
    return mentions


def _has_cue(text: str) -> bool:
    _, _, cues, _ = _compiled()
    return cues.search(text) is not None


# A conjunction right before or after a mention lists it beside another one:
# "浙江的通知和人社部原通知" names the ministry's text as a second side.
_COORDINATED_BEFORE = re.compile(r"(?:和|与|跟|及|同|、|以及)$")
_COORDINATED_AFTER = re.compile(
    r"^(?:[^,。?!;,?和与跟及同、]{0,8}?(?:规定|文件|通知|办法|规程|要求|那个|说的))?的?(?:和|与|跟|及|同|、|以及)"
)


def _coordinated(text: str, mention: RegionMention) -> bool:
    return bool(
        _COORDINATED_BEFORE.search(text[: mention.start])
        or _COORDINATED_AFTER.match(text[mention.end :])
    )


def _counted(text: str, mentions: list[RegionMention]) -> list[RegionMention]:
    """The mentions that name a region to search.

    Weak (authority/topic) mentions count when no place is named, when the text is a
    comparison, or when a conjunction lists them beside a place: "人社部那个承接办法"
    → national, "在兵团…人社部遴选过" → 兵团 only, "浙江和人社部的通知" → both.
    """
    if not any(not m.weak for m in mentions) or _has_cue(text):
        return mentions
    return [m for m in mentions if not m.weak or _coordinated(text, m)]


def detect_regions(text: str) -> list[Jurisdiction]:
    """Regions named in `text`, in order of first mention, without duplicates."""
    ordered: list[Jurisdiction] = []
    for mention in _counted(text, find_region_mentions(text)):
        if mention.region not in ordered:
            ordered.append(mention.region)
    return ordered


def is_comparison(text: str) -> bool:
    """True for 各地/分别/有什么不同/一样吗… or when two or more regions are named side by side."""
    if _has_cue(text):
        return True
    return len({m.region for m in _counted(text, find_region_mentions(text))}) >= 2


def detect_unsupported(text: str) -> list[str]:
    """Provinces or cities outside the corpus (广东, 北京…), in order, without duplicates."""
    _, _, _, other = _compiled()
    masked = _masked(text)
    for m in find_region_mentions(text):  # 新疆生产建设兵团 is covered; 新疆 alone is not
        masked = masked[: m.start] + " " * (m.end - m.start) + masked[m.end :]
    found: list[str] = []
    for place in other.finditer(masked):
        if place.group(0) not in found:
            found.append(place.group(0))
    return found


# What may surround a region name in a settings message ("设置地区:内蒙古", "我在兵团").
# Punctuation goes in character classes, written as escapes: two copies of one character
# as alternatives ("!|!") make "!!!…x" backtrack exponentially.
_CHOICE_FILLER = re.compile(
    r"^(?:请|帮我|把)*(?:设置|设定|设为|设|切换|换|改|选择|选|转|更改|修改)?(?:我的)?(?:所在)?"
    r"(?:地区|地域|区域|省份|所在地|region)?(?:设置|设为|改为|改成|切换|换成|选)?"
    r"[到成为是:\uff1a=]?\s*|(?:的|地区|这边|吧|了|[。!\uff01])+$",
    re.IGNORECASE,
)
# A region choice is a short message; longer text is never one, and the trailing-filler
# search above is quadratic in a long run of fillers, so it never sees more than this.
MAX_CHOICE_CHARS = 40


def parse_region_choice(text: str) -> Jurisdiction | None:
    """The one region a settings message or button names; None if none, several or extra words.

    Accepts stable codes ("neimenggu", from buttons), labels ("内蒙古"), aliases
    ("呼和浩特", "第八师") and short frames ("设置地区 内蒙古", "切换到天津", "我在兵团").
    """
    from retrieval.textnorm import normalise_query  # lazy: opencc loads on first use

    cleaned = normalise_query(text).strip()
    if len(cleaned) > MAX_CHOICE_CHARS:
        return None
    try:
        return Jurisdiction(cleaned.lower())
    except ValueError:
        pass
    cleaned = re.sub(r"^(?:我|我们|本人)(?:现在|目前)?(?:在|是|属于|来自)", "", cleaned)
    cleaned = _CHOICE_FILLER.sub("", cleaned).strip()
    mentions = find_region_mentions(cleaned)
    regions = {m.region for m in mentions}
    if len(regions) != 1:
        return None
    rest = cleaned
    for m in reversed(mentions):
        rest = rest[: m.start] + rest[m.end :]
    if re.sub(r"[\s,,、的和及]+", "", rest):
        return None
    return regions.pop()


def resolve_scope(
    mentioned: list[Jurisdiction] | tuple[Jurisdiction, ...],
    stored: Jurisdiction | None,
    comparison: bool = False,
) -> RegionScope:
    """The regions to use: the question's own beat the stored one; none at all → every region.

    National texts are not added here; the searcher treats them as background for every
    region. With no region from either source, all five are returned with `per_region`
    so a question whose answer differs by region gets one answer per region.
    """
    if mentioned:
        regions = tuple(dict.fromkeys(mentioned))
        return RegionScope(regions, per_region=comparison or len(regions) > 1, source="question")
    if stored is not None and not comparison:
        return RegionScope((stored,), per_region=False, source="stored")
    return RegionScope(tuple(Jurisdiction), per_region=True, source="none")

